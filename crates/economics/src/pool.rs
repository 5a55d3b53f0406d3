//! A subnet's TAO/alpha pool under dynamic TAO (subtensor-spec §4B, §1.6): staking into a
//! subnet buys its alpha with TAO, unstaking sells alpha back, and the protocol's per-block
//! emission is injected into both reserves at the current price.
//!
//! The pool is a constant product, as subtensor's first dynamic-TAO release had it: a swap of
//! `x` into the reserve `R_in` takes out `R_out − ⌈R_in·R_out / (R_in + x)⌉` (the new reserve
//! rounded up, so `R_in·R_out` never falls and the pool never pays out a rounding). A swap's
//! fee is taken from its input (33/65,535 ≈ 0.05%, subtensor's current rate, rounded up) and
//! stays in the pool, where subtensor pays it to the block author: a contract has no author to
//! pay, and kept in the reserve it belongs to every holder of the subnet's alpha. Each reserve
//! stays at or above `MIN_LIQUIDITY`. Prices are rao of TAO per alpha (`PRICE_UNIT` rao of
//! alpha), the unit of subtensor's limit prices.

/// Rao of alpha in one alpha: a price is rao of TAO per `PRICE_UNIT` rao of alpha.
pub const PRICE_UNIT: u64 = 1_000_000_000;

/// The least either reserve may hold after a swap (subtensor's `DefaultMinimumPoolLiquidity`).
pub const MIN_LIQUIDITY: u64 = 10_000_000;

/// A swap's fee, of 65,535, taken from its input (subtensor's `FeeRate`).
pub const SWAP_FEE: u16 = 33;

/// The most one swap may put in, as a multiple of the reserve it goes into (subtensor caps a
/// stake at 1,000 × the subnet's TAO).
pub const MAX_INPUT_MULTIPLE: u64 = 1_000;

/// The reserves of a subnet's pool, in rao.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pool {
    pub tao: u64,
    pub alpha: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwapError {
    /// Nothing to swap, or an input too small to buy a rao.
    NothingOut,
    /// The swap would leave a reserve below `MIN_LIQUIDITY`, or puts in more than
    /// `MAX_INPUT_MULTIPLE` times its reserve.
    InsufficientLiquidity,
    /// The price after the swap is past the limit given.
    PriceLimitExceeded,
}

/// A swap's outcome: what went in (its fee included), the fee, what came out and the pool
/// after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swap {
    pub amount_in: u64,
    pub fee: u64,
    pub amount_out: u64,
    pub pool: Pool,
}

/// Emission injected into a pool (`Pool::inject`): what each reserve took, and the TAO the
/// pool could not take at its price because the alpha was capped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Injection {
    pub tao_in: u64,
    pub alpha_in: u64,
    pub excess_tao: u64,
    pub pool: Pool,
}

/// The fee on a swap's input: ⌈amount × `SWAP_FEE` / 65,535⌉.
pub fn swap_fee(amount: u64) -> u64 {
    let scaled = u128::from(amount).saturating_mul(u128::from(SWAP_FEE));
    let fee = scaled.div_ceil(u128::from(u16::MAX));
    u64::try_from(fee).unwrap_or(u64::MAX)
}

impl Pool {
    /// The spot price, rao of TAO per alpha, rounded down (0 for an empty pool).
    pub fn price(&self) -> u64 {
        u128::from(self.tao)
            .saturating_mul(u128::from(PRICE_UNIT))
            .checked_div(u128::from(self.alpha))
            .and_then(|price| u64::try_from(price).ok())
            .unwrap_or(if self.alpha == 0 { 0 } else { u64::MAX })
    }

    /// Whether the spot price is at most `limit` (exactly, not through the rounded price).
    pub fn price_at_most(&self, limit: u64) -> bool {
        u128::from(self.tao).saturating_mul(u128::from(PRICE_UNIT))
            <= u128::from(limit).saturating_mul(u128::from(self.alpha))
    }

    /// Whether the spot price is at least `limit`.
    pub fn price_at_least(&self, limit: u64) -> bool {
        u128::from(self.tao).saturating_mul(u128::from(PRICE_UNIT))
            >= u128::from(limit).saturating_mul(u128::from(self.alpha))
    }

