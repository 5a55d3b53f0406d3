//! The epoch as a resumable state machine driven by row chunks.
//!
//! An epoch is a fixed sequence of passes over validator rows. Each pass reads, for every uid
//! the epoch lists, that validator's stored weight row (and bond row), and leaves behind only
//! per-column accumulators of size `n`; between passes the epoch derives the next global vector
//! (consensus, incentive, column totals). So a caller — the epoch contract — can feed rows a
//! few at a time across many calls, persisting this struct in between (its large vectors in
//! `parts`, each loaded only by the passes that read it):
//!
//! ```text
//! let mut epoch = Epoch::new(params, ctx, &neurons, limits)?;
//! while !epoch.is_complete() {
//!     let uids = epoch.next_rows(max_rows);          // which rows to read next, in order
//!     let rows = read(uids);                          // weights + bonds as stored (u16)
//!     for row in epoch.feed(&rows)? { store(row.uid, row.stored()) }   // final bond rows
//! }
//! let output = epoch.finish()?;
//! ```
//!
//! Passes (rows: C = validators with active stake, V = validators with an old or new permit):
//! 1. `Consensus` over C, once per window of columns: the window's scores (|C| × width) are
//!    collected, then each column's stake-weighted median is taken. The first window reads
//!    whole rows and keeps each row's total (what its scores are normalised by); later windows
//!    need only their own columns of each row (`columns`).
//! 2. `Ranks` over V: clipping, validator trust, ranks; classic: column totals of the
//!    stake-scaled deltas and of the old bonds; Yuma 3: the new bonds (emitted) and their
//!    column totals.
//! 3. `BondTotals` over V (classic only): the EMA bonds and their column totals.
//! 4. `Dividends` over V: each validator's dividend; classic also the column maxima. Yuma 3
//!    reads no weights here: each row's `exact_bonds`, as its ranks pass emitted them.
//! 5. `BondStorage` over V (classic only): the max-upscaled bonds (emitted).
//!
//! Every pass recomputes its per-row values from the same stored rows with the same
//! operations (or reads back the exact values an earlier pass emitted), and fixed-point
//! addition is exact, so any chunking gives bit-identical results
//! (`tests/properties.rs` checks it). Memory: `O(n)` vectors (about 12 vectors of `n` 8-byte
//! values) plus the consensus window (`limits.consensus_cells` values for the first,
//! `limits.column_window_cells` for the later ones) plus the rows fed.

use alloc::vec;
use alloc::vec::Vec;
use parity_scale_codec::{Decode, Encode};

use crate::bonds::{dot, moving_average_alpha, raise_column_max, yuma3_row, AlphaSigmoid};
use crate::consensus::MedianStakes;
use crate::exact::ExactBonds;
use crate::fixed::{
    fixed_proportion_to_u16, mul, normalize_in_place, one, u16_proportion_to_fixed, zero, Divisor,
    FixedBits, RowTotal, SafeDiv, I32F32, I96F32,
};
#[cfg(not(target_arch = "wasm32"))]
use crate::lanes::range::StakeLanes;
use crate::params::{EpochContext, EpochParams, NeuronInput, RowInput, StoredRow, Variant};
use crate::parts::{Columns, Consensus, Masks, Part, PartData, PartRef, PartSet, Stakes, Window};
use crate::rows::{
    add_to_columns, bonds_weight_row, clip, clip_row, column_at, divide_by_columns,
    on_columns_from, raw_sum_to_fixed, RowMasks, SparseRow,
};
#[cfg(not(target_arch = "wasm32"))]
use crate::run::Pool;
use crate::stake::{fallback_shares, stake_view, zeros};

/// Bounds on what one epoch holds at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct StepLimits {
    /// Scores held by the first consensus window (|C| × window width), which reads whole rows
    /// and so is fed over many calls, its scores stored in between. Each is 2 bytes (a raw
    /// u16).
    pub consensus_cells: u32,
    /// Scores held by each later window, which reads only its own columns of each row: a
    /// caller that keeps the rows can feed one whole in a call, so it need not be stored.
    pub column_window_cells: u32,
}

impl StepLimits {
    /// The same bound for every window.
    pub const fn uniform(cells: u32) -> StepLimits {
        StepLimits {
            consensus_cells: cells,
            column_window_cells: cells,
        }
    }
}

impl Default for StepLimits {
    fn default() -> Self {
        StepLimits::uniform(16_384)
    }
}

// The SCALE derive casts variant indices to u8 (cargo-contract lints dependencies too).
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum EpochError {
    /// More than 65,535 neurons.
    TooManyNeurons,
    /// A fed row is not the one the epoch expects next (see `next_rows`).
    UnexpectedRow { expected: Option<u16>, got: u16 },
    /// `finish` before every pass is complete.
    NotComplete,
    /// A part of the state the pass reads is not attached (see `parts`).
    MissingState,
}

#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum Pass {
    Consensus { window_start: u16 },
    Ranks,
    BondTotals,
    Dividends,
    BondStorage,
    Complete,
}

impl Pass {
    /// The parts a pass's rows read (for `Complete`: what `finish` reads). Every pass after
    /// consensus reads the same ones, so that the last one can also finish the epoch.
    pub fn reads(self) -> PartSet {
        match self {
            Pass::Consensus { .. } => PartSet::NONE.and(Part::Masks).and(Part::Window),
            _ => PartSet::ALL.without(PartSet::NONE.and(Part::Window)),
        }
    }

    /// The parts a pass's rows change.
    pub fn writes(self) -> PartSet {
        match self {
            Pass::Consensus { .. } => PartSet::NONE.and(Part::Window),
            Pass::Complete => PartSet::NONE,
            _ => PartSet::NONE.and(Part::Columns),
        }
    }

    /// The parts ending the pass reads and changes besides those: a consensus window's
    /// medians go to the consensus, which the calls that only fill the window never load.
    pub fn closing(self) -> PartSet {
        match self {
            Pass::Consensus { .. } => PartSet::NONE.and(Part::Consensus),
            _ => PartSet::NONE,
        }
    }
}

/// A validator's bonds after this epoch's EMA, in subtensor's stored u16 form (classic:
/// each column max-upscaled; Yuma 3: floor(b · 65535)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BondRow {
    pub uid: u16,
    pub bonds: StoredRow,
    /// Yuma 3: the new bonds before the u16 conversion, which the dividends pass reads back
    /// as the row's `exact_bonds`. Empty for classic.
    pub exact: ExactBonds,
    /// Whether the row is kept for the next epoch: only validators holding the new permit keep
    /// bonds (subtensor writes an empty row for everyone else).
    pub persist: bool,
}

impl BondRow {
    /// What to store for the next epoch.
    pub fn stored(&self) -> &[(u16, u16)] {
        if self.persist {
            &self.bonds
        } else {
            &[]
        }
    }
}

/// The epoch's results, in subtensor's stored forms plus the fixed-point values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpochOutput {
    pub active: Vec<bool>,
    pub validator_permit: Vec<bool>,
    /// u16 proportions.
    pub stake: Vec<u16>,
    pub consensus: Vec<u16>,
    pub incentive: Vec<u16>,
    pub dividends: Vec<u16>,
    pub validator_trust: Vec<u16>,
    /// Miner rewards in rao.
    pub server_emission: Vec<u64>,
    /// Validator rewards in rao.
    pub validator_emission: Vec<u64>,
    /// Combined emission in rao (what pruning compares).
    pub emission: Vec<u64>,
    /// The same vectors before the u16 conversion.
    pub exact: ExactOutput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactOutput {
    pub consensus: Vec<I32F32>,
    pub incentive: Vec<I32F32>,
    pub dividends: Vec<I32F32>,
    pub validator_trust: Vec<I32F32>,
}

