//! The share pool behind each hotkey (subtensor's `share-pool`): nominators hold shares, the
//! pool holds the TAO value. A deposit mints shares at the current price, a withdrawal burns
//! them, and a reward raises the value for every holder at once — O(1) whatever the number of
//! nominators. Rounding always favours the pool: deposits mint floor, withdrawals burn ceil.
//!
//! Shares are fine-grained (an empty pool mints `SHARES_PER_RAO` per rao), so an honest pool's
//! price stays far below one rao per share and a deposit loses less than a rao to rounding.
//! A pool can still be made expensive on purpose — its owner keeps one share and the pool
//! then earns a dividend, the share-inflation attack — so a stake that would lose more than
//! `MAX_ROUNDING_LOSS` is refused instead of being absorbed by the holders.

use crate::checkpoints::Tail;
use crate::names::Name;
use interfaces::staking::StakingError;
use interfaces::{AccountId, Balance};

/// Shares minted per rao by an empty pool. Bounded by overflow: shares never exceed
/// value × this (the price only rises), so amount × shares ≤ 2.1·10¹⁶ × 2.1·10²¹ < u128::MAX
/// even with the whole 21M TAO in one pool.
pub const SHARES_PER_RAO: u128 = 100_000;

/// The most a stake may lose to the share price's rounding, in rao.
pub const MAX_ROUNDING_LOSS: Balance = 1;

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

/// `a × b / c` rounded down, or `Overflow`.
fn mul_div_floor(a: u128, b: u128, c: u128) -> Result<u128, StakingError> {
    a.checked_mul(b)
        .and_then(|p| p.checked_div(c))
        .ok_or(StakingError::Overflow)
}

/// `a × b / c` rounded up, or `Overflow`.
fn mul_div_ceil(a: u128, b: u128, c: u128) -> Result<u128, StakingError> {
    let product = a.checked_mul(b).ok_or(StakingError::Overflow)?;
    let quotient = product.checked_div(c).ok_or(StakingError::Overflow)?;
    let exact = quotient.checked_mul(c).ok_or(StakingError::Overflow)? == product;
    if exact {
        Ok(quotient)
    } else {
        quotient.checked_add(1).ok_or(StakingError::Overflow)
    }
}

impl Pool {
    /// The TAO value of `shares`.
    pub fn value_of(&self, shares: u128) -> Balance {
        if self.shares == 0 {
            return 0;
        }
        mul_div_floor(shares, self.value, self.shares).unwrap_or(0)
    }

    /// Adds `amount` and returns the shares minted for it, whatever rounding costs the
    /// depositor (a reward to the owner's position must always land). An empty pool mints
    /// `SHARES_PER_RAO` shares per rao.
    pub fn deposit(&mut self, amount: Balance) -> Result<u128, StakingError> {
        let minted = if self.shares == 0 || self.value == 0 {
            amount
                .checked_mul(SHARES_PER_RAO)
                .ok_or(StakingError::Overflow)?
        } else {
            mul_div_floor(amount, self.shares, self.value)?
        };
        self.value = self
            .value
            .checked_add(amount)
            .ok_or(StakingError::Overflow)?;
        self.shares = self
            .shares
            .checked_add(minted)
            .ok_or(StakingError::Overflow)?;
        Ok(minted)
    }

    /// A stake: `deposit`, refused with `StakeLostToRounding` (the pool unchanged) when the
    /// shares minted are worth less than `amount − MAX_ROUNDING_LOSS` afterwards.
    pub fn stake(&mut self, amount: Balance) -> Result<u128, StakingError> {
        let mut after = self.clone();
        let minted = after.deposit(amount)?;
        if after.value_of(minted).saturating_add(MAX_ROUNDING_LOSS) < amount {
            return Err(StakingError::StakeLostToRounding);
        }
        *self = after;
        Ok(minted)
    }

    /// Takes `amount` out of a holder's `held` shares; returns the shares burned. When the
    /// last share leaves, the value left over (rounding dust) is returned as the second value
    /// and the pool is emptied.
    pub fn withdraw(
        &mut self,
        amount: Balance,
        held: u128,
    ) -> Result<(u128, Balance), StakingError> {
        if amount > self.value_of(held) {
            return Err(StakingError::InsufficientStake);
        }
        let burned = mul_div_ceil(amount, self.shares, self.value)?.min(held);
        self.value = self
            .value
            .checked_sub(amount)
            .ok_or(StakingError::InsufficientStake)?;
        self.shares = self
            .shares
            .checked_sub(burned)
            .ok_or(StakingError::InsufficientStake)?;
        let mut dust = 0;
        if self.shares == 0 {
            dust = core::mem::take(&mut self.value);
        }
        Ok((burned, dust))
    }

    /// Raises the value of every share (a reward to all holders). Only meaningful when the
    /// pool has holders.
    pub fn add_value(&mut self, amount: Balance) -> Result<(), StakingError> {
        self.value = self
            .value
            .checked_add(amount)
            .ok_or(StakingError::Overflow)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: u128 = SHARES_PER_RAO;

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
