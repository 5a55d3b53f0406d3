//! What a simulation produced: a metagraph per subnet and where every minted rao went.

use std::fmt::Write as _;

use drink::AccountId32;
use interfaces::{Balance, NetUid, Uid};

use super::actors::{Role, SubnetActors};
use crate::chain::{Backend, Chain, ChainError};
use crate::suite::staking::epoch_stakes;
use crate::suite::Suite;
use crate::units::tao;

/// Balances and positions before the weighted epochs, to measure the flows against.
pub struct Baseline {
    minted: Balance,
    issuance: Balance,
    owners: Balance,
    miners: Balance,
    validators: Balance,
    nominators: Balance,
    pending: Balance,
    pools: PoolFlow,
    shares: Vec<u32>,
}

/// Per-category sums over every subnet.
struct Holdings {
    owners: Balance,
    miners: Balance,
    validators: Balance,
    nominators: Balance,
}

fn holdings(
    chain: &mut Chain,
    suite: &Suite,
    subnets: &[SubnetActors],
) -> Result<Holdings, ChainError> {
    let staking = suite.staking();
    let mut sums = Holdings {
        owners: 0,
        miners: 0,
        validators: 0,
        nominators: 0,
    };
    for subnet in subnets {
        sums.owners += suite.token().balance_of(chain, &subnet.owner)?;
        for miner in &subnet.miners {
            sums.miners += staking.total_stake_of(chain, &miner.hotkey)?;
        }
        for validator in &subnet.validators {
            sums.validators += staking.stake_of(chain, &validator.hotkey, &validator.operator)?;
            sums.nominators += staking.total_stake_of(chain, &validator.hotkey)?
                - staking.stake_of(chain, &validator.hotkey, &validator.operator)?;
        }
        sums.validators += staking.total_stake_of(chain, &subnet.owner_hotkey)?;
    }
    Ok(sums)
}

/// An amount taken away, as the flow lists it: "-1.2345" (0 without a sign).
fn negative(amount: Balance) -> String {
    if amount == 0 {
        tao(0)
    } else {
        format!("-{}", tao(amount))
    }
}

/// `each` subnet's amount, summed.
fn sum_over(
    subnets: &[SubnetActors],
    mut each: impl FnMut(NetUid) -> Result<Balance, ChainError>,
) -> Result<Balance, ChainError> {
    subnets
        .iter()
        .try_fold(0, |sum, s| Ok(sum + each(s.netuid)?))
}

/// TAO emission injected into the subnets' pools so far, and the root dividends paid out of
/// them to TAO stakers.
fn pools(
    chain: &mut Chain,
    suite: &Suite,
    subnets: &[SubnetActors],
) -> Result<PoolFlow, ChainError> {
    let mut flow = PoolFlow::default();
    for subnet in subnets {
        if let Some(state) = suite.market().market(chain, subnet.netuid)? {
            flow.injected += state.tao_emitted;
            flow.root_paid += state.root_tao_paid;
        }
    }
    Ok(flow)
}

#[derive(Debug, Clone, Copy, Default)]
struct PoolFlow {
    injected: Balance,
    root_paid: Balance,
}

/// Each subnet's share of the block emission, in parts per billion.
fn shares(
    chain: &mut Chain,
    suite: &Suite,
    subnets: &[SubnetActors],
) -> Result<Vec<u32>, ChainError> {
    let emissions = suite.emission().subnet_emissions(chain)?;
    Ok(subnets
        .iter()
        .map(|s| {
            emissions
                .iter()
                .find(|e| e.netuid == s.netuid)
                .map_or(0, |e| e.share_ppb)
        })
        .collect())
}

fn pending(
    chain: &mut Chain,
    suite: &Suite,
    subnets: &[SubnetActors],
) -> Result<Balance, ChainError> {
    sum_over(subnets, |netuid| {
        suite.emission().pending_emission(chain, netuid)
    })
}

impl Baseline {
    pub fn take(
        chain: &mut Chain,
        suite: &Suite,
        subnets: &[SubnetActors],
    ) -> Result<Baseline, ChainError> {
        let held = holdings(chain, suite, subnets)?;
        Ok(Baseline {
            minted: suite.emission().minted(chain)?,
            issuance: suite.emission().issuance(chain)?,
            owners: held.owners,
            miners: held.miners,
            validators: held.validators,
            nominators: held.nominators,
            pending: pending(chain, suite, subnets)?,
            pools: pools(chain, suite, subnets)?,
            shares: shares(chain, suite, subnets)?,
        })
    }
}

