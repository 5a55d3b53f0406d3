//! Balances over time — voting power and hotkeys' total stake — in Compound's layout: per key,
//! a tail (the count and the last checkpoint's block) and one storage cell per checkpoint
//! `(from_block, votes)`, never a growing vector in one cell. At most one checkpoint per block:
//! a second change in the same block overwrites it, without reading it first.

use ink::storage::Mapping;
use interfaces::staking::StakingError;
use interfaces::{AccountId, Balance, BlockNumber};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Checkpoint {
    pub from_block: BlockNumber,
    pub votes: Balance,
}

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

/// Where a history ends, for a holder whose own record keeps it (a hotkey's pool, written on
/// every change anyway): recording then reads nothing and writes one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Tail {
    pub count: u32,
    pub last_block: BlockNumber,
}

/// One history per holder, all in two mappings (one storage item, so one set of keys). A
/// holder's `Tail` is kept here, unless its own record keeps it (`record_at_tail`, `at_tail`).
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Checkpoints {
    entries: Mapping<(Holder, u32), Checkpoint>,
    tails: Mapping<Holder, Tail>,
}

impl Checkpoints {
    /// The latest value (0 without checkpoints).
    pub fn latest(&self, key: Holder) -> Balance {
        let count = self.tails.get(key).unwrap_or_default().count;
        match count.checked_sub(1) {
            Some(last) => self.entries.get((key, last)).map_or(0, |c| c.votes),
            None => 0,
        }
    }

    /// Records `change(latest)` for `key` as of `block`; returns the latest value before and
    /// the one recorded. One read of the history's end, where `latest` then a record take two.
    pub fn change(
        &mut self,
        key: Holder,
        block: BlockNumber,
        change: impl FnOnce(Balance) -> Balance,
    ) -> (Balance, Balance) {
        let mut tail = self.tails.get(key).unwrap_or_default();
        let previous = match tail.count.checked_sub(1) {
            Some(last) => self.entries.get((key, last)).map_or(0, |c| c.votes),
            None => 0,
        };
        let new = change(previous);
        let before = tail;
        self.record_at_tail(key, &mut tail, block, new);
        if tail != before {
            self.tails.insert(key, &tail);
        }
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
        match tail.count.checked_sub(1) {
            Some(last) if tail.last_block == block => {
                self.entries.insert((key, last), &checkpoint);
            }
            _ => {
                self.entries.insert((key, tail.count), &checkpoint);
                *tail = Tail {
                    count: tail.count.saturating_add(1),
                    last_block: block,
                };
            }
        }
    }

    /// The value at the end of `block`, which must be before `now`. Binary search: O(log n) reads.
    pub fn at(
        &self,
        key: Holder,
        block: BlockNumber,
        now: BlockNumber,
    ) -> Result<Balance, StakingError> {
        let tail = self.tails.get(key).unwrap_or_default();
        self.at_tail(key, tail, block, now)
    }

    /// `at` for a history whose end `tail` keeps.
    pub fn at_tail(
        &self,
        key: Holder,
        tail: Tail,
        block: BlockNumber,
        now: BlockNumber,
    ) -> Result<Balance, StakingError> {
        if block >= now {
            return Err(StakingError::BlockNotYetMined);
        }
        let Some(last) = tail.count.checked_sub(1) else {
            return Ok(0);
        };
        let entry = |i: u32| self.entries.get((key, i)).unwrap_or_default();
        let latest = entry(last);
        if latest.from_block <= block {
            return Ok(latest.votes);
        }
        if entry(0).from_block > block {
            return Ok(0);
        }
        let (mut lower, mut upper) = (0u32, last);
        while upper > lower {
            // the upper middle, so that the loop always moves
            let center = upper.saturating_sub(upper.saturating_sub(lower) / 2);
            let checkpoint = entry(center);
            if checkpoint.from_block == block {
                return Ok(checkpoint.votes);
            }
            if checkpoint.from_block < block {
                lower = center;
            } else {
                upper = center.saturating_sub(1);
            }
        }
        Ok(entry(lower).votes)
    }
}
