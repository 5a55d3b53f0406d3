//! The emission contract in the sandbox, over the real token, staking, registry and weights.

use drink::AccountId32;
use economics::accrual::owner_cut;
use inktensor::artifacts::bundle_path;
use inktensor::chain::{ink_account, Backend, Chain};
use inktensor::suite::{EmissionConfig, Suite};
use interfaces::admin::AdminError;
use interfaces::emission::{EmissionError, EpochProgress, SharesRule};
use interfaces::registry::{NeuronResult, RegistryError};
use interfaces::Hash;
use interfaces::{Balance, NetUid, Uid, RAO_PER_TAO};

const TAO: Balance = RAO_PER_TAO;
/// One TAO per block before the first halving.
const BLOCK_EMISSION: Balance = RAO_PER_TAO;

/// A subnet to build: its tempo and how many validators and miners register.
#[derive(Clone, Copy)]
pub(crate) struct Spec {
    pub(crate) tempo: u16,
    pub(crate) validators: usize,
    pub(crate) miners: usize,
}

/// A subnet as built: uid 0 is the owner's hotkey, then validators, then miners.
pub(crate) struct Subnet {
    pub(crate) netuid: NetUid,
    pub(crate) owner: AccountId32,
    pub(crate) validators: Vec<AccountId32>,
    pub(crate) miners: Vec<AccountId32>,
}

impl Subnet {
    pub(crate) fn validator_uid(&self, i: usize) -> Uid {
        Uid::try_from(1 + i).unwrap()
    }

    pub(crate) fn miner_uids(&self) -> Vec<Uid> {
        (0..self.miners.len())
            .map(|i| Uid::try_from(1 + self.validators.len() + i).unwrap())
            .collect()
    }
}

pub(crate) struct World {
    pub(crate) chain: Chain,
    pub(crate) suite: Suite,
    pub(crate) admin: AccountId32,
    pub(crate) keeper: AccountId32,
    /// Registers every hotkey and stakes to the validators.
    pub(crate) coldkey: AccountId32,
    pub(crate) subnets: Vec<Subnet>,
}

impl World {
    /// Builds the subnets, stakes validator i with (i + 1) × 1,000 TAO, gives emission its
    /// roles and splits the block emission evenly between the subnets.
    pub(crate) fn new(specs: &[Spec]) -> World {
        let mut chain = Chain::new();
        let [admin, faucet, keeper, coldkey] =
            ["admin", "faucet", "keeper", "coldkey"].map(|n| chain.account(n));
        let suite = Suite::deploy(&mut chain, &admin, Some(&faucet)).expect("suite deploys");
        let registry = suite.registry();
        suite.lift_network_rate_limit(&mut chain).unwrap();
        let mut subnets = Vec::new();
        for (k, spec) in specs.iter().enumerate() {
            let owner = chain.account(&format!("owner-{k}"));
            let owner_hotkey = chain.account(&format!("owner-hk-{k}"));
            for who in [&owner, &coldkey] {
                suite
                    .fund(&mut chain, &faucet, who, 1_000_000 * TAO)
                    .unwrap();
            }
            let netuid = registry
                .create_subnet(&mut chain, &owner, &owner_hotkey)
                .unwrap()
                .unwrap();
            for change in [
                format!("Tempo({})", spec.tempo),
                "BurnBounds(1, 1)".to_string(),
                "WeightsRateLimit(0)".to_string(),
                "ImmunityPeriod(0)".to_string(),
            ] {
                registry
                    .set_hyperparameter(&mut chain, &admin, netuid, &change)
                    .unwrap()
                    .unwrap();
            }
            let hotkeys = |role: &str, count: usize, chain: &mut Chain| -> Vec<AccountId32> {
                (0..count)
                    .map(|i| chain.account(&format!("{role}-{k}-{i}")))
                    .collect()
            };
            let validators = hotkeys("validator", spec.validators, &mut chain);
            let miners = hotkeys("miner", spec.miners, &mut chain);
            for hotkey in validators.iter().chain(&miners) {
                registry
                    .register(&mut chain, &coldkey, netuid, hotkey, Balance::MAX)
                    .unwrap()
                    .unwrap();
            }
            for (i, validator) in validators.iter().enumerate() {
                let stake = (i as Balance + 1) * 1_000 * TAO;
                suite
                    .staking()
                    .add_stake(&mut chain, &coldkey, validator, stake)
                    .unwrap()
                    .unwrap();
            }
            subnets.push(Subnet {
                netuid,
                owner,
                validators,
                miners,
            });
        }
        // Epochs read stake as of the block before they start: the stakes above are in the
        // past from here on.
        chain.advance_blocks(1);
        suite.wire_emission(&mut chain).unwrap();
        let parts: Vec<(NetUid, u16)> = subnets.iter().map(|s| (s.netuid, 1)).collect();
        suite
            .emission()
            .set_fixed_shares(&mut chain, &admin, &parts)
            .unwrap()
            .unwrap();
        World {
            chain,
            suite,
            admin,
            keeper,
            coldkey,
            subnets,
        }
    }

    pub(crate) fn netuid(&self, k: usize) -> NetUid {
        self.subnets[k].netuid
    }

    /// Caps subnet k at `uids` neurons, every one prunable: the next registration replaces
    /// the lowest-emission neuron.
    pub(crate) fn fill_at(&mut self, k: usize, uids: u16) {
        let (admin, netuid) = (self.admin.clone(), self.netuid(k));
        for change in [
            format!("MaxAllowedValidators({uids})"),
            format!("MaxAllowedUids({uids})"),
            "MinNonImmuneUids(0)".to_string(),
        ] {
            self.suite
                .registry()
                .set_hyperparameter(&mut self.chain, &admin, netuid, &change)
                .unwrap()
                .unwrap();
        }
    }

    /// Blocks until subnet k's next epoch is due.
    pub(crate) fn advance_to_due(&mut self, k: usize) {
        let netuid = self.netuid(k);
        for _ in 0..10_000 {
            if self
                .suite
                .registry()
                .epoch_due(&mut self.chain, netuid)
                .unwrap()
            {
                return;
            }
            self.chain.advance_blocks(1);
        }
        panic!("subnet {netuid} never became due");
    }

    /// Cranks subnet k's epoch to the end as a keeper with `max_rows` per call.
    pub(crate) fn crank(&mut self, k: usize, max_rows: u16) -> (Balance, Balance, u32) {
        let netuid = self.netuid(k);
        let keeper = self.keeper.clone();
        let (progress, calls) = self
            .suite
            .epoch()
            .run_epoch(&mut self.chain, &keeper, netuid, max_rows)
            .unwrap()
            .unwrap();
        match progress {
            EpochProgress::Finished { paid, carried, .. } => (paid, carried, calls),
            EpochProgress::Running { .. } => unreachable!("run_epoch stops when finished"),
        }
    }

    /// Every validator of subnet k weights miner j by `quality[j]`.
    pub(crate) fn set_weights(&mut self, k: usize, quality: &[u16]) {
        let subnet = &self.subnets[k];
        let (netuid, miners) = (subnet.netuid, subnet.miner_uids());
        for validator in subnet.validators.clone() {
            self.suite
                .weights()
                .set_weights(&mut self.chain, &validator, netuid, &miners, quality, 0)
                .unwrap()
                .unwrap();
        }
    }

