//! Issuance and epochs. The emission contract keeps the block emission schedule, each subnet's
//! share and pending emission, the root network that can set those shares, and the TAO of
//! each running epoch (`open_epoch` … `close_epoch`); the epoch contract runs the Yuma epoch in
//! bounded steps by anyone once due (a keeper) and asks emission to pay.

use crate::types::{AccountId, Balance, BlockNumber, Hash, NetUid, U16Proportion, Uid};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EmissionError {
    NotAdmin,
    UnknownSubnet,
    /// No epoch is running and none is due yet.
    EpochNotDue,
    /// A step must be allowed at least one row.
    ZeroRows,
    /// Shares name a subnet twice or one that does not exist.
    InvalidShares,
    /// The root network's rule is not the one in force (or the fixed one is).
    WrongSharesRule,
    /// The caller does not own the hotkey.
    NotHotkeyOwner,
    /// The hotkey's stake is below the root network's threshold.
    RootStakeTooLow,
    /// The root network is full and the hotkey does not out-stake its smallest member.
    RootFull,
    AlreadyRootValidator,
    NotRootValidator,
    /// Root weights name a subnet twice or one that does not exist.
    InvalidRootWeights,
    /// Root shares were updated less than the root tempo ago.
    RootRateLimited,
    ConfigOutOfRange,
    /// The running epoch's stored state does not decode (a code upgrade mid-epoch).
    CorruptEpochState,
    TokenCallFailed,
    StakingCallFailed,
    RegistryCallFailed,
    WeightsCallFailed,
    /// The subnet has no epoch running.
    NoRunningEpoch,
    /// The caller is not the contract allowed to call this (the epoch contract).
    Unauthorized,
    /// The subnet's epoch holds its emission already.
    EpochRunning,
    /// A payment larger than what the subnet's running epoch still holds.
    EpochOverpaid,
    /// The epoch contract's rows code could not run (no code under its hash, or it trapped).
    RowsCodeFailed,
    /// No market contract is set, or it refused (a subnet's alpha, its moving prices).
    MarketCallFailed,
}

impl From<crate::admin::AdminError> for EmissionError {
    fn from(_: crate::admin::AdminError) -> Self {
        EmissionError::NotAdmin
    }
}

/// How the block emission is split between subnets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum SharesRule {
    /// Governance's parts, normalised (`set_fixed_shares`).
    #[default]
    Fixed,
    /// The root network's weights (spec §6A), refreshed by `update_root_shares`.
    Root,
    /// Dynamic TAO: each subnet's moving price over the sum of them (spec §6B), refreshed by
    /// `update_market_shares`; subnets without a market get nothing.
    Market,
}

/// Limits and rates of the emission contract, set by its admin (governance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct EmissionConfig {
    /// The subnet owner's cut of each epoch's emission (18% = 11,796).
    pub owner_cut: U16Proportion,
    /// Scores one consensus window holds: each is 2 bytes (a raw u16 weight) of the running
    /// epoch's state.
    pub consensus_cells: u32,
    /// Neurons paid (rewards credited, results recorded) per payout step; a gather step reads
    /// two such pages, at most 256 neurons.
    pub neuron_page: u16,
    /// The root network's seats (64).
    pub root_validators: u16,
    /// Stake a hotkey needs to join the root network.
    pub root_stake_threshold: Balance,
    /// Blocks between two root share updates (subtensor's root tempo, 100).
    pub root_tempo: BlockNumber,
    /// The sigmoid's centre, a u16 proportion of root stake (32,767 ≈ 0.5).
    pub root_kappa: U16Proportion,
    /// The sigmoid's steepness (10).
    pub root_rho: u16,
    /// The keeper's fee: the part of each epoch's emission (after the owner's cut) minted to
    /// whoever makes the call that finishes the epoch, at most [`MAX_KEEPER_FEE`]; 0 by
    /// default, so keepers run for free until governance pays them.
    pub keeper_fee: U16Proportion,
}

/// The largest keeper's fee, about 1% of an epoch's emission: enough to pay for the calls,
/// never a reason to fight over them.
pub const MAX_KEEPER_FEE: U16Proportion = 655;

