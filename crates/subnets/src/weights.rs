//! `set_weights` validation, check by check in subtensor's order (spec §5), ending in the row
//! as stored: max-upscaled (the largest weight becomes 65,535) and sorted by uid.

use alloc::vec::Vec;
use interfaces::weights::WeightsError;

/// What the checks need to know about the subnet and the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightsContext {
    /// Neurons in the subnet.
    pub n: u16,
    /// The caller's uid.
    pub uid: u16,
    /// The caller is the subnet owner's hotkey: no stake threshold, no permit needed.
    pub is_owner: bool,
    /// Stake backing the caller's hotkey, and the subnet's threshold (rao).
    pub stake: u128,
    pub stake_threshold: u128,
    /// The subnet's weights version key (0: any version is accepted).
    pub version_key: u64,
    /// The caller's validator permit from the last epoch.
    pub has_permit: bool,
    pub min_allowed_weights: u16,
    /// `Some((last_update, now, limit))` when the rate limit applies (not on a reveal).
    pub rate_limit: Option<(u64, u64, u64)>,
}

/// Validates `(uids, values)` as the caller's new weights; returns the row to store.
pub fn validate(
    ctx: &WeightsContext,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<Vec<(u16, u16)>, WeightsError> {
    if uids.len() != values.len() {
        return Err(WeightsError::LengthMismatch);
    }
    if uids.len() > usize::from(ctx.n) {
        return Err(WeightsError::TooManyWeights);
    }
    if !ctx.is_owner && ctx.stake < ctx.stake_threshold {
        return Err(WeightsError::NotEnoughStake);
    }
    if ctx.version_key != 0 && version_key < ctx.version_key {
        return Err(WeightsError::IncorrectVersionKey);
    }
    if let Some((last_update, now, limit)) = ctx.rate_limit {
        if last_update != 0 && now.saturating_sub(last_update) < limit {
            return Err(WeightsError::RateLimited);
        }
    }
    let self_weight = uids == [ctx.uid];
    if !self_weight && !ctx.is_owner && !ctx.has_permit {
        return Err(WeightsError::NoValidatorPermit);
    }
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|pair| pair.first() == pair.get(1)) {
        return Err(WeightsError::DuplicateUids);
    }
    if uids.iter().any(|uid| *uid >= ctx.n) {
        return Err(WeightsError::UidOutOfRange);
    }
    if !self_weight && uids.len() < usize::from(ctx.min_allowed_weights.min(ctx.n)) {
        return Err(WeightsError::TooFewWeights);
    }
    let upscaled = yuma::fixed::u16_max_upscale(values);
    let mut row: Vec<(u16, u16)> = uids.iter().copied().zip(upscaled).collect();
    row.sort_unstable_by_key(|(uid, _)| *uid);
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ctx() -> WeightsContext {
        WeightsContext {
            n: 8,
            uid: 1,
            is_owner: false,
            stake: 1_000,
            stake_threshold: 100,
            version_key: 3,
            has_permit: true,
            min_allowed_weights: 2,
            rate_limit: Some((50, 200, 100)),
        }
    }

    #[test]
    fn a_valid_row_is_upscaled_and_sorted() {
        assert_eq!(
            validate(&ctx(), &[5, 2], &[10, 20], 3),
            Ok(vec![(2, 65_535), (5, 32_768)])
        );
    }

    /// Each case breaks exactly one rule; the error is the first failing check.
    #[test]
    fn every_refusal_in_subtensors_order() {
        // (context, uids, values, version key, expected error)
        type Case = (
            WeightsContext,
            &'static [u16],
            &'static [u16],
            u64,
            WeightsError,
        );
        let cases: [Case; 10] = [
            (ctx(), &[2, 3], &[1], 3, WeightsError::LengthMismatch),
            (ctx(), &[0; 9], &[1; 9], 3, WeightsError::TooManyWeights),
            (
                WeightsContext { stake: 99, ..ctx() },
                &[2, 3],
                &[1, 1],
                3,
                WeightsError::NotEnoughStake,
            ),
            (
                ctx(),
                &[2, 3],
                &[1, 1],
                2,
                WeightsError::IncorrectVersionKey,
            ),
            (
                WeightsContext {
                    rate_limit: Some((150, 200, 100)),
                    ..ctx()
                },
                &[2, 3],
                &[1, 1],
                3,
                WeightsError::RateLimited,
            ),
            (
                WeightsContext {
                    has_permit: false,
                    ..ctx()
                },
                &[2, 3],
                &[1, 1],
                3,
                WeightsError::NoValidatorPermit,
            ),
            (ctx(), &[2, 2], &[1, 1], 3, WeightsError::DuplicateUids),
            (ctx(), &[2, 8], &[1, 1], 3, WeightsError::UidOutOfRange),
            (ctx(), &[2], &[1], 3, WeightsError::TooFewWeights),
            // the order: a duplicate is reported before an out-of-range uid
            (ctx(), &[9, 9], &[1, 1], 3, WeightsError::DuplicateUids),
        ];
        for (i, (context, uids, values, version, error)) in cases.into_iter().enumerate() {
            assert_eq!(
                validate(&context, uids, values, version),
                Err(error),
                "case {i}"
            );
        }
    }

    #[test]
    fn exemptions_of_self_weights_and_the_owner() {
        let no_permit = WeightsContext {
            has_permit: false,
            ..ctx()
        };
        // A self-weight needs no permit and is exempt from the minimum length.
        assert_eq!(validate(&no_permit, &[1], &[7], 3), Ok(vec![(1, 65_535)]));
        // The owner needs neither stake nor permit.
        let owner = WeightsContext {
            is_owner: true,
            stake: 0,
            ..no_permit
        };
        assert!(validate(&owner, &[2, 3], &[1, 1], 3).is_ok());
        // A version key of 0 accepts any version; no rate limit on a reveal or the first set.
        let open = WeightsContext {
            version_key: 0,
            rate_limit: None,
            ..ctx()
        };
        assert!(validate(&open, &[2, 3], &[1, 1], 0).is_ok());
        let first = WeightsContext {
            rate_limit: Some((0, 10, 100)),
            ..ctx()
        };
        assert!(validate(&first, &[2, 3], &[1, 1], 3).is_ok());
        // The minimum is capped by n.
        let small = WeightsContext {
            n: 3,
            min_allowed_weights: 1_024,
            ..ctx()
        };
        assert!(validate(&small, &[0, 2, 1], &[1, 1, 1], 3).is_ok());
    }

    proptest! {
        /// Any accepted row has unique, in-range, sorted uids and its maximum at 65,535.
        #[test]
        fn accepted_rows_are_well_formed(entries in proptest::collection::vec((0u16..10, 0u16..=u16::MAX), 0..12)) {
            let (uids, values): (Vec<u16>, Vec<u16>) = entries.into_iter().unzip();
            let context = WeightsContext { min_allowed_weights: 0, ..ctx() };
            if let Ok(row) = validate(&context, &uids, &values, 3) {
                prop_assert!(row.windows(2).all(|w| w[0].0 < w[1].0));
                prop_assert!(row.iter().all(|(uid, _)| *uid < 8));
                if values.iter().any(|v| *v > 0) {
                    prop_assert_eq!(row.iter().map(|(_, w)| *w).max(), Some(65_535));
                }
            }
        }
    }
}
