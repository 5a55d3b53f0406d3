//! Root dividends under dynamic TAO (subtensor-spec §1.6, `calculate_dividend_distribution`):
//! a validator's stake weight on a dynamic subnet is its alpha plus `tao_weight` of its TAO
//! stake, and its dividend is split the same way. The part its TAO stake earned goes to its
//! TAO stakers, converted to TAO; the rest stays alpha, with its alpha stakers.

use alloc::vec::Vec;

/// `tao_weight` (a proportion of 65,535) of a TAO stake: what it weighs beside alpha.
pub fn weighted_tao(tao: u128, tao_weight: u16) -> u128 {
    tao.saturating_mul(u128::from(tao_weight))
        .checked_div(u128::from(u16::MAX))
        .unwrap_or(0)
}

/// The root part of `dividend` for a validator whose stake weight was `alpha` and
/// `weighted_tao`: ⌊dividend × weighted_tao / (alpha + weighted_tao)⌋, 0 without TAO stake.
pub fn root_part(dividend: u128, alpha: u128, weighted_tao: u128) -> u128 {
    let whole = alpha.saturating_add(weighted_tao);
    dividend
        .checked_mul(weighted_tao)
        .and_then(|product| product.checked_div(whole))
        .unwrap_or(0)
        .min(dividend)
}

/// `total` split in proportion to `parts`, each ⌊total × part / Σ parts⌋, the rounding
/// remainder to the largest part (the first of equals): the results add up to `total`
/// exactly whenever some part is positive, and are all 0 otherwise.
pub fn pro_rata(total: u128, parts: &[u128]) -> Vec<u128> {
    let sum = parts
        .iter()
        .fold(0u128, |sum, part| sum.saturating_add(*part));
    let mut shares: Vec<u128> = parts
        .iter()
        .map(|part| {
            total
                .checked_mul(*part)
                .and_then(|product| product.checked_div(sum))
                .unwrap_or(0)
        })
        .collect();
    if sum == 0 {
        return shares;
    }
    let given = shares
        .iter()
        .fold(0u128, |sum, share| sum.saturating_add(*share));
    let largest = parts.iter().enumerate().fold(0usize, |best, (i, part)| {
        if *part > parts.get(best).copied().unwrap_or(0) {
            i
        } else {
            best
        }
    });
    if let Some(share) = shares.get_mut(largest) {
        *share = share.saturating_add(total.saturating_sub(given));
    }
    shares
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TAO: u128 = 1_000_000_000;

    #[test]
    fn a_dividend_splits_as_the_stake_weight_is_made() {
        // 1,000 TAO at 0.18 weighs 179.99 against 180 alpha: about half the dividend is root's.
        let weighted = weighted_tao(1_000 * TAO, 11_796);
        assert_eq!(weighted, 179_995_422_293);
        assert_eq!(root_part(TAO, 180 * TAO, weighted), 499_993_641);
        // Only alpha, or nothing at all: no root part. Only TAO: all of it.
        assert_eq!(root_part(TAO, 180 * TAO, 0), 0);
        assert_eq!(root_part(TAO, 0, 0), 0);
        assert_eq!(root_part(TAO, 0, weighted), TAO);
        assert_eq!(weighted_tao(1_000 * TAO, 0), 0);
    }

    #[test]
    fn pro_rata_gives_the_remainder_to_the_largest_part() {
        assert_eq!(pro_rata(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(pro_rata(10, &[1, 2, 2]), vec![2, 4, 4]);
        assert_eq!(pro_rata(7, &[0, 5]), vec![0, 7]);
        assert_eq!(pro_rata(7, &[0, 0]), vec![0, 0]);
        assert_eq!(pro_rata(0, &[3, 4]), vec![0, 0]);
        assert!(pro_rata(7, &[]).is_empty());
    }

    proptest! {
        #[test]
        fn pro_rata_adds_up_and_never_favours_a_smaller_part(
            total in 0u128..=21_000_000 * TAO,
            parts in proptest::collection::vec(0u128..=21_000_000 * TAO, 1..40),
        ) {
            let shares = pro_rata(total, &parts);
            let sum: u128 = parts.iter().sum();
            let given: u128 = shares.iter().sum();
            prop_assert_eq!(given, if sum == 0 { 0 } else { total });
            for (share, part) in shares.iter().zip(&parts) {
                // Within the remainder (< one per part) of the exact share.
                let exact = total * part / sum.max(1);
                prop_assert!(*share >= exact && *share <= exact + parts.len() as u128);
            }
        }

        #[test]
        fn the_root_part_never_exceeds_the_dividend(
            dividend in 0u128..=21_000_000 * TAO,
            alpha in 0u128..=21_000_000 * TAO,
            tao in 0u128..=21_000_000 * TAO,
            weight in any::<u16>(),
        ) {
            let part = root_part(dividend, alpha, weighted_tao(tao, weight));
            prop_assert!(part <= dividend);
            if tao == 0 || weight == 0 {
                prop_assert_eq!(part, 0);
            }
        }
    }
}
