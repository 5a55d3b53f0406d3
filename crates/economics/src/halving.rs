//! The TAO block emission (subtensor's `get_block_emission_for_issuance`).

use substrate_fixed::transcendental::log2;
use substrate_fixed::types::I96F32;

/// 21,000,000 TAO in rao.
pub const TOTAL_SUPPLY: u64 = 21_000_000_000_000_000;
/// 1 TAO per block before any halving.
pub const DEFAULT_BLOCK_EMISSION: u64 = 1_000_000_000;

/// Rao minted per block at `issuance`: `10^9 / 2^floor(log2(1 / (1 − issuance / 21e15)))`,
/// so it halves at 10.5M, 15.75M, 18.375M, … and is 0 from the cap on.
pub fn block_emission(issuance: u64) -> u64 {
    let issued = I96F32::from_num(issuance);
    if issued >= I96F32::from_num(TOTAL_SUPPLY) {
        return 0;
    }
    let one = I96F32::from_num(1);
    let residual = issued
        .checked_div(I96F32::from_num(TOTAL_SUPPLY))
        .and_then(|share| one.checked_sub(share))
        .and_then(|left| one.checked_div(left))
        .and_then(|ratio| log2::<I96F32, I96F32>(ratio).ok());
    let Some(residual) = residual else {
        return 0;
    };
    let halvings = residual.floor().saturating_to_num::<u64>();
    let mut divisor = one;
    for _ in 0..halvings {
        divisor = divisor.saturating_mul(I96F32::from_num(2));
    }
    one.checked_div(divisor)
        .unwrap_or_default()
        .saturating_mul(I96F32::from_num(DEFAULT_BLOCK_EMISSION))
        .saturating_to_num::<u64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// subtensor-spec §9.6, test_halving.
    #[test]
    fn the_halving_table() {
        let table = [
            (0, 1_000_000_000),
            (1_776_000_000_000, 1_000_000_000),
            (10_500_000_000_000_000, 500_000_000),
            (15_800_000_000_000_000, 250_000_000),
            (18_400_000_000_000_000, 125_000_000),
            (19_700_000_000_000_000, 62_500_000),
            (20_400_000_000_000_000, 31_250_000),
            (20_999_999_000_000_000, 59),
            (21_000_000_000_000_000, 0),
            (u64::MAX, 0),
        ];
        for (issuance, emission) in table {
            assert_eq!(block_emission(issuance), emission, "issuance {issuance}");
        }
    }

    /// subtensor-spec §9.6, test_issuance_bounds: 100 steps of 10.5M blocks each converge
    /// to 20,999,999,989,500,000 and never pass the cap.
    #[test]
    fn issuance_converges_below_the_cap() {
        let mut issuance: u64 = 0;
        for _ in 0..100 {
            issuance = issuance.saturating_add(block_emission(issuance).saturating_mul(10_500_000));
            assert!(issuance <= TOTAL_SUPPLY);
        }
        assert_eq!(issuance, 20_999_999_989_500_000);
    }
}