/// A running epoch. See the module documentation for the protocol; `parts` for how a caller
/// persists it in parts.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct Epoch {
    params: EpochParams,
    ctx: EpochContext,
    limits: StepLimits,
    n: u16,
    median: MedianStakes,
    /// Uids of the validator rows the later passes read, ascending.
    validator_rows: Vec<u16>,
    pass: Pass,
    /// Position in the current pass's row list.
    cursor: u32,
    /// Per validator of the consensus window, the sum its raw weights are normalised by
    /// (from the first window's whole rows).
    #[codec(encoded_as = "FixedBits")]
    window_totals: Vec<I32F32>,
    #[codec(skip)]
    masks: Masks,
    #[codec(skip)]
    stakes: Stakes,
    #[codec(skip)]
    window: Window,
    #[codec(skip)]
    consensus: Consensus,
    #[codec(skip)]
    columns: Columns,
    /// The latest block any neuron registered at (`RowMasks::latest_registration`): known
    /// while the masks are attached.
    #[codec(skip)]
    latest_registration: Option<u64>,
    /// The parts present: all of them from `new`, none once decoded until attached.
    #[codec(skip)]
    attached: PartSet,
    /// The parts changed since they were attached (all of them from `new`).
    #[codec(skip)]
    changed: PartSet,
    /// Natively, the buffers `run_epoch_in` lends (`lend`): the consensus window and the rows
    /// of Yuma 3's merged ranks path take their memory from them, and the window goes back
    /// when its medians are done. `None`: they allocate, and nothing is kept.
    #[cfg(not(target_arch = "wasm32"))]
    #[codec(skip)]
    pool: Option<Pool>,
}

impl Epoch {
    /// Steps 1–4 (activity, stake, permits, active stake) for `neurons` (uid = index).
    pub fn new(
        params: EpochParams,
        ctx: EpochContext,
        neurons: &[NeuronInput],
        limits: StepLimits,
    ) -> Result<Self, EpochError> {
        let n = u16::try_from(neurons.len()).map_err(|_| EpochError::TooManyNeurons)?;
        let view = stake_view(&params, &ctx, neurons);
        let kappa = u16_proportion_to_fixed(params.kappa);
        let median = MedianStakes::new(&view.active_stake, kappa);
        let validator_rows = (0..n)
            .filter(|&uid| {
                let i = usize::from(uid);
                view.permit_old.get(i).copied().unwrap_or(false)
                    || view.permit_new.get(i).copied().unwrap_or(false)
            })
            .collect();
        let size = usize::from(n);
        let consensus_rows = median.uids.len();
        let classic = params.variant == Variant::Classic;
        let classic_vec = || if classic { zeros(size) } else { Vec::new() };
        let mut epoch = Epoch {
            params,
            ctx,
            limits,
            n,
            median,
            validator_rows,
            pass: Pass::Consensus { window_start: 0 },
            cursor: 0,
            window_totals: zeros(consensus_rows),
            masks: Masks {
                last_update: neurons.iter().map(|x| x.last_update).collect(),
                registered_at: neurons.iter().map(|x| x.registered_at).collect(),
                // Only the commit-reveal mask reads them (16 bytes a neuron in memory).
                commit_block: if ctx.commit_reveal {
                    neurons.iter().map(|x| x.commit_block).collect()
                } else {
                    Vec::new()
                },
                permit_old: view.permit_old,
            },
            stakes: Stakes {
                active: view.active,
                stake: view.stake,
                active_stake: view.active_stake,
                permit_new: view.permit_new,
            },
            window: Window::default(),
            consensus: Consensus {
                values: zeros(size),
            },
            columns: Columns {
                validator_trust: zeros(size),
                ranks: zeros(size),
                incentive: Vec::new(),
                dividends: Vec::new(),
                column_totals: zeros(size),
                bond_totals: classic_vec(),
                ema_totals: classic_vec(),
                ema_max: classic_vec(),
            },
            latest_registration: neurons.iter().map(|x| x.registered_at).max(),
            attached: PartSet::ALL,
            changed: PartSet::ALL,
            #[cfg(not(target_arch = "wasm32"))]
            pool: None,
        };
        epoch.skip_empty_passes();
        Ok(epoch)
    }

    pub fn n(&self) -> u16 {
        self.n
    }

    pub fn pass(&self) -> Pass {
        self.pass
    }

    pub fn variant(&self) -> Variant {
        self.params.variant
    }

    pub fn is_complete(&self) -> bool {
        self.pass == Pass::Complete
    }

    /// Whether the current pass reads the rows' weights. Yuma 3's dividends pass does not: it
    /// reads each row's `exact_bonds`, the `BondRow::exact` its ranks pass emitted, so a caller
    /// that keeps those need not read (or mask and normalise) the weights a third time.
    pub fn reads_weights(&self) -> bool {
        !(self.pass == Pass::Dividends && self.params.variant == Variant::Yuma3)
    }

    /// Whether the current pass reads the rows' stored bonds: consensus never does, nor Yuma
    /// 3's dividends pass (a 4,096-neuron validator's bond row is 16 KiB in memory).
    pub fn reads_bonds(&self) -> bool {
        self.reads_weights() && !matches!(self.pass, Pass::Consensus { .. })
    }

    /// The destination uids `start..end` the rows fed next need, when that is not all of them:
    /// a consensus window after the first reads only its own columns of each row.
    pub fn columns(&self) -> Option<(u16, u16)> {
        match self.pass {
            Pass::Consensus { window_start } if window_start > 0 => {
                Some((window_start, self.window_end(window_start)))
            }
            _ => None,
        }
    }

    /// Whether the pass is the first consensus window and later windows will read only their
    /// own columns of the same rows: a caller that reads each row whole now may keep the rows
    /// for those windows.
    pub fn has_later_windows(&self) -> bool {
        self.pass == (Pass::Consensus { window_start: 0 }) && self.window_end(0) < self.n
    }

    /// The block neuron `uid` registered at, as the epoch was started with it.
    pub fn registered_at(&self, uid: u16) -> u64 {
        self.masks
            .registered_at
            .get(usize::from(uid))
            .copied()
            .unwrap_or(0)
    }

    /// Every uid whose row any pass reads (validators with an old or new permit), ascending:
    /// a caller that holds these rows can drive the whole epoch without reading more.
    pub fn rows_read(&self) -> &[u16] {
        &self.validator_rows
    }

    /// The uids the epoch expects next, in order: at most `max` of them.
    pub fn next_rows(&self, max: usize) -> &[u16] {
        let rows = self.current_rows();
        let start = (self.cursor as usize).min(rows.len());
        let end = start.saturating_add(max).min(rows.len());
        rows.get(start..end).unwrap_or(&[])
    }

