//! A consensus window's scores: each row's raw weight in a column divided by the row's total
//! (`RowTotal::share`), a column's rows at a time. Bit-identical to `RowTotal::share` under what
//! `WindowShares::new` checks: every row's total is an integer sum of raw weights with a
//! multiplier (`ShiftedQuotient`), or one whose share is the raw weight itself (a total of 1,
//! or none).

use super::{InstructionSet, Kernel, QuotientLanes, Quotients};
use crate::fixed::{one, shifted_quotient, zero, RowTotal, I32F32};
use alloc::vec::Vec;

/// The rows' multipliers, side by side; a row's weights pass through undivided where its
/// share is the raw weight itself.
pub(crate) struct WindowShares {
    isa: InstructionSet,
    rows: Quotients,
}

impl WindowShares {
    /// `None` when a row's total has no lane form.
    pub(crate) fn new(totals: &[I32F32]) -> Option<Self> {
        let mut rows = Quotients::with_capacity(totals.len());
        for &total in totals {
            let unscaled = total <= zero() || total == one();
            rows.push(RowTotal::new(total).shares(), unscaled)?;
        }
        Some(WindowShares {
            isa: InstructionSet::detect(),
            rows,
        })
    }

    /// The instruction set the scores are computed with.
    pub(crate) fn isa(&self) -> InstructionSet {
        self.isa
    }

    /// A column's scores from its raw weights, one a row.
    pub(crate) fn column(&self, raw: &[u16], scores: &mut Vec<I32F32>) {
        // The kernel writes every score but those of rows past the totals' end, which are 0: a
        // buffer of the column's length is only cleared for those.
        if scores.len() != raw.len() || raw.len() > self.rows.high.len() {
            scores.clear();
            scores.resize(raw.len(), zero());
        }
        // Rows beyond either side's end are left out, as a zip leaves them.
        let Some(rows) = self.rows.lanes(0..raw.len().min(self.rows.high.len())) else {
            return;
        };
        self.isa.run(ColumnShares { rows, raw, scores });
    }
}

struct ColumnShares<'a> {
    rows: QuotientLanes<'a>,
    raw: &'a [u16],
    scores: &'a mut [I32F32],
}

impl Kernel for ColumnShares<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let QuotientLanes {
            high,
            low,
            shift,
            passed,
        } = self.rows;
        column_shares(self.raw, high, low, shift, passed, self.scores);
    }
}

/// `ColumnShares::run`'s loop, its slices as arguments: the compiler knows `scores` aliases
/// nothing else, so it adds no overlap tests.
#[inline(always)]
fn column_shares(
    raw: &[u16],
    high: &[u64],
    low: &[u64],
    shift: &[u64],
    unscaled: &[u64],
    scores: &mut [I32F32],
) {
    let rows = raw
        .iter()
        .zip(high)
        .zip(low)
        .zip(shift)
        .zip(unscaled)
        .zip(scores.iter_mut());
    for (((((&raw, &high), &low), &shift), &unscaled), score) in rows {
        let raw = u64::from(raw);
        let share = shifted_quotient(raw, high, low, shift);
        let share = (share & !unscaled) | ((raw << 32) & unscaled);
        *score = I32F32::from_bits(share.cast_signed());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn totals() -> impl Strategy<Value = I32F32> {
        let integer = |sum: i64| I32F32::from_bits(sum << 32);
        prop_oneof![
            Just(zero()),
            Just(one()),
            Just(integer(2)),
            Just(integer(i64::from(u16::MAX))),
            (2i64..1 << 28).prop_map(integer),
            (1i64..1 << 20).prop_map(|x| I32F32::from_bits(x.wrapping_neg())),
        ]
    }

    proptest! {
        #[test]
        fn shares_equal_row_totals(
            column in proptest::collection::vec((totals(), any::<u16>()), 0..100),
        ) {
            let (totals, raw): (Vec<I32F32>, Vec<u16>) = column.into_iter().unzip();
            let expected: Vec<I32F32> = totals
                .iter()
                .zip(&raw)
                .map(|(total, raw)| RowTotal::new(*total).share(*raw))
                .collect();
            let mut shares = WindowShares::new(&totals).expect("every total has a lane form");
            for isa in InstructionSet::available() {
                shares.isa = isa;
                let mut scores = Vec::new();
                shares.column(&raw, &mut scores);
                prop_assert_eq!(&scores, &expected);
                // A buffer of the column's length, as the window's next column finds it.
                scores.fill(I32F32::from_bits(-7));
                shares.column(&raw, &mut scores);
                prop_assert_eq!(&scores, &expected);
            }
        }
    }

    #[test]
    fn fractional_totals_have_no_lane_form() {
        assert!(WindowShares::new(&[one(), I32F32::from_bits(3 << 31)]).is_none());
    }
}
