//! Yuma 3's ranks row over a run of consecutive columns (`RankRow::run`). Bit-identical to the
//! scalar steps (`weigh_share`, `emit_bond`) under what `RankLanes::new` checks:
//!
//! - the row's total is an integer sum of raw weights with a multiplier, so each share is
//!   `ShiftedQuotient::of`, at most 2³² (a raw weight is at most the sum);
//! - the stake, the EMA rate and its complement are below 2³² (below 1).
//!
//! Then a clipped weight, at most its share, is at most 2³² whatever the consensus; every
//! product has an operand below 2³² and one at most 2³² (`product`); no sum can
//! saturate (a column's rank or bond total adds at most 2¹⁶ terms of at most 2³³), and a
//! weight the clip drops (above a consensus of 0) adds exactly what a weight of 0 adds.

use super::{add, product, InstructionSet, Kernel};
use crate::exact::ExactBonds;
use crate::fixed::{u16_proportion_to_fixed, RowTotal, ShiftedQuotient, I32F32};
use crate::params::StoredRow;

/// Columns computed at once before their bonds are emitted: a stack buffer of 512 bytes.
const BLOCK: usize = 64;

/// A Yuma 3 ranks row's constants, checked to have the lane form (module documentation).
#[derive(Clone, Copy)]
pub(crate) struct RankLanes {
    isa: InstructionSet,
    shares: ShiftedQuotient,
    stake: u64,
    alpha: u64,
    keep: u64,
}

/// What a run of a ranks row writes besides the column vectors.
pub(crate) struct RunOutput<'a> {
    pub trust: &'a mut I32F32,
    pub exact: &'a mut ExactBonds,
    pub stored: &'a mut StoredRow,
}

/// The columns of a run, side by side with its weights.
pub(crate) struct RunColumns<'a> {
    pub first: u16,
    pub consensus: &'a [I32F32],
    pub ranks: &'a mut [I32F32],
    pub column_totals: &'a mut [I32F32],
}

impl RankLanes {
    /// For a run of a row whose kept raw weights, the run's among them, add up to `total`:
    /// each share is then at most 1, which the lanes' products need (module documentation).
    pub(crate) fn new(
        total: &RowTotal,
        stake: I32F32,
        alpha: I32F32,
        keep: I32F32,
    ) -> Option<Self> {
        let below_one = |x: I32F32| u64::try_from(x.to_bits()).ok().filter(|x| x >> 32 == 0);
        Some(RankLanes {
            isa: InstructionSet::detect().up_to_avx2(),
            shares: total.shares()?,
            stake: below_one(stake)?,
            alpha: below_one(alpha)?,
            keep: below_one(keep)?,
        })
    }

    /// `RankRow::run` for `weights` on the columns from `columns.first`, with `bonds` on the
    /// same columns or none (empty). `None`, having changed nothing, when the slices' lengths
    /// differ.
    pub(crate) fn run(
        &self,
        weights: &[(u16, u16)],
        bonds: &[(u16, u16)],
        columns: RunColumns<'_>,
        out: RunOutput<'_>,
    ) -> Option<()> {
        let RunColumns {
            first,
            consensus,
            ranks,
            column_totals,
        } = columns;
        let len = weights.len();
        let bonds_given = !bonds.is_empty();
        if consensus.len() != len
            || ranks.len() != len
            || column_totals.len() != len
            || (bonds_given && bonds.len() != len)
        {
            return None;
        }
        let no_bonds = [(0u16, 0u16); BLOCK];
        let mut trust = out.trust.to_bits().cast_unsigned();
        let (mut bond, mut stored) = ([0u64; BLOCK], [0u16; BLOCK]);
        let mut column = usize::from(first);
        for (block, weights) in weights.chunks(BLOCK).enumerate() {
            let start = block.wrapping_mul(BLOCK);
            let end = start.wrapping_add(weights.len());
            let (Some(consensus), Some(ranks), Some(totals), Some(bonds), Some(bond), Some(stored)) = (
                consensus.get(start..end),
                ranks.get_mut(start..end),
                column_totals.get_mut(start..end),
                if bonds_given {
                    bonds.get(start..end)
                } else {
                    no_bonds.get(..weights.len())
                },
                bond.get_mut(..weights.len()),
                stored.get_mut(..weights.len()),
            ) else {
                return None;
            };
            let (block_trust, zeros) = self.isa.run(RanksBlock {
                lanes: self,
                weights,
                bonds,
                consensus,
                ranks,
                totals,
                bond,
                stored,
            });
            trust = trust.wrapping_add(block_trust);
            emit((bond, stored), zeros, column, out.exact, out.stored);
            column = column.wrapping_add(bond.len());
        }
        *out.trust = I32F32::from_bits(trust.cast_signed());
        Some(())
    }
}

