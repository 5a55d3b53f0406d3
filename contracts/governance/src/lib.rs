//! # Governance
//!
//! Stakeholders govern inktensor here: a proposal is a list of cross-contract calls; voting
//! power is the voter's stake at the proposal's snapshot block (staking's checkpoints); a
//! proposal that reaches quorum with more For than Against waits out a timelock, then executes
//! every call or none. Governance is the admin of every other contract after deployment, so
//! every privileged change passes through here. Its own settings and guardian change only by a
//! passed proposal (a call from governance to itself); the guardian may cancel a queued
//! proposal.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod lifecycle;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::governance::{GovernanceContract, GovernanceContractRef};

#[ink::contract]
mod governance {
    use crate::lifecycle::{self, MAX_CALLS, MAX_DESCRIPTION_BYTES, MAX_INPUT_BYTES};
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::env::hash::Blake2x256;
    use ink::env::CallFlags;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use interfaces::governance::{
        CallExecuted, Governance, GovernanceError, GovernanceSettings, GovernanceSettingsChanged,
        GuardianChanged, Proposal, ProposalCall, ProposalCanceled, ProposalCreated,
        ProposalExecuted, ProposalId, ProposalQueued, ProposalState, VoteCast, VoteType,
    };
    use interfaces::outcome::CallOutcome;
    use interfaces::staking::Staking;

