//! A share pool (subtensor's `share-pool`): holders own shares, the pool owns the value
//! behind them. A stake mints shares at the current price, an unstake burns them, and a
//! reward raises the value of every share at once, whatever the number of holders. Rounding
//! favours the pool: stakes mint floor, unstakes burn ceil.
//!
//! An empty pool mints `SHARES_PER_UNIT` shares per unit, so an honest pool's share stays
//! worth a tiny fraction of a unit. A pool can still be made expensive on purpose (its owner
//! keeps one share and a reward lands on it: the share-inflation attack), so a stake that
//! would lose more than `MAX_ROUNDING_LOSS` to the share price is refused instead of being
//! absorbed by the holders.

/// Shares minted per unit by an empty pool. Shares never exceed value × this (the price only
/// rises), so value × shares stays below `u128::MAX` for any value under 3.4·10³³ / 10⁵.
pub const SHARES_PER_UNIT: u128 = 100_000;

/// The most a stake may lose to the share price's rounding.
pub const MAX_ROUNDING_LOSS: u128 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareError {
    Overflow,
    /// The shares a stake would mint are worth less than it by more than `MAX_ROUNDING_LOSS`.
    LostToRounding,
    /// More taken out than the holder's shares are worth.
    Insufficient,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SharePool {
    /// The value held for all holders.
    pub value: u128,
    /// Shares outstanding.
    pub shares: u128,
}

/// `a × b / c` rounded down, or `Overflow`.
fn mul_div_floor(a: u128, b: u128, c: u128) -> Result<u128, ShareError> {
    a.checked_mul(b)
        .and_then(|p| p.checked_div(c))
        .ok_or(ShareError::Overflow)
}

/// `a × b / c` rounded up, or `Overflow`.
fn mul_div_ceil(a: u128, b: u128, c: u128) -> Result<u128, ShareError> {
    let product = a.checked_mul(b).ok_or(ShareError::Overflow)?;
    let floor = product.checked_div(c).ok_or(ShareError::Overflow)?;
    let exact = floor.checked_mul(c).ok_or(ShareError::Overflow)? == product;
    if exact {
        Ok(floor)
    } else {
        floor.checked_add(1).ok_or(ShareError::Overflow)
    }
}

impl SharePool {
    /// The value of `shares`, rounded down.
    pub fn value_of(&self, shares: u128) -> u128 {
        if self.shares == 0 {
            return 0;
        }
        mul_div_floor(shares, self.value, self.shares).unwrap_or(0)
    }

    /// Adds `amount` and returns the shares minted for it, whatever rounding costs (a reward
    /// to one holder must always land).
    pub fn deposit(&mut self, amount: u128) -> Result<u128, ShareError> {
        let minted = if self.shares == 0 || self.value == 0 {
            amount
                .checked_mul(SHARES_PER_UNIT)
                .ok_or(ShareError::Overflow)?
        } else {
            mul_div_floor(amount, self.shares, self.value)?
        };
        self.value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
        self.shares = self
            .shares
            .checked_add(minted)
            .ok_or(ShareError::Overflow)?;
        Ok(minted)
    }

    /// A holder's stake: `deposit`, refused (the pool unchanged) when the shares minted would
    /// be worth less than `amount − MAX_ROUNDING_LOSS`.
    pub fn stake(&mut self, amount: u128) -> Result<u128, ShareError> {
        let mut after = *self;
        let minted = after.deposit(amount)?;
        if after.value_of(minted).saturating_add(MAX_ROUNDING_LOSS) < amount {
            return Err(ShareError::LostToRounding);
        }
        *self = after;
        Ok(minted)
    }

    /// Takes `amount` out of a holder's `held` shares and returns the shares burned. When the
    /// last share leaves, the value left over (rounding dust) is returned as the second value
    /// and the pool is emptied.
    pub fn withdraw(&mut self, amount: u128, held: u128) -> Result<(u128, u128), ShareError> {
        if amount > self.value_of(held) {
            return Err(ShareError::Insufficient);
        }
        let burned = mul_div_ceil(amount, self.shares, self.value)?.min(held);
        self.value = self
            .value
            .checked_sub(amount)
            .ok_or(ShareError::Insufficient)?;
        self.shares = self
            .shares
            .checked_sub(burned)
            .ok_or(ShareError::Insufficient)?;
        let dust = if self.shares == 0 {
            core::mem::take(&mut self.value)
        } else {
            0
        };
        Ok((burned, dust))
    }

    /// Raises the value of every share: a reward to all holders.
    pub fn add_value(&mut self, amount: u128) -> Result<(), ShareError> {
        self.value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: u128 = SHARES_PER_UNIT;

    #[test]
    fn first_deposit_mints_shares_per_unit() {
        let mut pool = SharePool::default();
        assert_eq!(pool.deposit(500), Ok(500 * S));
        assert_eq!(pool.value_of(500 * S), 500);
    }

    #[test]
    fn rewards_reach_every_holder_pro_rata() {
        let mut pool = SharePool::default();
        let alice = pool.deposit(300).unwrap();
        let bob = pool.deposit(100).unwrap();
        pool.add_value(400).unwrap();
        assert_eq!((pool.value_of(alice), pool.value_of(bob)), (600, 200));
        // A later deposit buys at the new price and gets none of the earlier reward.
        let carol = pool.deposit(200).unwrap();
        assert_eq!((carol, pool.value_of(carol)), (100 * S, 200));
    }

    /// The share-inflation attack: the owner keeps one share and a 10 TAO dividend lands on
    /// it. A 5 TAO deposit mints no share at all, so the owner's share would absorb it; a
    /// stake is refused instead and the pool is untouched.
    #[test]
    fn a_stake_into_an_inflated_pool_is_refused_not_absorbed() {
        let inflated = SharePool {
            value: 10_000_000_001,
            shares: 1,
        };
        let mut pool = inflated;
        assert_eq!(pool.deposit(5_000_000_000), Ok(0));
        let mut pool = inflated;
        for amount in [5_000_000_000, 15_000_000_000] {
            assert_eq!(pool.stake(amount), Err(ShareError::LostToRounding));
        }
        assert_eq!(pool, inflated);
        // An exact multiple of the share price loses nothing and is taken.
        assert_eq!(pool.stake(20_000_000_002), Ok(2));
    }

    #[test]
    fn an_honest_pool_loses_no_stake_to_rounding() {
        let mut pool = SharePool::default();
        pool.deposit(1_000_000_007).unwrap();
        // Rewards triple the pool's value: a share is still worth a tiny fraction of a unit.
        pool.add_value(2_000_000_003).unwrap();
        for amount in [2_000_000u128, 20_000_001, 123_456_789_012] {
            let minted = pool.stake(amount).unwrap();
            assert!(pool.value_of(minted) + MAX_ROUNDING_LOSS >= amount);
        }
    }

    #[test]
    fn withdrawing_more_than_held_is_refused_and_changes_nothing() {
        let mut pool = SharePool::default();
        let shares = pool.deposit(10).unwrap();
        let before = pool;
        assert_eq!(pool.withdraw(11, shares), Err(ShareError::Insufficient));
        assert_eq!(pool, before);
    }

    #[test]
    fn the_last_withdrawal_empties_the_pool_and_returns_the_dust() {
        let mut pool = SharePool {
            value: 3,
            shares: 3,
        };
        pool.add_value(7).unwrap(); // 10 units over 3 shares
                                    // Taking 9 burns ⌈9 × 3 / 10⌉ = 3 shares: all of them; the last unit is dust.
        assert_eq!(pool.withdraw(9, 3), Ok((3, 1)));
        assert_eq!(pool, SharePool::default());
    }

    #[test]
    fn the_last_holder_can_take_everything() {
        let mut pool = SharePool::default();
        let a = pool.deposit(10).unwrap();
        let b = pool.deposit(10).unwrap();
        pool.add_value(2).unwrap();
        assert_eq!(pool.withdraw(pool.value_of(a), a), Ok((10 * S, 0)));
        assert_eq!(pool.value_of(b), 11);
        assert_eq!(pool.withdraw(11, b), Ok((10 * S, 0)));
        assert_eq!(pool, SharePool::default());
    }

    proptest! {
        /// Whatever the deposits, rewards and withdrawals, the pool's value covers what its
        /// holders can withdraw, and nothing is created: value + paid out + dust = deposits + rewards.
        #[test]
        fn value_is_conserved(ops in proptest::collection::vec((0u8..3, 0usize..4, 1u128..1_000_000_000_000), 1..80)) {
            let mut pool = SharePool::default();
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
