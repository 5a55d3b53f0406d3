//! Yuma 3's dividends over a row's exact bonds on consecutive columns (`bonds_dot_incentive`):
//! Σ incentive_j · b_j / total_j. Bit-identical to the scalar terms (`dividend_term`) under
//! what `DividendLanes::new` checks and `dot` tests as it goes:
//!
//! - every column's total is 0 (a bond is kept as it is) or has a multiplier
//!   (`ShiftedQuotient`: floor(b · 2³² / total) for b below 2³², as `Divisor::divide` takes it);
//! - every incentive is below 2³² (below 1);
//! - every bond is below 2³², and every share (b / total) at most 2³². A bond is at most its
//!   column's total, so its share is at most 1; a row with a larger one is left to the scalar
//!   terms.
//!
//! Then each term is one `product`, and their sum, at most Σ incentive, cannot saturate.

use super::{product, InstructionSet, Kernel, QuotientLanes, Quotients};
use crate::exact::ExactBonds;
use crate::fixed::{shifted_quotient, Divisor, I32F32};
use alloc::vec::Vec;

/// The columns' multipliers and incentives, side by side.
pub(crate) struct DividendLanes {
    isa: InstructionSet,
    /// A column's bonds pass through undivided where its total is 0.
    columns: Quotients,
    incentive: Vec<u64>,
}

impl DividendLanes {
    /// `None` when a column has no lane form.
    pub(crate) fn new(divisors: &[Divisor], incentive: &[I32F32]) -> Option<Self> {
        if incentive.len() != divisors.len() {
            return None;
        }
        let mut columns = Quotients::with_capacity(divisors.len());
        let mut below_one = Vec::with_capacity(divisors.len());
        for (divisor, incentive) in divisors.iter().zip(incentive) {
            columns.push(divisor.quotients(), divisor.is_zero())?;
            below_one.push(
                u64::try_from(incentive.to_bits())
                    .ok()
                    .filter(|x| x >> 32 == 0)?,
            );
        }
        Some(DividendLanes {
            isa: InstructionSet::detect(),
            columns,
            incentive: below_one,
        })
    }

    /// Σ incentive_j · b_j / total_j over `bonds`, read in runs of consecutive columns. `None`
    /// for a row outside the lane form (module documentation).
    pub(crate) fn dot(&self, bonds: &ExactBonds) -> Option<I32F32> {
        let mut sum = 0u64;
        for (start, run) in bonds.runs() {
            let end = start.wrapping_add(run.len());
            let (run_sum, outside) = self.isa.run(DividendRun {
                bonds: run,
                columns: self.columns.lanes(start..end)?,
                incentive: self.incentive.get(start..end)?,
            });
            if outside {
                return None;
            }
            sum = sum.wrapping_add(run_sum);
        }
        Some(I32F32::from_bits(sum.cast_signed()))
    }
}

/// A run's terms added up, and whether a bond or share is outside the lane form.
struct DividendRun<'a> {
    bonds: &'a [i64],
    columns: QuotientLanes<'a>,
    incentive: &'a [u64],
}