    /// Call arguments passed through as already-encoded bytes.
    struct RawInput<'a>(&'a [u8]);

    impl ink::scale::Encode for RawInput<'_> {
        fn size_hint(&self) -> usize {
            self.0.len()
        }

        fn encode_to<T: ink::scale::Output + ?Sized>(&self, dest: &mut T) {
            dest.write(self.0);
        }
    }

    #[ink(storage)]
    pub struct GovernanceContract {
        staking: AccountId,
        /// Lazy, like the settings: a proposal executed may itself propose (a call to
        /// governance inside `execute`), and the root struct written back at the end of
        /// `execute` must not roll the counter back to an id already given out.
        next_id: Lazy<ProposalId>,
        /// Lazy: a proposal may change them through a call to governance itself while
        /// `execute` runs, and the root struct written back at its end must not undo that.
        settings: Lazy<GovernanceSettings>,
        guardian: Lazy<Option<AccountId>>,
        proposals: Mapping<ProposalId, Proposal>,
        descriptions: Mapping<ProposalId, Vec<u8>>,
        /// The For + Abstain stake a proposal needs, fixed once its snapshot has passed.
        quorums: Mapping<ProposalId, Balance>,
        votes: Mapping<(ProposalId, AccountId), VoteType>,
    }

    impl GovernanceContract {
        #[ink(constructor)]
        pub fn new(
            staking: AccountId,
            guardian: Option<AccountId>,
            settings: GovernanceSettings,
        ) -> Result<Self, GovernanceError> {
            lifecycle::check_settings(&settings)?;
            let mut contract = Self {
                staking,
                next_id: Lazy::new(),
                settings: Lazy::new(),
                guardian: Lazy::new(),
                proposals: Mapping::default(),
                descriptions: Mapping::default(),
                quorums: Mapping::default(),
                votes: Mapping::default(),
            };
            contract.settings.set(&settings);
            contract.guardian.set(&guardian);
            Ok(contract)
        }

        #[ink(message)]
        pub fn settings(&self) -> GovernanceSettings {
            self.settings.get().unwrap_or_default()
        }

        #[ink(message)]
        pub fn guardian(&self) -> Option<AccountId> {
            self.guardian.get().flatten()
        }

        #[ink(message)]
        pub fn description(&self, id: ProposalId) -> Option<Vec<u8>> {
            self.descriptions.get(id)
        }

        #[ink(message)]
        pub fn vote_of(&self, id: ProposalId, voter: AccountId) -> Option<VoteType> {
            self.votes.get((id, voter))
        }

        /// Governance itself only (a passed proposal): new settings, within their bounds.
        #[ink(message)]
        pub fn set_settings(
            &mut self,
            settings: GovernanceSettings,
        ) -> Result<(), GovernanceError> {
            self.ensure_self()?;
            lifecycle::check_settings(&settings)?;
            self.settings.set(&settings);
            self.env()
                .emit_event(GovernanceSettingsChanged { settings });
            Ok(())
        }

        /// Governance itself only (a passed proposal): a new guardian, or none.
        #[ink(message)]
        pub fn set_guardian(&mut self, guardian: Option<AccountId>) -> Result<(), GovernanceError> {
            self.ensure_self()?;
            self.guardian.set(&guardian);
            self.env().emit_event(GuardianChanged { guardian });
            Ok(())
        }

        fn ensure_self(&self) -> Result<(), GovernanceError> {
            if self.env().caller() == self.env().account_id() {
                Ok(())
            } else {
                Err(GovernanceError::NotGovernance)
            }
        }

        fn staking_ref(&self) -> ink::contract_ref!(Staking) {
            self.staking.into()
        }

        /// The quorum of `id`, reading (and fixing) it once the snapshot has passed.
        fn quorum_of(
            &self,
            id: ProposalId,
            proposal: &Proposal,
        ) -> Result<Balance, GovernanceError> {
            if let Some(quorum) = self.quorums.get(id) {
                return Ok(quorum);
            }
            if self.env().block_number() <= proposal.snapshot {
                return Ok(Balance::MAX);
            }
            let total = self
                .staking_ref()
                .get_past_total_stake(proposal.snapshot)
                .map_err(|_| GovernanceError::StakingCallFailed)?;
            Ok(lifecycle::quorum(total, self.settings().quorum_ppm))
        }

        fn fix_quorum(
            &mut self,
            id: ProposalId,
            proposal: &Proposal,
        ) -> Result<Balance, GovernanceError> {
            let quorum = self.quorum_of(id, proposal)?;
            if self.env().block_number() > proposal.snapshot {
                self.quorums.insert(id, &quorum);
            }
            Ok(quorum)
        }

        fn load(&self, id: ProposalId) -> Result<Proposal, GovernanceError> {
            self.proposals
                .get(id)
                .ok_or(GovernanceError::UnknownProposal)
        }

        fn state_of(
            &self,
            id: ProposalId,
            proposal: &Proposal,
        ) -> Result<ProposalState, GovernanceError> {
            let quorum = self.quorum_of(id, proposal)?;
            Ok(lifecycle::state(
                proposal,
                self.env().block_number(),
                self.settings().grace_period,
                quorum,
            ))
        }

        fn call(&self, call: &ProposalCall) -> bool {
            let flags = if call.target == self.env().account_id() {
                CallFlags::ALLOW_REENTRY
            } else {
                CallFlags::empty()
            };
            let result = build_call::<Environment>()
                .call(call.target)
                .transferred_value(call.transferred_value)
                .call_flags(flags)
                .exec_input(
                    ExecutionInput::new(Selector::new(call.selector))
                        .push_arg(RawInput(&call.input)),
                )
                .returns::<CallOutcome>()
                .try_invoke();
            // ink! hands back a reverted callee's answer like any other: read its outcome.
            matches!(result, Ok(Ok(CallOutcome::Succeeded)))
        }
    }

    impl Governance for GovernanceContract {
        #[ink(message)]
        fn propose(
            &mut self,
            calls: Vec<ProposalCall>,
            description: Vec<u8>,
        ) -> Result<ProposalId, GovernanceError> {
            if calls.is_empty() {
                return Err(GovernanceError::EmptyProposal);
            }
            let input_bytes = calls
                .iter()
                .fold(0usize, |acc, c| acc.saturating_add(c.input.len()));
            if calls.len() > MAX_CALLS
                || input_bytes > MAX_INPUT_BYTES
                || description.len() > MAX_DESCRIPTION_BYTES
            {
                return Err(GovernanceError::ProposalTooLarge);
            }
            let proposer = self.env().caller();
            let now = self.env().block_number();
            let settings = self.settings();
            let power = self
                .staking_ref()
                .get_past_votes(proposer, now.saturating_sub(1))
                .map_err(|_| GovernanceError::StakingCallFailed)?;
            if power < settings.proposal_threshold {
                return Err(GovernanceError::BelowProposalThreshold);
            }
            let id = self.next_id.get().unwrap_or(0);
            self.next_id
                .set(&id.checked_add(1).ok_or(GovernanceError::ProposalTooLarge)?);
            let mut hash = [0u8; 32];
            ink::env::hash_bytes::<Blake2x256>(&description, &mut hash);
            let snapshot = now.saturating_add(settings.voting_delay);
            let deadline = snapshot.saturating_add(settings.voting_period);
            let calls_count = u16::try_from(calls.len()).unwrap_or(u16::MAX);
            let proposal = Proposal {
                proposer,
                calls,
                description_hash: Hash::from(hash),
                snapshot,
                deadline,
                eta: None,
                for_votes: 0,
                against_votes: 0,
                abstain_votes: 0,
                canceled: false,
                executed: false,
            };
            self.proposals.insert(id, &proposal);
            self.descriptions.insert(id, &description);
            self.env().emit_event(ProposalCreated {
                id,
                proposer,
                calls: calls_count,
                description_hash: proposal.description_hash,
                snapshot,
                deadline,
            });
            Ok(id)
        }

        #[ink(message)]
        fn cast_vote(
            &mut self,
            id: ProposalId,
            vote: VoteType,
        ) -> Result<Balance, GovernanceError> {
            let mut proposal = self.load(id)?;
            if self.state_of(id, &proposal)? != ProposalState::Active {
                return Err(GovernanceError::InvalidState);
            }
            let voter = self.env().caller();
            if self.votes.contains((id, voter)) {
                return Err(GovernanceError::AlreadyVoted);
            }
            let weight = self
                .staking_ref()
                .get_past_votes(voter, proposal.snapshot)
                .map_err(|_| GovernanceError::StakingCallFailed)?;
            if weight == 0 {
                return Err(GovernanceError::NoVotingPower);
            }
            let tally = match vote {
                VoteType::For => &mut proposal.for_votes,
                VoteType::Against => &mut proposal.against_votes,
                VoteType::Abstain => &mut proposal.abstain_votes,
            };
            *tally = tally.saturating_add(weight);
            self.fix_quorum(id, &proposal)?;
            self.proposals.insert(id, &proposal);
            self.votes.insert((id, voter), &vote);
            self.env().emit_event(VoteCast {
                id,
                voter,
                vote,
                weight,
            });
            Ok(weight)
        }

        #[ink(message)]
        fn queue(&mut self, id: ProposalId) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            if self.state_of(id, &proposal)? != ProposalState::Succeeded {
                return Err(GovernanceError::InvalidState);
            }
            self.fix_quorum(id, &proposal)?;
            let eta = self
                .env()
                .block_number()
                .saturating_add(self.settings().timelock_delay);
            proposal.eta = Some(eta);
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ProposalQueued { id, eta });
            Ok(())
        }

        #[ink(message)]
        fn execute(&mut self, id: ProposalId) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            if self.state_of(id, &proposal)? != ProposalState::Queued {
                return Err(GovernanceError::InvalidState);
            }
            if proposal
                .eta
                .is_some_and(|eta| self.env().block_number() < eta)
            {
                return Err(GovernanceError::TimelockNotExpired);
            }
            // Marked first, so that a call back into governance sees it executed.
            proposal.executed = true;
            self.proposals.insert(id, &proposal);
            for (index, call) in proposal.calls.iter().enumerate() {
                let index = u16::try_from(index).unwrap_or(u16::MAX);
                if !self.call(call) {
                    // Returning an error reverts every call made so far: nothing is applied.
                    return Err(GovernanceError::CallFailed(index));
                }
                self.env().emit_event(CallExecuted {
                    id,
                    index,
                    target: call.target,
                    selector: call.selector,
                });
            }
            self.env().emit_event(ProposalExecuted { id });
            Ok(())
        }

        #[ink(message)]
        fn cancel(&mut self, id: ProposalId) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            let caller = self.env().caller();
            match self.state_of(id, &proposal)? {
                ProposalState::Pending if caller == proposal.proposer => {}
                ProposalState::Pending => return Err(GovernanceError::NotProposer),
                ProposalState::Queued if Some(caller) == self.guardian() => {}
                ProposalState::Queued => return Err(GovernanceError::NotGuardian),
                _ => return Err(GovernanceError::InvalidState),
            }
            proposal.canceled = true;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ProposalCanceled { id });
            Ok(())
        }

        #[ink(message)]
        fn state(&self, id: ProposalId) -> Option<ProposalState> {
            let proposal = self.proposals.get(id)?;
            self.state_of(id, &proposal).ok()
        }

        #[ink(message)]
        fn proposal(&self, id: ProposalId) -> Option<Proposal> {
            self.proposals.get(id)
        }
    }
}
