//! The main job: the protocol alive in the embedded sandbox with the real contracts.
//!
//! Subnets with their own owners fill with validators and miners; delegators stake to the
//! validators; the first subnet's owner opens its market and two delegators buy alpha there
//! (its epochs are then paid in alpha); every tempo the validators score the miners from their
//! simulated quality (with noise) — one validator copies the last consensus late, one is
//! dishonest — and a keeper cranks each due epoch through the epoch contract, which runs Yuma
//! and pays (emission mints). Midway a governance proposal changes a hyperparameter and is
//! voted through. The run ends with a metagraph per subnet, where the TAO went, and a chart of
//! cumulative earnings. Everything is deterministic for a seed.
//!
//! Under the market rule (`--shares market`) every subnet opens its market, every delegator
//! also buys alpha on its validator, and emission shares the block's TAO by the markets' moving
//! prices. After the first weighted epoch the last subnet is abandoned: after each of its
//! epochs everyone holding its alpha (delegators, validators' operators, miners) sells it all,
//! while the other subnets' delegators keep buying; the run shows the abandoned subnet's price
//! and share of the emission falling.

mod actors;
mod chart;
mod report;

use drink::AccountId32;
use interfaces::emission::{EmissionError, SharesRule};
use interfaces::governance::GovernanceSettings;
use interfaces::{Balance, NetUid, RAO_PER_TAO};

use crate::artifacts::Contract;
use crate::chain::{Backend, Chain, ChainError, Refusal};
use crate::ops::market::{stake_limit, DEFAULT_TOLERANCE_PPM};
use crate::suite::{Call, Suite};
use crate::units::tao;
pub use actors::Role;
use actors::{Noise, SubnetActors};
pub use chart::svg as chart_svg;
pub use report::{MarketRow, NeuronRow, Report, SubnetReport, TaoFlow};

const TAO: Balance = RAO_PER_TAO;
/// Each subnet's lock, and so its pool, under the market rule.
const MARKET_LOCK: Balance = 100 * TAO;
/// What each delegator stakes into its subnet's market under the market rule.
const MARKET_STAKE: Balance = 20 * TAO;

/// The size of a run and its seed.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub subnets: usize,
    /// Validators per subnet (with three or more, one copies and one is dishonest).
    pub validators: usize,
    pub miners: usize,
    /// Weighted epochs each subnet runs.
    pub tempos: u32,
    /// Blocks per tempo at the start (the proposal doubles subnet 1's).
    pub tempo: u16,
    pub seed: u64,
    /// Rows a keeper call reads at most.
    pub max_rows: u16,
    /// Where to write the earnings chart (SVG), if anywhere.
    pub chart: Option<std::path::PathBuf>,
    /// Print progress and tables (off in tests).
    pub verbose: bool,
    /// How emission splits the block between subnets: `Fixed` (1:1) or `Market`.
    pub shares: SharesRule,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            subnets: 2,
            validators: 4,
            miners: 6,
            tempos: 6,
            tempo: 12,
            seed: 7,
            max_rows: 8,
            chart: Some(std::path::PathBuf::from("target/inktensor-simulation.svg")),
            verbose: true,
            shares: SharesRule::Fixed,
        }
    }
}

/// Governance settings short enough for a simulation: a vote of 20 blocks, a timelock of 5.
fn simulation_governance() -> GovernanceSettings {
    GovernanceSettings {
        voting_delay: 1,
        voting_period: 20,
        quorum_ppm: 200_000,
        proposal_threshold: TAO,
        timelock_delay: 5,
        grace_period: 50,
    }
}

/// The running simulation: the chain, the suite and everyone acting on it.
struct Sim {
    chain: Chain,
    suite: Suite,
    keeper: AccountId32,
    subnets: Vec<SubnetActors>,
    noise: Noise,
    scenario: Scenario,
    /// Weighted epochs finished per subnet.
    epochs: Vec<u32>,
    /// What the progress bar showed last.
    shown: Option<u32>,
    /// TAO the faucet gave out at the start (the genesis supply).
    funded: Balance,
    /// Whether the last subnet's stakers are leaving its market (market rule only).
    leaving: bool,
}