impl Kernel for DividendRun<'_> {
    type Output = (u64, bool);

    #[inline(always)]
    fn run(self) -> (u64, bool) {
        let DividendRun {
            bonds,
            columns:
                QuotientLanes {
                    high,
                    low,
                    shift,
                    passed: kept,
                },
            incentive,
        } = self;
        let (mut sum, mut outside) = (0u64, 0u64);
        let terms = bonds
            .iter()
            .zip(high)
            .zip(low)
            .zip(shift)
            .zip(kept)
            .zip(incentive);
        for (((((&bond, &high), &low), &shift), &kept), &incentive) in terms {
            let bond = bond.cast_unsigned();
            let share = shifted_quotient(bond, high, low, shift);
            let share = (share & !kept) | (bond & kept);
            outside |= (bond >> 32) | u64::from(share > 1 << 32);
            sum = sum.wrapping_add(product(incentive, share));
        }
        (sum, outside != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed::{mul, zero};
    use proptest::prelude::*;

    /// The scalar terms, in column order.
    fn scalar(bonds: &[(u16, I32F32)], divisors: &[Divisor], incentive: &[I32F32]) -> I32F32 {
        bonds.iter().fold(zero(), |sum, &(j, b)| {
            let j = usize::from(j);
            sum.saturating_add(mul(incentive[j], divisors[j].divide_or_keep(b)))
        })
    }

    fn exact_with_columns(row: &[(u16, I32F32)]) -> ExactBonds {
        let (columns, bits) = row.iter().map(|(j, b)| (*j, b.to_bits())).unzip();
        ExactBonds::from_parts(columns, bits).expect("a column for each bond")
    }

    fn bits(max: i64) -> impl Strategy<Value = I32F32> {
        prop_oneof![Just(0), Just(max), 1..=max].prop_map(I32F32::from_bits)
    }

    /// Column totals: 0, or any with a multiplier (all but 1 bit).
    fn totals() -> impl Strategy<Value = I32F32> {
        prop_oneof![Just(0), Just(1 << 40), 2i64..=1 << 40].prop_map(I32F32::from_bits)
    }

    proptest! {
        #[test]
        fn lanes_equal_the_scalar_terms(
            columns in proptest::collection::vec((totals(), bits((1 << 32) - 1)), 1..150),
            bonds in proptest::collection::vec((any::<bool>(), bits(1 << 32)), 0..150),
        ) {
            let divisors: Vec<Divisor> = columns.iter().map(|(total, _)| Divisor::new(*total)).collect();
            let incentive: Vec<I32F32> = columns.iter().map(|(_, x)| *x).collect();
            // Runs with gaps: a column is skipped where the flag is set.
            let row: Vec<(u16, I32F32)> = bonds
                .iter()
                .zip(0u16..)
                .filter(|((skip, _), j)| !skip && usize::from(*j) < columns.len())
                .map(|((_, b), j)| (j, *b))
                .collect();
            let expected = scalar(&row, &divisors, &incentive);
            let mut lanes = DividendLanes::new(&divisors, &incentive).expect("a lane form");
            let mut taken = 0u32;
            // As the ranks pass emits the row (on leading columns where its gaps allow), and
            // with a column for every bond.
            let emitted: ExactBonds = row.iter().copied().collect();
            let with_columns = exact_with_columns(&row);
            for isa in InstructionSet::available() {
                lanes.isa = isa;
                for bonds in [&emitted, &with_columns] {
                    if let Some(sum) = lanes.dot(bonds) {
                        prop_assert_eq!(sum, expected);
                        taken = taken.saturating_add(1);
                    }
                }
            }
            // Only a bond of 1 or one above its column's total is left to the scalar terms.
            let outside = row.iter().any(|&(j, b)| {
                let total = columns[usize::from(j)].0;
                b.to_bits() >> 32 != 0 || (total != zero() && b > total)
            });
            prop_assert_eq!(taken == 0, outside);
        }
    }

    #[test]
    fn bonds_out_of_column_order_add_up_as_the_scalar_terms() {
        let third = I32F32::from_bits(1 << 30);
        let divisors: Vec<Divisor> = (1..=4)
            .map(|t| Divisor::new(I32F32::from_bits(t << 31)))
            .collect();
        let incentive = [third; 4];
        let bond = |j: u16| (j, I32F32::from_bits(i64::from(j + 1) << 28));
        for row in [
            vec![bond(2), bond(0), bond(1), bond(3)],
            vec![bond(0), bond(1), bond(1), bond(2)],
            vec![bond(3), bond(2), bond(1), bond(0)],
            vec![bond(0), bond(2), bond(3)],
        ] {
            let lanes = DividendLanes::new(&divisors, &incentive).expect("a lane form");
            let sum = lanes
                .dot(&exact_with_columns(&row))
                .expect("bonds below their totals");
            assert_eq!(sum, scalar(&row, &divisors, &incentive));
        }
    }

    #[test]
    fn columns_without_the_lane_form_are_refused() {
        let below_one = I32F32::from_bits((1 << 32) - 1);
        let total = Divisor::new(I32F32::from_bits(3));
        assert!(DividendLanes::new(&[total], &[below_one]).is_some());
        assert!(DividendLanes::new(&[Divisor::new(zero())], &[below_one]).is_some());
        assert!(DividendLanes::new(&[total], &[crate::fixed::one()]).is_none());
        assert!(DividendLanes::new(&[Divisor::new(I32F32::from_bits(1))], &[below_one]).is_none());
        assert!(DividendLanes::new(&[total], &[]).is_none());
    }
}
