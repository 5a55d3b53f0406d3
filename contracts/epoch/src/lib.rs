//! # Epoch
//!
//! The Yuma epoch of each subnet, run in bounded steps. Once a subnet's epoch is due, anyone (a
//! keeper) drives it with `epoch_step`: emission hands it the subnet's pending emission (and
//! pays the owner's cut), the epoch runs over inputs frozen at the start (stake as of the block
//! before it, read from staking's checkpoints, whichever call reads it), in calls bounded by
//! `max_rows` rows, and each payout page is minted by emission to staking and credited there
//! (incentive as stake, dividends through the take-and-nominators path) while the results are
//! recorded in the registry. Bonds live here.
//!
//! The logic is plain Rust: `run` (the epoch's stages over `yuma::Epoch`) and `chunks` (state
//! larger than a cell). This module wires storage, calls and events.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// A profiling checkpoint: with `--features gas-trace`, the ref_time left at `$label` and the
/// 64 KiB pages of memory the call has grown to (its peak so far).
macro_rules! checkpoint {
    ($label:expr) => {
        #[cfg(all(feature = "gas-trace", target_arch = "wasm32"))]
        ink::env::debug_println!(
            "gas {} {} {}",
            $label,
            ink::env::gas_left::<ink::env::DefaultEnvironment>(),
            core::arch::wasm32::memory_size(0)
        );
    };
}

// A freeing allocator: a large subnet's epoch step decodes hundreds of KiB of state and builds
// per-row vectors of up to 64 KiB, one row after another.
extern crate heap;

// Public for the memory test (tests/heap_use.rs), which drives a run's steps on the host.
pub mod chunks;
pub mod run;

pub use self::epoch::{EpochContract, EpochContractRef};

#[ink::contract]
mod epoch {
    use crate::chunks;
    use crate::run::{saturate, CompletedBonds, Run, RunError, Stage};
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::emission::{
        Emission, EmissionError, Epoch, EpochAborted, EpochFinished, EpochPhase, EpochProgress,
        EpochStarted, EpochStatus, EpochStepped,
    };
    use interfaces::entries::Entries;
    use interfaces::registry::{RegistryError, SubnetRegistry};
    use interfaces::staking::{Reward, Staking};
    use interfaces::weights::{RowPart, WeightRow, Weights};
    use interfaces::{NetUid, Uid};
    use yuma::parts::{Part, PartData};
    use yuma::{StepLimits, Variant, I32F32};

