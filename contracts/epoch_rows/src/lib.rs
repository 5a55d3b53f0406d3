//! # Epoch rows
//!
//! The rows stage of the epoch contract's runs: the Yuma passes over the validator rows and
//! their bonds (`epoch_state::rows`). This is code, not a contract of its own: the epoch
//! contract delegate-calls it (`interfaces::emission::EpochRows`), so it runs in the epoch
//! contract's storage, as the epoch contract's caller, and reads the weights as the epoch
//! contract. Instantiating it is refused.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

// A freeing allocator: a large subnet's rows step decodes hundreds of KiB of state and builds
// per-row vectors of up to 64 KiB, one row after another.
extern crate heap;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::epoch_rows::EpochRowsCode;

#[ink::contract]
mod epoch_rows {
    use epoch_state::checkpoint;
    use epoch_state::rows::{self, CompletedBonds};
    use epoch_state::store::{
        BondCell, EpochStore, ExactBondCell, EXACT_IN_CELL, WHOLE_COPY_ENTRIES,
    };
    use ink::prelude::vec::Vec;
    use interfaces::emission::{EmissionError, EpochRows};
    use interfaces::entries::Entries;
    use interfaces::weights::{RowPart, WeightRow, Weights};
    use interfaces::{NetUid, Uid};
    use yuma::{Epoch, Variant};

    /// The epoch contract's storage, which this code runs in.
    #[ink(storage)]
    pub struct EpochRowsCode {
        store: EpochStore,
    }

    impl EpochRowsCode {
        /// Refused: this code runs only in the epoch contract's storage.
        #[ink(constructor)]
        pub fn new() -> Result<Self, EmissionError> {
            Err(EmissionError::Unauthorized)
        }

        fn weights_ref(&self) -> ink::contract_ref!(Weights) {
            self.store.weights.into()
        }

        /// Whole rows from the copies the first consensus window made, at most
        /// `WHOLE_COPY_ENTRIES` entries of them (one row at least): `uids` in order up to the
        /// first not copied, or `None` if that is the first (a small subnet copies none).
        fn whole_copies(
            &self,
            netuid: NetUid,
            generation: u32,
            n: u16,
            uids: &[Uid],
        ) -> Option<Vec<WeightRow>> {
            let most = WHOLE_COPY_ENTRIES
                .checked_div(usize::from(n))
                .unwrap_or(1)
                .max(1);
            let rows: Vec<WeightRow> = uids
                .iter()
                .take(most)
                .map_while(|uid| self.store.row_copy(netuid, generation, *uid, (0, n)))
                .collect();
            (!rows.is_empty()).then_some(rows)
        }

        /// Reads the next rows and feeds them; stores the bonds they complete.
        fn feed(
            &mut self,
            netuid: NetUid,
            generation: u32,
            epoch: &mut Epoch,
            max_rows: u16,
        ) -> Result<(), EmissionError> {
            let uids = rows::rows_to_read(epoch, max_rows);
            let rows = if !epoch.reads_weights() {
                uids.into_iter().map(bare_row).collect()
            } else if let Some((start, end)) = epoch.columns() {
                // A later consensus window: the rows the first window copied, or (copies
                // missing: that window ran under other rows code) the weights contract's.
                let copies = uids
                    .iter()
                    .map(|uid| self.store.row_copy(netuid, generation, *uid, (start, end)))
                    .collect::<Option<Vec<_>>>();
                match copies {
                    Some(rows) => rows,
                    None => self.weights_ref().epoch_rows(
                        netuid,
                        uids,
                        generation,
                        RowPart::Columns { start, end },
                    ),
                }
            } else if let Some(rows) = self.whole_copies(netuid, generation, epoch.n(), &uids) {
                // A pass after consensus: whole rows the first window copied, more of them a
                // call than one answer of the weights contract holds.
                rows
            } else {
                let rows =
                    self.weights_ref()
                        .epoch_rows(netuid, uids, generation, RowPart::Entries);
                if epoch.has_later_windows() {
                    for row in &rows {
                        self.store
                            .store_row_copy(netuid, generation, epoch.n(), row);
                    }
                }
                rows
            };
            checkpoint!("read_rows");
            let store = &self.store;
            let last = store.last_epoch(netuid);
            let slices = store.part_slices(netuid);
            let completed = rows::feed(
                epoch,
                &rows,
                |uid, holder| store.old_bonds(netuid, &last, uid, holder),
                |uid| store.exact_row(netuid, uid, last.write_slot(), generation),
                |part| store.load_part(netuid, &slices, part),
            )?;
            checkpoint!("feed");
            let write_slot = last.write_slot();
            // Only Yuma 3's dividends pass reads them (classic rows carry none), and only
            // while a later call runs it.
            let keep_exact = !epoch.is_complete() && epoch.variant() == Variant::Yuma3;
            for CompletedBonds { mut row, holder } in completed {
                let exact = keep_exact
                    .then(|| ExactBondCell::new(generation, core::mem::take(&mut row.exact)));
                let (in_cell, apart) = match exact {
                    Some(exact) if exact.len() <= EXACT_IN_CELL => (Some(exact), None),
                    exact => (None, exact),
                };
                let cell = BondCell {
                    generation,
                    holder_registered_at: holder,
                    entries: Entries::from_pairs(row.stored().to_vec()),
                    exact: in_cell,
                };
                self.store.store_bonds(netuid, row.uid, write_slot, &cell);
                if let Some(exact) = apart {
                    self.store.store_exact_row(netuid, row.uid, &exact);
                }
            }
            checkpoint!("store_bonds");
            Ok(())
        }
    }

    /// A uid with no weights read: the dividends pass needs only its place in the order.
    fn bare_row(uid: Uid) -> WeightRow {
        WeightRow {
            uid,
            setter_registered_at: 0,
            last_update: 0,
            earliest_commit: None,
            entries: Entries::default(),
        }
    }

    impl EpochRows for EpochRowsCode {
        #[ink(message)]
        fn feed_rows(
            &mut self,
            netuid: NetUid,
            generation: u32,
            max_rows: u16,
        ) -> Result<bool, EmissionError> {
            // The epoch contract closes an epoch complete at its start; every later one is
            // closed by it once a call here completes it.
            let mut epoch = self
                .store
                .load_epoch(netuid)
                .ok_or(EmissionError::CorruptEpochState)?;
            self.feed(netuid, generation, &mut epoch, max_rows)?;
            self.store.save_epoch(netuid, &epoch);
            checkpoint!("save");
            Ok(epoch.is_complete())
        }
    }
}
