//! The keeper: whoever turns the protocol's crank. Epochs and root-share updates are open to
//! anyone once due; [`round`] does everything due now, [`run`] repeats it until stopped (a
//! set number of rounds, or Ctrl-C), backing off when the chain fails.
//!
//! Keepers are paid by the protocol: the call that finishes an epoch mints the caller
//! `EmissionConfig::keeper_fee` of the epoch's emission (at most 1%, 0 unless governance or
//! the launch file sets it).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use interfaces::emission::{EmissionError, EpochProgress, SharesRule};
use interfaces::Balance;

use crate::error::{deployment, Result};
use crate::network::Network;
use crate::ops::settle;
use crate::units::tao;

/// What a round did, one line per thing, what the keeper earned by it, and what failed.
#[derive(Debug, Default)]
pub struct Round {
    pub lines: Vec<String>,
    pub epochs: u32,
    pub earned: Balance,
    /// One line per subnet (or root update) that failed; the others went on.
    pub errors: Vec<String>,
}

/// The most calls one epoch may take in a round before the keeper gives up on it (a 4,096
/// neuron epoch takes a few hundred): a run that never ends costs gas forever otherwise.
const MAX_CALLS_PER_EPOCH: u32 = 10_000;

/// Runs subnet `netuid`'s epoch (the running one, or a new one) until it finishes or a stop
/// is asked for — it stays resumable by anyone. Its line, if it finished.
fn crank(
    chain: &mut dyn crate::chain::Backend,
    suite: &crate::suite::Suite,
    me: &drink::AccountId32,
    netuid: interfaces::NetUid,
    max_rows: u16,
) -> Result<Option<String>> {
    for calls in 1..=MAX_CALLS_PER_EPOCH {
        let progress = settle(suite.epoch().epoch_step(chain, me, netuid, max_rows))?;
        if let EpochProgress::Finished { paid, carried, .. } = progress {
            return Ok(Some(format!(
                "subnet {netuid}: epoch finished in {calls} calls; paid {} TAO, carried {} TAO",
                tao(paid),
                tao(carried)
            )));
        }
        if stop_requested() {
            return Ok(None);
        }
    }
    Err(deployment(format!(
        "subnet {netuid}: the epoch did not finish in {MAX_CALLS_PER_EPOCH} calls"
    )))
}

/// The validator rows a keeper lets one `epoch_step` read: a consensus window after the first
/// reads only its columns, so with up to 256 validators each such window is one call, and the
/// other passes are cut smaller by what a call may read (a weights answer, the copies' and
/// exact bonds' bounds).
pub const DEFAULT_MAX_ROWS: u16 = 256;

/// Every running epoch finished and every due one run to its end, `max_rows` validator rows a
/// call; then the root shares refreshed if the root network sets them and its tempo has
/// passed. A subnet that fails is reported and the others go on. Signed by the account
/// named `keeper`; the network is saved after, whatever failed.
pub fn round(network: &mut Network, keeper: &str, max_rows: u16) -> Result<Round> {
    let suite = network.suite()?;
    let me = network.account(keeper);
    let chain = network.chain();
    let before = suite.token().balance_of(chain, &me)?;
    let mut round = Round::default();
    for netuid in suite.registry().netuids(chain)? {
        let running = suite.epoch().running_epoch(chain, netuid)?.is_some();
        if !running && !suite.registry().epoch_due(chain, netuid)? {
            continue;
        }
        match crank(chain, &suite, &me, netuid, max_rows) {
            Ok(Some(line)) => {
                round.lines.push(line);
                round.epochs += 1;
            }
            Ok(None) => break,
            Err(error) => round.errors.push(format!("subnet {netuid}: {error}")),
        }
    }
    let refresh = match suite.emission().shares_rule(chain)? {
        SharesRule::Fixed => None,
        SharesRule::Root => Some(("root", suite.emission().update_root_shares(chain, &me))),
        SharesRule::Market => Some(("market", suite.emission().update_market_shares(chain, &me))),
    };
    if let Some((rule, outcome)) = refresh {
        match outcome {
            Ok(Ok(())) => round.lines.push(format!("{rule} shares updated")),
            Ok(Err(EmissionError::RootRateLimited)) => {}
            refused => {
                let error = settle(refused)
                    .err()
                    .map(|error| error.to_string())
                    .unwrap_or_default();
                round.errors.push(format!("{rule} shares: {error}"));
            }
        }
    }
    let after = suite.token().balance_of(chain, &me)?;
    round.earned = after.saturating_sub(before);
    network.save()?;
    Ok(round)
}

