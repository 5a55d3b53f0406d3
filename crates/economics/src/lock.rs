//! The subnet lock cost (subtensor-spec §8.3): the last lock doubled, minus a linear decay
//! over the reduction interval since it was paid, never below the minimum.

/// The TAO (rao) a new subnet must lock at block `now`.
///
/// `last_lock` was paid at `last_lock_block` (0: never, so no doubling). `reduction_interval`
/// is the number of blocks over which one `last_lock` decays away.
pub fn lock_cost(
    last_lock: u64,
    last_lock_block: u64,
    now: u64,
    reduction_interval: u64,
    min_lock: u64,
) -> u64 {
    let multiplier = if last_lock_block == 0 { 1 } else { 2 };
    let per_block = last_lock.checked_div(reduction_interval).unwrap_or(0);
    let decayed = per_block.saturating_mul(now.saturating_sub(last_lock_block));
    last_lock
        .saturating_mul(multiplier)
        .saturating_sub(decayed)
        .max(min_lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAO: u64 = 1_000_000_000;
    const MIN: u64 = 1_000 * TAO;
    const INTERVAL: u64 = 100_800;

    #[test]
    fn the_first_subnet_costs_the_minimum() {
        assert_eq!(lock_cost(0, 0, 50, INTERVAL, MIN), MIN);
    }

    #[test]
    fn the_price_doubles_then_decays_linearly_to_the_floor() {
        let paid = 1_000 * TAO;
        assert_eq!(lock_cost(paid, 10, 10, INTERVAL, MIN), 2 * paid);
        let half_way = lock_cost(paid, 10, 10 + INTERVAL / 2, INTERVAL, MIN);
        assert_eq!(half_way, 2 * paid - (paid / INTERVAL) * (INTERVAL / 2));
        assert_eq!(lock_cost(paid, 10, 10 + 2 * INTERVAL, INTERVAL, MIN), MIN);
        assert_eq!(lock_cost(paid, 10, 10, 0, MIN), 2 * paid);
    }
}