pub fn run(scenario: &Scenario) -> Result<Report, ChainError> {
    let mut sim = Sim::build(scenario)?;
    let baseline = report::Baseline::take(&mut sim.chain, &sim.suite, &sim.subnets)?;
    let total = scenario.tempos;
    let midway = total.div_ceil(2);
    let mut proposal_done = false;
    while sim.epochs.iter().any(|done| *done < total) {
        sim.tick()?;
        if sim.scenario.shares == SharesRule::Market
            && !sim.leaving
            && sim.epochs.iter().all(|done| *done >= 1)
        {
            sim.leaving = true;
            let last = sim.subnets.len() - 1;
            sim.trade_after_epoch(last)?;
        }
        if !proposal_done && sim.epochs.iter().all(|done| *done >= midway) {
            sim.pass_proposal()?;
            proposal_done = true;
        }
        sim.progress(total);
    }
    if scenario.verbose {
        eprintln!();
    }
    let report = report::Report::collect(
        &mut sim.chain,
        &sim.suite,
        &sim.subnets,
        &baseline,
        sim.funded,
    )?;
    if scenario.verbose {
        print!("{}", report.render());
    }
    if let Some(path) = &scenario.chart {
        chart::write(path, &report).map_err(|e| ChainError::Session(e.to_string()))?;
        if scenario.verbose {
            println!("chart of cumulative earnings: {}", path.display());
        }
    }
    Ok(report)
}

impl Sim {
    fn build(scenario: &Scenario) -> Result<Sim, ChainError> {
        let mut chain = Chain::new();
        let deployer = chain.account("deployer");
        let faucet = chain.account("faucet");
        let keeper = chain.account("keeper");
        let suite = Suite::deploy_with(
            &mut chain,
            &deployer,
            Some(&faucet),
            None,
            &simulation_governance(),
        )?;
        say(
            scenario,
            "deployed the suite: token, staking, registry, weights, emission, epoch, market, governance",
        );
        suite.lift_network_rate_limit(&mut chain)?;
        if scenario.shares == SharesRule::Market {
            // Pools of 100 TAO, so that the delegators' trades move the prices visibly.
            let small_locks = crate::suite::NetworkConfig {
                network_rate_limit: 0,
                min_lock: MARKET_LOCK,
                ..crate::suite::NetworkConfig::default()
            };
            suite
                .registry()
                .set_config(&mut chain, &deployer, small_locks)?
                .refused()?;
        }
        let mut subnets = Vec::new();
        for k in 0..scenario.subnets {
            let actors = SubnetActors::create(&mut chain, &suite, &faucet, k, scenario)?;
            say(
                scenario,
                &format!(
                    "subnet {} created by {}: {} validators, {} miners, {} delegators",
                    actors.netuid,
                    actors.owner_name,
                    actors.validators.len(),
                    actors.miners.len(),
                    actors.delegators.len()
                ),
            );
            subnets.push(actors);
        }
        suite.wire_emission(&mut chain)?;
        let parts: Vec<(NetUid, u16)> = subnets.iter().map(|s| (s.netuid, 1)).collect();
        suite
            .emission()
            .set_fixed_shares(&mut chain, &deployer, &parts)?
            .refused()?;
        let rule = if scenario.shares == SharesRule::Market {
            let emission = suite.emission();
            emission
                .use_market_shares(&mut chain, &deployer)?
                .refused()?;
            // Shares follow the prices every tempo.
            let config = interfaces::emission::EmissionConfig {
                root_tempo: u32::from(scenario.tempo),
                ..emission.config(&mut chain)?
            };
            emission
                .set_config(&mut chain, &deployer, &config)?
                .refused()?;
            "shares by the markets' moving prices"
        } else {
            "shares 1:1"
        };
        suite.hand_over_to_governance(&mut chain)?;
        say(scenario, &format!("emission wired (minter, epoch recorder, reward crediter); {rule}; every admin handed to governance"));
        if scenario.shares == SharesRule::Market {
            for subnet in &subnets {
                open_every_market(&mut chain, &suite, subnet, scenario)?;
            }
        } else {
            market_episode(&mut chain, &suite, &subnets[0], scenario)?;
        }
        let epochs = vec![0; subnets.len()];
        let funded = subnets.iter().map(|s| s.funded).sum();
        let mut sim = Sim {
            chain,
            suite,
            keeper,
            subnets,
            noise: Noise::new(scenario.seed),
            scenario: scenario.clone(),
            epochs,
            shown: None,
            funded,
            leaving: false,
        };
        // A first epoch with no weights grants the validator permits (by stake), counting the
        // stake as of the block before it starts.
        sim.chain.advance_blocks(1);
        for k in 0..sim.subnets.len() {
            while !sim
                .suite
                .registry()
                .epoch_due(&mut sim.chain, sim.subnets[k].netuid)?
            {
                sim.chain.advance_blocks(1);
            }
            sim.crank(k)?;
        }
        say(
            scenario,
            "first epochs ran on stake alone: validator permits granted",
        );
        Ok(sim)
    }

