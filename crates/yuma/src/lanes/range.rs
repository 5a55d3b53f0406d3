//! The range of a consensus column's scores, held side by side with the stakes: the lowest
//! and highest, and the stake at the lowest (`consensus::ColumnRanges`), which the median's
//! first round starts from. Bit-identical to adding the stakes up as fixed point, in any
//! order, under what `StakeLanes::new` checks: no stake is negative and their total is below
//! 2⁶², so no sum saturates.

use super::{InstructionSet, Kernel};
use crate::consensus::{digit_of, key};
use crate::fixed::I32F32;
use alloc::vec::Vec;

/// A column's stakes, checked to add up in lanes.
pub(crate) struct StakeLanes<'a> {
    isa: InstructionSet,
    stakes: &'a [I32F32],
}

impl<'a> StakeLanes<'a> {
    pub(crate) fn new(isa: InstructionSet, stakes: &'a [I32F32]) -> Option<Self> {
        let total = stakes.iter().try_fold(0i64, |sum, stake| {
            let stake = stake.to_bits();
            (stake >= 0).then(|| sum.checked_add(stake))?
        })?;
        (total >> 62 == 0).then_some(StakeLanes { isa, stakes })
    }

    /// The lowest score, the highest, and the stake of the scores at the lowest; `None` for
    /// no scores or a column whose length is not the stakes'.
    pub(crate) fn range(&self, scores: &[I32F32]) -> Option<(I32F32, I32F32, I32F32)> {
        if scores.is_empty() || scores.len() != self.stakes.len() {
            return None;
        }
        let (low, high) = self.isa.run(Extremes { scores });
        let at_low = self.isa.run(StakeAt {
            scores,
            stakes: self.stakes,
            score: low,
        });
        Some((
            I32F32::from_bits(low),
            I32F32::from_bits(high),
            I32F32::from_bits(at_low),
        ))
    }

    /// Pairs each score in `bin` of a selection round by six bits from `shift` with its stake
    /// (`consensus::digit_of`), in order: the scores are tested 64 at a time in lanes, and
    /// only the few in the bin are visited one by one.
    pub(crate) fn pairs_in_bin(
        &self,
        scores: &[I32F32],
        (shift, bin): (u32, u32),
        pairs: &mut Vec<(I32F32, I32F32)>,
    ) {
        for (block, stakes) in scores.chunks(64).zip(self.stakes.chunks(64)) {
            let mut marks = self.isa.run(InBin { block, shift, bin });
            while marks != 0 {
                let at = marks.trailing_zeros() as usize;
                marks &= marks.wrapping_sub(1);
                if let (Some(score), Some(stake)) = (block.get(at), stakes.get(at)) {
                    pairs.push((*score, *stake));
                }
            }
        }
    }
}

/// A bit for each of up to 64 scores in a bin.
struct InBin<'a> {
    block: &'a [I32F32],
    shift: u32,
    bin: u32,
}

impl Kernel for InBin<'_> {
    type Output = u64;

    #[inline(always)]
    fn run(self) -> u64 {
        let InBin { block, shift, bin } = self;
        block.iter().zip(0u32..).fold(0u64, |marks, (score, at)| {
            let mark = u64::from(digit_of(key(*score), shift) == bin);
            marks | mark.wrapping_shl(at)
        })
    }
}

struct Extremes<'a> {
    scores: &'a [I32F32],
}

impl Kernel for Extremes<'_> {
    type Output = (i64, i64);

    #[inline(always)]
    fn run(self) -> (i64, i64) {
        self.scores
            .iter()
            .fold((i64::MAX, i64::MIN), |(low, high), score| {
                let score = score.to_bits();
                (low.min(score), high.max(score))
            })
    }
}

struct StakeAt<'a> {
    scores: &'a [I32F32],
    stakes: &'a [I32F32],
    score: i64,
}

impl Kernel for StakeAt<'_> {
    type Output = i64;

    #[inline(always)]
    fn run(self) -> i64 {
        let at = self.score;
        self.scores
            .iter()
            .zip(self.stakes)
            .fold(0i64, |sum, (score, stake)| {
                // A mask, not a branch, keeps the loop in vector lanes.
                let mask = 0i64.wrapping_sub(i64::from(score.to_bits() == at));
                sum.wrapping_add(stake.to_bits() & mask)
            })
    }
}