/// Where the TAO went during the weighted epochs (rao).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaoFlow {
    /// Released by the schedule.
    pub issued: Balance,
    pub minted: Balance,
    /// Released, not yet minted: pending in the subnets (grown by this much).
    pub pending: Balance,
    pub to_miners: Balance,
    /// The validators' operators: their take and their own stake's share.
    pub to_validators: Balance,
    pub to_nominators: Balance,
    pub to_owners: Balance,
    /// Injected into the pools of subnets paid in alpha (their participants were paid alpha).
    pub to_pools: Balance,
    /// Root dividends: TAO the validators' root alpha fetched back out of the pools, paid to
    /// their TAO stakers (and so part of `to_validators` and `to_nominators`).
    pub root_dividends: Balance,
    /// Rounding left in staking's pools (minted, credited to nobody yet).
    pub dust: Balance,
    /// Burned by registrations since the suite was deployed.
    pub burned: Balance,
}

#[derive(Debug, Clone)]
pub struct NeuronRow {
    pub uid: Uid,
    pub name: String,
    pub role: Option<Role>,
    pub stake: Balance,
    pub validator_trust: u16,
    pub consensus: u16,
    pub incentive: u16,
    pub dividends: u16,
    pub emission: Balance,
    /// Emission summed over the weighted epochs.
    pub earned: Balance,
}

/// A subnet's market at the end, and its share of the emission before and after.
#[derive(Debug, Clone)]
pub struct MarketRow {
    pub netuid: NetUid,
    pub price: Balance,
    pub moving_price: Balance,
    pub tao_reserve: Balance,
    pub alpha_emitted: Balance,
    /// Validators' root dividends recycled, never minted (the markets' prices too low to sell).
    pub root_recycled: Balance,
    /// Parts per billion of the block emission at the start of the weighted epochs.
    pub share_before: u32,
    pub share_after: u32,
}

#[derive(Debug, Clone)]
pub struct SubnetReport {
    pub netuid: NetUid,
    pub tempo: u16,
    /// Epochs paid in alpha (the subnet's market is open).
    pub in_alpha: bool,
    pub neurons: Vec<NeuronRow>,
    /// Cumulative emission per uid after each weighted epoch.
    pub cumulative: Vec<Vec<Balance>>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub subnets: Vec<SubnetReport>,
    pub flow: TaoFlow,
    /// The subnets whose market is open.
    pub markets: Vec<MarketRow>,
}

impl Report {
    pub fn collect(
        chain: &mut Chain,
        suite: &Suite,
        subnets: &[SubnetActors],
        baseline: &Baseline,
        funded: Balance,
    ) -> Result<Report, ChainError> {
        let mut reports = Vec::new();
        for subnet in subnets {
            reports.push(subnet_report(chain, suite, subnet)?);
        }
        let held = holdings(chain, suite, subnets)?;
        let minted = suite.emission().minted(chain)? - baseline.minted;
        let to_miners = held.miners - baseline.miners;
        let to_validators = held.validators - baseline.validators;
        let to_nominators = held.nominators - baseline.nominators;
        let to_owners = held.owners - baseline.owners;
        let supply = suite.token().total_supply(chain)?;
        let pool_flow = pools(chain, suite, subnets)?;
        let root_dividends = pool_flow.root_paid - baseline.pools.root_paid;
        let to_pools = pool_flow.injected - baseline.pools.injected;
        let after = shares(chain, suite, subnets)?;
        let mut markets = Vec::new();
        for (k, subnet) in subnets.iter().enumerate() {
            if let Some(state) = suite.market().market(chain, subnet.netuid)? {
                markets.push(MarketRow {
                    netuid: subnet.netuid,
                    price: state.price,
                    moving_price: state.moving_price,
                    tao_reserve: state.tao_reserve,
                    alpha_emitted: state.alpha_emitted,
                    root_recycled: state.root_alpha_recycled,
                    share_before: baseline.shares[k],
                    share_after: after[k],
                });
            }
        }
        let flow = TaoFlow {
            issued: suite.emission().issuance(chain)? - baseline.issuance,
            minted,
            pending: pending(chain, suite, subnets)?.saturating_sub(baseline.pending),
            to_miners,
            to_validators,
            to_nominators,
            to_owners,
            to_pools,
            root_dividends,
            dust: (minted + root_dividends)
                .saturating_sub(to_miners + to_validators + to_nominators + to_owners + to_pools),
            burned: (funded + suite.emission().minted(chain)?).saturating_sub(supply),
        };
        Ok(Report {
            subnets: reports,
            flow,
            markets,
        })
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for subnet in &self.subnets {
            let _ = writeln!(
                out,
                "\nmetagraph of subnet {} (tempo {}, after {} weighted epochs{})",
                subnet.netuid,
                subnet.tempo,
                subnet.cumulative.len(),
                if subnet.in_alpha {
                    "; stake = α + 18% of TAO stake, emission in α"
                } else {
                    ""
                }
            );
            let _ = writeln!(
                out,
                "{:>3}  {:<24} {:>12} {:>7} {:>7} {:>7} {:>7} {:>12} {:>12}",
                "uid", "hotkey", "stake", "vtrust", "cons", "incent", "divs", "emission", "earned"
            );
            for row in &subnet.neurons {
                let _ = writeln!(
                    out,
                    "{:>3}  {:<24} {:>12} {:>7} {:>7} {:>7} {:>7} {:>12} {:>12}",
                    row.uid,
                    row.name,
                    tao(row.stake),
                    proportion(row.validator_trust),
                    proportion(row.consensus),
                    proportion(row.incentive),
                    proportion(row.dividends),
                    tao(row.emission),
                    tao(row.earned)
                );
            }
        }
        let f = &self.flow;
        let _ = writeln!(out, "\nTAO flow over the weighted epochs");
        for (what, amount) in [
            ("released by the schedule", tao(f.issued)),
            ("minted", tao(f.minted)),
            ("  to miners (incentive, as stake)", tao(f.to_miners)),
            ("  to validators (take and own stake)", tao(f.to_validators)),
            ("  to nominators", tao(f.to_nominators)),
            ("  to subnet owners (18% cut)", tao(f.to_owners)),
            ("  into the pools of subnets paid in α", tao(f.to_pools)),
            (
                "  out of them: root dividends, to stakers",
                negative(f.root_dividends),
            ),
            ("  rounding left in staking pools", tao(f.dust)),
            ("still pending in subnets", tao(f.pending)),
            ("burned by registrations (whole run)", tao(f.burned)),
        ] {
            let _ = writeln!(out, "{what:<42} {amount:>16} TAO");
        }
        if !self.markets.is_empty() {
            let _ = writeln!(
                out,
                "\nmarkets{:>14} {:>14} {:>14} {:>14} {:>15} {:>13} {:>13}",
                "price",
                "moving price",
                "TAO in pool",
                "α emitted",
                "root α recycled",
                "share before",
                "share after"
            );
            for m in &self.markets {
                let _ = writeln!(
                    out,
                    "subnet {:<3}{:>11} {:>14} {:>14} {:>14} {:>15} {:>12.2}% {:>12.2}%",
                    m.netuid,
                    tao(m.price),
                    format!("{:.6}", m.moving_price as f64 / 1e9),
                    tao(m.tao_reserve),
                    tao(m.alpha_emitted),
                    tao(m.root_recycled),
                    f64::from(m.share_before) / 1e7,
                    f64::from(m.share_after) / 1e7
                );
            }
        }
        out
    }
}

