//! Stake-weighted governance: proposals of cross-contract calls, votes at a snapshot, a
//! timelock and execution. Sketch for the governance issue.

use crate::types::{AccountId, Balance};
use ink::prelude::vec::Vec;

pub type ProposalId = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum GovernanceError {
    NotGovernance,
    NotGuardian,
    BelowProposalThreshold,
    EmptyProposal,
    UnknownProposal,
    InvalidState,
    AlreadyVoted,
    NoVotingPower,
    TimelockNotExpired,
    CallFailed,
    StakingCallFailed,
    ParameterOutOfRange,
}

/// One call a proposal makes when executed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ProposalCall {
    pub target: AccountId,
    pub selector: [u8; 4],
    /// The SCALE-encoded arguments.
    pub input: Vec<u8>,
    pub transferred_value: Balance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum VoteType {
    Against,
    For,
    Abstain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ProposalState {
    Pending,
    Active,
    Canceled,
    Defeated,
    Succeeded,
    Queued,
    Expired,
    Executed,
}

#[ink::trait_definition]
pub trait Governance {
    #[ink(message)]
    fn propose(
        &mut self,
        calls: Vec<ProposalCall>,
        description: Vec<u8>,
    ) -> Result<ProposalId, GovernanceError>;

    #[ink(message)]
    fn cast_vote(&mut self, id: ProposalId, vote: VoteType) -> Result<Balance, GovernanceError>;

    #[ink(message)]
    fn queue(&mut self, id: ProposalId) -> Result<(), GovernanceError>;

    #[ink(message)]
    fn execute(&mut self, id: ProposalId) -> Result<(), GovernanceError>;

    #[ink(message)]
    fn cancel(&mut self, id: ProposalId) -> Result<(), GovernanceError>;

    #[ink(message)]
    fn state(&self, id: ProposalId) -> Option<ProposalState>;
}