    /// One block: validators set weights when their moment comes, due epochs are cranked,
    /// and under the market rule the keeper refreshes the shares when it may.
    fn tick(&mut self) -> Result<(), ChainError> {
        self.chain.advance_blocks(1);
        if self.scenario.shares == SharesRule::Market {
            let keeper = self.keeper.clone();
            match self
                .suite
                .emission()
                .update_market_shares(&mut self.chain, &keeper)?
            {
                Ok(()) | Err(EmissionError::RootRateLimited) => {}
                Err(error) => return Err(ChainError::Session(format!("market shares: {error:?}"))),
            }
        }
        for k in 0..self.subnets.len() {
            let netuid = self.subnets[k].netuid;
            let registry = self.suite.registry();
            let tempo = registry
                .hyperparameters(&mut self.chain, netuid)?
                .map_or(1, |p| p.tempo);
            let due = registry.epoch_due(&mut self.chain, netuid)?;
            let block = self.chain.block_number();
            self.subnets[k].set_weights(
                &mut self.chain,
                &self.suite,
                block,
                tempo,
                due,
                &mut self.noise,
            )?;
            if due && self.epochs[k] < self.scenario.tempos {
                self.crank(k)?;
                self.epochs[k] += 1;
                self.subnets[k].record_epoch(&mut self.chain, &self.suite)?;
                if self.leaving {
                    self.trade_after_epoch(k)?;
                }
            }
        }
        Ok(())
    }

    fn crank(&mut self, k: usize) -> Result<u32, ChainError> {
        let netuid = self.subnets[k].netuid;
        let keeper = self.keeper.clone();
        let (_, calls) = self
            .suite
            .epoch()
            .run_epoch(&mut self.chain, &keeper, netuid, self.scenario.max_rows)?
            .refused()?;
        Ok(calls)
    }

