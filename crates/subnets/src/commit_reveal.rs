//! Hash commit-reveal of weights (spec §5.1): a validator's commits queue oldest first; a
//! commit is revealed in the epoch `reveal_period` epochs after it was made, and expires after
//! that epoch.

use alloc::vec::Vec;
use interfaces::weights::WeightsError;

pub use crate::tempo::epoch_index;

/// At most this many commits wait to be revealed per validator.
pub const MAX_PENDING_COMMITS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commit {
    pub hash: [u8; 32],
    /// The hotkey that committed, by the name it had then (the hash covers that name).
    pub committer: [u8; 32],
    /// The epoch index when it was committed.
    pub epoch: u64,
    pub block: u32,
}

fn expired(commit: &Commit, current_epoch: u64, reveal_period: u16) -> bool {
    current_epoch > commit.epoch.saturating_add(u64::from(reveal_period))
}

/// Drops expired commits from the front; returns their hashes.
fn drop_expired(queue: &mut Vec<Commit>, current_epoch: u64, reveal_period: u16) -> Vec<[u8; 32]> {
    let live = queue
        .iter()
        .position(|c| !expired(c, current_epoch, reveal_period))
        .unwrap_or(queue.len());
    queue.drain(..live).map(|c| c.hash).collect()
}

/// Queues a commit after dropping expired ones.
pub fn push(
    queue: &mut Vec<Commit>,
    commit: Commit,
    reveal_period: u16,
) -> Result<(), WeightsError> {
    drop_expired(queue, commit.epoch, reveal_period);
    if queue.len() >= MAX_PENDING_COMMITS {
        return Err(WeightsError::TooManyPendingCommits);
    }
    queue.push(commit);
    Ok(())
}

/// Consumes the commit matching `hash` (and every older one) if this is its reveal epoch.
pub fn reveal(
    queue: &mut Vec<Commit>,
    hash: [u8; 32],
    current_epoch: u64,
    reveal_period: u16,
) -> Result<(), WeightsError> {
    let expired_hashes = drop_expired(queue, current_epoch, reveal_period);
    let Some(position) = queue.iter().position(|c| c.hash == hash) else {
        return Err(if expired_hashes.contains(&hash) {
            WeightsError::CommitExpired
        } else {
            WeightsError::NoMatchingCommit
        });
    };
    let commit = queue
        .get(position)
        .copied()
        .ok_or(WeightsError::NoMatchingCommit)?;
    if current_epoch < commit.epoch.saturating_add(u64::from(reveal_period)) {
        return Err(WeightsError::RevealTooEarly);
    }
    queue.drain(..=position);
    Ok(())
}

/// The block of the earliest commit still waiting (the epoch's commit-reveal mask).
pub fn earliest_live(queue: &[Commit], current_epoch: u64, reveal_period: u16) -> Option<u32> {
    queue
        .iter()
        .find(|c| !expired(c, current_epoch, reveal_period))
        .map(|c| c.block)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(tag: u8, epoch: u64) -> Commit {
        Commit {
            hash: [tag; 32],
            committer: [0; 32],
            epoch,
            block: u32::from(tag),
        }
    }

    #[test]
    fn reveal_in_the_next_epoch_only() {
        let mut queue = Vec::new();
        push(&mut queue, commit(1, 5), 1).unwrap();
        assert_eq!(
            reveal(&mut queue.clone(), [1; 32], 5, 1),
            Err(WeightsError::RevealTooEarly)
        );
        assert_eq!(
            reveal(&mut queue.clone(), [2; 32], 6, 1),
            Err(WeightsError::NoMatchingCommit)
        );
        assert_eq!(
            reveal(&mut queue.clone(), [1; 32], 7, 1),
            Err(WeightsError::CommitExpired)
        );
        assert_eq!(reveal(&mut queue, [1; 32], 6, 1), Ok(()));
        assert!(queue.is_empty());
    }

    #[test]
    fn revealing_drops_older_commits_and_at_most_ten_wait() {
        let mut queue = Vec::new();
        for tag in 0..10 {
            push(&mut queue, commit(tag, 5), 1).unwrap();
        }
        assert_eq!(
            push(&mut queue, commit(10, 5), 1),
            Err(WeightsError::TooManyPendingCommits)
        );
        assert_eq!(earliest_live(&queue, 5, 1), Some(0));
        reveal(&mut queue, [3; 32], 6, 1).unwrap();
        assert_eq!(queue.len(), 6);
        assert_eq!(earliest_live(&queue, 6, 1), Some(4));
        // Two epochs later they have all expired and make room.
        assert_eq!(earliest_live(&queue, 7, 1), None);
        push(&mut queue, commit(11, 7), 1).unwrap();
        assert_eq!(queue.len(), 1);
    }
}
