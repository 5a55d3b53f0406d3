//! The synthetic subnets the benchmarks measure (`benches/epoch.rs` natively,
//! `tools/wasm-fuel` in Wasm): `validators` staked validators weighting a share of `n`
//! neurons with values from a fixed xorshift sequence, so that every run sees the same subnet.

use alloc::vec::Vec;

use crate::params::{EpochContext, EpochParams, NeuronInput, StoredRow, Variant};

pub struct Subnet {
    pub params: EpochParams,
    pub ctx: EpochContext,
    pub neurons: Vec<NeuronInput>,
    /// Validator `i`'s row at `i`; miners' rows are empty.
    pub weights: Vec<StoredRow>,
}

/// Uids below `validators` are validators with 1,000–2,000 TAO of stake, each weighting every
/// neuron with probability `density_percent`/100; owner uid 0; default hyperparameters.
pub fn subnet(n: u16, validators: u16, density_percent: u64, variant: Variant) -> Subnet {
    let mut state = 0x1234_5678_u64;
    let mut next = move || {
        state ^= state.wrapping_shl(13);
        state ^= state.wrapping_shr(7);
        state ^= state.wrapping_shl(17);
        state
    };
    let params = EpochParams {
        variant,
        max_allowed_validators: validators,
        ..EpochParams::default()
    };
    let neurons: Vec<NeuronInput> = (0..n)
        .map(|uid| NeuronInput {
            stake: if uid < validators {
                1_000_000_000_000u64.saturating_add(next() % 1_000_000_000_000)
            } else {
                0
            },
            last_update: 1_000,
            registered_at: 0,
            validator_permit: uid < validators,
            commit_block: None,
        })
        .collect();
    let weights: Vec<StoredRow> = (0..n)
        .map(|uid| {
            if uid >= validators {
                return Vec::new();
            }
            (0..n)
                .filter_map(|j| {
                    let present = next() % 100 < density_percent;
                    present.then(|| (j, u16::try_from(next() % 65_536).unwrap_or(u16::MAX)))
                })
                .collect()
        })
        .collect();
    let ctx = EpochContext {
        current_block: 1_000,
        bonds_mask_block: 900,
        owner_uid: Some(0),
        commit_reveal: false,
        emission: 1_000_000_000,
    };
    Subnet {
        params,
        ctx,
        neurons,
        weights,
    }
}
