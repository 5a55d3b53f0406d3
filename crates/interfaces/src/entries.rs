//! A sparse row of u16 values by uid — a validator's weights or bonds — in the smaller of two
//! encodings. A dense row of 4,096 `(uid, value)` pairs is 16 KiB, more than a storage cell, a
//! call's input or its answer may hold (pallet-contracts' 16 KiB); as a run of consecutive
//! uids it is 8 KiB, and a full subnet's row is exactly such a run.

use crate::types::Uid;
use ink::prelude::vec::Vec;

// The SCALE derive casts variant indices to u8; there are two.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Entries {
    /// (uid, value) pairs, ascending by uid.
    Pairs(Vec<(Uid, u16)>),
    /// The values of uids `first`, `first + 1`, …, each present (a value of 0 included).
    Run { first: Uid, values: Vec<u16> },
}

impl Default for Entries {
    fn default() -> Self {
        Entries::Pairs(Vec::new())
    }
}

impl Entries {
    /// `pairs` (ascending by uid) as a run when their uids are consecutive, else as pairs.
    pub fn from_pairs(pairs: Vec<(Uid, u16)>) -> Entries {
        let first = pairs.first().map_or(0, |(uid, _)| *uid);
        let consecutive = pairs.len() > 1
            && pairs.iter().enumerate().all(|(k, (uid, _))| {
                u16::try_from(k).ok().and_then(|k| first.checked_add(k)) == Some(*uid)
            });
        if consecutive {
            Entries::Run {
                first,
                values: pairs.into_iter().map(|(_, value)| value).collect(),
            }
        } else {
            Entries::Pairs(pairs)
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Entries::Pairs(pairs) => pairs.len(),
            Entries::Run { values, .. } => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The (uid, value) pairs, ascending by uid.
    pub fn iter(&self) -> impl Iterator<Item = (Uid, u16)> + '_ {
        let (pairs, first, values): (&[(Uid, u16)], Uid, &[u16]) = match self {
            Entries::Pairs(pairs) => (pairs, 0, &[]),
            Entries::Run { first, values } => (&[], *first, values),
        };
        pairs
            .iter()
            .copied()
            .chain((first..).zip(values.iter().copied()))
    }

    pub fn to_pairs(&self) -> Vec<(Uid, u16)> {
        self.iter().collect()
    }

    /// The entries of uids in `start..end`, in the same encoding.
    pub fn columns(&self, start: Uid, end: Uid) -> Entries {
        match self {
            Entries::Pairs(pairs) => Entries::Pairs(
                pairs
                    .iter()
                    .filter(|(uid, _)| (start..end).contains(uid))
                    .copied()
                    .collect(),
            ),
            Entries::Run { first, values } => {
                let from = start.max(*first);
                let skip = usize::from(from.saturating_sub(*first));
                let take = usize::from(end.saturating_sub(from));
                Entries::Run {
                    first: from,
                    values: values.iter().skip(skip).take(take).copied().collect(),
                }
            }
        }
    }

    /// At least the bytes of the SCALE encoding (to cut answers to the return buffer without
    /// encoding them).
    pub fn encoded_len(&self) -> usize {
        match self {
            Entries::Pairs(pairs) => pairs.len().saturating_mul(4).saturating_add(5),
            Entries::Run { values, .. } => values.len().saturating_mul(2).saturating_add(7),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;

    #[test]
    fn consecutive_uids_become_a_run_and_read_back_the_same() {
        let dense: Vec<(Uid, u16)> = (3..4_099u16)
            .map(|uid| (uid, uid.wrapping_mul(7)))
            .collect();
        let row = Entries::from_pairs(dense.clone());
        assert!(matches!(row, Entries::Run { first: 3, .. }));
        assert_eq!(row.to_pairs(), dense);
        assert_eq!(row.len(), 4_096);
        assert!(row.encode().len() < 8_200, "a full row fits a cell");
        assert!(row.encoded_len() >= row.encode().len());

        let gaps = vec![(0, 5), (2, 0), (3, 9)];
        let row = Entries::from_pairs(gaps.clone());
        assert_eq!(row, Entries::Pairs(gaps.clone()));
        assert_eq!(row.to_pairs(), gaps);
        assert!(row.encoded_len() >= row.encode().len());
        assert_eq!(
            Entries::from_pairs(vec![(7, 1)]),
            Entries::Pairs(vec![(7, 1)])
        );
        assert!(Entries::default().is_empty());
    }

    #[test]
    fn a_column_window_keeps_only_its_uids() {
        let run = Entries::from_pairs((10..20).map(|uid| (uid, uid)).collect());
        let expect = |start: Uid, end: Uid| -> Vec<(Uid, u16)> {
            (10..20)
                .filter(|uid| (start..end).contains(uid))
                .map(|uid| (uid, uid))
                .collect()
        };
        for (start, end) in [(0, 5), (0, 12), (12, 15), (18, 40), (25, 30), (0, 64)] {
            assert_eq!(run.columns(start, end).to_pairs(), expect(start, end));
            let pairs = Entries::Pairs(run.to_pairs());
            assert_eq!(pairs.columns(start, end).to_pairs(), expect(start, end));
        }
    }
}
