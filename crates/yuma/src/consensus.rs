//! Step 6: consensus, the stake-weighted median of each column with kappa.
//!
//! subtensor computes it with a mid-pivot quickselect (`weighted_median`). Fixed-point
//! addition is exact, so that quickselect returns, for the multiset of a column's scores
//! (validators without an entry score 0) with their stakes, exactly
//! `min { v : S(score ≤ v) > minority }`, or the largest score when no value qualifies
//! (minority ≥ total stake), or 0 with no validators. This module computes that closed form
//! by a radix selection over the scores' bits (`select`); `tests::closed_form_equals_quickselect`
//! checks the closed form against the quickselect, and `tests::selection_equals_sorting` the
//! selection against a sort.

use alloc::vec::Vec;

use crate::fixed::{normalize_in_place, sum, zero, I32F32};
#[cfg(not(target_arch = "wasm32"))]
use crate::lanes::range::StakeLanes;
use crate::sort;

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
    /// contract's allocator never frees).
    pub fn median_with(
        &self,
        scores: impl Iterator<Item = I32F32>,
        pairs: &mut Vec<(I32F32, I32F32)>,
    ) -> I32F32 {
        pairs.clear();
        pairs.extend(scores.zip(self.stakes.iter().copied()));
        select(pairs, self.minority)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl MedianStakes {
    /// `median_with` for scores held side by side with the stakes, natively: the first
    /// round's range of scores is measured in vector lanes (`lanes::range`) instead of while
    /// the selection visits the candidates. `stakes` are this `MedianStakes`' own.
    pub(crate) fn median_in(
        &self,
        scores: &[I32F32],
        stakes: &StakeLanes<'_>,
        pairs: &mut Vec<(I32F32, I32F32)>,
    ) -> I32F32 {
        pairs.clear();
        let Some((low, high, at_low)) = stakes.range(scores) else {
            pairs.extend(scores.iter().copied().zip(self.stakes.iter().copied()));
            return select(pairs, self.minority);
        };
        let range = KeyRange {
            low: key(low),
            high: key(high),
            at_low,
        };
        if range.low == range.high || range.at_low > self.minority {
            return score_of(range.low);
        }
        // The first round of `select_by_bits_from`, over the scores beside the stakes: the
        // bins' sums wrap, which cannot happen below the 2⁶² `StakeLanes` checked the stakes'
        // total against, and only the kept bin's candidates are paired.
        let shift = range.shift();
        let mut stake_in = [0u64; 64];
        for (score, stake) in scores.iter().zip(&self.stakes) {
            let bin = digit_of(key(*score), shift);
            if let Some(sum) = stake_in.get_mut(bin as usize) {
                *sum = sum.wrapping_add(stake.to_bits().cast_unsigned());
            }
        }
        // `first_bin_above` with no bins marked: `minority` is not negative here (the lowest
        // score answered a negative one), so a bin without stake never crosses it, occupied or
        // not.
        let minority = self.minority.to_bits().cast_unsigned();
        let mut below = 0u64;
        let mut crossing = None;
        for (bin, stake) in (0u32..).zip(stake_in) {
            let with_bin = below.wrapping_add(stake);
            if with_bin > minority {
                crossing = Some(bin);
                break;
            }
            below = with_bin;
        }
        let Some(bin) = crossing else {
            // No value qualifies: the largest score.
            return score_of(range.high);
        };
        let below = I32F32::from_bits(below.cast_signed());
        stakes.pairs_in_bin(scores, (shift, bin), pairs);
        let range = KeyRange::of(pairs.iter()).unwrap_or(KeyRange {
            high: range.low,
            ..range
        });
        select_by_bits_from(pairs, self.minority, range, below)
    }
}

/// Bits of the score a round of `select` sorts the candidates by: 64 bins.
const DIGIT_BITS: u32 = 6;

/// `min { v : S(score ≤ v) > minority }`, or the largest score when no value qualifies, or 0
/// for no pairs. Natively by bits (`select_by_bits`), where the time goes to mispredicted
/// comparisons of scores, which it has none of; in Wasm, where every instruction is metered
/// and a branch is one of them, by pivots (`select_by_pivots`), which takes fewer.
fn select(pairs: &mut [(I32F32, I32F32)], minority: I32F32) -> I32F32 {
    #[cfg(target_arch = "wasm32")]
    return select_by_pivots(pairs, minority);
    #[cfg(not(target_arch = "wasm32"))]
    select_by_bits(pairs, minority)
}

/// `select` by a radix selection: each round adds up the candidates' stakes in 64 bins
/// by the next six bits of their scores (below the bits all of them share), takes the first
/// bin whose stake, with everything below it, is above `minority`, and keeps only that bin's
/// candidates; a round whose lowest score already holds enough stake ends there. Scores are
/// at most 64 bits, so any column takes at most 11 rounds, each one visit of what is left:
/// O(V) whatever scores the validators choose, with no comparison of two scores to
/// mispredict. Stakes are not negative, so their saturating sums do not
/// depend on the order they are added in.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn select_by_bits(pairs: &mut [(I32F32, I32F32)], minority: I32F32) -> I32F32 {
    match KeyRange::of(pairs.iter()) {
        Some(range) => select_by_bits_from(pairs, minority, range, zero()),
        None => zero(),
    }
}

