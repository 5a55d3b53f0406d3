//! Subnets and neurons: creation, registration, weights, identities; and the clock.

use std::fmt::Write as _;

use interfaces::registry::{SubnetIdentity, ValidatorIdentity};
use interfaces::{Balance, NetUid, Uid};

use super::{network_account, number, pairs, settle, text, Operation};
use crate::error::{usage, Result};
use crate::units::tao;

/// The commands this module runs.
pub(super) const COMMANDS: &[&str] = &[
    "create-subnet",
    "register",
    "set-weights",
    "set-identity",
    "set-subnet-identity",
    "advance",
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
        "create-subnet" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            settle(
                suite
                    .token()
                    .approve(chain, &me, &suite.registry, Balance::MAX / 4),
            )?;
            let netuid = settle(suite.registry().create_subnet(chain, &me, &hotkey))?;
            let _ = writeln!(
                out,
                "subnet {netuid} created, owned by {actor}, owner hotkey uid 0"
            );
        }
        "register" => {
            let netuid: NetUid = number(args.first(), "NETUID")?;
            let hotkey = network_account(chain, text(args.get(1), "HOTKEY")?);
            let price = suite.registry().burn_price(chain, netuid)?.unwrap_or(0);
            settle(
                suite
                    .token()
                    .approve(chain, &me, &suite.registry, Balance::MAX / 4),
            )?;
            settle(
                suite
                    .registry()
                    .register(chain, &me, netuid, &hotkey, Balance::MAX),
            )?;
            let uid: Option<Uid> = suite.registry().uid_of(chain, netuid, &hotkey)?;
            let _ = writeln!(
                out,
                "registered on subnet {netuid} as uid {}; burned {} TAO",
                uid.unwrap_or_default(),
                tao(price)
            );
        }
        "set-identity" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let fields = flags(&args[1..], &["--name", "--url", "--description", "--image"])?;
            let identity = ValidatorIdentity {
                name: fields[0].clone(),
                url: fields[1].clone(),
                description: fields[2].clone(),
                image_url: fields[3].clone(),
            };
            settle(
                suite
                    .registry()
                    .set_validator_identity(chain, &me, &hotkey, &identity),
            )?;
            let _ = writeln!(out, "identity of {hotkey} set");
        }
        "set-subnet-identity" => {
            let netuid: NetUid = number(args.first(), "NETUID")?;
            let fields = flags(
                &args[1..],
                &["--name", "--description", "--url", "--contact"],
            )?;
            let identity = SubnetIdentity {
                name: fields[0].clone(),
                description: fields[1].clone(),
                url: fields[2].clone(),
                contact: fields[3].clone(),
            };
            settle(
                suite
                    .registry()
                    .set_subnet_identity(chain, &me, netuid, &identity),
            )?;
            let _ = writeln!(out, "identity of subnet {netuid} set");
        }
        "set-weights" => {
            let netuid: NetUid = number(args.first(), "NETUID")?;
            let weights = pairs(text(args.get(1), "UID=WEIGHT,…")?)?;
            let (uids, values): (Vec<u16>, Vec<u16>) = weights.into_iter().unzip();
            settle(
                suite
                    .weights()
                    .set_weights(chain, &me, netuid, &uids, &values, 0),
            )?;
            let _ = writeln!(
                out,
                "weights set on subnet {netuid} for {} uids",
                uids.len()
            );
        }
        "advance" => {
            let blocks: u32 = number(args.first(), "BLOCKS")?;
            // A development node seals a block per transaction: the actor signs the remarks.
            chain.set_actor(&me);
            chain.advance_blocks(blocks);
            let _ = writeln!(out, "block {}", chain.block_number());
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    }
    Ok(())
}

/// `--flag VALUE` pairs, each of `names` at most once, as bytes in `names` order (absent:
/// empty).
fn flags(args: &[String], names: &[&str]) -> Result<Vec<Vec<u8>>> {
    let mut values = vec![Vec::new(); names.len()];
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let index = names.iter().position(|name| name == flag).ok_or_else(|| {
            usage(format!(
                "unknown flag {flag} (expected {})",
                names.join(", ")
            ))
        })?;
        let value = rest
            .next()
            .ok_or_else(|| usage(format!("{flag} needs a value")))?;
        values[index] = value.as_bytes().to_vec();
    }
    Ok(values)
}
