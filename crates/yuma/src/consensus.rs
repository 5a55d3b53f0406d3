//! Step 6: consensus, the stake-weighted median of each column with kappa.
//!
//! subtensor computes it with a mid-pivot quickselect (`weighted_median`). Fixed-point
//! addition is exact, so that quickselect returns, for the multiset of a column's scores
//! (validators without an entry score 0) with their stakes, exactly
//! `min { v : S(score ≤ v) > minority }`, or the largest score when no value qualifies
//! (minority ≥ total stake), or 0 with no validators. This module computes that closed form
//! by sorting each column; `tests::closed_form_equals_quickselect` checks the equivalence.

use alloc::vec::Vec;

use crate::fixed::{normalize_in_place, sum, zero, I32F32};

/// The stakes the median weighs: the validators with active stake, renormalised (as
/// subtensor renormalises them again), and the minority threshold `Σ − κ`.
#[derive(Debug, Clone, PartialEq, Eq, parity_scale_codec::Encode, parity_scale_codec::Decode)]
pub struct MedianStakes {
    /// Uids of the validators that take part, ascending.
    pub uids: Vec<u16>,
    #[codec(encoded_as = "crate::fixed::FixedBits")]
    pub stakes: Vec<I32F32>,
    pub minority: I32F32,
}

