//! A proposal's state by block number (OpenZeppelin's Governor): Pending until the snapshot,
//! Active until the deadline, then Defeated or Succeeded, Queued once in the timelock, Expired
//! when the grace period after the timelock passes, or Canceled / Executed.

use interfaces::governance::{GovernanceError, GovernanceSettings, Proposal, ProposalState};
use interfaces::{Balance, BlockNumber};

/// The most calls one proposal may make, and the most bytes of arguments in all.
pub const MAX_CALLS: usize = 10;
pub const MAX_INPUT_BYTES: usize = 8 * 1024;
pub const MAX_DESCRIPTION_BYTES: usize = 4 * 1024;

/// The state at `now`; `quorum` is the For + Abstain stake needed (known once the snapshot passed).
pub fn state(
    proposal: &Proposal,
    now: BlockNumber,
    grace_period: BlockNumber,
    quorum: Balance,
) -> ProposalState {
    if proposal.executed {
        return ProposalState::Executed;
    }
    if proposal.canceled {
        return ProposalState::Canceled;
    }
    if now <= proposal.snapshot {
        return ProposalState::Pending;
    }
    if now <= proposal.deadline {
        return ProposalState::Active;
    }
    let turnout = proposal.for_votes.saturating_add(proposal.abstain_votes);
    if turnout < quorum || proposal.for_votes <= proposal.against_votes {
        return ProposalState::Defeated;
    }
    match proposal.eta {
        None => ProposalState::Succeeded,
        Some(eta) if now > eta.saturating_add(grace_period) => ProposalState::Expired,
        Some(_) => ProposalState::Queued,
    }
}

/// `total × ppm / 1e6`.
pub fn quorum(total_stake: Balance, quorum_ppm: u32) -> Balance {
    total_stake
        .checked_mul(Balance::from(quorum_ppm))
        .and_then(|p| p.checked_div(1_000_000))
        .unwrap_or(Balance::MAX)
}

/// Bounds every setting must keep.
pub fn check_settings(settings: &GovernanceSettings) -> Result<(), GovernanceError> {
    if settings.is_valid() {
        Ok(())
    } else {
        Err(GovernanceError::ParameterOutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interfaces::{AccountId, Hash};

    fn proposal() -> Proposal {
        Proposal {
            proposer: AccountId::from([1; 32]),
            calls: Vec::new(),
            description_hash: Hash::from([0; 32]),
            snapshot: 10,
            deadline: 20,
            eta: None,
            for_votes: 0,
            against_votes: 0,
            abstain_votes: 0,
            canceled: false,
            executed: false,
        }
    }

    #[test]
    fn the_lifecycle_by_block() {
        let mut p = proposal();
        assert_eq!(state(&p, 10, 5, 100), ProposalState::Pending);
        assert_eq!(state(&p, 11, 5, 100), ProposalState::Active);
        assert_eq!(state(&p, 20, 5, 100), ProposalState::Active);
        assert_eq!(state(&p, 21, 5, 100), ProposalState::Defeated);
        p.for_votes = 60;
        p.abstain_votes = 40;
        assert_eq!(state(&p, 21, 5, 100), ProposalState::Succeeded);
        p.against_votes = 60;
        assert_eq!(
            state(&p, 21, 5, 100),
            ProposalState::Defeated,
            "a tie is defeated"
        );
        p.against_votes = 59;
        p.eta = Some(30);
        assert_eq!(state(&p, 35, 5, 100), ProposalState::Queued);
        assert_eq!(state(&p, 36, 5, 100), ProposalState::Expired);
        p.executed = true;
        assert_eq!(state(&p, 36, 5, 100), ProposalState::Executed);
        p.canceled = true;
        assert_eq!(state(&p, 36, 5, 100), ProposalState::Executed);
    }

    #[test]
    fn quorum_counts_for_and_abstain_only() {
        let mut p = proposal();
        p.for_votes = 30;
        p.against_votes = 10;
        p.abstain_votes = 9;
        assert_eq!(state(&p, 21, 5, 40), ProposalState::Defeated);
        p.abstain_votes = 10;
        assert_eq!(state(&p, 21, 5, 40), ProposalState::Succeeded);
        assert_eq!(quorum(1_000_000, 40_000), 40_000);
    }

    #[test]
    fn settings_are_bounded() {
        let good = GovernanceSettings {
            voting_delay: 1,
            voting_period: 100,
            quorum_ppm: 40_000,
            proposal_threshold: 0,
            timelock_delay: 10,
            grace_period: 100,
        };
        assert_eq!(check_settings(&good), Ok(()));
        for bad in [
            GovernanceSettings {
                voting_period: 0,
                ..good
            },
            GovernanceSettings {
                quorum_ppm: 0,
                ..good
            },
            GovernanceSettings {
                quorum_ppm: 1_000_001,
                ..good
            },
            GovernanceSettings {
                timelock_delay: 216_001,
                ..good
            },
            GovernanceSettings {
                grace_period: 0,
                ..good
            },
        ] {
            assert_eq!(
                check_settings(&bad),
                Err(GovernanceError::ParameterOutOfRange)
            );
        }
    }
}