    /// A validator's bonds as an epoch stored them, stamped with the epoch's generation and
    /// the holder's registration (a replaced holder's bonds are not its successor's).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct BondCell {
        generation: u32,
        holder_registered_at: BlockNumber,
        entries: Entries,
    }

    /// A validator's new bonds at full precision (I32F32 bits), as columns and values in two
    /// vectors: both decode as one copy. A dense row of 4,096 is 40 KiB, so it is stored in
    /// slices (see `chunks`).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct ExactBondCell {
        generation: u32,
        columns: Vec<Uid>,
        bits: Vec<i64>,
    }

    impl ExactBondCell {
        fn new(generation: u32, row: &[(Uid, I32F32)]) -> Self {
            ExactBondCell {
                generation,
                columns: row.iter().map(|(j, _)| *j).collect(),
                bits: row.iter().map(|(_, b)| b.to_bits()).collect(),
            }
        }

        fn into_row(self) -> Vec<(Uid, I32F32)> {
            self.columns
                .into_iter()
                .zip(self.bits.into_iter().map(I32F32::from_bits))
                .collect()
        }
    }

    /// A subnet's last finished epoch: the bonds the next one reads are the ones it wrote.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct LastEpoch {
        generation: u32,
        started_at: BlockNumber,
        /// The bond slot it wrote; the next epoch writes the other one.
        slot: u8,
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
        fn write_slot(&self) -> u8 {
            1u8.saturating_sub(self.slot)
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

    /// (netuid, slice index) of a running epoch's encoded state.
    type SliceKey = (NetUid, u16);
    /// (netuid, uid, slot) of a bond row.
    type BondKey = (NetUid, Uid, u8);
    /// (netuid, uid, slice index) of an exact bond row.
    type ExactKey = (NetUid, Uid, u8);
    /// (netuid, page index) of a running epoch's hotkeys.
    type PageKey = (NetUid, u16);
    /// (netuid, part index, slice index) of a part of a running epoch's state.
    type PartKey = (NetUid, u8, u16);
    /// The slices each part of a running epoch's state is stored in (by `Part::index`).
    type PartSlices = [u16; 5];

    #[ink(storage)]
    pub struct EpochContract {
        admin: AdminRole,
        emission: AccountId,
        staking: AccountId,
        registry: AccountId,
        weights: AccountId,
        /// A running epoch's encoded `Run`, in slices (see `chunks`).
        run_slices: Mapping<SliceKey, Vec<u8>>,
        run_slice_count: Mapping<NetUid, u16>,
        /// Its epoch's parts (`yuma::parts`) in the rows stage, each encoded in slices:
        /// a call loads the ones its pass reads and saves the ones it changed.
        run_parts: Mapping<PartKey, Vec<u8>>,
        run_part_slices: Mapping<NetUid, PartSlices>,
        /// Two bond slots per validator: an epoch reads the slot its subnet's last finished
        /// epoch wrote and writes the other one, so the rows it reads stay the previous
        /// epoch's while it runs (and an aborted epoch's rows are never read).
        bonds: Mapping<BondKey, BondCell>,
        /// Yuma 3's new bonds of the running epoch at full precision, from its ranks pass to
        /// its dividends pass (which then reads no weights): each an encoded `ExactBondCell`
        /// in slices.
        exact_bonds: Mapping<ExactKey, Vec<u8>>,
        /// The running epoch's hotkeys by page of `Run::page` uids, from gather to payout.
        hotkeys: Mapping<PageKey, Vec<AccountId>>,
        last_epochs: Mapping<NetUid, LastEpoch>,
    }

    impl EpochContract {
        /// Epochs over the suite's contracts; emission holds and pays their TAO.
        #[ink(constructor)]
        pub fn new(
            emission: AccountId,
            staking: AccountId,
            registry: AccountId,
            weights: AccountId,
        ) -> Self {
            Self {
                admin: AdminRole::new(Self::env().caller()),
                emission,
                staking,
                registry,
                weights,
                run_slices: Mapping::default(),
                run_slice_count: Mapping::default(),
                run_parts: Mapping::default(),
                run_part_slices: Mapping::default(),
                bonds: Mapping::default(),
                exact_bonds: Mapping::default(),
                hotkeys: Mapping::default(),
                last_epochs: Mapping::default(),
            }
        }

        /// Governance only: stops `netuid`'s running epoch (a bug or an upgrade left it
        /// unable to finish). What it paid stays paid; what it had not goes back to the
        /// subnet's pending emission, for the next epoch (emission keeps that account apart
        /// from the run's state, so it works even if the state no longer decodes); the next
        /// epoch reads the bonds of the last finished one.
        ///
        /// # Errors
        /// `NotAdmin`, `NoRunningEpoch`.
        #[ink(message)]
        pub fn abort_epoch(&mut self, netuid: NetUid) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            let has_run = self.run_slice_count.contains(netuid);
            let (paid, returned) = match self.emission_ref().close_epoch(netuid, None) {
                Ok(settled) => settled,
                // A run emission keeps no account of (its epoch role moved meanwhile): the
                // run goes, there is nothing to return.
                Err(EmissionError::NoRunningEpoch) if has_run => (0, 0),
                Err(error) => return Err(error),
            };
            // Its hotkey pages stay: the next epoch's gather overwrites them.
            self.drop_run(netuid);
            self.env().emit_event(EpochAborted {
                netuid,
                paid,
                returned,
            });
            Ok(())
        }

        /// Every hotkey's total stake at the end of `block` (a past block).
        fn stakes_at(
            &self,
            hotkeys: Vec<AccountId>,
            block: BlockNumber,
        ) -> Result<Vec<Balance>, EmissionError> {
            self.staking_ref()
                .total_stakes_at(hotkeys, block)
                .map_err(|_| EmissionError::StakingCallFailed)
        }

        fn emission_ref(&self) -> ink::contract_ref!(Emission) {
            self.emission.into()
        }

        fn staking_ref(&self) -> ink::contract_ref!(Staking) {
            self.staking.into()
        }

        fn registry_ref(&self) -> ink::contract_ref!(SubnetRegistry) {
            self.registry.into()
        }

        fn weights_ref(&self) -> ink::contract_ref!(Weights) {
            self.weights.into()
        }

        fn load_run(&self, netuid: NetUid) -> Result<Option<Run>, EmissionError> {
            let Some(count) = self.run_slice_count.get(netuid) else {
                return Ok(None);
            };
            chunks::load(&self.run_slices, |index| {
                (index < count).then_some((netuid, index))
            })
            .map(Some)
            .ok_or(EmissionError::CorruptEpochState)
        }

        /// Saves the run and the epoch parts it changed; a run past its rows stage keeps no
        /// parts.
        fn save_run(&mut self, netuid: NetUid, run: &Run) {
            let old = self.run_slice_count.get(netuid).unwrap_or(0);
            let count = chunks::store(&mut self.run_slices, run, |index| (netuid, index));
            for i in count..old {
                self.run_slices.remove((netuid, i));
            }
            self.run_slice_count.insert(netuid, &count);
            if !matches!(run.stage, Stage::Rows(_)) {
                self.drop_parts(netuid);
                return;
            }
            let mut counts = self.run_part_slices.get(netuid).unwrap_or_default();
            for (part, value) in run.changed_parts() {
                let p = part.index();
                let count = chunks::store(&mut self.run_parts, &value, |index| (netuid, p, index));
                let Some(old) = counts.get_mut(usize::from(p)) else {
                    continue;
                };
                for i in count..*old {
                    self.run_parts.remove((netuid, p, i));
                }
                *old = count;
            }
            self.run_part_slices.insert(netuid, &counts);
        }

        /// A stored part of `netuid`'s running epoch.
        // The binding is returned after the checkpoint a gas-trace build has between them.
        #[allow(clippy::let_and_return)]
        fn load_part(&self, netuid: NetUid, counts: &PartSlices, part: Part) -> Option<PartData> {
            checkpoint!("feed_until_part");
            let p = part.index();
            let count = counts.get(usize::from(p)).copied().unwrap_or(0);
            let data = chunks::load(&self.run_parts, |index| {
                (index < count).then_some((netuid, p, index))
            });
            checkpoint!("load_part");
            data
        }

        fn drop_parts(&mut self, netuid: NetUid) {
            let Some(counts) = self.run_part_slices.take(netuid) else {
                return;
            };
            for (p, count) in (0u8..).zip(counts) {
                for i in 0..count {
                    self.run_parts.remove((netuid, p, i));
                }
            }
        }

        fn drop_run(&mut self, netuid: NetUid) {
            let count = self.run_slice_count.take(netuid).unwrap_or(0);
            for i in 0..count {
                self.run_slices.remove((netuid, i));
            }
            self.drop_parts(netuid);
        }

        /// Starts the due epoch: emission takes the subnet's pending emission, pays the
        /// owner's cut and holds the rest for this run.
        fn start(&mut self, netuid: NetUid) -> Result<Run, EmissionError> {
            let start = self
                .registry_ref()
                .begin_epoch(netuid)
                .map_err(|error| match error {
                    RegistryError::UnknownSubnet => EmissionError::UnknownSubnet,
                    RegistryError::EpochNotDue => EmissionError::EpochNotDue,
                    _ => EmissionError::RegistryCallFailed,
                })?;
            let terms = self.emission_ref().open_epoch(netuid, start.owner)?;
            let limits = StepLimits {
                consensus_cells: terms.consensus_cells,
            };
            let now = self.env().block_number();
            self.env().emit_event(EpochStarted {
                netuid,
                generation: start.generation,
                emission: terms.emission,
                owner_cut: terms.owner_cut,
            });
            let mut run = Run::new(
                &start,
                now,
                saturate(terms.to_yuma),
                limits,
                terms.neuron_page,
            );
            run.keeper_fee = saturate(terms.keeper_fee);
            // After an aborted epoch the bonds read are older than the previous start: drop
            // those to every neuron registered since the epoch that wrote them.
            let last = self.last_epoch(netuid);
            if last.generation > 0 && last.generation.saturating_add(1) < start.generation {
                run.context.bonds_mask_block = u64::from(last.started_at);
            }
            Ok(run)
        }

        fn last_epoch(&self, netuid: NetUid) -> LastEpoch {
            self.last_epochs.get(netuid).unwrap_or_default()
        }

        fn gather(&mut self, netuid: NetUid, run: &mut Run) -> Result<(), EmissionError> {
            let (first, count) = run.gather_page();
            let neurons = self.registry_ref().neurons(netuid, first, count);
            let hotkeys: Vec<AccountId> = neurons.iter().map(|n| n.hotkey).collect();
            // As of the block before the start, whichever call reads the page: stake moved
            // between two pages, or in the start block, counts nowhere.
            let stakes = self.stakes_at(hotkeys.clone(), run.started_at.saturating_sub(1))?;
            let uids: Vec<Uid> = neurons.iter().map(|n| n.uid).collect();
            let headers =
                self.weights_ref()
                    .epoch_rows(netuid, uids, run.generation, RowPart::Header);
            run.gather(&neurons, &stakes, &headers).map_err(run_error)?;
            self.hotkeys.insert((netuid, run.page_of(first)), &hotkeys);
            Ok(())
        }

        /// A Yuma 3 row's exact bonds as this epoch's ranks pass stored them.
        fn exact_row(
            &self,
            netuid: NetUid,
            uid: Uid,
            generation: u32,
        ) -> Option<Vec<(Uid, I32F32)>> {
            chunks::load::<_, _, ExactBondCell>(&self.exact_bonds, |index| {
                u8::try_from(index).ok().map(|index| (netuid, uid, index))
            })
            .filter(|cell| cell.generation == generation)
            .map(ExactBondCell::into_row)
        }

        fn store_exact_row(&mut self, netuid: NetUid, uid: Uid, cell: &ExactBondCell) {
            // A row of 4,096 exact bonds is three slices: a u8 index is room enough.
            chunks::store(&mut self.exact_bonds, cell, |index| {
                (netuid, uid, u8::try_from(index).unwrap_or(u8::MAX))
            });
        }

        fn feed_rows(
            &mut self,
            netuid: NetUid,
            run: &mut Run,
            max_rows: u16,
        ) -> Result<(), EmissionError> {
            let uids = run.rows_to_read(max_rows);
            let rows = if run.reads_weights() {
                let part = match run.row_columns() {
                    Some((start, end)) => RowPart::Columns { start, end },
                    None => RowPart::Entries,
                };
                self.weights_ref()
                    .epoch_rows(netuid, uids, run.generation, part)
            } else {
                uids.into_iter().map(bare_row).collect()
            };
            checkpoint!("read_rows");
            let last = self.last_epoch(netuid);
            let (previous, read_slot) = (last.generation, last.slot);
            let bonds = &self.bonds;
            let generation = run.generation;
            let exact_of = |uid: Uid| self.exact_row(netuid, uid, generation);
            let part_slices = self.run_part_slices.get(netuid).unwrap_or_default();
            let load_part = |part| self.load_part(netuid, &part_slices, part);
            let completed = run
                .feed(
                    &rows,
                    |uid, holder| {
                        bonds
                            .get((netuid, uid, read_slot))
                            .filter(|cell| {
                                cell.generation == previous && cell.holder_registered_at == holder
                            })
                            .map(|cell| cell.entries.to_pairs())
                            .unwrap_or_default()
                    },
                    exact_of,
                    load_part,
                )
                .map_err(run_error)?;
            checkpoint!("feed");
            let write_slot = last.write_slot();
            // Only Yuma 3's dividends pass reads them (classic rows carry none).
            let keep_exact =
                matches!(run.stage, Stage::Rows(_)) && run.params.variant == Variant::Yuma3;
            for CompletedBonds { row, holder } in completed {
                let cell = BondCell {
                    generation: run.generation,
                    holder_registered_at: holder,
                    entries: Entries::from_pairs(row.stored().to_vec()),
                };
                self.bonds.insert((netuid, row.uid, write_slot), &cell);
                // Kept for the dividends pass only while a later call runs it.
                if keep_exact {
                    let exact = ExactBondCell::new(run.generation, &row.exact);
                    self.store_exact_row(netuid, row.uid, &exact);
                }
            }
            checkpoint!("store_bonds");
            Ok(())
        }

        /// Pays one page: mints its rewards to staking, credits them, records the results.
        /// Returns true when every page is paid.
        fn pay(&mut self, netuid: NetUid, run: &mut Run) -> Result<bool, EmissionError> {
            let Some((first, page)) = run.payout_page() else {
                return Ok(true);
            };
            let hotkeys = self
                .hotkeys
                .get((netuid, run.page_of(first)))
                .filter(|hotkeys| hotkeys.len() == page.len())
                .ok_or(EmissionError::CorruptEpochState)?;
            let rewards: Vec<Reward> = page
                .iter()
                .zip(hotkeys)
                .filter(|(p, _)| p.incentive > 0 || p.dividend > 0)
                .map(|(p, hotkey)| Reward {
                    hotkey,
                    incentive: Balance::from(p.incentive),
                    dividend: Balance::from(p.dividend),
                })
                .collect();
            let total = page.iter().fold(0u64, |sum, p| {
                sum.saturating_add(p.incentive).saturating_add(p.dividend)
            });
            let burned = page
                .iter()
                .fold(0u64, |sum, p| sum.saturating_add(p.burned));
            checkpoint!("payout_page");
            if total > 0 || burned > 0 {
                self.emission_ref().pay_epoch(
                    netuid,
                    Balance::from(total),
                    Balance::from(burned),
                )?;
                checkpoint!("pay_epoch");
            }
            if total > 0 {
                self.staking_ref()
                    .credit_rewards(rewards)
                    .map_err(|_| EmissionError::StakingCallFailed)?;
                checkpoint!("credit_rewards");
            }
            let results = page.into_iter().map(|p| p.result).collect::<Vec<_>>();
            let count = u16::try_from(results.len()).unwrap_or(u16::MAX);
            if !results.is_empty() {
                self.registry_ref()
                    .record_epoch(netuid, run.started_at, results)
                    .map_err(|_| EmissionError::RegistryCallFailed)?;
                checkpoint!("record_epoch");
            }
            run.paid = run.paid.saturating_add(total);
            run.burned = run.burned.saturating_add(burned);
            Ok(run.advance_payouts(count))
        }

        /// Closes the epoch: what Yuma did not pay is pending again, the keeper's fee goes to
        /// the caller.
        fn finish(&mut self, netuid: NetUid, run: &Run) -> Result<EpochProgress, EmissionError> {
            let keeper = self.env().caller();
            let (_, carried) = self.emission_ref().close_epoch(netuid, Some(keeper))?;
            self.drop_run(netuid);
            let last = LastEpoch {
                generation: run.generation,
                started_at: run.started_at,
                slot: self.last_epoch(netuid).write_slot(),
            };
            self.last_epochs.insert(netuid, &last);
            let steps = run.steps;
            self.env().emit_event(EpochFinished {
                netuid,
                generation: run.generation,
                paid: Balance::from(run.paid),
                carried,
                burned: Balance::from(run.burned),
                steps,
                keeper,
                keeper_fee: Balance::from(run.keeper_fee),
            });
            Ok(EpochProgress::Finished {
                paid: Balance::from(run.paid),
                carried,
                steps,
            })
        }
    }

    fn run_error(error: RunError) -> EmissionError {
        match error {
            // Another contract answered a page that does not fit the request.
            RunError::MismatchedPage => EmissionError::RegistryCallFailed,
            RunError::Epoch(_) | RunError::MissingBonds | RunError::MissingState => {
                EmissionError::CorruptEpochState
            }
        }
    }

    fn phase(stage: &Stage) -> EpochPhase {
        match stage {
            Stage::Gather { .. } => EpochPhase::Gather,
            Stage::Rows(_) => EpochPhase::Rows,
            Stage::Payout { .. } => EpochPhase::Payout,
        }
    }

    impl Epoch for EpochContract {
        #[ink(message)]
        fn epoch_step(
            &mut self,
            netuid: NetUid,
            max_rows: u16,
        ) -> Result<EpochProgress, EmissionError> {
            checkpoint!("entry");
            if max_rows == 0 {
                return Err(EmissionError::ZeroRows);
            }
            let mut run = match self.load_run(netuid)? {
                Some(run) => run,
                None => self.start(netuid)?,
            };
            checkpoint!("load_or_start");
            // One gather page, one read of rows, one payout page at most: a call's work is
            // bounded, and a small subnet still finishes in one call.
            if matches!(run.stage, Stage::Gather { .. }) {
                self.gather(netuid, &mut run)?;
                checkpoint!("gather");
            }
            if matches!(run.stage, Stage::Rows(_)) {
                self.feed_rows(netuid, &mut run, max_rows)?;
            }
            run.steps = run.steps.saturating_add(1);
            if matches!(run.stage, Stage::Payout { .. }) && self.pay(netuid, &mut run)? {
                return self.finish(netuid, &run);
            }
            self.save_run(netuid, &run);
            checkpoint!("save");
            let next = phase(&run.stage);
            self.env().emit_event(EpochStepped {
                netuid,
                generation: run.generation,
                next,
                steps: run.steps,
            });
            Ok(EpochProgress::Running {
                phase: next,
                steps: run.steps,
            })
        }

        #[ink(message)]
        fn running_epoch(&self, netuid: NetUid) -> Option<EpochStatus> {
            let run = self.load_run(netuid).ok().flatten()?;
            Some(EpochStatus {
                generation: run.generation,
                started_at: run.started_at,
                phase: phase(&run.stage),
                steps: run.steps,
                emission: Balance::from(run.emission),
                unpaid: Balance::from(run.outstanding()),
            })
        }

        #[ink(message)]
        fn bonds(&self, netuid: NetUid, uid: Uid) -> Entries {
            let Some(last) = self.last_epochs.get(netuid) else {
                return Entries::default();
            };
            self.bonds
                .get((netuid, uid, last.slot))
                .filter(|cell| cell.generation == last.generation)
                .map(|cell| cell.entries)
                .unwrap_or_default()
        }
    }

    impl Admin for EpochContract {
        #[ink(message)]
        fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), AdminError> {
            let event = self.admin.transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn set_code(&mut self, code_hash: Hash) -> Result<(), AdminError> {
            let event = self.admin.set_code(self.env().caller(), code_hash)?;
            self.env().emit_event(event);
            Ok(())
        }
    }
}