/// How [`run`] paces itself.
#[derive(Debug, Clone)]
pub struct Pacing {
    pub max_rows: u16,
    /// Between two rounds.
    pub interval: Duration,
    /// Stop after this many rounds (none: until Ctrl-C).
    pub rounds: Option<u64>,
    /// Seal a block before each round: a development node seals blocks only for
    /// transactions, so without this its clock stands still.
    pub seal_blocks: bool,
}

/// The longest wait after repeated failures (unless the interval is longer).
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The wait after another failure: twice the last, at least a second, at most a minute or
/// the interval if that is longer.
fn longer(backoff: Duration, interval: Duration) -> Duration {
    backoff
        .saturating_mul(2)
        .clamp(Duration::from_secs(1), MAX_BACKOFF.max(interval))
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn request_stop(signal: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
    // SAFETY: signal(2) is async-signal-safe. A second Ctrl-C kills as usual.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
    }
}

/// From now on the first Ctrl-C (or SIGTERM) asks [`run`] to stop after its current call
/// instead of killing the process halfway through a save; a second one kills.
pub fn stop_on_interrupt() {
    let handler = request_stop as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// Whether Ctrl-C (or SIGTERM) came since [`stop_on_interrupt`].
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Sleeps `duration`, waking early when a stop is asked for; true if it was.
fn pause(duration: Duration) -> bool {
    let step = Duration::from_millis(100);
    let mut slept = Duration::ZERO;
    while slept < duration {
        if stop_requested() {
            return true;
        }
        std::thread::sleep(step.min(duration - slept));
        slept += step;
    }
    stop_requested()
}

/// What a whole run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub rounds: u64,
    pub epochs: u32,
    pub earned: Balance,
    pub errors: u32,
}

/// Rounds as `keeper` until `pacing.rounds` are done or a stop is asked for; `report` gets a
/// progress line for everything done and every error (after which the next try waits twice
/// as long, up to a minute).
pub fn run(
    network: &mut Network,
    keeper: &str,
    pacing: &Pacing,
    mut report: impl FnMut(&str),
) -> Totals {
    let mut totals = Totals::default();
    let mut backoff = pacing.interval;
    let mut idle_reported = false;
    while pacing.rounds.is_none_or(|rounds| totals.rounds < rounds) {
        if stop_requested() {
            break;
        }
        if pacing.seal_blocks {
            network.chain().advance_blocks(1);
        }
        let block = network.chain().block_number();
        totals.rounds += 1;
        match round(network, keeper, pacing.max_rows) {
            Ok(done) if done.errors.is_empty() => {
                backoff = pacing.interval;
                totals.epochs += done.epochs;
                totals.earned = totals.earned.saturating_add(done.earned);
                for line in &done.lines {
                    report(&format!("block {block}: {line}"));
                }
                if done.earned > 0 {
                    report(&format!("block {block}: earned {} TAO", tao(done.earned)));
                }
                if done.lines.is_empty() && !idle_reported {
                    report(&format!("block {block}: nothing due; waiting"));
                }
                idle_reported = done.lines.is_empty();
            }
            outcome => {
                let errors = match outcome {
                    Ok(done) => {
                        totals.epochs += done.epochs;
                        totals.earned = totals.earned.saturating_add(done.earned);
                        for line in &done.lines {
                            report(&format!("block {block}: {line}"));
                        }
                        done.errors
                    }
                    Err(error) => vec![error.to_string()],
                };
                totals.errors += errors.len() as u32;
                backoff = longer(backoff, pacing.interval);
                for error in errors {
                    report(&format!(
                        "block {block}: {error}; retrying in {} s",
                        backoff.as_secs()
                    ));
                }
                idle_reported = false;
            }
        }
        let last = pacing.rounds == Some(totals.rounds);
        if !last && pause(backoff) {
            break;
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_second_up_to_a_minute_or_the_interval() {
        let six = Duration::from_secs(6);
        assert_eq!(longer(six, six), Duration::from_secs(12));
        assert_eq!(
            longer(Duration::ZERO, Duration::ZERO),
            Duration::from_secs(1)
        );
        assert_eq!(longer(Duration::from_secs(50), six), MAX_BACKOFF);
        let hour = Duration::from_secs(3_600);
        assert_eq!(longer(hour, hour), hour);
        assert_eq!(longer(Duration::MAX, six), MAX_BACKOFF);
    }
}
