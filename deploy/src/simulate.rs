//! The main job, as far as the suite goes today: a subnet comes to life in the embedded
//! sandbox with real contracts — creation, registrations, delegation, weights set from the
//! miners' simulated quality (with noise; one validator dishonest), a Yuma epoch over the
//! on-chain rows and stakes, and a governance proposal voted through and executed.
//!
//! Until the emission contract exists, the epoch is computed here by the `yuma` crate from the
//! chain's state (the same code the emission contract will run) and nothing is minted for it.

use drink::AccountId32;
use interfaces::governance::GovernanceSettings;
use interfaces::{Balance, NetUid, RAO_PER_TAO};
use yuma::{run_epoch, EpochContext, EpochParams, NeuronInput, Variant};

use crate::chain::{Chain, ChainError, Refusal};
use crate::suite::{Call, Suite};

const TAO: Balance = RAO_PER_TAO;

pub struct Scenario {
    pub miners: usize,
    pub validators: usize,
    pub seed: u64,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            miners: 6,
            validators: 3,
            seed: 7,
        }
    }
}

/// A deterministic generator for the scenario's noise.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn tao(rao: Balance) -> String {
    format!("{}.{:03}", rao / TAO, (rao % TAO) / 1_000_000)
}

/// What a run produced, for tests and callers to check.
#[derive(Debug, Clone)]
pub struct Report {
    /// Miners' incentive (u16), in order of rising quality.
    pub miner_incentive: Vec<u16>,
    /// Validators' dividends (u16) and stakes; the last validator is the dishonest one.
    pub validator_dividends: Vec<u16>,
    pub validator_stakes: Vec<Balance>,
    /// The subnet's tempo after the governance proposal.
    pub tempo_after_proposal: u16,
}

