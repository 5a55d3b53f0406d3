//! Fixed-point helpers with subtensor's semantics (`epoch/math.rs`): every operation saturates,
//! multiplication and division truncate, a division by zero (or one that overflows) gives 0.

use alloc::vec::Vec;
pub use substrate_fixed::types::{I32F32, I64F64, I96F32};

pub const U16_MAX: u16 = u16::MAX;

pub fn zero() -> I32F32 {
    I32F32::from_bits(0)
}

pub fn one() -> I32F32 {
    I32F32::from_num(1)
}

pub(crate) fn half() -> I32F32 {
    I32F32::from_bits(1 << 31)
}

pub(crate) fn u16_max_fixed() -> I32F32 {
    I32F32::from_num(U16_MAX)
}

/// `x / y`, or 0 when `y` is 0 or the quotient overflows (subtensor's `safe_div`).
pub trait SafeDiv: Sized {
    fn safe_div(self, rhs: Self) -> Self;
}

impl SafeDiv for I32F32 {
    fn safe_div(self, rhs: Self) -> Self {
        self.checked_div(rhs).unwrap_or_default()
    }
}

impl SafeDiv for I64F64 {
    fn safe_div(self, rhs: Self) -> Self {
        self.checked_div(rhs).unwrap_or_default()
    }
}

/// A raw u16 as a fixed-point integer (not a proportion).
pub fn u16_to_fixed(x: u16) -> I32F32 {
    I32F32::from_num(x)
}

/// A u16 proportion v/65535.
pub fn u16_proportion_to_fixed(x: u16) -> I32F32 {
    u16_to_fixed(x).safe_div(u16_max_fixed())
}

/// floor(x · 65535), saturating to [0, 65535].
pub fn fixed_proportion_to_u16(x: I32F32) -> u16 {
    x.saturating_mul(u16_max_fixed()).saturating_to_num::<u16>()
}

pub fn sum(values: &[I32F32]) -> I32F32 {
    values.iter().fold(zero(), |acc, v| acc.saturating_add(*v))
}

/// Divides every value by the sum, unless the sum is 0.
pub fn normalize_in_place(values: &mut [I32F32]) {
    let total = sum(values);
    divide_in_place(values, total);
}

/// Divides every value by `total`, unless `total` is 0.
pub fn divide_in_place(values: &mut [I32F32], total: I32F32) {
    if total == zero() {
        return;
    }
    for value in values.iter_mut() {
        *value = value.safe_div(total);
    }
}

pub fn is_zero(values: &[I32F32]) -> bool {
    sum(values) == zero()
}

/// Scales a vector so that its maximum becomes 65535, rounding half away from zero
/// (subtensor's `vec_max_upscale_to_u16`, including its two rounding branches).
pub fn max_upscale_to_u16(values: &[I32F32]) -> Vec<u16> {
    let u16_max = u16_max_fixed();
    let Some(max) = values.iter().max().copied() else {
        return Vec::new();
    };
    if max == zero() {
        return values
            .iter()
            .map(|v| v.saturating_mul(u16_max).saturating_to_num())
            .collect();
    }
    if max > I32F32::from_num(32_768) {
        let scale = u16_max.safe_div(max);
        return values
            .iter()
            .map(|v| {
                v.saturating_mul(scale)
                    .saturating_round()
                    .saturating_to_num()
            })
            .collect();
    }
    values
        .iter()
        .map(|v| {
            v.saturating_mul(u16_max)
                .safe_div(max)
                .saturating_round()
                .saturating_to_num()
        })
        .collect()
}

/// `max_upscale_to_u16` of raw u16 values (how `set_weights` stores a row).
pub fn u16_max_upscale(values: &[u16]) -> Vec<u16> {
    let fixed: Vec<I32F32> = values.iter().map(|v| u16_to_fixed(*v)).collect();
    max_upscale_to_u16(&fixed)
}

/// e^x with x clamped to [-20, 20]; on overflow of the series, 0 below zero, MAX above.
pub fn exp_safe(input: I32F32) -> I32F32 {
    let clamped = input.max(I32F32::from_num(-20)).min(I32F32::from_num(20));
    match substrate_fixed::transcendental::exp::<I32F32, I32F32>(clamped) {
        Ok(value) => value,
        Err(()) if clamped <= zero() => zero(),
        Err(()) => I32F32::max_value(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(numerator: i64, denominator: i64) -> I32F32 {
        I32F32::from_num(numerator).safe_div(I32F32::from_num(denominator))
    }

    /// subtensor-spec §9.8, first case (test_vec_max_upscale_to_u16).
    #[test]
    fn max_upscale_of_small_proportions() {
        let millionths = [
            1, 6, 7, 100, 1_000, 10_000, 100_000, 200_000, 300_000, 400_000,
        ];
        let values: Vec<I32F32> = millionths.iter().map(|m| fixed(*m, 1_000_000)).collect();
        assert_eq!(
            max_upscale_to_u16(&values),
            [0, 1, 1, 16, 164, 1638, 16384, 32768, 49151, 65535]
        );
    }

    /// subtensor-spec §9.8, second case: a maximum above 32768 takes the other branch.
    #[test]
    fn max_upscale_of_large_values() {
        let halves = [0, 1, 2, 3, 4, 65_536, 65_538];
        let values: Vec<I32F32> = halves.iter().map(|h| fixed(*h, 2)).collect();
        assert_eq!(max_upscale_to_u16(&values), [0, 1, 2, 3, 4, 65533, 65535]);
    }

    #[test]
    fn max_upscale_of_zeros_and_empty() {
        assert_eq!(max_upscale_to_u16(&[zero(), zero()]), [0, 0]);
        assert!(max_upscale_to_u16(&[]).is_empty());
        assert_eq!(u16_max_upscale(&[1, 2, 4]), [16384, 32768, 65535]);
    }

    #[test]
    fn division_by_zero_is_zero_and_proportions_floor() {
        assert_eq!(one().safe_div(zero()), zero());
        assert_eq!(fixed_proportion_to_u16(one()), 65535);
        assert_eq!(fixed_proportion_to_u16(half()), 32767);
        assert_eq!(fixed_proportion_to_u16(I32F32::from_num(-1)), 0);
        assert_eq!(u16_proportion_to_fixed(65535), one());
    }

    #[test]
    fn exp_safe_matches_known_points_and_clamps() {
        assert_eq!(exp_safe(zero()), one());
        // 1/(1+e^5) = 0.0066929 (subtensor-spec §9.4 hand check).
        let sigmoid = one().saturating_div(one().saturating_add(exp_safe(I32F32::from_num(5))));
        assert_eq!(fixed_proportion_to_u16(sigmoid), 438);
        assert_eq!(
            exp_safe(I32F32::from_num(100)),
            exp_safe(I32F32::from_num(20))
        );
        assert!(exp_safe(I32F32::from_num(-100)) >= zero());
    }
}
