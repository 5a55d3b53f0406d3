//! # Emission
//!
//! Where the protocol pays. The TAO schedule (1 TAO per block, halving towards 21M) accrues
//! lazily into each subnet's pending emission by its share — governance's fixed split or the
//! root network's weights. Once a subnet's epoch is due, anyone (a keeper) drives it with
//! `epoch_step`: the subnet owner is paid its cut, the Yuma epoch runs over inputs frozen at the
//! start (stake as of the block before it, read from staking's checkpoints, whichever call
//! reads it), in calls bounded by `max_rows` rows, and its rewards are minted to staking and
//! credited there (incentive as stake, dividends through the take-and-nominators path) while
//! the results are recorded in the registry. Bonds live here.
//!
//! The logic is plain Rust: `ledger` (schedule and shares), `run` (the epoch's stages over
//! `yuma::Epoch`), `root` (the root network), `chunks` (state larger than a cell). This module
//! wires storage, calls and events.
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
mod ledger;
mod root;
pub mod run;

pub use self::emission::{EmissionContract, EmissionContractRef};

#[ink::contract]
mod emission {
    use crate::chunks;
    use crate::ledger::Ledger;
    use crate::root;
    use crate::run::{saturate, Run, RunError, Stage};
    use economics::accrual::owner_cut;
    use economics::halving::block_emission;
    use economics::shares::fixed_shares;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::emission::{
        Emission, EmissionConfig, EmissionConfigChanged, EmissionError, EpochAborted,
        EpochFinished, EpochPhase, EpochProgress, EpochStarted, EpochStatus, EpochStepped,
        RootMembershipChanged, RootWeightsSet, SharesChanged, SharesRule, SubnetEmission,
    };
    use interfaces::entries::Entries;
    use interfaces::psp22::PSP22;
    use interfaces::registry::{RegistryError, SubnetRegistry};
    use interfaces::staking::{Reward, Staking};
    use interfaces::token::TaoSupply;
    use interfaces::weights::{RowPart, WeightRow, Weights};
    use interfaces::{NetUid, Uid};
    use substrate_fixed::types::I64F64;
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

    /// What a running epoch has not yet paid, kept apart from its state so that governance
    /// can abort an epoch whose state no longer decodes without losing the emission.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Unpaid {
        generation: u32,
        paid: u64,
        amount: u64,
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

    /// (netuid, weight) pairs of a root member.
    type SubnetWeights = Vec<(NetUid, u16)>;
    /// (netuid, slice index) of a running epoch's encoded state.
    type SliceKey = (NetUid, u16);
    /// (netuid, uid, slot) of a bond row.
    type BondKey = (NetUid, Uid, u8);
    /// (netuid, uid, slice index) of an exact bond row.
    type ExactKey = (NetUid, Uid, u8);
    /// (netuid, page index) of a running epoch's hotkeys.
    type PageKey = (NetUid, u16);

    #[ink(storage)]
    pub struct EmissionContract {
        admin: AdminRole,
        token: AccountId,
        staking: AccountId,
        registry: AccountId,
        weights: AccountId,
        config: EmissionConfig,
        rule: SharesRule,
        ledger: Lazy<Ledger>,
        minted: Balance,
        /// Released and never minted: the owner hotkeys' incentive.
        burned: Balance,
        root_members: Lazy<Vec<AccountId>>,
        root_weights: Mapping<AccountId, SubnetWeights>,
        root_updated_at: Option<BlockNumber>,
        /// A running epoch's encoded `Run`, in slices (see `chunks`).
        run_slices: Mapping<SliceKey, Vec<u8>>,
        run_slice_count: Mapping<NetUid, u16>,
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
        /// Per subnet with a running epoch.
        unpaid: Mapping<NetUid, Unpaid>,
    }

