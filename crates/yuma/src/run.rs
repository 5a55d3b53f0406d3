//! The whole epoch in one call (`run_epoch`), and in memory a caller keeps from one epoch to
//! the next (`run_epoch_in`).
//!
//! A 4,096-neuron subnet with 256 dense validators writes about 14 MiB an epoch: 8 MiB of
//! exact bonds between its ranks and dividends passes, 4 MiB of new bond rows, 2 MiB of
//! consensus window. Allocated fresh, that memory is faulted in page by page each epoch, and
//! glibc hands it back to the system when it is freed: more than a third of the epoch's time.
//! A caller that runs epochs one after another (a node, a simulation, a benchmark) keeps an
//! `EpochBuffers`, and each epoch fills the rows and window the last one left. The window
//! always comes from them; the rows do on Yuma 3's merged ranks path (its default bonds
//! penalty, no liquid alpha), where the other paths build theirs as they go.

use alloc::vec::Vec;

use crate::epoch::{Epoch, EpochError, EpochOutput, StepLimits};
use crate::exact::ExactBonds;
use crate::params::{EpochContext, EpochParams, NeuronInput, RowInput, StoredRow};

/// Row and window buffers, emptied, for an epoch to fill (natively, `Epoch` takes its ranks
/// rows and consensus window from one when it is lent one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pool {
    exact: Vec<ExactBonds>,
    stored: Vec<StoredRow>,
    window: Vec<u16>,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl Pool {
    /// An empty exact row with room for `capacity` bonds on the leading columns.
    pub(crate) fn exact_row(&mut self, capacity: usize) -> ExactBonds {
        match self.exact.pop() {
            Some(mut row) => {
                row.clear();
                row.reserve(capacity);
                row
            }
            None => ExactBonds::with_capacity(capacity),
        }
    }

    /// An empty stored row with room for `capacity` bonds.
    pub(crate) fn stored_row(&mut self, capacity: usize) -> StoredRow {
        match self.stored.pop() {
            Some(mut row) => {
                row.clear();
                row.reserve(capacity);
                row
            }
            None => Vec::with_capacity(capacity),
        }
    }

    /// A window of `cells` scores, all 0.
    pub(crate) fn window(&mut self, cells: usize) -> Vec<u16> {
        let mut window = core::mem::take(&mut self.window);
        window.clear();
        window.resize(cells, 0);
        window
    }

    /// Takes back the window `window` handed out, once its medians are done.
    pub(crate) fn keep_window(&mut self, window: Vec<u16>) {
        self.window = window;
    }

    fn keep_exact(&mut self, rows: impl Iterator<Item = ExactBonds>) {
        self.exact.extend(rows.filter(|row| row.capacity() > 0));
    }

    fn keep_stored(&mut self, rows: impl Iterator<Item = StoredRow>) {
        self.stored.extend(rows.filter(|row| row.capacity() > 0));
    }

    /// At most `rows` rows of each kind kept, one an epoch's uid: an epoch whose rows do not
    /// come from here (classic, or Yuma 3 off its merged path) gives back more than it takes.
    fn bound(&mut self, rows: usize) {
        self.exact.truncate(rows);
        self.stored.truncate(rows);
    }
}

/// The memory `run_epoch_in` works in, kept from one epoch to the next (module
/// documentation): the new bond rows of the last epoch run in it, and the emptied rows and
/// window the next one fills. Beside those bond rows it keeps at most a row of exact bonds and
/// a stored row a uid of the last epoch, and one window.
#[derive(Debug, Clone, Default)]
pub struct EpochBuffers {
    bonds: Vec<StoredRow>,
    exact: Vec<ExactBonds>,
    pool: Pool,
}

impl EpochBuffers {
    pub fn new() -> Self {
        EpochBuffers::default()
    }

    /// The bond rows to store after the last epoch run in these buffers (index = uid); none
    /// after an epoch that failed.
    pub fn bonds(&self) -> &[StoredRow] {
        &self.bonds
    }

    /// Those rows, to keep: the next epoch fills new rows.
    pub fn take_bonds(&mut self) -> Vec<StoredRow> {
        core::mem::take(&mut self.bonds)
    }

    /// Gives rows back for later epochs to fill: those of `take_bonds` once the next epoch
    /// has read them as its old bonds.
    pub fn recycle(&mut self, rows: Vec<StoredRow>) {
        self.pool.keep_stored(rows.into_iter());
    }
}

/// The whole epoch in one call: `weights[i]` and `bonds[i]` are uid i's stored rows (missing
/// rows are empty). Returns the outputs and the bond rows to store (index = uid).
pub fn run_epoch(
    params: EpochParams,
    ctx: EpochContext,
    neurons: &[NeuronInput],
    weights: &[StoredRow],
    bonds: &[StoredRow],
) -> Result<(EpochOutput, Vec<StoredRow>), EpochError> {
    let mut buffers = EpochBuffers::new();
    let output = run_epoch_in(&mut buffers, params, ctx, neurons, weights, bonds)?;
    Ok((output, buffers.take_bonds()))
}

/// `run_epoch` in `buffers`: the bond rows to store are `buffers.bonds()`, written over
/// those of the epoch run in them before (which go back to be filled again).
pub fn run_epoch_in(
    buffers: &mut EpochBuffers,
    params: EpochParams,
    ctx: EpochContext,
    neurons: &[NeuronInput],
    weights: &[StoredRow],
    bonds: &[StoredRow],
) -> Result<EpochOutput, EpochError> {
    let output = fill(buffers, (params, ctx, neurons), weights, bonds);
    if output.is_err() {
        // Rows of no complete epoch: nothing to store.
        buffers.bonds.clear();
    }
    output
}

