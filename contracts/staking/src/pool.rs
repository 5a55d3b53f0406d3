//! The share pool behind each hotkey (subtensor's `share-pool`): nominators hold shares, the
//! pool holds the TAO value. A deposit mints shares at the current price, a withdrawal burns
//! them, and a reward raises the value for every holder at once — O(1) whatever the number of
//! nominators. Rounding always favours the pool: deposits mint floor, withdrawals burn ceil.

use interfaces::staking::StakingError;
use interfaces::Balance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Pool {
    /// TAO held for all holders.
    pub value: Balance,
    /// Shares outstanding.
    pub shares: u128,
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

    /// Adds `amount` and returns the shares minted for it. An empty pool prices one share at
    /// one rao.
    pub fn deposit(&mut self, amount: Balance) -> Result<u128, StakingError> {
        let minted = if self.shares == 0 || self.value == 0 {
            amount
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

    #[test]
    fn first_deposit_prices_a_share_at_one_rao() {
        let mut pool = Pool::default();
        assert_eq!(pool.deposit(500), Ok(500));
        assert_eq!(pool.value_of(500), 500);
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
        assert_eq!((carol, pool.value_of(carol)), (100, 200));
    }

    #[test]
    fn withdrawing_more_than_held_is_refused_and_changes_nothing() {
        let mut pool = Pool::default();
        let shares = pool.deposit(10).unwrap();
        let before = pool;
        assert_eq!(
            pool.withdraw(11, shares),
            Err(StakingError::InsufficientStake)
        );
        assert_eq!(pool, before);
    }

    #[test]
    fn the_last_withdrawal_empties_the_pool_and_returns_the_dust() {
        let mut pool = Pool::default();
        let shares = pool.deposit(3).unwrap();
        pool.add_value(7).unwrap(); // 10 rao over 3 shares
                                    // Taking 9 burns ceil(9 × 3 / 10) = 3 shares: all of them; the last rao is dust.
        assert_eq!(pool.withdraw(9, shares), Ok((3, 1)));
        assert_eq!(pool, Pool::default());
    }

    #[test]
    fn the_last_holder_can_take_everything() {
        let mut pool = Pool::default();
        let a = pool.deposit(10).unwrap();
        let b = pool.deposit(10).unwrap();
        pool.add_value(1).unwrap();
        assert_eq!(pool.withdraw(pool.value_of(a), a), Ok((10, 0)));
        assert_eq!(pool.value_of(b), 11);
        assert_eq!(pool.withdraw(11, b), Ok((10, 0)));
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
