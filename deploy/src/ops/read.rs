//! What a network holds: subnets, metagraphs, balances, positions, delegates.

use std::fmt::Write as _;

use interfaces::{Balance, NetUid};

use super::{account_or_me, number, Operation};
use crate::chain::chain_account;
use crate::error::{usage, Result};
use crate::suite::Suite;
use crate::units::tao;

/// The commands this module runs.
pub(super) const COMMANDS: &[&str] = &["subnets", "metagraph", "balance", "positions", "delegates"];

/// Runs `op`, one of [`COMMANDS`], writing what to print to `out`.
pub(super) fn run(op: Operation<'_>, out: &mut String) -> Result<()> {
    let Operation {
        chain,
        suite,
        me,
        actor: _actor,
        command,
        args,
    } = op;
    match command {
        "subnets" => {
            let _ = writeln!(
                out,
                "{:>6} {:<20} {:<26} {:>7} {:>6} {:>14}",
                "netuid", "name", "owner", "neurons", "tempo", "pending TAO"
            );
            for netuid in suite.registry().netuids(chain)? {
                let info = suite.registry().subnet(chain, netuid)?;
                let params = suite.registry().hyperparameters(chain, netuid)?;
                let pending = suite.emission().pending_emission(chain, netuid)?;
                let name = suite
                    .registry()
                    .subnet_identity(chain, netuid)?
                    .map(|identity| printable(&identity.name, 20))
                    .unwrap_or_default();
                if let (Some(info), Some(params)) = (info, params) {
                    let owner = chain_account(&info.owner).to_string();
                    let _ = writeln!(
                        out,
                        "{netuid:>6} {name:<20} {:<26} {:>7} {:>6} {:>14}",
                        &owner[..owner.len().min(26)],
                        info.neuron_count,
                        params.tempo,
                        tao(pending)
                    );
                }
            }
        }
        "metagraph" => {
            let netuid: NetUid = number(args.first(), "NETUID")?;
            let neurons = suite.registry().all_neurons(chain, netuid)?;
            let results = suite.registry().all_results(chain, netuid)?;
            let _ = writeln!(
                out,
                "{:>3}  {:<50} {:>12} {:>7} {:>7} {:>7} {:>7} {:>12}  name",
                "uid", "hotkey", "stake", "vtrust", "cons", "incent", "divs", "emission"
            );
            for neuron in neurons {
                let hotkey = chain_account(&neuron.hotkey);
                let stake = suite.staking().total_stake_of(chain, &hotkey)?;
                let r = results
                    .iter()
                    .find(|r| r.uid == neuron.uid)
                    .cloned()
                    .unwrap_or_default();
                // Validators present themselves; a miner's identity is not read.
                let name = if neuron.validator_permit {
                    suite
                        .registry()
                        .validator_identity(chain, &hotkey)?
                        .map(|identity| printable(&identity.name, 20))
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                let p = |v: u16| format!("{:.3}", f64::from(v) / f64::from(u16::MAX));
                let _ = writeln!(
                    out,
                    "{:>3}  {:<50} {:>12} {:>7} {:>7} {:>7} {:>7} {:>12}  {name}",
                    neuron.uid,
                    hotkey.to_string(),
                    tao(stake),
                    p(r.validator_trust),
                    p(r.consensus),
                    p(r.incentive),
                    p(r.dividends),
                    tao(r.emission)
                );
            }
        }
        "balance" => {
            let who = account_or_me(chain, args.first(), &me);
            let free = suite.token().balance_of(chain, &who)?;
            let _ = writeln!(out, "{who}: {} TAO", tao(free));
        }
        "positions" => {
            let who = account_or_me(chain, args.first(), &me);
            let positions = suite.staking().positions(chain, &who)?;
            let netuids = suite.registry().netuids(chain)?;
            let _ = writeln!(out, "{:<50} {:>14}  subnets", "hotkey", "stake TAO");
            for position in &positions {
                let hotkey = chain_account(&position.hotkey);
                let mut subnets = Vec::new();
                for netuid in &netuids {
                    if let Some(uid) = suite.registry().uid_of(chain, *netuid, &hotkey)? {
                        subnets.push(format!("{netuid} (uid {uid})"));
                    }
                }
                let subnets = if subnets.is_empty() {
                    "none (deregistered)".to_string()
                } else {
                    subnets.join(", ")
                };
                let _ = writeln!(
                    out,
                    "{:<50} {:>14}  {subnets}",
                    hotkey.to_string(),
                    tao(position.stake)
                );
            }
            if positions.is_empty() {
                let _ = writeln!(out, "{who} holds no stake");
            }
        }
        "delegates" => {
            let sort = match args.first().map(String::as_str) {
                None | Some("--sort") => args.get(1).map_or("stake", String::as_str),
                Some(other) => return Err(usage(format!("unknown flag {other}"))),
            };
            let mut rows = delegates(chain, suite)?;
            match sort {
                "stake" => rows.sort_by(|a, b| b.stake.cmp(&a.stake)),
                "take" => rows.sort_by(|a, b| a.take.cmp(&b.take)),
                "nominators" => rows.sort_by(|a, b| b.nominators.cmp(&a.nominators)),
                "return" => rows.sort_by(|a, b| b.return_per_1000.cmp(&a.return_per_1000)),
                other => {
                    return Err(usage(format!(
                        "--sort {other}: one of stake, take, nominators, return"
                    )))
                }
            }
            let _ = writeln!(
                out,
                "{:<20} {:<50} {:>12} {:>6} {:>10} {:>14}",
                "name", "hotkey", "stake TAO", "take", "nominators", "TAO/1000/epoch"
            );
            for row in rows {
                let _ = writeln!(
                    out,
                    "{:<20} {:<50} {:>12} {:>5.2}% {:>10} {:>14}",
                    row.name,
                    row.hotkey.to_string(),
                    tao(row.stake),
                    f64::from(row.take) * 100.0 / f64::from(u16::MAX),
                    row.nominators,
                    tao(row.return_per_1000)
                );
            }
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    }
    Ok(())
}

/// Text for a column: valid UTF-8 cut to `width` characters.
fn printable(bytes: &[u8], width: usize) -> String {
    String::from_utf8_lossy(bytes).chars().take(width).collect()
}

/// A validator as a delegator compares them.
struct Delegate {
    name: String,
    hotkey: drink::AccountId32,
    stake: Balance,
    take: u16,
    nominators: u32,
    /// What 1,000 TAO staked on it earned in its last epochs (every subnet), after the take.
    return_per_1000: Balance,
}

/// Every hotkey holding a validator permit on some subnet, with what it earned there.
fn delegates(chain: &mut dyn crate::chain::Backend, suite: &Suite) -> Result<Vec<Delegate>> {
    let mut earned: Vec<(drink::AccountId32, Balance)> = Vec::new();
    for netuid in suite.registry().netuids(chain)? {
        for neuron in suite.registry().all_neurons(chain, netuid)? {
            if !neuron.validator_permit {
                continue;
            }
            let hotkey = chain_account(&neuron.hotkey);
            match earned.iter_mut().find(|(h, _)| *h == hotkey) {
                Some((_, total)) => *total = total.saturating_add(neuron.emission),
                None => earned.push((hotkey, neuron.emission)),
            }
        }
    }
    earned
        .into_iter()
        .map(|(hotkey, emission)| {
            let staking = suite.staking();
            let stake = staking.total_stake_of(chain, &hotkey)?;
            let take = staking.take_of(chain, &hotkey)?;
            let nominators = staking.nominator_count(chain, &hotkey)?;
            let name = suite
                .registry()
                .validator_identity(chain, &hotkey)?
                .map(|identity| printable(&identity.name, 20))
                .unwrap_or_default();
            let after_take =
                emission.saturating_mul(Balance::from(u16::MAX - take)) / Balance::from(u16::MAX);
            let return_per_1000 = after_take
                .saturating_mul(1_000 * interfaces::RAO_PER_TAO)
                .checked_div(stake)
                .unwrap_or(0);
            Ok(Delegate {
                name,
                hotkey,
                stake,
                take,
                nominators,
                return_per_1000,
            })
        })
        .collect()
}
