//! Per-row steps: the weight masks and row normalisation (step 5), clipping (step 7), the
//! weights used for bonds (step 9), and the bond inputs. Each works on one validator's row,
//! which is what lets the epoch stream rows in chunks.

use alloc::vec;
use alloc::vec::Vec;

use crate::fixed::{
    mul, one, u16_proportion_to_fixed, u16_to_fixed, zero, RowTotal, SafeDiv, I32F32,
};
use crate::params::StoredRow;
use crate::sort;

/// A sparse row: (column uid, value), sorted by column.
pub type SparseRow = Vec<(u16, I32F32)>;

/// What the masks of step 5 need to know about the neurons.
pub struct RowMasks<'a> {
    pub n: u16,
    pub permit_old: &'a [bool],
    pub last_update: &'a [u64],
    pub registered_at: &'a [u64],
    /// `Some` when commit-reveal is on: each validator's earliest live commit block.
    pub commit_block: Option<&'a [Option<u64>]>,
    pub owner_uid: Option<u16>,
    /// The latest block any neuron registered at, when known: a row set after it keeps every
    /// column, which `dense_row` then need not look up one by one.
    pub latest_registration: Option<u64>,
}

/// Step 5's masks for one validator's row (`RowMasks::row_filter`).
pub struct RowFilter<'a> {
    n: u16,
    own_column: Option<u16>,
    registered_before: u64,
    registered_at: &'a [u64],
}

impl RowFilter<'_> {
    /// Whether the row's entry for column `j` stands.
    #[inline(always)]
    pub fn keeps(&self, j: u16) -> bool {
        j < self.n
            && Some(j) != self.own_column
            && self
                .registered_at
                .get(usize::from(j))
                .is_some_and(|registered| *registered < self.registered_before)
    }
}

/// Σ u16_to_fixed(w) of a row's raw weights from their integer sum, saturating as
/// fixed-point addition of non-negative terms does.
pub fn raw_sum_to_fixed(sum: u64) -> I32F32 {
    u32::try_from(sum)
        .ok()
        .filter(|sum| *sum < 1 << 31)
        .map_or(I32F32::max_value(), |sum| {
            I32F32::from_bits(i64::from(sum) << 32)
        })
}

impl RowMasks<'_> {
    /// Step 5: raw u16 weights to the row-normalised weights the epoch uses. Entries are
    /// dropped when the destination is out of range, the validator has no (old) permit, it is
    /// a self-weight (the owner's excepted), it was set before the destination registered, or
    /// (commit-reveal) the validator's live commit predates the destination's registration.
    pub fn weight_row(&self, uid: u16, raw: &[(u16, u16)]) -> SparseRow {
        let (kept, total) = self.kept_weights(uid, raw);
        let total = RowTotal::new(total);
        kept.iter().map(|&(j, w)| (j, total.share(w))).collect()
    }

    /// The raw entries step 5 keeps (sorted by column, stable) and their sum as fixed point:
    /// `weight_row` is each of them divided by that sum, which lets a caller hold a row as
    /// its u16 values and one total until it needs the fixed-point weights.
    pub fn kept_weights(&self, uid: u16, raw: &[(u16, u16)]) -> (StoredRow, I32F32) {
        let Some(filter) = self.row_filter(uid) else {
            return (Vec::new(), zero());
        };
        // One visit: the mask, the sum and whether the kept entries are in column order.
        let mut kept: StoredRow = Vec::with_capacity(raw.len());
        let (mut sum, mut sorted, mut last) = (0u64, true, 0u16);
        for &(j, w) in raw {
            if filter.keeps(j) {
                sorted &= kept.is_empty() || last <= j;
                last = j;
                sum = sum.saturating_add(u64::from(w));
                kept.push((j, w));
            }
        }
        if !sorted {
            sort::sort_by_key(&mut kept, |(j, _)| u64::from(*j));
        }
        (kept, raw_sum_to_fixed(sum))
    }

    /// Which of validator `uid`'s entries step 5 keeps; `None` when it has no (old) permit,
    /// which keeps none.
    pub fn row_filter(&self, uid: u16) -> Option<RowFilter<'_>> {
        let i = usize::from(uid);
        if !self.permit_old.get(i).copied().unwrap_or(false) {
            return None;
        }
        // A destination's weight stands if it registered before the row was set and, with
        // commit-reveal, not after the commit: before both bounds.
        let last_update = self.last_update.get(i).copied().unwrap_or(0);
        let registered_before = self
            .commit_block
            .map(|blocks| blocks.get(i).copied().flatten().unwrap_or(u64::MAX))
            .map_or(last_update, |commit| {
                last_update.min(commit.saturating_add(1))
            });
        Some(RowFilter {
            n: self.n,
            own_column: (Some(uid) != self.owner_uid).then_some(uid),
            registered_before,
            registered_at: self.registered_at,
        })
    }

    /// Bonds as stored (u16), dropping those held to neurons registered at or after
    /// `mask_block`. Classic reads them as raw integers, Yuma 3 as proportions.
    pub fn bond_row(&self, raw: &[(u16, u16)], mask_block: u64, as_proportion: bool) -> SparseRow {
        // One visit, as in `kept_weights`.
        let mut row: SparseRow = Vec::with_capacity(raw.len());
        let (mut sorted, mut last) = (true, 0u16);
        for &(j, b) in raw {
            if self.bond_stands(j, mask_block) {
                sorted &= row.is_empty() || last <= j;
                last = j;
                let bond = if as_proportion {
                    u16_proportion_to_fixed(b)
                } else {
                    u16_to_fixed(b)
                };
                row.push((j, bond));
            }
        }
        if !sorted {
            sort::sort_by_key(&mut row, |(j, _)| u64::from(*j));
        }
        row
    }
}