    /// Processes rows in the order `next_rows` gave them. Returns the final bond rows the
    /// chunk completed (Yuma 3: in the ranks pass; classic: in the bond-storage pass).
    pub fn feed(&mut self, rows: &[RowInput<'_>]) -> Result<Vec<BondRow>, EpochError> {
        #[cfg(not(target_arch = "wasm32"))]
        let rows = self.collect_dense_groups(rows);
        let mut finished_bonds = Vec::new();
        // Yuma 3's dividends divide every bond by its column's total: prepared once a feed,
        // when that pass is reached.
        let mut divisors = BondDivisors::default();
        for row in rows {
            if !self.missing_parts().is_empty() {
                return Err(EpochError::MissingState);
            }
            if !self.reads_weights() && divisors.columns.is_empty() {
                divisors = BondDivisors::new(&self.columns);
            }
            let expected = self.current_rows().get(self.cursor as usize).copied();
            if expected != Some(row.uid) {
                return Err(EpochError::UnexpectedRow {
                    expected,
                    got: row.uid,
                });
            }
            self.changed = self.changed.with(self.pass.writes());
            if let Some((bonds, exact)) = self.process(row, &divisors) {
                let persist = self
                    .stakes
                    .permit_new
                    .get(usize::from(row.uid))
                    .copied()
                    .unwrap_or(false);
                finished_bonds.push(BondRow {
                    uid: row.uid,
                    bonds,
                    exact,
                    persist,
                });
            }
            self.cursor = self.cursor.saturating_add(1);
            self.skip_empty_passes();
        }
        Ok(finished_bonds)
    }

    /// The parts the current pass (or, once complete, `finish`) reads that are not attached:
    /// at the end of a pass, with those that ending it reads.
    pub fn missing_parts(&self) -> PartSet {
        self.parts_for(0)
    }

    /// The parts not attached that feeding the next `rows` rows reads: the pass's, and the
    /// ones ending it reads if those rows complete it (so that the call that feeds a
    /// window's last rows also closes it).
    pub fn parts_for(&self, rows: usize) -> PartSet {
        let left = self
            .current_rows()
            .len()
            .saturating_sub(self.cursor as usize);
        let needed = if self.pass != Pass::Complete && rows >= left {
            self.pass.reads().with(self.pass.closing())
        } else {
            self.pass.reads()
        };
        needed.without(self.attached)
    }

    /// The parts changed since they were attached: what a caller stores again.
    pub fn changed_parts(&self) -> PartSet {
        self.changed
    }

    /// A part, to be stored.
    pub fn part(&self, part: Part) -> PartRef<'_> {
        match part {
            Part::Masks => PartRef::Masks(&self.masks),
            Part::Stakes => PartRef::Stakes(&self.stakes),
            Part::Window => PartRef::Window(&self.window),
            Part::Consensus => PartRef::Consensus(&self.consensus),
            Part::Columns => PartRef::Columns(&self.columns),
        }
    }

    /// Attaches a part as it was stored, unchanged.
    pub fn attach(&mut self, data: PartData) {
        let part = data.part();
        match data {
            PartData::Masks(masks) => {
                self.latest_registration = masks.registered_at.iter().copied().max();
                self.masks = masks;
            }
            PartData::Stakes(stakes) => self.stakes = stakes,
            PartData::Window(window) => self.window = window,
            PartData::Consensus(consensus) => self.consensus = consensus,
            PartData::Columns(columns) => self.columns = columns,
        }
        self.attached = self.attached.and(part);
    }

    /// Ends the passes that have no rows left to read, as far as the attached parts allow
    /// (`feed` does it after each row; a caller that attached parts since calls it first).
    pub fn advance(&mut self) {
        self.skip_empty_passes();
    }