    pub(crate) fn results(&mut self, k: usize) -> Vec<NeuronResult> {
        let netuid = self.netuid(k);
        self.suite
            .registry()
            .results(&mut self.chain, netuid, 0, 256)
            .unwrap()
    }

    pub(crate) fn stake(&mut self, hotkey: &AccountId32) -> Balance {
        self.suite
            .staking()
            .total_stake_of(&mut self.chain, hotkey)
            .unwrap()
    }

    pub(crate) fn balance(&mut self, who: &AccountId32) -> Balance {
        self.suite.token().balance_of(&mut self.chain, who).unwrap()
    }

    /// The first epoch runs without weights (nobody holds a permit yet); it grants permits.
    pub(crate) fn first_epochs(&mut self) {
        for k in 0..self.subnets.len() {
            self.advance_to_due(k);
            self.crank(k, 64);
        }
    }
}

pub(crate) fn one_subnet() -> Spec {
    Spec {
        tempo: 10,
        validators: 3,
        miners: 4,
    }
}

#[test]
fn the_first_epoch_pays_by_stake_and_the_owner_its_cut() {
    let mut world = World::new(&[one_subnet()]);
    let netuid = world.netuid(0);
    let owner = world.subnets[0].owner.clone();
    let validators = world.subnets[0].validators.clone();
    let owner_before = world.balance(&owner);
    let stakes_before: Vec<Balance> = validators.iter().map(|v| world.stake(v)).collect();
    world.advance_to_due(0);
    let pending = world
        .suite
        .emission()
        .pending_emission(&mut world.chain, netuid)
        .unwrap();
    assert!(pending > 0);
    let (paid, carried, calls) = world.crank(0, 64);
    assert_eq!(calls, 1, "a small subnet finishes in one call");

    // The owner's coldkey got 18% of what the subnet had pending, as TAO.
    let (cut, rest) = owner_cut(pending as u64, 11_796);
    assert_eq!(world.balance(&owner) - owner_before, Balance::from(cut));
    assert_eq!(paid + carried, Balance::from(rest));
    assert!(carried < 100, "only rounding dust is carried: {carried}");

    // Nobody has set weights: the emission falls back to stake, so the validators earn in
    // proportion to their stake (1 : 2 : 3) and the miners nothing.
    let gains: Vec<Balance> = validators
        .iter()
        .zip(&stakes_before)
        .map(|(v, before)| world.stake(v) - before)
        .collect();
    assert!(gains.iter().all(|g| *g > 0));
    assert!(gains[0] < gains[1] && gains[1] < gains[2]);
    assert!(gains[2].abs_diff(3 * gains[0]) <= 10, "{gains:?}");
    let miners = world.subnets[0].miners.clone();
    for miner in &miners {
        assert_eq!(world.stake(miner), 0);
    }
    // The results are recorded, with validator permits for the next epoch.
    let results = world.results(0);
    assert_eq!(results.len(), 8);
    assert!(
        results[..4].iter().all(|r| r.validator_permit),
        "{results:?}"
    );
    let recorded: Balance = results.iter().map(|r| r.emission).sum();
    assert_eq!(recorded, paid);
}

#[test]
fn miners_earn_by_the_validators_weights() {
    let mut world = World::new(&[one_subnet()]);
    world.first_epochs();
    world.set_weights(0, &[1_000, 2_000, 3_000, 4_000]);
    world.advance_to_due(0);
    let miners = world.subnets[0].miners.clone();
    let before: Vec<Balance> = miners.iter().map(|m| world.stake(m)).collect();
    let (paid, _, _) = world.crank(0, 64);
    let earned: Vec<Balance> = miners
        .iter()
        .zip(&before)
        .map(|(m, b)| world.stake(m) - b)
        .collect();
    assert!(earned.windows(2).all(|w| w[0] < w[1]), "{earned:?}");
    // Half the epoch's emission goes to miners (incentive), half to validators (dividends).
    let to_miners: Balance = earned.iter().sum();
    assert!(to_miners.abs_diff(paid / 2) <= 10, "{to_miners} of {paid}");
    let results = world.results(0);
    let uids = world.subnets[0].miner_uids();
    assert!(uids.iter().all(|uid| results[*uid as usize].incentive > 0));
    // Every validator agreed: each has the full validator trust.
    for i in 0..3 {
        let uid = world.subnets[0].validator_uid(i);
        assert!(results[uid as usize].validator_trust > 65_000);
    }
}

#[test]
fn two_subnets_with_their_own_tempos_and_every_rao_accounted_for() {
    let specs = [
        Spec {
            tempo: 6,
            validators: 2,
            miners: 3,
        },
        Spec {
            tempo: 15,
            validators: 2,
            miners: 3,
        },
    ];
    let mut world = World::new(&specs);
    let emission = world.suite.emission();
    let staking = world.suite.staking.clone();
    let owners: Vec<AccountId32> = world.subnets.iter().map(|s| s.owner.clone()).collect();
    let start = world.chain.block_number();
    let issuance_start = emission.issuance(&mut world.chain).unwrap();
    let supply_start = world.suite.token().total_supply(&mut world.chain).unwrap();
    let staking_start = world.balance(&staking);
    let owners_start: Balance = owners.iter().map(|o| world.balance(o)).sum();
    let mut epochs = [0u32; 2];
    for _ in 0..60 {
        world.chain.advance_blocks(1);
        for (k, count) in epochs.iter_mut().enumerate() {
            let netuid = world.netuid(k);
            if world
                .suite
                .registry()
                .epoch_due(&mut world.chain, netuid)
                .unwrap()
            {
                world.crank(k, 64);
                *count += 1;
            }
        }
    }
    // One epoch per slot of tempo + 1 blocks.
    for (count, spec) in epochs.iter().zip(&specs) {
        let slot = u32::from(spec.tempo) + 1;
        assert!(
            (60 / slot..=60 / slot + 1).contains(count),
            "{count} epochs at tempo {}",
            spec.tempo
        );
    }
    assert_eq!(world.chain.block_number(), start + 60);

    // The schedule released exactly 60 blocks of 1 TAO, and nothing else was created.
    let issued = emission.issuance(&mut world.chain).unwrap() - issuance_start;
    assert_eq!(issued, 60 * BLOCK_EMISSION);
    let minted = emission.minted(&mut world.chain).unwrap();
    let supply = world.suite.token().total_supply(&mut world.chain).unwrap() - supply_start;
    assert_eq!(
        supply, minted,
        "the token's supply grew by what emission minted"
    );
    // Every minted rao landed with the owners (their cut) or in staking (rewards as stake).
    let to_owners: Balance =
        owners.iter().map(|o| world.balance(o)).sum::<Balance>() - owners_start;
    let to_staking = world.balance(&staking) - staking_start;
    assert_eq!(to_owners + to_staking, minted);
    assert!(to_owners > 0 && to_staking > 0);
    // What was released and not minted is still pending in the subnets, to the rao.
    let pending: Balance = (0..2)
        .map(|k| {
            let netuid = world.netuid(k);
            emission.pending_emission(&mut world.chain, netuid).unwrap()
        })
        .sum();
    assert_eq!(minted + pending, issued);
}