    /// Governance doubles subnet 1's tempo: proposed by the largest delegator, voted For by
    /// every delegator, queued and executed after the timelock — while epochs keep running.
    fn pass_proposal(&mut self) -> Result<(), ChainError> {
        let settings = simulation_governance();
        let netuid = self.subnets[0].netuid;
        let tempo = u32::from(self.scenario.tempo) * 2;
        let call = Call::new(
            Contract::SubnetRegistry.name(),
            &self.suite.registry,
            "set_hyperparameter",
            &[netuid.to_string(), format!("Tempo({tempo})")],
        )?;
        let proposer = self.subnets[0].delegators[0].clone();
        let governance = self.suite.governance();
        let description = format!("double the tempo of subnet {netuid}");
        let id = governance
            .propose(&mut self.chain, &proposer, &[call], &description)?
            .refused()?;
        say(&self.scenario, &format!("\nproposal {id}: {description}"));
        for _ in 0..=settings.voting_delay {
            self.tick()?;
        }
        let voters: Vec<AccountId32> = self
            .subnets
            .iter()
            .flat_map(|s| s.delegators.iter().cloned())
            .collect();
        for voter in &voters {
            governance
                .cast_vote(&mut self.chain, voter, id, "For")?
                .refused()?;
        }
        for _ in 0..settings.voting_period {
            self.tick()?;
        }
        governance
            .queue(&mut self.chain, &proposer, id)?
            .refused()?;
        for _ in 0..settings.timelock_delay {
            self.tick()?;
        }
        governance
            .execute(&mut self.chain, &proposer, id)?
            .refused()?;
        let now = self
            .suite
            .registry()
            .hyperparameters(&mut self.chain, netuid)?
            .map_or(0, |p| p.tempo);
        say(
            &self.scenario,
            &format!(
                "proposal {id} passed ({} voters) and executed: subnet {netuid} tempo is now {now}",
                voters.len()
            ),
        );
        Ok(())
    }

    /// Under the market rule once the last subnet is abandoned, after an epoch of subnet `k`:
    /// on the last subnet everyone but its owner sells all the alpha they hold; on the others
    /// every delegator buys a little more.
    fn trade_after_epoch(&mut self, k: usize) -> Result<(), ChainError> {
        let market = self.suite.market();
        let subnet = &self.subnets[k];
        let netuid = subnet.netuid;
        let before = market.market(&mut self.chain, netuid)?.unwrap_or_default();
        let (mut alpha, mut paid) = (0, 0);
        let verb = if k + 1 == self.subnets.len() {
            let mut coldkeys = subnet.delegators.clone();
            coldkeys.extend(subnet.validators.iter().map(|v| v.operator.clone()));
            coldkeys.push(subnet.miner_owner.clone());
            for (_, _, hotkey) in subnet.named_hotkeys() {
                for coldkey in &coldkeys {
                    let held = market.alpha_of(&mut self.chain, &hotkey, netuid, coldkey)?;
                    // Dust too small to fetch a rao stays.
                    if market
                        .quote_unstake(&mut self.chain, netuid, held)?
                        .is_err()
                    {
                        continue;
                    }
                    let tao = market
                        .remove_stake(&mut self.chain, coldkey, &hotkey, netuid, held, None)?
                        .refused()?;
                    (alpha, paid) = (alpha + held, paid + tao);
                }
            }
            "everyone sells"
        } else {
            for (delegator, hotkey) in subnet.delegations() {
                let stake = MARKET_STAKE / 4;
                let bought = market
                    .add_stake(&mut self.chain, delegator, hotkey, netuid, stake, None)?
                    .refused()?;
                (alpha, paid) = (alpha + bought, paid + stake);
            }
            "delegators buy"
        };
        let after = market.market(&mut self.chain, netuid)?.unwrap_or_default();
        if self.scenario.verbose {
            eprintln!();
        }
        say(
            &self.scenario,
            &format!(
                "subnet {netuid}: {verb} {} α for {} TAO, price {} → {} TAO/α",
                tao(alpha),
                tao(paid),
                tao(before.price),
                tao(after.price)
            ),
        );
        Ok(())
    }

    fn progress(&mut self, total: u32) {
        let done: u32 = self.epochs.iter().sum();
        if !self.scenario.verbose || self.shown == Some(done) {
            return;
        }
        self.shown = Some(done);
        let all = total * self.epochs.len() as u32;
        let width = 30;
        let filled = (done * width / all.max(1)) as usize;
        eprint!(
            "\r[{}{}] {done}/{all} epochs",
            "#".repeat(filled),
            ".".repeat(width as usize - filled)
        );
    }
}

