//! Where an epoch reads its subnet's stake and pays its rewards. A subnet without a market is
//! staked in TAO: staking answers. A subnet whose market is open is staked in alpha: the market
//! answers, with the stake weight subtensor's epoch uses (alpha + tao_weight × TAO stake), and
//! pays in alpha. Emission names the ledger of each epoch when it opens it (`EpochTerms`).

use crate::staking::{Reward, StakingError};
use crate::types::{AccountId, Balance, BlockNumber, NetUid};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum LedgerError {
    /// Only the epoch contract credits rewards.
    Unauthorized,
    /// Stake asked for a block that is not over.
    BlockNotYetMined,
    /// A reward for a hotkey nobody owns.
    UnknownHotkey,
    /// TAO rewards that emission has not minted to staking yet.
    UnbackedRewards,
    /// Alpha rewards beyond what the subnet's running epoch was funded with.
    RewardsExceedFunding,
    /// The subnet has no market.
    NoMarket,
    Overflow,
    /// The market could not read TAO stakes or owners from staking, or staking refused its
    /// root dividends.
    StakingCallFailed,
    /// The market could not pay root dividends' TAO to staking.
    TokenCallFailed,
}

impl From<StakingError> for LedgerError {
    fn from(error: StakingError) -> Self {
        match error {
            StakingError::Unauthorized => LedgerError::Unauthorized,
            StakingError::BlockNotYetMined => LedgerError::BlockNotYetMined,
            StakingError::UnknownHotkey => LedgerError::UnknownHotkey,
            StakingError::UnbackedRewards => LedgerError::UnbackedRewards,
            _ => LedgerError::Overflow,
        }
    }
}

#[ink::trait_definition]
pub trait EpochLedger {
    /// Each hotkey's stake weight on `netuid` at the end of `block` (a past block): what an
    /// epoch that started the block after counts.
    ///
    /// # Errors
    /// `BlockNotYetMined`, `NoMarket`, `StakingCallFailed`.
    #[ink(message)]
    fn epoch_stakes(
        &self,
        netuid: NetUid,
        hotkeys: Vec<AccountId>,
        block: BlockNumber,
    ) -> Result<Vec<Balance>, LedgerError>;

    /// Epoch contract only: credits a page of `netuid`'s epoch rewards: incentive as stake of
    /// the hotkey's owner, dividends through the take and the hotkey's nominators. Staking also
    /// takes a page from its market role: a dynamic subnet's root dividends, in TAO, to each
    /// validator's TAO stakers.
    ///
    /// # Events
    /// Staking's `RewardsCredited`, or the market's `AlphaRewarded` (and `RootDividendsPaid`
    /// with staking's `RewardsCredited` when validators earned root dividends).
    /// # Errors
    /// `Unauthorized`, `UnknownHotkey`, `UnbackedRewards`, `RewardsExceedFunding`,
    /// `NoMarket`, `Overflow`, `StakingCallFailed`, `TokenCallFailed`.
    #[ink(message)]
    fn credit_epoch_rewards(
        &mut self,
        netuid: NetUid,
        rewards: Vec<Reward>,
    ) -> Result<(), LedgerError>;
}
