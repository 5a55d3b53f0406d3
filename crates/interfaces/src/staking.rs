//! Stake and delegation: who owns which hotkey, how much TAO backs each hotkey (a share pool per
//! hotkey, so rewards reach every nominator in O(1)), the delegate take, and the stake
//! checkpoints that give governance its voting power.

use crate::types::{AccountId, Balance, BlockNumber, U16Proportion};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum StakingError {
    /// The caller is not the admin.
    NotAdmin,
    /// The caller is not the contract allowed to call this (registry or emission).
    Unauthorized,
    ZeroAmount,
    /// The amount is below the minimum stake, or leaves a nominator below the nominator minimum.
    BelowMinimumStake,
    /// No coldkey owns this hotkey (it never registered).
    UnknownHotkey,
    /// The hotkey is owned by another coldkey.
    NotHotkeyOwner,
    /// The position holds less than the amount.
    InsufficientStake,
    /// The caller's TAO balance is below the amount.
    InsufficientBalance,
    /// The caller has not approved staking for the amount.
    InsufficientAllowance,
    /// The token refused a transfer for another reason.
    TokenCallFailed,
    /// A take above the maximum (18%).
    TakeOutOfRange,
    /// A take increase within the rate-limit period after the last change.
    TakeRateLimited,
    /// A checkpoint read for the current or a future block.
    BlockNotYetMined,
    /// Rewards larger than the TAO staking holds beyond what it already accounts for.
    UnbackedRewards,
    /// A configuration value outside its bounds.
    ConfigOutOfRange,
    Overflow,
    /// The pool's share price would round the deposit down by more than one rao (a pool
    /// whose last shares were made expensive on purpose): the stake is refused, not taken.
    StakeLostToRounding,
    /// A move from a hotkey to itself.
    SameHotkey,
    /// A transfer from a coldkey to itself.
    SameColdkey,
    /// The hotkey is owned, or was swapped out and is retired: it cannot be claimed or become
    /// another hotkey's new name.
    HotkeyInUse,
}

/// The most positions one `positions_of` page answers.
pub const POSITIONS_PAGE: u32 = 64;

/// One of a coldkey's positions, as `positions_of` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct PositionInfo {
    pub hotkey: AccountId,
    /// The position's TAO value now.
    pub stake: Balance,
    pub shares: u128,
}

impl From<crate::admin::AdminError> for StakingError {
    fn from(_: crate::admin::AdminError) -> Self {
        StakingError::NotAdmin
    }
}

/// A refused token transfer, in staking's terms.
impl From<psp22::PSP22Error> for StakingError {
    fn from(error: psp22::PSP22Error) -> Self {
        match error {
            psp22::PSP22Error::InsufficientBalance => StakingError::InsufficientBalance,
            psp22::PSP22Error::InsufficientAllowance => StakingError::InsufficientAllowance,
            _ => StakingError::TokenCallFailed,
        }
    }
}

/// Staking's minimums and take rate limit, set by the admin (governance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct StakingConfig {
    /// The smallest stake operation (subtensor's `DefaultMinStake`: 0.002 TAO).
    pub min_stake: Balance,
    /// A nominator's smallest position (10 × the minimum stake: 0.02 TAO).
    pub nominator_min_stake: Balance,
    /// Blocks between a take change and the next increase (216,000 ≈ 30 days).
    pub take_rate_limit: BlockNumber,
}

impl Default for StakingConfig {
    fn default() -> Self {
        StakingConfig {
            min_stake: 2_000_000,
            nominator_min_stake: 20_000_000,
            take_rate_limit: 216_000,
        }
    }
}

/// The largest minimum stake the admin may set.
pub const MAX_MIN_STAKE: Balance = 1_000 * crate::RAO_PER_TAO;
/// The longest take rate limit the admin may set: ten times subtensor's.
pub const MAX_TAKE_RATE_LIMIT: BlockNumber = 10 * 216_000;

impl StakingConfig {
    /// Whether every value is within its bound.
    pub fn is_valid(&self) -> bool {
        self.min_stake <= MAX_MIN_STAKE
            && self.nominator_min_stake <= MAX_MIN_STAKE
            && self.take_rate_limit <= MAX_TAKE_RATE_LIMIT
    }
}

/// What staking knows of a hotkey that another contract keying stake by hotkey needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct HotkeyRecord {
    /// The key the hotkey was first claimed as: it stays the same through hotkey swaps.
    pub key: AccountId,
    pub owner: AccountId,
    pub take: U16Proportion,
    /// The hotkey's total TAO stake at the end of the block asked for (0 if none was).
    pub stake: Balance,
}

/// One hotkey's reward from an epoch, as the emission contract hands it to staking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Reward {
    pub hotkey: AccountId,
    /// Miner incentive: becomes stake of the hotkey's owner.
    pub incentive: Balance,
    /// Validator dividend: the take to the owner, the rest to every nominator pro rata.
    pub dividend: Balance,
}