    /// Lends the epoch buffers to fill (`run_epoch_in`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn lend(&mut self, pool: Pool) {
        self.pool = Some(pool);
    }

    /// The lent buffers, with the window back once the consensus passes are done.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn take_pool(&mut self) -> Pool {
        self.pool.take().unwrap_or_default()
    }

    /// Steps 11–12: the emission split and the stored forms.
    ///
    /// Consumes the epoch and keeps only what the outputs are made of: a 4,096-neuron epoch
    /// is about 400 KiB of vectors, and the call that finishes it has 1 MiB in all, so the
    /// rest is dropped first and no vector is copied.
    pub fn finish(self) -> Result<EpochOutput, EpochError> {
        if !self.is_complete() {
            return Err(EpochError::NotComplete);
        }
        if !self.missing_parts().is_empty() {
            return Err(EpochError::MissingState);
        }
        let Epoch {
            ctx,
            stakes:
                Stakes {
                    active,
                    stake,
                    active_stake,
                    permit_new,
                },
            consensus: Consensus { values: consensus },
            columns:
                Columns {
                    validator_trust,
                    incentive,
                    mut dividends,
                    ..
                },
            ..
        } = self;
        normalize_in_place(&mut dividends);
        // Σ (incentive + dividends): what the shares of step 11 are divided by.
        let emission_sum = incentive
            .iter()
            .zip(&dividends)
            .fold(zero(), |sum, (i, d)| {
                sum.saturating_add(i.saturating_add(*d))
            });
        let share = |value: I32F32| {
            if emission_sum == zero() {
                value
            } else {
                value.safe_div(emission_sum)
            }
        };
        let rao = I96F32::saturating_from_num(ctx.emission);
        let to_rao = |share: I32F32| {
            I96F32::saturating_from_num(share)
                .saturating_mul(rao)
                .saturating_to_num::<u64>()
        };
        let to_u16 = |values: &[I32F32]| -> Vec<u16> {
            values.iter().map(|v| fixed_proportion_to_u16(*v)).collect()
        };
        let server_emission = incentive.iter().map(|i| to_rao(share(*i))).collect();
        // Nobody earned anything: validators are paid by stake instead.
        let fallback = (emission_sum == zero()).then(|| fallback_shares(&stake, &active_stake));
        let (validator_emission, emission) = match fallback {
            Some(shares) => {
                let paid: Vec<u64> = shares.iter().map(|s| to_rao(*s)).collect();
                (paid.clone(), paid)
            }
            None => (
                dividends.iter().map(|d| to_rao(share(*d))).collect(),
                incentive
                    .iter()
                    .zip(&dividends)
                    .map(|(i, d)| to_rao(share(i.saturating_add(*d))))
                    .collect(),
            ),
        };
        Ok(EpochOutput {
            stake: to_u16(&stake),
            consensus: to_u16(&consensus),
            incentive: to_u16(&incentive),
            dividends: to_u16(&dividends),
            validator_trust: to_u16(&validator_trust),
            server_emission,
            validator_emission,
            emission,
            active,
            validator_permit: permit_new,
            exact: ExactOutput {
                consensus,
                incentive,
                dividends,
                validator_trust,
            },
        })
    }

    fn current_rows(&self) -> &[u16] {
        match self.pass {
            Pass::Consensus { .. } => &self.median.uids,
            Pass::Complete => &[],
            _ => &self.validator_rows,
        }
    }

    fn masks(&self) -> RowMasks<'_> {
        row_masks(self.n, &self.masks, &self.ctx, self.latest_registration)
    }

    fn window_width(&self, start: u16) -> u16 {
        let rows = u32::try_from(self.median.uids.len().max(1)).unwrap_or(u32::MAX);
        let cells = if start == 0 {
            self.limits.consensus_cells
        } else {
            self.limits.column_window_cells
        };
        let width = cells.checked_div(rows).unwrap_or(1).max(1);
        u16::try_from(width).unwrap_or(u16::MAX)
    }

    fn window_end(&self, start: u16) -> u16 {
        start.saturating_add(self.window_width(start)).min(self.n)
    }

    /// The window's scores, all 0 until a row is fed: a window just opened is stored empty
    /// (a caller saves it with the call that closed the previous one).
    fn window_scores(&mut self, start: u16) -> &mut Vec<u16> {
        if self.window.raw.is_empty() {
            let width = usize::from(self.window_end(start).saturating_sub(start));
            let cells = self.median.uids.len().saturating_mul(width);
            #[cfg(not(target_arch = "wasm32"))]
            if let Some(pool) = self.pool.as_mut() {
                self.window.raw = pool.window(cells);
                return &mut self.window.raw;
            }
            self.window.raw = vec![0; cells];
        }
        &mut self.window.raw
    }

    /// Moves to the next pass while the current one has no (more) rows to read and its parts
    /// are attached (ending a pass writes them); a caller that attaches the missing parts and
    /// calls `advance` goes on from there.
    fn skip_empty_passes(&mut self) {
        while self.pass != Pass::Complete
            && self.cursor as usize >= self.current_rows().len()
            && self.missing_parts().is_empty()
        {
            self.end_pass();
        }
    }

    fn end_pass(&mut self) {
        self.changed = self
            .changed
            .with(self.pass.writes())
            .with(self.pass.closing());
        self.cursor = 0;
        self.pass = match self.pass {
            Pass::Consensus { window_start } => {
                self.close_window(window_start);
                let next = self.window_end(window_start);
                if next < self.n {
                    Pass::Consensus { window_start: next }
                } else {
                    self.window_totals = Vec::new();
                    Pass::Ranks
                }
            }
            Pass::Ranks => {
                // The ranks become the incentive, and the dividends start: no pass reads the
                // ranks after this, none writes dividends before, so neither is stored idle.
                self.columns.incentive = core::mem::take(&mut self.columns.ranks);
                normalize_in_place(&mut self.columns.incentive);
                self.columns.dividends = zeros(usize::from(self.n));
                match self.params.variant {
                    Variant::Classic => Pass::BondTotals,
                    Variant::Yuma3 => Pass::Dividends,
                }
            }
            Pass::BondTotals => Pass::Dividends,
            Pass::Dividends => match self.params.variant {
                Variant::Classic => Pass::BondStorage,
                Variant::Yuma3 => Pass::Complete,
            },
            Pass::BondStorage | Pass::Complete => Pass::Complete,
        };
    }

    fn close_window(&mut self, start: u16) {
        let width = usize::from(self.window_end(start).saturating_sub(start));
        let rows = self.median.uids.len();
        let totals: Vec<RowTotal> = self
            .window_totals
            .iter()
            .map(|t| RowTotal::new(*t))
            .collect();
        let mut pairs = Vec::with_capacity(rows);
        let raw = core::mem::take(self.window_scores(start));
        // Natively, a column's scores are computed in vector lanes, then read from a buffer.
        #[cfg(not(target_arch = "wasm32"))]
        let (lanes, mut buffer) = (
            crate::lanes::shares::WindowShares::new(&self.window_totals).and_then(|shares| {
                let stakes = StakeLanes::new(shares.isa(), &self.median.stakes)?;
                Some((shares, stakes))
            }),
            Vec::new(),
        );
        for (column, raw) in raw.chunks(rows.max(1)).take(width).enumerate() {
            let scores = raw
                .iter()
                .zip(&totals)
                .map(|(raw, total)| total.share(*raw));
            #[cfg(not(target_arch = "wasm32"))]
            let median = match &lanes {
                Some((shares, stakes)) => {
                    shares.column(raw, &mut buffer);
                    self.median.median_in(&buffer, stakes, &mut pairs)
                }
                None => self.median.median_with(scores, &mut pairs),
            };
            #[cfg(target_arch = "wasm32")]
            let median = self.median.median_with(scores, &mut pairs);
            let j = usize::from(start).saturating_add(column);
            if let Some(cell) = self.consensus.values.get_mut(j) {
                *cell = median;
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(pool) = self.pool.as_mut() {
            pool.keep_window(raw);
        }
    }

    /// One row of the current pass; returns a final bond row when this pass emits them.
    fn process(
        &mut self,
        row: &RowInput<'_>,
        divisors: &BondDivisors,
    ) -> Option<(StoredRow, ExactBonds)> {
        let i = usize::from(row.uid);
        if let Pass::Consensus { window_start } = self.pass {
            // Later windows may be given only their columns: the total is the first window's.
            self.collect_scores(window_start, row.uid, row.weights);
            return None;
        }
        if !self.reads_weights() {
            // Yuma 3's dividends: the bonds the ranks pass computed, as it emitted them.
            let per_bond = divisors.dot_incentive(row.exact_bonds, &self.columns.incentive);
            let stake = self.stakes.active_stake.get(i).copied().unwrap_or(zero());
            if let Some(cell) = self.columns.dividends.get_mut(i) {
                *cell = per_bond.checked_mul(stake).unwrap_or_default();
            }
            return None;
        }
        if self.pass == Pass::Ranks && self.ranks_row_merges() {
            return Some(self.merged_yuma3_rank_row(i, row));
        }
        let weights = self.masks().weight_row(row.uid, row.weights);
        match self.pass {
            Pass::Consensus { .. } => None,
            Pass::Ranks => self.rank_row(i, row, &weights),
            Pass::BondTotals => {
                let ema = self.classic_ema_row(i, row, &weights);
                add_to_columns(&mut self.columns.ema_totals, &ema);
                None
            }
            Pass::Dividends => {
                // Classic (Yuma 3's dividends return above).
                let ema = divide_by_columns(
                    &self.classic_ema_row(i, row, &weights),
                    &self.columns.ema_totals,
                );
                raise_column_max(&mut self.columns.ema_max, &ema);
                if let Some(cell) = self.columns.dividends.get_mut(i) {
                    *cell = dot(&ema, &self.columns.incentive);
                }
                None
            }
            Pass::BondStorage => {
                let ema = divide_by_columns(
                    &self.classic_ema_row(i, row, &weights),
                    &self.columns.ema_totals,
                );
                // Max-upscale: each column divided by its maximum (where it is not 0).
                let upscaled = divide_by_columns(&ema, &self.columns.ema_max);
                Some((Self::stored_bonds(&upscaled), ExactBonds::new()))
            }
            Pass::Complete => None,
        }
    }

    /// A consensus row's kept raw weights in the window's columns go into the window; the
    /// first window also keeps the row's total (of every kept entry), which later windows,
    /// given only their columns, divide by. Entries are visited as given: a column given twice
    /// keeps its last value, as the stable sort of `kept_weights` would have it.
    fn collect_scores(&mut self, start: u16, uid: u16, raw: &[(u16, u16)]) {
        let end = self.window_end(start);
        let rows = self.median.uids.len();
        let row = self.cursor as usize;
        self.window_scores(start);
        let masks = row_masks(self.n, &self.masks, &self.ctx, self.latest_registration);
        let scores = &mut self.window.raw;
        let mut sum = 0u64;
        // A dense row, or a later window's part of one, fills the window from its entries in
        // order: each goes down its column's run, `rows` cells apart, without a mask or bounds
        // test. The first window also takes a dense row's total.
        let window_width = usize::from(end.saturating_sub(start));
        if let Some(DenseWindowPart {
            entries,
            dropped,
            total,
        }) = dense_window_part(&masks, (start, window_width), uid, raw)
        {
            let mut at = row;
            for &(_, w) in entries {
                if let Some(cell) = scores.get_mut(at) {
                    *cell = w;
                }
                at = at.saturating_add(rows);
            }
            if let Some(own) = dropped.filter(|own| (start..end).contains(own)) {
                let at = usize::from(own.saturating_sub(start))
                    .saturating_mul(rows)
                    .saturating_add(row);
                if let Some(cell) = scores.get_mut(at) {
                    *cell = 0;
                }
            }
            if let (Some(cell), Some(total)) = (self.window_totals.get_mut(row), total) {
                *cell = total;
            }
            return;
        }
        if let Some(filter) = masks.row_filter(uid) {
            for &(j, w) in raw {
                if filter.keeps(j) {
                    sum = sum.saturating_add(u64::from(w));
                    if j >= start && j < end {
                        let column = usize::from(j.saturating_sub(start));
                        let at = column.saturating_mul(rows).saturating_add(row);
                        if let Some(cell) = scores.get_mut(at) {
                            *cell = w;
                        }
                    }
                }
            }
        }
        if start == 0 {
            if let Some(cell) = self.window_totals.get_mut(row) {
                *cell = raw_sum_to_fixed(sum);
            }
        }
    }

    /// Natively, `feed`'s consensus rows while they come dense, in groups: each group goes
    /// into the window a column at a time, its rows' cells side by side, where row by row
    /// each row would touch a cache line of every column. Stops before the pass's last row
    /// (ending the pass closes the window, which `feed` does) and at the first row that is
    /// not the next expected or not dense; returns the rows left.
    #[cfg(not(target_arch = "wasm32"))]
    fn collect_dense_groups<'r, 'a>(&mut self, mut rows: &'r [RowInput<'a>]) -> &'r [RowInput<'a>] {
        const GROUP: usize = 8;
        const TILE_COLUMNS: usize = 64;
        let Pass::Consensus {
            window_start: start,
        } = self.pass
        else {
            return rows;
        };
        if !self.missing_parts().is_empty() {
            return rows;
        }
        let end = self.window_end(start);
        let width = usize::from(end.saturating_sub(start));
        let window_rows = self.median.uids.len();
        loop {
            let cursor = self.cursor as usize;
            let expected = self.current_rows().get(cursor..).unwrap_or_default();
            let take = GROUP.min(expected.len().saturating_sub(1)).min(rows.len());
            let (Some(group), Some(expected)) = (rows.get(..take), expected.get(..take)) else {
                return rows;
            };
            if take < 2 || group.iter().map(|row| row.uid).ne(expected.iter().copied()) {
                return rows;
            }
            let masks = row_masks(self.n, &self.masks, &self.ctx, self.latest_registration);
            let mut parts = [DenseWindowPart {
                entries: &[],
                dropped: None,
                total: None,
            }; GROUP];
            for (part, row) in parts.iter_mut().zip(group) {
                match dense_window_part(&masks, (start, width), row.uid, row.weights) {
                    Some(dense) if dense.entries.len() == width => *part = dense,
                    _ => return rows,
                }
            }
            let parts = parts.get(..take).unwrap_or_default();
            // A window just opened is stored empty: it is sized once a group is known to fill it.
            self.window_scores(start);
            // A block of columns at a time: each row's weights read in order into a tile on the
            // stack, then each column's cells copied from the tile side by side.
            let mut tile = [[0u16; GROUP]; TILE_COLUMNS];
            let mut columns = self.window.raw.chunks_mut(window_rows.max(1)).take(width);
            for first in (0..width).step_by(TILE_COLUMNS) {
                let last = first.saturating_add(TILE_COLUMNS).min(width);
                for (row, part) in parts.iter().enumerate() {
                    let weights = part.entries.get(first..last).unwrap_or_default();
                    for (cells, (_, w)) in tile.iter_mut().zip(weights) {
                        if let Some(cell) = cells.get_mut(row) {
                            *cell = *w;
                        }
                    }
                }
                for (cells, column) in tile
                    .iter()
                    .zip(columns.by_ref().take(last.saturating_sub(first)))
                {
                    let (Some(to), Some(from)) = (
                        column.get_mut(cursor..cursor.saturating_add(take)),
                        cells.get(..take),
                    ) else {
                        continue;
                    };
                    // A whole group is one store of known size, where a slice copy of a length
                    // known only at run time is a call.
                    match <&mut [u16; GROUP]>::try_from(&mut *to) {
                        Ok(to) => *to = *cells,
                        Err(_) => to.copy_from_slice(from),
                    }
                }
            }
            for (row, part) in (cursor..).zip(parts) {
                if let Some(own) = part.dropped.filter(|own| (start..end).contains(own)) {
                    let at = usize::from(own.saturating_sub(start))
                        .saturating_mul(window_rows)
                        .saturating_add(row);
                    if let Some(cell) = self.window.raw.get_mut(at) {
                        *cell = 0;
                    }
                }
                if let (Some(cell), Some(total)) = (self.window_totals.get_mut(row), part.total) {
                    *cell = total;
                }
            }
            self.changed = self.changed.with(self.pass.writes());
            self.cursor = self
                .cursor
                .saturating_add(u32::try_from(take).unwrap_or(u32::MAX));
            rows = rows.get(take..).unwrap_or_default();
        }
    }

    fn rank_row(
        &mut self,
        i: usize,
        row: &RowInput<'_>,
        weights: &[(u16, I32F32)],
    ) -> Option<(StoredRow, ExactBonds)> {
        // Clipping, trust and ranks in one visit of the row.
        let stake = self.stakes.active_stake.get(i).copied().unwrap_or(zero());
        let mut clipped = Vec::with_capacity(weights.len());
        let mut trust = zero();
        for &(j, w) in weights {
            let consensus = self
                .consensus
                .values
                .get(usize::from(j))
                .copied()
                .unwrap_or(zero());
            let Some(w) = clip(w, consensus) else {
                continue;
            };
            trust = trust.saturating_add(w);
            if let Some(rank) = self.columns.ranks.get_mut(usize::from(j)) {
                *rank = rank.saturating_add(mul(stake, w));
            }
            clipped.push((j, w));
        }
        if let Some(cell) = self.columns.validator_trust.get_mut(i) {
            *cell = trust;
        }
        match self.params.variant {
            Variant::Classic => {
                let deltas = self.classic_delta_row(i, weights);
                add_to_columns(&mut self.columns.column_totals, &deltas);
                let old = self
                    .masks()
                    .bond_row(row.bonds, self.ctx.bonds_mask_block, false);
                add_to_columns(&mut self.columns.bond_totals, &old);
                None
            }
            Variant::Yuma3 => {
                let bonds = self.yuma3_bond_row(row, weights, clipped);
                let mut stored = Vec::with_capacity(bonds.len());
                let mut exact = ExactBonds::with_capacity(bonds.len());
                for &(j, b) in &bonds {
                    stored.push(count_bond(&mut self.columns.column_totals, j, b));
                    exact.push(j, b);
                }
                Some((stored, exact))
            }
        }
    }

    /// Yuma 3 with its default bonds penalty (bonds follow the clipped weights) and a fixed
    /// EMA rate (no liquid alpha): the ranks pass's row needs no intermediate rows.
    fn ranks_row_merges(&self) -> bool {
        self.params.variant == Variant::Yuma3
            && self.params.bonds_penalty == u16::MAX
            && self.params.liquid_alpha.is_none()
    }

    /// `rank_row` for Yuma 3 when `ranks_row_merges`: the same values (clipping, trust, ranks,
    /// the EMA of `ema_row`, the stored form, the column totals) from one merge of the row's
    /// kept weights with its old bonds, in the order those steps take them.
    fn merged_yuma3_rank_row(&mut self, i: usize, row: &RowInput<'_>) -> (StoredRow, ExactBonds) {
        if let Some(dense) = self.dense_yuma3_rank_row(i, row) {
            return dense;
        }
        if let Some(steady) = self.steady_yuma3_rank_row(i, row) {
            return steady;
        }
        let mask_block = self.ctx.bonds_mask_block;
        let (masks, columns) = self.ranks_parts();
        let (kept, total) = masks.kept_weights(row.uid, row.weights);
        let old = masks.bond_row(row.bonds, mask_block, true);
        let mut out = columns.open_row(i, total, kept.len().max(old.len()));
        // Steady rows took `steady_yuma3_rank_row`; these merge their kept weights with the
        // old bonds that stand, column by column.
        let (mut a, mut b) = (0usize, 0usize);
        loop {
            let column = column_at(&kept, a).min(column_at(&old, b));
            let Ok(j) = u16::try_from(column) else {
                break;
            };
            let mut bond = zero();
            while column_at(&kept, a) == column {
                let raw = kept.get(a).map_or(0, |(_, w)| *w);
                a = a.saturating_add(1);
                if let Some(part) = out.weigh(j, raw) {
                    bond = bond.saturating_add(part);
                }
            }
            while column_at(&old, b) == column {
                let old_bond = old.get(b).map_or(zero(), |(_, v)| *v);
                b = b.saturating_add(1);
                bond = bond.saturating_add(out.kept_part(old_bond));
            }
            out.emit(j, bond);
        }
        out.finish()
    }

    /// `merged_yuma3_rank_row` for a row in its steady state (`RowMasks::steady_row`): the
    /// aligned merge read straight from the stored rows, neither filtered nor copied first.
    /// `None` for any other row.
    fn steady_yuma3_rank_row(
        &mut self,
        i: usize,
        row: &RowInput<'_>,
    ) -> Option<(StoredRow, ExactBonds)> {
        let mask_block = self.ctx.bonds_mask_block;
        let (masks, columns) = self.ranks_parts();
        let (total, filter) = masks.steady_row(row.uid, row.weights, row.bonds, mask_block)?;
        let mut out = columns.open_row(i, total, row.weights.len());
        let mut old_bonds = row.bonds.iter().map(|(_, b)| u16_proportion_to_fixed(*b));
        for &(j, raw) in row.weights {
            if !filter.keeps(j) {
                continue;
            }
            let mut bond = out.weigh(j, raw).unwrap_or(zero());
            if let Some(old_bond) = old_bonds.next() {
                bond = bond.saturating_add(out.kept_part(old_bond));
            }
            out.emit(j, bond);
        }
        Some(out.finish())
    }

    /// `merged_yuma3_rank_row` for a dense row (`RowMasks::dense_row`): its kept weights, and
    /// its old bonds if it has any, in two runs of consecutive columns around the column the
    /// masks drop, each read side by side with the column vectors. `None` for any other row.
    fn dense_yuma3_rank_row(
        &mut self,
        i: usize,
        row: &RowInput<'_>,
    ) -> Option<(StoredRow, ExactBonds)> {
        // A run emits each column's bond as it comes, where the merge emits only bonds above 0:
        // above 10⁶ the moving average makes the EMA rate negative, and a bond can be below.
        if self.params.bonds_moving_average > 1_000_000 {
            return None;
        }
        let mask_block = self.ctx.bonds_mask_block;
        let (masks, columns) = self.ranks_parts();
        #[cfg(target_arch = "wasm32")]
        let (total, dropped, bonds) = {
            let (total, dropped) = masks.dense_row(row.uid, row.weights, row.bonds, mask_block)?;
            (total, dropped, row.bonds)
        };
        // Natively, a dense row whose old bonds miss some columns (a bond that fell to 0) is
        // read with a 0 on each: a bond of 0 keeps nothing, as a missing one does. Its weights
        // are checked once, its bonds after.
        #[cfg(not(target_arch = "wasm32"))]
        let aligned: StoredRow;
        #[cfg(not(target_arch = "wasm32"))]
        let (total, dropped, bonds) = {
            let (total, dropped) = masks.dense_row(row.uid, row.weights, &[], mask_block)?;
            if masks.bonds_on_kept_columns(row.bonds, dropped, mask_block) {
                (total, dropped, row.bonds)
            } else {
                aligned = masks.aligned_bonds(row.bonds, dropped, mask_block)?;
                (total, dropped, aligned.as_slice())
            }
        };
        let mut out = columns.open_row(i, total, row.weights.len());
        // The weights before the dropped column and after it; the bonds, on exactly the kept
        // columns, split at the same place.
        let split = dropped.map_or(row.weights.len(), usize::from);
        let (before, after) = row.weights.split_at(split);
        let after = after.get(1..).unwrap_or(&[]);
        let (bonds_before, bonds_after) = bonds.split_at(split.min(bonds.len()));
        out.run(0, before, bonds_before);
        out.run(split.saturating_add(1), after, bonds_after);
        Some(out.finish())
    }

    /// Step 5's masks and the vectors a Yuma 3 ranks row reads and writes, borrowed side by
    /// side, so that a row can be checked against the masks while it is built.
    fn ranks_parts(&mut self) -> (RowMasks<'_>, RankColumns<'_>) {
        let masks = row_masks(self.n, &self.masks, &self.ctx, self.latest_registration);
        let columns = RankColumns {
            alpha: moving_average_alpha(self.params.bonds_moving_average),
            consensus: &self.consensus.values,
            active_stake: &self.stakes.active_stake,
            columns: &mut self.columns,
            #[cfg(not(target_arch = "wasm32"))]
            pool: self.pool.as_mut(),
        };
        (masks, columns)
    }

    fn bonds_weights(&self, weights: &[(u16, I32F32)]) -> SparseRow {
        self.bonds_weights_clipped(weights, clip_row(weights, &self.consensus.values))
    }

    /// Step 9 from a row already clipped (the ranks pass clips once for both uses).
    fn bonds_weights_clipped(&self, weights: &[(u16, I32F32)], clipped: SparseRow) -> SparseRow {
        let penalty = u16_proportion_to_fixed(self.params.bonds_penalty);
        if penalty == crate::fixed::one() {
            // `bonds_weight_row` would copy it: a dense row of 4,096 is 64 KiB.
            return clipped;
        }
        bonds_weight_row(weights, &clipped, penalty, self.n)
    }

    /// Classic ΔB row: the weights for bonds scaled by the validator's active stake.
    fn classic_delta_row(&self, i: usize, weights: &[(u16, I32F32)]) -> SparseRow {
        let stake = self.stakes.active_stake.get(i).copied().unwrap_or(zero());
        self.bonds_weights(weights)
            .into_iter()
            .map(|(j, w)| (j, mul(w, stake)))
            .collect()
    }

    /// Classic EMA row: α·ΔB/ΣΔB + (1−α)·B/ΣB, before its own column normalisation.
    fn classic_ema_row(
        &self,
        i: usize,
        row: &RowInput<'_>,
        weights: &[(u16, I32F32)],
    ) -> SparseRow {
        let deltas = divide_by_columns(
            &self.classic_delta_row(i, weights),
            &self.columns.column_totals,
        );
        let old = self
            .masks()
            .bond_row(row.bonds, self.ctx.bonds_mask_block, false);
        let old = divide_by_columns(&old, &self.columns.bond_totals);
        let alpha = moving_average_alpha(self.params.bonds_moving_average);
        crate::bonds::ema_row(&deltas, &old, alpha, self.n)
    }

    /// Yuma 3's new (absolute) bond row.
    fn yuma3_bond_row(
        &self,
        row: &RowInput<'_>,
        weights: &[(u16, I32F32)],
        clipped: SparseRow,
    ) -> SparseRow {
        let old = self
            .masks()
            .bond_row(row.bonds, self.ctx.bonds_mask_block, true);
        let liquid = self
            .params
            .liquid_alpha
            .filter(|_| self.consensus.values.iter().any(|c| *c != zero()))
            .map(|l| AlphaSigmoid::new(&l));
        let alpha = moving_average_alpha(self.params.bonds_moving_average);
        yuma3_row(
            &self.bonds_weights_clipped(weights, clipped),
            &old,
            &self.consensus.values,
            liquid.as_ref(),
            alpha,
            self.n,
        )
    }

    /// The u16 form bonds are stored in.
    fn stored_bonds(bonds: &[(u16, I32F32)]) -> StoredRow {
        bonds
            .iter()
            .map(|(j, b)| (*j, fixed_proportion_to_u16(*b)))
            .collect()
    }
}

