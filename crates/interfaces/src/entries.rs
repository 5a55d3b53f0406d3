//! A sparse row of u16 values by uid — a validator's weights or bonds — in the smallest of
//! three encodings. A dense row of 4,096 `(uid, value)` pairs is 16 KiB, more than a storage
//! cell, a call's input or its answer may hold (pallet-contracts' 16 KiB); as a run of
//! consecutive uids it is 8 KiB, and a full subnet's weight row is exactly such a run. A
//! validator's bonds skip its own uid (self-weight is masked), so a full subnet's bond row is
//! a run with a hole: a span, still 8 KiB.

use crate::types::Uid;
use ink::prelude::vec::Vec;

// The SCALE derive casts variant indices to u8; there are three.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Entries {
    /// (uid, value) pairs, ascending by uid.
    Pairs(Vec<(Uid, u16)>),
    /// The values of uids `first`, `first + 1`, …, each present (a value of 0 included).
    Run { first: Uid, values: Vec<u16> },
    /// The values of uids `first`, `first + 1`, … except the `missing` ones (ascending): two
    /// bytes a value plus two a hole, where pairs take four a value.
    Span {
        first: Uid,
        missing: Vec<Uid>,
        values: Vec<u16>,
    },
}

impl Default for Entries {
    fn default() -> Self {
        Entries::Pairs(Vec::new())
    }
}

impl Entries {
    /// `pairs` (ascending by uid) as a run when their uids are consecutive, as a span when
    /// they have fewer holes than entries (less than pairs take), else as pairs.
    pub fn from_pairs(pairs: Vec<(Uid, u16)>) -> Entries {
        let Some(missing) = holes(&pairs) else {
            return Entries::Pairs(pairs);
        };
        let first = pairs.first().map_or(0, |(uid, _)| *uid);
        let values = pairs.into_iter().map(|(_, value)| value).collect();
        if missing.is_empty() {
            Entries::Run { first, values }
        } else {
            Entries::Span {
                first,
                missing,
                values,
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Entries::Pairs(pairs) => pairs.len(),
            Entries::Run { values, .. } | Entries::Span { values, .. } => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The (uid, value) pairs, ascending by uid.
    pub fn iter(&self) -> impl Iterator<Item = (Uid, u16)> + '_ {
        let (pairs, present) = match self {
            Entries::Pairs(pairs) => (pairs.as_slice(), Present::new(0, &[], &[])),
            Entries::Run { first, values } => (&[][..], Present::new(*first, &[], values)),
            Entries::Span {
                first,
                missing,
                values,
            } => (&[][..], Present::new(*first, missing, values)),
        };
        pairs.iter().copied().chain(present)
    }

    /// The (uid, value) pairs, ascending by uid, in a vector of exactly their number: a run,
    /// the form of every dense row, is one pass that pairs its values with their uids.
    pub fn to_pairs(&self) -> Vec<(Uid, u16)> {
        match self {
            Entries::Pairs(pairs) => pairs.clone(),
            Entries::Run { first, values } => values
                .iter()
                .zip(*first..=Uid::MAX)
                .map(|(value, uid)| (uid, *value))
                .collect(),
            Entries::Span { values, .. } => {
                let mut pairs = Vec::with_capacity(values.len());
                pairs.extend(self.iter());
                pairs
            }
        }
    }

    /// The entries of uids in `start..end`.
    pub fn columns(&self, start: Uid, end: Uid) -> Entries {
        match self {
            Entries::Run { first, values } => {
                let from = start.max(*first);
                let skip = usize::from(from.saturating_sub(*first));
                let take = usize::from(end.saturating_sub(from));
                Entries::Run {
                    first: from,
                    values: values.iter().skip(skip).take(take).copied().collect(),
                }
            }
            _ => Entries::from_pairs(
                self.iter()
                    .filter(|(uid, _)| (start..end).contains(uid))
                    .collect(),
            ),
        }
    }

    /// These entries followed by `next`'s, whose uids all come after these: a run continued by
    /// the next uids' run stays one run, without visiting the values pair by pair.
    pub fn followed_by(self, next: Entries) -> Entries {
        if next.is_empty() {
            return self;
        }
        if self.is_empty() {
            return next;
        }
        match (self, next) {
            (
                Entries::Run { first, mut values },
                Entries::Run {
                    first: next_first,
                    values: more,
                },
            ) if usize::from(first).saturating_add(values.len()) == usize::from(next_first) => {
                values.extend(more);
                Entries::Run { first, values }
            }
            (this, next) => Entries::from_pairs(this.iter().chain(next.iter()).collect()),
        }
    }

    /// At least the bytes of the SCALE encoding (to cut answers to the return buffer without
    /// encoding them).
    pub fn encoded_len(&self) -> usize {
        match self {
            Entries::Pairs(pairs) => pairs.len().saturating_mul(4).saturating_add(5),
            Entries::Run { values, .. } => values.len().saturating_mul(2).saturating_add(7),
            Entries::Span {
                missing, values, ..
            } => values
                .len()
                .saturating_add(missing.len())
                .saturating_mul(2)
                .saturating_add(11),
        }
    }
}

/// The uids a run from the first to the last of `pairs` would hold and `pairs` do not, when
/// that is a smaller encoding than pairs: fewer holes than entries, more than one entry,
/// strictly ascending uids.
fn holes(pairs: &[(Uid, u16)]) -> Option<Vec<Uid>> {
    if pairs.len() < 2 {
        return None;
    }
    let mut missing = Vec::new();
    let mut expected = u32::from(pairs.first()?.0);
    for &(uid, _) in pairs {
        let gap = u32::from(uid).checked_sub(expected)?;
        if missing.len().saturating_add(gap as usize).saturating_add(1) >= pairs.len() {
            return None;
        }
        missing.extend((expected..u32::from(uid)).filter_map(|hole| Uid::try_from(hole).ok()));
        expected = u32::from(uid).saturating_add(1);
    }
    Some(missing)
}

/// The present entries of a run or a span, in order.
struct Present<'a> {
    next: u32,
    missing: &'a [Uid],
    values: core::slice::Iter<'a, u16>,
}

impl<'a> Present<'a> {
    fn new(first: Uid, missing: &'a [Uid], values: &'a [u16]) -> Self {
        Present {
            next: u32::from(first),
            missing,
            values: values.iter(),
        }
    }
}

impl Iterator for Present<'_> {
    type Item = (Uid, u16);

