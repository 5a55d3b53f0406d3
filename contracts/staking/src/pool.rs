//! The share pool behind each hotkey (subtensor's `share-pool`): nominators hold shares, the
//! pool holds the TAO value. A deposit mints shares at the current price, a withdrawal burns
//! them, and a reward raises the value for every holder at once — O(1) whatever the number of
//! nominators. Rounding always favours the pool: deposits mint floor, withdrawals burn ceil.
//! The arithmetic is `economics::share_pool`, shared with the market's alpha pools; this
//! module keeps the pool's cell (checkpoints, name, owner) and staking's errors.
//!
//! Shares are fine-grained (an empty pool mints `SHARES_PER_UNIT`, 100,000, per rao), so an honest pool's
//! price stays far below one rao per share and a deposit loses less than a rao to rounding.
//! A pool can still be made expensive on purpose — its owner keeps one share and the pool
//! then earns a dividend, the share-inflation attack — so a stake that would lose more than
//! `MAX_ROUNDING_LOSS` is refused instead of being absorbed by the holders.

use crate::checkpoints::Tail;
use crate::names::Name;
use economics::share_pool::{ShareError, SharePool};
use interfaces::staking::StakingError;
use interfaces::{AccountId, Balance};

/// A coldkey's holding in a hotkey's pool, and the voting power it last contributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Position {
    pub shares: u128,
    pub votes: Balance,
    /// Where the position's hotkey sits in its coldkey's list of positions.
    pub slot: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Pool {
    /// TAO held for all holders.
    pub value: Balance,
    /// Shares outstanding.
    pub shares: u128,
    /// The end of the history of the pool's value (the hotkey's total stake over time), kept
    /// here because the pool is written on every change anyway.
    pub checkpoints: Tail,
    /// What the name the pool is stored under stands for (see `names`).
    pub name: Name,
    /// The coldkey that claimed the hotkey (the key's own record only; `None` until claimed).
    pub owner: Option<AccountId>,
    /// The hotkey owner's own position, kept in the pool's cell: a miner's incentive and a
    /// validator's take go to it, and crediting them then writes this one cell. Every other
    /// holder's position has a cell of its own.
    pub owner_position: Position,
}

impl Pool {
    /// The pool's value and shares as `economics` keeps the arithmetic of a share pool.
    fn shares_pool(&self) -> SharePool {
        SharePool {
            value: self.value,
            shares: self.shares,
        }
    }

    /// Runs `change` on the share pool and keeps its result only if it succeeds.
    fn apply<T>(
        &mut self,
        change: impl FnOnce(&mut SharePool) -> Result<T, ShareError>,
    ) -> Result<T, StakingError> {
        let mut pool = self.shares_pool();
        let done = change(&mut pool).map_err(|error| match error {
            ShareError::Overflow => StakingError::Overflow,
            ShareError::LostToRounding => StakingError::StakeLostToRounding,
            ShareError::Insufficient => StakingError::InsufficientStake,
        })?;
        self.value = pool.value;
        self.shares = pool.shares;
        Ok(done)
    }

    /// The TAO value of `shares`.
    pub fn value_of(&self, shares: u128) -> Balance {
        self.shares_pool().value_of(shares)
    }

    /// Adds `amount` and returns the shares minted for it, whatever rounding costs the
    /// depositor (a reward to the owner's position must always land). An empty pool mints
    /// `SHARES_PER_UNIT` shares per rao.
    pub fn deposit(&mut self, amount: Balance) -> Result<u128, StakingError> {
        self.apply(|pool| pool.deposit(amount))
    }

    /// A stake: `deposit`, refused with `StakeLostToRounding` (the pool unchanged) when the
    /// shares minted are worth less than `amount − MAX_ROUNDING_LOSS` afterwards.
    pub fn stake(&mut self, amount: Balance) -> Result<u128, StakingError> {
        self.apply(|pool| pool.stake(amount))
    }

    /// Takes `amount` out of a holder's `held` shares; returns the shares burned. When the
    /// last share leaves, the value left over (rounding dust) is returned as the second value
    /// and the pool is emptied.
    pub fn withdraw(
        &mut self,
        amount: Balance,
        held: u128,
    ) -> Result<(u128, Balance), StakingError> {
        self.apply(|pool| pool.withdraw(amount, held))
    }

    /// Raises the value of every share (a reward to all holders). Only meaningful when the
    /// pool has holders.
    pub fn add_value(&mut self, amount: Balance) -> Result<(), StakingError> {
        self.apply(|pool| pool.add_value(amount))
    }
}

#[cfg(test)]
mod tests {
    //! The arithmetic is tested where it lives (`economics::share_pool`); these check what
    //! this module adds: staking's errors, and a refused change leaving the whole cell as it
    //! was.
    use super::*;

    #[test]
    fn a_stake_into_an_inflated_pool_is_refused_not_absorbed() {
        let inflated = Pool {
            value: 10_000_000_001,
            shares: 1,
            owner: Some(AccountId::from([7; 32])),
            ..Pool::default()
        };
        let mut pool = inflated.clone();
        for amount in [5_000_000_000, 15_000_000_000] {
            assert_eq!(pool.stake(amount), Err(StakingError::StakeLostToRounding));
        }
        assert_eq!(pool, inflated);
        assert_eq!(pool.stake(20_000_000_002), Ok(2));
        assert_eq!((pool.value, pool.shares), (30_000_000_003, 3));
        assert_eq!(pool.owner, inflated.owner);
    }

    #[test]
    fn withdrawing_more_than_held_is_refused_and_changes_nothing() {
        let mut pool = Pool::default();
        let shares = pool.deposit(10).unwrap();
        let before = pool.clone();
        assert_eq!(
            pool.withdraw(11, shares),
            Err(StakingError::InsufficientStake)
        );
        assert_eq!(pool, before);
    }
}
