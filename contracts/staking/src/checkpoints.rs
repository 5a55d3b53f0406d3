//! Balances over time — voting power and hotkeys' total stake — one checkpoint
//! `(from_block, votes)` per block that changed them, stored in chunks of `CHUNK`: the newest
//! chunk (the open one) inside the holder's tail, each full chunk before it in a cell of its
//! own. A change then reads and writes the tail only, and writes a chunk once every `CHUNK`
//! blocks that changed the balance; a second change in the same block overwrites the block's
//! checkpoint. Never a growing vector in one cell.

use ink::prelude::vec::Vec;
use ink::storage::Mapping;
use interfaces::staking::StakingError;
use interfaces::{AccountId, Balance, BlockNumber};

/// Checkpoints per stored chunk.
pub const CHUNK: usize = CHUNK_LEN as usize;
/// `CHUNK` as a checkpoint count.
const CHUNK_LEN: u32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Checkpoint {
    pub from_block: BlockNumber,
    pub votes: Balance,
}

type Chunk = Vec<Checkpoint>;

/// Whose balance a history records.
// scale-info's derive casts variant indices to u8; three variants.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Holder {
    /// An account's voting power.
    Account(AccountId),
    /// The sum of every account's voting power.
    Total,
    /// The total stake on a hotkey (its pool's value), as epochs and the root network read it.
    Hotkey(AccountId),
}

/// The end of a history: how many checkpoints it has and the newest chunk of them. Kept in
/// `Checkpoints`, or in the holder's own record when that is written on every change anyway
/// (a hotkey's pool): recording then writes no other cell but a full chunk's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Tail {
    pub count: u32,
    /// The newest checkpoints, `CHUNK · ⌊(count − 1) / CHUNK⌋ ..count`, oldest first.
    open: Chunk,
}

impl Tail {
    /// The stored chunks before the open one.
    fn stored_chunks(&self) -> u32 {
        chunk_of(self.count.saturating_sub(1))
    }

    fn last(&self) -> Option<Checkpoint> {
        self.open.last().copied()
    }
}

/// The chunk holding checkpoint `index`.
fn chunk_of(index: u32) -> u32 {
    index.wrapping_div(CHUNK_LEN)
}

/// The votes of the last checkpoint of `checkpoints` (sorted by block) from `block` on, if any.
fn search(checkpoints: &[Checkpoint], block: BlockNumber) -> Option<Balance> {
    let after = checkpoints.partition_point(|c| c.from_block <= block);
    after.checked_sub(1).map(|i| checkpoints[i].votes)
}

/// One history per holder, all in two mappings (one storage item, so one set of keys). A
/// holder's `Tail` is kept here, unless its own record keeps it (`record_at_tail`, `at_tail`).
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Checkpoints {
    chunks: Mapping<(Holder, u32), Chunk>,
    tails: Mapping<Holder, Tail>,
}

impl Checkpoints {
    /// The latest value (0 without checkpoints).
    pub fn latest(&self, key: Holder) -> Balance {
        let tail = self.tails.get(key).unwrap_or_default();
        tail.last().map_or(0, |c| c.votes)
    }

    /// Records `change(latest)` for `key` as of `block`; returns the latest value before and
    /// the one recorded. One read and one write (and a chunk's write once every `CHUNK`
    /// blocks).
    pub fn change(
        &mut self,
        key: Holder,
        block: BlockNumber,
        change: impl FnOnce(Balance) -> Balance,
    ) -> (Balance, Balance) {
        let mut tail = self.tails.get(key).unwrap_or_default();
        let previous = tail.last().map_or(0, |c| c.votes);
        let new = change(previous);
        self.record_at_tail(key, &mut tail, block, new);
        self.tails.insert(key, &tail);
        (previous, new)
    }

    /// Records `votes` as of `block` in a history whose end `tail` keeps (see `Tail`).
    pub fn record_at_tail(
        &mut self,
        key: Holder,
        tail: &mut Tail,
        block: BlockNumber,
        votes: Balance,
    ) {
        let checkpoint = Checkpoint {
            from_block: block,
            votes,
        };
        match tail.open.last_mut() {
            Some(last) if last.from_block == block => *last = checkpoint,
            _ => {
                if tail.open.len() >= CHUNK {
                    self.chunks.insert((key, tail.stored_chunks()), &tail.open);
                    tail.open.clear();
                }
                tail.open.push(checkpoint);
                tail.count = tail.count.saturating_add(1);
            }
        }
    }

    /// The value at the end of `block`, which must be before `now`. Binary search over the
    /// stored chunks: O(log n) reads, none when `block` is in the open chunk.
    pub fn at(
        &self,
        key: Holder,
        block: BlockNumber,
        now: BlockNumber,
    ) -> Result<Balance, StakingError> {
        let tail = self.tails.get(key).unwrap_or_default();
        self.at_tail(key, &tail, block, now)
    }

    /// `at` for a history whose end `tail` keeps.
    pub fn at_tail(
        &self,
        key: Holder,
        tail: &Tail,
        block: BlockNumber,
        now: BlockNumber,
    ) -> Result<Balance, StakingError> {
        if block >= now {
            return Err(StakingError::BlockNotYetMined);
        }
        if let Some(votes) = search(&tail.open, block) {
            return Ok(votes);
        }
        // Before the open chunk: the last stored chunk whose first checkpoint is not after
        // `block` holds the answer; none does when the history starts after it.
        let chunk = |i: u32| self.chunks.get((key, i)).unwrap_or_default();
        let (mut lower, mut upper) = (0u32, tail.stored_chunks());
        let mut found = None;
        while lower < upper {
            let center = lower.saturating_add(upper.saturating_sub(lower) / 2);
            let candidate = chunk(center);
            if candidate.first().is_some_and(|c| c.from_block <= block) {
                found = Some(candidate);
                lower = center.saturating_add(1);
            } else {
                upper = center;
            }
        }
        Ok(found.and_then(|c| search(&c, block)).unwrap_or(0))
    }
}
