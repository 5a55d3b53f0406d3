//! Stake and delegation: who owns which hotkey, how much TAO backs each hotkey, the delegate
//! take, and the stake checkpoints that give governance its voting power.
//! Sketch for the staking issue; the signatures may still grow.

use crate::types::{AccountId, Balance, BlockNumber, U16Proportion};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum StakingError {
    NotAdmin,
    /// The caller is not the role allowed to call this (registry or emission).
    Unauthorized,
    ZeroAmount,
    UnknownHotkey,
    /// The hotkey is owned by another coldkey.
    NotHotkeyOwner,
    InsufficientStake,
    BelowMinimumStake,
    /// The token refused the transfer (balance or allowance too low).
    TokenTransferFailed,
    TakeOutOfRange,
    TakeRateLimited,
    /// A checkpoint read asked for the current or a future block.
    BlockNotYetMined,
    Overflow,
}

/// One neuron's reward from an epoch, as the emission contract hands it to staking.
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
    #[ink(message)]
    fn claim_hotkey(&mut self, hotkey: AccountId, coldkey: AccountId) -> Result<(), StakingError>;

    #[ink(message)]
    fn owner_of(&self, hotkey: AccountId) -> Option<AccountId>;

    /// Pulls `amount` TAO from the caller (PSP22 allowance) and stakes it on `hotkey`.
    #[ink(message)]
    fn add_stake(&mut self, hotkey: AccountId, amount: Balance) -> Result<(), StakingError>;

    /// Unstakes `amount` from the caller's position on `hotkey` and pays it back.
    #[ink(message)]
    fn remove_stake(&mut self, hotkey: AccountId, amount: Balance) -> Result<(), StakingError>;

    #[ink(message)]
    fn stake_of(&self, hotkey: AccountId, coldkey: AccountId) -> Balance;

    /// Total stake on each hotkey of a page, in one call (the epoch reads stakes this way).
    #[ink(message)]
    fn total_stakes(&self, hotkeys: Vec<AccountId>) -> Vec<Balance>;

    #[ink(message)]
    fn take_of(&self, hotkey: AccountId) -> U16Proportion;

    /// Hotkey owner only: lowers at once, raises only once per rate-limit period.
    #[ink(message)]
    fn set_take(&mut self, hotkey: AccountId, take: U16Proportion) -> Result<(), StakingError>;

    /// Emission only: credits a page of epoch rewards that emission has already minted to
    /// staking's account.
    #[ink(message)]
    fn credit_rewards(&mut self, rewards: Vec<Reward>) -> Result<(), StakingError>;

    /// The stake `account` controlled at the end of `block` (which must be in the past).
    #[ink(message)]
    fn get_past_votes(
        &self,
        account: AccountId,
        block: BlockNumber,
    ) -> Result<Balance, StakingError>;

    /// The total stake at the end of `block` (which must be in the past).
    #[ink(message)]
    fn get_past_total_stake(&self, block: BlockNumber) -> Result<Balance, StakingError>;
}
