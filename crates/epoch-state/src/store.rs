//! The epoch contract's storage, and how a running epoch is kept in it.
//!
//! Two code blobs run in this storage: the epoch contract itself (start, gather, payout) and
//! its rows code, which the epoch contract delegate-calls for the rows stage. Both declare an
//! `EpochStore` as their whole storage, so the root cell decodes alike in either; every
//! mapping has a fixed key (`ManualKey`), so neither code's names or module layout can move
//! a cell.
//!
//! A running epoch is three things: the `Run` (in slices, see `chunks`), the Yuma epoch of its
//! rows stage (its small core and its `yuma::parts`, each in slices, loaded by the pass that
//! reads them) and the hotkeys by page. Bonds outlive it: two slots per validator, the last
//! finished epoch's and the running one's.

use ink::prelude::vec::Vec;
use ink::primitives::{AccountId, Hash};
use ink::storage::traits::ManualKey;
use ink::storage::Mapping;
use interfaces::admin::AdminRole;
use interfaces::emission::EmissionError;
use interfaces::entries::Entries;
use interfaces::weights::WeightRow;
use interfaces::{BlockNumber, NetUid, Uid};
use yuma::parts::{Part, PartData};
use yuma::{Epoch, ExactBonds};

use crate::chunks;
use crate::run::{Run, Stage};

/// A validator's bonds as an epoch stored them, stamped with the epoch's generation and the
/// holder's registration (a replaced holder's bonds are not its successor's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct BondCell {
    pub generation: u32,
    pub holder_registered_at: BlockNumber,
    pub entries: Entries,
    /// The epoch's bonds at full precision for its own dividends pass (Yuma 3, an epoch over
    /// more than one call), kept here when the row has at most `EXACT_IN_CELL` of them, so
    /// that storing a row is one write; a wider row's are in `exact_bonds`.
    pub exact: Option<ExactBondCell>,
}

/// The most exact bonds a bond cell holds beside its entries: with 4 bytes an entry and 10 an
/// exact bond, 1,024 of each stay under the 16 KiB a cell holds.
pub const EXACT_IN_CELL: usize = 1_024;

/// A validator's new bonds at full precision (`yuma::ExactBonds`: I32F32 bits, and their
/// columns unless they are on the leading columns), as two vectors: both decode as one copy. A
/// dense row of 4,096 is 32 KiB, so it is stored in slices (see `chunks`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ExactBondCell {
    generation: u32,
    columns: Vec<Uid>,
    bits: Vec<i64>,
}

impl ExactBondCell {
    /// The values kept (`ExactBonds::len`).
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    pub fn new(generation: u32, bonds: ExactBonds) -> Self {
        let (columns, bits) = bonds.into_parts();
        ExactBondCell {
            generation,
            columns,
            bits,
        }
    }

    /// `None` for a cell whose columns are not one for each value.
    fn into_bonds(self) -> Option<ExactBonds> {
        ExactBonds::from_parts(self.columns, self.bits)
    }
}

/// A subnet's last finished epoch: the bonds the next one reads are the ones it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LastEpoch {
    pub generation: u32,
    pub started_at: BlockNumber,
    /// The bond slot it wrote; the next epoch writes the other one.
    pub slot: u8,
}

impl Default for LastEpoch {
    /// Before the first epoch: no bonds to read, and the first epoch writes slot 0.
    fn default() -> Self {
        LastEpoch {
            generation: 0,
            started_at: 0,
            slot: 1,
        }
    }
}

impl LastEpoch {
    pub fn write_slot(&self) -> u8 {
        1u8.saturating_sub(self.slot)
    }
}

/// A column block of a validator's weight row as an epoch read it whole (see
/// `EpochStore::store_row_copy`), stamped with the epoch's generation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct RowBlock {
    generation: u32,
    setter_registered_at: BlockNumber,
    entries: Entries,
}

/// Columns per block of a row copy: a dense block is 2 KiB, and a consensus window of a
/// large subnet (64 columns at 256 validators) lies within one.
pub const COPY_COLUMNS: u16 = 1_024;