/// A dense row's part in a consensus window (`dense_window_part`).
#[derive(Clone, Copy)]
struct DenseWindowPart<'a> {
    /// The row's entries on the window's columns, in column order.
    entries: &'a [(u16, u16)],
    /// The column the masks drop.
    dropped: Option<u16>,
    /// The first window's: the row's total.
    total: Option<I32F32>,
}

/// A dense row's part in the consensus window of `width` columns from `start`
/// (`collect_scores`); `None` for a row that is not dense.
fn dense_window_part<'a>(
    masks: &RowMasks<'_>,
    (start, width): (u16, usize),
    uid: u16,
    raw: &'a [(u16, u16)],
) -> Option<DenseWindowPart<'a>> {
    if start == 0 {
        let (total, dropped) = masks.dense_row(uid, raw, &[], 0)?;
        Some(DenseWindowPart {
            entries: raw.get(..width)?,
            dropped,
            total: Some(total),
        })
    } else {
        let dropped = masks
            .keeps_all_but_own(uid)
            .filter(|_| raw.len() == width && on_columns_from(raw, start))?;
        Some(DenseWindowPart {
            entries: raw,
            dropped,
            total: None,
        })
    }
}

/// Step 5's masks over the epoch's inputs (a function of the fields, so that a pass can
/// hold them while it writes other parts).
fn row_masks<'a>(
    n: u16,
    masks: &'a Masks,
    ctx: &EpochContext,
    latest_registration: Option<u64>,
) -> RowMasks<'a> {
    RowMasks {
        latest_registration,
        n,
        permit_old: &masks.permit_old,
        last_update: &masks.last_update,
        registered_at: &masks.registered_at,
        commit_block: ctx.commit_reveal.then_some(masks.commit_block.as_slice()),
        owner_uid: ctx.owner_uid,
    }
}