    impl EmissionContract {
        /// Emission over the suite's contracts. The token's supply at deployment counts as
        /// issued (the halving reads it); the schedule releases nothing until shares are set.
        #[ink(constructor)]
        pub fn new(
            token: AccountId,
            staking: AccountId,
            registry: AccountId,
            weights: AccountId,
        ) -> Self {
            let token_ref: ink::contract_ref!(PSP22) = token.into();
            let supply = saturate(token_ref.total_supply());
            let mut ledger = Lazy::new();
            ledger.set(&Ledger::new(supply, Self::env().block_number()));
            Self {
                admin: AdminRole::new(Self::env().caller()),
                token,
                staking,
                registry,
                weights,
                config: EmissionConfig::default(),
                rule: SharesRule::Fixed,
                ledger,
                minted: 0,
                burned: 0,
                root_members: Lazy::new(),
                root_weights: Mapping::default(),
                root_updated_at: None,
                run_slices: Mapping::default(),
                run_slice_count: Mapping::default(),
                bonds: Mapping::default(),
                exact_bonds: Mapping::default(),
                hotkeys: Mapping::default(),
                last_epochs: Mapping::default(),
                unpaid: Mapping::default(),
            }
        }

        #[ink(message)]
        pub fn config(&self) -> EmissionConfig {
            self.config
        }

        /// Admin only.
        ///
        /// # Errors
        /// `NotAdmin`, `ConfigOutOfRange`.
        #[ink(message)]
        pub fn set_config(&mut self, config: EmissionConfig) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            if !config.is_valid() {
                return Err(EmissionError::ConfigOutOfRange);
            }
            self.config = config;
            self.env().emit_event(EmissionConfigChanged { config });
            Ok(())
        }

        #[ink(message)]
        pub fn shares_rule(&self) -> SharesRule {
            self.rule
        }

        /// Every subnet with a share or pending emission: its share, rate and pending amount.
        #[ink(message)]
        pub fn subnet_emissions(&self) -> Vec<SubnetEmission> {
            let ledger = self.ledger_now();
            let per_block = block_emission(ledger.issuance);
            ledger
                .accruals
                .iter()
                .map(|accrual| SubnetEmission {
                    netuid: accrual.netuid,
                    share_ppb: parts_per_billion(accrual.share()),
                    per_block: u128::from(
                        accrual
                            .share()
                            .saturating_mul(I64F64::from_num(per_block))
                            .saturating_to_num::<u64>(),
                    ),
                    pending: u128::from(ledger.pending(accrual.netuid)),
                })
                .collect()
        }

