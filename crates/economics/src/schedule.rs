//! The emission schedule over many blocks at once, and its split between subnets.
//!
//! subtensor adds `block_emission(issuance)` to the issuance every block. A contract cannot act
//! every block, so it advances the schedule over the blocks elapsed since it last looked:
//! [`release`] gives exactly what the per-block loop would have released (the halving can fall
//! inside the interval), and [`allocate`] splits it between subnets by their shares — no
//! per-block call.

use alloc::vec::Vec;
use substrate_fixed::types::I64F64;

use crate::halving::block_emission;

/// Rao released by `blocks` blocks of the schedule starting at `issuance`, block by block as
/// subtensor does, in O(number of halvings crossed × log(blocks)).
pub fn release(issuance: u64, blocks: u64) -> u64 {
    let mut issued = issuance;
    let mut left = blocks;
    while left > 0 {
        let per_block = block_emission(issued);
        if per_block == 0 {
            break;
        }
        let run = blocks_at_rate(issued, per_block, left);
        issued = issued.saturating_add(per_block.saturating_mul(run));
        left = left.saturating_sub(run);
    }
    issued.saturating_sub(issuance)
}

/// How many of the next `limit` blocks (at least one) emit `per_block`: block `k` (from 0)
/// emits it while `block_emission(issued + k·per_block) == per_block`. The rate only falls as
/// issuance grows, so the first block that differs is found by bisection.
fn blocks_at_rate(issued: u64, per_block: u64, limit: u64) -> u64 {
    let same =
        |k: u64| block_emission(issued.saturating_add(per_block.saturating_mul(k))) == per_block;
    if same(limit.saturating_sub(1)) {
        return limit;
    }
    // Block 0 emits the rate, block `limit − 1` does not.
    crate::bisect::first_failing(0, limit.saturating_sub(1), same)
}

/// Splits `released` rao between subnets by `shares` (fractions of the block emission):
/// each gets ⌊share × released⌋. Returns each subnet's part and their sum, which is what was
/// allocated: the rounding, under a rao a subnet, goes to nobody and so is never released.
pub fn allocate(shares: &[I64F64], released: u64) -> (Vec<u64>, u64) {
    let parts: Vec<u64> = shares
        .iter()
        .map(|share| {
            share
                .saturating_mul(I64F64::from_num(released))
                .saturating_to_num::<u64>()
        })
        .collect();
    let allocated = parts
        .iter()
        .fold(0u64, |sum, part| sum.saturating_add(*part))
        .min(released);
    (parts, allocated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::halving::TOTAL_SUPPLY;
    use proptest::prelude::*;

    fn release_block_by_block(issuance: u64, blocks: u64) -> u64 {
        let mut issued = issuance;
        for _ in 0..blocks {
            issued = issued.saturating_add(block_emission(issued));
        }
        issued.saturating_sub(issuance)
    }

    #[test]
    fn one_tao_per_block_before_the_first_halving() {
        assert_eq!(release(0, 0), 0);
        assert_eq!(release(0, 7_200), 7_200_000_000_000);
    }

    #[test]
    fn a_halving_inside_the_interval() {
        // Three blocks below 10.5M TAO, then the rate halves.
        let start = 10_500_000_000_000_000 - 3 * 1_000_000_000;
        assert_eq!(release(start, 10), 3 * 1_000_000_000 + 7 * 500_000_000);
        assert_eq!(release(start, 10), release_block_by_block(start, 10));
    }

    #[test]
    fn the_schedule_never_passes_the_cap() {
        let issued = release(0, u64::MAX / 1_000_000_000);
        assert!(issued <= TOTAL_SUPPLY);
        assert_eq!(release(TOTAL_SUPPLY, 1_000), 0);
    }

    #[test]
    fn shares_get_their_floor_and_the_rounding_is_not_allocated() {
        let third = I64F64::from_num(1) / I64F64::from_num(3);
        let (parts, allocated) = allocate(&[third, third, third], 1_000);
        assert_eq!((parts, allocated), (vec![333, 333, 333], 999));
        let half = I64F64::from_num(0.5);
        assert_eq!(allocate(&[half, half], 1_000), (vec![500, 500], 1_000));
        assert_eq!(allocate(&[], 1_000), (vec![], 0));
    }

    proptest! {
        #[test]
        fn release_equals_the_per_block_loop(
            issuance in prop_oneof![
                0u64..TOTAL_SUPPLY,
                (0u64..8).prop_map(|k| {
                    TOTAL_SUPPLY.saturating_sub(TOTAL_SUPPLY >> k.saturating_add(1)).saturating_sub(2_000_000_000)
                }),
            ],
            blocks in 0u64..4_000,
        ) {
            prop_assert_eq!(release(issuance, blocks), release_block_by_block(issuance, blocks));
        }
    }
}