fn subnet_report(
    chain: &mut Chain,
    suite: &Suite,
    subnet: &SubnetActors,
) -> Result<SubnetReport, ChainError> {
    let results = suite.registry().results(chain, subnet.netuid, 0, 256)?;
    let tempo = suite
        .registry()
        .hyperparameters(chain, subnet.netuid)?
        .map_or(0, |p| p.tempo);
    let mut cumulative: Vec<Vec<Balance>> = Vec::new();
    for epoch in &subnet.epochs {
        let previous = cumulative
            .last()
            .cloned()
            .unwrap_or_else(|| vec![0; epoch.len()]);
        cumulative.push(previous.iter().zip(epoch).map(|(a, b)| a + b).collect());
    }
    let earned = cumulative.last().cloned().unwrap_or_default();
    let in_alpha = suite.market().market(chain, subnet.netuid)?.is_some();
    let roles: Vec<(Uid, Role)> = subnet.validators.iter().map(|v| (v.uid, v.role)).collect();
    let mut neurons = Vec::new();
    for (uid, name, hotkey) in subnet.named_hotkeys() {
        let result = results
            .iter()
            .find(|r| r.uid == uid)
            .cloned()
            .unwrap_or_default();
        neurons.push(NeuronRow {
            uid,
            name,
            role: roles.iter().find(|(u, _)| *u == uid).map(|(_, r)| *r),
            stake: stake(chain, suite, subnet.netuid, in_alpha, &hotkey)?,
            validator_trust: result.validator_trust,
            consensus: result.consensus,
            incentive: result.incentive,
            dividends: result.dividends,
            emission: result.emission,
            earned: earned.get(usize::from(uid)).copied().unwrap_or(0),
        });
    }
    Ok(SubnetReport {
        netuid: subnet.netuid,
        tempo,
        in_alpha,
        neurons,
        cumulative,
    })
}

/// A hotkey's stake as the subnet's epochs weigh it (as of the last block).
fn stake(
    chain: &mut Chain,
    suite: &Suite,
    netuid: NetUid,
    in_alpha: bool,
    hotkey: &AccountId32,
) -> Result<Balance, ChainError> {
    if !in_alpha {
        return suite.staking().total_stake_of(chain, hotkey);
    }
    let block = chain.block_number().saturating_sub(1);
    let stakes = epoch_stakes(
        chain,
        &suite.market,
        netuid,
        std::slice::from_ref(hotkey),
        block,
    )?
    .map_err(|error| ChainError::Session(format!("epoch stakes: {error:?}")))?;
    Ok(stakes.first().copied().unwrap_or(0))
}

fn proportion(value: u16) -> String {
    format!("{:.3}", f64::from(value) / f64::from(u16::MAX))
}