impl RowMasks<'_> {
    /// Whether a stored bond on column `j` stands: its neuron registered before `mask_block`
    /// (a bond to a uid registered since belongs to the neuron it replaced).
    #[inline(always)]
    pub fn bond_stands(&self, j: u16, mask_block: u64) -> bool {
        j < self.n
            && self
                .registered_at
                .get(usize::from(j))
                .is_some_and(|registered| *registered < mask_block)
    }

    /// A validator's row in its steady state, checked in one visit without copying it: its
    /// kept raw weights on strictly ascending columns, and its stored bonds either none or,
    /// every one standing, on exactly the kept weights' columns, in order. Then `bond_row`
    /// would return the bonds as they are, and the kept weights are the raw ones the returned
    /// filter keeps; returns their sum and that filter.
    pub fn steady_row(
        &self,
        uid: u16,
        weights: &[(u16, u16)],
        bonds: &[(u16, u16)],
        mask_block: u64,
    ) -> Option<(I32F32, RowFilter<'_>)> {
        let filter = self.row_filter(uid)?;
        let mut old = bonds.iter();
        let (mut sum, mut next) = (0u64, 0u16);
        for &(j, w) in weights {
            if !filter.keeps(j) {
                continue;
            }
            if j < next {
                return None;
            }
            if !bonds.is_empty() {
                let &(bond_column, _) = old.next()?;
                if bond_column != j || !self.bond_stands(j, mask_block) {
                    return None;
                }
            }
            next = j.checked_add(1)?;
            sum = sum.saturating_add(u64::from(w));
        }
        if old.next().is_some() {
            return None;
        }
        Some((raw_sum_to_fixed(sum), filter))
    }

    /// Whether step 5 keeps validator `uid`'s weight on every column but its own, known from
    /// the latest registration alone (every neuron registered before the row was set): then
    /// `Some` of the column it drops (`None` for the owner, which keeps its own).
    pub fn keeps_all_but_own(&self, uid: u16) -> Option<Option<u16>> {
        let filter = self.row_filter(uid)?;
        let latest = self.latest_registration?;
        (latest < filter.registered_before).then_some(filter.own_column)
    }

    /// A validator's row that is dense: a weight on every column `0..n` in order, every one
    /// kept but the row's own column (which step 5 drops unless the row is the owner's), and
    /// its stored bonds either none or, every one standing, on exactly the kept columns. Then
    /// the kept weights are two runs of consecutive columns around the own one, which the
    /// ranks pass reads side by side with the column vectors (no lookups, no bounds checks
    /// per entry). Returns the kept raw weights' sum and the column dropped, if any.
    pub fn dense_row(
        &self,
        uid: u16,
        weights: &[(u16, u16)],
        bonds: &[(u16, u16)],
        mask_block: u64,
    ) -> Option<(I32F32, Option<u16>)> {
        let dropped = self.keeps_all_but_own(uid)?;
        if weights.len() != usize::from(self.n) {
            return None;
        }
        // One visit for the columns and the sum, the own column's weight taken out after.
        let mut sum = sum_on_columns_from(weights, 0)?;
        if let Some(own) = dropped {
            let own_weight = weights.get(usize::from(own)).map_or(0, |(_, w)| *w);
            sum = sum.saturating_sub(u64::from(own_weight));
        }
        self.bonds_on_kept_columns(bonds, dropped, mask_block)
            .then(|| (raw_sum_to_fixed(sum), dropped))
    }

    /// Whether a dense row's stored bonds (`dense_row`) are none or, every one standing, on
    /// exactly its kept columns: every column `0..n` but `dropped`.
    pub fn bonds_on_kept_columns(
        &self,
        bonds: &[(u16, u16)],
        dropped: Option<u16>,
        mask_block: u64,
    ) -> bool {
        let n = usize::from(self.n);
        let kept_before = dropped.map_or(n, usize::from);
        bonds.is_empty()
            || (self
                .latest_registration
                .is_some_and(|latest| latest < mask_block)
                && bonds.len() == n.saturating_sub(usize::from(dropped.is_some()))
                && bonds
                    .split_at_checked(kept_before)
                    .is_some_and(|(before, after)| {
                        on_columns_from(before, 0)
                            && on_columns_from(
                                after,
                                dropped.map_or(0, |own| own.saturating_add(1)),
                            )
                    }))
    }

    /// A dense row's stored bonds on every column but `dropped`, a 0 where there is none:
    /// `None` unless every bond stands (every neuron registered before `mask_block`) and the
    /// bonds are on ascending columns below n, none of them `dropped`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn aligned_bonds(
        &self,
        bonds: &[(u16, u16)],
        dropped: Option<u16>,
        mask_block: u64,
    ) -> Option<StoredRow> {
        if self.latest_registration? >= mask_block {
            return None;
        }
        let mut stored = bonds.iter().peekable();
        let aligned = (0..self.n)
            .filter(|j| Some(*j) != dropped)
            .map(|j| {
                (
                    j,
                    stored
                        .next_if(|(column, _)| *column == j)
                        .map_or(0, |(_, b)| *b),
                )
            })
            .collect();
        // A bond left over is out of order, on `dropped`, or beyond n.
        stored.next().is_none().then_some(aligned)
    }
}

