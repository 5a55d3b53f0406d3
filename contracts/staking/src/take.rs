//! The delegate take: the hotkey owner's cut of its validator dividends.

use interfaces::staking::StakingError;
use interfaces::{BlockNumber, U16Proportion};

/// subtensor's default and maximum take: 11,796 / 65,535 ≈ 18%.
pub const MAX_TAKE: U16Proportion = 11_796;
pub const DEFAULT_TAKE: U16Proportion = MAX_TAKE;

/// Lowering is always allowed; raising only when more than `rate_limit` blocks have passed
/// since the last change (`last_change` 0 when never changed, as in subtensor).
pub fn check_take_change(
    current: U16Proportion,
    new: U16Proportion,
    last_change: BlockNumber,
    now: BlockNumber,
    rate_limit: BlockNumber,
) -> Result<(), StakingError> {
    if new > MAX_TAKE {
        return Err(StakingError::TakeOutOfRange);
    }
    if new > current && now.saturating_sub(last_change) <= rate_limit {
        return Err(StakingError::TakeRateLimited);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decreases_are_free_and_increases_wait_for_the_rate_limit() {
        assert_eq!(check_take_change(MAX_TAKE, 0, 100, 101, 216_000), Ok(()));
        assert_eq!(
            check_take_change(0, 10, 100, 216_100, 216_000),
            Err(StakingError::TakeRateLimited)
        );
        assert_eq!(check_take_change(0, 10, 100, 216_101, 216_000), Ok(()));
        assert_eq!(
            check_take_change(0, MAX_TAKE + 1, 0, 1_000_000, 216_000),
            Err(StakingError::TakeOutOfRange)
        );
    }
}
