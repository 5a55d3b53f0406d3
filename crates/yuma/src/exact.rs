//! A validator's new Yuma 3 bonds at full precision, as its ranks pass emits them and its
//! dividends pass reads them back (`BondRow::exact`, `RowInput::exact_bonds`).
//!
//! A dense validator's row, the usual one, has a bond on every column but its own (which step
//! 5 drops). Such a row keeps no columns: its values sit on the columns `0..len`, a 0 where a
//! column has no bond. That is 8 bytes a bond where column and value pairs take 16, and the
//! dividends pass reads the values side by side with the column vectors. A row with a gap of
//! more than one column keeps a column beside each value. Either way a 0 is no bond: it adds
//! nothing to a dividend, and `iter` leaves it out.

use alloc::vec::Vec;

use crate::fixed::I32F32;

/// A row's bonds in column order (module documentation).
#[derive(Debug, Clone, Default)]
pub struct ExactBonds {
    /// Each value's column; empty when the values are on the columns `0..len`.
    columns: Vec<u16>,
    /// Each value's I32F32 bits.
    bits: Vec<i64>,
}

impl ExactBonds {
    /// No bonds, for a row input that carries none.
    pub const NONE: &'static ExactBonds = &ExactBonds::new();

    pub const fn new() -> Self {
        ExactBonds {
            columns: Vec::new(),
            bits: Vec::new(),
        }
    }

    /// Room for bonds on `capacity` columns from 0.
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        ExactBonds {
            columns: Vec::new(),
            bits: Vec::with_capacity(capacity),
        }
    }

    /// No bonds, the memory kept.
    pub fn clear(&mut self) {
        self.columns.clear();
        self.bits.clear();
    }

    /// Room for `additional` more bonds on the leading columns.
    pub fn reserve(&mut self, additional: usize) {
        self.bits.reserve(additional);
    }

    /// The bonds there is room for on the leading columns.
    pub fn capacity(&self) -> usize {
        self.bits.capacity()
    }

    /// Bonds as stored: a column for each value, or none for values on the columns
    /// `0..bits.len()`. `None` when there are columns but not one for each value.
    pub fn from_parts(columns: Vec<u16>, bits: Vec<i64>) -> Option<Self> {
        (columns.is_empty() || columns.len() == bits.len()).then_some(ExactBonds { columns, bits })
    }

    /// The columns (empty: `0..len`) and the values' bits, as `from_parts` takes them.
    pub fn into_parts(self) -> (Vec<u16>, Vec<i64>) {
        (self.columns, self.bits)
    }

    /// The values kept, a dense row's 0s included.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Whether the values are on the columns `0..len`, with no columns kept.
    pub fn on_leading_columns(&self) -> bool {
        self.columns.is_empty()
    }

    /// The values' bits: on the columns `0..len` when `on_leading_columns`.
    pub fn bits(&self) -> &[i64] {
        &self.bits
    }

    /// Each value's column; empty when `on_leading_columns`.
    pub fn columns(&self) -> &[u16] {
        &self.columns
    }

    /// (column, bond) in column order, each bond not 0.
    pub fn iter(&self) -> impl Iterator<Item = (u16, I32F32)> + '_ {
        self.bits
            .iter()
            .enumerate()
            .filter(|(_, bits)| **bits != 0)
            .map(|(at, bits)| {
                let column = match self.columns.get(at) {
                    Some(column) => *column,
                    // Left out only on the columns `0..len`, all below 2¹⁶.
                    None => u16::try_from(at).unwrap_or(u16::MAX),
                };
                (column, I32F32::from_bits(*bits))
            })
    }

    /// Adds `column`'s bond, not 0, past every column so far. In Wasm, where every call
    /// loads its code by the byte, one copy for the ranks pass's many emitting loops.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn push(&mut self, column: u16, bond: I32F32) {
        if !self.continues_leading_columns(column) {
            self.columns.push(column);
        }
        self.bits.push(bond.to_bits());
    }

    /// Adds the bonds of a run on the consecutive columns from `first`, past every column so
    /// far: `add` pushes each one's bits, 0 for no bond, one plain push a column. Then they
    /// are given their columns, unless they continue the leading columns.
    #[inline(always)]
    pub(crate) fn extend_run<R>(&mut self, first: u16, add: impl FnOnce(&mut Vec<i64>) -> R) -> R {
        let leading = self.continues_leading_columns(first);
        let from = self.bits.len();
        let added = add(&mut self.bits);
        if !leading {
            self.keep_columns_from(from, first);
        }
        added
    }

    /// Gives the values from `from` on, a run from `first`, their columns.
    #[inline(never)]
    fn keep_columns_from(&mut self, from: usize, first: u16) {
        let mut column = first;
        for _ in from..self.bits.len() {
            self.columns.push(column);
            column = column.wrapping_add(1);
        }
    }

    /// Whether values from `column` on still go on the leading columns.
    #[inline(always)]
    fn continues_leading_columns(&mut self, column: u16) -> bool {
        self.columns.is_empty()
            && (usize::from(column) == self.bits.len() || self.bridge_gap(column))
    }

    /// Values stay on the leading columns while every gap is one column, filled with a 0. At
    /// the first wider gap each value so far is given its column (as is every later one); so
    /// is a row with no value yet that starts past column 1.
    #[inline(never)]
    fn bridge_gap(&mut self, column: u16) -> bool {
        if usize::from(column) == self.bits.len().wrapping_add(1) {
            self.bits.push(0);
            return true;
        }
        self.keep_columns_from(0, 0);
        false
    }

    /// The values cut into runs on consecutive columns, each with its first column: one run
    /// for values on the leading columns.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn runs(&self) -> impl Iterator<Item = (usize, &[i64])> {
        let (mut columns, mut bits) = (self.columns.as_slice(), self.bits.as_slice());
        let mut leading = self.columns.is_empty() && !self.bits.is_empty();
        core::iter::from_fn(move || {
            if core::mem::take(&mut leading) {
                return Some((0, core::mem::take(&mut bits)));
            }
            let start = usize::from(*columns.first()?);
            let run = columns
                .iter()
                .zip(start..)
                .take_while(|(j, column)| usize::from(**j) == *column)
                .count();
            let (head, tail) = bits.split_at(run.min(bits.len()));
            (columns, bits) = (columns.get(run..).unwrap_or_default(), tail);
            Some((start, head))
        })
    }

    /// Whether the values lie mostly on consecutive columns (a dense validator's): on the
    /// leading columns, or more of them than half the columns they span.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn mostly_in_runs(&self) -> bool {
        match (self.columns.first(), self.columns.last()) {
            (Some(first), Some(last)) => {
                self.columns.len().saturating_mul(2) > usize::from(last.saturating_sub(*first))
            }
            _ => !self.bits.is_empty(),
        }
    }
}