/// A world one epoch in, with weights set: what the next epoch computes from.
fn weighted_world(spec: Spec, config: Option<EmissionConfig>) -> World {
    let mut world = World::new(&[spec]);
    if let Some(config) = config {
        let admin = world.admin.clone();
        world
            .suite
            .emission()
            .set_config(&mut world.chain, &admin, &config)
            .unwrap()
            .unwrap();
    }
    world.first_epochs();
    let quality: Vec<u16> = (0..spec.miners as u16).map(|j| 1_000 + 500 * j).collect();
    world.set_weights(0, &quality);
    world.advance_to_due(0);
    world
}

/// What an epoch left behind: results, every hotkey's stake, every validator's bonds.
#[derive(Debug, PartialEq)]
struct Outcome {
    results: Vec<NeuronResult>,
    stakes: Vec<Balance>,
    bonds: Vec<Vec<(Uid, u16)>>,
}

fn outcome(world: &mut World) -> Outcome {
    let subnet = &world.subnets[0];
    let hotkeys: Vec<AccountId32> = subnet
        .validators
        .iter()
        .chain(&subnet.miners)
        .cloned()
        .collect();
    let netuid = subnet.netuid;
    let validator_uids: Vec<Uid> = (0..subnet.validators.len())
        .map(|i| subnet.validator_uid(i))
        .collect();
    let stakes = hotkeys.iter().map(|h| world.stake(h)).collect();
    let bonds = validator_uids
        .iter()
        .map(|uid| {
            world
                .suite
                .epoch()
                .bonds(&mut world.chain, netuid, *uid)
                .unwrap()
        })
        .collect();
    Outcome {
        results: world.results(0),
        stakes,
        bonds,
    }
}

#[test]
fn an_epoch_split_across_many_calls_pays_what_one_call_pays() {
    let spec = Spec {
        tempo: 20,
        validators: 5,
        miners: 14,
    };
    let mut whole = weighted_world(spec, None);
    let (_, _, calls) = whole.crank(0, 64);
    assert_eq!(calls, 1);
    // One row per call, 64-cell consensus windows (a few columns each), pages of 3 neurons.
    let small = EmissionConfig {
        consensus_cells: 64,
        neuron_page: 3,
        ..EmissionConfig::default()
    };
    let mut split = weighted_world(spec, Some(small));
    let (_, _, calls) = split.crank(0, 1);
    assert!(calls > 15, "{calls} calls");
    let expected = outcome(&mut whole);
    assert!(expected.bonds.iter().all(|bonds| !bonds.is_empty()));
    assert_eq!(outcome(&mut split), expected);
}

#[test]
fn weights_set_while_an_epoch_runs_count_for_the_next_one() {
    let spec = Spec {
        tempo: 20,
        validators: 2,
        miners: 3,
    };
    let mut reference = weighted_world(spec, None);
    reference.crank(0, 64);
    let expected = outcome(&mut reference);

    let mut world = weighted_world(spec, None);
    let netuid = world.netuid(0);
    let keeper = world.keeper.clone();
    let progress = world
        .suite
        .epoch()
        .epoch_step(&mut world.chain, &keeper, netuid, 1)
        .unwrap()
        .unwrap();
    assert!(matches!(progress, EpochProgress::Running { .. }));
    assert!(world
        .suite
        .epoch()
        .running_epoch(&mut world.chain, netuid)
        .unwrap()
        .is_some());
    // Mid-epoch, the validators turn to the worst miner only.
    world.chain.advance_blocks(1);
    let miners = world.subnets[0].miner_uids();
    for validator in world.subnets[0].validators.clone() {
        world
            .suite
            .weights()
            .set_weights(&mut world.chain, &validator, netuid, &miners[..1], &[1], 0)
            .unwrap()
            .unwrap();
    }
    world.crank(0, 1);
    assert_eq!(
        outcome(&mut world).results,
        expected.results,
        "the running epoch kept its inputs"
    );
    // The next epoch reads the new weights: only the first miner earns incentive.
    world.advance_to_due(0);
    world.crank(0, 64);
    let results = world.results(0);
    assert!(results[miners[0] as usize].incentive > 65_000);
    assert!(miners[1..]
        .iter()
        .all(|uid| results[*uid as usize].incentive == 0));
}

/// A small subnet's epoch runs in one call, every pass on the rows that call read: its ranks
/// pass still reads the bonds the previous epoch stored, and what it stores is stamped with
/// its holders, so that the next epoch reads it in turn. With the same weights every epoch,
/// Yuma 3's bonds then grow towards them epoch after epoch.
#[test]
fn a_one_call_epoch_reads_and_leaves_bonds_for_the_next() {
    let spec = Spec {
        tempo: 10,
        validators: 2,
        miners: 3,
    };
    let mut world = weighted_world(spec, None);
    let netuid = world.netuid(0);
    let validator_uid = world.subnets[0].validator_uid(0);
    let miner_uids = world.subnets[0].miner_uids();
    let bond = |bonds: &[(Uid, u16)], uid: Uid| {
        bonds.iter().find(|(j, _)| *j == uid).map_or(0, |(_, b)| *b)
    };
    let mut previous: Option<Vec<(Uid, u16)>> = None;
    for epoch in 0..3 {
        let (_, _, calls) = world.crank(0, 64);
        assert_eq!(calls, 1, "epoch {epoch} runs in one call");
        let bonds = world
            .suite
            .epoch()
            .bonds(&mut world.chain, netuid, validator_uid)
            .unwrap();
        if let Some(previous) = &previous {
            for uid in &miner_uids {
                assert!(
                    bond(&bonds, *uid) > bond(previous, *uid),
                    "epoch {epoch}: the bond to uid {uid} grows from the last epoch's"
                );
            }
        }
        previous = Some(bonds);
        world.advance_to_due(0);
    }
}

#[test]
fn a_replaced_miner_takes_none_of_its_predecessors_bonds() {
    let spec = Spec {
        tempo: 10,
        validators: 2,
        miners: 3,
    };
    let mut world = weighted_world(spec, None);
    world.crank(0, 64);
    let netuid = world.netuid(0);
    let validator_uid = world.subnets[0].validator_uid(0);
    let miner_uids = world.subnets[0].miner_uids();
    let before = world
        .suite
        .epoch()
        .bonds(&mut world.chain, netuid, validator_uid)
        .unwrap();
    assert!(miner_uids
        .iter()
        .all(|uid| before.iter().any(|(j, b)| j == uid && *b > 0)));

    // The subnet is full (6 uids): a new registration replaces the lowest-emission neuron,
    // the least weighted miner.
    world.fill_at(0, 6);
    let newcomer = world.chain.account("newcomer");
    let coldkey = world.coldkey.clone();
    world
        .suite
        .registry()
        .register(&mut world.chain, &coldkey, netuid, &newcomer, Balance::MAX)
        .unwrap()
        .unwrap();
    let replaced = miner_uids[0];
    assert_eq!(
        world
            .suite
            .registry()
            .uid_of(&mut world.chain, netuid, &newcomer)
            .unwrap(),
        Some(replaced)
    );
    world.advance_to_due(0);
    world.crank(0, 64);
    let after = world
        .suite
        .epoch()
        .bonds(&mut world.chain, netuid, validator_uid)
        .unwrap();
    let bond = |bonds: &[(Uid, u16)], uid: Uid| {
        bonds.iter().find(|(j, _)| *j == uid).map_or(0, |(_, b)| *b)
    };
    // The validators' weights on the old miner predate the newcomer: masked, and the bonds to
    // the uid were dropped with its registration.
    assert_eq!(bond(&after, replaced), 0);
    for uid in &miner_uids[1..] {
        assert!(
            bond(&after, *uid) >= bond(&before, *uid),
            "bonds to uid {uid} keep growing"
        );
    }
}