#[ink::trait_definition]
pub trait Staking {
    /// Registry only: records `coldkey` as `hotkey`'s owner, or confirms it already is.
    ///
    /// # Events
    /// `HotkeyClaimed` when the owner is new.
    /// # Errors
    /// `Unauthorized` unless the caller is the registry; `NotHotkeyOwner` if another coldkey owns it;
    /// `HotkeyInUse` if a swap retired it.
    #[ink(message)]
    fn claim_hotkey(&mut self, hotkey: AccountId, coldkey: AccountId) -> Result<(), StakingError>;

    #[ink(message)]
    fn owner_of(&self, hotkey: AccountId) -> Option<AccountId>;

    /// Pulls `amount` TAO from the caller (approve staking on the token first) and stakes it
    /// on `hotkey`.
    ///
    /// # Events
    /// `StakeAdded`, `VotesChanged`.
    /// # Errors
    /// `ZeroAmount`, `BelowMinimumStake`, `UnknownHotkey`, `InsufficientBalance`,
    /// `InsufficientAllowance`, `StakeLostToRounding`, `Overflow`.
    #[ink(message)]
    fn add_stake(&mut self, hotkey: AccountId, amount: Balance) -> Result<(), StakingError>;

    /// Unstakes `amount` from the caller's position on `hotkey` and pays it back. A nominator
    /// position left below the nominator minimum is closed and refunded in full.
    ///
    /// # Events
    /// `StakeRemoved`, `VotesChanged`.
    /// # Errors
    /// `ZeroAmount`, `InsufficientStake`.
    #[ink(message)]
    fn remove_stake(&mut self, hotkey: AccountId, amount: Balance) -> Result<(), StakingError>;

    /// The TAO value of `coldkey`'s position on `hotkey`.
    #[ink(message)]
    fn stake_of(&self, hotkey: AccountId, coldkey: AccountId) -> Balance;

    /// Total stake on `hotkey` (every nominator).
    #[ink(message)]
    fn total_stake_of(&self, hotkey: AccountId) -> Balance;

    /// Total stake on each hotkey of a page, in one call (the epoch reads stakes this way).
    #[ink(message)]
    fn total_stakes(&self, hotkeys: Vec<AccountId>) -> Vec<Balance>;

    /// Total stake on each hotkey at the end of `block`, which must be in the past: what an
    /// epoch or the root network counts, so that stake moved after that block (a flash stake,
    /// or stake moved between two pages of one epoch) counts nowhere twice.
    ///
    /// # Errors
    /// `BlockNotYetMined`.
    #[ink(message)]
    fn total_stakes_at(
        &self,
        hotkeys: Vec<AccountId>,
        block: BlockNumber,
    ) -> Result<Vec<Balance>, StakingError>;

    /// Total stake on every hotkey.
    #[ink(message)]
    fn total_stake(&self) -> Balance;

    /// The hotkey's delegate take (u16 proportion; 11,796 = 18% unless set).
    #[ink(message)]
    fn take_of(&self, hotkey: AccountId) -> U16Proportion;

    /// Hotkey owner only: lowers the take at once; raises it only once the rate-limit period
    /// since the last change has passed.
    ///
    /// # Events
    /// `TakeChanged`.
    /// # Errors
    /// `UnknownHotkey`, `NotHotkeyOwner`, `TakeOutOfRange`, `TakeRateLimited`.
    #[ink(message)]
    fn set_take(&mut self, hotkey: AccountId, take: U16Proportion) -> Result<(), StakingError>;

    /// Each hotkey's stable key, owner and take, in one call (`None` for a hotkey nobody owns,
    /// or, unless `rewarded`, a name retired by a swap): how the market keys a hotkey's alpha,
    /// so that a hotkey swap carries it along. `rewarded`: the names an epoch read, which may
    /// have been swapped out since and still lead to their key. With `stake_at`, each record
    /// also has the hotkey's total stake at the end of that past block.
    ///
    /// # Errors
    /// `BlockNotYetMined`.
    #[ink(message)]
    fn hotkey_records(
        &self,
        hotkeys: Vec<AccountId>,
        rewarded: bool,
        stake_at: Option<BlockNumber>,
    ) -> Result<Vec<Option<HotkeyRecord>>, StakingError>;

    /// Registry only: renames hotkey `old` to `new`. Its pool, every nominator's position,
    /// its take, its owner and its stake history answer to `new` from now on; `old` is retired
    /// (it holds nothing and cannot be claimed again), though rewards already on their way to
    /// it still reach the pool.
    ///
    /// # Events
    /// `HotkeySwapped`.
    /// # Errors
    /// `Unauthorized`, `UnknownHotkey` (`old` unowned or retired), `HotkeyInUse` (`new` owned,
    /// retired, or `old` itself).
    #[ink(message)]
    fn swap_hotkey(&mut self, old: AccountId, new: AccountId) -> Result<(), StakingError>;

