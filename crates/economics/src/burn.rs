//! The neuron registration price (subtensor-spec §3.1): every block it decays by the Q32
//! factor whose half-life-th power is just ≤ 0.5; every registration multiplies it by the
//! burn multiplier (1.26); both clamped to [min, max].

use substrate_fixed::types::U64F64;

const ONE_Q32: u64 = 1 << 32;
const HALF_Q32: u64 = 1 << 31;

/// 1.26 exactly as subtensor's `U64F64::from_num(1.26)` (the f64 value, which U64F64 holds
/// without rounding): the bits of the default multiplier.
pub const DEFAULT_BURN_MULTIPLIER_BITS: u128 = 0x1_428F_5C28_F5C2_9000;

/// `value × factor / 2^32`, saturating at u64::MAX.
pub fn mul_by_q32(value: u64, factor_q32: u64) -> u64 {
    let shifted = u128::from(value).saturating_mul(u128::from(factor_q32)) >> 32;
    u64::try_from(shifted).unwrap_or(u64::MAX)
}

/// `base^exp` in Q32, by squaring.
pub fn pow_q32(base_q32: u64, exp: u16) -> u64 {
    let (mut result, mut factor, mut power) = (ONE_Q32, base_q32, u32::from(exp));
    while power > 0 {
        if power & 1 == 1 {
            result = mul_by_q32(result, factor);
        }
        power >>= 1;
        if power > 0 {
            factor = mul_by_q32(factor, factor);
        }
    }
    result
}

/// The largest Q32 factor f with f^half_life ≤ 0.5 (1.0 for a half-life of 0).
pub fn decay_factor_q32(half_life: u16) -> u64 {
    if half_life == 0 {
        return ONE_Q32;
    }
    let (mut lo, mut hi) = (0u64, ONE_Q32);
    while lo.saturating_add(1) < hi {
        let mid = lo.saturating_add(hi.saturating_sub(lo) >> 1);
        if pow_q32(mid, half_life) > HALF_Q32 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    lo
}

/// The price bounds and dynamics of one subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BurnRule {
    pub min: u64,
    pub max: u64,
    pub half_life: u16,
    /// U64F64 bits of the multiplier applied after each registration (< 1 counts as 1).
    pub multiplier_bits: u128,
}

impl BurnRule {
    fn clamp(&self, price: u64) -> u64 {
        price.max(self.min).min(self.max)
    }

    /// The price after one block (subtensor skips the decay in blocks 0 and 1).
    pub fn after_block(&self, price: u64, block: u64) -> u64 {
        let decayed = if self.half_life > 0 && block > 1 {
            mul_by_q32(price, decay_factor_q32(self.half_life))
        } else {
            price
        };
        self.clamp(decayed)
    }

    /// The price after `blocks` blocks ending at `now`: the per-block rule applied lazily, one
    /// block at a time but with the factor computed once.
    pub fn after_blocks(&self, mut price: u64, from_block: u64, now: u64) -> u64 {
        let factor = decay_factor_q32(self.half_life);
        let mut block = from_block;
        while block < now {
            block = block.saturating_add(1);
            if self.half_life > 0 && block > 1 {
                price = mul_by_q32(price, factor);
            }
            price = self.clamp(price);
            if price == self.min {
                break; // the floor is a fixed point of decay and clamp
            }
        }
        price
    }

    /// The price right after a registration.
    pub fn after_registration(&self, price: u64) -> u64 {
        let multiplier = U64F64::from_bits(self.multiplier_bits).max(U64F64::from_num(1));
        self.clamp(
            U64F64::from_num(price)
                .saturating_mul(multiplier)
                .saturating_to_num::<u64>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(min: u64, max: u64, half_life: u16, multiplier: u128) -> BurnRule {
        BurnRule {
            min,
            max,
            half_life,
            multiplier_bits: multiplier << 64,
        }
    }

    #[test]
    fn the_default_multiplier_is_1_26() {
        let bits = DEFAULT_BURN_MULTIPLIER_BITS;
        assert_eq!(bits >> 64, 1);
        // 0.26 × 2^64 = 4,796,153,459,164,483,338.24: the f64 1.26 sits just above it.
        assert_eq!(bits & u128::from(u64::MAX), 4_796_153_459_164_483_584);
        let r = BurnRule {
            min: 0,
            max: u64::MAX,
            half_life: 360,
            multiplier_bits: bits,
        };
        assert_eq!(r.after_registration(1_000_000_000), 1_260_000_000);
    }

    /// subtensor-spec §9.7 test_burn_decay.
    #[test]
    fn decay_after_a_registration() {
        let r = rule(0, u64::MAX, 1000, 2);
        let price = r.after_registration(1000);
        assert_eq!(price, 2000);
        assert_eq!(r.after_block(price, 2), 1998);
    }

    /// subtensor-spec §9.7 test_burn_halves_every_half_life.
    #[test]
    fn halves_every_half_life() {
        let r = rule(0, u64::MAX, 2, 1);
        assert_eq!(r.after_blocks(1024, 1, 3), 511);
        assert_eq!(r.after_blocks(1024, 1, 5), 255);
    }

    /// subtensor-spec §9.7 test_burn_min_and_max_clamps_prevent_zero_stuck_and_cap_bump.
    #[test]
    fn clamps_keep_the_price_in_bounds() {
        let r = rule(100_000, 150_000, 1, 2);
        let price = r.after_block(1, 2);
        assert_eq!(price, 100_000);
        let price = r.after_registration(price);
        assert_eq!(price, 150_000);
        let price = r.after_block(price, 3);
        assert_eq!(price, 100_000);
        assert_eq!(r.after_block(price, 4), 100_000);
    }

    #[test]
    fn lazy_decay_equals_block_by_block() {
        let r = BurnRule {
            min: 500_000,
            max: 100_000_000_000,
            half_life: 360,
            multiplier_bits: DEFAULT_BURN_MULTIPLIER_BITS,
        };
        let mut price = 7_000_000_000;
        for block in 11..=1_000 {
            price = r.after_block(price, block);
        }
        assert_eq!(r.after_blocks(7_000_000_000, 10, 1_000), price);
    }

    #[test]
    fn the_decay_factor_is_the_largest_that_halves() {
        for half_life in [1u16, 2, 360, 1000, 36_100] {
            let f = decay_factor_q32(half_life);
            assert!(pow_q32(f, half_life) <= HALF_Q32);
            assert!(pow_q32(f + 1, half_life) > HALF_Q32);
        }
        assert_eq!(decay_factor_q32(0), ONE_Q32);
    }
}