impl Default for EmissionConfig {
    fn default() -> Self {
        EmissionConfig {
            owner_cut: 11_796,
            consensus_cells: 16_384,
            neuron_page: 128,
            root_validators: 64,
            root_stake_threshold: 0,
            root_tempo: 100,
            root_kappa: 32_767,
            root_rho: 10,
            keeper_fee: 0,
        }
    }
}

impl EmissionConfig {
    /// Whether every value is usable: windows and pages must hold something, and a payout
    /// page of rewards must fit a 16 KiB call.
    pub fn is_valid(&self) -> bool {
        self.consensus_cells >= 64
            && self.consensus_cells <= 16_384
            && (1..=192).contains(&self.neuron_page)
            && (1..=64).contains(&self.root_validators)
            && self.keeper_fee <= MAX_KEEPER_FEE
    }
}

/// Which part of a running epoch a step worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EpochPhase {
    /// Reading neurons, stakes and row headers.
    Gather,
    /// Feeding validator rows to the Yuma passes.
    Rows,
    /// Minting and crediting rewards, recording results.
    Payout,
}

/// Where a subnet's epoch stands after a step.
// scale-info's derive casts variant indices to u8; the variant count is fixed and tiny.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EpochProgress {
    /// More steps are needed; the next one works on `phase`.
    Running { phase: EpochPhase, steps: u32 },
    /// The epoch finished: `paid` rao went to neurons and the owner, `carried` rao (rounding
    /// and what nobody could earn) stays pending for the next epoch.
    Finished {
        paid: Balance,
        carried: Balance,
        steps: u32,
    },
}

/// A running epoch, as `running_epoch` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct EpochStatus {
    pub generation: u32,
    pub started_at: BlockNumber,
    pub phase: EpochPhase,
    pub steps: u32,
    /// What the epoch distributes through Yuma (after the owner's cut), in its ledger's unit.
    pub emission: Balance,
    /// What it has neither paid nor burned yet, in its ledger's unit (TAO pending again if
    /// governance aborts it; alpha never minted).
    pub unpaid: Balance,
    /// TAO set aside for whoever finishes it.
    pub keeper_fee: Balance,
    /// Where it reads stake and credits rewards: staking (TAO) or the market (alpha).
    pub ledger: AccountId,
}

/// A subnet's share of the block emission and what it has accrued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SubnetEmission {
    pub netuid: NetUid,
    /// Parts per billion of the block emission.
    pub share_ppb: u32,
    /// Rao per block at the current rate.
    pub per_block: Balance,
    pub pending: Balance,
}

/// What emission hands a starting epoch: the subnet's emission, its split, and the run's
/// settings (governance sets them all through `EmissionConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct EpochTerms {
    /// The pending emission taken.
    pub emission: Balance,
    /// Minted to the subnet owner at once.
    pub owner_cut: Balance,
    /// Minted to whoever finishes the epoch.
    pub keeper_fee: Balance,
    /// What Yuma distributes: rao of TAO, or of the subnet's alpha when `ledger` is the
    /// market.
    pub to_yuma: Balance,
    /// Where the epoch reads stake and credits rewards (`ledger::EpochLedger`): staking, or
    /// the market for a subnet whose market is open.
    pub ledger: AccountId,
    pub consensus_cells: u32,
    pub neuron_page: u16,
}

#[ink::trait_definition]
pub trait Emission {
    /// TAO the schedule has released so far (what subtensor calls the total issuance): what
    /// was minted plus what is pending in subnets. The halving reads this.
    #[ink(message)]
    fn issuance(&self) -> Balance;

    /// Rao actually minted by this contract.
    #[ink(message)]
    fn minted(&self) -> Balance;

    /// Rao released by the schedule and never minted: the subnet owners' hotkey incentive, and
    /// the TAO a dynamic subnet's pool could not take beside its alpha emission. The schedule
    /// counts it as released: issuance = the supply at deployment + minted + burned + pending.
    #[ink(message)]
    fn burned(&self) -> Balance;

