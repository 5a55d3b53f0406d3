//! The weights contract in the sandbox, over the real registry, staking and token.

use drink::frame_support::sp_runtime::traits::{BlakeTwo256, Hash as _};
use drink::AccountId32;
use inktensor::chain::{ink_account, Backend, Chain};
use inktensor::suite::{Reveal, Suite};
use interfaces::entries::Entries;
use interfaces::registry::Neuron;
use interfaces::weights::{WeightRow, WeightsError};
use interfaces::{Balance, NetUid, RAO_PER_TAO};
use parity_scale_codec::Encode;
use subnets::commit_reveal::epoch_index;

const TAO: Balance = RAO_PER_TAO;

/// A subnet with the owner hotkey (uid 0), a permitted validator (uid 1) and `miners` miners.
struct World {
    chain: Chain,
    suite: Suite,
    admin: AccountId32,
    emission: AccountId32,
    owner_hotkey: AccountId32,
    validator: AccountId32,
    miners: Vec<AccountId32>,
    netuid: NetUid,
}

impl World {
    fn new(miners: usize) -> Self {
        let mut chain = Chain::new();
        let [admin, emission, owner, owner_hotkey, alice, validator] = [
            "admin",
            "emission",
            "owner",
            "owner-hk",
            "alice",
            "validator",
        ]
        .map(|n| chain.account(n));
        let suite = Suite::deploy(&mut chain, &admin, Some(&emission)).expect("suite deploys");
        let registry_address = suite.registry.clone();
        let registry = suite.registry();
        registry
            .set_emission(&mut chain, &admin, Some(&emission))
            .unwrap()
            .unwrap();
        for who in [&owner, &alice] {
            suite
                .token()
                .mint(&mut chain, &emission, who, 100_000 * TAO)
                .unwrap()
                .unwrap();
            suite
                .token()
                .approve(&mut chain, who, &registry_address, Balance::MAX / 2)
                .unwrap()
                .unwrap();
        }
        let netuid = registry
            .create_subnet(&mut chain, &owner, &owner_hotkey)
            .unwrap()
            .unwrap();
        // Cheap, flat registration so that large subnets are quick to fill.
        for change in [
            "BurnBounds(1, 1)",
            "MaxAllowedUids(256)",
            "WeightsRateLimit(10)",
        ] {
            registry
                .set_hyperparameter(&mut chain, &admin, netuid, change)
                .unwrap()
                .unwrap();
        }
        registry
            .register(&mut chain, &alice, netuid, &validator, Balance::MAX)
            .unwrap()
            .unwrap();
        let miners: Vec<AccountId32> = (0..miners)
            .map(|i| chain.account(&format!("miner-{i}")))
            .collect();
        for miner in &miners {
            registry
                .register(&mut chain, &alice, netuid, miner, Balance::MAX)
                .unwrap()
                .unwrap();
        }
        // The validator holds a permit from the last epoch, which started after it registered.
        chain.advance_blocks(1);
        let epoch_block = chain.block_number();
        registry
            .record_epoch(&mut chain, &emission, netuid, epoch_block, &[(1, 0, true)])
            .unwrap()
            .unwrap();
        World {
            chain,
            suite,
            admin,
            emission,
            owner_hotkey,
            validator,
            miners,
            netuid,
        }
    }

    /// Tempo 10 and commit-reveal on, so that epochs pass in a few blocks.
    fn with_commit_reveal(miners: usize) -> Self {
        let mut world = World::new(miners);
        world.set("Tempo(10)");
        world.set("CommitRevealEnabled(true)");
        world
    }

    fn set(&mut self, change: &str) {
        let admin = self.admin.clone();
        self.suite
            .registry()
            .set_hyperparameter(&mut self.chain, &admin, self.netuid, change)
            .unwrap()
            .unwrap();
    }

    fn set_weights(
        &mut self,
        hotkey: &AccountId32,
        uids: &[u16],
        values: &[u16],
        version: u64,
    ) -> Result<(), WeightsError> {
        let netuid = self.netuid;
        self.suite
            .weights()
            .set_weights(&mut self.chain, hotkey, netuid, uids, values, version)
            .unwrap()
    }