fn fill(
    buffers: &mut EpochBuffers,
    (params, ctx, neurons): (EpochParams, EpochContext, &[NeuronInput]),
    weights: &[StoredRow],
    bonds: &[StoredRow],
) -> Result<EpochOutput, EpochError> {
    let EpochBuffers {
        bonds: stored,
        exact,
        pool,
    } = buffers;
    pool.keep_stored(stored.drain(..));
    pool.bound(neurons.len());
    stored.resize_with(neurons.len(), Vec::new);
    exact.clear();
    exact.resize_with(neurons.len(), ExactBonds::new);
    let cells =
        u32::try_from(neurons.len().saturating_mul(neurons.len()).max(1)).unwrap_or(u32::MAX);
    let mut epoch = Epoch::new(params, ctx, neurons, StepLimits::uniform(cells))?;
    #[cfg(not(target_arch = "wasm32"))]
    epoch.lend(core::mem::take(pool));
    let empty: Vec<(u16, u16)> = Vec::new();
    let mut uids = Vec::new();
    while !epoch.is_complete() {
        uids.clear();
        uids.extend_from_slice(epoch.next_rows(usize::MAX));
        let rows: Vec<RowInput<'_>> = uids
            .iter()
            .map(|&uid| RowInput {
                uid,
                weights: weights.get(usize::from(uid)).unwrap_or(&empty),
                bonds: bonds.get(usize::from(uid)).unwrap_or(&empty),
                exact_bonds: exact.get(usize::from(uid)).unwrap_or(ExactBonds::NONE),
            })
            .collect();
        let finished = epoch.feed(&rows)?;
        drop(rows);
        for row in finished {
            let uid = usize::from(row.uid);
            if let (Some(cell), true) = (stored.get_mut(uid), row.persist) {
                *cell = row.bonds;
            }
            if let Some(cell) = exact.get_mut(uid) {
                *cell = row.exact;
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        *pool = epoch.take_pool();
    }
    pool.keep_exact(exact.drain(..));
    pool.bound(neurons.len());
    epoch.finish()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::params::Variant;
    use crate::synthetic::{subnet, Subnet};
    use alloc::vec;

    /// `subnet`'s epoch in `buffers`, with `bonds` as the old bonds.
    fn epoch_in(buffers: &mut EpochBuffers, subnet: &Subnet, bonds: &[StoredRow]) {
        let Subnet {
            params,
            ctx,
            neurons,
            weights,
        } = subnet;
        run_epoch_in(buffers, *params, *ctx, neurons, weights, bonds).expect("an epoch");
    }

    #[test]
    fn kept_buffers_hold_at_most_a_row_of_each_kind_a_uid() {
        // Classic, and Yuma 3 off its merged path, build their rows without the buffers and
        // give them back all the same.
        let n = 32;
        for (variant, bonds_penalty) in [
            (Variant::Classic, u16::MAX),
            (Variant::Yuma3, 0),
            (Variant::Yuma3, u16::MAX),
        ] {
            let mut subnet = subnet(n, 8, 100, variant);
            subnet.params.bonds_penalty = bonds_penalty;
            let mut buffers = EpochBuffers::new();
            let mut bonds = vec![Vec::new(); usize::from(n)];
            // Each epoch gives back 8 rows or more: unbounded, the fifth would pass 32.
            for _ in 0..8 {
                epoch_in(&mut buffers, &subnet, &bonds);
                let pool = &buffers.pool;
                assert!(pool.exact.len() <= usize::from(n) && pool.stored.len() <= usize::from(n));
                let read = core::mem::replace(&mut bonds, buffers.take_bonds());
                buffers.recycle(read);
            }
        }
    }

    #[test]
    fn a_failed_epoch_leaves_no_bond_rows_to_store() {
        let subnet = subnet(16, 4, 100, Variant::Yuma3);
        let mut buffers = EpochBuffers::new();
        epoch_in(&mut buffers, &subnet, &[]);
        assert!(buffers.bonds().iter().any(|row| !row.is_empty()));
        let too_many = vec![NeuronInput::default(); usize::from(u16::MAX) + 1];
        let failed = run_epoch_in(
            &mut buffers,
            subnet.params,
            subnet.ctx,
            &too_many,
            &subnet.weights,
            &[],
        );
        assert_eq!(failed, Err(EpochError::TooManyNeurons));
        assert!(buffers.bonds().is_empty());
        // The buffers serve the next epoch as fresh ones would.
        epoch_in(&mut buffers, &subnet, &[]);
        let fresh = run_epoch(
            subnet.params,
            subnet.ctx,
            &subnet.neurons,
            &subnet.weights,
            &[],
        );
        assert_eq!(buffers.bonds(), fresh.expect("an epoch").1.as_slice());
    }

    #[test]
    fn a_pool_hands_out_emptied_rows_and_a_zeroed_window() {
        let mut pool = Pool::default();
        // A row off the leading columns, which keeps its columns.
        let mut exact = ExactBonds::with_capacity(8);
        exact.push(3, crate::fixed::one());
        pool.keep_exact([exact, ExactBonds::new()].into_iter());
        pool.keep_stored([vec![(1u16, 2u16)], Vec::new()].into_iter());
        // Rows without memory are not kept.
        assert_eq!((pool.exact.len(), pool.stored.len()), (1, 1));
        let row = pool.exact_row(16);
        assert!(row.is_empty() && row.columns().is_empty() && row.capacity() >= 16);
        let row = pool.stored_row(4);
        assert!(row.is_empty() && row.capacity() >= 4);
        assert_eq!((pool.exact.len(), pool.stored.len()), (0, 0));
        let mut window = pool.window(6);
        window.fill(7);
        pool.keep_window(window);
        assert_eq!(pool.window(4), vec![0; 4]);
    }
}
