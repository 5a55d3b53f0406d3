//! The rows stage: validator rows (as of the start) and their bonds fed to the Yuma passes
//! of a run's `yuma::Epoch`, which the contract keeps apart from the run. Only the epoch
//! contract's rows code (`contracts/epoch_rows`) runs this: the epoch contract's own code has
//! no Yuma pass in it.

use ink::prelude::vec::Vec;
use interfaces::entries::Entries;
use interfaces::weights::WeightRow;
use interfaces::{BlockNumber, Uid};
use yuma::parts::{Part, PartData};
use yuma::{BondRow, Epoch, ExactBonds, RowInput};

use crate::run::RunError;

/// Exact bond values one call of Yuma 3's dividends pass reads at most (rows × n): 16 Ki
/// entries are 160 KiB of stored I32F32 bits — all 64 rows of a 256-neuron subnet, 4 rows of a
/// 4,096-neuron one. A bound on the call's storage reads: its memory holds one row at a time.
pub const EXACT_ENTRIES_PER_CALL: usize = 16_384;

/// Scores a consensus window after the first holds (`StepLimits::column_window_cells`): 128
/// KiB of raw u16, 256 columns at 256 validators. Such a window reads only its own columns of
/// each row, from the copies the first window made, so a rows call feeds it whole (each row's
/// columns, with the scores, about 400 KiB in memory at that size) and it is never stored
/// filled; each window fewer is a call fewer, which reads the same copies.
pub const COLUMN_WINDOW_CELLS: u32 = 65_536;

/// A bond row a step completed, with the registration block of the validator that holds it
/// (what the next epoch checks it against).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedBonds {
    pub row: BondRow,
    pub holder: BlockNumber,
}

/// The validator rows to read for the next rows step, at most `max`: the rest of the
/// current pass first (so that any prefix the answer is cut to still makes progress), then
/// — when whole rows are read — the rows the later passes start with, so that a small
/// subnet runs every pass on one read.
pub fn rows_to_read(epoch: &Epoch, max: u16) -> Vec<Uid> {
    let mut max = usize::from(max);
    if !epoch.reads_weights() {
        let per_row = usize::from(epoch.n());
        let rows = EXACT_ENTRIES_PER_CALL.checked_div(per_row).unwrap_or(max);
        max = max.min(rows.max(1));
    }
    let mut uids = epoch.next_rows(max).to_vec();
    if epoch.columns().is_some() {
        return uids;
    }
    for uid in epoch.rows_read() {
        if uids.len() >= max {
            break;
        }
        if !uids.contains(uid) {
            uids.push(*uid);
        }
    }
    uids
}