        /// Admin only: splits the block emission by `parts` (normalised) and makes the fixed
        /// split the rule.
        ///
        /// # Errors
        /// `NotAdmin`, `InvalidShares` (a netuid twice or unknown), `RegistryCallFailed`.
        #[ink(message)]
        pub fn set_fixed_shares(&mut self, parts: Vec<(NetUid, u16)>) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            if !root::weights_valid(&parts, &self.registry_ref().netuids()) {
                return Err(EmissionError::InvalidShares);
            }
            let values: Vec<u16> = parts.iter().map(|(_, part)| *part).collect();
            let shares: Vec<(NetUid, I64F64)> = parts
                .iter()
                .map(|(netuid, _)| *netuid)
                .zip(fixed_shares(&values))
                .collect();
            self.rule = SharesRule::Fixed;
            self.apply_shares(&shares);
            Ok(())
        }

        /// Admin only: hands the split to the root network (`update_root_shares`).
        ///
        /// # Errors
        /// `NotAdmin`.
        #[ink(message)]
        pub fn use_root_shares(&mut self) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            self.rule = SharesRule::Root;
            self.root_updated_at = None;
            self.env().emit_event(SharesChanged {
                rule: SharesRule::Root,
                shares: shares_ppb(&self.ledger.get().unwrap_or_default()),
            });
            Ok(())
        }

        #[ink(message)]
        pub fn root_members(&self) -> Vec<AccountId> {
            self.root_members.get().unwrap_or_default()
        }

        #[ink(message)]
        pub fn root_weights(&self, hotkey: AccountId) -> Vec<(NetUid, u16)> {
            self.root_weights.get(hotkey).unwrap_or_default()
        }

        /// The hotkey's owner joins the root network with it: a free seat, or the seat of the
        /// smallest-stake member if `hotkey` out-stakes it.
        ///
        /// # Errors
        /// `NotHotkeyOwner`, `AlreadyRootValidator`, `RootStakeTooLow`, `RootFull`.
        #[ink(message)]
        pub fn root_register(&mut self, hotkey: AccountId) -> Result<(), EmissionError> {
            self.ensure_hotkey_owner(hotkey)?;
            let mut members = self.root_members.get().unwrap_or_default();
            if members.contains(&hotkey) {
                return Err(EmissionError::AlreadyRootValidator);
            }
            let mut all = members.clone();
            all.push(hotkey);
            let mut stakes = self.past_stakes(all)?;
            let stake = stakes.pop().unwrap_or(0);
            if stake < self.config.root_stake_threshold || stake == 0 {
                return Err(EmissionError::RootStakeTooLow);
            }
            let replaced = match root::admit(&stakes, self.config.root_validators, stake)? {
                None => {
                    members.push(hotkey);
                    None
                }
                Some(seat) => {
                    let slot = members.get_mut(seat).ok_or(EmissionError::RootFull)?;
                    let old = core::mem::replace(slot, hotkey);
                    self.root_weights.remove(old);
                    Some(old)
                }
            };
            self.root_members.set(&members);
            self.env().emit_event(RootMembershipChanged {
                joined: hotkey,
                replaced,
            });
            Ok(())
        }

        /// The owner of a root member's hotkey sets its weights on subnets.
        ///
        /// # Errors
        /// `NotHotkeyOwner`, `NotRootValidator`, `InvalidRootWeights`.
        #[ink(message)]
        pub fn set_root_weights(
            &mut self,
            hotkey: AccountId,
            weights: Vec<(NetUid, u16)>,
        ) -> Result<(), EmissionError> {
            self.ensure_hotkey_owner(hotkey)?;
            if !self.root_members().contains(&hotkey) {
                return Err(EmissionError::NotRootValidator);
            }
            if !root::weights_valid(&weights, &self.registry_ref().netuids()) {
                return Err(EmissionError::InvalidRootWeights);
            }
            self.root_weights.insert(hotkey, &weights);
            self.env().emit_event(RootWeightsSet { hotkey, weights });
            Ok(())
        }

        /// Anyone, once per root tempo while the root rule is in force: recomputes every
        /// subnet's share from the members' current stakes and weights (spec §6A).
        ///
        /// # Errors
        /// `WrongSharesRule`, `RootRateLimited`.
        #[ink(message)]
        pub fn update_root_shares(&mut self) -> Result<(), EmissionError> {
            if self.rule != SharesRule::Root {
                return Err(EmissionError::WrongSharesRule);
            }
            let now = self.env().block_number();
            if self
                .root_updated_at
                .is_some_and(|at| now.saturating_sub(at) < self.config.root_tempo)
            {
                return Err(EmissionError::RootRateLimited);
            }
            let members = self.root_members();
            let stakes = self.past_stakes(members.clone())?;
            let inputs: Vec<(Balance, Vec<(NetUid, u16)>)> = members
                .iter()
                .zip(stakes)
                .map(|(hotkey, stake)| (stake, self.root_weights(*hotkey)))
                .collect();
            let shares = root::shares(&inputs, self.config.root_kappa, self.config.root_rho);
            self.root_updated_at = Some(now);
            self.apply_shares(&shares);
            Ok(())
        }

        /// Governance only: stops `netuid`'s running epoch (a bug or an upgrade left it
        /// unable to finish). What it minted stays minted; what it had not paid goes back to
        /// the subnet's pending emission, for the next epoch; the next epoch reads the bonds
        /// of the last finished one.
        ///
        /// # Errors
        /// `NotAdmin`, `NoRunningEpoch`.
        #[ink(message)]
        pub fn abort_epoch(&mut self, netuid: NetUid) -> Result<(), EmissionError> {
            self.admin.ensure(self.env().caller())?;
            let unpaid = self
                .unpaid
                .take(netuid)
                .ok_or(EmissionError::NoRunningEpoch)?;
            let mut ledger = self.ledger_now();
            ledger.carry(netuid, unpaid.amount);
            self.ledger.set(&ledger);
            // Its hotkey pages stay: the next epoch's gather overwrites them.
            self.drop_run(netuid);
            self.env().emit_event(EpochAborted {
                netuid,
                generation: unpaid.generation,
                paid: Balance::from(unpaid.paid),
                returned: Balance::from(unpaid.amount),
            });
            Ok(())
        }

        /// Stakes as of the previous block: a stake made in this block (a flash stake around
        /// a call) counts for nothing.
        fn past_stakes(&self, hotkeys: Vec<AccountId>) -> Result<Vec<Balance>, EmissionError> {
            self.stakes_at(hotkeys, self.env().block_number().saturating_sub(1))
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

        fn apply_shares(&mut self, shares: &[(NetUid, I64F64)]) {
            let mut ledger = self.ledger_now();
            ledger.set_shares(shares);
            self.ledger.set(&ledger);
            self.env().emit_event(SharesChanged {
                rule: self.rule,
                shares: shares_ppb(&ledger),
            });
        }

        fn ledger_now(&self) -> Ledger {
            self.ledger
                .get()
                .unwrap_or_default()
                .at(self.env().block_number())
        }

        fn ensure_hotkey_owner(&self, hotkey: AccountId) -> Result<(), EmissionError> {
            if self.staking_ref().owner_of(hotkey) != Some(self.env().caller()) {
                return Err(EmissionError::NotHotkeyOwner);
            }
            Ok(())
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

        fn mint(&mut self, to: AccountId, amount: u64) -> Result<(), EmissionError> {
            if amount == 0 {
                return Ok(());
            }
            let mut token: ink::contract_ref!(TaoSupply) = self.token.into();
            token
                .mint(to, Balance::from(amount))
                .map_err(|_| EmissionError::TokenCallFailed)?;
            self.minted = self.minted.saturating_add(Balance::from(amount));
            Ok(())
        }

        // ---- the running epoch -------------------------------------------------------------

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

        fn save_run(&mut self, netuid: NetUid, run: &Run) {
            let old = self.run_slice_count.get(netuid).unwrap_or(0);
            let count = chunks::store(&mut self.run_slices, run, |index| (netuid, index));
            for i in count..old {
                self.run_slices.remove((netuid, i));
            }
            self.run_slice_count.insert(netuid, &count);
        }

        fn drop_run(&mut self, netuid: NetUid) {
            let count = self.run_slice_count.take(netuid).unwrap_or(0);
            for i in 0..count {
                self.run_slices.remove((netuid, i));
            }
        }

        /// Starts the due epoch: takes the subnet's pending emission, pays the owner's cut.
        fn start(&mut self, netuid: NetUid) -> Result<Run, EmissionError> {
            let start = self
                .registry_ref()
                .begin_epoch(netuid)
                .map_err(|error| match error {
                    RegistryError::UnknownSubnet => EmissionError::UnknownSubnet,
                    RegistryError::EpochNotDue => EmissionError::EpochNotDue,
                    _ => EmissionError::RegistryCallFailed,
                })?;
            let mut ledger = self.ledger_now();
            let emission = ledger.take(netuid);
            self.ledger.set(&ledger);
            let (to_owner, rest) = owner_cut(emission, self.config.owner_cut);
            let (keeper_fee, to_yuma) = owner_cut(rest, self.config.keeper_fee);
            self.mint(start.owner, to_owner)?;
            let limits = StepLimits {
                consensus_cells: self.config.consensus_cells,
            };
            let page = self.config.neuron_page;
            let now = self.env().block_number();
            self.unpaid.insert(
                netuid,
                &Unpaid {
                    generation: start.generation,
                    paid: 0,
                    amount: rest,
                },
            );
            self.env().emit_event(EpochStarted {
                netuid,
                generation: start.generation,
                emission: Balance::from(emission),
                owner_cut: Balance::from(to_owner),
            });
            let mut run = Run::new(&start, now, to_yuma, limits, page);
            run.keeper_fee = keeper_fee;
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
                )
                .map_err(run_error)?;
            checkpoint!("feed");
            let write_slot = last.write_slot();
            // Only Yuma 3's dividends pass reads them (classic rows carry none).
            let keep_exact =
                matches!(run.stage, Stage::Rows(_)) && run.params.variant == Variant::Yuma3;
            for row in completed {
                let cell = BondCell {
                    generation: run.generation,
                    holder_registered_at: run.registered_at(row.uid),
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
            if total > 0 {
                self.mint(self.staking, total)?;
                checkpoint!("mint");
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
            self.burned = self.burned.saturating_add(Balance::from(burned));
            self.unpaid.insert(
                netuid,
                &Unpaid {
                    generation: run.generation,
                    paid: run.paid,
                    amount: run.outstanding(),
                },
            );
            Ok(run.advance_payouts(count))
        }

        /// Closes the epoch: what Yuma did not pay is pending again, the keeper's fee goes to
        /// the caller.
        fn finish(&mut self, netuid: NetUid, run: &Run) -> Result<EpochProgress, EmissionError> {
            let keeper = self.env().caller();
            self.mint(keeper, run.keeper_fee)?;
            let carried = run.unpaid();
            let mut ledger = self.ledger_now();
            ledger.carry(netuid, carried);
            self.ledger.set(&ledger);
            self.drop_run(netuid);
            self.unpaid.remove(netuid);
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
                carried: Balance::from(carried),
                burned: Balance::from(run.burned),
                steps,
                keeper,
                keeper_fee: Balance::from(run.keeper_fee),
            });
            Ok(EpochProgress::Finished {
                paid: Balance::from(run.paid),
                carried: Balance::from(carried),
                steps,
            })
        }
    }

    /// Every subnet's share as the `SharesChanged` event reports it.
    fn shares_ppb(ledger: &Ledger) -> Vec<(NetUid, u32)> {
        ledger
            .accruals
            .iter()
            .map(|a| (a.netuid, parts_per_billion(a.share())))
            .collect()
    }

    fn parts_per_billion(share: I64F64) -> u32 {
        share
            .saturating_mul(I64F64::from_num(1_000_000_000u32))
            .saturating_to_num::<u32>()
    }

    fn run_error(error: RunError) -> EmissionError {
        match error {
            // Another contract answered a page that does not fit the request.
            RunError::MismatchedPage => EmissionError::RegistryCallFailed,
            RunError::Epoch(_) | RunError::MissingBonds => EmissionError::CorruptEpochState,
        }
    }

    fn phase(stage: &Stage) -> EpochPhase {
        match stage {
            Stage::Gather { .. } => EpochPhase::Gather,
            Stage::Rows(_) => EpochPhase::Rows,
            Stage::Payout { .. } => EpochPhase::Payout,
        }
    }

    impl Emission for EmissionContract {
        #[ink(message)]
        fn issuance(&self) -> Balance {
            Balance::from(self.ledger_now().issuance)
        }

        #[ink(message)]
        fn minted(&self) -> Balance {
            self.minted
        }

        #[ink(message)]
        fn burned(&self) -> Balance {
            self.burned
        }

        #[ink(message)]
        fn block_emission(&self) -> Balance {
            Balance::from(block_emission(self.ledger_now().issuance))
        }

        #[ink(message)]
        fn pending_emission(&self, netuid: NetUid) -> Balance {
            Balance::from(self.ledger_now().pending(netuid))
        }

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

    impl Admin for EmissionContract {
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