    /// The current per-block emission, in rao.
    #[ink(message)]
    fn block_emission(&self) -> Balance;

    /// Emission accrued for `netuid` and not yet paid out by an epoch.
    #[ink(message)]
    fn pending_emission(&self, netuid: NetUid) -> Balance;

    /// What `netuid`'s running epoch still holds of its emission (0 when none runs).
    #[ink(message)]
    fn held_by_epoch(&self, netuid: NetUid) -> Balance;

    /// The epoch contract only, as an epoch starts: takes `netuid`'s pending emission, mints
    /// the owner's cut to `owner`, and holds the rest for the epoch.
    ///
    /// # Events
    /// `EpochFunded`.
    /// # Errors
    /// `Unauthorized`, `EpochRunning`, `TokenCallFailed`.
    #[ink(message)]
    fn open_epoch(&mut self, netuid: NetUid, owner: AccountId)
        -> Result<EpochTerms, EmissionError>;

    /// The epoch contract only: mints `paid` to staking (a page of rewards about to be
    /// credited) and records `burned` (the owner hotkey's incentive), both out of what the
    /// epoch holds for rewards (the keeper's fee is not theirs).
    ///
    /// # Events
    /// `EpochPaid`.
    /// # Errors
    /// `Unauthorized`, `NoRunningEpoch`, `EpochOverpaid`, `TokenCallFailed`.
    #[ink(message)]
    fn pay_epoch(
        &mut self,
        netuid: NetUid,
        paid: Balance,
        burned: Balance,
    ) -> Result<(), EmissionError>;

    /// The epoch contract only, as an epoch ends (`keeper`: who finished it, paid the fee
    /// set aside at the start) or is aborted (`None`: the fee goes back too): returns what the
    /// epoch still holds to the subnet's pending emission. Returns (paid by the epoch,
    /// returned).
    ///
    /// # Events
    /// `EpochSettled`.
    /// # Errors
    /// `Unauthorized`, `NoRunningEpoch`, `TokenCallFailed`.
    #[ink(message)]
    fn close_epoch(
        &mut self,
        netuid: NetUid,
        keeper: Option<AccountId>,
    ) -> Result<(Balance, Balance), EmissionError>;
}

/// The Yuma epoch of each subnet, run in bounded steps.
#[ink::trait_definition]
pub trait Epoch {
    /// Advances `netuid`'s epoch: starts it when due, then at most `max_rows` weight rows (or
    /// one page of neurons, or of payouts) per call. Anyone may call.
    ///
    /// # Errors
    /// `ZeroRows`, `UnknownSubnet`, `EpochNotDue`, `CorruptEpochState`, `*CallFailed`, and
    /// emission's refusals when its account of the run disagrees (`EpochRunning`,
    /// `NoRunningEpoch`, `EpochOverpaid`).
    #[ink(message)]
    fn epoch_step(&mut self, netuid: NetUid, max_rows: u16)
        -> Result<EpochProgress, EmissionError>;

    /// The subnet's running epoch, if one is.
    #[ink(message)]
    fn running_epoch(&self, netuid: NetUid) -> Option<EpochStatus>;

    /// A validator's bonds as the last epoch stored them (empty for a replaced neuron), as
    /// (uid, u16 bond) entries: a full subnet's row is a run of 4,096 values.
    #[ink(message)]
    fn bonds(&self, netuid: NetUid, uid: Uid) -> crate::entries::Entries;
}

/// The rows stage of the epoch contract's runs, as code of its own: the epoch contract
/// delegate-calls it, so it runs in the epoch contract's storage (`epoch_state::store`) and is
/// never instantiated. Splitting the Yuma passes out keeps each code under the 64 KiB a
/// contract's Wasm may weigh.
#[ink::trait_definition]
pub trait EpochRows {
    /// The next rows step of `netuid`'s running epoch of `generation` (in its rows stage):
    /// feeds its Yuma epoch at most `max_rows` validator rows (and as many passes as a small
    /// subnet's rows cover), stores the bonds they complete and saves the epoch. Returns true
    /// when the epoch is complete: the epoch contract turns it into the payout table. The run
    /// itself is the epoch contract's: this code neither reads nor writes it.
    ///
    /// # Errors
    /// `CorruptEpochState`.
    #[ink(message)]
    fn feed_rows(
        &mut self,
        netuid: NetUid,
        generation: u32,
        max_rows: u16,
    ) -> Result<bool, EmissionError>;
}