/// One validator's row of Yuma 3's ranks pass as it is built: each kept weight clipped and
/// counted in its column's rank and the row's trust; each new bond (its weights' part and the
/// kept part of its old bond) counted in its column's total and emitted in column order, exact
/// and in its stored form; the trust written when the row is finished.
struct RankRow<'a> {
    consensus: &'a [I32F32],
    ranks: &'a mut [I32F32],
    column_totals: &'a mut [I32F32],
    validator_trust: &'a mut [I32F32],
    i: usize,
    total: RowTotal,
    stake: I32F32,
    alpha: I32F32,
    keep: I32F32,
    trust: I32F32,
    exact: ExactBonds,
    stored: StoredRow,
}

/// What a Yuma 3 ranks row is built on: the EMA rate, the consensus and active stakes it
/// reads, the column vectors and trust it writes (`Epoch::ranks_parts`).
struct RankColumns<'a> {
    alpha: I32F32,
    consensus: &'a [I32F32],
    active_stake: &'a [I32F32],
    columns: &'a mut Columns,
    /// Natively, where the row's bonds take their memory from, if the epoch was lent buffers.
    #[cfg(not(target_arch = "wasm32"))]
    pool: Option<&'a mut Pool>,
}

impl<'a> RankColumns<'a> {
    /// Validator `i`'s row, whose kept raw weights add up to `total`, with room for
    /// `capacity` bonds.
    fn open_row(self, i: usize, total: I32F32, capacity: usize) -> RankRow<'a> {
        let Columns {
            ranks,
            column_totals,
            validator_trust,
            ..
        } = self.columns;
        // In Wasm the rows are allocated where the row is built, as they always were: allocated
        // before it, the rows code comes out different.
        #[cfg(not(target_arch = "wasm32"))]
        let (exact, stored) = match self.pool {
            Some(pool) => (pool.exact_row(capacity), pool.stored_row(capacity)),
            None => (
                ExactBonds::with_capacity(capacity),
                Vec::with_capacity(capacity),
            ),
        };
        RankRow {
            consensus: self.consensus,
            ranks,
            column_totals,
            validator_trust,
            i,
            total: RowTotal::new(total),
            stake: self.active_stake.get(i).copied().unwrap_or(zero()),
            alpha: self.alpha,
            keep: one().saturating_sub(self.alpha),
            trust: zero(),
            #[cfg(not(target_arch = "wasm32"))]
            exact,
            #[cfg(not(target_arch = "wasm32"))]
            stored,
            #[cfg(target_arch = "wasm32")]
            exact: ExactBonds::with_capacity(capacity),
            #[cfg(target_arch = "wasm32")]
            stored: Vec::with_capacity(capacity),
        }
    }
}