    /// Registry only: moves up to `max` of coldkey `old`'s holdings to `new` — its positions,
    /// each whole with the voting power it carries, then the hotkeys it owns. Returns whether
    /// `old` holds nothing more.
    ///
    /// # Events
    /// `ColdkeyHoldingsMoved`, `VotesChanged` when power moved.
    /// # Errors
    /// `Unauthorized`, `SameColdkey`, `Overflow`.
    #[ink(message)]
    fn swap_coldkey(
        &mut self,
        old: AccountId,
        new: AccountId,
        max: u32,
    ) -> Result<bool, StakingError>;

    /// Whether `coldkey` holds a position, owns a hotkey or has voting power of its own.
    #[ink(message)]
    fn coldkey_in_use(&self, coldkey: AccountId) -> bool;

    /// Brings the voting power of `coldkey`'s position on `hotkey` up to its current value
    /// (dividends shared by the pool count once synced). Anyone may call.
    ///
    /// # Events
    /// `VotesChanged` when the power moved.
    #[ink(message)]
    fn sync_votes(&mut self, hotkey: AccountId, coldkey: AccountId) -> Result<(), StakingError>;

    /// The voting power `account` holds now: its own unless it lent it (`delegate`), plus
    /// what others lent it.
    #[ink(message)]
    fn get_votes(&self, account: AccountId) -> Balance;

    /// The voting power `account` held at the end of `block`, which must be in the past.
    #[ink(message)]
    fn get_past_votes(
        &self,
        account: AccountId,
        block: BlockNumber,
    ) -> Result<Balance, StakingError>;

    /// The total voting power at the end of `block`, which must be in the past.
    #[ink(message)]
    fn get_past_total_stake(&self, block: BlockNumber) -> Result<Balance, StakingError>;
}

#[ink::event]
pub struct HotkeyClaimed {
    #[ink(topic)]
    pub hotkey: AccountId,
    #[ink(topic)]
    pub coldkey: AccountId,
}

/// A hotkey renamed: its stake and records answer to `new`.
#[ink::event]
pub struct HotkeySwapped {
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
    #[ink(topic)]
    pub coldkey: AccountId,
}

/// A page of a coldkey swap: positions and hotkeys moved from `old` to `new`.
#[ink::event]
pub struct ColdkeyHoldingsMoved {
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
    pub positions: u32,
    /// The hotkeys `new` owns from now on.
    pub hotkeys: Vec<AccountId>,
    /// Whether `old` holds nothing more.
    pub done: bool,
}

#[ink::event]
pub struct StakeAdded {
    #[ink(topic)]
    pub hotkey: AccountId,
    #[ink(topic)]
    pub coldkey: AccountId,
    pub amount: Balance,
    pub shares: u128,
}

#[ink::event]
pub struct StakeRemoved {
    #[ink(topic)]
    pub hotkey: AccountId,
    #[ink(topic)]
    pub coldkey: AccountId,
    pub amount: Balance,
    pub shares: u128,
}

/// Stake moved between two hotkeys of one coldkey, without leaving staking.
#[ink::event]
pub struct StakeMoved {
    #[ink(topic)]
    pub coldkey: AccountId,
    #[ink(topic)]
    pub from_hotkey: AccountId,
    #[ink(topic)]
    pub to_hotkey: AccountId,
    pub amount: Balance,
}

/// Stake on one hotkey handed from one coldkey to another, without leaving staking.
#[ink::event]
pub struct StakeTransferred {
    #[ink(topic)]
    pub hotkey: AccountId,
    #[ink(topic)]
    pub from_coldkey: AccountId,
    #[ink(topic)]
    pub to_coldkey: AccountId,
    pub amount: Balance,
}

#[ink::event]
pub struct TakeChanged {
    #[ink(topic)]
    pub hotkey: AccountId,
    pub take: U16Proportion,
}

/// What one hotkey received of an epoch's rewards.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct HotkeyCredit {
    pub hotkey: AccountId,
    /// Incentive and take, staked for the owner.
    pub to_owner: Balance,
    /// The rest of the dividend, shared by every nominator through the pool value.
    pub to_nominators: Balance,
}

/// A page of epoch rewards credited: one event per page, not per hotkey (a page of 64 costs
/// a 64th of the events' fixed cost).
#[ink::event]
pub struct RewardsCredited {
    pub credits: Vec<HotkeyCredit>,
}

#[ink::event]
pub struct VotesChanged {
    #[ink(topic)]
    pub account: AccountId,
    pub previous: Balance,
    pub new: Balance,
}

/// An account lent its voting power to another, or took it back (`delegate` = itself).
#[ink::event]
pub struct DelegateChanged {
    #[ink(topic)]
    pub account: AccountId,
    #[ink(topic)]
    pub previous: AccountId,
    #[ink(topic)]
    pub delegate: AccountId,
}

#[ink::event]
pub struct StakingConfigChanged {
    pub min_stake: Balance,
    pub nominator_min_stake: Balance,
    pub take_rate_limit: BlockNumber,
}

#[ink::event]
pub struct StakingRolesChanged {
    pub registry: Option<AccountId>,
    pub emission: Option<AccountId>,
    pub market: Option<AccountId>,
}
