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
//! The rows stage (the Yuma passes) is other code, delegate-called: its rows code
//! (`contracts/epoch_rows`, `interfaces::emission::EpochRows`) runs in this contract's
//! storage, so that neither code is above the 64 KiB a contract's Wasm may weigh. Governance
//! replaces it with `set_rows_code`. The logic is plain Rust in `epoch_state` (the run's
//! stages, its storage); this module wires storage, calls and events.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

// A freeing allocator: a large subnet's epoch step decodes hundreds of KiB of state, one page
// after another.
extern crate heap;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::epoch::{EpochContract, EpochContractRef};

#[ink::contract]
mod epoch {
    use epoch_state::checkpoint;
    use epoch_state::rows::COLUMN_WINDOW_CELLS;
    use epoch_state::run::{saturate, Run, Stage};
    use epoch_state::store::EpochStore;
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::prelude::vec::Vec;
    use interfaces::admin::{Admin, AdminError};
    use interfaces::emission::{
        Emission, EmissionError, Epoch, EpochAborted, EpochFinished, EpochPhase, EpochProgress,
        EpochStarted, EpochStatus, EpochStepped, RowsCodeSet, FEED_ROWS_SELECTOR,
    };
    use interfaces::entries::Entries;
    use interfaces::ledger::EpochLedger;
    use interfaces::registry::{RegistryError, SubnetRegistry};
    use interfaces::staking::Reward;
    use interfaces::weights::{RowPart, Weights};
    use interfaces::{NetUid, Uid};
    use yuma::StepLimits;

    /// The whole storage is the store the rows code runs in too (`epoch_state::store`).
    #[ink(storage)]
    pub struct EpochContract {
        store: EpochStore,
    }