#[test]
fn refusals_leave_everything_as_it_was() {
    let mut world = World::new(&[one_subnet()]);
    let netuid = world.netuid(0);
    let keeper = world.keeper.clone();
    let admin = world.admin.clone();
    let emission = world.suite.emission();
    // Not due yet (the subnet was created in this block's slot).
    assert_eq!(
        world
            .suite
            .epoch()
            .epoch_step(&mut world.chain, &keeper, netuid, 64)
            .unwrap(),
        Err(EmissionError::EpochNotDue)
    );
    world.advance_to_due(0);
    assert_eq!(
        world
            .suite
            .epoch()
            .epoch_step(&mut world.chain, &keeper, netuid, 0)
            .unwrap(),
        Err(EmissionError::ZeroRows)
    );
    assert_eq!(
        world
            .suite
            .epoch()
            .epoch_step(&mut world.chain, &keeper, 99, 64)
            .unwrap(),
        Err(EmissionError::UnknownSubnet)
    );
    // Only emission may start an epoch on the registry, or mint.
    assert_eq!(
        world
            .suite
            .registry()
            .begin_epoch(&mut world.chain, &keeper, netuid)
            .unwrap(),
        Err(RegistryError::Unauthorized)
    );
    assert!(world
        .suite
        .token()
        .mint(&mut world.chain, &keeper, &keeper, 1)
        .unwrap()
        .is_err());
    // Shares and config are the admin's, and checked.
    assert_eq!(
        emission
            .set_fixed_shares(&mut world.chain, &keeper, &[(netuid, 1)])
            .unwrap(),
        Err(EmissionError::NotAdmin)
    );
    for bad in [vec![(netuid, 1), (netuid, 2)], vec![(77, 1)]] {
        assert_eq!(
            emission
                .set_fixed_shares(&mut world.chain, &admin, &bad)
                .unwrap(),
            Err(EmissionError::InvalidShares)
        );
    }
    let bad_config = EmissionConfig {
        neuron_page: 0,
        ..EmissionConfig::default()
    };
    assert_eq!(
        emission
            .set_config(&mut world.chain, &admin, &bad_config)
            .unwrap(),
        Err(EmissionError::ConfigOutOfRange)
    );
    assert_eq!(
        emission
            .set_config(&mut world.chain, &keeper, &EmissionConfig::default())
            .unwrap(),
        Err(EmissionError::NotAdmin)
    );
    assert_eq!(
        emission.config(&mut world.chain).unwrap(),
        EmissionConfig::default()
    );
    // The due epoch is still there to run, once.
    world.crank(0, 64);
    assert_eq!(
        world
            .suite
            .epoch()
            .epoch_step(&mut world.chain, &keeper, netuid, 64)
            .unwrap(),
        Err(EmissionError::EpochNotDue)
    );
}

#[test]
fn the_root_network_sets_the_shares() {
    let specs = [one_subnet(), one_subnet()];
    let mut world = World::new(&specs);
    let (admin, coldkey, keeper) = (
        world.admin.clone(),
        world.coldkey.clone(),
        world.keeper.clone(),
    );
    let emission = world.suite.emission();
    let (first, second) = (world.netuid(0), world.netuid(1));
    // Validators of subnet 0 (stakes 1,000–3,000 TAO) join the root network.
    let members = world.subnets[0].validators.clone();
    for hotkey in &members {
        emission
            .root_register(&mut world.chain, &coldkey, hotkey)
            .unwrap()
            .unwrap();
    }
    assert_eq!(
        emission
            .root_register(&mut world.chain, &keeper, &members[0])
            .unwrap(),
        Err(EmissionError::NotHotkeyOwner)
    );
    assert_eq!(
        emission
            .update_root_shares(&mut world.chain, &keeper)
            .unwrap(),
        Err(EmissionError::WrongSharesRule)
    );
    emission
        .use_root_shares(&mut world.chain, &admin)
        .unwrap()
        .unwrap();
    assert_eq!(
        emission.shares_rule(&mut world.chain).unwrap(),
        SharesRule::Root
    );
    // All root stake weights the first subnet; the largest member also weights the second.
    for (i, hotkey) in members.iter().enumerate() {
        let weights: Vec<(NetUid, u16)> = if i == 2 {
            vec![(first, 1), (second, 1)]
        } else {
            vec![(first, 1)]
        };
        emission
            .set_root_weights(&mut world.chain, &coldkey, hotkey, &weights)
            .unwrap()
            .unwrap();
    }
    assert_eq!(
        emission
            .set_root_weights(&mut world.chain, &coldkey, &members[0], &[(99, 1)])
            .unwrap(),
        Err(EmissionError::InvalidRootWeights)
    );
    emission
        .update_root_shares(&mut world.chain, &keeper)
        .unwrap()
        .unwrap();
    assert_eq!(
        emission
            .update_root_shares(&mut world.chain, &keeper)
            .unwrap(),
        Err(EmissionError::RootRateLimited)
    );
    let shares = emission.subnet_emissions(&mut world.chain).unwrap();
    let share = |netuid| {
        shares
            .iter()
            .find(|s| s.netuid == netuid)
            .map_or(0, |s| s.share_ppb)
    };
    // Everyone agrees on the first subnet (trust 1: the sigmoid is near 1); half the stake
    // weights the second (trust 0.5 = kappa: the sigmoid halves its rank).
    assert!(share(first) > 4 * share(second), "{shares:?}");
    assert!(share(second) > 0);
    assert!((share(first) + share(second)).abs_diff(1_000_000_000) < 10);
    world.chain.advance_blocks(10);
    let pending = emission.pending_emission(&mut world.chain, first).unwrap();
    let per_block = shares.iter().find(|s| s.netuid == first).unwrap().per_block;
    assert_eq!(pending, 10 * per_block);
}