impl RankRow<'_> {
    /// The weight `raw` of `column`: clipped, counted in the row's trust and the column's
    /// rank; returns its part of the column's new bond (`None`: dropped by the clip).
    #[inline(always)]
    fn weigh(&mut self, column: u16, raw: u16) -> Option<I32F32> {
        let column = usize::from(column);
        let consensus = self.consensus.get(column).copied().unwrap_or(zero());
        weigh_share(
            self.total.share(raw),
            consensus,
            (self.stake, self.alpha),
            &mut self.trust,
            self.ranks.get_mut(column),
        )
    }

    /// What the new bond keeps of an old one.
    #[inline(always)]
    fn kept_part(&self, old_bond: I32F32) -> I32F32 {
        mul(self.keep, old_bond)
    }

    /// Emits `column`'s new bond, unless it is 0. Every column here is below n: the masks
    /// keep no weight or bond beyond it.
    #[inline(always)]
    fn emit(&mut self, column: u16, bond: I32F32) {
        let column_total = self.column_totals.get_mut(usize::from(column));
        emit_bond(
            &mut self.exact,
            &mut self.stored,
            column_total,
            column,
            bond,
        );
    }

    /// `weigh`, `kept_part` and `emit` for a run of weights on consecutive columns from
    /// `first`, with the old bonds on the same columns or none (`bonds` empty): the column
    /// vectors are read side by side with the run instead of looked up entry by entry.
    fn run(&mut self, first: usize, weights: &[(u16, u16)], bonds: &[(u16, u16)]) {
        let RankRow {
            consensus,
            ranks,
            column_totals,
            total: row_total,
            stake,
            alpha,
            keep,
            trust,
            exact,
            stored,
            ..
        } = self;
        let end = first.saturating_add(weights.len());
        let (Some(consensus), Some(ranks), Some(column_totals)) = (
            consensus.get(first..end),
            ranks.get_mut(first..end),
            column_totals.get_mut(first..end),
        ) else {
            return;
        };
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(lanes) = crate::lanes::ranks::RankLanes::new(row_total, *stake, *alpha, *keep) {
            let columns = crate::lanes::ranks::RunColumns {
                first: u16::try_from(first).unwrap_or(u16::MAX),
                consensus,
                ranks: &mut *ranks,
                column_totals: &mut *column_totals,
            };
            let out = crate::lanes::ranks::RunOutput {
                trust: &mut *trust,
                exact: &mut *exact,
                stored: &mut *stored,
            };
            if lanes.run(weights, bonds, columns, out).is_some() {
                return;
            }
        }
        // Locals, which the loop keeps in registers: through `self` every store to a column
        // vector could alias them.
        let (row_total, stake, alpha, keep) = (*row_total, *stake, *alpha, *keep);
        let mut row_trust = *trust;
        let mut row_stored = core::mem::take(stored);
        let kept_parts = bonds
            .iter()
            .map(|(_, b)| mul(keep, u16_proportion_to_fixed(*b)))
            .chain(core::iter::repeat(zero()));
        let columns = consensus.iter().zip(ranks).zip(column_totals);
        let first = u16::try_from(first).unwrap_or(u16::MAX);
        exact.extend_run(first, |row_exact| {
            for ((&(j, raw), ((consensus, rank), column_total)), kept) in
                weights.iter().zip(columns).zip(kept_parts)
            {
                let share = row_total.share(raw);
                let weighed = weigh_share(
                    share,
                    *consensus,
                    (stake, alpha),
                    &mut row_trust,
                    Some(rank),
                );
                let bond = weighed.map_or(kept, |part| part.saturating_add(kept));
                // Every column's bond goes to the exact run, 0 for none (none is negative:
                // `dense_yuma3_rank_row` runs only at a rate that is not); only a bond is
                // stored and counted.
                row_exact.push(bond.to_bits());
                if bond > zero() {
                    *column_total = column_total.saturating_add(bond);
                    row_stored.push((j, fixed_proportion_to_u16(bond)));
                }
            }
        });
        *trust = row_trust;
        *stored = row_stored;
    }

    /// The row's trust written; its bonds, stored and exact.
    fn finish(self) -> (StoredRow, ExactBonds) {
        if let Some(cell) = self.validator_trust.get_mut(self.i) {
            *cell = self.trust;
        }
        (self.stored, self.exact)
    }
}

