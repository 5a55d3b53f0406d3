//! Dynamic TAO's market rules besides the pool itself (subtensor-spec §6B): each subnet's
//! moving price, and the subnets' shares of the block's TAO by their moving prices.
//!
//! Prices are rao of TAO per alpha, as in [`crate::pool`]. subtensor moves each subnet's
//! moving price every block, `m ← a·min(p, 1) + (1 − a)·m` with `a` = 3·10⁻⁶; here the price
//! is brought up to date when its subnet is touched, over all the blocks since, with the spot
//! price `p` constant in between (a pool's price changes only when it is touched):
//! `m_n = p + (m − p)·(1 − a)ⁿ`. That is the same recurrence summed in closed form, each
//! result rounded once instead of once a block; subtensor's current warm-up of `a` over a
//! subnet's first 201,600 blocks has no closed form and is left out.

use alloc::vec::Vec;
use substrate_fixed::types::{I64F64, U64F64};

use crate::pool::PRICE_UNIT;

/// What the moving price keeps of its distance to the spot price each block: 1 − 3·10⁻⁶.
fn moving_price_keep() -> U64F64 {
    let rate = U64F64::from_num(3u32)
        .checked_div(U64F64::from_num(1_000_000u32))
        .unwrap_or_default();
    U64F64::from_num(1u32).saturating_sub(rate)
}

/// `base`ⁿ by squaring, for `base` ≤ 1 (so that no step overflows).
fn power(base: U64F64, mut exponent: u64) -> U64F64 {
    let (mut result, mut square) = (U64F64::from_num(1u32), base);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result.saturating_mul(square);
        }
        square = square.saturating_mul(square);
        exponent >>= 1;
    }
    result
}

/// The moving price `blocks` blocks after it was `moving`, the spot price having been `spot`
/// all along; the spot price counts at most 1 TAO per alpha.
pub fn moving_price(moving: u64, spot: u64, blocks: u64) -> u64 {
    let target = spot.min(PRICE_UNIT);
    let kept = power(moving_price_keep(), blocks);
    let distance = |from: u64, to: u64| {
        U64F64::from_num(from.abs_diff(to))
            .saturating_mul(kept)
            .saturating_to_num::<u64>()
    };
    if moving >= target {
        target.saturating_add(distance(moving, target))
    } else {
        target.saturating_sub(distance(moving, target))
    }
}

/// Each subnet's share of the block's TAO: its moving price over the sum of them (all 0 when
/// every moving price is 0: no subnet has a market yet).
pub fn price_shares(moving_prices: &[u64]) -> Vec<I64F64> {
    let total: u128 = moving_prices.iter().map(|p| u128::from(*p)).sum();
    moving_prices
        .iter()
        .map(|price| {
            I64F64::from_num(*price)
                .checked_div(I64F64::from_num(total))
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ONE: u64 = PRICE_UNIT;

    /// subtensor's recurrence, one block at a time, in the same fixed point.
    fn stepwise(mut moving: u64, spot: u64, blocks: u64) -> u64 {
        for _ in 0..blocks {
            moving = moving_price(moving, spot, 1);
        }
        moving
    }

    #[test]
    fn the_moving_price_follows_the_spot_price_slowly() {
        // 3·10⁻⁶ of the way a block: after 231,049 blocks (ln 2 / 3·10⁻⁶) half the way.
        let half_way = moving_price(0, ONE / 2, 231_049);
        assert!(
            (ONE / 4 - 1_000..=ONE / 4 + 1_000).contains(&half_way),
            "{half_way}"
        );
        // The spot price counts at most 1 TAO per alpha.
        assert_eq!(moving_price(ONE, 5 * ONE, 1_000_000), ONE);
        assert_eq!(moving_price(3 * ONE, 5 * ONE, 0), 3 * ONE);
        // Downwards too, and never past the spot price.
        let down = moving_price(ONE, ONE / 10, 10_000_000);
        assert!((ONE / 10..ONE / 10 + 1_000).contains(&down), "{down}");
    }

    #[test]
    fn the_closed_form_is_the_recurrence_within_a_rao_a_block() {
        for (moving, spot, blocks) in [(0, ONE, 1_000), (ONE, 0, 777), (ONE / 3, ONE / 2, 2_500)] {
            let closed = moving_price(moving, spot, blocks);
            let stepped = stepwise(moving, spot, blocks);
            assert!(
                closed.abs_diff(stepped) <= blocks,
                "{moving} {spot} {blocks}"
            );
        }
    }

    #[test]
    fn subnets_share_the_tao_by_moving_price() {
        let shares = price_shares(&[ONE / 2, ONE / 4, ONE / 4, 0]);
        assert_eq!(
            shares,
            [0.5, 0.25, 0.25, 0.0].map(I64F64::from_num).to_vec()
        );
        assert_eq!(price_shares(&[0, 0]), vec![I64F64::from_num(0); 2]);
    }

    proptest! {
        #[test]
        fn the_moving_price_stays_between_where_it_was_and_the_spot_price(
            moving in 0u64..=2 * ONE,
            spot in 0u64..=2 * ONE,
            blocks in 0u64..=10_000_000,
        ) {
            let after = moving_price(moving, spot, blocks);
            let target = spot.min(ONE);
            prop_assert!(after >= moving.min(target) && after <= moving.max(target));
        }
    }
}