#[test]
fn root_network_refusals_change_nothing() {
    let mut world = World::new(&[one_subnet()]);
    let (admin, coldkey, keeper) = (
        world.admin.clone(),
        world.coldkey.clone(),
        world.keeper.clone(),
    );
    let emission = world.suite.emission();
    let validators = world.subnets[0].validators.clone();
    let miner = world.subnets[0].miners[0].clone();
    let one_seat = EmissionConfig {
        root_validators: 1,
        ..EmissionConfig::default()
    };
    emission
        .set_config(&mut world.chain, &admin, &one_seat)
        .unwrap()
        .unwrap();
    let members = |world: &mut World| emission.root_members(&mut world.chain).unwrap();

    // A hotkey with no stake cannot join.
    assert_eq!(
        emission
            .root_register(&mut world.chain, &coldkey, &miner)
            .unwrap(),
        Err(EmissionError::RootStakeTooLow)
    );
    assert!(members(&mut world).is_empty());
    // Validator 1 (2,000 TAO) takes the one seat; joining twice is refused.
    emission
        .root_register(&mut world.chain, &coldkey, &validators[1])
        .unwrap()
        .unwrap();
    let seated = vec![ink_account(&validators[1])];
    assert_eq!(
        emission
            .root_register(&mut world.chain, &coldkey, &validators[1])
            .unwrap(),
        Err(EmissionError::AlreadyRootValidator)
    );
    // A smaller stake (1,000 TAO) finds the network full.
    assert_eq!(
        emission
            .root_register(&mut world.chain, &coldkey, &validators[0])
            .unwrap(),
        Err(EmissionError::RootFull)
    );
    assert_eq!(members(&mut world), seated);
    // Only members set root weights; only the admin changes the rule.
    assert_eq!(
        emission
            .set_root_weights(&mut world.chain, &coldkey, &validators[0], &[(1, 1)])
            .unwrap(),
        Err(EmissionError::NotRootValidator)
    );
    assert!(emission
        .root_weights(&mut world.chain, &validators[0])
        .unwrap()
        .is_empty());
    assert_eq!(
        emission.use_root_shares(&mut world.chain, &keeper).unwrap(),
        Err(EmissionError::NotAdmin)
    );
    assert_eq!(
        emission.shares_rule(&mut world.chain).unwrap(),
        SharesRule::Fixed
    );
    // A larger stake (3,000 TAO) takes the smallest member's seat.
    emission
        .root_register(&mut world.chain, &coldkey, &validators[2])
        .unwrap()
        .unwrap();
    assert_eq!(members(&mut world), vec![ink_account(&validators[2])]);
}

/// What the schedule released beyond what was minted, burned, pending or held by a running
/// epoch: a constant.
pub(crate) fn unaccounted_issuance(world: &mut World) -> Balance {
    let emission = world.suite.emission();
    let issuance = emission.issuance(&mut world.chain).unwrap();
    let minted = emission.minted(&mut world.chain).unwrap();
    let burned = emission.burned(&mut world.chain).unwrap();
    let pending: Balance = (0..world.subnets.len())
        .map(|k| {
            let netuid = world.netuid(k);
            emission.pending_emission(&mut world.chain, netuid).unwrap()
                + emission.held_by_epoch(&mut world.chain, netuid).unwrap()
        })
        .sum();
    issuance - minted - burned - pending
}

/// An account given `amount` TAO by the world's coldkey, staking and registry approved.
pub(crate) fn attacker(world: &mut World, name: &str, amount: Balance) -> AccountId32 {
    let attacker = world.chain.account(name);
    let coldkey = world.coldkey.clone();
    let token = world.suite.token();
    token
        .transfer(&mut world.chain, &coldkey, &attacker, amount)
        .unwrap()
        .unwrap();
    for spender in [world.suite.staking.clone(), world.suite.registry.clone()] {
        token
            .approve(&mut world.chain, &attacker, &spender, Balance::MAX / 4)
            .unwrap()
            .unwrap();
    }
    attacker
}

pub(crate) fn add_stake(
    world: &mut World,
    who: &AccountId32,
    hotkey: &AccountId32,
    amount: Balance,
) {
    world
        .suite
        .staking()
        .add_stake(&mut world.chain, who, hotkey, amount)
        .unwrap()
        .unwrap();
}

pub(crate) fn remove_stake(
    world: &mut World,
    who: &AccountId32,
    hotkey: &AccountId32,
    amount: Balance,
) {
    world
        .suite
        .staking()
        .remove_stake(&mut world.chain, who, hotkey, amount)
        .unwrap()
        .unwrap();
}

pub(crate) fn step(world: &mut World, k: usize, max_rows: u16) -> EpochProgress {
    let (netuid, keeper) = (world.netuid(k), world.keeper.clone());
    world
        .suite
        .epoch()
        .epoch_step(&mut world.chain, &keeper, netuid, max_rows)
        .unwrap()
        .unwrap()
}

/// What an honest validator's pool (validator 1, untouched by the attacker) gained in the
/// subnet's first epoch, and the results every uid was recorded with.
fn first_epoch_with(attack: impl FnOnce(&mut World), pages: bool) -> (Balance, Vec<NeuronResult>) {
    let mut world = World::new(&[one_subnet()]);
    if pages {
        let admin = world.admin.clone();
        // Payout pages of one neuron, so gather pages of two: validator 0 (uid 1) is in the
        // first, validator 2 (uid 3) in the second.
        let two_per_page = EmissionConfig {
            neuron_page: 1,
            ..EmissionConfig::default()
        };
        world
            .suite
            .emission()
            .set_config(&mut world.chain, &admin, &two_per_page)
            .unwrap()
            .unwrap();
    }
    let attacker = attacker(&mut world, "attacker", 20_000 * TAO);
    let validators = world.subnets[0].validators.clone();
    add_stake(&mut world, &attacker, &validators[0], 10_000 * TAO);
    world.chain.advance_blocks(1);
    world.advance_to_due(0);
    let honest_before = world.stake(&validators[1]);
    attack(&mut world);
    world.crank(0, 64);
    let honest_gain = world.stake(&validators[1]) - honest_before;
    (honest_gain, world.results(0))
}

/// The honest validator earned, and every uid was recorded, as without the attack.
fn assert_attack_changes_nothing(
    honest: (Balance, Vec<NeuronResult>),
    attacked: (Balance, Vec<NeuronResult>),
) {
    eprintln!(
        "honest validator's gain: {} without the attack, {} with it",
        honest.0, attacked.0
    );
    assert!(honest.0 > 0);
    assert_eq!(attacked, honest);
}

/// Attack: the keeper gathers the page holding validator 0 (uids 0 and 1), then the attacker
/// moves its 10,000 TAO from validator 0 to validator 2 (uid 3, on the next page) before that
/// page is read, so that the same stake counts on both pages. Before, the epoch counted it
/// twice: the honest validator 1 earned 378,463,650 rao of the first epoch's dividends instead
/// of 615,003,433 (stake fallback: dividends by counted stake). Now every page reads
/// stake as of the block before the start: the move changes nothing.
#[test]
fn attack_stake_moved_between_gather_pages_counts_once() {
    let honest = first_epoch_with(|_| {}, true);
    let attacked = first_epoch_with(
        |world| {
            assert!(matches!(step(world, 0, 64), EpochProgress::Running { .. }));
            let attacker = world.chain.account("attacker");
            let validators = world.subnets[0].validators.clone();
            remove_stake(world, &attacker, &validators[0], 10_000 * TAO);
            add_stake(world, &attacker, &validators[2], 10_000 * TAO);
        },
        true,
    );
    assert_attack_changes_nothing(honest, attacked);
}