/// One block's weights clipped, counted in the ranks, and made bonds (counted in the column
/// totals, written to `bond`); gives the block's trust and whether any bond is 0.
struct RanksBlock<'a> {
    lanes: &'a RankLanes,
    weights: &'a [(u16, u16)],
    bonds: &'a [(u16, u16)],
    consensus: &'a [I32F32],
    ranks: &'a mut [I32F32],
    totals: &'a mut [I32F32],
    bond: &'a mut [u64],
    /// Each bond's stored form.
    stored: &'a mut [u16],
}

impl Kernel for RanksBlock<'_> {
    type Output = (u64, bool);

    #[inline(always)]
    fn run(self) -> (u64, bool) {
        ranks_block(
            self.lanes,
            self.weights,
            self.bonds,
            self.consensus,
            self.ranks,
            self.totals,
            (self.bond, self.stored),
        )
    }
}

/// `RanksBlock::run`'s loop, its slices as arguments: the compiler knows the ones it writes
/// alias nothing else, so it adds no overlap tests.
#[inline(always)]
fn ranks_block(
    lanes: &RankLanes,
    weights: &[(u16, u16)],
    bonds: &[(u16, u16)],
    consensus: &[I32F32],
    ranks: &mut [I32F32],
    totals: &mut [I32F32],
    (bond, stored): (&mut [u64], &mut [u16]),
) -> (u64, bool) {
    let RankLanes {
        shares,
        stake,
        alpha,
        keep,
        ..
    } = *lanes;
    let (mut trust, mut zeros) = (0u64, 0u64);
    let entries = weights
        .iter()
        .zip(bonds)
        .zip(consensus)
        .zip(ranks.iter_mut())
        .zip(totals.iter_mut())
        .zip(bond.iter_mut().zip(stored.iter_mut()));
    for (((((&(_, raw), &(_, old)), consensus), rank), total), (bond, stored)) in entries {
        let share = shares.of(u64::from(raw)).cast_signed();
        let consensus = consensus.to_bits();
        // The clip: above a consensus of 0 a weight is dropped, which adds what 0 adds. Both
        // are at most 2³², so the signed minimum is the unsigned one; the mask, not a branch,
        // keeps the loop in vector lanes.
        let kept = 0i64.wrapping_sub(i64::from(consensus > 0));
        let clipped = (share.min(consensus) & kept).cast_unsigned();
        trust = trust.wrapping_add(clipped);
        *rank = add(*rank, product(stake, clipped));
        let old = u16_proportion_to_fixed(old).to_bits().cast_unsigned();
        let new = product(alpha, clipped).wrapping_add(product(keep, old));
        *total = add(*total, new);
        *bond = new;
        *stored = proportion_to_u16(new);
        zeros |= u64::from(new == 0);
    }
    (trust, zeros != 0)
}

/// A block's bonds from `column` on, each one not 0 (`zeros`: whether any is) emitted exact
/// and in its stored form.
fn emit(
    (bond, values): (&[u64], &[u16]),
    zeros: bool,
    column: usize,
    exact: &mut ExactBonds,
    stored: &mut StoredRow,
) {
    let first = u16::try_from(column).unwrap_or(u16::MAX);
    exact.extend_run(first, |bits| {
        bits.extend(bond.iter().map(|b| b.cast_signed()))
    });
    let values = values.iter().zip(bond).zip(first..);
    if !zeros {
        // A validator's steady row: no test per entry, room made once.
        stored.extend(values.map(|((value, _), j)| (j, *value)));
        return;
    }
    for ((&value, &bond), j) in values {
        if bond > 0 {
            stored.push((j, value));
        }
    }
}