impl MedianStakes {
    pub fn new(active_stake: &[I32F32], kappa: I32F32) -> Self {
        let (uids, mut stakes): (Vec<u16>, Vec<I32F32>) = active_stake
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > zero())
            .filter_map(|(uid, s)| Some((u16::try_from(uid).ok()?, *s)))
            .unzip();
        normalize_in_place(&mut stakes);
        let minority = sum(&stakes).saturating_sub(kappa);
        MedianStakes {
            uids,
            stakes,
            minority,
        }
    }

    /// The stake-weighted median of one column; `scores[k]` is the score of validator
    /// `uids[k]`.
    pub fn median(&self, scores: &[I32F32]) -> I32F32 {
        self.median_with(scores.iter().copied(), &mut Vec::new())
    }

    /// `median` with a caller's buffer, so that many columns reuse one allocation (a
    /// contract's allocator never frees). Equal scores are summed together before the test,
    /// so their order, and the sort's stability, does not matter.
    pub fn median_with(
        &self,
        scores: impl Iterator<Item = I32F32>,
        pairs: &mut Vec<(I32F32, I32F32)>,
    ) -> I32F32 {
        pairs.clear();
        pairs.extend(scores.zip(self.stakes.iter().copied()));
        if pairs.is_empty() {
            return zero();
        }
        pairs.sort_unstable_by_key(|(score, _)| *score);
        let mut at_or_below = zero();
        let mut index = 0;
        while let Some(&(value, _)) = pairs.get(index) {
            // Take every entry equal to `value` before testing: S(score ≤ value).
            while let Some(&(score, stake)) = pairs.get(index) {
                if score != value {
                    break;
                }
                at_or_below = at_or_below.saturating_add(stake);
                index = index.saturating_add(1);
            }
            if at_or_below > self.minority {
                return value;
            }
        }
        pairs.last().map(|(score, _)| *score).unwrap_or(zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed::SafeDiv;
    use proptest::prelude::*;

    fn f(numerator: i64, denominator: i64) -> I32F32 {
        I32F32::from_num(numerator).safe_div(I32F32::from_num(denominator))
    }

    /// A transcription of subtensor's quickselect, kept only as the oracle for the closed form.
    fn quickselect(stake: &[I32F32], score: &[I32F32], minority: I32F32, total: I32F32) -> I32F32 {
        let mut partition: Vec<usize> = (0..stake.len()).collect();
        let (mut lo, mut hi) = (zero(), total);
        for _ in 0..=stake.len() {
            match partition.len() {
                0 => return zero(),
                1 => return score[partition[0]],
                len => {
                    let pivot = score[partition[len / 2]];
                    let lower: Vec<usize> = partition
                        .iter()
                        .copied()
                        .filter(|&i| score[i] < pivot)
                        .collect();
                    let upper: Vec<usize> = partition
                        .iter()
                        .copied()
                        .filter(|&i| score[i] > pivot)
                        .collect();
                    let lo_stake = lower
                        .iter()
                        .fold(zero(), |a, &i| a.saturating_add(stake[i]));
                    let hi_stake = upper
                        .iter()
                        .fold(zero(), |a, &i| a.saturating_add(stake[i]));
                    if minority < lo.saturating_add(lo_stake) && !lower.is_empty() {
                        hi = lo.saturating_add(lo_stake);
                        partition = lower;
                    } else if hi.saturating_sub(hi_stake) <= minority && !upper.is_empty() {
                        lo = hi.saturating_sub(hi_stake);
                        partition = upper;
                    } else {
                        return pivot;
                    }
                }
            }
        }
        zero()
    }

    fn median_of(stakes: &[I32F32], scores: &[I32F32], majority: I32F32) -> I32F32 {
        let mut normalised = stakes.to_vec();
        normalize_in_place(&mut normalised);
        let minority = sum(&normalised).saturating_sub(majority);
        MedianStakes {
            uids: (0..stakes.len() as u16).collect(),
            stakes: normalised,
            minority,
        }
        .median(scores)
    }

    /// subtensor-spec §9.5, test_math_weighted_median_col.
    #[test]
    fn weighted_median_columns_of_the_reference() {
        let stake = [zero(), f(75, 100), f(25, 100)];
        let columns = [[f(1, 10), f(2, 10), f(3, 10)], [zero(), f(4, 10), f(1, 10)]];
        // Validator 3 (stake 0) takes no part; rows 1..3 of the reference are validators 0..2 here.
        let cases = [
            (f(24, 100), [f(3, 10), f(4, 10)]),
            (f(26, 100), [f(2, 10), f(4, 10)]),
            (f(76, 100), [f(2, 10), f(1, 10)]),
        ];
        for (majority, expected) in cases {
            for (column, want) in columns.iter().zip(expected) {
                assert_eq!(
                    median_of(&stake[1..], &column[1..], majority),
                    want,
                    "majority {majority}"
                );
            }
        }
        let stake = [f(3, 10), f(2, 10), f(5, 10)];
        assert_eq!(
            median_of(&stake, &[f(2, 10), f(3, 10), zero()], f(51, 100)),
            zero()
        );
        assert_eq!(
            median_of(&stake, &[f(4, 10), f(1, 10), f(5, 10)], f(51, 100)),
            f(4, 10)
        );
    }

    /// subtensor-spec §9.5, test_math_weighted_median.
    #[test]
    fn weighted_median_of_the_reference() {
        let majority = f(51, 100);
        assert_eq!(
            median_of(&[f(51, 100), f(49, 100)], &[f(1, 2), one()], majority),
            f(1, 2)
        );
        assert_eq!(
            median_of(&[f(49, 100), f(51, 100)], &[f(1, 2), one()], majority),
            one()
        );
        assert_eq!(
            median_of(
                &[f(49, 100), f(1, 100), f(5, 10)],
                &[f(1, 2), f(7, 10), one()],
                majority
            ),
            f(7, 10)
        );
    }

    fn one() -> I32F32 {
        I32F32::from_num(1)
    }

    #[test]
    fn no_validators_means_zero() {
        assert_eq!(median_of(&[], &[], f(1, 2)), zero());
        assert!(MedianStakes::new(&[zero(), zero()], f(1, 2))
            .uids
            .is_empty());
    }

    proptest! {
        #[test]
        fn closed_form_equals_quickselect(
            entries in proptest::collection::vec((1u32..1_000, 0u32..6), 1..24),
            kappa in 0u16..=u16::MAX,
        ) {
            let stakes: Vec<I32F32> = entries.iter().map(|(s, _)| I32F32::from_num(*s)).collect();
            let mut normalised = stakes.clone();
            normalize_in_place(&mut normalised);
            let scores: Vec<I32F32> = entries.iter().map(|(_, v)| f(i64::from(*v), 5)).collect();
            let majority = I32F32::from_num(kappa).safe_div(I32F32::from_num(u16::MAX));
            let total = sum(&normalised);
            let minority = total.saturating_sub(majority);
            prop_assert_eq!(median_of(&stakes, &scores, majority), quickselect(&normalised, &scores, minority, total));
        }
    }
}
