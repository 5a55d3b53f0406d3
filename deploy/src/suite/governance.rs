//! Typed calls into governance, and proposals built from other contracts' messages.

use drink::AccountId32;
use interfaces::governance::{
    GovernanceError, GovernanceSettings, Proposal, ProposalCall, ProposalState,
};
use interfaces::{Balance, BlockNumber};

use crate::artifacts::bundle_path;
use crate::chain::{arg, chain_account, Backend, Chain, ChainError, Typed};
use crate::suite::Suite;

/// One call of a proposal, built from a message of a suite contract.
#[derive(Debug, Clone)]
pub struct Call {
    pub target: AccountId32,
    pub data: Vec<u8>,
}

impl Call {
    /// `message(args)` on `target`, a deployment of the contract named `contract`.
    pub fn new(
        contract: &str,
        target: &AccountId32,
        message: &str,
        args: &[String],
    ) -> Result<Call, ChainError> {
        let data = Chain::encode_message(&bundle_path(contract), message, args)?;
        Ok(Call {
            target: target.clone(),
            data,
        })
    }

    /// The call as a `ProposalCall` argument (for a proposal that proposes, say).
    pub fn as_arg(&self) -> String {
        let (selector, input) = self.data.split_at(4.min(self.data.len()));
        format!(
            "ProposalCall {{ target: {}, selector: {}, input: {}, transferred_value: 0 }}",
            self.target,
            arg::bytes(selector),
            arg::bytes(input)
        )
    }
}

/// A proposal's call as a voter reads it: `contract.message { argument: value, … }` when the
/// target is a contract of `suite` and the call decodes with its metadata; the raw target,
/// selector and arguments otherwise.
pub fn describe_call(suite: &Suite, call: &ProposalCall) -> String {
    let target = chain_account(&call.target);
    let mut data = call.selector.to_vec();
    data.extend_from_slice(&call.input);
    let decoded = suite
        .contract_name(&target)
        .and_then(|name| Some((name, Chain::decode_message(&bundle_path(name), &data).ok()?)));
    match decoded {
        Some((name, message)) => format!("{name}.{message}"),
        None => format!(
            "{target} selector {} arguments {}",
            arg::bytes(&call.selector),
            arg::bytes(&call.input)
        ),
    }
}

pub struct GovernanceClient {
    pub address: AccountId32,
}

type Outcome<T = ()> = Result<Result<T, GovernanceError>, ChainError>;

impl GovernanceClient {
    pub fn propose(
        &self,
        chain: &mut dyn Backend,
        proposer: &AccountId32,
        calls: &[Call],
        description: &str,
    ) -> Outcome<u32> {
        let calls = arg::list(calls.iter().map(Call::as_arg));
        let args = [calls, arg::bytes(description.as_bytes())];
        chain
            .act_as(proposer)
            .call(&self.address, "Governance::propose", &args)
    }

    /// `vote` is `For`, `Against` or `Abstain`.
    pub fn cast_vote(
        &self,
        chain: &mut dyn Backend,
        voter: &AccountId32,
        id: u32,
        vote: &str,
    ) -> Outcome<Balance> {
        chain.act_as(voter).call(
            &self.address,
            "Governance::cast_vote",
            &[arg::number(id), vote.to_string()],
        )
    }

    pub fn queue(&self, chain: &mut dyn Backend, caller: &AccountId32, id: u32) -> Outcome {
        chain
            .act_as(caller)
            .call(&self.address, "Governance::queue", &[arg::number(id)])
    }

    pub fn execute(&self, chain: &mut dyn Backend, caller: &AccountId32, id: u32) -> Outcome {
        chain
            .act_as(caller)
            .call(&self.address, "Governance::execute", &[arg::number(id)])
    }

    pub fn cancel(&self, chain: &mut dyn Backend, caller: &AccountId32, id: u32) -> Outcome {
        chain
            .act_as(caller)
            .call(&self.address, "Governance::cancel", &[arg::number(id)])
    }

    pub fn state(
        &self,
        chain: &mut dyn Backend,
        id: u32,
    ) -> Result<Option<ProposalState>, ChainError> {
        chain.query(&self.address, "Governance::state", &[arg::number(id)])
    }

    pub fn proposal(
        &self,
        chain: &mut dyn Backend,
        id: u32,
    ) -> Result<Option<Proposal>, ChainError> {
        chain.query(&self.address, "Governance::proposal", &[arg::number(id)])
    }

    pub fn description(
        &self,
        chain: &mut dyn Backend,
        id: u32,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        chain.query(&self.address, "description", &[arg::number(id)])
    }

    pub fn settings(&self, chain: &mut dyn Backend) -> Result<GovernanceSettings, ChainError> {
        chain.query(&self.address, "settings", &[])
    }

    pub fn set_settings(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        settings: &GovernanceSettings,
    ) -> Outcome {
        chain.act_as(caller).call(
            &self.address,
            "set_settings",
            &[arg::numbers_struct(settings)],
        )
    }

    pub fn set_guardian(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        guardian: Option<&AccountId32>,
    ) -> Outcome {
        chain.act_as(caller).call(
            &self.address,
            "set_guardian",
            &[arg::option_account(guardian)],
        )
    }

    pub fn guardian(
        &self,
        chain: &mut dyn Backend,
    ) -> Result<Option<interfaces::AccountId>, ChainError> {
        chain.query(&self.address, "guardian", &[])
    }

    /// Blocks until `block`, as a helper for lifecycle steps.
    pub fn advance_to(chain: &mut dyn Backend, block: BlockNumber) {
        let now = chain.block_number();
        if block > now {
            chain.advance_blocks(block - now);
        }
    }
}
