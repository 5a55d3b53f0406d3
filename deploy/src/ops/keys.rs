//! Key rotation: hotkey swaps and scheduled coldkey swaps.

use std::fmt::Write as _;

use interfaces::registry::COLDKEY_SWAP_PAGE;
use interfaces::Balance;

use super::{account_or_me, network_account, settle, text, Operation};
use crate::chain::chain_account;
use crate::error::{usage, Result};
use crate::units::tao;

/// The commands this module runs.
pub(super) const COMMANDS: &[&str] = &[
    "swap-hotkey",
    "announce-coldkey-swap",
    "cancel-coldkey-swap",
    "swap-coldkey",
    "coldkey-swap",
];

/// Calls one `swap_coldkey` page may take before the command gives up: far more than any
/// coldkey's holdings need (each call moves `COLDKEY_SWAP_PAGE`).
const MAX_SWAP_CALLS: u32 = 1_000;

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
    let registry = suite.registry();
    let cost = |chain: &mut dyn crate::chain::Backend| {
        registry.config(chain).map(|config| config.key_swap_cost)
    };
    match command {
        "swap-hotkey" => {
            let old = network_account(chain, text(args.first(), "OLD_HOTKEY")?);
            let new = network_account(chain, text(args.get(1), "NEW_HOTKEY")?);
            settle(
                suite
                    .token()
                    .approve(chain, &me, &suite.registry, Balance::MAX / 4),
            )?;
            let cost = cost(chain)?;
            settle(registry.swap_hotkey(chain, &me, &old, &new))?;
            let _ = writeln!(
                out,
                "hotkey {old} is now {new}: its uids, stake, nominators, take and identity \
                 moved; burned {} TAO",
                tao(cost)
            );
        }
        "announce-coldkey-swap" => {
            let new = network_account(chain, text(args.first(), "NEW_COLDKEY")?);
            settle(
                suite
                    .token()
                    .approve(chain, &me, &suite.registry, Balance::MAX / 4),
            )?;
            let cost = cost(chain)?;
            settle(registry.announce_coldkey_swap(chain, &me, &new))?;
            let swap = registry.coldkey_swap(chain, &me)?;
            let due = swap.map_or(0, |swap| swap.due);
            let _ = writeln!(
                out,
                "{actor} announced a swap to {new}, due at block {due} (cancel before with \
                 cancel-coldkey-swap); burned {} TAO",
                tao(cost)
            );
        }
        "cancel-coldkey-swap" => {
            settle(registry.cancel_coldkey_swap(chain, &me))?;
            let _ = writeln!(out, "{actor}'s coldkey swap cancelled");
        }
        "swap-coldkey" => {
            let old = account_or_me(chain, args.first(), &me);
            for call in 1..=MAX_SWAP_CALLS {
                if settle(registry.swap_coldkey(chain, &me, &old))? {
                    let _ = writeln!(
                        out,
                        "coldkey {old} swapped in {call} call(s) (up to {COLDKEY_SWAP_PAGE} \
                         holdings each): its positions, hotkeys, votes and subnets moved"
                    );
                    return Ok(());
                }
            }
            return Err(usage(format!(
                "the swap of {old} is still running after {MAX_SWAP_CALLS} calls; run again"
            )));
        }
        "coldkey-swap" => {
            let old = account_or_me(chain, args.first(), &me);
            let now = chain.block_number();
            match registry.coldkey_swap(chain, &old)? {
                None => {
                    let _ = writeln!(out, "no coldkey swap announced for {old}");
                }
                Some(swap) => {
                    let when = if now >= swap.due {
                        "due now".to_string()
                    } else {
                        format!("due at block {} ({} blocks)", swap.due, swap.due - now)
                    };
                    let _ = writeln!(
                        out,
                        "{old} → {}: {when}{}",
                        chain_account(&swap.new),
                        if swap.started { ", started" } else { "" }
                    );
                }
            }
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    }
    Ok(())
}