/// `fixed::fixed_proportion_to_u16` of raw bits, with no branch: at most 2³² (1), then
/// floor(bits · 65535 / 2³²), below 2⁴⁹.
#[inline(always)]
fn proportion_to_u16(bits: u64) -> u16 {
    let value = bits.min(1 << 32).wrapping_mul(u64::from(u16::MAX)) >> 32;
    u16::try_from(value).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed::{fixed_proportion_to_u16, mul, one, u16_to_fixed, zero};
    use crate::rows::clip;
    use proptest::prelude::*;

    /// What a run leaves: the trust, the bonds exact and stored, the ranks, the column totals.
    type Outcome = (I32F32, ExactBonds, StoredRow, Vec<I32F32>, Vec<I32F32>);

    #[derive(Debug)]
    struct Case {
        weights: Vec<(u16, u16)>,
        bonds: Vec<(u16, u16)>,
        consensus: Vec<I32F32>,
        ranks: Vec<I32F32>,
        totals: Vec<I32F32>,
        total: I32F32,
        stake: I32F32,
        alpha: I32F32,
    }

    /// The scalar steps, entry by entry, in `fixed`'s and `rows`' arithmetic.
    fn scalar(case: &Case) -> Outcome {
        let total = RowTotal::new(case.total);
        let keep = one().saturating_sub(case.alpha);
        let (mut trust, mut exact, mut stored) = (zero(), ExactBonds::new(), Vec::new());
        let (mut ranks, mut totals) = (case.ranks.clone(), case.totals.clone());
        for (k, &(j, raw)) in case.weights.iter().enumerate() {
            let old = case
                .bonds
                .get(k)
                .map_or(zero(), |b| u16_proportion_to_fixed(b.1));
            let kept = mul(keep, old);
            let bond = match clip(total.share(raw), case.consensus[k]) {
                Some(w) => {
                    trust = trust.saturating_add(w);
                    ranks[k] = ranks[k].saturating_add(mul(case.stake, w));
                    mul(case.alpha, w).saturating_add(kept)
                }
                None => kept,
            };
            if bond > zero() {
                exact.push(j, bond);
                totals[k] = totals[k].saturating_add(bond);
                stored.push((j, fixed_proportion_to_u16(bond)));
            }
        }
        (trust, exact, stored, ranks, totals)
    }

    fn in_lanes(case: &Case, isa: InstructionSet) -> Option<Outcome> {
        let keep = one().saturating_sub(case.alpha);
        let mut lanes = RankLanes::new(&RowTotal::new(case.total), case.stake, case.alpha, keep)?;
        lanes.isa = isa;
        let (mut trust, mut exact, mut stored) = (zero(), ExactBonds::new(), Vec::new());
        let (mut ranks, mut totals) = (case.ranks.clone(), case.totals.clone());
        let first = case.weights.first().map_or(0, |(j, _)| *j);
        let columns = RunColumns {
            first,
            consensus: &case.consensus,
            ranks: &mut ranks,
            column_totals: &mut totals,
        };
        let out = RunOutput {
            trust: &mut trust,
            exact: &mut exact,
            stored: &mut stored,
        };
        lanes.run(&case.weights, &case.bonds, columns, out)?;
        Some((trust, exact, stored, ranks, totals))
    }

    fn bits(max: i64) -> impl Strategy<Value = I32F32> {
        prop_oneof![Just(0), Just(max), 0..=max].prop_map(I32F32::from_bits)
    }

    fn cases() -> impl Strategy<Value = Case> {
        let raw = prop_oneof![Just(0u16), Just(u16::MAX), any::<u16>()];
        (0usize..200, 0u16..1000, any::<bool>()).prop_flat_map(move |(len, first, with_bonds)| {
            let bonds = if with_bonds { len } else { 0 };
            (
                proptest::collection::vec(raw.clone(), len),
                proptest::collection::vec(raw.clone(), bonds),
                // Consensus values of 0, at most 1, and above it (only a median's are below).
                proptest::collection::vec(bits(3 << 31), len),
                proptest::collection::vec(bits(1 << 40), len),
                proptest::collection::vec(bits(1 << 40), len),
                prop_oneof![Just(0u64), 0u64..1 << 20],
                bits((1 << 32) - 1),
                bits((1 << 32) - 1),
            )
                .prop_map(
                    move |(raws, olds, consensus, ranks, totals, extra, stake, alpha)| {
                        let sum = raws.iter().map(|w| u64::from(*w)).sum::<u64>();
                        let total = u16_to_fixed(1)
                            .saturating_mul(I32F32::from_num(sum.saturating_add(extra)));
                        let on_columns = |values: Vec<u16>| {
                            values
                                .into_iter()
                                .zip(first..)
                                .map(|(v, j)| (j, v))
                                .collect()
                        };
                        Case {
                            weights: on_columns(raws),
                            bonds: on_columns(olds),
                            consensus,
                            ranks,
                            totals,
                            total,
                            stake,
                            alpha,
                        }
                    },
                )
        })
    }

    #[test]
    fn rows_without_the_lane_form_are_refused() {
        let below_one = I32F32::from_bits((1 << 32) - 1);
        // A sum of 1 has no multiplier; a fractional sum is not one of raw weights.
        assert!(RankLanes::new(&RowTotal::new(one()), below_one, below_one, below_one).is_none());
        let fraction = I32F32::from_bits(3 << 31);
        assert!(
            RankLanes::new(&RowTotal::new(fraction), below_one, below_one, below_one).is_none()
        );
        let sum = u16_to_fixed(7);
        assert!(RankLanes::new(&RowTotal::new(sum), one(), below_one, below_one).is_none());
        assert!(RankLanes::new(&RowTotal::new(sum), below_one, one(), zero()).is_none());
        assert!(RankLanes::new(&RowTotal::new(sum), below_one, below_one, below_one).is_some());
    }

    proptest! {
        #[test]
        fn lanes_equal_the_scalar_steps(case in cases()) {
            let expected = scalar(&case);
            for isa in InstructionSet::available() {
                if let Some(outcome) = in_lanes(&case, isa) {
                    prop_assert_eq!(&outcome, &expected);
                } else {
                    // No multiplier for a sum of 0 or 1; no lane form for an EMA rate of 0.
                    prop_assert!(
                        case.total == zero() || case.total == one() || case.alpha == zero()
                    );
                }
            }
        }
    }
}