pub fn run(scenario: &Scenario) -> Result<Report, ChainError> {
    let mut chain = Chain::new();
    let mut noise = Noise(scenario.seed.max(1));
    let deployer = chain.account("deployer");
    let emission = chain.account("emission-standin");
    let owner = chain.account("subnet-owner");
    let settings = GovernanceSettings {
        voting_delay: 1,
        voting_period: 20,
        quorum_ppm: 200_000,
        proposal_threshold: TAO,
        timelock_delay: 5,
        grace_period: 50,
    };
    let suite = Suite::deploy_with(&mut chain, &deployer, Some(&emission), None, &settings)?;
    println!("deployed the suite: token, staking, registry, weights, governance");
    let token = suite.token();
    let (registry_address, staking_address) = (suite.registry.clone(), suite.staking.clone());
    suite
        .registry()
        .set_emission(&mut chain, &deployer, Some(&emission))?
        .refused()?;

    // The subnet and its neurons.
    token
        .mint(&mut chain, &emission, &owner, 10_000 * TAO)?
        .refused()?;
    token
        .approve(&mut chain, &owner, &registry_address, Balance::MAX / 2)?
        .refused()?;
    let owner_hotkey = chain.account("owner-hotkey");
    let netuid: NetUid = suite
        .registry()
        .create_subnet(&mut chain, &owner, &owner_hotkey)?
        .refused()?;
    println!(
        "subnet {netuid} created; locked {} TAO",
        tao(suite
            .registry()
            .subnet(&mut chain, netuid)?
            .map_or(0, |s| s.locked))
    );
    let validators: Vec<AccountId32> = (0..scenario.validators)
        .map(|i| chain.account(&format!("validator-{i}")))
        .collect();
    let miners: Vec<AccountId32> = (0..scenario.miners)
        .map(|i| chain.account(&format!("miner-{i}")))
        .collect();
    for hotkey in validators.iter().chain(&miners) {
        suite
            .registry()
            .register(&mut chain, &owner, netuid, hotkey, Balance::MAX)?
            .refused()?;
    }
    println!(
        "registered {} validators and {} miners",
        validators.len(),
        miners.len()
    );

    // Delegators stake to the validators: 100 TAO × (validators − i), the last one smallest.
    for (i, validator) in validators.iter().enumerate() {
        let staker = chain.account(&format!("delegator-{i}"));
        let amount = 100 * (validators.len() - i) as Balance * TAO;
        token
            .mint(&mut chain, &emission, &staker, amount)?
            .refused()?;
        token
            .approve(&mut chain, &staker, &staking_address, amount)?
            .refused()?;
        suite
            .staking()
            .add_stake(&mut chain, &staker, validator, amount)?
            .refused()?;
    }

    // Last epoch's permits for the validators, as emission would have recorded them.
    let n = 1 + validators.len() + miners.len();
    let permits: Vec<(u16, Balance, bool)> = (1..=validators.len())
        .map(|uid| (uid as u16, 0, true))
        .collect();
    suite
        .registry()
        .record_epoch(&mut chain, &emission, netuid, 1, &permits)?
        .refused()?;
    chain.advance_blocks(1);

    // Each miner has a quality; honest validators report it with noise, the last (and smallest)
    // validator reverses it.
    let quality: Vec<u16> = (0..miners.len())
        .map(|i| 1_000 + 1_000 * i as u16)
        .collect();
    let miner_uids: Vec<u16> = (0..miners.len())
        .map(|i| (1 + validators.len() + i) as u16)
        .collect();
    for (v, validator) in validators.iter().enumerate() {
        let dishonest = v + 1 == validators.len() && validators.len() > 2;
        let values: Vec<u16> = quality
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let truth = if dishonest {
                    quality[quality.len() - 1 - i]
                } else {
                    *q
                };
                truth + (noise.next() % 200) as u16
            })
            .collect();
        suite
            .weights()
            .set_weights(&mut chain, validator, netuid, &miner_uids, &values, 0)?
            .refused()?;
    }

    // The epoch over what the chain holds.
    let neurons = suite.registry().neurons(&mut chain, netuid, 0, n as u16)?;
    let hotkeys: Vec<AccountId32> = std::iter::once(owner_hotkey.clone())
        .chain(validators.iter().cloned())
        .chain(miners.iter().cloned())
        .collect();
    let stakes = suite.staking().total_stakes(&mut chain, &hotkeys)?;
    let rows = suite
        .weights()
        .weight_rows(&mut chain, netuid, 0, n as u16)?;
    let now = u64::from(chain.block_number());
    let inputs: Vec<NeuronInput> = neurons
        .iter()
        .zip(&stakes)
        .map(|(neuron, stake)| NeuronInput {
            stake: u64::try_from(*stake).unwrap_or(u64::MAX),
            last_update: rows
                .iter()
                .find(|r| r.uid == neuron.uid)
                .map_or(0, |r| u64::from(r.last_update)),
            registered_at: u64::from(neuron.registered_at),
            validator_permit: neuron.validator_permit,
            commit_block: None,
        })
        .collect();
    let mut weight_rows = vec![Vec::new(); n];
    for row in &rows {
        weight_rows[row.uid as usize] = row.entries.clone();
    }
    let params = EpochParams {
        variant: Variant::Yuma3,
        max_allowed_validators: 64,
        ..EpochParams::default()
    };
    let ctx = EpochContext {
        current_block: now,
        bonds_mask_block: now,
        owner_uid: Some(0),
        commit_reveal: false,
        emission: 1_000 * RAO_PER_TAO as u64,
    };
    let (out, _) = run_epoch(params, ctx, &inputs, &weight_rows, &vec![Vec::new(); n])
        .map_err(|e| ChainError::Contract(format!("{e:?}")))?;

    println!("\nmetagraph of subnet {netuid} (epoch of 1,000 TAO computed from chain state by the yuma crate)");
    println!(
        "{:>3}  {:<14} {:>10} {:>7} {:>7} {:>7} {:>7} {:>12}",
        "uid", "hotkey", "stake", "vtrust", "cons", "incent", "divs", "emission"
    );
    for (i, hotkey) in hotkeys.iter().enumerate() {
        let bytes: &[u8; 32] = hotkey.as_ref();
        let name = String::from_utf8_lossy(&bytes[..14])
            .trim_end_matches('\0')
            .to_string();
        println!(
            "{:>3}  {:<14} {:>10} {:>7} {:>7} {:>7} {:>7} {:>12}",
            i,
            name,
            tao(stakes[i]),
            out.validator_trust[i],
            out.consensus[i],
            out.incentive[i],
            out.dividends[i],
            tao(Balance::from(out.emission[i]))
        );
    }

    // Governance: hand over, then change the subnet's tempo by a proposal.
    suite.hand_over_to_governance(&mut chain)?;
    chain.advance_blocks(1);
    let proposer = chain.account("delegator-2");
    let call = Call::new(
        "subnet_registry",
        &suite.registry,
        "set_hyperparameter",
        &[netuid.to_string(), "Tempo(100)".to_string()],
    )?;
    let id = suite
        .governance()
        .propose(
            &mut chain,
            &proposer,
            &[call],
            "set the tempo of subnet 1 to 100",
        )?
        .refused()?;
    chain.advance_blocks(settings.voting_delay + 1);
    for i in 0..validators.len() {
        let voter = chain.account(&format!("delegator-{i}"));
        suite
            .governance()
            .cast_vote(&mut chain, &voter, id, "For")?
            .refused()?;
    }
    chain.advance_blocks(settings.voting_period);
    suite
        .governance()
        .queue(&mut chain, &proposer, id)?
        .refused()?;
    chain.advance_blocks(settings.timelock_delay);
    suite
        .governance()
        .execute(&mut chain, &proposer, id)?
        .refused()?;
    let tempo = suite
        .registry()
        .hyperparameters(&mut chain, netuid)?
        .map_or(0, |p| p.tempo);
    println!(
        "\ngovernance proposal {id} passed and executed: subnet {netuid} tempo is now {tempo}"
    );
    println!(
        "TAO supply {} (registration burns included)",
        tao(token.total_supply(&mut chain)?)
    );
    let validator_uids = 1..=validators.len();
    Ok(Report {
        miner_incentive: miner_uids
            .iter()
            .map(|uid| out.incentive[usize::from(*uid)])
            .collect(),
        validator_dividends: validator_uids
            .clone()
            .map(|uid| out.dividends[uid])
            .collect(),
        validator_stakes: validator_uids.map(|uid| stakes[uid]).collect(),
        tempo_after_proposal: tempo,
    })
}