/// Whether `entries` are on the consecutive columns `first, first + 1, …`.
pub fn on_columns_from(entries: &[(u16, u16)], first: u16) -> bool {
    sum_on_columns_from(entries, first).is_some()
}

/// Entries the column tests compare at once. Natively, a block the compiler compares in vector
/// lanes, stopping after the first block with an entry off its column. In Wasm, which has no
/// vector instructions, each entry: a sparse row stops at its first.
const COLUMN_BLOCK: usize = if cfg!(target_arch = "wasm32") { 1 } else { 64 };

/// The sum of the values of `entries` if they are on the consecutive columns from `first`.
/// Natively with the widest vector instructions the processor has (`lanes`).
fn sum_on_columns_from(entries: &[(u16, u16)], first: u16) -> Option<u64> {
    #[cfg(not(target_arch = "wasm32"))]
    return crate::lanes::InstructionSet::detect().run(ColumnSum { entries, first });
    #[cfg(target_arch = "wasm32")]
    column_sum(entries, first)
}

/// `sum_on_columns_from` as a lane kernel.
#[cfg(not(target_arch = "wasm32"))]
struct ColumnSum<'a> {
    entries: &'a [(u16, u16)],
    first: u16,
}

#[cfg(not(target_arch = "wasm32"))]
impl crate::lanes::Kernel for ColumnSum<'_> {
    type Output = Option<u64>;

    #[inline(always)]
    fn run(self) -> Option<u64> {
        column_sum(self.entries, self.first)
    }
}

#[inline(always)]
fn column_sum(entries: &[(u16, u16)], first: u16) -> Option<u64> {
    let mut sum = 0u64;
    let mut column = u32::from(first);
    for block in entries.chunks(COLUMN_BLOCK) {
        let (off, block_sum) =
            block
                .iter()
                .zip(column..)
                .fold((0u32, 0u64), |(off, sum), (&(j, value), column)| {
                    (
                        off | (u32::from(j) ^ column),
                        sum.wrapping_add(u64::from(value)),
                    )
                });
        if off != 0 {
            return None;
        }
        // At most 2¹⁶ values of at most 2¹⁶: neither sum can overflow.
        sum = sum.wrapping_add(block_sum);
        column = column.wrapping_add(u32::try_from(block.len()).unwrap_or(u32::MAX));
    }
    Some(sum)
}

/// Step 7: each weight is clipped to its column's consensus; an entry above a consensus of 0
/// is dropped (subtensor's `col_clip_sparse`).
pub fn clip_row(row: &[(u16, I32F32)], consensus: &[I32F32]) -> SparseRow {
    let mut clipped = Vec::with_capacity(row.len());
    for &(j, w) in row {
        let threshold = consensus.get(usize::from(j)).copied().unwrap_or(zero());
        if let Some(w) = clip(w, threshold) {
            clipped.push((j, w));
        }
    }
    clipped
}

