//! Who acts in a simulated subnet, and how each validator scores the miners.

use drink::AccountId32;
use interfaces::{Balance, BlockNumber, NetUid, Uid, RAO_PER_TAO};

use super::Scenario;
use crate::chain::{Backend, Chain, ChainError, Refusal};
use crate::suite::Suite;

const TAO: Balance = RAO_PER_TAO;

/// How a validator sets its weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Scores every miner by its quality, with noise, early in the tempo.
    Honest,
    /// Copies the last epoch's consensus (incentive) just before the epoch: no work of its own.
    Copier,
    /// Scores the miners in reverse order of quality.
    Dishonest,
}

/// A deterministic generator for the scenario's noise (xorshift).
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Noise {
        Noise(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// `value` moved by up to ±5%.
    fn jitter(&mut self, value: u16) -> u16 {
        let span = u64::from(value / 10).max(1);
        let offset = self.next() % span;
        (u64::from(value) + offset)
            .saturating_sub(span / 2)
            .min(u64::from(u16::MAX)) as u16
    }
}

pub struct Validator {
    pub hotkey: AccountId32,
    /// Registers the hotkey and stakes on it; receives the take.
    pub operator: AccountId32,
    pub role: Role,
    pub uid: Uid,
}

pub struct Miner {
    pub hotkey: AccountId32,
    pub uid: Uid,
    /// What the miner is worth, 1,000 apart per miner.
    pub quality: u16,
}

pub struct SubnetActors {
    pub netuid: NetUid,
    pub owner: AccountId32,
    pub owner_name: String,
    pub owner_hotkey: AccountId32,
    pub validators: Vec<Validator>,
    pub miners: Vec<Miner>,
    /// The coldkey that registered (and owns) the miners' hotkeys.
    pub miner_owner: AccountId32,
    /// Stake to the validators (delegator d to validator d mod v).
    pub delegators: Vec<AccountId32>,
    /// TAO the faucet gave this subnet's actors.
    pub funded: Balance,
    /// Emission per uid in each finished weighted epoch, for the chart.
    pub epochs: Vec<Vec<Balance>>,
    /// Incentive per miner uid in the last epoch (what the copier copies).
    last_incentive: Vec<u16>,
    /// The block the validators last set weights at, per validator.
    last_set: Vec<BlockNumber>,
}

impl SubnetActors {
    /// Creates subnet `k` with its owner, registers and funds everyone, stakes.
    pub fn create(
        chain: &mut Chain,
        suite: &Suite,
        faucet: &AccountId32,
        k: usize,
        scenario: &Scenario,
    ) -> Result<SubnetActors, ChainError> {
        let name = |role: &str| format!("sn{k}-{role}");
        let owner_name = name("owner");
        let owner = chain.account(&owner_name);
        let owner_hotkey = chain.account(&name("owner-hotkey"));
        let miner_owner = chain.account(&name("miner-owner"));
        let mut funded = 0;
        let mut fund = |chain: &mut Chain, who: &AccountId32, amount: Balance| {
            funded += amount;
            suite.fund(chain, faucet, who, amount)
        };
        fund(chain, &owner, 5_000 * TAO)?;
        fund(chain, &miner_owner, 1_000 * TAO)?;
        let registry = suite.registry();
        let netuid = registry
            .create_subnet(chain, &owner, &owner_hotkey)?
            .refused()?;
        for change in [
            format!("Tempo({})", scenario.tempo),
            "WeightsRateLimit(1)".to_string(),
        ] {
            registry
                .set_hyperparameter(chain, &suite.deployer, netuid, &change)?
                .refused()?;
        }
        let mut validators = Vec::new();
        for v in 0..scenario.validators {
            let hotkey = chain.account(&name(&format!("validator-{v}")));
            let operator = chain.account(&name(&format!("operator-{v}")));
            fund(chain, &operator, 1_000 * TAO)?;
            registry
                .register(chain, &operator, netuid, &hotkey, Balance::MAX)?
                .refused()?;
            let uid = registry.uid_of(chain, netuid, &hotkey)?.unwrap_or_default();
            suite
                .staking()
                .add_stake(chain, &operator, &hotkey, 100 * TAO)?
                .refused()?;
            let role = match scenario.validators - v {
                1 if scenario.validators >= 3 => Role::Dishonest,
                2 if scenario.validators >= 3 => Role::Copier,
                _ => Role::Honest,
            };
            validators.push(Validator {
                hotkey,
                operator,
                role,
                uid,
            });
        }
        let mut miners = Vec::new();
        for m in 0..scenario.miners {
            let hotkey = chain.account(&name(&format!("miner-{m}")));
            registry
                .register(chain, &miner_owner, netuid, &hotkey, Balance::MAX)?
                .refused()?;
            let uid = registry.uid_of(chain, netuid, &hotkey)?.unwrap_or_default();
            miners.push(Miner {
                hotkey,
                uid,
                quality: 1_000 * (m as u16 + 1),
            });
        }
        // Delegators: two per validator, the same stake everywhere so that dividends per stake
        // compare validators' work, not their size.
        let mut delegators = Vec::new();
        for (d, validator) in validators.iter().chain(validators.iter()).enumerate() {
            let delegator = chain.account(&name(&format!("delegator-{d}")));
            fund(chain, &delegator, 2_000 * TAO)?;
            suite
                .staking()
                .add_stake(chain, &delegator, &validator.hotkey, 1_000 * TAO)?
                .refused()?;
            delegators.push(delegator);
        }
        let n = 1 + validators.len() + miners.len();
        let count = validators.len();
        Ok(SubnetActors {
            netuid,
            owner,
            owner_name,
            owner_hotkey,
            validators,
            miners,
            miner_owner,
            delegators,
            funded,
            epochs: Vec::new(),
            last_incentive: vec![0; n],
            last_set: vec![0; count],
        })
    }

    /// Each delegator with the validator hotkey it stakes to (delegator d on validator d mod v).
    pub fn delegations(&self) -> impl Iterator<Item = (&AccountId32, &AccountId32)> {
        let validators = self.validators.iter().cycle().map(|v| &v.hotkey);
        self.delegators.iter().zip(validators)
    }

    /// Validators set weights when their moment in the tempo comes: honest and dishonest ones
    /// once per tempo as soon as they may, the copier only in the block its epoch falls due.
    pub fn set_weights(
        &mut self,
        chain: &mut Chain,
        suite: &Suite,
        block: BlockNumber,
        tempo: u16,
        due: bool,
        noise: &mut Noise,
    ) -> Result<(), ChainError> {
        let uids: Vec<Uid> = self.miners.iter().map(|m| m.uid).collect();
        for (v, validator) in self.validators.iter().enumerate() {
            let fresh = block.saturating_sub(self.last_set[v]) > BlockNumber::from(tempo);
            let now = match validator.role {
                Role::Copier => due,
                Role::Honest | Role::Dishonest => fresh,
            };
            if !now {
                continue;
            }
            let values: Vec<u16> = match validator.role {
                Role::Honest => self
                    .miners
                    .iter()
                    .map(|m| noise.jitter(m.quality))
                    .collect(),
                Role::Dishonest => self
                    .miners
                    .iter()
                    .rev()
                    .map(|m| noise.jitter(m.quality))
                    .collect(),
                Role::Copier => {
                    let copied: Vec<u16> = uids
                        .iter()
                        .map(|uid| self.last_incentive[usize::from(*uid)])
                        .collect();
                    if copied.iter().all(|w| *w == 0) {
                        continue;
                    }
                    copied
                }
            };
            suite
                .weights()
                .set_weights(chain, &validator.hotkey, self.netuid, &uids, &values, 0)?
                .refused()?;
            self.last_set[v] = block;
        }
        Ok(())
    }

    /// Reads back the epoch just finished: per-uid emission for the chart, incentive for the
    /// copier.
    pub fn record_epoch(&mut self, chain: &mut Chain, suite: &Suite) -> Result<(), ChainError> {
        let results = suite.registry().results(chain, self.netuid, 0, 256)?;
        let mut emission = vec![0; self.last_incentive.len()];
        for result in &results {
            if let Some(slot) = emission.get_mut(usize::from(result.uid)) {
                *slot = result.emission;
            }
            if let Some(slot) = self.last_incentive.get_mut(usize::from(result.uid)) {
                *slot = result.incentive;
            }
        }
        self.epochs.push(emission);
        Ok(())
    }

    /// Every hotkey by uid, with a short name.
    pub fn named_hotkeys(&self) -> Vec<(Uid, String, AccountId32)> {
        let mut all = vec![(0, "owner".to_string(), self.owner_hotkey.clone())];
        for (v, validator) in self.validators.iter().enumerate() {
            let role = match validator.role {
                Role::Honest => "",
                Role::Copier => " (copier)",
                Role::Dishonest => " (dishonest)",
            };
            all.push((
                validator.uid,
                format!("validator-{v}{role}"),
                validator.hotkey.clone(),
            ));
        }
        for (m, miner) in self.miners.iter().enumerate() {
            all.push((
                miner.uid,
                format!("miner-{m} q{}", miner.quality / 1_000),
                miner.hotkey.clone(),
            ));
        }
        all.sort_by_key(|(uid, _, _)| *uid);
        all
    }
}
