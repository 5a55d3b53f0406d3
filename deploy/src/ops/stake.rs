//! A coldkey's stake and voting power: stake, unstake, move, hand over, takes, delegation.

use std::fmt::Write as _;

use super::{network_account, number, settle, text, Operation};
use crate::error::{usage, Result};
use crate::units::{parse_tao, tao};

/// The commands this module runs.
pub(super) const COMMANDS: &[&str] = &[
    "stake",
    "unstake",
    "move-stake",
    "transfer-stake",
    "unstake-all",
    "set-take",
    "delegate",
];

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
    match command {
        "stake" | "unstake" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let amount = parse_tao(text(args.get(1), "AMOUNT")?)?;
            if command == "stake" {
                settle(suite.token().approve(chain, &me, &suite.staking, amount))?;
                settle(suite.staking().add_stake(chain, &me, &hotkey, amount))?;
            } else {
                settle(suite.staking().remove_stake(chain, &me, &hotkey, amount))?;
            }
            let held = suite.staking().stake_of(chain, &hotkey, &me)?;
            let _ = writeln!(out, "{actor}'s stake on {hotkey}: {} TAO", tao(held));
        }
        "move-stake" => {
            let from = network_account(chain, text(args.first(), "FROM_HOTKEY")?);
            let to = network_account(chain, text(args.get(1), "TO_HOTKEY")?);
            let amount = parse_tao(text(args.get(2), "AMOUNT")?)?;
            settle(suite.staking().move_stake(chain, &me, &from, &to, amount))?;
            let held = suite.staking().stake_of(chain, &to, &me)?;
            let _ = writeln!(out, "{actor}'s stake on {to}: {} TAO", tao(held));
        }
        "transfer-stake" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let to = network_account(chain, text(args.get(1), "TO_COLDKEY")?);
            let amount = parse_tao(text(args.get(2), "AMOUNT")?)?;
            settle(
                suite
                    .staking()
                    .transfer_stake(chain, &me, &hotkey, &to, amount),
            )?;
            let held = suite.staking().stake_of(chain, &hotkey, &to)?;
            let _ = writeln!(out, "{to}'s stake on {hotkey}: {} TAO", tao(held));
        }
        "unstake-all" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let paid = settle(suite.staking().unstake_all(chain, &me, &hotkey))?;
            let _ = writeln!(out, "unstaked {} TAO from {hotkey}", tao(paid));
        }
        "delegate" => {
            let delegate = network_account(
                chain,
                text(args.first(), "ACCOUNT (yourself: take it back)")?,
            );
            settle(suite.staking().delegate(chain, &me, &delegate))?;
            let own = suite.staking().own_votes(chain, &me)?;
            let _ = if delegate == me {
                writeln!(out, "{actor} votes with its own {} TAO again", tao(own))
            } else {
                writeln!(
                    out,
                    "{actor}'s voting power ({} TAO) is lent to {delegate} from the next block",
                    tao(own)
                )
            };
        }
        "set-take" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let take: u16 = number(args.get(1), "TAKE (u16, 11796 = 18%)")?;
            settle(suite.staking().set_take(chain, &me, &hotkey, take))?;
            let _ = writeln!(out, "take of {hotkey} is now {take}/65535");
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    }
    Ok(())
}