    fn row(&mut self, uid: u16) -> Option<Vec<(u16, u16)>> {
        let rows = self
            .suite
            .weights()
            .weight_rows(&mut self.chain, self.netuid, uid, 1)
            .unwrap();
        rows.into_iter().next().map(|r| r.entries.to_pairs())
    }

    /// A uid's stored weight row and its current neuron, side by side.
    fn row_and_neuron(&mut self, uid: u16) -> (WeightRow, Neuron) {
        let rows = self
            .suite
            .weights()
            .weight_rows(&mut self.chain, self.netuid, uid, 1)
            .unwrap();
        let neurons = self
            .suite
            .registry()
            .neurons(&mut self.chain, self.netuid, uid, 1)
            .unwrap();
        (
            rows.into_iter().next().expect("a row"),
            neurons.into_iter().next().expect("a neuron"),
        )
    }

    /// Advances to the first block of the next epoch of the subnet (tempo from the registry).
    fn next_epoch(&mut self) {
        let tempo = self
            .suite
            .registry()
            .hyperparameters(&mut self.chain, self.netuid)
            .unwrap()
            .unwrap()
            .tempo;
        let now = u64::from(self.chain.block_number());
        let current = epoch_index(now, self.netuid, tempo);
        let mut blocks = 0;
        while epoch_index(now + blocks, self.netuid, tempo) == current {
            blocks += 1;
        }
        self.chain.advance_blocks(u32::try_from(blocks).unwrap());
    }
}

#[test]
fn a_permitted_validator_sets_a_row_stored_upscaled_and_sorted() {
    let mut w = World::new(3);
    let validator = w.validator.clone();
    w.set_weights(&validator, &[4, 2, 3], &[10, 40, 20], 0)
        .unwrap();
    assert_eq!(w.row(1), Some(vec![(2, 65_535), (3, 32_768), (4, 16_384)]));
    let now = w.chain.block_number();
    assert_eq!(
        w.suite
            .weights()
            .last_update(&mut w.chain, w.netuid, 1)
            .unwrap(),
        Some(now)
    );
}

/// `set_dense_weights(values)` is `set_weights(0..values.len(), values)`: the same row, the
/// same checks; a row of consecutive uids is stored (and read) as a run of values.
#[test]
fn dense_weights_are_a_row_for_every_uid_from_zero() {
    let mut w = World::new(3);
    let (validator, netuid) = (w.validator.clone(), w.netuid);
    let weights = w.suite.weights();
    weights
        .set_dense_weights(&mut w.chain, &validator, netuid, &[0, 10, 40, 20, 5], 0)
        .unwrap()
        .unwrap();
    let rows = weights.weight_rows(&mut w.chain, netuid, 1, 1).unwrap();
    assert_eq!(
        rows[0].entries,
        Entries::Run {
            first: 0,
            values: vec![0, 16_384, 65_535, 32_768, 8_192]
        }
    );
    // A self-weight is kept in the row (the epoch's masks drop it), as with set_weights.
    w.chain.advance_blocks(10);
    w.set_weights(&validator, &[0, 1, 2, 3, 4], &[0, 10, 40, 20, 5], 0)
        .unwrap();
    let rows_again = weights.weight_rows(&mut w.chain, netuid, 1, 1).unwrap();
    assert_eq!(rows_again[0].entries, rows[0].entries);
    let rows = rows_again;
    // Within the rate limit of the last set, and one value more than there are uids.
    assert_eq!(
        weights
            .set_dense_weights(&mut w.chain, &validator, netuid, &[1; 6], 0)
            .unwrap(),
        Err(WeightsError::TooManyWeights)
    );
    assert_eq!(
        weights
            .set_dense_weights(&mut w.chain, &validator, netuid, &[1; 5], 0)
            .unwrap(),
        Err(WeightsError::RateLimited)
    );
    assert_eq!(
        weights.weight_rows(&mut w.chain, netuid, 1, 1).unwrap(),
        rows
    );
}

