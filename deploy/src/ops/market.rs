//! Dynamic TAO's markets: open a subnet's pool, read it, preview a swap, stake into a subnet
//! and out of it with a slippage limit.

use std::fmt::Write as _;

use interfaces::market::SwapQuote;
use interfaces::{Balance, NetUid};

use super::{account_or_me, network_account, number, settle, text, Operation};
use crate::error::{usage, Result};
use crate::units::{parse_tao, tao};

/// The commands this module runs.
pub(super) const COMMANDS: &[&str] = &[
    "open-market",
    "market",
    "quote",
    "stake-alpha",
    "unstake-alpha",
    "alpha",
    "move-swapped-alpha",
];

/// The slippage a swap accepts unless told otherwise: 0.5% past the price its quote leaves
/// (btcli's default tolerance).
pub(crate) const DEFAULT_TOLERANCE_PPM: Balance = 5_000;
const PPM: Balance = 1_000_000;

/// A stake's price limit: the price its quote leaves, `tolerance_ppm` above it.
pub(crate) fn stake_limit(quote: &SwapQuote, tolerance_ppm: Balance) -> Balance {
    quote.price_after.saturating_mul(PPM + tolerance_ppm) / PPM
}

/// An unstake's price limit: the price its quote leaves, `tolerance_ppm` below it.
fn unstake_limit(quote: &SwapQuote, tolerance_ppm: Balance) -> Balance {
    quote.price_after.saturating_mul(PPM - tolerance_ppm) / PPM
}