/// Feeds the rows read (each one's stored bonds via `bonds_of`, and in Yuma 3's dividends
/// pass its exact bonds via `exact_of`, unless this call computed them) to as many passes
/// as they cover. `rows` may be bare uids (no entries) when the pass reads no weights.
/// Returns the bond rows completed, to store, each with its holder's registration.
pub fn feed(
    epoch: &mut Epoch,
    rows: &[WeightRow],
    mut bonds_of: impl FnMut(Uid, BlockNumber) -> Vec<(Uid, u16)>,
    mut exact_of: impl FnMut(Uid) -> Option<ExactBonds>,
    mut load_part: impl FnMut(Part) -> Option<PartData>,
) -> Result<Vec<CompletedBonds>, RunError> {
    // The window the rows were read for, when they hold only its columns.
    let read_for = epoch.columns();
    attach_parts(epoch, 0, &mut load_part)?;
    let holder = |epoch: &Epoch, uid: Uid| {
        BlockNumber::try_from(epoch.registered_at(uid)).unwrap_or(BlockNumber::MAX)
    };
    // Rows written by a neuron that has since been replaced count as empty. Each row's pairs
    // are made as it is fed: a window's rows as pairs would double the memory they take.
    let fresh: Vec<(Uid, Option<&Entries>)> = rows
        .iter()
        .map(|row| {
            let own = holder(epoch, row.uid) == row.setter_registered_at;
            (row.uid, own.then_some(&row.entries))
        })
        .collect();
    // Fetched by the first pass that reads them: consensus reading 64 rows' bonds would
    // hold 1 MiB at 4,096 neurons, and a small subnet's call goes on into the ranks pass.
    let mut bonds: Option<Vec<Vec<(Uid, u16)>>> = None;
    // A call goes on into the next pass only when it holds every row the epoch reads, whole
    // (a small subnet): a large one would pile up a second pass's memory in one call.
    let holds_all = epoch.columns().is_none()
        && epoch
            .rows_read()
            .iter()
            .all(|uid| fresh.iter().any(|(held, _)| held == uid));
    let mut completed: Vec<CompletedBonds> = Vec::new();
    loop {
        // A small subnet's call goes on into passes that read parts not loaded yet.
        attach_parts(epoch, 0, &mut load_part)?;
        if read_for.is_some() && epoch.columns() != read_for {
            break;
        }
        // The uids the pass expects next that this call holds (with where it holds them),
        // in order, up to the first it does not.
        let ready: Vec<(Uid, usize)> = epoch
            .next_rows(usize::MAX)
            .iter()
            .map_while(|uid| {
                let position = fresh.iter().position(|(held, _)| held == uid)?;
                Some((*uid, position))
            })
            .collect();
        if ready.is_empty() {
            break;
        }
        // The rows that complete a pass end it too: what ending it reads is loaded first.
        attach_parts(epoch, ready.len(), &mut load_part)?;
        if bonds.is_none() && epoch.reads_bonds() {
            bonds = Some(
                fresh
                    .iter()
                    .map(|(uid, _)| bonds_of(*uid, holder(epoch, *uid)))
                    .collect(),
            );
        }
        let bonds = bonds.as_deref().unwrap_or_default();
        let pass = epoch.pass();
        if epoch.reads_weights() {
            for &(uid, position) in &ready {
                let weights = fresh
                    .get(position)
                    .and_then(|(_, entries)| *entries)
                    .map(Entries::to_pairs)
                    .unwrap_or_default();
                let input = row_input(uid, position, &weights, bonds, ExactBonds::NONE);
                let finished = epoch.feed(&[input]).map_err(RunError::Epoch)?;
                // Stamped now: once the epoch finishes, the run no longer knows who held them.
                completed.extend(finished.into_iter().map(|row| CompletedBonds {
                    holder: holder(epoch, row.uid),
                    row,
                }));
            }
        } else {
            // One row of exact bonds at a time: a dense one of 4,096 is 32 KiB in memory.
            for &(uid, position) in &ready {
                let loaded;
                let exact_bonds = match completed.iter().find(|done| done.row.uid == uid) {
                    Some(done) => &done.row.exact,
                    None => {
                        loaded = exact_of(uid).ok_or(RunError::MissingBonds)?;
                        &loaded
                    }
                };
                let input = row_input(uid, position, &[], bonds, exact_bonds);
                epoch.feed(&[input]).map_err(RunError::Epoch)?;
            }
        }
        if epoch.pass() != pass && !holds_all {
            break;
        }
    }
    // The rows read are done with before a finished epoch builds its outputs.
    drop(fresh);
    drop(bonds);
    if epoch.is_complete() {
        attach_parts(epoch, 0, &mut load_part)?;
    }
    Ok(completed)
}

/// A complete `epoch` (as stored: its core only) with every part `Epoch::finish` reads.
pub fn attach_all(
    epoch: &mut Epoch,
    mut load_part: impl FnMut(Part) -> Option<PartData>,
) -> Result<(), RunError> {
    attach_parts(epoch, 0, &mut load_part)
}

/// Attaches every part that feeding the next `rows` rows reads and the epoch lacks; with no
/// rows, ends the passes that have none left as it goes (a pass ends only with its parts
/// present), which only a run stored at the end of a pass needs.
fn attach_parts(
    epoch: &mut Epoch,
    rows: usize,
    load_part: &mut impl FnMut(Part) -> Option<PartData>,
) -> Result<(), RunError> {
    loop {
        let missing = epoch.parts_for(rows);
        if missing.is_empty() {
            return Ok(());
        }
        for part in missing.iter() {
            let data = load_part(part)
                .filter(|data| data.part() == part)
                .ok_or(RunError::MissingState)?;
            epoch.attach(data);
        }
        if rows == 0 {
            epoch.advance();
        }
    }
}

/// The `position`-th row this call holds, as the epoch takes it.
fn row_input<'a>(
    uid: Uid,
    position: usize,
    weights: &'a [(Uid, u16)],
    bonds: &'a [Vec<(Uid, u16)>],
    exact_bonds: &'a ExactBonds,
) -> RowInput<'a> {
    RowInput {
        uid,
        weights,
        // No bonds fetched: the pass reads none.
        bonds: bonds.get(position).map_or(&[], Vec::as_slice),
        exact_bonds,
    }
}
