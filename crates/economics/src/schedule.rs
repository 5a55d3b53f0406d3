//! The emission schedule over many blocks at once, and each subnet's lazily accrued share.
//!
//! subtensor adds `block_emission(issuance)` to the issuance every block. A contract cannot act
//! every block, so it advances the schedule over the blocks elapsed since it last looked:
//! [`release`] gives exactly what the per-block loop would have released (the halving can fall
//! inside the interval), and [`SubnetAccrual`] credits a subnet `share × released` since its
//! last checkpoint — no per-block call, no loop over subnets while shares stay the same.

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

/// A subnet's claim on the released emission: its share, what it has accrued and not yet
/// distributed, and the schedule's cumulative release at its last checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubnetAccrual {
    /// Fraction of the block emission, as I64F64 bits.
    pub share_bits: i128,
    pub pending: u64,
    pub released_mark: u64,
}

impl SubnetAccrual {
    pub fn share(&self) -> I64F64 {
        I64F64::from_bits(self.share_bits)
    }

    /// Brought up to `released` (the schedule's cumulative release now).
    pub fn at(&self, released: u64) -> SubnetAccrual {
        let since = released.saturating_sub(self.released_mark);
        let earned = self
            .share()
            .saturating_mul(I64F64::from_num(since))
            .saturating_to_num::<u64>();
        SubnetAccrual {
            share_bits: self.share_bits,
            pending: self.pending.saturating_add(earned),
            released_mark: released.max(self.released_mark),
        }
    }
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
    fn a_subnet_accrues_its_share_of_what_was_released() {
        let half = SubnetAccrual {
            share_bits: I64F64::from_num(0.5).to_bits(),
            pending: 10,
            released_mark: 100,
        };
        let later = half.at(1_100);
        assert_eq!((later.pending, later.released_mark), (510, 1_100));
        // Checkpoints in between change nothing when the share divides evenly.
        assert_eq!(half.at(600).at(1_100), later);
        // A release mark from the past never takes anything back.
        assert_eq!(
            half.at(50),
            SubnetAccrual {
                released_mark: 100,
                ..half
            }
        );
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