    impl EpochContract {
        /// Epochs over the suite's contracts; emission holds and pays their TAO; `rows_code`
        /// (uploaded, the code of `contracts/epoch_rows`) runs their rows stage.
        #[ink(constructor)]
        pub fn new(
            emission: AccountId,
            staking: AccountId,
            registry: AccountId,
            weights: AccountId,
            rows_code: Hash,
        ) -> Self {
            // The rows code cannot be removed while this contract depends on it.
            Self::env().lock_delegate_dependency(&rows_code);
            Self {
                store: EpochStore::new(
                    Self::env().caller(),
                    [emission, staking, registry, weights],
                    rows_code,
                ),
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
            self.store.admin.ensure(self.env().caller())?;
            let has_run = self.store.has_run(netuid);
            let (paid, returned) = match self.emission_ref().close_epoch(netuid, None) {
                Ok(settled) => settled,
                // A run emission keeps no account of (its epoch role moved meanwhile): the
                // run goes, there is nothing to return.
                Err(EmissionError::NoRunningEpoch) if has_run => (0, 0),
                Err(error) => return Err(error),
            };
            self.store.drop_run(netuid);
            self.env().emit_event(EpochAborted {
                netuid,
                paid,
                returned,
            });
            Ok(())
        }

        /// Governance only: runs the rows stage with the uploaded `code_hash` from the next
        /// step on (a running epoch's stored state must be what that code reads, or
        /// `abort_epoch` it first). The old code is released, the new one locked.
        ///
        /// # Errors
        /// `NotAdmin`. Code not uploaded under `code_hash` traps the call.
        #[ink(message)]
        pub fn set_rows_code(&mut self, code_hash: Hash) -> Result<(), AdminError> {
            self.store.admin.ensure(self.env().caller())?;
            if code_hash != self.store.rows_code {
                self.env().lock_delegate_dependency(&code_hash);
                self.env().unlock_delegate_dependency(&self.store.rows_code);
                self.store.rows_code = code_hash;
            }
            self.env().emit_event(RowsCodeSet { code_hash });
            Ok(())
        }

        /// The code that runs the rows stage.
        #[ink(message)]
        pub fn rows_code(&self) -> Hash {
            self.store.rows_code
        }

        fn emission_ref(&self) -> ink::contract_ref!(Emission) {
            self.store.emission.into()
        }

        /// Where `run` reads stake and credits rewards: staking, or the subnet's market.
        fn ledger_ref(&self, run: &Run) -> ink::contract_ref!(EpochLedger) {
            run.ledger.into()
        }

        fn registry_ref(&self) -> ink::contract_ref!(SubnetRegistry) {
            self.store.registry.into()
        }

        fn weights_ref(&self) -> ink::contract_ref!(Weights) {
            self.store.weights.into()
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
                column_window_cells: COLUMN_WINDOW_CELLS,
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
            run.ledger = terms.ledger;
            // After an aborted epoch the bonds read are older than the previous start: drop
            // those to every neuron registered since the epoch that wrote them.
            let last = self.store.last_epoch(netuid);
            if last.generation > 0 && last.generation.saturating_add(1) < start.generation {
                run.context.bonds_mask_block = u64::from(last.started_at);
            }
            Ok(run)
        }

        fn gather(&mut self, netuid: NetUid, run: &mut Run) -> Result<(), EmissionError> {
            let (first, count) = run.gather_page();
            let neurons = self.registry_ref().neurons(netuid, first, count);
            checkpoint!("gather_neurons");
            let hotkeys: Vec<AccountId> = neurons.iter().map(|n| n.hotkey).collect();
            // As of the block before the start, whichever call reads the page: stake moved
            // between two pages, or in the start block, counts nowhere.
            let stakes = self
                .ledger_ref(run)
                .epoch_stakes(netuid, hotkeys.clone(), run.started_at.saturating_sub(1))
                .map_err(|_| EmissionError::StakingCallFailed)?;
            checkpoint!("gather_stakes");
            let uids: Vec<Uid> = neurons.iter().map(|n| n.uid).collect();
            let headers =
                self.weights_ref()
                    .epoch_rows(netuid, uids, run.generation, RowPart::Header);
            checkpoint!("gather_headers");
            run.gather(&neurons, &stakes, &headers)?;
            // Kept by payout page: a gather page holds whole ones.
            let pages = hotkeys.chunks(usize::from(run.page));
            for (page, hotkeys) in (run.page_of(first)..).zip(pages) {
                self.store.store_hotkeys(netuid, page, &hotkeys.to_vec());
            }
            Ok(())
        }

        /// Starts the Yuma epoch over the gathered neurons and stores it for the rows code;
        /// an epoch with no rows to read (no validator) is complete at once and pays out.
        fn begin_rows(&mut self, netuid: NetUid, run: &mut Run) -> Result<(), EmissionError> {
            let epoch = run.begin_rows()?;
            checkpoint!("begin_rows");
            if epoch.is_complete() {
                run.close_rows(epoch)?;
            } else {
                self.store.save_epoch(netuid, &epoch);
            }
            Ok(())
        }

        /// The rows step, by the rows code in this contract's storage: true when it
        /// completed the epoch (saved, for `close_rows`).
        fn feed_rows(
            &mut self,
            netuid: NetUid,
            generation: u32,
            max_rows: u16,
        ) -> Result<bool, EmissionError> {
            build_call::<Environment>()
                .delegate(self.store.rows_code)
                .exec_input(
                    ExecutionInput::new(Selector::new(FEED_ROWS_SELECTOR))
                        .push_arg(netuid)
                        .push_arg(generation)
                        .push_arg(max_rows),
                )
                .returns::<Result<bool, EmissionError>>()
                .try_invoke()
                .map_err(|_| EmissionError::RowsCodeFailed)?
                .map_err(|_| EmissionError::RowsCodeFailed)?
        }

        /// Pays one page: mints its rewards to staking, credits them, records the results.
        /// Returns true when every page is paid.
        fn pay(&mut self, netuid: NetUid, run: &mut Run) -> Result<bool, EmissionError> {
            let Some((first, page)) = run.payout_page() else {
                return Ok(true);
            };
            let hotkeys = self
                .store
                .hotkeys(netuid, run.page_of(first))
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
                self.ledger_ref(run)
                    .credit_epoch_rewards(netuid, rewards)
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
            self.store.drop_run(netuid);
            self.store.finish_epoch(netuid, run);
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

    fn phase(stage: &Stage) -> EpochPhase {
        match stage {
            Stage::Gather { .. } => EpochPhase::Gather,
            Stage::Rows => EpochPhase::Rows,
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
            let mut run = match self.store.load_run(netuid)? {
                Some(run) => run,
                None => self.start(netuid)?,
            };
            checkpoint!("load_or_start");
            // One gather page, one read of rows, one payout page at most: a call's work is
            // bounded, and a small subnet still finishes in one call.
            if matches!(run.stage, Stage::Gather { .. }) && !run.gathered() {
                self.gather(netuid, &mut run)?;
                checkpoint!("gather");
            }
            if run.gathered() {
                self.begin_rows(netuid, &mut run)?;
            }
            // The rows code reads and writes the epoch, never the run.
            if matches!(run.stage, Stage::Rows) {
                let complete = self.feed_rows(netuid, run.generation, max_rows)?;
                checkpoint!("feed_rows");
                if complete {
                    let epoch = self
                        .store
                        .load_complete_epoch(netuid)
                        .ok_or(EmissionError::CorruptEpochState)?;
                    run.close_rows(epoch)?;
                    checkpoint!("close_rows");
                }
            }
            run.steps = run.steps.saturating_add(1);
            if matches!(run.stage, Stage::Payout { .. }) && self.pay(netuid, &mut run)? {
                return self.finish(netuid, &run);
            }
            self.store.save_run(netuid, &run);
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
            let run = self.store.load_run(netuid).ok().flatten()?;
            Some(EpochStatus {
                generation: run.generation,
                started_at: run.started_at,
                phase: phase(&run.stage),
                steps: run.steps,
                emission: Balance::from(run.emission),
                unpaid: Balance::from(run.unpaid()),
                keeper_fee: Balance::from(run.keeper_fee),
                ledger: run.ledger,
            })
        }

        #[ink(message)]
        fn bonds(&self, netuid: NetUid, uid: Uid) -> Entries {
            self.store.bonds(netuid, uid)
        }
    }

    impl Admin for EpochContract {
        #[ink(message)]
        fn admin(&self) -> AccountId {
            self.store.admin.admin()
        }

        #[ink(message)]
        fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), AdminError> {
            let event = self.store.admin.transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn set_code(&mut self, code_hash: Hash) -> Result<(), AdminError> {
            let event = self.store.admin.set_code(self.env().caller(), code_hash)?;
            self.env().emit_event(event);
            Ok(())
        }
    }
}
