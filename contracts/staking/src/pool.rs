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
    use super::*;
    use economics::share_pool::{MAX_ROUNDING_LOSS, SHARES_PER_UNIT};
    use proptest::prelude::*;

    const S: u128 = SHARES_PER_UNIT;

    #[test]
    fn first_deposit_mints_shares_per_rao() {
        let mut pool = Pool::default();
        assert_eq!(pool.deposit(500), Ok(500 * S));
        assert_eq!(pool.value_of(500 * S), 500);
    }

    #[test]
    fn rewards_reach_every_holder_pro_rata() {
        let mut pool = Pool::default();
        let alice = pool.deposit(300).unwrap();
        let bob = pool.deposit(100).unwrap();
        pool.add_value(400).unwrap();
        assert_eq!((pool.value_of(alice), pool.value_of(bob)), (600, 200));
        // A later deposit buys at the new price and gets none of the earlier reward.
        let carol = pool.deposit(200).unwrap();
        assert_eq!((carol, pool.value_of(carol)), (100 * S, 200));
    }

    /// The share-inflation attack: the owner keeps one share and a 10 TAO dividend lands on
    /// it. Before the check a 5 TAO stake minted no share at all and the owner's share
    /// absorbed it; now the stake is refused and the pool is untouched.
    #[test]
    fn a_stake_into_an_inflated_pool_is_refused_not_absorbed() {
        let inflated = Pool {
            value: 10_000_000_001,
            shares: 1,
            ..Pool::default()
        };
        let mut pool = inflated.clone();
        assert_eq!(pool.deposit(5_000_000_000), Ok(0));
        let mut pool = inflated.clone();
        for amount in [5_000_000_000, 15_000_000_000] {
            assert_eq!(pool.stake(amount), Err(StakingError::StakeLostToRounding));
        }
        assert_eq!(pool, inflated);
        // An exact multiple of the share price loses nothing and is taken.
        assert_eq!(pool.stake(20_000_000_002), Ok(2));
    }

    #[test]
    fn an_honest_pool_loses_no_stake_to_rounding() {
        let mut pool = Pool::default();
        pool.deposit(1_000_000_007).unwrap();
        // Rewards triple the pool's value: a share is still worth a tiny fraction of a rao.
        pool.add_value(2_000_000_003).unwrap();
        for amount in [2_000_000u128, 20_000_001, 123_456_789_012] {
            let minted = pool.stake(amount).unwrap();
            assert!(pool.value_of(minted) + MAX_ROUNDING_LOSS >= amount);
        }
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

    #[test]
    fn the_last_withdrawal_empties_the_pool_and_returns_the_dust() {
        let mut pool = Pool {
            value: 3,
            shares: 3,
            ..Pool::default()
        };
        pool.add_value(7).unwrap(); // 10 rao over 3 shares
                                    // Taking 9 burns ceil(9 × 3 / 10) = 3 shares: all of them; the last rao is dust.
        assert_eq!(pool.withdraw(9, 3), Ok((3, 1)));
        assert_eq!(pool, Pool::default());
    }

    #[test]
    fn the_last_holder_can_take_everything() {
        let mut pool = Pool::default();
        let a = pool.deposit(10).unwrap();
        let b = pool.deposit(10).unwrap();
        pool.add_value(2).unwrap();
        assert_eq!(pool.withdraw(pool.value_of(a), a), Ok((10 * S, 0)));
        assert_eq!(pool.value_of(b), 11);
        assert_eq!(pool.withdraw(11, b), Ok((10 * S, 0)));
        assert_eq!(pool, Pool::default());
    }

    proptest! {
        /// Whatever the deposits, rewards and withdrawals, the pool's value covers what its
        /// holders can withdraw, and nothing is created: value + paid out + dust = deposits + rewards.
        #[test]
        fn value_is_conserved(ops in proptest::collection::vec((0u8..3, 0usize..4, 1u128..1_000_000_000_000), 1..80)) {
            let mut pool = Pool::default();
            let mut held = [0u128; 4];
            let (mut put_in, mut taken_out) = (0u128, 0u128);
            for (kind, who, amount) in ops {
                match kind {
                    0 => { held[who] += pool.deposit(amount).unwrap(); put_in += amount; }
                    1 => if pool.shares > 0 { pool.add_value(amount).unwrap(); put_in += amount; },
                    _ => {
                        let want = amount.min(pool.value_of(held[who]));
                        if want > 0 {
                            let (burned, dust) = pool.withdraw(want, held[who]).unwrap();
                            held[who] -= burned;
                            taken_out += want + dust;
                        }
                    }
                }
                let claimable: u128 = held.iter().map(|s| pool.value_of(*s)).sum();
                prop_assert!(claimable <= pool.value);
                prop_assert_eq!(held.iter().sum::<u128>(), pool.shares);
                prop_assert_eq!(pool.value + taken_out, put_in);
            }
        }
    }
}