#[test]
fn every_refusal_is_typed_and_changes_nothing() {
    let mut w = World::new(3);
    let (validator, miner, netuid) = (w.validator.clone(), w.miners[0].clone(), w.netuid);
    let stranger = w.chain.account("stranger");
    let weights = w.suite.weights();
    assert_eq!(
        weights
            .set_weights(&mut w.chain, &validator, netuid, &[2, 3], &[1], 0)
            .unwrap(),
        Err(WeightsError::LengthMismatch)
    );
    assert_eq!(
        weights
            .set_weights(&mut w.chain, &validator, 9, &[2], &[1], 0)
            .unwrap(),
        Err(WeightsError::UnknownSubnet)
    );
    assert_eq!(
        weights
            .set_weights(&mut w.chain, &validator, netuid, &[0; 6], &[1; 6], 0)
            .unwrap(),
        Err(WeightsError::TooManyWeights)
    );
    assert_eq!(
        weights
            .set_weights(&mut w.chain, &stranger, netuid, &[2], &[1], 0)
            .unwrap(),
        Err(WeightsError::NotRegistered)
    );
    w.set("StakeThreshold(1000)");
    assert_eq!(
        w.set_weights(&validator, &[2], &[1], 0),
        Err(WeightsError::NotEnoughStake)
    );
    w.set("StakeThreshold(0)");
    w.set("WeightsVersionKey(5)");
    assert_eq!(
        w.set_weights(&validator, &[2], &[1], 4),
        Err(WeightsError::IncorrectVersionKey)
    );
    assert_eq!(
        w.set_weights(&miner, &[2, 3], &[1, 1], 5),
        Err(WeightsError::NoValidatorPermit)
    );
    assert_eq!(
        w.set_weights(&validator, &[2, 2], &[1, 1], 5),
        Err(WeightsError::DuplicateUids)
    );
    assert_eq!(
        w.set_weights(&validator, &[2, 5], &[1, 1], 5),
        Err(WeightsError::UidOutOfRange)
    );
    w.set("MinAllowedWeights(2)");
    assert_eq!(
        w.set_weights(&validator, &[2], &[1], 5),
        Err(WeightsError::TooFewWeights)
    );
    assert_eq!(w.row(1), None);
    w.set_weights(&validator, &[2, 3], &[1, 1], 5).unwrap();
    assert_eq!(
        w.set_weights(&validator, &[2, 3], &[1, 2], 5),
        Err(WeightsError::RateLimited)
    );
    assert_eq!(w.row(1), Some(vec![(2, 65_535), (3, 65_535)]));
    w.chain.advance_blocks(10);
    w.set_weights(&validator, &[2, 3], &[1, 2], 5).unwrap();
    assert_eq!(w.row(1), Some(vec![(2, 32_768), (3, 65_535)]));
}

#[test]
fn self_weights_and_the_owner_need_no_permit() {
    let mut w = World::new(2);
    let (miner, owner_hotkey) = (w.miners[0].clone(), w.owner_hotkey.clone());
    w.set("MinAllowedWeights(2)");
    w.set_weights(&miner, &[2], &[7], 0).unwrap();
    assert_eq!(w.row(2), Some(vec![(2, 65_535)]));
    w.set_weights(&owner_hotkey, &[0, 3], &[1, 1], 0).unwrap();
    assert_eq!(w.row(0), Some(vec![(0, 65_535), (3, 65_535)]));
}