    /// Buys alpha with `tao` (its fee included). With a `max_price`, refuses a swap that would
    /// leave the price above it.
    pub fn buy_alpha(&self, tao: u64, max_price: Option<u64>) -> Result<Swap, SwapError> {
        self.swap(Side::Buy, tao, max_price)
    }

    /// Sells `alpha` (its fee included) for TAO. With a `min_price`, refuses a swap that would
    /// leave the price below it.
    pub fn sell_alpha(&self, alpha: u64, min_price: Option<u64>) -> Result<Swap, SwapError> {
        self.swap(Side::Sell, alpha, min_price)
    }

    /// The most TAO a buy may put in and leave the price at most `max_price` and the alpha
    /// reserve above the minimum (0 if the price is above it already): what a stake with a
    /// price limit and partial fills takes of the amount offered. Exact under the pool's
    /// rounding: the price after a buy only grows with its input.
    pub fn max_tao_in(&self, max_price: u64) -> u64 {
        self.max_in(Side::Buy, max_price)
    }

    /// The most alpha a sale may put in and leave the price at least `min_price` and the TAO
    /// reserve above the minimum.
    pub fn max_alpha_in(&self, min_price: u64) -> u64 {
        self.max_in(Side::Sell, min_price)
    }

    /// Injects a block's emission: `tao` of TAO and, at the current price, its worth of alpha
    /// — at most `alpha_cap` of it, and then only the TAO that alpha is worth. The price never
    /// falls: the alpha is rounded down, which raises the price by less than the price over
    /// the alpha reserve (in rao: under one rao while the reserve holds more rao of alpha than
    /// the price is).
    pub fn inject(&self, tao: u64, alpha_cap: u64) -> Injection {
        let worth = mul_div(tao, self.alpha, self.tao);
        let (tao_in, alpha_in) = if worth <= alpha_cap {
            (tao, worth)
        } else {
            (mul_div(alpha_cap, self.tao, self.alpha), alpha_cap)
        };
        // An empty pool takes nothing: it has no price to inject at.
        let (tao_in, alpha_in) = if self.tao == 0 || self.alpha == 0 {
            (0, 0)
        } else {
            (tao_in, alpha_in)
        };
        Injection {
            tao_in,
            alpha_in,
            excess_tao: tao.saturating_sub(tao_in),
            pool: Pool {
                tao: self.tao.saturating_add(tao_in),
                alpha: self.alpha.saturating_add(alpha_in),
            },
        }
    }
}

/// Which way a swap goes: a buy puts TAO in and takes alpha out, a sale the other way.
#[derive(Clone, Copy)]
enum Side {
    Buy,
    Sell,
}

impl Side {
    /// The reserves a swap on this side puts into and takes out of.
    fn reserves(self, pool: &Pool) -> (u64, u64) {
        match self {
            Side::Buy => (pool.tao, pool.alpha),
            Side::Sell => (pool.alpha, pool.tao),
        }
    }

    /// The pool with `into` and `out_of` as this side's reserves.
    fn pool(self, into: u64, out_of: u64) -> Pool {
        match self {
            Side::Buy => Pool {
                tao: into,
                alpha: out_of,
            },
            Side::Sell => Pool {
                tao: out_of,
                alpha: into,
            },
        }
    }

    /// Whether `pool`'s price is within `limit`: at most it for a buy, at least for a sale.
    fn within(self, pool: &Pool, limit: u64) -> bool {
        match self {
            Side::Buy => pool.price_at_most(limit),
            Side::Sell => pool.price_at_least(limit),
        }
    }
}

impl Pool {
    /// The fee on `amount` swapped on `side` and the pool after it; `None` when the reserves
    /// cannot take it (`reserves_after`, or a reserve past u64).
    fn after(&self, side: Side, amount: u64) -> Option<(u64, Pool)> {
        let (into, out_of) = side.reserves(self);
        let (fee, left) = reserves_after(into, out_of, amount)?;
        Some((fee, side.pool(into.checked_add(amount)?, left)))
    }

