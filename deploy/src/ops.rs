//! btcli-style operations on a deployed network: each loads the network, acts as a named
//! account, prints the outcome and saves. A contract's refusal is shown by its error's name
//! with a one-line explanation.

use std::fmt::Write as _;

use interfaces::registry::{SubnetIdentity, ValidatorIdentity};
use interfaces::{Balance, NetUid, Uid};

use crate::chain::{ChainError, Refusal};
use crate::keeper;
use crate::network::Network;
use crate::suite::Suite;
use crate::units::{parse_tao, tao};

mod propose;

/// Each error variant's one-line explanation, shared with the dApp.
const EXPLANATIONS: &str = include_str!("../../crates/interfaces/errors.json");

/// One line on why a contract said no, by the error variant's name (a tuple variant's
/// fields, as in `CallFailed(2)`, do not matter).
pub fn explain(error: &str) -> &'static str {
    let name = error.split('(').next().unwrap_or(error);
    static TABLE: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            serde_json::from_str(EXPLANATIONS).expect("errors.json is a map of names to lines")
        })
        .get(name)
        .map_or(
            "see the contract's error documentation in crates/interfaces",
            String::as_str,
        )
}

/// A call's value, or its refusal or failure as a user reads it.
pub fn settle<T, E: std::fmt::Debug>(
    outcome: Result<Result<T, E>, ChainError>,
) -> Result<T, String> {
    outcome
        .map_err(|e| describe(&e))?
        .refused()
        .map_err(|e| describe(&e))
}

/// A refusal or a failure, as a user reads it.
pub fn describe(error: &ChainError) -> String {
    match error {
        ChainError::Contract(name) => format!("refused: {name} — {}", explain(name)),
        other => other.to_string(),
    }
}

pub(crate) fn pairs(text: &str) -> Result<Vec<(u16, u16)>, String> {
    text.split(',')
        .map(|pair| {
            let (a, b) = pair
                .split_once('=')
                .ok_or(format!("`{pair}` is not KEY=VALUE"))?;
            Ok((
                a.trim()
                    .parse()
                    .map_err(|_| format!("`{a}` is not a number"))?,
                b.trim()
                    .parse()
                    .map_err(|_| format!("`{b}` is not a number"))?,
            ))
        })
        .collect()
}

fn number<T: std::str::FromStr>(text: Option<&String>, what: &str) -> Result<T, String> {
    let text = text.ok_or(format!("missing {what}"))?;
    text.parse()
        .map_err(|_| format!("{what}: `{text}` is not a number"))
}

fn text<'a>(value: Option<&'a String>, what: &str) -> Result<&'a str, String> {
    value.map(String::as_str).ok_or(format!("missing {what}"))
}

