//! Stake-weighted governance: proposals of cross-contract calls, votes at a snapshot block,
//! a timelock and execution — OpenZeppelin's Governor lifecycle in one contract.

use crate::types::{AccountId, Balance, BlockNumber, Hash};
use ink::prelude::vec::Vec;

pub type ProposalId = u32;

// scale-info's derive casts variant indices to u8; the variant count is fixed and small.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum GovernanceError {
    /// Only a passed proposal (governance calling itself) may do this.
    NotGovernance,
    NotGuardian,
    /// The proposer's stake at the previous block is below the proposal threshold.
    BelowProposalThreshold,
    EmptyProposal,
    /// More calls or bytes than a proposal may carry.
    ProposalTooLarge,
    UnknownProposal,
    /// The proposal is not in a state that allows this.
    InvalidState,
    AlreadyVoted,
    NoVotingPower,
    /// Queued, but the timelock has not passed.
    TimelockNotExpired,
    /// Call number `index` of the proposal failed; nothing of the proposal was applied.
    CallFailed(u16),
    StakingCallFailed,
    ParameterOutOfRange,
    /// Only the proposer may cancel a pending proposal.
    NotProposer,
}

/// One call a proposal makes when executed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ProposalCall {
    pub target: AccountId,
    pub selector: [u8; 4],
    /// The SCALE-encoded arguments.
    pub input: Vec<u8>,
    pub transferred_value: Balance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
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

/// Governance's parameters, each bounded, changeable only by a passed proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct GovernanceSettings {
    /// Blocks between proposing and the snapshot (voting starts after it).
    pub voting_delay: BlockNumber,
    pub voting_period: BlockNumber,
    /// Share of the total stake at the snapshot that must vote For or Abstain, in parts per
    /// million.
    pub quorum_ppm: u32,
    /// Stake needed to propose.
    pub proposal_threshold: Balance,
    /// Blocks between queueing and execution.
    pub timelock_delay: BlockNumber,
    /// Blocks after the timelock during which a queued proposal may still execute.
    pub grace_period: BlockNumber,
}

impl Default for GovernanceSettings {
    /// A block's delay, a day of voting (7,200 blocks), a 4% quorum, no threshold, a day of
    /// timelock and a week of grace.
    fn default() -> Self {
        GovernanceSettings {
            voting_delay: 1,
            voting_period: 7_200,
            quorum_ppm: 40_000,
            proposal_threshold: 0,
            timelock_delay: 7_200,
            grace_period: 50_400,
        }
    }
}

impl GovernanceSettings {
    /// Whether every value is within its bound: periods up to a month (216,000 blocks), a
    /// delay up to a week, a quorum of at most everyone, a threshold of at most the supply cap.
    pub fn is_valid(&self) -> bool {
        self.voting_delay <= 50_400
            && (1..=216_000).contains(&self.voting_period)
            && (1..=1_000_000).contains(&self.quorum_ppm)
            && self.proposal_threshold <= crate::TAO_SUPPLY_CAP
            && self.timelock_delay <= 216_000
            && (1..=216_000).contains(&self.grace_period)
    }
}

/// A proposal's public record.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Proposal {
    pub proposer: AccountId,
    pub calls: Vec<ProposalCall>,
    pub description_hash: Hash,
    /// Voting power is read at the end of this block.
    pub snapshot: BlockNumber,
    pub deadline: BlockNumber,
    /// The block from which a queued proposal may execute.
    pub eta: Option<BlockNumber>,
    pub for_votes: Balance,
    pub against_votes: Balance,
    pub abstain_votes: Balance,
    pub canceled: bool,
    pub executed: bool,
}

#[ink::trait_definition]
pub trait Governance {
    /// Proposes `calls`; returns the new proposal's id.
    ///
    /// # Events
    /// `ProposalCreated`.
    /// # Errors
    /// `EmptyProposal`, `ProposalTooLarge`, `BelowProposalThreshold`.
    #[ink(message)]
    fn propose(
        &mut self,
        calls: Vec<ProposalCall>,
        description: Vec<u8>,
    ) -> Result<ProposalId, GovernanceError>;

    /// Votes with the caller's stake at the proposal's snapshot; returns that weight.
    ///
    /// # Events
    /// `VoteCast`.
    /// # Errors
    /// `UnknownProposal`, `InvalidState` (not active), `AlreadyVoted`, `NoVotingPower`.
    #[ink(message)]
    fn cast_vote(&mut self, id: ProposalId, vote: VoteType) -> Result<Balance, GovernanceError>;

    /// Puts a succeeded proposal in the timelock. Anyone may call.
    ///
    /// # Events
    /// `ProposalQueued`.
    #[ink(message)]
    fn queue(&mut self, id: ProposalId) -> Result<(), GovernanceError>;

    /// Executes a queued proposal whose timelock has passed: every call, or none.
    ///
    /// # Events
    /// `CallExecuted` per call, `ProposalExecuted`.
    #[ink(message)]
    fn execute(&mut self, id: ProposalId) -> Result<(), GovernanceError>;

    /// The proposer cancels a pending proposal; the guardian cancels a queued one.
    ///
    /// # Events
    /// `ProposalCanceled`.
    #[ink(message)]
    fn cancel(&mut self, id: ProposalId) -> Result<(), GovernanceError>;

    #[ink(message)]
    fn state(&self, id: ProposalId) -> Option<ProposalState>;

    #[ink(message)]
    fn proposal(&self, id: ProposalId) -> Option<Proposal>;
}

#[ink::event]
pub struct ProposalCreated {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub proposer: AccountId,
    pub calls: u16,
    pub description_hash: Hash,
    pub snapshot: BlockNumber,
    pub deadline: BlockNumber,
}

#[ink::event]
pub struct VoteCast {
    #[ink(topic)]
    pub id: ProposalId,
    #[ink(topic)]
    pub voter: AccountId,
    pub vote: VoteType,
    pub weight: Balance,
}

#[ink::event]
pub struct ProposalQueued {
    #[ink(topic)]
    pub id: ProposalId,
    pub eta: BlockNumber,
}

#[ink::event]
pub struct CallExecuted {
    #[ink(topic)]
    pub id: ProposalId,
    pub index: u16,
    #[ink(topic)]
    pub target: AccountId,
    pub selector: [u8; 4],
}

#[ink::event]
pub struct ProposalExecuted {
    #[ink(topic)]
    pub id: ProposalId,
}

#[ink::event]
pub struct ProposalCanceled {
    #[ink(topic)]
    pub id: ProposalId,
}

#[ink::event]
pub struct GovernanceSettingsChanged {
    pub settings: GovernanceSettings,
}

#[ink::event]
pub struct GuardianChanged {
    pub guardian: Option<AccountId>,
}