/// Entries of whole rows a rows call reads from copies at most: two dense rows of 4,096. A
/// row fed to the ranks pass holds its weights, its old bonds and its new exact bonds in
/// memory, about 100 KiB at 4,096 neurons.
pub const WHOLE_COPY_ENTRIES: usize = 8_192;

/// (netuid, slice index) of a running epoch's encoded `Run`.
type SliceKey = (NetUid, u16);
/// (netuid, uid, slot) of a bond row.
type BondKey = (NetUid, Uid, u8);
/// (netuid, uid, slice index) of an exact bond row.
type ExactKey = (NetUid, Uid, u8);
/// (netuid, uid, block index) of a block of a row copy.
type BlockKey = (NetUid, Uid, u16);
/// (netuid, page index) of a running epoch's hotkeys.
type PageKey = (NetUid, u16);
/// (netuid, slot, slice index) of the Yuma epoch of a running epoch's rows stage: slot
/// `Part::index` holds that part, slot `CORE` the epoch's core.
type PartKey = (NetUid, u8, u16);
/// The slices each slot of the rows stage's epoch is stored in.
pub type PartSlices = [u16; 6];

/// The slot of the Yuma epoch's core (everything but its parts), after the parts' slots.
const CORE: u8 = 5;

#[ink::storage_item]
#[cfg_attr(feature = "std", derive(Debug))]
pub struct EpochStore {
    pub admin: AdminRole,
    pub emission: AccountId,
    pub staking: AccountId,
    pub registry: AccountId,
    pub weights: AccountId,
    /// The code of the rows stage, which the epoch contract delegate-calls.
    pub rows_code: Hash,
    run_slices: Mapping<SliceKey, Vec<u8>, ManualKey<0x4550_0001>>,
    run_slice_count: Mapping<NetUid, u16, ManualKey<0x4550_0002>>,
    /// The rows stage's Yuma epoch, each slot in slices: a call loads the parts its pass reads
    /// and saves the ones it changed.
    run_parts: Mapping<PartKey, Vec<u8>, ManualKey<0x4550_0003>>,
    run_part_slices: Mapping<NetUid, PartSlices, ManualKey<0x4550_0004>>,
    /// Two bond slots per validator: an epoch reads the slot its subnet's last finished epoch
    /// wrote and writes the other one, so the rows it reads stay the previous epoch's while it
    /// runs (and an aborted epoch's rows are never read).
    bonds: Mapping<BondKey, BondCell, ManualKey<0x4550_0005>>,
    /// Yuma 3's new bonds of the running epoch at full precision, from its ranks pass to its
    /// dividends pass (which then reads no weights): each an encoded `ExactBondCell` in
    /// slices.
    exact_bonds: Mapping<ExactKey, Vec<u8>, ManualKey<0x4550_0006>>,
    /// The running epoch's hotkeys by page of `Run::page` uids, from gather to payout.
    hotkeys: Mapping<PageKey, Vec<AccountId>, ManualKey<0x4550_0007>>,
    last_epochs: Mapping<NetUid, LastEpoch, ManualKey<0x4550_0008>>,
    /// The validator rows a large subnet's epoch read whole in its first consensus window, in
    /// blocks of `COPY_COLUMNS` columns: its later windows read their columns here instead of
    /// asking the weights contract for whole rows again.
    row_copies: Mapping<BlockKey, RowBlock, ManualKey<0x4550_0009>>,
}

impl EpochStore {
    pub fn new(
        admin: AccountId,
        [emission, staking, registry, weights]: [AccountId; 4],
        rows_code: Hash,
    ) -> Self {
        EpochStore {
            admin: AdminRole::new(admin),
            emission,
            staking,
            registry,
            weights,
            rows_code,
            run_slices: Mapping::new(),
            run_slice_count: Mapping::new(),
            run_parts: Mapping::new(),
            run_part_slices: Mapping::new(),
            bonds: Mapping::new(),
            exact_bonds: Mapping::new(),
            hotkeys: Mapping::new(),
            last_epochs: Mapping::new(),
            row_copies: Mapping::new(),
        }
    }

    pub fn has_run(&self, netuid: NetUid) -> bool {
        self.run_slice_count.contains(netuid)
    }