/// Attack: a flash stake in the block the epoch starts — stake 10,000 TAO more on validator 2,
/// let the keeper run the whole epoch in that block, unstake. Before, the flash stake counted
/// in full (validator 1 earned 378,463,650 rao instead of 615,003,433). Now the epoch reads
/// stake as of the previous block: the results and the honest validator's dividend are as
/// without it.
#[test]
fn attack_flash_stake_in_the_start_block_counts_for_nothing() {
    let honest = first_epoch_with(|_| {}, false);
    let attacked = first_epoch_with(
        |world| {
            let attacker = world.chain.account("attacker");
            let validators = world.subnets[0].validators.clone();
            add_stake(world, &attacker, &validators[2], 10_000 * TAO);
        },
        false,
    );
    assert_attack_changes_nothing(honest, attacked);
}

/// Attack: a neuron replaced while the epoch runs. The epoch gathers miner uid 4 (which the
/// validators weight), then a registration on the full subnet prunes uid 4 and a newcomer
/// takes it; the epoch then records its results. Before, the newcomer inherited the pruned
/// miner's results (incentive 65,535 and an emission of 4,510,025,178 rao, which also shields
/// it from the next pruning). Now results count only for the registration they were computed
/// for; the pruned miner's hotkey is still paid what it earned.
#[test]
fn attack_a_uid_replaced_mid_epoch_inherits_nothing() {
    let spec = Spec {
        tempo: 10,
        validators: 3,
        miners: 4,
    };
    let mut world = World::new(&[spec]);
    let netuid = world.netuid(0);
    world.fill_at(0, 8);
    world.first_epochs();
    // Every validator weights only the first miner (uid 4), the one pruned next.
    world.set_weights(0, &[u16::MAX, 0, 0, 0]);
    world.advance_to_due(0);
    let pruned = world.subnets[0].miners[0].clone();
    let pruned_before = world.stake(&pruned);
    // One row per call: the epoch is still running after its first call.
    assert!(matches!(
        step(&mut world, 0, 1),
        EpochProgress::Running { .. }
    ));
    let newcomer_coldkey = attacker(&mut world, "newcomer", 1_000 * TAO);
    let newcomer = world.chain.account("newcomer-hotkey");
    world
        .suite
        .registry()
        .register(
            &mut world.chain,
            &newcomer_coldkey,
            netuid,
            &newcomer,
            Balance::MAX,
        )
        .unwrap()
        .unwrap();
    let neurons = world
        .suite
        .registry()
        .neurons(&mut world.chain, netuid, 4, 1)
        .unwrap();
    assert_eq!(
        neurons[0].hotkey,
        ink_account(&newcomer),
        "uid 4 was replaced"
    );
    world.crank(0, 1);
    let result = world.results(0).into_iter().find(|r| r.uid == 4).unwrap();
    eprintln!("uid 4's results after the epoch: {result:?}");
    assert_eq!(result.incentive, 0);
    assert_eq!(result.emission, 0);
    assert!(
        world.stake(&pruned) > pruned_before,
        "the pruned miner is paid"
    );
    assert_eq!(world.stake(&newcomer), 0);
}

/// Attack: the subnet owner's hotkey weights itself (the one self-weight the epoch keeps)
/// with a majority of the stake, to collect the miners' incentive on top of the owner's
/// cut. Before, the owner hotkey's position was credited that incentive (4,510,025,177 rao of
/// the epoch). Now it is burned, as subtensor burns it: never minted, counted by `burned()`.
#[test]
fn attack_the_owner_hotkey_self_weight_earns_no_incentive() {
    let mut world = World::new(&[one_subnet()]);
    let netuid = world.netuid(0);
    let owner = world.subnets[0].owner.clone();
    let owner_hotkey = world.chain.account("owner-hk-0");
    add_stake(&mut world, &owner, &owner_hotkey, 100_000 * TAO);
    world.chain.advance_blocks(1);
    world.first_epochs();
    world
        .suite
        .weights()
        .set_weights(
            &mut world.chain,
            &owner_hotkey,
            netuid,
            &[0],
            &[u16::MAX],
            0,
        )
        .unwrap()
        .unwrap();
    let miners = world.subnets[0].miner_uids();
    for validator in world.subnets[0].validators.clone() {
        world
            .suite
            .weights()
            .set_weights(
                &mut world.chain,
                &validator,
                netuid,
                &miners,
                &[1, 1, 1, 1],
                0,
            )
            .unwrap()
            .unwrap();
    }
    world.advance_to_due(0);
    let base = unaccounted_issuance(&mut world);
    let owner_stake_before = world.stake(&owner_hotkey);
    let burned_before = world.suite.emission().burned(&mut world.chain);
    world.crank(0, 64);
    let results = world.results(0);
    let owner_gain = world.stake(&owner_hotkey) - owner_stake_before;
    eprintln!(
        "owner hotkey: results {:?}, its position gained {owner_gain}",
        results[0]
    );
    assert!(
        results[0].incentive > 0,
        "the owner's self-weight wins incentive"
    );
    let burned = world.suite.emission().burned(&mut world.chain).unwrap() - burned_before.unwrap();
    eprintln!("incentive burned {burned}");
    assert!(burned > 0);
    // The position gains only its validator dividend, never the incentive.
    let emission = results[0].emission;
    assert_eq!(owner_gain + burned, emission);
    // Every rao released is minted, burned or still pending.
    assert_eq!(unaccounted_issuance(&mut world), base);
}

/// The epoch contract runs its rows stage by delegate call into the code its admin chose.
/// Only the admin changes it, and only to uploaded code; code that cannot run the stage (here
/// the token's test upgrade, which has no `EpochRows`) stops the epoch at its rows stage with
/// `RowsCodeFailed`, each such step reverting whole. With the rows code back, the epoch pays
/// exactly what an untouched world's epoch pays.
#[test]
fn the_rows_code_is_the_admins_choice_and_a_broken_one_loses_nothing() {
    let spec = one_subnet();
    let mut untouched = weighted_world(spec, None);
    untouched.crank(0, 64);
    let expected = outcome(&mut untouched);

    let mut world = weighted_world(spec, None);
    let (admin, keeper, netuid) = (world.admin.clone(), world.keeper.clone(), world.netuid(0));
    let epoch = world.suite.epoch();
    let rows_code = epoch.rows_code(&mut world.chain).unwrap();
    let other = world.chain.upload(&bundle_path("tao_token_v2")).unwrap();
    assert_eq!(
        epoch
            .set_rows_code(&mut world.chain, &keeper, &other)
            .unwrap(),
        Err(AdminError::NotAdmin)
    );
    // Code never uploaded cannot be depended on: the call fails and nothing changes.
    let never_uploaded = epoch.set_rows_code(&mut world.chain, &admin, &Hash::from([7; 32]));
    assert!(!matches!(never_uploaded, Ok(Ok(()))), "{never_uploaded:?}");
    assert_eq!(epoch.rows_code(&mut world.chain).unwrap(), rows_code);

    epoch
        .set_rows_code(&mut world.chain, &admin, &other)
        .unwrap()
        .unwrap();
    assert_eq!(epoch.rows_code(&mut world.chain).unwrap(), other);
    let base = unaccounted_issuance(&mut world);
    let pending = world
        .suite
        .emission()
        .pending_emission(&mut world.chain, netuid)
        .unwrap();
    for _ in 0..2 {
        assert_eq!(
            epoch
                .epoch_step(&mut world.chain, &keeper, netuid, 64)
                .unwrap(),
            Err(EmissionError::RowsCodeFailed)
        );
    }
    assert_eq!(epoch.running_epoch(&mut world.chain, netuid).unwrap(), None);
    assert_eq!(
        world
            .suite
            .emission()
            .pending_emission(&mut world.chain, netuid)
            .unwrap(),
        pending
    );
    assert_eq!(unaccounted_issuance(&mut world), base);

    epoch
        .set_rows_code(&mut world.chain, &admin, &rows_code)
        .unwrap()
        .unwrap();
    world.crank(0, 64);
    assert_eq!(outcome(&mut world), expected);
}