/// Runs `command args…` as the account named `actor` on `network`. Returns what to print.
pub fn run(
    network: &mut Network,
    actor: &str,
    command: &str,
    args: &[String],
) -> Result<String, String> {
    if command == "epochs" {
        let max_rows: u16 = args
            .first()
            .map_or(Ok(64), |_| number(args.first(), "MAX_ROWS"))?;
        let round = keeper::round(network, actor, max_rows)?;
        if round.lines.is_empty() {
            return Ok("no epoch is due\n".into());
        }
        return Ok(round.lines.iter().map(|line| format!("{line}\n")).collect());
    }
    let suite = network.suite()?;
    let me = network.account(actor);
    let fail = |e: ChainError| describe(&e);
    let mut out = String::new();
    let chain = network.chain();
    match command {
        "subnets" => {
            let _ = writeln!(
                out,
                "{:>6} {:<20} {:<26} {:>7} {:>6} {:>14}",
                "netuid", "name", "owner", "neurons", "tempo", "pending TAO"
            );
            for netuid in suite.registry().netuids(chain).map_err(fail)? {
                let info = suite.registry().subnet(chain, netuid).map_err(fail)?;
                let params = suite
                    .registry()
                    .hyperparameters(chain, netuid)
                    .map_err(fail)?;
                let pending = suite
                    .emission()
                    .pending_emission(chain, netuid)
                    .map_err(fail)?;
                let name = suite
                    .registry()
                    .subnet_identity(chain, netuid)
                    .map_err(fail)?
                    .map(|identity| printable(&identity.name, 20))
                    .unwrap_or_default();
                if let (Some(info), Some(params)) = (info, params) {
                    let owner = drink::AccountId32::new(*info.owner.as_ref()).to_string();
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
            let neurons = suite.registry().all_neurons(chain, netuid).map_err(fail)?;
            let results = suite.registry().all_results(chain, netuid).map_err(fail)?;
            let _ = writeln!(
                out,
                "{:>3}  {:<50} {:>12} {:>7} {:>7} {:>7} {:>7} {:>12}  name",
                "uid", "hotkey", "stake", "vtrust", "cons", "incent", "divs", "emission"
            );
            for neuron in neurons {
                let hotkey = drink::AccountId32::new(*neuron.hotkey.as_ref());
                let stake = suite
                    .staking()
                    .total_stake_of(chain, &hotkey)
                    .map_err(fail)?;
                let r = results
                    .iter()
                    .find(|r| r.uid == neuron.uid)
                    .cloned()
                    .unwrap_or_default();
                // Validators present themselves; a miner's identity is not read.
                let name = if neuron.validator_permit {
                    suite
                        .registry()
                        .validator_identity(chain, &hotkey)
                        .map_err(fail)?
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
            let who = match args.first() {
                Some(name) => network_account(chain, name),
                None => me.clone(),
            };
            let free = suite.token().balance_of(chain, &who).map_err(fail)?;
            let _ = writeln!(out, "{who}: {} TAO", tao(free));
        }
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
            let price = suite
                .registry()
                .burn_price(chain, netuid)
                .map_err(fail)?
                .unwrap_or(0);
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
            let uid: Option<Uid> = suite
                .registry()
                .uid_of(chain, netuid, &hotkey)
                .map_err(fail)?;
            let _ = writeln!(
                out,
                "registered on subnet {netuid} as uid {}; burned {} TAO",
                uid.unwrap_or_default(),
                tao(price)
            );
        }
        "stake" | "unstake" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let amount = parse_tao(text(args.get(1), "AMOUNT")?)?;
            if command == "stake" {
                settle(suite.token().approve(chain, &me, &suite.staking, amount))?;
                settle(suite.staking().add_stake(chain, &me, &hotkey, amount))?;
            } else {
                settle(suite.staking().remove_stake(chain, &me, &hotkey, amount))?;
            }
            let held = suite
                .staking()
                .stake_of(chain, &hotkey, &me)
                .map_err(fail)?;
            let _ = writeln!(out, "{actor}'s stake on {hotkey}: {} TAO", tao(held));
        }
        "positions" => {
            let who = match args.first() {
                Some(name) => network_account(chain, name),
                None => me.clone(),
            };
            let positions = suite.staking().positions(chain, &who).map_err(fail)?;
            let netuids = suite.registry().netuids(chain).map_err(fail)?;
            let _ = writeln!(out, "{:<50} {:>14}  subnets", "hotkey", "stake TAO");
            for position in &positions {
                let hotkey = drink::AccountId32::new(*position.hotkey.as_ref());
                let mut subnets = Vec::new();
                for netuid in &netuids {
                    if let Some(uid) = suite
                        .registry()
                        .uid_of(chain, *netuid, &hotkey)
                        .map_err(fail)?
                    {
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
        "move-stake" => {
            let from = network_account(chain, text(args.first(), "FROM_HOTKEY")?);
            let to = network_account(chain, text(args.get(1), "TO_HOTKEY")?);
            let amount = parse_tao(text(args.get(2), "AMOUNT")?)?;
            settle(suite.staking().move_stake(chain, &me, &from, &to, amount))?;
            let held = suite.staking().stake_of(chain, &to, &me).map_err(fail)?;
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
            let held = suite
                .staking()
                .stake_of(chain, &hotkey, &to)
                .map_err(fail)?;
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
            let own = suite.staking().own_votes(chain, &me).map_err(fail)?;
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
        "delegates" => {
            let sort = match args.first().map(String::as_str) {
                None | Some("--sort") => args.get(1).map_or("stake", String::as_str),
                Some(other) => return Err(format!("unknown flag {other}")),
            };
            let mut rows = delegates(chain, &suite)?;
            match sort {
                "stake" => rows.sort_by(|a, b| b.stake.cmp(&a.stake)),
                "take" => rows.sort_by(|a, b| a.take.cmp(&b.take)),
                "nominators" => rows.sort_by(|a, b| b.nominators.cmp(&a.nominators)),
                "return" => rows.sort_by(|a, b| b.return_per_1000.cmp(&a.return_per_1000)),
                other => {
                    return Err(format!(
                        "--sort {other}: one of stake, take, nominators, return"
                    ))
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
        "set-take" => {
            let hotkey = network_account(chain, text(args.first(), "HOTKEY")?);
            let take: u16 = number(args.get(1), "TAKE (u16, 11796 = 18%)")?;
            settle(suite.staking().set_take(chain, &me, &hotkey, take))?;
            let _ = writeln!(out, "take of {hotkey} is now {take}/65535");
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
        "set-shares" => {
            let parts = pairs(text(args.first(), "NETUID=PARTS,…")?)?;
            settle(suite.emission().set_fixed_shares(chain, &me, &parts))?;
            let _ = writeln!(out, "emission split by {parts:?}");
        }
        "advance" => {
            let blocks: u32 = number(args.first(), "BLOCKS")?;
            // A development node seals a block per transaction: the actor signs the remarks.
            chain.set_actor(&me);
            chain.advance_blocks(blocks);
            let _ = writeln!(out, "block {}", chain.block_number());
        }
        "propose" => {
            let (id, description, calls) = propose::propose(chain, &suite, &me, args)?;
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
                let Some(proposal) = governance.proposal(chain, id).map_err(fail)? else {
                    break;
                };
                let state = governance.state(chain, id).map_err(fail)?;
                let description = governance.description(chain, id).map_err(fail)?;
                let proposer = drink::AccountId32::new(*proposal.proposer.as_ref());
                let _ = writeln!(
                    out,
                    "proposal {id} ({}) by {proposer}: {}",
                    state.map_or("unknown".into(), |s| format!("{s:?}")),
                    String::from_utf8_lossy(&description.unwrap_or_default())
                );
                for call in &proposal.calls {
                    let _ = writeln!(out, "  {}", crate::suite::describe_call(&suite, call));
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
        other => return Err(format!("unknown command `{other}`")),
    }
    network.save()?;
    Ok(out)
}

/// Text for a column: valid UTF-8 cut to `width` characters.
fn printable(bytes: &[u8], width: usize) -> String {
    String::from_utf8_lossy(bytes).chars().take(width).collect()
}

/// `--flag VALUE` pairs, each of `names` at most once, as bytes in `names` order (absent:
/// empty).
fn flags(args: &[String], names: &[&str]) -> Result<Vec<Vec<u8>>, String> {
    let mut values = vec![Vec::new(); names.len()];
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let index = names.iter().position(|name| name == flag).ok_or(format!(
            "unknown flag {flag} (expected {})",
            names.join(", ")
        ))?;
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        values[index] = value.as_bytes().to_vec();
    }
    Ok(values)
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
fn delegates(
    chain: &mut dyn crate::chain::Backend,
    suite: &Suite,
) -> Result<Vec<Delegate>, String> {
    let fail = |e: ChainError| describe(&e);
    let mut earned: Vec<(drink::AccountId32, Balance)> = Vec::new();
    for netuid in suite.registry().netuids(chain).map_err(fail)? {
        for neuron in suite.registry().all_neurons(chain, netuid).map_err(fail)? {
            if !neuron.validator_permit {
                continue;
            }
            let hotkey = drink::AccountId32::new(*neuron.hotkey.as_ref());
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
            let stake = staking.total_stake_of(chain, &hotkey).map_err(fail)?;
            let take = staking.take_of(chain, &hotkey).map_err(fail)?;
            let nominators = staking.nominator_count(chain, &hotkey).map_err(fail)?;
            let name = suite
                .registry()
                .validator_identity(chain, &hotkey)
                .map_err(fail)?
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

fn network_account(chain: &mut dyn crate::chain::Backend, name: &str) -> drink::AccountId32 {
    name.parse().unwrap_or_else(|_| chain.account(name))
}

/// The suite's addresses, for `deploy` to print.
pub fn addresses(suite: &Suite) -> String {
    [
        ("tao_token", &suite.token),
        ("staking", &suite.staking),
        ("subnet_registry", &suite.registry),
        ("weights", &suite.weights),
        ("emission", &suite.emission),
        ("governance", &suite.governance),
    ]
    .iter()
    .map(|(name, address)| format!("{name:<16} {address}\n"))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::explain;
    use parity_scale_codec::Decode;

    /// The names of every variant of a unit-variant error enum, found by decoding each index.
    fn variants<E: Decode + std::fmt::Debug>() -> Vec<String> {
        (0..=u8::MAX)
            .filter_map(|index| E::decode(&mut &[index][..]).ok())
            .map(|variant| format!("{variant:?}"))
            .collect()
    }

    #[test]
    fn every_contract_error_has_an_explanation() {
        use interfaces::{admin, emission, governance, registry, staking, token, weights};
        let names = [
            variants::<admin::AdminError>(),
            variants::<emission::EmissionError>(),
            variants::<governance::GovernanceError>(),
            variants::<registry::RegistryError>(),
            variants::<staking::StakingError>(),
            variants::<token::TokenError>(),
            variants::<weights::WeightsError>(),
            variants::<interfaces::psp22::PSP22Error>(),
        ]
        .concat();
        assert!(names.len() > 40, "{names:?}");
        let missing: Vec<_> = names
            .iter()
            .filter(|name| explain(name).starts_with("see the contract"))
            .collect();
        assert!(missing.is_empty(), "no explanation for {missing:?}");
    }
}
