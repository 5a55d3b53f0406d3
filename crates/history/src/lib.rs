//! Balances over time — voting power, a hotkey's total stake, a hotkey's alpha on a subnet — one
//! checkpoint `(from_block, votes)` per block that changed them, stored in chunks of `CHUNK`:
//! the newest chunk (the open one) inside the holder's tail, each full chunk before it in a
//! cell of its own. A change then reads and writes the tail only, and writes a chunk once every
//! `CHUNK` blocks that changed the balance; a second change in the same block overwrites the
//! block's checkpoint. Never a growing vector in one cell.
//!
//! Whose balance a history records is the key of `Checkpoints<K>`: each contract names its
//! holders its own way.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use ink::storage::Mapping;

type Balance = u128;
type BlockNumber = u32;

/// Asked for a block that is not over yet: its balances may still change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockNotYetMined;

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
#[derive(Debug)]
pub struct Checkpoints<K: Key> {
    chunks: Mapping<(K, u32), Chunk>,
    tails: Mapping<K, Tail>,
}

impl<K: Key> Default for Checkpoints<K> {
    fn default() -> Self {
        Checkpoints {
            chunks: Mapping::default(),
            tails: Mapping::default(),
        }
    }
}

/// What may key a history: any small copyable value the storage can hash (and, for the
/// contracts' metadata, describe).
#[cfg(feature = "std")]
pub trait Key:
    Copy + ink::scale::Encode + ink::scale::EncodeLike + ink::scale_info::TypeInfo + 'static
{
}

#[cfg(feature = "std")]
impl<T> Key for T where
    T: Copy + ink::scale::Encode + ink::scale::EncodeLike + ink::scale_info::TypeInfo + 'static
{
}

/// What may key a history: any small copyable value the storage can hash.
#[cfg(not(feature = "std"))]
pub trait Key: Copy + ink::scale::Encode + ink::scale::EncodeLike + 'static {}

#[cfg(not(feature = "std"))]
impl<T> Key for T where T: Copy + ink::scale::Encode + ink::scale::EncodeLike + 'static {}

impl<K: Key> Checkpoints<K> {
    /// The latest value (0 without checkpoints).
    pub fn latest(&self, key: K) -> Balance {
        let tail = self.tails.get(key).unwrap_or_default();
        tail.last().map_or(0, |c| c.votes)
    }

    /// Records `change(latest)` for `key` as of `block`; returns the latest value before and
    /// the one recorded. One read and one write (and a chunk's write once every `CHUNK`
    /// blocks).
    pub fn change(
        &mut self,
        key: K,
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
    pub fn record_at_tail(&mut self, key: K, tail: &mut Tail, block: BlockNumber, votes: Balance) {
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
        key: K,
        block: BlockNumber,
        now: BlockNumber,
    ) -> Result<Balance, BlockNotYetMined> {
        let tail = self.tails.get(key).unwrap_or_default();
        self.at_tail(key, &tail, block, now)
    }

    /// `at` for a history whose end `tail` keeps.
    pub fn at_tail(
        &self,
        key: K,
        tail: &Tail,
        block: BlockNumber,
        now: BlockNumber,
    ) -> Result<Balance, BlockNotYetMined> {
        if block >= now {
            return Err(BlockNotYetMined);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Holders as a contract would name them: (kind, who).
    const ACCOUNT_BOB: (u8, u32) = (0, 2);
    const ACCOUNT_CHARLIE: (u8, u32) = (0, 3);
    const HOTKEY_BOB: (u8, u32) = (1, 2);
    const TOTAL: (u8, u32) = (2, 0);

    #[ink::test]
    fn checkpoints_answer_for_past_blocks_only() {
        let mut checkpoints = Checkpoints::default();
        let bob = ACCOUNT_BOB;
        assert_eq!(checkpoints.change(bob, 2, |v| v + 10), (0, 10));
        assert_eq!(checkpoints.change(bob, 2, |v| v + 5), (10, 15));
        assert_eq!(checkpoints.change(bob, 5, |_| 40), (15, 40));
        checkpoints.change(bob, 9, |_| 0);
        checkpoints.change(TOTAL, 3, |_| 7);
        let at = |block| checkpoints.at(bob, block, 20);
        assert_eq!(
            [at(1), at(2), at(4), at(5), at(8), at(9), at(19)],
            [0, 15, 15, 40, 40, 0, 0].map(Ok)
        );
        let not_yet = Err(BlockNotYetMined);
        assert_eq!(checkpoints.at(bob, 20, 20), not_yet);
        assert_eq!(checkpoints.at(ACCOUNT_CHARLIE, 3, 20), Ok(0));
        assert_eq!(checkpoints.at(TOTAL, 3, 20), Ok(7));
        assert_eq!(checkpoints.latest(bob), 0);
    }

    #[ink::test]
    fn a_history_kept_at_its_tail_answers_like_a_counted_one() {
        let mut checkpoints = Checkpoints::default();
        let (counted, tailed) = (ACCOUNT_BOB, HOTKEY_BOB);
        let mut tail = Tail::default();
        for (block, value) in [(2, 10), (2, 15), (5, 40), (9, 0), (9, 7)] {
            checkpoints.change(counted, block, |_| value);
            checkpoints.record_at_tail(tailed, &mut tail, block, value);
        }
        assert_eq!(tail.count, 3);
        for block in 0..12 {
            assert_eq!(
                checkpoints.at_tail(tailed, &tail, block, 12),
                checkpoints.at(counted, block, 12),
                "block {block}"
            );
        }
        assert_eq!(checkpoints.at_tail(tailed, &tail, 10, 12), Ok(7));
    }

    #[ink::test]
    fn a_history_of_many_chunks_answers_every_block_like_a_list() {
        let mut checkpoints = Checkpoints::default();
        let (counted, tailed) = (ACCOUNT_BOB, HOTKEY_BOB);
        let mut tail = Tail::default();
        // The value at the end of each block, as a plain list; some blocks change twice,
        // some not at all, and the history spans several stored chunks.
        let mut expected: Vec<(BlockNumber, Balance)> = Vec::new();
        let mut seed = 7u32;
        let mut block = 3;
        for step in 0..100u32 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            block += (seed >> 16) % 3;
            let value = Balance::from(seed >> 8) + Balance::from(step);
            checkpoints.change(counted, block, |_| value);
            checkpoints.record_at_tail(tailed, &mut tail, block, value);
            match expected.last_mut() {
                Some(last) if last.0 == block => last.1 = value,
                _ => expected.push((block, value)),
            }
        }
        assert_eq!(tail.count as usize, expected.len());
        assert!(expected.len() > 4 * CHUNK);
        let now = block + 1;
        for at in 0..now {
            let want = expected
                .iter()
                .rev()
                .find(|(from, _)| *from <= at)
                .map_or(0, |(_, v)| *v);
            assert_eq!(checkpoints.at(counted, at, now), Ok(want), "block {at}");
            assert_eq!(checkpoints.at_tail(tailed, &tail, at, now), Ok(want));
        }
        assert_eq!(
            checkpoints.latest(counted),
            expected.last().map_or(0, |e| e.1)
        );
    }
}