    fn next(&mut self) -> Option<(Uid, u16)> {
        let value = *self.values.next()?;
        while let Some((&hole, rest)) = self.missing.split_first() {
            if u32::from(hole) > self.next {
                break;
            }
            if u32::from(hole) == self.next {
                self.next = self.next.saturating_add(1);
            }
            self.missing = rest;
        }
        let uid = Uid::try_from(self.next).ok()?;
        self.next = self.next.saturating_add(1);
        Some((uid, value))
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

        let sparse = vec![(0, 5), (2, 0), (5, 9)];
        let row = Entries::from_pairs(sparse.clone());
        assert_eq!(row, Entries::Pairs(sparse.clone()));
        assert_eq!(row.to_pairs(), sparse);
        assert!(row.encoded_len() >= row.encode().len());
        let unordered = vec![(3, 1), (2, 1), (4, 1)];
        assert_eq!(
            Entries::from_pairs(unordered.clone()),
            Entries::Pairs(unordered)
        );
        assert_eq!(
            Entries::from_pairs(vec![(7, 1)]),
            Entries::Pairs(vec![(7, 1)])
        );
        assert!(Entries::default().is_empty());
    }

    #[test]
    fn a_run_up_to_the_last_uid_reads_back_whole() {
        let last: Vec<(Uid, u16)> = (Uid::MAX - 3..=Uid::MAX).map(|uid| (uid, 1)).collect();
        let row = Entries::from_pairs(last.clone());
        assert!(matches!(row, Entries::Run { .. }));
        assert_eq!(row.to_pairs(), last);
        assert_eq!(row.to_pairs(), row.iter().collect::<Vec<_>>());
    }

    #[test]
    fn rows_with_few_holes_become_a_span_and_read_back_the_same() {
        // A validator's bond row of a full 4,096 subnet: every uid but its own.
        let bonds: Vec<(Uid, u16)> = (0..4_096u16)
            .filter(|uid| *uid != 7)
            .map(|uid| (uid, uid % 3))
            .collect();
        let row = Entries::from_pairs(bonds.clone());
        assert!(matches!(&row, Entries::Span { first: 0, missing, .. } if missing == &[7]));
        assert_eq!(row.to_pairs(), bonds);
        assert_eq!(row.len(), 4_095);
        assert!(row.encode().len() < 8_200, "a full bond row fits a cell");
        assert!(row.encoded_len() >= row.encode().len());

        for holes in [vec![3], vec![1, 2, 5], vec![9, 10, 11, 12, 14]] {
            let pairs: Vec<(Uid, u16)> = (1..=16u16)
                .filter(|uid| !holes.contains(uid))
                .map(|uid| (uid, uid * 10))
                .collect();
            let row = Entries::from_pairs(pairs.clone());
            assert!(matches!(row, Entries::Span { .. }), "{row:?}");
            assert_eq!(row.to_pairs(), pairs);
            assert_eq!(row.len(), pairs.len());
            assert!(row.encode().len() < Entries::Pairs(pairs).encode().len());
            assert!(row.encoded_len() >= row.encode().len());
        }
        // Half holes: pairs are no bigger.
        let half: Vec<(Uid, u16)> = (0..8u16).map(|k| (2 * k, k)).collect();
        assert_eq!(Entries::from_pairs(half.clone()), Entries::Pairs(half));
    }

    #[test]
    fn entries_followed_by_later_ones_read_back_as_both_in_order() {
        let run = |first: Uid, len: u16| {
            Entries::from_pairs((first..first + len).map(|u| (u, u)).collect())
        };
        let pairs = |uids: &[Uid]| Entries::from_pairs(uids.iter().map(|u| (*u, *u)).collect());
        for (a, b) in [
            (run(832, 192), run(1_024, 64)),
            (run(0, 5), run(7, 3)),
            (pairs(&[1, 9]), run(10, 4)),
            (run(10, 4), pairs(&[20, 90])),
            (Entries::default(), run(3, 2)),
            (run(3, 2), Entries::default()),
        ] {
            let expected: Vec<(Uid, u16)> = a.iter().chain(b.iter()).collect();
            let joined = a.clone().followed_by(b.clone());
            assert_eq!(joined.to_pairs(), expected, "{a:?} then {b:?}");
            assert_eq!(joined, Entries::from_pairs(expected));
        }
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
        let span = Entries::from_pairs((10..20).filter(|uid| *uid != 13).map(|u| (u, u)).collect());
        assert!(matches!(span, Entries::Span { .. }));
        assert_eq!(
            span.columns(12, 16).to_pairs(),
            vec![(12, 12), (14, 14), (15, 15)]
        );
    }
}