/// The same bonds on the same columns, whichever way they are kept.
impl PartialEq for ExactBonds {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for ExactBonds {}

impl FromIterator<(u16, I32F32)> for ExactBonds {
    /// From (column, bond) pairs in column order, each bond not 0.
    fn from_iter<T: IntoIterator<Item = (u16, I32F32)>>(pairs: T) -> Self {
        let mut bonds = ExactBonds::new();
        for (column, bond) in pairs {
            bonds.push(column, bond);
        }
        bonds
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bond(bits: i64) -> I32F32 {
        I32F32::from_bits(bits)
    }

    fn extend(bonds: &mut ExactBonds, first: u16, bits: &[i64]) {
        bonds.extend_run(first, |values| values.extend_from_slice(bits));
    }

    #[test]
    fn one_column_gaps_are_filled_and_a_wider_gap_keeps_columns() {
        // A validator's dense row without its own column, 1.
        let mut bonds: ExactBonds = [(0, bond(5)), (2, bond(6))].into_iter().collect();
        assert_eq!(bonds.clone().into_parts(), (vec![], vec![5, 0, 6]));
        extend(&mut bonds, 3, &[7]);
        assert_eq!(bonds.clone().into_parts(), (vec![], vec![5, 0, 6, 7]));
        bonds.push(6, bond(8));
        assert_eq!(
            bonds.clone().into_parts(),
            (vec![0, 1, 2, 3, 6], vec![5, 0, 6, 7, 8])
        );
        extend(&mut bonds, 8, &[0, 9]);
        assert_eq!(
            bonds.into_parts(),
            (vec![0, 1, 2, 3, 6, 8, 9], vec![5, 0, 6, 7, 8, 0, 9])
        );
    }

    #[test]
    fn a_row_from_column_1_is_on_leading_columns_and_one_from_2_is_not() {
        let mut bonds = ExactBonds::new();
        extend(&mut bonds, 1, &[1, 0, 2]);
        assert_eq!(bonds.into_parts(), (vec![], vec![0, 1, 0, 2]));
        let mut bonds = ExactBonds::new();
        extend(&mut bonds, 2, &[1, 0, 2]);
        assert_eq!(bonds.into_parts(), (vec![2, 3, 4], vec![1, 0, 2]));
    }

    #[test]
    fn stored_parts_are_read_back_and_checked() {
        assert_eq!(ExactBonds::from_parts(vec![1], vec![1, 2]), None);
        let stored = ExactBonds::from_parts(vec![0, 2], vec![4, 6]).expect("one each");
        let built: ExactBonds = [(0, bond(4)), (2, bond(6))].into_iter().collect();
        assert!(!stored.on_leading_columns() && built.on_leading_columns());
        assert_eq!(stored, built);
        assert_ne!(
            built,
            ExactBonds::from_parts(vec![], vec![4, 6]).expect("no columns")
        );
    }

    /// Bonds in column order, on columns with gaps of every width.
    fn pairs() -> impl Strategy<Value = Vec<(u16, I32F32)>> {
        prop::collection::vec((1u16..4, 1i64..1 << 33), 0..40).prop_map(|steps| {
            let mut column = 0u16;
            steps
                .into_iter()
                .map(|(step, bits)| {
                    // A first step of 1 starts at column 0.
                    column += step;
                    (column - 1, bond(bits))
                })
                .collect()
        })
    }

    /// The bonds of `pairs` on their columns, 0 for none, cut into blocks `width` wide from
    /// the first column, as a dense row's runs are emitted.
    fn blocks(pairs: &[(u16, I32F32)], width: usize) -> Vec<(u16, Vec<i64>)> {
        let end = pairs.last().map_or(0, |(j, _)| usize::from(*j) + 1);
        let mut dense = vec![0i64; end];
        for (j, b) in pairs {
            dense[usize::from(*j)] = b.to_bits();
        }
        let first = pairs.first().map_or(0, |(j, _)| usize::from(*j));
        (first..end)
            .step_by(width)
            .map(|start| {
                (
                    start as u16,
                    dense[start..(start + width).min(end)].to_vec(),
                )
            })
            .collect()
    }

    proptest! {
        #[test]
        fn bonds_read_back_as_pushed(pairs in pairs()) {
            let bonds: ExactBonds = pairs.iter().copied().collect();
            prop_assert_eq!(bonds.iter().collect::<Vec<_>>(), pairs.clone());
            let gaps_of_one = pairs.windows(2).all(|w| w[1].0 - w[0].0 <= 2)
                && pairs.first().is_none_or(|(j, _)| *j <= 1);
            prop_assert_eq!(bonds.on_leading_columns(), gaps_of_one);
            let (columns, bits) = bonds.clone().into_parts();
            prop_assert_eq!(ExactBonds::from_parts(columns, bits), Some(bonds));
        }

        #[test]
        fn blocks_extend_as_pushes_do(pairs in pairs(), width in 1usize..6) {
            let pushed: ExactBonds = pairs.iter().copied().collect();
            let mut extended = ExactBonds::new();
            for (first, bits) in blocks(&pairs, width) {
                extend(&mut extended, first, &bits);
            }
            prop_assert_eq!(extended.iter().collect::<Vec<_>>(), pairs);
            // A block may span a wider gap, with its 0s, where pushes may not.
            prop_assert!(extended.on_leading_columns() || !pushed.on_leading_columns());
        }

        #[test]
        fn runs_cover_the_values_on_consecutive_columns(pairs in pairs()) {
            let bonds: ExactBonds = pairs.iter().copied().collect();
            let mut read = Vec::new();
            for (start, bits) in bonds.runs() {
                prop_assert!(!bits.is_empty());
                read.extend(
                    bits.iter()
                        .enumerate()
                        .filter(|(_, b)| **b != 0)
                        .map(|(k, b)| ((start + k) as u16, bond(*b))),
                );
            }
            prop_assert_eq!(read, pairs);
        }
    }
}