/// `select_by_bits` of candidates whose range is known, above scores with `below` stake
/// (never above `minority`).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn select_by_bits_from(
    pairs: &mut [(I32F32, I32F32)],
    minority: I32F32,
    mut range: KeyRange,
    mut below: I32F32,
) -> I32F32 {
    let mut candidates = pairs;
    loop {
        // The lowest score answers at once when it holds enough stake: a sparse column's
        // zeros, a value many validators agree on.
        if range.low == range.high || below.saturating_add(range.at_low) > minority {
            return score_of(range.low);
        }
        let shift = range.shift();
        let digit = |score: I32F32| digit_of(key(score), shift);
        let mut stake_in = [zero(); 64];
        let mut occupied = 0u64;
        for &(score, stake) in candidates.iter() {
            let bin = digit(score);
            if let Some(sum) = stake_in.get_mut(bin as usize) {
                *sum = sum.saturating_add(stake);
            }
            occupied |= 1u64.wrapping_shl(bin);
        }
        let Some((bin, stake_below)) = first_bin_above(&stake_in, occupied, below, minority) else {
            // No value qualifies (only possible in the first round): the largest score.
            return score_of(range.high);
        };
        below = stake_below;
        let mut kept = 0usize;
        for next in 0..candidates.len() {
            let Some(&candidate) = candidates.get(next) else {
                break;
            };
            if digit(candidate.0) == bin {
                if let Some(slot) = candidates.get_mut(kept) {
                    *slot = candidate;
                }
                kept = kept.wrapping_add(1);
            }
        }
        candidates = candidates.get_mut(..kept).unwrap_or_default();
        // The chosen bin is occupied, so it keeps at least one candidate.
        range = KeyRange::of(candidates.iter()).unwrap_or(KeyRange {
            high: range.low,
            ..range
        });
    }
}

/// `select` by pivots: each round splits the candidates around a pivot (the median of the
/// first, middle and last scores) into lower, equal and higher scores and keeps the part the
/// answer lies in, moving only the candidates that pass each test. Validators choose the
/// scores, so rounds are capped: past `2·log2(V) + 4` the remaining candidates are sorted,
/// which bounds any input at O(V log V).
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn select_by_pivots(pairs: &mut [(I32F32, I32F32)], minority: I32F32) -> I32F32 {
    let mut rounds_left = 2u32
        .saturating_mul(usize::BITS.saturating_sub(pairs.len().leading_zeros()))
        .saturating_add(4);
    // Stake of the scores below every candidate; never above `minority`.
    let mut below = zero();
    let mut candidates = pairs;
    loop {
        if rounds_left == 0 {
            return sorted_select(candidates, below, minority);
        }
        rounds_left = rounds_left.saturating_sub(1);
        let Some(pivot) = pivot_of(candidates) else {
            return zero();
        };
        let (lower, lower_stake) = move_to_front(candidates, |score| score < pivot);
        let lower_stake = below.saturating_add(lower_stake);
        let (lower_part, rest) = candidates.split_at_mut(lower);
        if !lower_part.is_empty() && lower_stake > minority {
            candidates = lower_part;
            continue;
        }
        let (equal, equal_stake) = move_to_front(rest, |score| score == pivot);
        let at_or_below = lower_stake.saturating_add(equal_stake);
        let higher_part = rest.get_mut(equal..).unwrap_or_default();
        if at_or_below > minority || higher_part.is_empty() {
            return pivot;
        }
        below = at_or_below;
        candidates = higher_part;
    }
}