    pub fn load_run(&self, netuid: NetUid) -> Result<Option<Run>, EmissionError> {
        let Some(count) = self.run_slice_count.get(netuid) else {
            return Ok(None);
        };
        chunks::load(&self.run_slices, |index| {
            (index < count).then_some((netuid, index))
        })
        .map(Some)
        .ok_or(EmissionError::CorruptEpochState)
    }

    /// Saves the run; a run past its rows stage keeps no Yuma epoch.
    pub fn save_run(&mut self, netuid: NetUid, run: &Run) {
        let old = self.run_slice_count.get(netuid).unwrap_or(0);
        let count = chunks::store(&mut self.run_slices, run, |index| (netuid, index));
        for i in count..old {
            self.run_slices.remove((netuid, i));
        }
        self.run_slice_count.insert(netuid, &count);
        if !matches!(run.stage, Stage::Rows) {
            self.drop_epoch(netuid);
        }
    }

    /// The rows stage's Yuma epoch, its core only: `load_part` attaches the parts a pass reads.
    pub fn load_epoch(&self, netuid: NetUid) -> Option<Epoch> {
        let slices = self.run_part_slices.get(netuid)?;
        self.load_slot(netuid, &slices, CORE)
    }

    /// The rows stage's epoch, complete, with every part `Epoch::finish` reads.
    pub fn load_complete_epoch(&self, netuid: NetUid) -> Option<Epoch> {
        let mut epoch = self.load_epoch(netuid)?;
        let slices = self.part_slices(netuid);
        crate::rows::attach_all(&mut epoch, |part| self.load_part(netuid, &slices, part)).ok()?;
        Some(epoch)
    }

    /// The slices of the rows stage's epoch, for `load_part`.
    pub fn part_slices(&self, netuid: NetUid) -> PartSlices {
        self.run_part_slices.get(netuid).unwrap_or_default()
    }

    /// A part of the rows stage's epoch.
    // The binding is returned after the checkpoint a gas-trace build has between them.
    #[allow(clippy::let_and_return)]
    pub fn load_part(&self, netuid: NetUid, slices: &PartSlices, part: Part) -> Option<PartData> {
        crate::checkpoint!("feed_until_part");
        let data = self.load_slot(netuid, slices, part.index());
        crate::checkpoint!("load_part");
        data
    }

    fn load_slot<T: ink::scale::Decode>(
        &self,
        netuid: NetUid,
        slices: &PartSlices,
        slot: u8,
    ) -> Option<T> {
        let count = slices.get(usize::from(slot)).copied().unwrap_or(0);
        chunks::load(&self.run_parts, |index| {
            (index < count).then_some((netuid, slot, index))
        })
    }

    /// Saves the rows stage's epoch: its core and the parts it changed.
    pub fn save_epoch(&mut self, netuid: NetUid, epoch: &Epoch) {
        let mut slices = self.part_slices(netuid);
        self.store_slot(netuid, &mut slices, CORE, epoch);
        for part in epoch.changed_parts().iter() {
            self.store_slot(netuid, &mut slices, part.index(), &epoch.part(part));
        }
        self.run_part_slices.insert(netuid, &slices);
    }

    fn store_slot<T: ink::scale::Encode>(
        &mut self,
        netuid: NetUid,
        slices: &mut PartSlices,
        slot: u8,
        value: &T,
    ) {
        let count = chunks::store(&mut self.run_parts, value, |index| (netuid, slot, index));
        let Some(old) = slices.get_mut(usize::from(slot)) else {
            return;
        };
        for i in count..*old {
            self.run_parts.remove((netuid, slot, i));
        }
        *old = count;
    }

    fn drop_epoch(&mut self, netuid: NetUid) {
        let Some(slices) = self.run_part_slices.take(netuid) else {
            return;
        };
        for (slot, count) in (0u8..).zip(slices) {
            for i in 0..count {
                self.run_parts.remove((netuid, slot, i));
            }
        }
    }

