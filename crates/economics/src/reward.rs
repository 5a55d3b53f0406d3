//! How an epoch reward reaches a hotkey's stakers, whatever it is paid in (TAO on staking,
//! alpha on a market): the miner's incentive and the delegate take go to the hotkey's owner,
//! the rest of the dividend to every holder of the hotkey's pool through its value.

/// `(to_owner, to_nominators)` of a dividend: the owner's ⌊dividend × take / 65,535⌋, the rest
/// shared.
pub fn split_dividend(dividend: u128, take: u16) -> (u128, u128) {
    let to_owner = dividend
        .checked_mul(u128::from(take))
        .and_then(|p| p.checked_div(u128::from(u16::MAX)))
        .unwrap_or(0);
    (to_owner, dividend.saturating_sub(to_owner))
}

/// `(to_owner, to_nominators)` of a reward to a hotkey whose pool has `holders` or not: with
/// nobody holding shares yet there is nobody to share with, and all of it goes to the owner.
/// A miner's reward has no dividend, so no take to apply.
pub fn split_reward(incentive: u128, dividend: u128, take: u16, holders: bool) -> (u128, u128) {
    if !holders {
        return (incentive.saturating_add(dividend), 0);
    }
    let (take, shared) = split_dividend(dividend, take);
    (incentive.saturating_add(take), shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_percent_of_a_dividend() {
        assert_eq!(
            split_dividend(1_000_000_000, 11_796),
            (179_995_422, 820_004_578)
        );
        assert_eq!(split_dividend(1_000, 0), (0, 1_000));
        assert_eq!(split_dividend(0, 11_796), (0, 0));
    }

    #[test]
    fn the_owner_takes_incentive_and_take_and_all_of_an_unheld_pool() {
        assert_eq!(
            split_reward(5, 1_000_000_000, 11_796, true),
            (179_995_427, 820_004_578)
        );
        assert_eq!(split_reward(5, 7, 11_796, false), (12, 0));
        assert_eq!(split_reward(5, 0, u16::MAX, true), (5, 0));
    }
}