/// A tolerance written in percent (`0.5` is 0.5%), as parts per million.
fn tolerance(text: Option<&String>) -> Result<Balance> {
    let Some(text) = text else {
        return Ok(DEFAULT_TOLERANCE_PPM);
    };
    let bad = || {
        usage(format!(
            "tolerance `{text}`: a percentage from 0 to 100, such as 0.5"
        ))
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 4 {
        return Err(bad());
    }
    let whole: Balance = whole.parse().map_err(|_| bad())?;
    let fraction: Balance = format!("{fraction:0<4}").parse().map_err(|_| bad())?;
    let ppm = whole * 10_000 + fraction;
    if ppm > PPM {
        return Err(bad());
    }
    Ok(ppm)
}

/// A price (rao per alpha) as TAO per alpha.
fn price(rao: Balance) -> String {
    format!("{} TAO/α", tao(rao))
}

/// How far a swap moves the price, in percent with two decimals.
fn impact(before: Balance, after: Balance) -> String {
    if before == 0 {
        return "n/a".into();
    }
    let change = (after.abs_diff(before) * 10_000) / before;
    let sign = if after >= before { '+' } else { '-' };
    format!("{sign}{}.{:02}%", change / 100, change % 100)
}

/// A stake's quote: what it buys, its fee (in TAO, what goes in) and the price it leaves.
fn describe_quote(out: &mut String, before: Balance, q: &SwapQuote) {
    let _ = writeln!(
        out,
        "staking {} TAO gets {} α (fee {} TAO); the price moves {} → {} ({})",
        tao(q.amount_in),
        tao(q.amount_out),
        tao(q.fee),
        price(before),
        price(q.price_after),
        impact(before, q.price_after)
    );
}

/// Runs `op`, one of [`COMMANDS`], writing what to print to `out`.
pub(super) fn run(op: Operation<'_>, out: &mut String) -> Result<()> {
    let Operation {
        chain,
        suite,
        me,
        actor,
        command,
        args,
    } = op;
    let market = suite.market();
    let netuid_at = |index: usize| -> Result<NetUid> { number(args.get(index), "NETUID") };
    match command {
        "open-market" => {
            let netuid = netuid_at(0)?;
            let lock = settle(market.open_market(chain, &me, netuid))?;
            let _ = writeln!(
                out,
                "subnet {netuid}'s market is open: {} TAO against {} α",
                tao(lock),
                tao(lock)
            );
        }
        "market" => {
            let netuid = netuid_at(0)?;
            match market.market(chain, netuid)? {
                None => {
                    let _ = writeln!(out, "subnet {netuid} has no market");
                }
                Some(state) => {
                    let (sum, threshold) = market.root_sale_terms(chain)?;
                    let _ = writeln!(
                        out,
                        "subnet {netuid}: price {}, moving price {}\n  pool {} TAO / {} α, staked {} α\n  emitted so far: {} TAO into the pool, {} α (epochs paid in α)\n  root dividends so far: {} α sold for {} TAO, paid to validators' TAO stakers; {} α recycled\n  root dividends are sold while the markets' moving prices add up to more than {} (now {})",
                        price(state.price),
                        price(state.moving_price),
                        tao(state.tao_reserve),
                        tao(state.alpha_reserve),
                        tao(state.alpha_staked),
                        tao(state.tao_emitted),
                        tao(state.alpha_emitted),
                        tao(state.root_alpha_sold),
                        tao(state.root_tao_paid),
                        tao(state.root_alpha_recycled),
                        price(threshold),
                        price(sum)
                    );
                }
            }
        }
        "quote" => {
            let netuid = netuid_at(0)?;
            let amount = parse_tao(text(args.get(1), "TAO")?)?;
            let before = spot(chain, suite, netuid)?;
            let quote = settle(market.quote_stake(chain, netuid, amount))?;
            describe_quote(out, before, &quote);
        }
        "stake-alpha" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let netuid = netuid_at(1)?;
            let amount = parse_tao(text(args.get(2), "TAO")?)?;
            let tolerance = tolerance(args.get(3))?;
            let quote = settle(market.quote_stake(chain, netuid, amount))?;
            let limit = stake_limit(&quote, tolerance);
            settle(suite.token().approve(chain, &me, &suite.market, amount))?;
            let bought =
                settle(market.add_stake(chain, &me, &hotkey, netuid, amount, Some(limit)))?;
            let held = market.alpha_of(chain, &hotkey, netuid, &me)?;
            let _ = writeln!(
                out,
                "bought {} α for {} TAO (limit {}); {actor}'s stake on {hotkey} in subnet {netuid}: {} α",
                tao(bought),
                tao(amount),
                price(limit),
                tao(held)
            );
        }
        "unstake-alpha" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let netuid = netuid_at(1)?;
            let alpha = parse_tao(text(args.get(2), "ALPHA")?)?;
            let tolerance = tolerance(args.get(3))?;
            let quote = settle(market.quote_unstake(chain, netuid, alpha))?;
            let limit = unstake_limit(&quote, tolerance);
            let paid =
                settle(market.remove_stake(chain, &me, &hotkey, netuid, alpha, Some(limit)))?;
            let held = market.alpha_of(chain, &hotkey, netuid, &me)?;
            let _ = writeln!(
                out,
                "sold {} α for {} TAO (limit {}); {actor}'s stake on {hotkey} in subnet {netuid}: {} α",
                tao(alpha),
                tao(paid),
                price(limit),
                tao(held)
            );
        }
        "alpha" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let netuid = netuid_at(1)?;
            let who = account_or_me(chain, args.get(2), &me);
            let held = market.alpha_of(chain, &hotkey, netuid, &who)?;
            let value = match market.quote_unstake(chain, netuid, held)? {
                Ok(quote) if held > 0 => format!("{} TAO if sold now", tao(quote.amount_out)),
                _ => "nothing to sell".into(),
            };
            let _ = writeln!(
                out,
                "{who} on {hotkey} in subnet {netuid}: {} α ({value})",
                tao(held)
            );
        }
        "move-swapped-alpha" => {
            let old = network_account(chain, text(args.first(), "OLD_COLDKEY")?);
            let hotkey = network_account(chain, text(args.get(1), "HOTKEY")?);
            let netuid = netuid_at(2)?;
            let moved = settle(market.move_swapped_alpha(chain, &me, &old, &hotkey, netuid))?;
            let _ = writeln!(
                out,
                "{} α of {old} on {hotkey} in subnet {netuid} moved to its swap successor",
                tao(moved)
            );
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    }
    Ok(())
}

/// The subnet's spot price, or a refusal naming the missing market.
fn spot(
    chain: &mut dyn crate::chain::Backend,
    suite: &crate::suite::Suite,
    netuid: NetUid,
) -> Result<Balance> {
    match suite.market().market(chain, netuid)? {
        Some(state) => Ok(state.price),
        None => Err(usage(format!("subnet {netuid} has no market"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_read_as_percent_and_impact_prints_signed() {
        assert_eq!(tolerance(None).unwrap(), 5_000);
        assert_eq!(tolerance(Some(&"1".into())).unwrap(), 10_000);
        assert_eq!(tolerance(Some(&"0.25".into())).unwrap(), 2_500);
        assert!(tolerance(Some(&"101".into())).is_err());
        assert!(tolerance(Some(&"0.00001".into())).is_err());
        assert_eq!(impact(1_000_000_000, 1_209_944_609), "+20.99%");
        assert_eq!(impact(1_209_944_609, 1_000_091_539), "-17.34%");
    }
}
