//! `propose`: a governance proposal of one or more calls, each any governed message of a suite
//! contract typed from that contract's metadata, or one of the common changes by shortcut.
//! Everything is checked (contract, message, argument types) before anything is signed.
//!
//! ```text
//! propose [--description TEXT] CALL [+ CALL …]
//! CALL:  CONTRACT.MESSAGE [ARG …]          e.g. emission.set_fixed_shares '[(1, 1), (2, 1)]'
//!        shares NETUID=PARTS,…            emission.set_fixed_shares
//!        minimums MIN_STAKE NOMINATOR_MIN   staking.set_config, in TAO (the rate limit kept)
//!        hyperparameter NETUID CHANGE      subnet_registry.set_hyperparameter, e.g. Tempo(100)
//!        upgrade CONTRACT                  uploads the built code, then CONTRACT.set_code(hash)
//!        upgrade epoch_rows                uploads the built rows code, then
//!                                          epoch.set_rows_code(hash)
//!        NETUID CHANGE                     the hyperparameter shortcut
//! ```

use drink::AccountId32;
use interfaces::governance::ProposalCall;

use crate::artifacts::{bundle_path, Contract, DelegateCode, CONTRACTS};
use crate::chain::{arg, Backend, Typed};
use crate::error::{usage, Result};
use crate::messages;
use crate::metadata;
use crate::suite::{describe_call, Call, StakingConfig, Suite};
use crate::units::parse_tao;

/// A call of the proposal, ready to send.
struct Planned {
    call: Call,
    /// What a voter reads: the call decoded back from its bytes.
    decoded: String,
    /// The contract whose built code must be uploaded first (an upgrade), and that code's
    /// hash as the bundle records it.
    upload: Option<(String, String)>,
}

/// Splits `args` into the description (`--description TEXT`, or none) and the calls'
/// words, one list per call (`+` between calls).
fn split(args: &[String]) -> Result<(Option<String>, Vec<Vec<String>>)> {
    let mut description = None;
    let mut calls = vec![Vec::new()];
    let mut rest = args.iter();
    while let Some(word) = rest.next() {
        match word.as_str() {
            "--description" => {
                description = Some(
                    rest.next()
                        .ok_or_else(|| usage("--description needs a text"))?
                        .clone(),
                )
            }
            "+" => calls.push(Vec::new()),
            _ => calls
                .last_mut()
                .expect("one list at least")
                .push(word.clone()),
        }
    }
    if calls.iter().any(Vec::is_empty) {
        return Err(usage("a proposal needs a call on each side of `+`"));
    }
    Ok((description, calls))
}

fn address_of(suite: &Suite, contract: &str) -> Result<AccountId32> {
    suite.deployment.address(contract).ok_or_else(|| {
        usage(format!(
            "`{contract}` is not a suite contract ({})",
            CONTRACTS.join(", ")
        ))
    })
}

/// `CONTRACT.MESSAGE ARGS…` checked against the contract's metadata and encoded.
fn typed_call(suite: &Suite, contract: &str, message: &str, args: &[String]) -> Result<Call> {
    let target = address_of(suite, contract)?;
    let bundle = bundle_path(contract);
    let messages = metadata::messages(&bundle)?;
    let spec = metadata::find(&messages, message)
        .ok_or_else(|| {
            let suffix = format!("::{message}");
            let same_name: Vec<&str> = messages
                .iter()
                .filter(|m| m.label.ends_with(&suffix))
                .map(|m| m.label.as_str())
                .collect();
            if same_name.len() > 1 {
                return format!(
                    "{contract}: `{message}` could be {}; name one",
                    same_name.join(" or ")
                );
            }
            let governed: Vec<&str> = messages
                .iter()
                .filter(|m| m.governable())
                .map(|m| m.label.as_str())
                .collect();
            format!(
                "{contract} has no message `{message}`; a proposal may call {}",
                governed.join(", ")
            )
        })
        .map_err(usage)?;
    if !spec.mutates {
        return Err(usage(format!(
            "{contract}.{} only reads: a proposal has nothing to do with it",
            spec.label
        )));
    }
    if !spec.returns_result {
        return Err(usage(format!(
            "{contract}.{} does not answer a Result: governance could not tell its refusal \
             from its success",
            spec.label
        )));
    }
    Call::new(contract, &target, &spec.label, args)
        .map_err(|e| usage(format!("{contract}.{}: {e}", spec.label)))
}

