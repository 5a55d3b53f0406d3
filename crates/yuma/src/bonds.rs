//! Step 10: bonds. Classic Yuma keeps an EMA of stake-scaled, column-normalised weight deltas;
//! Yuma 3 keeps an absolute EMA of the weights themselves, optionally with liquid alpha.

use alloc::vec::Vec;

use crate::fixed::{
    exp_safe, half, mul, one, u16_proportion_to_fixed, zero, SafeDiv, I32F32, I64F64,
};
use crate::params::LiquidAlpha;
use crate::rows::{column_at, SparseRow};

/// The EMA rate when liquid alpha is off: `1 − bonds_moving_average / 1e6`.
pub fn moving_average_alpha(bonds_moving_average: u64) -> I32F32 {
    let kept =
        I64F64::saturating_from_num(bonds_moving_average).safe_div(I64F64::from_num(1_000_000));
    one().saturating_sub(I32F32::saturating_from_num(kept))
}

/// `α·new + (1−α)·old` over the union of both rows' columns, keeping positive values
/// (subtensor's `mat_ema_sparse`, which densifies the row to the subnet size `n`). Both rows
/// are sorted by column, so one merge visits each entry once; a column's sum is built in the
/// dense order (its new entries, then its old ones), and saturation at a sum of non-negative
/// terms does not depend on that order anyway.
pub fn ema_row(new: &[(u16, I32F32)], old: &[(u16, I32F32)], alpha: I32F32, n: u16) -> SparseRow {
    let keep = one().saturating_sub(alpha);
    let mut row = Vec::with_capacity(new.len().max(old.len()));
    let (mut a, mut b) = (0, 0);
    loop {
        let column = column_at(new, a).min(column_at(old, b));
        if column == u32::MAX {
            break;
        }
        let mut value = zero();
        while column_at(new, a) == column {
            let v = new.get(a).map_or(zero(), |(_, v)| *v);
            value = value.saturating_add(mul(alpha, v));
            a = a.saturating_add(1);
        }
        while column_at(old, b) == column {
            let v = old.get(b).map_or(zero(), |(_, v)| *v);
            value = value.saturating_add(mul(keep, v));
            b = b.saturating_add(1);
        }
        if value > zero() && column < u32::from(n) {
            row.push((u16::try_from(column).unwrap_or(u16::MAX), value));
        }
    }
    row
}

/// Liquid alpha's parameters as fixed point.
#[derive(Debug, Clone, Copy)]
pub struct AlphaSigmoid {
    low: I32F32,
    high: I32F32,
    steepness: I32F32,
}

impl AlphaSigmoid {
    pub fn new(liquid: &LiquidAlpha) -> Self {
        AlphaSigmoid {
            low: u16_proportion_to_fixed(liquid.alpha_low),
            high: u16_proportion_to_fixed(liquid.alpha_high),
            steepness: I32F32::from_num(liquid.steepness),
        }
    }

    /// The EMA rate for one bond: fast when the weight moves away from the bond (buying above
    /// consensus or selling), slow otherwise (subtensor's `alpha_sigmoid`).
    pub fn alpha(&self, consensus: I32F32, weight: I32F32, bond: I32F32) -> I32F32 {
        let clamp01 = |x: I32F32| x.max(zero()).min(one());
        let diff = if weight >= bond {
            clamp01(weight.saturating_sub(consensus))
        } else {
            clamp01(bond.saturating_sub(weight))
        };
        let exponent = self
            .steepness
            .saturating_div(I32F32::from_num(-100))
            .saturating_mul(diff.saturating_sub(half()));
        let sigmoid = one().saturating_div(one().saturating_add(exp_safe(exponent)));
        let alpha = self
            .low
            .saturating_add(sigmoid.saturating_mul(self.high.saturating_sub(self.low)));
        alpha.max(self.low).min(self.high)
    }
}

/// Yuma 3's new bond row from the weights used for bonds and the previous (proportional)
/// bonds (both sorted by column). With liquid alpha only columns present in `weights` are output: a bond the
/// validator no longer weights at all is dropped, as in subtensor's sparse path.
pub fn yuma3_row(
    weights: &[(u16, I32F32)],
    bonds: &[(u16, I32F32)],
    consensus: &[I32F32],
    liquid: Option<&AlphaSigmoid>,
    alpha: I32F32,
    n: u16,
) -> SparseRow {
    let Some(sigmoid) = liquid else {
        return ema_row(weights, bonds, alpha, n);
    };
    weights
        .iter()
        .filter_map(|&(j, w)| {
            let bond = bonds
                .binary_search_by_key(&j, |(k, _)| *k)
                .map_or(zero(), |at| bonds.get(at).map_or(zero(), |(_, b)| *b));
            let c = consensus.get(usize::from(j)).copied().unwrap_or(zero());
            let a = sigmoid.alpha(c, w, bond);
            let decayed = mul(one().saturating_sub(a), bond);
            let value = decayed.saturating_add(mul(a, w).max(zero())).min(one());
            (value > zero()).then_some((j, value))
        })
        .collect()
}

/// `Σ_j row[j]·vector[j]`.
pub fn dot(row: &[(u16, I32F32)], vector: &[I32F32]) -> I32F32 {
    row.iter().fold(zero(), |acc, &(j, v)| {
        acc.saturating_add(mul(
            vector.get(usize::from(j)).copied().unwrap_or(zero()),
            v,
        ))
    })
}

/// Raises each column's running maximum with the row's values.
pub fn raise_column_max(maxima: &mut [I32F32], row: &[(u16, I32F32)]) {
    for &(j, v) in row {
        if let Some(m) = maxima.get_mut(usize::from(j)) {
            if *m < v {
                *m = v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed::fixed_proportion_to_u16;

    #[test]
    fn the_rate_is_negative_exactly_above_a_moving_average_of_a_million() {
        // `Epoch::dense_yuma3_rank_row` tests the moving average for the rate's sign.
        assert_eq!(moving_average_alpha(1_000_000), zero());
        assert!(moving_average_alpha(1_000_001) < zero());
        assert!(moving_average_alpha(999_999) > zero());
        assert!(moving_average_alpha(u64::MAX) < zero());
    }

    #[test]
    fn default_moving_average_is_a_tenth() {
        assert_eq!(
            moving_average_alpha(900_000),
            one().saturating_sub(I32F32::saturating_from_num(
                I64F64::from_num(900_000).safe_div(I64F64::from_num(1_000_000))
            ))
        );
        assert_eq!(fixed_proportion_to_u16(moving_average_alpha(900_000)), 6553);
        assert_eq!(moving_average_alpha(0), one());
    }

    /// subtensor-spec §9.4 hand check: c = w = 1, b = 0 gives α = 0.1 + 0.2/(1+e^5) = 0.10134.
    #[test]
    fn liquid_alpha_hand_check() {
        let sigmoid = AlphaSigmoid::new(&LiquidAlpha {
            alpha_low: 6554,
            alpha_high: 19661,
            steepness: 1000,
        });
        let alpha = sigmoid.alpha(one(), one(), zero());
        assert_eq!(fixed_proportion_to_u16(alpha), 6641); // 0.10134 × 65535
    }

    #[test]
    fn ema_keeps_the_union_of_columns() {
        let a = I32F32::from_bits(1 << 31);
        let row = ema_row(&[(1, one())], &[(0, one())], a, 3);
        assert_eq!(row, [(0, a), (1, a)]);
    }
}
