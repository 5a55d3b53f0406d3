//! Bisection over a range where a test holds up to some point and fails after it.

/// The first value in `low..=high` where `holds` fails, for a `holds` that is true up to some
/// point and false from there on, given that it holds at `low` and fails at `high` (returns
/// `high` when the two are at most one apart).
pub(crate) fn first_failing(mut low: u64, mut high: u64, holds: impl Fn(u64) -> bool) -> u64 {
    while high.saturating_sub(low) > 1 {
        let middle = low.saturating_add(high.saturating_sub(low) / 2);
        if holds(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    high
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_finds_where_the_test_starts_failing() {
        for end in [1u64, 2, 3, 17, 1_000, u64::MAX / 3] {
            assert_eq!(first_failing(0, u64::MAX, |x| x < end), end);
        }
        assert_eq!(first_failing(5, 6, |_| unreachable!()), 6);
        assert_eq!(first_failing(0, 0, |_| unreachable!()), 0);
    }
}