/// The median of the first, middle and last scores.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn pivot_of(candidates: &[(I32F32, I32F32)]) -> Option<I32F32> {
    let first = candidates.first()?.0;
    let middle = candidates.get(candidates.len() / 2)?.0;
    let last = candidates.last()?.0;
    Some(first.max(middle).min(first.min(middle).max(last)))
}

/// Moves the candidates whose score passes `test` to the front; returns how many and their
/// stake. Only the candidates that pass are moved (the one they pass over goes to their
/// place, the one in hand to the front: one load and two stores) and counted, their stakes,
/// which are not negative, as unsigned integers.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn move_to_front(
    candidates: &mut [(I32F32, I32F32)],
    test: impl Fn(I32F32) -> bool,
) -> (usize, I32F32) {
    let mut front = 0usize;
    let mut stake = 0u64;
    for next in 0..candidates.len() {
        let Some(&passing) = candidates.get(next) else {
            break;
        };
        if test(passing.0) {
            if front != next {
                if let Some(&passed_over) = candidates.get(front) {
                    if let Some(slot) = candidates.get_mut(next) {
                        *slot = passed_over;
                    }
                }
                if let Some(slot) = candidates.get_mut(front) {
                    *slot = passing;
                }
            }
            stake = stake.saturating_add(passing.1.to_bits().unsigned_abs());
            front = front.wrapping_add(1);
        }
    }
    (
        front,
        I32F32::from_bits(i64::try_from(stake).unwrap_or(i64::MAX)),
    )
}

/// The closed form by sorting the candidates and summing upwards from `below`: the end of
/// `select_by_pivots` past its rounds, and the tests' oracle.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn sorted_select(
    candidates: &mut [(I32F32, I32F32)],
    mut at_or_below: I32F32,
    minority: I32F32,
) -> I32F32 {
    sort::sort_by_key(candidates, |(score, _)| sort::signed_key(score.to_bits()));
    let mut index = 0usize;
    while let Some(&(value, _)) = candidates.get(index) {
        // Take every entry equal to `value` before testing: S(score ≤ value).
        while let Some(&(score, stake)) = candidates.get(index) {
            if score != value {
                break;
            }
            at_or_below = at_or_below.saturating_add(stake);
            index = index.saturating_add(1);
        }
        if at_or_below > minority {
            return value;
        }
    }
    candidates.last().map(|(score, _)| *score).unwrap_or(zero())
}

/// The six bits of `key` from bit `shift` up: its bin in a round of `select_by_bits`.
#[inline(always)]
pub(crate) fn digit_of(key: u64, shift: u32) -> u32 {
    // Masked to six bits, so the cast keeps them all.
    #[allow(clippy::cast_possible_truncation)]
    let digit = (key.wrapping_shr(shift) & 63) as u32;
    digit
}

/// A score as an unsigned key that orders as the score does.
#[inline(always)]
pub(crate) fn key(score: I32F32) -> u64 {
    sort::signed_key(score.to_bits())
}

/// The lowest and highest keys of some candidates, and the stake of those at the lowest.
#[derive(Clone, Copy)]
struct KeyRange {
    low: u64,
    high: u64,
    at_low: I32F32,
}

impl KeyRange {
    /// Where a round's six bits start: below the bits every key in the range shares.
    fn shift(&self) -> u32 {
        u64::BITS
            .saturating_sub((self.low ^ self.high).leading_zeros())
            .saturating_sub(DIGIT_BITS)
    }

    /// `None` for no candidates. A new lowest key is rare after the first few, so the
    /// branches are predictable.
    fn of<'a>(mut candidates: impl Iterator<Item = &'a (I32F32, I32F32)>) -> Option<KeyRange> {
        let &(first, first_stake) = candidates.next()?;
        let mut range = KeyRange {
            low: key(first),
            high: key(first),
            at_low: first_stake,
        };
        for &(score, stake) in candidates {
            let k = key(score);
            if k < range.low {
                range.low = k;
                range.at_low = stake;
            } else if k == range.low {
                range.at_low = range.at_low.saturating_add(stake);
            }
            range.high = range.high.max(k);
        }
        Some(range)
    }
}

/// The score a key was made from (`sort::signed_key` undone).
fn score_of(key: u64) -> I32F32 {
    I32F32::from_bits((key ^ (1 << 63)).cast_signed())
}

