//! One subnet's market under dynamic TAO, as a contract would keep it: its pool, the alpha its
//! stakers hold (subtensor's `SubnetAlphaOut`) and its moving price as of a block. Staking
//! buys alpha from the pool and unstaking sells it back; the moving price is brought up to
//! date first, so that the price that stood over the blocks since counts for them. Swaps move
//! alpha between the pool and the stakers and never change the subnet's alpha issuance.

use crate::market::moving_price;
use crate::pool::{Injection, Pool, Swap, SwapError};
use crate::schedule::release;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubnetMarket {
    pub pool: Pool,
    /// Alpha held by stakers, outside the pool.
    pub alpha_out: u64,
    /// Rao of TAO per alpha, as of `as_of`.
    pub moving_price: u64,
    pub as_of: u64,
    /// The pool as block `as_of` began, before any swap in it: emission goes in at its price.
    pub block_pool: Pool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarketError {
    Swap(SwapError),
    /// More alpha sold than stakers hold.
    NotEnoughAlpha,
}

impl From<SwapError> for MarketError {
    fn from(error: SwapError) -> Self {
        MarketError::Swap(error)
    }
}

impl SubnetMarket {
    /// A market opened at block `now` with a pool of `tao` against `alpha`, its moving price
    /// starting from 0 as subtensor's does.
    pub fn open(tao: u64, alpha: u64, now: u64) -> Self {
        SubnetMarket {
            pool: Pool { tao, alpha },
            alpha_out: 0,
            moving_price: 0,
            as_of: now,
            block_pool: Pool { tao, alpha },
        }
    }

    /// The subnet's alpha in all: in the pool and held by stakers.
    pub fn alpha_issuance(&self) -> u64 {
        self.pool.alpha.saturating_add(self.alpha_out)
    }

    /// The moving price brought up to block `now` (an earlier block changes nothing). Called
    /// before every change of the pool, so that the first call in a block also records the pool
    /// as the block began.
    pub fn settle(&mut self, now: u64) {
        let blocks = now.saturating_sub(self.as_of);
        self.moving_price = moving_price(self.moving_price, self.pool.price(), blocks);
        if now > self.as_of {
            self.block_pool = self.pool;
        }
        self.as_of = self.as_of.max(now);
    }

    /// Funds an epoch at block `now`: `tao` of TAO emission goes into the pool with its worth
    /// of alpha, at most `alpha_emission` of it (subtensor v2.0.0's `alpha_in`), and then only
    /// the TAO that alpha is worth; the rest (`excess_tao`) is not the pool's. The worth is
    /// taken at the price the block began with: swaps made in the block before this call, to
    /// move the price the emission goes in at, move nothing.
    pub fn inject(&mut self, tao: u64, alpha_emission: u64, now: u64) -> Injection {
        self.settle(now);
        let injection = self.block_pool.inject(tao, alpha_emission);
        self.pool = Pool {
            tao: self.pool.tao.saturating_add(injection.tao_in),
            alpha: self.pool.alpha.saturating_add(injection.alpha_in),
        };
        Injection {
            pool: self.pool,
            ..injection
        }
    }

    /// The alpha the subnet emits to its participants over `blocks` blocks: subtensor's
    /// halving schedule run over the subnet's alpha issuance.
    pub fn alpha_emission(&self, blocks: u64) -> u64 {
        release(self.alpha_issuance(), blocks)
    }

    /// Alpha emitted to stakers (rewards paid): it joins what stakers hold.
    pub fn emit_to_stakers(&mut self, alpha: u64) {
        self.alpha_out = self.alpha_out.saturating_add(alpha);
    }

    /// Stakes `tao` at block `now`: buys alpha for the staker, refused if the price would end
    /// above `max_price`.
    pub fn stake(
        &mut self,
        tao: u64,
        max_price: Option<u64>,
        now: u64,
    ) -> Result<Swap, MarketError> {
        let swap = self.pool.buy_alpha(tao, max_price)?;
        self.settle(now);
        self.pool = swap.pool;
        self.alpha_out = self.alpha_out.saturating_add(swap.amount_out);
        Ok(swap)
    }

    /// Unstakes `alpha` at block `now`: sells it for TAO, refused if the price would end below
    /// `min_price`.
    pub fn unstake(
        &mut self,
        alpha: u64,
        min_price: Option<u64>,
        now: u64,
    ) -> Result<Swap, MarketError> {
        let left = self
            .alpha_out
            .checked_sub(alpha)
            .ok_or(MarketError::NotEnoughAlpha)?;
        let swap = self.sell(alpha, min_price, now)?;
        self.alpha_out = left;
        Ok(swap)
    }

    /// Sells `alpha` just emitted, which no staker held, at block `now`: root dividends, which
    /// their TAO stakers are paid in TAO.
    pub fn sell_emitted(&mut self, alpha: u64, now: u64) -> Result<Swap, MarketError> {
        self.sell(alpha, None, now)
    }

    fn sell(&mut self, alpha: u64, min_price: Option<u64>, now: u64) -> Result<Swap, MarketError> {
        let swap = self.pool.sell_alpha(alpha, min_price)?;
        self.settle(now);
        self.pool = swap.pool;
        Ok(swap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::PRICE_UNIT;
    use proptest::prelude::*;

    const ONE: u64 = PRICE_UNIT;

    #[test]
    fn staking_moves_alpha_out_of_the_pool_and_the_price_moves_after() {
        let mut market = SubnetMarket::open(ONE, ONE, 100);
        let bought = market.stake(ONE / 10, None, 100).unwrap();
        assert_eq!(market.alpha_out, bought.amount_out);
        assert_eq!(market.alpha_issuance(), ONE);
        assert_eq!(market.pool.tao, ONE + ONE / 10);
        // No block has passed at the new price yet: the moving price is still 0.
        assert_eq!(market.moving_price, 0);
        market.settle(100 + 231_049);
        let half_way = market.pool.price().min(ONE) / 2;
        assert!(market.moving_price.abs_diff(half_way) < 1_000);
        // The swap at a later block counts the blocks before it at the price that stood.
        let before = market.moving_price;
        market
            .unstake(bought.amount_out, None, 100 + 231_050)
            .unwrap();
        assert!(market.moving_price > before);
        assert_eq!((market.alpha_out, market.alpha_issuance()), (0, ONE));
    }

    #[test]
    fn nobody_sells_more_alpha_than_stakers_hold() {
        let mut market = SubnetMarket::open(ONE, ONE, 0);
        assert_eq!(market.unstake(1, None, 0), Err(MarketError::NotEnoughAlpha));
        let bought = market.stake(ONE, None, 0).unwrap();
        assert_eq!(
            market.unstake(bought.amount_out + 1, None, 0),
            Err(MarketError::NotEnoughAlpha)
        );
        let unchanged = market;
        assert_eq!(
            market.stake(ONE, Some(1), 5),
            Err(MarketError::Swap(SwapError::PriceLimitExceeded))
        );
        assert_eq!(market, unchanged);
    }

    #[test]
    fn emission_goes_in_at_the_price_and_alpha_out_halves_with_issuance() {
        let mut market = SubnetMarket::open(1_000 * ONE, 2_000 * ONE, 0);
        let injection = market.inject(10 * ONE, 100 * ONE, 50);
        assert_eq!((injection.tao_in, injection.alpha_in), (10 * ONE, 20 * ONE));
        assert_eq!(market.pool.price(), ONE / 2);
        assert_eq!(market.as_of, 50);
        // Capped at the alpha emission: only the TAO that alpha is worth goes in.
        let capped = market.inject(10 * ONE, ONE, 60);
        assert_eq!((capped.alpha_in, capped.excess_tao), (ONE, 9_500_000_000));
        assert_eq!(market.pool.tao, 1_010 * ONE + ONE / 2);
        assert_eq!(market.pool.alpha, 2_021 * ONE);
        assert_eq!(market.pool.price(), ONE / 2);
        // 1 alpha a block while the issuance is below half of 21M.
        assert_eq!(market.alpha_emission(360), 360 * ONE);
        let mut halved = SubnetMarket::open(ONE, 10_500_000 * ONE, 0);
        assert_eq!(halved.alpha_emission(4), 2 * ONE);
        halved.emit_to_stakers(5);
        assert_eq!(halved.alpha_issuance(), 10_500_000 * ONE + 5);
    }

    #[test]
    fn emitted_alpha_sold_joins_the_pool_and_nobody_holds_it() {
        let mut market = SubnetMarket::open(1_000 * ONE, 1_000 * ONE, 0);
        let sold = market.sell_emitted(10 * ONE, 3).unwrap();
        assert_eq!(market.pool.alpha, 1_010 * ONE);
        assert_eq!(market.pool.tao, 1_000 * ONE - sold.amount_out);
        assert_eq!(
            (market.alpha_out, market.alpha_issuance()),
            (0, 1_010 * ONE)
        );
        assert_eq!(market.as_of, 3);
        assert_eq!(
            market.sell_emitted(0, 3),
            Err(MarketError::Swap(SwapError::NothingOut))
        );
    }

    /// A buy in the block before the injection (to have fewer alpha put in against the TAO,
    /// then sell into the deeper pool) changes nothing: the emission goes in at the price the
    /// block began with.
    #[test]
    fn a_swap_in_the_injections_block_does_not_move_its_price() {
        let quiet = {
            let mut market = SubnetMarket::open(1_000 * ONE, 1_000 * ONE, 0);
            market.inject(10 * ONE, 100 * ONE, 7)
        };
        let mut market = SubnetMarket::open(1_000 * ONE, 1_000 * ONE, 0);
        market.stake(500 * ONE, None, 7).unwrap();
        let pumped = market.inject(10 * ONE, 100 * ONE, 7);
        assert_eq!(
            (pumped.tao_in, pumped.alpha_in),
            (quiet.tao_in, quiet.alpha_in)
        );
        // The next block's injection goes in at the price the swap left.
        let later = market.inject(10 * ONE, 100 * ONE, 8);
        assert!(later.alpha_in < quiet.alpha_in);
    }

    proptest! {
        #[test]
        fn swaps_keep_every_tao_and_alpha(
            actions in proptest::collection::vec((any::<bool>(), 1u64..=1_000 * ONE), 1..40),
        ) {
            let mut market = SubnetMarket::open(100 * ONE, 100 * ONE, 0);
            let (mut paid_in, mut paid_out) = (0u128, 0u128);
            for (block, (stake, amount)) in (0u64..).zip(actions) {
                let result = if stake {
                    market.stake(amount, None, block)
                } else {
                    let alpha = amount.min(market.alpha_out);
                    market.unstake(alpha, None, block)
                };
                if let Ok(swap) = result {
                    if stake {
                        paid_in = paid_in.saturating_add(u128::from(swap.amount_in));
                    } else {
                        paid_out = paid_out.saturating_add(u128::from(swap.amount_out));
                    }
                }
                // TAO: the pool holds what it started with and what stakers paid in, less
                // what it paid out. Alpha: none created or destroyed.
                prop_assert_eq!(
                    u128::from(market.pool.tao).saturating_add(paid_out),
                    u128::from(100 * ONE).saturating_add(paid_in)
                );
                prop_assert_eq!(market.alpha_issuance(), 100 * ONE);
            }
        }
    }
}