/// The selector of `EpochRows::feed_rows`, which the epoch contract delegate-calls.
pub const FEED_ROWS_SELECTOR: [u8; 4] = ink::selector_bytes!("EpochRows::feed_rows");

/// The epoch contract runs its rows stage with other code.
#[ink::event]
pub struct RowsCodeSet {
    pub code_hash: Hash,
}

/// Emission holds a starting epoch's TAO (for a dynamic subnet, `in_alpha`: the keeper's fee;
/// the rest went to the market, whose `MarketFunded` tells the alpha).
#[ink::event]
pub struct EpochFunded {
    #[ink(topic)]
    pub netuid: NetUid,
    pub emission: Balance,
    pub owner_cut: Balance,
    pub held: Balance,
    pub in_alpha: bool,
}

/// Emission minted a page of an epoch's rewards to staking.
#[ink::event]
pub struct EpochPaid {
    #[ink(topic)]
    pub netuid: NetUid,
    pub paid: Balance,
    pub burned: Balance,
}

/// Emission closed an epoch's account: the keeper's fee minted, the rest pending again.
/// `paid` is in the epoch's unit (alpha when `in_alpha`); the fee and what returned are TAO.
#[ink::event]
pub struct EpochSettled {
    #[ink(topic)]
    pub netuid: NetUid,
    pub paid: Balance,
    pub keeper_fee: Balance,
    pub returned: Balance,
    pub in_alpha: bool,
}

/// The emission contract's market changed.
#[ink::event]
pub struct MarketContractSet {
    pub market: Option<AccountId>,
}

/// The emission contract's epoch role changed.
#[ink::event]
pub struct EpochContractSet {
    pub epoch: Option<AccountId>,
}

#[ink::event]
pub struct EpochStarted {
    #[ink(topic)]
    pub netuid: NetUid,
    pub generation: u32,
    /// Pending emission taken by the epoch.
    pub emission: Balance,
    /// Paid at once to the subnet owner.
    pub owner_cut: Balance,
}

/// A step that left the epoch running (it read neurons or rows, or paid a page).
#[ink::event]
pub struct EpochStepped {
    #[ink(topic)]
    pub netuid: NetUid,
    pub generation: u32,
    /// The stage the next step works on.
    pub next: EpochPhase,
    pub steps: u32,
}

#[ink::event]
pub struct EpochFinished {
    #[ink(topic)]
    pub netuid: NetUid,
    pub generation: u32,
    pub paid: Balance,
    pub carried: Balance,
    /// The incentive of the subnet owner's hotkey, never minted (subtensor burns it).
    pub burned: Balance,
    pub steps: u32,
    /// Who made the finishing call, and the fee minted to them (`EmissionConfig::keeper_fee`).
    #[ink(topic)]
    pub keeper: AccountId,
    pub keeper_fee: Balance,
}

/// Governance stopped a running epoch: what it had not paid is pending again.
#[ink::event]
pub struct EpochAborted {
    #[ink(topic)]
    pub netuid: NetUid,
    pub paid: Balance,
    /// Back in the subnet's pending emission.
    pub returned: Balance,
}

#[ink::event]
pub struct SharesChanged {
    pub rule: SharesRule,
    /// (netuid, parts per billion).
    pub shares: Vec<(NetUid, u32)>,
}

#[ink::event]
pub struct RootMembershipChanged {
    #[ink(topic)]
    pub joined: AccountId,
    /// The member it replaced, when the network was full.
    pub replaced: Option<AccountId>,
}

#[ink::event]
pub struct RootWeightsSet {
    #[ink(topic)]
    pub hotkey: AccountId,
    pub weights: Vec<(NetUid, u16)>,
}

#[ink::event]
pub struct EmissionConfigChanged {
    pub config: EmissionConfig,
}
