//! Governance: proposals, votes, the timelock, and the admin shortcut for shares.

use std::fmt::Write as _;

use super::{number, pairs, propose, settle, text, Operation};
use crate::chain::chain_account;
use crate::error::{usage, Result};
use crate::units::tao;

/// The commands this module runs.
pub(super) const COMMANDS: &[&str] = &[
    "set-shares",
    "propose",
    "cancel",
    "proposals",
    "vote",
    "queue",
    "execute",
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
        "set-shares" => {
            let parts = pairs(text(args.first(), "NETUID=PARTS,…")?)?;
            settle(suite.emission().set_fixed_shares(chain, &me, &parts))?;
            let _ = writeln!(out, "emission split by {parts:?}");
        }
        "propose" => {
            let (id, description, calls) = propose::propose(chain, suite, &me, args)?;
            let _ = writeln!(out, "proposal {id}: {description}");
            for call in calls {
                let _ = writeln!(out, "  {call}");
            }
        }
        "cancel" => {
            let id: u32 = number(args.first(), "PROPOSAL")?;
            settle(suite.governance().cancel(chain, &me, id))?;
            let _ = writeln!(out, "proposal {id}: canceled");
        }
        "proposals" => {
            let governance = suite.governance();
            // Ids are dense from 0: list until the first that does not exist.
            for id in 0u32.. {
                let Some(proposal) = governance.proposal(chain, id)? else {
                    break;
                };
                let state = governance.state(chain, id)?;
                let description = governance.description(chain, id)?;
                let proposer = chain_account(&proposal.proposer);
                let _ = writeln!(
                    out,
                    "proposal {id} ({}) by {proposer}: {}",
                    state.map_or("unknown".into(), |s| format!("{s:?}")),
                    String::from_utf8_lossy(&description.unwrap_or_default())
                );
                for call in &proposal.calls {
                    let _ = writeln!(out, "  {}", crate::suite::describe_call(suite, call));
                }
            }
        }
        "vote" => {
            let id: u32 = number(args.first(), "PROPOSAL")?;
            let support = text(args.get(1), "For|Against|Abstain")?;
            let weight = settle(suite.governance().cast_vote(chain, &me, id, support))?;
            let _ = writeln!(
                out,
                "{actor} voted {support} on proposal {id} with {} TAO",
                tao(weight)
            );
        }
        "queue" | "execute" => {
            let id: u32 = number(args.first(), "PROPOSAL")?;
            let governance = suite.governance();
            let outcome = if command == "queue" {
                governance.queue(chain, &me, id)
            } else {
                governance.execute(chain, &me, id)
            };
            settle(outcome)?;
            let _ = writeln!(out, "proposal {id}: {command}d");
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    }
    Ok(())
}
