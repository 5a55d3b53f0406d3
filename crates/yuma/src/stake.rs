//! Epoch steps 1–4: activity, the stake vector, validator permits, active stake.

use alloc::vec;
use alloc::vec::Vec;

use crate::fixed::{normalize_in_place, zero, SafeDiv, I32F32, I64F64};
use crate::params::{EpochContext, EpochParams, NeuronInput};
use crate::sort;

/// The per-neuron vectors every later step reads.
pub struct StakeView {
    pub active: Vec<bool>,
    /// Normalised stake after the threshold filter.
    pub stake: Vec<I32F32>,
    /// Permits used by this epoch (the stored ones, owner forced).
    pub permit_old: Vec<bool>,
    /// Permits granted by this epoch (top-k by stake, owner forced).
    pub permit_new: Vec<bool>,
    /// Stake of active, permitted validators, normalised.
    pub active_stake: Vec<I32F32>,
}

pub fn stake_view(params: &EpochParams, ctx: &EpochContext, neurons: &[NeuronInput]) -> StakeView {
    let owner = ctx.owner_uid.map(usize::from);
    let active: Vec<bool> = neurons
        .iter()
        .map(|neuron| {
            neuron.last_update.saturating_add(params.activity_cutoff) >= ctx.current_block
        })
        .collect();

    let mut filtered: Vec<I64F64> = neurons
        .iter()
        .enumerate()
        .map(|(uid, neuron)| {
            if Some(uid) != owner && neuron.stake < params.stake_threshold {
                I64F64::from_num(0)
            } else {
                I64F64::from_num(neuron.stake)
            }
        })
        .collect();
    let total = filtered
        .iter()
        .fold(I64F64::from_num(0), |acc, s| acc.saturating_add(*s));
    if total != I64F64::from_num(0) {
        for s in filtered.iter_mut() {
            *s = s.safe_div(total);
        }
    }
    let stake: Vec<I32F32> = filtered
        .into_iter()
        .map(I32F32::saturating_from_num)
        .collect();

    let mut permit_old: Vec<bool> = neurons.iter().map(|n| n.validator_permit).collect();
    let mut permit_new = top_k_nonzero(&stake, usize::from(params.max_allowed_validators));
    if let Some(owner) = owner {
        if let Some(permit) = permit_old.get_mut(owner) {
            *permit = true;
        }
        if let Some(permit) = permit_new.get_mut(owner) {
            *permit = true;
        }
    }

    let mut active_stake: Vec<I32F32> = stake
        .iter()
        .zip(active.iter().zip(&permit_old))
        .map(|(s, (active, permitted))| if *active && *permitted { *s } else { zero() })
        .collect();
    normalize_in_place(&mut active_stake);

    StakeView {
        active,
        stake,
        permit_old,
        permit_new,
        active_stake,
    }
}

/// The k largest non-zero values get `true`. Ties are broken by a stable ascending sort, so
/// among equal stakes the lower uid loses its permit first (subtensor's `is_topk_nonzero`).
pub fn top_k_nonzero(values: &[I32F32], k: usize) -> Vec<bool> {
    let mut result: Vec<bool> = values.iter().map(|v| *v != zero()).collect();
    let n = values.len();
    if n < k {
        return result;
    }
    let mut order: Vec<usize> = (0..n).collect();
    sort::sort_by_key(&mut order, |&i| {
        sort::signed_key(values.get(i).copied().unwrap_or_default().to_bits())
    });
    for &i in order.iter().take(n.saturating_sub(k)) {
        if let Some(cell) = result.get_mut(i) {
            *cell = false;
        }
    }
    result
}

/// Emission weights when nobody earned incentive or dividends: active stake, or the plain
/// stake when no stake is active.
pub fn fallback_shares<'a>(stake: &'a [I32F32], active_stake: &'a [I32F32]) -> &'a [I32F32] {
    if crate::fixed::is_zero(active_stake) {
        stake
    } else {
        active_stake
    }
}

pub(crate) fn zeros(n: usize) -> Vec<I32F32> {
    vec![zero(); n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_cost_the_lower_uid_its_permit() {
        let v = |x: i32| I32F32::from_num(x);
        assert_eq!(top_k_nonzero(&[v(1), v(1), v(1)], 2), [false, true, true]);
        assert_eq!(top_k_nonzero(&[v(3), v(0), v(1)], 5), [true, false, true]);
        assert_eq!(top_k_nonzero(&[v(3), v(0), v(1)], 3), [true, false, true]);
        assert_eq!(top_k_nonzero(&[v(3), v(2), v(1)], 1), [true, false, false]);
        assert_eq!(top_k_nonzero(&[v(3), v(2), v(1)], 0), [false, false, false]);
    }

    #[test]
    fn owner_is_permitted_and_exempt_from_the_threshold() {
        let params = EpochParams {
            stake_threshold: 100,
            max_allowed_validators: 1,
            ..Default::default()
        };
        let ctx = EpochContext {
            current_block: 10,
            bonds_mask_block: 1,
            owner_uid: Some(0),
            commit_reveal: false,
            emission: 0,
        };
        let neurons = [
            NeuronInput {
                stake: 50,
                last_update: 10,
                ..Default::default()
            },
            NeuronInput {
                stake: 300,
                last_update: 10,
                validator_permit: true,
                ..Default::default()
            },
            NeuronInput {
                stake: 99,
                last_update: 10,
                validator_permit: true,
                ..Default::default()
            },
        ];
        let view = stake_view(&params, &ctx, &neurons);
        assert_eq!(view.permit_new, [true, true, false]);
        assert_eq!(view.permit_old, [true, true, true]);
        assert_eq!(view.stake[2], zero());
        assert!(view.stake[0] > zero() && view.stake[1] > view.stake[0]);
    }
}