/// Under the market rule: the subnet's owner opens its market and every delegator buys
/// `MARKET_STAKE` of alpha on its validator.
fn open_every_market(
    chain: &mut Chain,
    suite: &Suite,
    subnet: &SubnetActors,
    scenario: &Scenario,
) -> Result<(), ChainError> {
    let (market, netuid) = (suite.market(), subnet.netuid);
    market
        .open_market(chain, &subnet.owner, netuid)?
        .refused()?;
    let stake = MARKET_STAKE;
    let mut bought = 0;
    for (delegator, hotkey) in subnet.delegations() {
        let quote = market.quote_stake(chain, netuid, stake)?.refused()?;
        let limit = stake_limit(&quote, DEFAULT_TOLERANCE_PPM);
        bought += market
            .add_stake(chain, delegator, hotkey, netuid, stake, Some(limit))?
            .refused()?;
    }
    let state = opened_market(chain, suite, netuid)?;
    say(
        scenario,
        &format!(
            "subnet {netuid}'s market opened with its {} TAO lock; {} delegators bought {} α for {} TAO each: price {} TAO/α",
            tao(MARKET_LOCK),
            subnet.delegators.len(),
            tao(bought),
            tao(stake),
            tao(state.price)
        ),
    );
    Ok(())
}

/// Dynamic TAO on the first subnet: its owner opens its market (the lock becomes the pool),
/// two delegators buy alpha on its first validator — the second pays more for it — and the
/// first sells half back. From then on the subnet's epochs weigh alpha (and 18% of TAO
/// stake) and pay in alpha.
fn market_episode(
    chain: &mut Chain,
    suite: &Suite,
    subnet: &SubnetActors,
    scenario: &Scenario,
) -> Result<(), ChainError> {
    let (Some(hotkey), [first, second, ..]) = (
        subnet.validators.first().map(|v| v.hotkey.clone()),
        subnet.delegators.as_slice(),
    ) else {
        return Ok(());
    };
    let market = suite.market();
    let netuid = subnet.netuid;
    let prefix = subnet.owner_name.trim_end_matches("owner");
    let lock = market
        .open_market(chain, &subnet.owner, netuid)?
        .refused()?;
    say(
        scenario,
        &format!(
            "subnet {netuid}'s market opened by {}: its {} TAO lock is the pool, 1 TAO per α",
            subnet.owner_name,
            tao(lock)
        ),
    );
    let stake = 100 * TAO;
    let mut bought = Vec::new();
    for (name, delegator) in [("delegator-0", first), ("delegator-1", second)] {
        let quote = market.quote_stake(chain, netuid, stake)?.refused()?;
        let limit = stake_limit(&quote, DEFAULT_TOLERANCE_PPM);
        let alpha = market
            .add_stake(chain, delegator, &hotkey, netuid, stake, Some(limit))?
            .refused()?;
        say(
            scenario,
            &format!(
                "  {prefix}{name} stakes {} TAO on validator-0 in subnet {netuid}: {} α (fee {} TAO), price now {} TAO/α",
                tao(stake),
                tao(alpha),
                tao(quote.fee),
                tao(quote.price_after)
            ),
        );
        bought.push(alpha);
    }
    let sold = bought[0] / 2;
    let paid = market
        .remove_stake(chain, first, &hotkey, netuid, sold, Some(1))?
        .refused()?;
    let state = opened_market(chain, suite, netuid)?;
    say(
        scenario,
        &format!(
            "  {prefix}delegator-0 sells {} α back for {} TAO; pool {} TAO / {} α, price {} TAO/α",
            tao(sold),
            tao(paid),
            tao(state.tao_reserve),
            tao(state.alpha_reserve),
            tao(state.price)
        ),
    );
    Ok(())
}

/// The state of a market the simulation has just opened.
fn opened_market(
    chain: &mut Chain,
    suite: &Suite,
    netuid: NetUid,
) -> Result<interfaces::market::MarketState, ChainError> {
    suite
        .market()
        .market(chain, netuid)?
        .ok_or_else(|| ChainError::Session("the market just opened".into()))
}

fn say(scenario: &Scenario, line: &str) {
    if scenario.verbose {
        println!("{line}");
    }
}