/// The rows code is code only: instantiating it is refused, so it never has storage (or a
/// `feed_rows` anyone could call) of its own.
#[test]
fn the_rows_code_cannot_be_instantiated() {
    let mut world = World::new(&[one_subnet()]);
    let deployed = world
        .chain
        .deploy(&bundle_path("epoch_rows"), "new", &[], b"rows".to_vec());
    // The constructor answers `Err(Unauthorized)`, which reverts the instantiation.
    let refused = format!("{deployed:?}");
    assert!(refused.contains("reverted"), "{refused}");
}

/// A way out of a stuck epoch: governance (here the admin) aborts a running epoch. What it
/// had not paid is pending again, nothing is minted twice, and the next epoch runs and
/// reads the bonds of the last finished one.
#[test]
fn governance_aborts_a_running_epoch_and_nothing_is_lost() {
    let spec = one_subnet();
    let mut world = weighted_world(spec, None);
    world.crank(0, 64);
    world.advance_to_due(0);
    let (admin, keeper, netuid) = (world.admin.clone(), world.keeper.clone(), world.netuid(0));
    let emission = world.suite.emission();
    let bonds_before = world
        .suite
        .epoch()
        .bonds(&mut world.chain, netuid, 1)
        .unwrap();
    assert!(!bonds_before.is_empty());
    assert_eq!(
        world
            .suite
            .epoch()
            .abort_epoch(&mut world.chain, &admin, netuid)
            .unwrap(),
        Err(EmissionError::NoRunningEpoch)
    );
    let base = unaccounted_issuance(&mut world);
    let pending = emission.pending_emission(&mut world.chain, netuid).unwrap();
    let minted = emission.minted(&mut world.chain).unwrap();
    assert!(matches!(
        step(&mut world, 0, 1),
        EpochProgress::Running { .. }
    ));
    let owner_cut_paid = emission.minted(&mut world.chain).unwrap() - minted;
    assert_eq!(
        world
            .suite
            .epoch()
            .abort_epoch(&mut world.chain, &keeper, netuid)
            .unwrap(),
        Err(EmissionError::NotAdmin)
    );
    world
        .suite
        .epoch()
        .abort_epoch(&mut world.chain, &admin, netuid)
        .unwrap()
        .unwrap();
    assert_eq!(
        world
            .suite
            .epoch()
            .running_epoch(&mut world.chain, netuid)
            .unwrap(),
        None
    );
    // The owner's cut stays paid; the rest is pending again.
    assert_eq!(
        emission.pending_emission(&mut world.chain, netuid).unwrap(),
        pending - owner_cut_paid
    );
    assert_eq!(
        world
            .suite
            .epoch()
            .bonds(&mut world.chain, netuid, 1)
            .unwrap(),
        bonds_before
    );
    world.advance_to_due(0);
    let (paid, _, _) = world.crank(0, 64);
    assert!(paid > 0);
    assert_eq!(unaccounted_issuance(&mut world), base);
}

/// Attack: a flash stake for a root seat — stake 5,000 TAO more on validator 0 and register
/// it in the same block, taking the one seat from validator 1 (2,000 TAO), then unstake.
/// Before, validator 0 took the seat. Now root seats are decided by stake as of the previous
/// block: the network is full for validator 0 (1,000 TAO then).
#[test]
fn attack_a_flash_stake_takes_no_root_seat() {
    let mut world = World::new(&[one_subnet()]);
    let (admin, coldkey) = (world.admin.clone(), world.coldkey.clone());
    let emission = world.suite.emission();
    let validators = world.subnets[0].validators.clone();
    let one_seat = EmissionConfig {
        root_validators: 1,
        ..EmissionConfig::default()
    };
    emission
        .set_config(&mut world.chain, &admin, &one_seat)
        .unwrap()
        .unwrap();
    emission
        .root_register(&mut world.chain, &coldkey, &validators[1])
        .unwrap()
        .unwrap();
    add_stake(&mut world, &coldkey, &validators[0], 5_000 * TAO);
    assert_eq!(
        emission
            .root_register(&mut world.chain, &coldkey, &validators[0])
            .unwrap(),
        Err(EmissionError::RootFull)
    );
    remove_stake(&mut world, &coldkey, &validators[0], 5_000 * TAO);
    assert_eq!(
        emission.root_members(&mut world.chain).unwrap(),
        vec![ink_account(&validators[1])]
    );
}

/// The shares the root network sets when its members are validators 1 (weighting subnet 0)
/// and 2 (weighting subnet 1), with `flash` staked on validator 1 for the duration of the
/// `update_root_shares` call only.
fn root_shares_with_flash(flash: Balance) -> Vec<(NetUid, u32)> {
    let mut world = World::new(&[one_subnet(), one_subnet()]);
    let (admin, coldkey, keeper) = (
        world.admin.clone(),
        world.coldkey.clone(),
        world.keeper.clone(),
    );
    let emission = world.suite.emission();
    let validators = world.subnets[0].validators.clone();
    let (first, second) = (world.netuid(0), world.netuid(1));
    for (hotkey, netuid) in [(&validators[1], first), (&validators[2], second)] {
        emission
            .root_register(&mut world.chain, &coldkey, hotkey)
            .unwrap()
            .unwrap();
        emission
            .set_root_weights(&mut world.chain, &coldkey, hotkey, &[(netuid, 1)])
            .unwrap()
            .unwrap();
    }
    emission
        .use_root_shares(&mut world.chain, &admin)
        .unwrap()
        .unwrap();
    world.chain.advance_blocks(1);
    if flash > 0 {
        add_stake(&mut world, &coldkey, &validators[1], flash);
    }
    emission
        .update_root_shares(&mut world.chain, &keeper)
        .unwrap()
        .unwrap();
    if flash > 0 {
        remove_stake(&mut world, &coldkey, &validators[1], flash);
    }
    let shares = emission.subnet_emissions(&mut world.chain).unwrap();
    shares.iter().map(|s| (s.netuid, s.share_ppb)).collect()
}

/// Attack: stake, `update_root_shares`, unstake in one block, to tilt the subnets' shares
/// towards the subnet the flash-staked member weights. Before, 100,000 TAO flashed on
/// validator 1 moved subnet 1's share from 196,955,889 to 999,736,336 ppb. Now the update
/// reads stake as of the previous block: the shares are as without the flash stake.
#[test]
fn attack_a_flash_stake_does_not_move_root_shares() {
    let honest = root_shares_with_flash(0);
    let attacked = root_shares_with_flash(100_000 * TAO);
    eprintln!("root shares (ppb): {honest:?} without the flash stake, {attacked:?} with it");
    assert_eq!(attacked, honest);
}