/// The first occupied bin whose stake, added to `below` and the stake of the bins before it,
/// is above `minority`, with that stake of everything below the bin.
fn first_bin_above(
    stake_in: &[I32F32; 64],
    occupied: u64,
    below: I32F32,
    minority: I32F32,
) -> Option<(u32, I32F32)> {
    let mut bins = occupied;
    let mut at_or_below = below;
    while bins != 0 {
        let bin = bins.trailing_zeros();
        bins &= bins.wrapping_sub(1);
        let stake = stake_in.get(bin as usize).copied().unwrap_or(zero());
        let with_bin = at_or_below.saturating_add(stake);
        if with_bin > minority {
            return Some((bin, at_or_below));
        }
        at_or_below = with_bin;
    }
    None
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

    fn column() -> impl Strategy<Value = (Vec<(I32F32, I32F32)>, I32F32)> {
        let range = prop_oneof![Just(3i64), Just(1_000), Just(1 << 40)];
        (range, 0usize..700).prop_flat_map(|(range, len)| {
            (
                proptest::collection::vec((0..range, 0i64..1 << 24), len),
                -(1i64 << 30)..1 << 38,
            )
                .prop_map(|(entries, minority)| {
                    let pairs = entries
                        .into_iter()
                        .map(|(score, stake)| (I32F32::from_bits(score), I32F32::from_bits(stake)))
                        .collect();
                    (pairs, I32F32::from_bits(minority))
                })
        })
    }

    #[test]
    fn adversarial_columns_select_what_sorting_does() {
        // Orders that defeat pivot-based selections, and scores sharing all but their lowest
        // bits, or spread over all 64.
        for len in [0usize, 1, 2, 3, 255, 256, 1_024] {
            let orders: [Vec<i64>; 5] = [
                (0..len as i64).collect(),
                (0..len as i64).map(|i| i.min(len as i64 - i)).collect(),
                (0..len as i64).map(|i| i % 7).collect(),
                (0..len as i64).map(|i| (1 << 40) + (i & 1)).collect(),
                (0..len as i64)
                    .map(|i| match i % 4 {
                        0 => i64::MIN + i,
                        1 => i64::MAX - i,
                        2 => -i,
                        _ => i << 20,
                    })
                    .collect(),
            ];
            for scores in orders {
                for minority in [-1i64, 0, 1 << 20, 1 << 30, i64::MAX >> 1] {
                    let pairs: Vec<(I32F32, I32F32)> = scores
                        .iter()
                        .map(|s| (I32F32::from_bits(*s), I32F32::from_bits(1 << 22)))
                        .collect();
                    let minority = I32F32::from_bits(minority);
                    let sorted = sorted_select(&mut pairs.clone(), zero(), minority);
                    assert_eq!(select_by_bits(&mut pairs.clone(), minority), sorted);
                    assert_eq!(select_by_pivots(&mut pairs.clone(), minority), sorted);
                }
            }
        }
    }

    /// A column of scores: spread, clustered, or all equal, some negative.
    fn column_of_scores() -> impl Strategy<Value = (Vec<I32F32>, Vec<I32F32>, I32F32)> {
        (0usize..300, 0u8..3).prop_flat_map(|(len, shape)| {
            let score = match shape {
                0 => (-(1i64 << 40)..1 << 40).boxed(),
                1 => (1000i64..1010).boxed(),
                _ => Just(7i64).boxed(),
            };
            (
                proptest::collection::vec(score.prop_map(I32F32::from_bits), len),
                proptest::collection::vec((1i64..1 << 32).prop_map(I32F32::from_bits), len),
                prop_oneof![Just(0i64), Just(1 << 31), Just(3 << 32), 0i64..1 << 33]
                    .prop_map(I32F32::from_bits),
            )
        })
    }

    proptest! {
        #[test]
        fn medians_from_lane_ranges_equal_selected_ones((scores, stakes, kappa) in column_of_scores()) {
            let median = MedianStakes::new(&stakes, kappa);
            let expected = median.median(&scores);
            for isa in crate::lanes::InstructionSet::available() {
                let lanes = StakeLanes::new(isa, &median.stakes).expect("stakes below 2⁶²");
                prop_assert_eq!(median.median_in(&scores, &lanes, &mut Vec::new()), expected);
            }
        }
    }

    proptest! {
        #[test]
        fn selection_equals_sorting((pairs, minority) in column()) {
            let sorted = sorted_select(&mut pairs.clone(), zero(), minority);
            prop_assert_eq!(select_by_bits(&mut pairs.clone(), minority), sorted);
            prop_assert_eq!(select_by_pivots(&mut pairs.clone(), minority), sorted);
        }

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