    /// Forgets `netuid`'s running epoch. Its hotkey pages stay: the next epoch's gather
    /// overwrites them.
    pub fn drop_run(&mut self, netuid: NetUid) {
        let count = self.run_slice_count.take(netuid).unwrap_or(0);
        for i in 0..count {
            self.run_slices.remove((netuid, i));
        }
        self.drop_epoch(netuid);
    }

    pub fn last_epoch(&self, netuid: NetUid) -> LastEpoch {
        self.last_epochs.get(netuid).unwrap_or_default()
    }

    /// Records `run` as `netuid`'s last finished epoch: the next one reads the bonds it wrote.
    pub fn finish_epoch(&mut self, netuid: NetUid, run: &Run) {
        let last = LastEpoch {
            generation: run.generation,
            started_at: run.started_at,
            slot: self.last_epoch(netuid).write_slot(),
        };
        self.last_epochs.insert(netuid, &last);
    }

    /// `uid`'s bonds from `netuid`'s last finished epoch, if `holder` (a registration block)
    /// still holds them.
    pub fn old_bonds(
        &self,
        netuid: NetUid,
        last: &LastEpoch,
        uid: Uid,
        holder: BlockNumber,
    ) -> Vec<(Uid, u16)> {
        self.bonds
            .get((netuid, uid, last.slot))
            .filter(|cell| {
                cell.generation == last.generation && cell.holder_registered_at == holder
            })
            .map(|cell| cell.entries.to_pairs())
            .unwrap_or_default()
    }

    /// `uid`'s bonds as `netuid`'s last finished epoch left them.
    pub fn bonds(&self, netuid: NetUid, uid: Uid) -> Entries {
        let Some(last) = self.last_epochs.get(netuid) else {
            return Entries::default();
        };
        self.bonds
            .get((netuid, uid, last.slot))
            .filter(|cell| cell.generation == last.generation)
            .map(|cell| cell.entries)
            .unwrap_or_default()
    }

    pub fn store_bonds(&mut self, netuid: NetUid, uid: Uid, slot: u8, cell: &BondCell) {
        self.bonds.insert((netuid, uid, slot), cell);
    }

    /// A Yuma 3 row's exact bonds as this epoch's ranks pass stored them: in the row's bond
    /// cell in `slot` (the one this epoch writes), or in slices of their own.
    pub fn exact_row(
        &self,
        netuid: NetUid,
        uid: Uid,
        slot: u8,
        generation: u32,
    ) -> Option<ExactBonds> {
        let in_cell = self
            .bonds
            .get((netuid, uid, slot))
            .filter(|cell| cell.generation == generation)
            .and_then(|cell| cell.exact);
        in_cell
            .or_else(|| {
                chunks::load::<_, _, ExactBondCell>(&self.exact_bonds, |index| {
                    u8::try_from(index).ok().map(|index| (netuid, uid, index))
                })
            })
            .filter(|cell| cell.generation == generation)
            .and_then(ExactBondCell::into_bonds)
    }

    pub fn store_exact_row(&mut self, netuid: NetUid, uid: Uid, cell: &ExactBondCell) {
        // A row of 4,096 exact bonds is three slices: a u8 index is room enough.
        chunks::store(&mut self.exact_bonds, cell, |index| {
            (netuid, uid, u8::try_from(index).unwrap_or(u8::MAX))
        });
    }

    /// Keeps `row`, read whole by the epoch of `generation` over `n` neurons, for its later
    /// consensus windows: every block of the row is written, empty ones too, so that a block
    /// read later is this epoch's whatever the row held before.
    pub fn store_row_copy(&mut self, netuid: NetUid, generation: u32, n: u16, row: &WeightRow) {
        let mut start: Uid = 0;
        let mut block: u16 = 0;
        while start < n {
            let end = start.saturating_add(COPY_COLUMNS).min(n);
            let copy = RowBlock {
                generation,
                setter_registered_at: row.setter_registered_at,
                entries: row.entries.columns(start, end),
            };
            self.row_copies.insert((netuid, row.uid, block), &copy);
            start = end;
            block = block.saturating_add(1);
        }
    }