/// The keeper's fee: the call that finishes an epoch mints its caller the fee's part of what
/// the epoch distributes after the owner's cut, exactly; a fee above 1% is refused; an
/// aborted epoch returns its fee to the subnet with the rest; and no rao is created or lost.
#[test]
fn the_keeper_who_finishes_an_epoch_earns_its_fee_and_an_abort_returns_it() {
    let paying = EmissionConfig {
        keeper_fee: interfaces::emission::MAX_KEEPER_FEE,
        ..EmissionConfig::default()
    };
    let mut world = weighted_world(one_subnet(), Some(paying));
    let (admin, keeper, netuid) = (world.admin.clone(), world.keeper.clone(), world.netuid(0));
    let emission = world.suite.emission();
    let greedy = EmissionConfig {
        keeper_fee: interfaces::emission::MAX_KEEPER_FEE + 1,
        ..paying
    };
    assert_eq!(
        emission
            .set_config(&mut world.chain, &admin, &greedy)
            .unwrap(),
        Err(EmissionError::ConfigOutOfRange)
    );
    let base = unaccounted_issuance(&mut world);

    let pending = emission.pending_emission(&mut world.chain, netuid).unwrap();
    let before = world.balance(&keeper);
    let burned_before = emission.burned(&mut world.chain).unwrap();
    let (paid, carried, _) = world.crank(0, 64);
    let burned = emission.burned(&mut world.chain).unwrap() - burned_before;
    let (_, after_cut) = owner_cut(pending as u64, 11_796);
    let (fee, to_yuma) = owner_cut(after_cut, interfaces::emission::MAX_KEEPER_FEE);
    assert!(fee > 0);
    assert_eq!(world.balance(&keeper) - before, Balance::from(fee));
    assert_eq!(paid + carried + burned, Balance::from(to_yuma));
    assert_eq!(unaccounted_issuance(&mut world), base);

    // An epoch aborted after its first step: the fee was never minted and is pending again.
    world.advance_to_due(0);
    let pending = emission.pending_emission(&mut world.chain, netuid).unwrap();
    let minted = emission.minted(&mut world.chain).unwrap();
    assert!(matches!(
        step(&mut world, 0, 1),
        EpochProgress::Running { .. }
    ));
    let status = world
        .suite
        .epoch()
        .running_epoch(&mut world.chain, netuid)
        .unwrap()
        .unwrap();
    let owner_paid = emission.minted(&mut world.chain).unwrap() - minted;
    assert_eq!(
        status.unpaid + status.keeper_fee,
        pending - owner_paid,
        "the run holds the rest, the keeper's fee beside its rewards"
    );
    let keeper_before = world.balance(&keeper);
    world
        .suite
        .epoch()
        .abort_epoch(&mut world.chain, &admin, netuid)
        .unwrap()
        .unwrap();
    assert_eq!(world.balance(&keeper), keeper_before);
    assert_eq!(
        emission.pending_emission(&mut world.chain, netuid).unwrap(),
        pending - owner_paid
    );
    assert_eq!(unaccounted_issuance(&mut world), base);
}

/// Attack: draw a subnet's emission without running its epoch, or pay a run more than it was
/// given. Only the epoch contract may open, pay and close a run's account, and emission pays a
/// run no more than it holds — whoever holds the role (here a test account playing it).
#[test]
fn only_the_epoch_contract_draws_emission_and_never_more_than_a_run_holds() {
    let mut world = World::new(&[one_subnet()]);
    let (netuid, admin) = (world.netuid(0), world.admin.clone());
    let owner = world.subnets[0].owner.clone();
    let stranger = attacker(&mut world, "stranger", TAO);
    let emission = world.suite.emission();
    let with_fee = EmissionConfig {
        keeper_fee: interfaces::emission::MAX_KEEPER_FEE,
        ..EmissionConfig::default()
    };
    emission
        .set_config(&mut world.chain, &admin, &with_fee)
        .unwrap()
        .unwrap();
    world.chain.advance_blocks(5);
    let base = unaccounted_issuance(&mut world);
    let refused = |world: &mut World, caller: &AccountId32| {
        let emission = world.suite.emission();
        [
            emission
                .open_epoch(&mut world.chain, caller, netuid, caller)
                .unwrap()
                .err(),
            emission
                .pay_epoch(&mut world.chain, caller, netuid, TAO, 0)
                .unwrap()
                .err(),
            emission
                .close_epoch(&mut world.chain, caller, netuid, Some(caller))
                .unwrap()
                .err(),
        ]
    };
    assert_eq!(
        refused(&mut world, &stranger),
        [Some(EmissionError::Unauthorized); 3]
    );
    // Nor can anyone but the admin (governance) give itself the role.
    assert_eq!(
        emission
            .set_epoch(&mut world.chain, &stranger, Some(&stranger))
            .unwrap(),
        Err(EmissionError::NotAdmin)
    );
    assert_eq!(
        refused(&mut world, &stranger),
        [Some(EmissionError::Unauthorized); 3]
    );

    let player = attacker(&mut world, "player", TAO);
    emission
        .set_epoch(&mut world.chain, &admin, Some(&player))
        .unwrap()
        .unwrap();
    assert_eq!(
        emission
            .pay_epoch(&mut world.chain, &player, netuid, 1, 0)
            .unwrap(),
        Err(EmissionError::NoRunningEpoch)
    );
    let pending = emission.pending_emission(&mut world.chain, netuid).unwrap();
    let owner_before = world.balance(&owner);
    let terms = emission
        .open_epoch(&mut world.chain, &player, netuid, &owner)
        .unwrap()
        .unwrap();
    assert_eq!(terms.emission, pending);
    assert_eq!(world.balance(&owner) - owner_before, terms.owner_cut);
    let held = emission.held_by_epoch(&mut world.chain, netuid).unwrap();
    assert!(terms.keeper_fee > 0);
    assert_eq!(held, terms.keeper_fee + terms.to_yuma);
    assert_eq!(
        emission
            .open_epoch(&mut world.chain, &player, netuid, &owner)
            .unwrap(),
        Err(EmissionError::EpochRunning)
    );
    // Rewards cannot eat into the keeper's fee.
    assert_eq!(
        emission
            .pay_epoch(&mut world.chain, &player, netuid, terms.to_yuma, 1)
            .unwrap(),
        Err(EmissionError::EpochOverpaid)
    );
    let paid = terms.to_yuma / 2;
    emission
        .pay_epoch(&mut world.chain, &player, netuid, paid, 0)
        .unwrap()
        .unwrap();
    assert_eq!(unaccounted_issuance(&mut world), base);
    let left = held - paid;
    let keeper = world.chain.account("keeper-of-the-run");
    let (settled, returned) = emission
        .close_epoch(&mut world.chain, &player, netuid, Some(&keeper))
        .unwrap()
        .unwrap();
    assert_eq!((settled, returned), (paid, left - terms.keeper_fee));
    assert_eq!(world.balance(&keeper), terms.keeper_fee);
    assert_eq!(emission.held_by_epoch(&mut world.chain, netuid).unwrap(), 0);
    assert_eq!(
        emission.pending_emission(&mut world.chain, netuid).unwrap(),
        returned
    );
    assert_eq!(unaccounted_issuance(&mut world), base);
}