    fn swap(&self, side: Side, amount: u64, limit: Option<u64>) -> Result<Swap, SwapError> {
        if amount == 0 {
            return Err(SwapError::NothingOut);
        }
        let (fee, pool) = self
            .after(side, amount)
            .ok_or(SwapError::InsufficientLiquidity)?;
        let out = side.reserves(self).1.saturating_sub(side.reserves(&pool).1);
        if out == 0 {
            return Err(SwapError::NothingOut);
        }
        if limit.is_some_and(|limit| !side.within(&pool, limit)) {
            return Err(SwapError::PriceLimitExceeded);
        }
        Ok(Swap {
            amount_in: amount,
            fee,
            amount_out: out,
            pool,
        })
    }

    /// The largest amount a swap on `side` may put in and leave the price within `limit` (and
    /// the reserves above their minimum).
    fn max_in(&self, side: Side, limit: u64) -> u64 {
        largest_passing(side.reserves(self).0, |amount| {
            self.after(side, amount)
                .is_some_and(|(_, pool)| side.within(&pool, limit))
        })
    }
}

/// The fee on `amount` put into the reserve `into`, and what stays of `out_of`:
/// ⌈into · out_of / (into + amount − fee)⌉. `None` if the amount is above
/// `MAX_INPUT_MULTIPLE` × `into` or would leave `out_of` below `MIN_LIQUIDITY`.
fn reserves_after(into: u64, out_of: u64, amount: u64) -> Option<(u64, u64)> {
    if amount > into.saturating_mul(MAX_INPUT_MULTIPLE) {
        return None;
    }
    let fee = swap_fee(amount);
    let net = amount.saturating_sub(fee);
    let product = u128::from(into).saturating_mul(u128::from(out_of));
    let divisor = u128::from(into).saturating_add(u128::from(net));
    if divisor == 0 {
        return None;
    }
    let left = u64::try_from(product.div_ceil(divisor)).ok()?;
    (left >= MIN_LIQUIDITY).then_some((fee, left))
}

/// ⌊a · b / c⌋, 0 when c is 0, saturating.
fn mul_div(a: u64, b: u64, c: u64) -> u64 {
    u128::from(a)
        .saturating_mul(u128::from(b))
        .checked_div(u128::from(c))
        .map_or(0, |x| u64::try_from(x).unwrap_or(u64::MAX))
}

