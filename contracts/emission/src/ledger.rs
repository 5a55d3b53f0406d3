//! The emission ledger: the schedule's issuance and each subnet's share and pending emission.
//!
//! Nothing runs per block. Whenever the ledger is looked at, the schedule releases what the
//! blocks since it last looked emit (`economics::schedule::release`, halvings included) and
//! every subnet with a share takes ⌊share × release⌋ of it into its pending emission
//! (`allocate`). The issuance grows by what the subnets took: the rounding (under a rao a
//! subnet) is never released, so every released rao is some subnet's. Shares change only
//! through `set_shares` on a ledger brought up to date, so a share applies exactly to the
//! blocks it was in force.

use economics::schedule::{allocate, release};
use ink::prelude::vec::Vec;
use interfaces::{BlockNumber, NetUid};
use substrate_fixed::types::I64F64;

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Accrual {
    pub netuid: NetUid,
    pub share_bits: i128,
    pub pending: u64,
}

impl Accrual {
    pub fn share(&self) -> I64F64 {
        I64F64::from_bits(self.share_bits)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Ledger {
    /// Rao the schedule has released, the supply that existed at deployment included.
    pub issuance: u64,
    pub as_of: BlockNumber,
    /// One entry per subnet that has a share or pending emission.
    pub accruals: Vec<Accrual>,
}

impl Ledger {
    pub fn new(issuance: u64, now: BlockNumber) -> Ledger {
        Ledger {
            issuance,
            as_of: now,
            accruals: Vec::new(),
        }
    }

    /// The ledger brought up to `now`. While no subnet has a share the schedule releases
    /// nothing: there is nobody to release it to.
    pub fn at(&self, now: BlockNumber) -> Ledger {
        let blocks = u64::from(now.saturating_sub(self.as_of));
        let mut next = Ledger {
            issuance: self.issuance,
            as_of: now.max(self.as_of),
            accruals: self.accruals.clone(),
        };
        if blocks == 0 || !self.accruals.iter().any(|a| a.share_bits > 0) {
            return next;
        }
        let shares: Vec<I64F64> = self.accruals.iter().map(Accrual::share).collect();
        let (parts, allocated) = allocate(&shares, release(self.issuance, blocks));
        for (accrual, part) in next.accruals.iter_mut().zip(parts) {
            accrual.pending = accrual.pending.saturating_add(part);
        }
        next.issuance = next.issuance.saturating_add(allocated);
        next
    }

    /// A subnet's pending emission (the ledger must be brought up to date first).
    pub fn pending(&self, netuid: NetUid) -> u64 {
        self.accruals
            .iter()
            .find(|a| a.netuid == netuid)
            .map_or(0, |a| a.pending)
    }

    /// Takes everything `netuid` has accrued (the ledger must be brought up to date first).
    pub fn take(&mut self, netuid: NetUid) -> u64 {
        self.accruals
            .iter_mut()
            .find(|a| a.netuid == netuid)
            .map_or(0, |accrual| core::mem::take(&mut accrual.pending))
    }

    /// Gives back what an epoch could not pay, for the next one.
    pub fn carry(&mut self, netuid: NetUid, amount: u64) {
        if amount == 0 {
            return;
        }
        match self.accruals.iter_mut().find(|a| a.netuid == netuid) {
            Some(accrual) => accrual.pending = accrual.pending.saturating_add(amount),
            None => self.accruals.push(Accrual {
                netuid,
                share_bits: 0,
                pending: amount,
            }),
        }
    }

    /// Replaces every share (the ledger must be brought up to date first). Subnets left out
    /// keep what they accrued and stop accruing.
    pub fn set_shares(&mut self, shares: &[(NetUid, I64F64)]) {
        for accrual in self.accruals.iter_mut() {
            accrual.share_bits = 0;
        }
        for (netuid, share) in shares {
            match self.accruals.iter_mut().find(|a| a.netuid == *netuid) {
                Some(accrual) => accrual.share_bits = share.to_bits(),
                None => self.accruals.push(Accrual {
                    netuid: *netuid,
                    share_bits: share.to_bits(),
                    pending: 0,
                }),
            }
        }
        // Entries with nothing to hold are dropped.
        self.accruals.retain(|a| a.share_bits > 0 || a.pending > 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn half() -> I64F64 {
        I64F64::from_num(1) / I64F64::from_num(2)
    }

    #[test]
    fn nothing_is_released_before_any_share_is_set() {
        let ledger = Ledger::new(1_000, 10).at(110);
        assert_eq!((ledger.issuance, ledger.as_of), (1_000, 110));
    }

    #[test]
    fn shares_split_the_release_and_take_empties_a_subnet() {
        let mut ledger = Ledger::new(0, 0);
        ledger.set_shares(&[(1, half()), (2, half())]);
        let mut ledger = ledger.at(10);
        assert_eq!(ledger.issuance, 10_000_000_000);
        assert_eq!(ledger.pending(1), 5_000_000_000);
        assert_eq!(ledger.take(1), 5_000_000_000);
        assert_eq!(ledger.pending(1), 0);
        assert_eq!(ledger.pending(2), 5_000_000_000);
        ledger.carry(1, 7);
        assert_eq!(ledger.at(12).pending(1), 1_000_000_007);
    }

    #[test]
    fn the_issuance_grows_by_what_the_subnets_take() {
        let third = I64F64::from_num(1) / I64F64::from_num(3);
        let mut ledger = Ledger::new(0, 0);
        ledger.set_shares(&[(1, third), (2, third), (3, third)]);
        let ledger = ledger.at(1).at(2);
        let pending: u64 = [1, 2, 3].iter().map(|n| ledger.pending(*n)).sum();
        assert_eq!(ledger.pending(1), 666_666_666);
        assert_eq!(ledger.issuance, pending);
    }

    #[test]
    fn a_share_change_applies_from_its_block_on() {
        let mut ledger = Ledger::new(0, 0);
        ledger.set_shares(&[(1, I64F64::from_num(1))]);
        let mut ledger = ledger.at(4);
        ledger.set_shares(&[(2, I64F64::from_num(1))]);
        let ledger = ledger.at(10);
        assert_eq!(ledger.pending(1), 4_000_000_000);
        assert_eq!(ledger.pending(2), 6_000_000_000);
        assert_eq!(ledger.issuance, 10_000_000_000);
    }
}