#[test]
fn commit_then_reveal_in_the_next_epoch() {
    let mut w = World::with_commit_reveal(2);
    let (validator, netuid) = (w.validator.clone(), w.netuid);
    let weights = w.suite.weights();
    let (uids, values, salt) = ([2u16, 3], [5u16, 10], [7u16, 8, 9]);
    assert_eq!(
        w.set_weights(&validator, &uids, &values, 0),
        Err(WeightsError::CommitRevealEnabled)
    );
    let hash = weights
        .commit_hash(
            &mut w.chain,
            &validator,
            netuid,
            &Reveal {
                uids: &uids,
                values: &values,
                salt: &salt,
                version_key: 0,
            },
        )
        .unwrap();
    // The hash is BlakeTwo256 of the SCALE tuple (hotkey, netuid, uids, values, salt, version).
    let preimage = (
        ink_account(&validator),
        netuid,
        uids.to_vec(),
        values.to_vec(),
        salt.to_vec(),
        0u64,
    )
        .encode();
    assert_eq!(hash.as_ref(), BlakeTwo256::hash(&preimage).as_bytes());
    weights
        .commit_weights(&mut w.chain, &validator, netuid, &hash)
        .unwrap()
        .unwrap();
    assert_eq!(
        weights
            .reveal_weights(
                &mut w.chain,
                &validator,
                netuid,
                &Reveal {
                    uids: &uids,
                    values: &values,
                    salt: &salt,
                    version_key: 0
                }
            )
            .unwrap(),
        Err(WeightsError::RevealTooEarly)
    );
    w.next_epoch();
    assert_eq!(
        weights
            .reveal_weights(
                &mut w.chain,
                &validator,
                netuid,
                &Reveal {
                    uids: &uids,
                    values: &values,
                    salt: &[1],
                    version_key: 0
                }
            )
            .unwrap(),
        Err(WeightsError::NoMatchingCommit)
    );
    // The commit counts as an update; no weights until the reveal.
    assert_eq!(w.row(1), Some(vec![]));
    weights
        .reveal_weights(
            &mut w.chain,
            &validator,
            netuid,
            &Reveal {
                uids: &uids,
                values: &values,
                salt: &salt,
                version_key: 0,
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!(w.row(1), Some(vec![(2, 32_768), (3, 65_535)]));
}

#[test]
fn an_unrevealed_commit_expires() {
    let mut w = World::with_commit_reveal(2);
    let (validator, netuid) = (w.validator.clone(), w.netuid);
    let weights = w.suite.weights();
    let hash = weights
        .commit_hash(
            &mut w.chain,
            &validator,
            netuid,
            &Reveal {
                uids: &[2],
                values: &[1],
                salt: &[3],
                version_key: 0,
            },
        )
        .unwrap();
    weights
        .commit_weights(&mut w.chain, &validator, netuid, &hash)
        .unwrap()
        .unwrap();
    w.next_epoch();
    w.next_epoch();
    assert_eq!(
        weights
            .reveal_weights(
                &mut w.chain,
                &validator,
                netuid,
                &Reveal {
                    uids: &[2],
                    values: &[1],
                    salt: &[3],
                    version_key: 0
                }
            )
            .unwrap(),
        Err(WeightsError::CommitExpired)
    );
    w.set("CommitRevealEnabled(false)");
    let other = weights
        .commit_hash(
            &mut w.chain,
            &validator,
            netuid,
            &Reveal {
                uids: &[3],
                values: &[1],
                salt: &[3],
                version_key: 0,
            },
        )
        .unwrap();
    assert_eq!(
        weights
            .commit_weights(&mut w.chain, &validator, netuid, &other)
            .unwrap(),
        Err(WeightsError::CommitRevealDisabled)
    );
}

#[test]
fn a_replaced_neurons_row_is_recognisably_stale() {
    let mut w = World::new(2);
    let (miner, emission, netuid) = (w.miners[1].clone(), w.emission.clone(), w.netuid);
    w.set_weights(&miner, &[3], &[1], 0).unwrap();
    let (row, neuron) = w.row_and_neuron(3);
    assert_eq!(row.setter_registered_at, neuron.registered_at);
    w.set("MaxAllowedValidators(4)");
    w.set("MaxAllowedUids(4)");
    w.set("ImmunityPeriod(0)");
    w.set("MinNonImmuneUids(0)");
    w.suite
        .registry()
        .record_epoch(
            &mut w.chain,
            &emission,
            netuid,
            2,
            &[(1, 9, true), (2, 9, false), (3, 1, false)],
        )
        .unwrap()
        .unwrap();
    w.chain.advance_blocks(1);
    let newcomer = w.chain.account("newcomer");
    let alice = w.chain.account("alice");
    assert_eq!(
        w.suite
            .registry()
            .register(&mut w.chain, &alice, netuid, &newcomer, Balance::MAX)
            .unwrap(),
        Ok(3)
    );
    let (row, neuron) = w.row_and_neuron(3);
    assert_eq!(neuron.hotkey, ink_account(&newcomer));
    assert!(row.setter_registered_at < neuron.registered_at);
}

/// Gas of set_weights with 256 entries, commit, reveal and a 64-row page read, on a full
/// 256-neuron subnet. Run with `--nocapture` to see the numbers.
#[test]
fn gas_of_weights_calls() {
    const BUDGET: u64 = 300_000_000_000;
    let mut w = World::new(254);
    let netuid = w.netuid;
    let validator = w.validator.clone();
    let all: Vec<u16> = (0..256).collect();
    let values: Vec<u16> = (1..=256).collect();
    w.set_weights(&validator, &all, &values, 0).unwrap();
    let set = w.chain.last_call_gas();
    assert_eq!(w.row(1).unwrap().len(), 256);
    // A 64-uid page where one validator (uid 1) holds a 256-entry row.
    let page = w
        .suite
        .weights()
        .weight_rows(&mut w.chain, netuid, 0, 64)
        .unwrap();
    let read = w.chain.last_query_gas();
    w.set("Tempo(10)");
    w.set("CommitRevealEnabled(true)");
    let weights = w.suite.weights();
    let hash = weights
        .commit_hash(
            &mut w.chain,
            &validator,
            netuid,
            &Reveal {
                uids: &all,
                values: &values,
                salt: &[1],
                version_key: 0,
            },
        )
        .unwrap();
    w.chain.advance_blocks(10);
    weights
        .commit_weights(&mut w.chain, &validator, netuid, &hash)
        .unwrap()
        .unwrap();
    let commit = w.chain.last_call_gas();
    w.next_epoch();
    weights
        .reveal_weights(
            &mut w.chain,
            &validator,
            netuid,
            &Reveal {
                uids: &all,
                values: &values,
                salt: &[1],
                version_key: 0,
            },
        )
        .unwrap()
        .unwrap();
    let reveal = w.chain.last_call_gas();
    assert_eq!(page.len(), 1);
    for (name, gas) in [
        ("set_weights (256)", set),
        ("commit_weights", commit),
        ("reveal_weights (256)", reveal),
        ("weight_rows (64 uids)", read),
    ] {
        eprintln!(
            "gas {name}: ref_time {} proof_size {}",
            gas.ref_time, gas.proof_size
        );
        assert!(gas.ref_time > 0 && gas.ref_time < BUDGET, "{name}");
    }
}

/// Pages stop before the 16 KiB return buffer: forty rows of 128 (uid, value) pairs (every
/// other uid, so neither a run nor a span of values: 517 bytes each) need two pages.
#[test]
fn pages_of_full_rows_fit_the_return_buffer() {
    let mut w = World::new(254);
    let (netuid, emission) = (w.netuid, w.emission.clone());
    let permits: Vec<(u16, Balance, bool)> = (1..=40).map(|uid| (uid, 0, true)).collect();
    w.suite
        .registry()
        .record_epoch(&mut w.chain, &emission, netuid, 2, &permits)
        .unwrap()
        .unwrap();
    let every_other: Vec<u16> = (0..256).step_by(2).collect();
    let values: Vec<u16> = (1..=128).collect();
    let setters: Vec<AccountId32> = std::iter::once(w.validator.clone())
        .chain(w.miners[..39].iter().cloned())
        .collect();
    for hotkey in &setters {
        w.set_weights(hotkey, &every_other, &values, 0).unwrap();
    }
    let first = w
        .suite
        .weights()
        .weight_rows(&mut w.chain, netuid, 0, 64)
        .unwrap();
    let gas = w.chain.last_query_gas();
    eprintln!(
        "gas weight_rows (64 uids, {} full rows): ref_time {} proof_size {}",
        first.len(),
        gas.ref_time,
        gas.proof_size
    );
    assert!(first.len() < 40, "{} rows in one page", first.len());
    assert_eq!(
        first.encode().len(),
        first.iter().map(|r| r.encode().len()).sum::<usize>() + 1
    );
    assert!(first.encode().len() <= 16 * 1024);
    let next = first.last().unwrap().uid + 1;
    let second = w
        .suite
        .weights()
        .weight_rows(&mut w.chain, netuid, next, 64)
        .unwrap();
    let uids: Vec<u16> = first.iter().chain(&second).map(|r| r.uid).collect();
    assert_eq!(uids, (1..=40).collect::<Vec<u16>>());
    assert!(first
        .iter()
        .chain(&second)
        .all(|r| matches!(&r.entries, Entries::Pairs(pairs) if pairs.len() == 128)));
}