/// One call from its words: a shortcut, or `CONTRACT.MESSAGE ARGS…`; and the contract whose
/// code must be uploaded before it is proposed, for an upgrade.
fn call_of(
    chain: &mut dyn Backend,
    suite: &Suite,
    words: &[String],
) -> Result<(Call, Option<(String, String)>)> {
    let (head, rest) = words.split_first().expect("split leaves no call empty");
    let want = |index: usize, what: &str| {
        rest.get(index)
            .cloned()
            .ok_or_else(|| usage(format!("`{head}` needs {what}")))
    };
    let call = match head.as_str() {
        "shares" => {
            let parts = super::pairs(&want(0, "NETUID=PARTS,…")?)?;
            let list = arg::list(
                parts
                    .iter()
                    .map(|(netuid, part)| format!("({netuid}, {part})")),
            );
            typed_call(
                suite,
                Contract::Emission.name(),
                "set_fixed_shares",
                &[list],
            )
        }
        "minimums" => {
            let min_stake = parse_tao(&want(0, "a MIN_STAKE in TAO")?)?;
            let nominator_min_stake = parse_tao(&want(1, "a NOMINATOR_MIN_STAKE in TAO")?)?;
            let current = suite.staking().config(chain)?;
            let config = StakingConfig {
                min_stake,
                nominator_min_stake,
                ..current
            };
            typed_call(
                suite,
                Contract::Staking.name(),
                messages::SET_CONFIG,
                &[arg::numbers_struct(&config)],
            )
        }
        "hyperparameter" => {
            let args = [want(0, "a NETUID")?, want(1, "a CHANGE, e.g. Tempo(100)")?];
            typed_call(
                suite,
                Contract::SubnetRegistry.name(),
                "set_hyperparameter",
                &args,
            )
        }
        "upgrade" => {
            let contract = want(0, "a CONTRACT")?;
            let hash = metadata::code_hash(&bundle_path(&contract))?;
            // The epoch contract's rows code has no address: the epoch contract switches to it.
            let call = if contract == DelegateCode::EpochRows.name() {
                typed_call(
                    suite,
                    Contract::Epoch.name(),
                    messages::SET_ROWS_CODE,
                    std::slice::from_ref(&hash),
                )?
            } else {
                address_of(suite, &contract)?;
                typed_call(suite, &contract, "set_code", std::slice::from_ref(&hash))?
            };
            return Ok((call, Some((contract, hash))));
        }
        netuid if netuid.parse::<u16>().is_ok() => {
            let change = want(0, "a CHANGE, e.g. Tempo(100)")?;
            typed_call(
                suite,
                Contract::SubnetRegistry.name(),
                "set_hyperparameter",
                &[netuid.to_string(), change],
            )
        }
        target => {
            let (contract, message) = target.split_once('.').ok_or_else(|| {
                usage(format!(
                    "`{target}` is neither CONTRACT.MESSAGE nor a shortcut (shares, minimums, \
                 hyperparameter, upgrade)"
                ))
            })?;
            typed_call(suite, contract, message, rest)
        }
    }?;
    Ok((call, None))
}

fn decoded(suite: &Suite, call: &Call) -> String {
    let (selector, input) = call.data.split_at(4.min(call.data.len()));
    let proposal_call = ProposalCall {
        target: crate::chain::ink_account(&call.target),
        selector: selector.try_into().unwrap_or_default(),
        input: input.to_vec(),
        transferred_value: 0,
    };
    describe_call(suite, &proposal_call)
}

/// Builds every call of `args` (nothing is signed if one is refused), uploads the code an
/// upgrade needs, and proposes them as `me`. Returns the new proposal's id, its description
/// and its calls decoded.
pub fn propose(
    chain: &mut dyn Backend,
    suite: &Suite,
    me: &AccountId32,
    args: &[String],
) -> Result<(u32, String, Vec<String>)> {
    let (description, words) = split(args)?;
    let planned = words
        .iter()
        .map(|words| {
            let (call, upload) = call_of(chain, suite, words)?;
            let decoded = decoded(suite, &call);
            Ok(Planned {
                call,
                decoded,
                upload,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for (contract, expected) in planned.iter().filter_map(|p| p.upload.as_ref()) {
        let uploaded = chain.act_as(me).upload(&bundle_path(contract))?;
        if arg::hash(&uploaded) != *expected {
            return Err(usage(format!(
                "{contract}: the chain hashed the uploaded code {}, the bundle says {expected}",
                arg::hash(&uploaded)
            )));
        }
    }
    let decoded: Vec<String> = planned.iter().map(|p| p.decoded.clone()).collect();
    let description = description.unwrap_or_else(|| decoded.join("; "));
    let calls: Vec<Call> = planned.into_iter().map(|p| p.call).collect();
    let id = super::settle(suite.governance().propose(chain, me, &calls, &description))?;
    Ok((id, description, decoded))
}
