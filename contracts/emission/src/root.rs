//! The root network (spec §6A): up to `root_validators` hotkeys, largest stake first, whose
//! weights on subnets set each subnet's share of the block emission.

use economics::shares::{root_shares, RootValidator};
use ink::prelude::vec::Vec;
use interfaces::emission::EmissionError;
use interfaces::{Balance, NetUid};
use substrate_fixed::types::I64F64;

/// Where a candidate with `stake` sits: `Ok(None)` if a seat is free, `Ok(Some(i))` to replace
/// member `i` (the smallest stake, the later one on a tie) when `stake` exceeds it.
pub fn admit(
    stakes: &[Balance],
    seats: u16,
    stake: Balance,
) -> Result<Option<usize>, EmissionError> {
    if stakes.len() < usize::from(seats) {
        return Ok(None);
    }
    let smallest = stakes
        .iter()
        .enumerate()
        .min_by(|(i, a), (j, b)| a.cmp(b).then(j.cmp(i)))
        .map(|(i, s)| (i, *s));
    match smallest {
        Some((i, least)) if stake > least => Ok(Some(i)),
        _ => Err(EmissionError::RootFull),
    }
}

/// Root weights may name each existing subnet at most once.
pub fn weights_valid(weights: &[(NetUid, u16)], netuids: &[NetUid]) -> bool {
    weights.iter().enumerate().all(|(i, (netuid, _))| {
        netuids.contains(netuid)
            && weights
                .get(..i)
                .is_some_and(|before| before.iter().all(|(n, _)| n != netuid))
    })
}

/// Each weighted subnet's share from the members' stakes and weights.
pub fn shares(
    members: &[(Balance, Vec<(NetUid, u16)>)],
    kappa: u16,
    rho: u16,
) -> Vec<(NetUid, I64F64)> {
    let mut netuids: Vec<NetUid> = members
        .iter()
        .flat_map(|(_, weights)| weights.iter().map(|(netuid, _)| *netuid))
        .collect();
    netuids.sort_unstable();
    netuids.dedup();
    let indexed: Vec<Vec<(u16, u16)>> = members
        .iter()
        .map(|(_, weights)| {
            weights
                .iter()
                .filter_map(|(netuid, w)| {
                    let k = netuids.binary_search(netuid).ok()?;
                    Some((u16::try_from(k).ok()?, *w))
                })
                .collect()
        })
        .collect();
    let validators: Vec<RootValidator<'_>> = members
        .iter()
        .zip(&indexed)
        .map(|((stake, _), weights)| RootValidator {
            stake: u64::try_from(*stake).unwrap_or(u64::MAX),
            weights,
        })
        .collect();
    let shares = root_shares(&validators, netuids.len(), kappa, rho);
    netuids
        .into_iter()
        .zip(shares)
        .filter(|(_, share)| *share > I64F64::from_num(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_network_admits_only_a_larger_stake() {
        assert_eq!(admit(&[5, 3], 3, 1), Ok(None));
        assert_eq!(admit(&[5, 3, 3], 3, 4), Ok(Some(2)));
        assert_eq!(admit(&[5, 3, 3], 3, 3), Err(EmissionError::RootFull));
    }

    #[test]
    fn weights_name_existing_subnets_once() {
        assert!(weights_valid(&[(1, 10), (2, 5)], &[1, 2]));
        assert!(!weights_valid(&[(1, 10), (1, 5)], &[1, 2]));
        assert!(!weights_valid(&[(3, 10)], &[1, 2]));
    }

    #[test]
    fn stake_weighted_subnets_share_the_emission() {
        let members = vec![(300, vec![(7, 1)]), (100, vec![(9, 1)])];
        let shares = shares(&members, 32_767, 10);
        assert_eq!(shares.len(), 2);
        let (first, second) = (shares[0], shares[1]);
        assert_eq!((first.0, second.0), (7, 9));
        assert!(first.1 > second.1 * I64F64::from_num(10));
        let total = first.1 + second.1;
        assert!((total - I64F64::from_num(1)).abs() < I64F64::from_num(0.000001));
    }
}
