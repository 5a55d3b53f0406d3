//! btcli-style operations on a deployed network: each loads the network, acts as a named
//! account, prints the outcome and saves. A contract's refusal is shown by its error's name
//! with a one-line explanation.

use crate::artifacts::Contract;
use crate::chain::{ChainError, Refusal};
use crate::error::{usage, Result};
use crate::keeper;
use crate::network::Network;
use crate::suite::Suite;

mod govern;
mod keys;
pub(crate) mod market;
mod propose;
mod read;
mod stake;
mod subnet;

/// An operation: who acts, on which suite, with which command and arguments.
struct Operation<'a> {
    chain: &'a mut dyn crate::chain::Backend,
    suite: &'a Suite,
    me: drink::AccountId32,
    actor: &'a str,
    command: &'a str,
    args: &'a [String],
}

/// A group's runner: does the operation, writes what to print.
type Command = fn(Operation<'_>, &mut String) -> Result<()>;

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
pub fn settle<T, E: std::fmt::Debug>(outcome: Result<Result<T, E>, ChainError>) -> Result<T> {
    Ok(outcome?.refused()?)
}

/// A refusal or a failure, as a user reads it.
pub fn describe(error: &ChainError) -> String {
    match error {
        ChainError::Contract(name) => format!("refused: {name} — {}", explain(name)),
        other => other.to_string(),
    }
}

pub(crate) fn pairs(text: &str) -> Result<Vec<(u16, u16)>> {
    text.split(',')
        .map(|pair| {
            let (a, b) = pair
                .split_once('=')
                .ok_or_else(|| usage(format!("`{pair}` is not KEY=VALUE")))?;
            Ok((
                a.trim()
                    .parse()
                    .map_err(|_| usage(format!("`{a}` is not a number")))?,
                b.trim()
                    .parse()
                    .map_err(|_| usage(format!("`{b}` is not a number")))?,
            ))
        })
        .collect()
}

pub(crate) fn number<T: std::str::FromStr>(text: Option<&String>, what: &str) -> Result<T> {
    let text = text.ok_or_else(|| usage(format!("missing {what}")))?;
    text.parse()
        .map_err(|_| usage(format!("{what}: `{text}` is not a number")))
}

pub(crate) fn text<'a>(value: Option<&'a String>, what: &str) -> Result<&'a str> {
    value
        .map(String::as_str)
        .ok_or_else(|| usage(format!("missing {what}")))
}

/// Runs `command args…` as the account named `actor` on `network`. Returns what to print.
pub fn run(network: &mut Network, actor: &str, command: &str, args: &[String]) -> Result<String> {
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
    let mut out = String::new();
    let chain = network.chain();
    let group = [
        (read::COMMANDS, read::run as Command),
        (stake::COMMANDS, stake::run),
        (subnet::COMMANDS, subnet::run),
        (govern::COMMANDS, govern::run),
        (keys::COMMANDS, keys::run),
        (market::COMMANDS, market::run),
    ]
    .into_iter()
    .find(|(commands, _)| commands.contains(&command));
    match group {
        Some((_, run)) => run(
            Operation {
                chain,
                suite: &suite,
                me,
                actor,
                command,
                args,
            },
            &mut out,
        )?,
        None => return Err(usage(format!("unknown command `{command}`"))),
    }
    network.save()?;
    Ok(out)
}

pub(crate) fn network_account(
    chain: &mut dyn crate::chain::Backend,
    name: &str,
) -> drink::AccountId32 {
    name.parse().unwrap_or_else(|_| chain.account(name))
}

/// The account an optional `[ACCOUNT]` argument names, the actor's own without one.
pub(crate) fn account_or_me(
    chain: &mut dyn crate::chain::Backend,
    name: Option<&String>,
    me: &drink::AccountId32,
) -> drink::AccountId32 {
    name.map_or_else(|| me.clone(), |name| network_account(chain, name))
}

/// The suite's addresses, for `deploy` to print.
pub fn addresses(suite: &Suite) -> String {
    Contract::ALL
        .into_iter()
        .map(|contract| format!("{:<16} {}\n", contract.name(), suite.address_of(contract)))
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
        use interfaces::{
            admin, emission, governance, ledger, market, registry, staking, token, weights,
        };
        let names = [
            variants::<admin::AdminError>(),
            variants::<emission::EmissionError>(),
            variants::<governance::GovernanceError>(),
            variants::<ledger::LedgerError>(),
            variants::<market::MarketError>(),
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
