//! How the block emission is split between subnets, and how each subnet's share accrues.
//!
//! Two rules: governance's fixed split (u16 parts, normalised), or subtensor's pre-dTAO root
//! network (spec §6A): root validators weight subnets, a subnet's rank is the stake-weighted sum
//! of its weights, its trust the share of stake weighting it at all, and its emission share is
//! `normalise(rank × sigmoid(rho · (trust − kappa)))`.

use alloc::vec;
use alloc::vec::Vec;
use substrate_fixed::transcendental::exp;
use substrate_fixed::types::{I32F32, I64F64};

fn zero() -> I64F64 {
    I64F64::from_num(0)
}

fn normalize(values: &mut [I64F64]) {
    let total = values.iter().fold(zero(), |acc, v| acc.saturating_add(*v));
    if total == zero() {
        return;
    }
    for value in values.iter_mut() {
        *value = value.checked_div(total).unwrap_or_default();
    }
}

/// Fixed shares from u16 parts (all zero: no subnet gets anything).
pub fn fixed_shares(parts: &[u16]) -> Vec<I64F64> {
    let mut shares: Vec<I64F64> = parts.iter().map(|p| I64F64::from_num(*p)).collect();
    normalize(&mut shares);
    shares
}

/// One root validator: its total stake and its weights on subnets (by subnet index).
pub struct RootValidator<'a> {
    pub stake: u64,
    pub weights: &'a [(u16, u16)],
}

/// subtensor v1.2.5's `root_epoch` shares over `subnets` subnets. `kappa` is a u16 proportion
/// (default 32,767), `rho` the sigmoid's temperature (default 10). No stake: no shares.
pub fn root_shares(
    validators: &[RootValidator<'_>],
    subnets: usize,
    kappa: u16,
    rho: u16,
) -> Vec<I64F64> {
    let mut stakes: Vec<I64F64> = validators
        .iter()
        .map(|v| I64F64::from_num(v.stake))
        .collect();
    normalize(&mut stakes);
    let mut ranks = vec![zero(); subnets];
    let mut trust = vec![zero(); subnets];
    let mut total_stake = zero();
    for (validator, stake) in validators.iter().zip(&stakes) {
        total_stake = total_stake.saturating_add(*stake);
        let mut row: Vec<(usize, I64F64)> = validator
            .weights
            .iter()
            .filter(|(k, _)| usize::from(*k) < subnets)
            .map(|(k, w)| (usize::from(*k), I64F64::from_num(*w)))
            .collect();
        let row_total = row
            .iter()
            .fold(zero(), |acc, (_, w)| acc.saturating_add(*w));
        for (k, w) in row.iter_mut() {
            if row_total > zero() {
                *w = w.checked_div(row_total).unwrap_or_default();
            }
            if let Some(rank) = ranks.get_mut(*k) {
                *rank = rank.saturating_add(w.saturating_mul(*stake));
            }
            if *w > zero() {
                if let Some(t) = trust.get_mut(*k) {
                    *t = t.saturating_add(*stake);
                }
            }
        }
    }
    if total_stake == zero() {
        return vec![zero(); subnets];
    }
    let kappa = I64F64::from_num(
        I32F32::from_num(kappa)
            .checked_div(I32F32::from_num(u16::MAX))
            .unwrap_or_default(),
    );
    let one = I64F64::from_num(1);
    let mut shares: Vec<I64F64> = trust
        .iter()
        .zip(&ranks)
        .map(|(t, rank)| {
            let t = t.checked_div(total_stake).unwrap_or(*t);
            let exponent = t
                .saturating_sub(kappa)
                .saturating_mul(I64F64::from_num(rho))
                .saturating_neg();
            let e = exp::<I64F64, I64F64>(exponent).unwrap_or(I64F64::max_value());
            let consensus = one.checked_div(one.saturating_add(e)).unwrap_or_default();
            consensus.saturating_mul(*rank)
        })
        .collect();
    normalize(&mut shares);
    shares
}

/// Rao per block for each subnet: floor(share × block emission).
pub fn per_block(shares: &[I64F64], block_emission: u64) -> Vec<u64> {
    shares
        .iter()
        .map(|s| {
            s.saturating_mul(I64F64::from_num(block_emission))
                .saturating_to_num::<u64>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_f64(x: I64F64) -> f64 {
        x.to_num::<f64>()
    }

    #[test]
    fn fixed_parts_are_normalised() {
        let shares = fixed_shares(&[1, 3]);
        assert_eq!(
            per_block(&shares, 1_000_000_000),
            [250_000_000, 750_000_000]
        );
        assert_eq!(per_block(&fixed_shares(&[0, 0]), 1_000), [0, 0]);
    }

    #[test]
    fn a_subnet_weighted_by_all_stake_takes_everything() {
        let weights = [(0u16, 65_535u16)];
        let validators = [
            RootValidator {
                stake: 5,
                weights: &weights,
            },
            RootValidator {
                stake: 5,
                weights: &weights,
            },
        ];
        let shares = root_shares(&validators, 2, 32_767, 10);
        assert_eq!(per_block(&shares, 1_000_000_000), [1_000_000_000, 0]);
    }

    /// 75% of the stake on subnet 0, 25% on subnet 1: ranks 0.75 / 0.25, consensus
    /// 1/(1+e^-2.5) = 0.9241 and 1/(1+e^2.5) = 0.0759, so shares 0.9733 / 0.0267.
    #[test]
    fn the_sigmoid_favours_subnets_most_stake_agrees_on() {
        let (a, b) = ([(0u16, 1u16)], [(1u16, 1u16)]);
        let validators = [
            RootValidator {
                stake: 75,
                weights: &a,
            },
            RootValidator {
                stake: 25,
                weights: &b,
            },
        ];
        let shares = root_shares(&validators, 2, 32_767, 10);
        assert!(
            (as_f64(shares[0]) - 0.97334).abs() < 1e-4,
            "{}",
            as_f64(shares[0])
        );
        assert!(
            (as_f64(shares[1]) - 0.02666).abs() < 1e-4,
            "{}",
            as_f64(shares[1])
        );
        let total: u64 = per_block(&shares, 1_000_000_000).iter().sum();
        assert!((999_999_998..=1_000_000_000).contains(&total));
    }

    #[test]
    fn no_stake_or_no_subnets_means_no_shares() {
        let weights = [(0u16, 1u16)];
        assert_eq!(
            root_shares(
                &[RootValidator {
                    stake: 0,
                    weights: &weights
                }],
                1,
                32_767,
                10
            ),
            [zero()]
        );
        assert!(root_shares(&[], 0, 32_767, 10).is_empty());
    }
}