    /// Columns `start..end` of `uid`'s row as the epoch of `generation` copied it (`None` if it
    /// did not: the window's blocks must all be this epoch's).
    pub fn row_copy(
        &self,
        netuid: NetUid,
        generation: u32,
        uid: Uid,
        (start, end): (Uid, Uid),
    ) -> Option<WeightRow> {
        if start >= end {
            return None;
        }
        let first = start.checked_div(COPY_COLUMNS)?;
        let last = end.saturating_sub(1).checked_div(COPY_COLUMNS)?;
        let mut setter_registered_at = 0;
        let mut entries = Entries::default();
        for block in first..=last {
            let copy = self
                .row_copies
                .get((netuid, uid, block))
                .filter(|copy| copy.generation == generation)?;
            setter_registered_at = copy.setter_registered_at;
            // Each block cut to the window first; a dense row's pieces join as one run.
            entries = entries.followed_by(copy.entries.columns(start, end));
        }
        Some(copied_row(uid, setter_registered_at, entries))
    }

    pub fn hotkeys(&self, netuid: NetUid, page: u16) -> Option<Vec<AccountId>> {
        self.hotkeys.get((netuid, page))
    }

    pub fn store_hotkeys(&mut self, netuid: NetUid, page: u16, hotkeys: &Vec<AccountId>) {
        self.hotkeys.insert((netuid, page), hotkeys);
    }
}

fn copied_row(uid: Uid, setter_registered_at: BlockNumber, entries: Entries) -> WeightRow {
    WeightRow {
        uid,
        setter_registered_at,
        last_update: 0,
        earliest_commit: None,
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::prelude::vec;

    fn row(uid: Uid, n: u16) -> WeightRow {
        // Every third column, so that blocks hold pairs, not runs.
        let pairs = (0..n).step_by(3).map(|j| (j, j.wrapping_mul(7))).collect();
        WeightRow {
            uid,
            setter_registered_at: 42,
            last_update: 0,
            earliest_commit: None,
            entries: Entries::from_pairs(pairs),
        }
    }

    #[test]
    fn a_row_copy_answers_any_columns_as_the_row_does() {
        // Storage is a contract's: the off-chain engine needs one to be running.
        ink::env::test::set_callee::<ink::env::DefaultEnvironment>(AccountId::from([3; 32]));
        let mut store = EpochStore::new(
            AccountId::from([0; 32]),
            [AccountId::from([1; 32]); 4],
            Hash::from([2; 32]),
        );
        let n = 3_000;
        let whole = row(5, n);
        store.store_row_copy(1, 7, n, &whole);
        let dense = WeightRow {
            uid: 6,
            entries: Entries::from_pairs((0..n).map(|j| (j, j)).collect()),
            ..whole.clone()
        };
        store.store_row_copy(1, 7, n, &dense);
        for (start, end) in [
            (0, 64),
            (960, 1_100),
            (1_000, 2_100),
            (2_047, 2_049),
            (2_900, 3_000),
            (0, 3_000),
        ] {
            for row in [&whole, &dense] {
                let copy = store.row_copy(1, 7, row.uid, (start, end)).expect("copied");
                assert_eq!(copy.setter_registered_at, 42);
                assert_eq!(
                    copy.entries.to_pairs(),
                    row.entries.columns(start, end).to_pairs(),
                    "uid {} columns {start}..{end}",
                    row.uid
                );
            }
        }
        // Another epoch's copy, or none, is not this epoch's row; nor is an empty range.
        assert_eq!(store.row_copy(1, 7, 5, (1_024, 1_024)), None);
        assert_eq!(store.row_copy(1, 8, 5, (0, 64)), None);
        assert_eq!(store.row_copy(1, 7, 9, (0, 64)), None);
        assert_eq!(store.row_copy(2, 7, 5, (0, 64)), None);
        // A shorter row copied later empties the blocks the first one had filled.
        let empty = WeightRow {
            entries: Entries::default(),
            ..whole.clone()
        };
        store.store_row_copy(1, 9, n, &empty);
        let copy = store.row_copy(1, 9, 5, (1_000, 2_100)).expect("copied");
        assert_eq!(copy.entries.to_pairs(), vec![]);
    }
}
