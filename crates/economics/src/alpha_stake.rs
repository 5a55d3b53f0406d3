//! Alpha stake bought and sold: a subnet's market swaps TAO and alpha, and the alpha lands in
//! (or leaves) a hotkey's share pool on that subnet. Each operation is all or nothing: the
//! market and the pool change together or not at all.

use crate::pool::{Swap, SwapError};
use crate::share_pool::{ShareError, SharePool};
use crate::subnet_market::{MarketError, SubnetMarket};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StakeError {
    Market(MarketError),
    Shares(ShareError),
}

impl From<MarketError> for StakeError {
    fn from(error: MarketError) -> Self {
        StakeError::Market(error)
    }
}

impl From<SwapError> for StakeError {
    fn from(error: SwapError) -> Self {
        StakeError::Market(MarketError::Swap(error))
    }
}

impl From<ShareError> for StakeError {
    fn from(error: ShareError) -> Self {
        StakeError::Shares(error)
    }
}

/// A stake's outcome: the swap and the shares of the hotkey's pool it minted or burned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staked {
    pub swap: Swap,
    pub shares: u128,
}

/// Buys alpha with `tao` at block `now` (refused if the price would end above `max_price`)
/// and stakes it into `pool`.
pub fn buy(
    market: &mut SubnetMarket,
    pool: &mut SharePool,
    tao: u64,
    max_price: Option<u64>,
    now: u64,
) -> Result<Staked, StakeError> {
    let mut market_after = *market;
    let swap = market_after.stake(tao, max_price, now)?;
    let mut pool_after = *pool;
    let shares = pool_after.stake(u128::from(swap.amount_out))?;
    *market = market_after;
    *pool = pool_after;
    Ok(Staked { swap, shares })
}

/// Unstakes `alpha` of a holder's `held` shares of `pool` and sells it at block `now`
/// (refused if the price would end below `min_price`). The last holder out takes the pool's
/// rounding dust with them, sold with the rest.
pub fn sell(
    market: &mut SubnetMarket,
    pool: &mut SharePool,
    alpha: u128,
    held: u128,
    min_price: Option<u64>,
    now: u64,
) -> Result<Staked, StakeError> {
    let mut pool_after = *pool;
    let (shares, dust) = pool_after.withdraw(alpha, held)?;
    let sold = u64::try_from(alpha.saturating_add(dust)).map_err(|_| ShareError::Overflow)?;
    let mut market_after = *market;
    let swap = market_after.unstake(sold, min_price, now)?;
    *market = market_after;
    *pool = pool_after;
    Ok(Staked { swap, shares })
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::pool::PRICE_UNIT;

    const TAO: u64 = PRICE_UNIT;

    /// The worked example of `pool`'s tests, through a hotkey's pool: 0.1 TAO staked on a
    /// 1/1 market and all of it unstaked returns 99,908,459 rao; the rest stays in the pool.
    #[test]
    fn a_round_trip_pays_both_fees_and_leaves_nothing_staked() {
        let mut market = SubnetMarket::open(TAO, TAO, 0);
        let mut pool = SharePool::default();
        let bought = buy(&mut market, &mut pool, TAO / 10, None, 0).unwrap();
        assert_eq!(bought.swap.fee, 50_355);
        assert_eq!(pool.value, u128::from(bought.swap.amount_out));
        assert_eq!(market.alpha_out, bought.swap.amount_out);
        let alpha = pool.value_of(bought.shares);
        let sold = sell(&mut market, &mut pool, alpha, bought.shares, None, 0).unwrap();
        assert_eq!(sold.swap.fee, 45_757);
        assert_eq!(sold.swap.amount_out, 99_908_459);
        assert_eq!(sold.shares, bought.shares);
        assert_eq!((pool, market.alpha_out), (SharePool::default(), 0));
        assert_eq!(market.pool.tao, TAO + TAO / 10 - 99_908_459);
    }

    #[test]
    fn a_refused_operation_changes_neither_market_nor_pool() {
        let mut market = SubnetMarket::open(TAO, TAO, 0);
        let mut pool = SharePool::default();
        let bought = buy(&mut market, &mut pool, TAO / 10, None, 0).unwrap();
        let (market_before, pool_before) = (market, pool);
        assert_eq!(
            buy(&mut market, &mut pool, TAO, Some(TAO), 5),
            Err(StakeError::Market(MarketError::Swap(
                SwapError::PriceLimitExceeded
            )))
        );
        let too_much = pool.value + 1;
        assert_eq!(
            sell(&mut market, &mut pool, too_much, bought.shares, None, 5),
            Err(StakeError::Shares(ShareError::Insufficient))
        );
        assert_eq!(
            sell(&mut market, &mut pool, 10, bought.shares, Some(2 * TAO), 5),
            Err(StakeError::Market(MarketError::Swap(
                SwapError::PriceLimitExceeded
            )))
        );
        assert_eq!((market, pool), (market_before, pool_before));
    }
}