/// One weight clipped to its column's consensus, or `None` when it is dropped (rare).
/// Whether a weight is above consensus is as unpredictable as the weights, and the compiler
/// makes a branch of `min` in the ranks loop (even of a select marked unpredictable), so
/// natively the minimum is taken by arithmetic; in Wasm, where a branch costs what any
/// instruction does, it stays a `min`.
#[inline]
pub fn clip(weight: I32F32, consensus: I32F32) -> Option<I32F32> {
    if consensus <= zero() && consensus < weight {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    return Some(weight.min(consensus));
    #[cfg(not(target_arch = "wasm32"))]
    Some(branchless_min(weight, consensus))
}

/// `min(a, b)` without a branch on which is lower.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn branchless_min(a: I32F32, b: I32F32) -> I32F32 {
    let (x, y) = (a.to_bits(), b.to_bits());
    // min(x, y) = y + min(x − y, 0), the inner minimum by the difference's sign mask.
    let Some(difference) = x.checked_sub(y) else {
        return a.min(b);
    };
    I32F32::from_bits(y.wrapping_add(difference & (difference >> 63)))
}

/// Step 9: `W + β (W_clip − W)`; β = 0 is W, β = 1 is W_clip, otherwise only positive
/// entries are kept (subtensor's `interpolate_sparse`).
pub fn bonds_weight_row(
    weights: &[(u16, I32F32)],
    clipped: &[(u16, I32F32)],
    penalty: I32F32,
    n: u16,
) -> SparseRow {
    if penalty == zero() {
        return weights.to_vec();
    }
    if penalty == one() {
        return clipped.to_vec();
    }
    let raw = densify(weights, n);
    let clip = densify(clipped, n);
    raw.iter()
        .zip(&clip)
        .enumerate()
        .filter_map(|(j, (w, c))| {
            let value = w.saturating_add(mul(penalty, c.saturating_sub(*w)));
            (value > zero()).then_some((u16::try_from(j).ok()?, value))
        })
        .collect()
}

/// A dense copy of a sparse row (later duplicates overwrite earlier ones).
pub fn densify(row: &[(u16, I32F32)], n: u16) -> Vec<I32F32> {
    let mut dense = vec![zero(); usize::from(n)];
    for &(j, v) in row {
        if let Some(cell) = dense.get_mut(usize::from(j)) {
            *cell = v;
        }
    }
    dense
}

/// The column of `row`'s entry `at`, as a u32 so that past the end of the row it is above
/// every real column: two rows sorted by column merge by taking the lower of their heads
/// until both are `u32::MAX`.
pub fn column_at<T>(row: &[(u16, T)], at: usize) -> u32 {
    row.get(at).map_or(u32::MAX, |(j, _)| u32::from(*j))
}

/// Adds each entry of `row` to its column's accumulator.
pub fn add_to_columns(columns: &mut [I32F32], row: &[(u16, I32F32)]) {
    for &(j, v) in row {
        if let Some(cell) = columns.get_mut(usize::from(j)) {
            *cell = cell.saturating_add(v);
        }
    }
}