/// The largest amount from 0 to `MAX_INPUT_MULTIPLE` × `reserve` that `passes`, for a test
/// that passes for every amount below one that passes (0 if even 0 fails).
fn largest_passing(reserve: u64, passes: impl Fn(u64) -> bool) -> u64 {
    let most = reserve.saturating_mul(MAX_INPUT_MULTIPLE);
    if passes(most) {
        return most;
    }
    crate::bisect::first_failing(0, most, passes).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ONE: u64 = PRICE_UNIT;

    fn product(pool: &Pool) -> u128 {
        u128::from(pool.tao).saturating_mul(u128::from(pool.alpha))
    }

    #[test]
    fn a_stake_and_its_unstake_pay_two_fees_which_stay_in_the_pool() {
        let pool = Pool {
            tao: ONE,
            alpha: ONE,
        };
        let bought = pool.buy_alpha(100_000_000, None).unwrap();
        // fee ⌈10⁸·33/65,535⌉; alpha out 10⁹ − ⌈10¹⁸ / (10⁹ + 10⁸ − fee)⌉.
        assert_eq!(bought.fee, 50_355);
        assert_eq!(bought.amount_out, 90_867_473);
        assert_eq!(
            bought.pool,
            Pool {
                tao: 1_100_000_000,
                alpha: 909_132_527
            }
        );
        let sold = bought.pool.sell_alpha(bought.amount_out, None).unwrap();
        assert_eq!(sold.fee, 45_757);
        assert_eq!(sold.amount_out, 99_908_459);
        // The alpha is back; the TAO the staker lost is in the pool, none created or lost.
        assert_eq!(
            sold.pool,
            Pool {
                tao: 1_000_091_541,
                alpha: ONE
            }
        );
        assert_eq!(sold.pool.tao + sold.amount_out, ONE + 100_000_000);
    }

    #[test]
    fn a_price_limit_refuses_the_swap_that_crosses_it() {
        let pool = Pool {
            tao: 50 * ONE,
            alpha: 100 * ONE,
        };
        assert_eq!(pool.price(), ONE / 2);
        // Buying 10 TAO leaves 60 TAO against ⌈5,000 / 59.99…⌉ alpha: a price of about 0.72.
        let bought = pool.buy_alpha(10 * ONE, None).unwrap();
        assert_eq!(bought.pool.alpha, 83_340_327_640);
        assert_eq!(bought.pool.price(), 719_939_574);
        assert_eq!(
            pool.buy_alpha(10 * ONE, Some(719_939_574)),
            Err(SwapError::PriceLimitExceeded)
        );
        assert_eq!(pool.buy_alpha(10 * ONE, Some(719_939_575)), Ok(bought));
        // Selling never raises the price: a floor above the price refuses any sale.
        assert_eq!(
            pool.sell_alpha(ONE, Some(ONE / 2 + 1)),
            Err(SwapError::PriceLimitExceeded)
        );
    }

    #[test]
    fn the_most_a_limited_swap_takes_is_exact() {
        let pool = Pool {
            tao: 50 * ONE,
            alpha: 100 * ONE,
        };
        // Any buy raises the price, any sale lowers it: at the price itself, none may.
        assert_eq!(pool.max_tao_in(ONE / 2), 0);
        assert_eq!(pool.max_alpha_in(ONE / 2), 0);
        for limit in [ONE / 2 + 1, 600_000_000, ONE, 7 * ONE] {
            let most = pool.max_tao_in(limit);
            assert!(most > 0, "{limit}");
            assert_ne!(
                pool.buy_alpha(most, Some(limit)),
                Err(SwapError::PriceLimitExceeded)
            );
            assert_eq!(
                pool.buy_alpha(most + 1, Some(limit)),
                Err(SwapError::PriceLimitExceeded)
            );
        }
        for limit in [ONE / 2 - 1, 400_000_000, 100_000_000] {
            let most = pool.max_alpha_in(limit);
            assert!(most > 0, "{limit}");
            assert_ne!(
                pool.sell_alpha(most, Some(limit)),
                Err(SwapError::PriceLimitExceeded)
            );
            assert_eq!(
                pool.sell_alpha(most + 1, Some(limit)),
                Err(SwapError::PriceLimitExceeded)
            );
        }
        // (50 + x)² / 5,000 = 0.6 without the fee: x = √3,000 − 50 ≈ 4.772 TAO.
        let most = pool.max_tao_in(600_000_000);
        assert!((4_772_000_000..4_776_000_000).contains(&most), "{most}");
        assert!(pool.buy_alpha(most, Some(600_000_000)).is_ok());
    }

    #[test]
    fn the_limited_maximum_of_a_pool_near_the_cap_is_a_swap_that_goes_through() {
        // 1,000 × 2.1·10¹⁶ does not fit a u64: the largest input is what the reserve can add.
        let pool = Pool {
            tao: 21_000_000 * ONE,
            alpha: 21_000_000 * ONE,
        };
        let most = pool.max_tao_in(u64::MAX);
        assert!(pool.buy_alpha(most, Some(u64::MAX)).is_ok());
        assert!(pool.buy_alpha(most.saturating_add(1), None).is_err());
        let most = pool.max_alpha_in(0);
        assert!(pool.sell_alpha(most, Some(0)).is_ok());
        assert!(pool.sell_alpha(most.saturating_add(1), None).is_err());
    }

    #[test]
    fn a_pool_keeps_its_minimum_liquidity_and_refuses_huge_inputs() {
        let pool = Pool {
            tao: 2 * MIN_LIQUIDITY,
            alpha: 2 * MIN_LIQUIDITY,
        };
        // Half the alpha out needs the TAO doubled, fee included: short of that, fine.
        assert!(pool.buy_alpha(2 * MIN_LIQUIDITY, None).is_ok());
        assert_eq!(
            pool.buy_alpha(3 * MIN_LIQUIDITY, None),
            Err(SwapError::InsufficientLiquidity)
        );
        let deep = Pool {
            tao: 1_000 * ONE,
            alpha: 1_000 * ONE,
        };
        assert_eq!(
            deep.sell_alpha(1_000 * 1_000 * ONE + 1, None),
            Err(SwapError::InsufficientLiquidity)
        );
        assert_eq!(deep.buy_alpha(0, None), Err(SwapError::NothingOut));
        // One rao pays a rao of fee and buys nothing.
        assert_eq!(deep.buy_alpha(1, None), Err(SwapError::NothingOut));
    }

    #[test]
    fn emission_is_injected_at_the_price_and_capped_by_the_alpha() {
        let pool = Pool {
            tao: 300 * ONE,
            alpha: 100 * ONE,
        };
        let full = pool.inject(ONE, ONE);
        assert_eq!(
            (full.tao_in, full.alpha_in, full.excess_tao),
            (ONE, ONE / 3, 0)
        );
        assert_eq!(full.pool.price(), pool.price());
        // At most 0.1 alpha: it takes 0.3 TAO, the rest is left to the caller.
        let capped = pool.inject(ONE, ONE / 10);
        assert_eq!(
            (capped.tao_in, capped.alpha_in, capped.excess_tao),
            (300_000_000, ONE / 10, 700_000_000)
        );
        assert_eq!(capped.pool.price(), pool.price());
        let empty = Pool::default().inject(ONE, ONE);
        assert_eq!(
            (empty.tao_in, empty.alpha_in, empty.excess_tao),
            (0, 0, ONE)
        );
    }

    fn pools() -> impl Strategy<Value = Pool> {
        (
            MIN_LIQUIDITY..=21_000_000 * ONE,
            MIN_LIQUIDITY..=21_000_000 * ONE,
        )
            .prop_map(|(tao, alpha)| Pool { tao, alpha })
    }

    proptest! {
        #[test]
        fn no_swap_lowers_the_product_or_pays_more_than_a_feeless_curve(
            pool in pools(),
            amount in 1u64..=1_000_000 * ONE,
            buy in any::<bool>(),
        ) {
            let (swapped, into, out_of) = if buy {
                (pool.buy_alpha(amount, None), pool.tao, pool.alpha)
            } else {
                (pool.sell_alpha(amount, None), pool.alpha, pool.tao)
            };
            if let Ok(swap) = swapped {
                prop_assert!(product(&swap.pool) >= product(&pool));
                // A feeless swap of the whole amount on the same curve, rounded down.
                let ideal = u128::from(out_of)
                    .saturating_mul(u128::from(amount))
                    .checked_div(u128::from(into).saturating_add(u128::from(amount)))
                    .unwrap();
                prop_assert!(u128::from(swap.amount_out) <= ideal);
                prop_assert!(swap.pool.tao >= MIN_LIQUIDITY && swap.pool.alpha >= MIN_LIQUIDITY);
                prop_assert_eq!(swap.fee, swap_fee(amount));
            }
        }

        #[test]
        fn a_round_trip_never_returns_more_than_it_put_in(
            pool in pools(),
            tao in 1u64..=100_000 * ONE,
        ) {
            if let Ok(bought) = pool.buy_alpha(tao, None) {
                if let Ok(sold) = bought.pool.sell_alpha(bought.amount_out, None) {
                    prop_assert!(sold.amount_out < tao);
                    prop_assert_eq!(
                        sold.pool.tao.checked_add(sold.amount_out),
                        pool.tao.checked_add(tao)
                    );
                    prop_assert_eq!(sold.pool.alpha, pool.alpha);
                }
            }
        }

        #[test]
        fn the_limited_maximum_is_the_last_amount_within_the_limit(
            pool in pools(),
            limit_bps in 1u64..=40_000,
        ) {
            let limit = pool.price().saturating_mul(limit_bps).checked_div(10_000).unwrap();
            let most = pool.max_tao_in(limit);
            if most > 0 {
                prop_assert_ne!(
                    pool.buy_alpha(most, Some(limit)),
                    Err(SwapError::PriceLimitExceeded)
                );
            }
            if most < pool.tao.saturating_mul(MAX_INPUT_MULTIPLE) {
                // One more crosses the limit or empties the alpha reserve (or, where the
                // price is past the limit already, buys nothing).
                prop_assert!(pool.buy_alpha(most.saturating_add(1), Some(limit)).is_err());
            }
        }
    }
}