/// Yuma 3's dividends pass divides every bond by its column's total: each column's divisor,
/// prepared once a feed, and natively the same in vector lanes.
#[derive(Default)]
struct BondDivisors {
    columns: Vec<Divisor>,
    #[cfg(not(target_arch = "wasm32"))]
    lanes: Option<crate::lanes::dividends::DividendLanes>,
}

impl BondDivisors {
    fn new(columns: &Columns) -> Self {
        let divisors: Vec<Divisor> = columns
            .column_totals
            .iter()
            .map(|t| Divisor::new(*t))
            .collect();
        BondDivisors {
            #[cfg(not(target_arch = "wasm32"))]
            lanes: crate::lanes::dividends::DividendLanes::new(&divisors, &columns.incentive),
            columns: divisors,
        }
    }

    /// `bonds_dot_incentive`, natively in vector lanes for a row mostly on consecutive
    /// columns that has their form.
    fn dot_incentive(&self, bonds: &ExactBonds, incentive: &[I32F32]) -> I32F32 {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(sum) = self
            .lanes
            .as_ref()
            .filter(|_| bonds.mostly_in_runs())
            .and_then(|lanes| lanes.dot(bonds))
        {
            return sum;
        }
        bonds_dot_incentive(bonds, &self.columns, incentive)
    }
}

/// Σ_j incentive_j · b_ij / Σ_k b_kj over a row of exact bonds, each column's divisor
/// prepared once a feed (`divide_by_columns` and `dot` in one visit), the terms added in
/// column order. A row on the leading columns (a dense validator's) is read side by side with
/// the column vectors. Natively, so is any row whose bonds lie mostly on consecutive columns,
/// a run at a time (10% faster); in Wasm that form takes more instructions than looking each
/// column up, so such a row is read entry by entry.
fn bonds_dot_incentive(bonds: &ExactBonds, divisors: &[Divisor], incentive: &[I32F32]) -> I32F32 {
    if bonds.on_leading_columns() {
        // A bond past the columns (no incentive) adds 0, as the zip leaving it out does.
        return add_run_terms(zero(), bonds.bits(), divisors, incentive);
    }
    #[cfg(not(target_arch = "wasm32"))]
    if bonds.mostly_in_runs() {
        return dot_in_runs(bonds, divisors, incentive);
    }
    let terms = bonds.columns().iter().zip(bonds.bits());
    terms.fold(zero(), |sum, (j, bits)| {
        let term = dividend_term(*j, I32F32::from_bits(*bits), divisors, incentive);
        sum.saturating_add(term)
    })
}

/// A bond's term of `bonds_dot_incentive`, its column looked up.
#[inline(always)]
fn dividend_term(j: u16, bond: I32F32, divisors: &[Divisor], incentive: &[I32F32]) -> I32F32 {
    let j = usize::from(j);
    let share = divisors
        .get(j)
        .map_or(bond, |total| total.divide_or_keep(bond));
    mul(incentive.get(j).copied().unwrap_or(zero()), share)
}

/// `bonds_dot_incentive` by runs of consecutive columns. A 0 in a run (no bond) adds 0.
#[cfg(not(target_arch = "wasm32"))]
fn dot_in_runs(bonds: &ExactBonds, divisors: &[Divisor], incentive: &[I32F32]) -> I32F32 {
    let mut sum = zero();
    for (start, run) in bonds.runs() {
        let end = start.saturating_add(run.len());
        match (divisors.get(start..end), incentive.get(start..end)) {
            (Some(divisors), Some(incentive)) => {
                sum = add_run_terms(sum, run, divisors, incentive);
            }
            _ => {
                for (bits, j) in run.iter().zip(start..) {
                    let j = u16::try_from(j).unwrap_or(u16::MAX);
                    let term = dividend_term(j, I32F32::from_bits(*bits), divisors, incentive);
                    sum = sum.saturating_add(term);
                }
            }
        }
    }
    sum
}

/// The terms of bonds (their bits) on consecutive columns, read side by side with those
/// columns' divisors and incentives, added to `sum` in column order; a 0 (no bond) adds 0.
#[inline(always)]
fn add_run_terms(sum: I32F32, bits: &[i64], divisors: &[Divisor], incentive: &[I32F32]) -> I32F32 {
    let terms = bits.iter().zip(divisors).zip(incentive);
    terms.fold(sum, |sum, ((bits, total), incentive)| {
        let share = total.divide_or_keep(I32F32::from_bits(*bits));
        sum.saturating_add(mul(*incentive, share))
    })
}

/// A kept weight's share of its row, clipped to its column's consensus and counted in the
/// row's trust and the column's rank (by the row's active stake); returns its part of the
/// column's new bond, by the EMA rate `alpha` (`None`: dropped by the clip).
#[inline(always)]
fn weigh_share(
    share: I32F32,
    consensus: I32F32,
    (stake, alpha): (I32F32, I32F32),
    trust: &mut I32F32,
    rank: Option<&mut I32F32>,
) -> Option<I32F32> {
    let w = clip(share, consensus)?;
    *trust = trust.saturating_add(w);
    if let Some(rank) = rank {
        *rank = rank.saturating_add(mul(stake, w));
    }
    Some(mul(alpha, w))
}

/// A new bond, unless it is 0: emitted exact and in its stored form, and counted in its
/// column's total.
#[inline(always)]
fn emit_bond(
    exact: &mut ExactBonds,
    stored: &mut StoredRow,
    column_total: Option<&mut I32F32>,
    column: u16,
    bond: I32F32,
) {
    if bond > zero() {
        exact.push(column, bond);
        if let Some(total) = column_total {
            *total = total.saturating_add(bond);
        }
        stored.push((column, fixed_proportion_to_u16(bond)));
    }
}

/// Yuma 3's step for one new bond: added to its column's total; returns its stored form.
#[inline]
fn count_bond(column_totals: &mut [I32F32], column: u16, bond: I32F32) -> (u16, u16) {
    if let Some(total) = column_totals.get_mut(usize::from(column)) {
        *total = total.saturating_add(bond);
    }
    (column, fixed_proportion_to_u16(bond))
}