/// Divides each entry by its column's total, where that total is not 0.
pub fn divide_by_columns(row: &[(u16, I32F32)], totals: &[I32F32]) -> SparseRow {
    row.iter()
        .map(|&(j, v)| {
            let total = totals.get(usize::from(j)).copied().unwrap_or(zero());
            (
                j,
                if total != zero() {
                    v.safe_div(total)
                } else {
                    v
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masks<'a>(permits: &'a [bool], updates: &'a [u64], registered: &'a [u64]) -> RowMasks<'a> {
        RowMasks {
            n: permits.len() as u16,
            permit_old: permits,
            last_update: updates,
            registered_at: registered,
            commit_block: None,
            owner_uid: None,
            latest_registration: registered.iter().copied().max(),
        }
    }

    #[test]
    fn masks_self_weights_stale_weights_and_unpermitted_rows() {
        let permits = [true, false, true];
        let updates = [10, 10, 10];
        let registered = [0, 0, 10];
        let m = masks(&permits, &updates, &registered);
        // self-weight dropped, weight to uid 2 (registered at 10, not before the update) dropped
        let row = m.weight_row(0, &[(0, 5), (1, 100), (2, 100), (7, 9)]);
        assert_eq!(row, [(1, one())]);
        assert!(m.weight_row(1, &[(0, 5)]).is_empty());
    }

    #[test]
    fn owner_keeps_its_self_weight() {
        let permits = [true, true];
        let updates = [10, 10];
        let registered = [0, 0];
        let mut m = masks(&permits, &updates, &registered);
        m.owner_uid = Some(0);
        assert_eq!(m.weight_row(0, &[(0, 1), (1, 1)]).len(), 2);
        assert_eq!(m.weight_row(1, &[(1, 1), (0, 1)]), [(0, one())]);
    }

    #[test]
    fn commit_reveal_masks_weights_committed_before_registration() {
        let permits = [true, true, true];
        let updates = [20, 20, 20];
        let registered = [0, 0, 12];
        let commits = [Some(10), None, Some(15)];
        let mut m = masks(&permits, &updates, &registered);
        m.commit_block = Some(&commits);
        assert_eq!(m.weight_row(0, &[(1, 1), (2, 1)]), [(1, one())]);
        assert_eq!(m.weight_row(2, &[(1, 1), (0, 1)]).len(), 2);
    }

    #[test]
    fn a_dense_row_is_one_on_every_column_with_bonds_on_exactly_the_kept_ones() {
        let permits = [true; 4];
        let updates = [10; 4];
        let registered = [0, 0, 0, 5];
        let mut m = masks(&permits, &updates, &registered);
        m.owner_uid = Some(0);
        let row: Vec<(u16, u16)> = (0..4).map(|j| (j, 10 + j)).collect();
        let kept_bonds = [(0, 1), (2, 1), (3, 1)];
        let sum = |raw: u64| raw_sum_to_fixed(raw);
        // Validator 1's own column is dropped from its sum and from where its bonds may be.
        assert_eq!(
            m.dense_row(1, &row, &[], 9),
            Some((sum(10 + 12 + 13), Some(1)))
        );
        assert_eq!(
            m.dense_row(1, &row, &kept_bonds, 9),
            Some((sum(10 + 12 + 13), Some(1)))
        );
        // The owner keeps its own column.
        let all_bonds = [(0, 1), (1, 1), (2, 1), (3, 1)];
        assert_eq!(m.dense_row(0, &row, &all_bonds, 9), Some((sum(46), None)));
        // Not dense: a column missing or out of order, bonds on other columns or to a neuron
        // registered since the bonds' mask block, a row set before a registration.
        assert_eq!(m.dense_row(1, &row[..3], &[], 9), None);
        let swapped = [row[1], row[0], row[2], row[3]];
        assert_eq!(m.dense_row(1, &swapped, &[], 9), None);
        assert_eq!(m.dense_row(1, &row, &all_bonds, 9), None);
        assert_eq!(m.dense_row(1, &row, &kept_bonds[..2], 9), None);
        assert_eq!(m.dense_row(1, &row, &kept_bonds, 5), None);
        let late = [10, 4, 10, 10];
        let m = RowMasks {
            last_update: &late,
            ..masks(&permits, &updates, &registered)
        };
        assert_eq!(m.dense_row(1, &row, &[], 9), None);
        assert!(m.dense_row(0, &row, &[], 9).is_some());
    }

    #[test]
    fn a_dense_rows_bonds_are_aligned_with_zeros_on_the_columns_they_miss() {
        let permits = [true; 4];
        let updates = [10; 4];
        let registered = [0, 0, 0, 5];
        let m = masks(&permits, &updates, &registered);
        let aligned = m.aligned_bonds(&[(0, 7), (3, 9)], Some(1), 9);
        assert_eq!(aligned, Some(vec![(0, 7), (2, 0), (3, 9)]));
        assert_eq!(
            m.aligned_bonds(&[], None, 9),
            Some(vec![(0, 0), (1, 0), (2, 0), (3, 0)])
        );
        // Not aligned: a bond on the dropped column, out of order, beyond n, or to a neuron
        // registered since the bonds' mask block.
        assert_eq!(m.aligned_bonds(&[(1, 7)], Some(1), 9), None);
        assert_eq!(m.aligned_bonds(&[(3, 7), (0, 7)], Some(1), 9), None);
        assert_eq!(m.aligned_bonds(&[(4, 7)], Some(1), 9), None);
        assert_eq!(m.aligned_bonds(&[(0, 7)], Some(1), 5), None);
    }

    #[test]
    fn clipping_caps_at_consensus_and_drops_above_zero_consensus() {
        let c = [
            I32F32::from_num(0),
            I32F32::from_bits(1 << 30),
            I32F32::from_num(1),
        ];
        let row = [
            (0, I32F32::from_bits(5)),
            (1, I32F32::from_bits(1 << 31)),
            (2, I32F32::from_bits(7)),
        ];
        assert_eq!(
            clip_row(&row, &c),
            [(1, I32F32::from_bits(1 << 30)), (2, I32F32::from_bits(7))]
        );
    }
}
