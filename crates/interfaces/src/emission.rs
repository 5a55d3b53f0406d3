//! Issuance and epochs: the block emission schedule, each subnet's pending emission, and the
//! Yuma epoch run in bounded steps by anyone once due. Sketch for the emission issue.

use crate::types::{Balance, NetUid};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EmissionError {
    NotAdmin,
    UnknownSubnet,
    EpochNotDue,
    SharesInvalid,
    TokenCallFailed,
    StakingCallFailed,
    RegistryCallFailed,
    WeightsCallFailed,
}

/// Where a subnet's epoch stands after a step.
// scale-info's derive casts variant indices to u8; the variant count is fixed and tiny.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum EpochProgress {
    /// More steps are needed.
    Running { steps_done: u32 },
    /// The epoch finished and its rewards were paid.
    Finished { emitted: Balance },
}

#[ink::trait_definition]
pub trait Emission {
    /// TAO minted so far, in rao.
    #[ink(message)]
    fn issuance(&self) -> Balance;

    /// The current per-block emission, in rao.
    #[ink(message)]
    fn block_emission(&self) -> Balance;

    /// Emission accrued for `netuid` and not yet paid out by an epoch.
    #[ink(message)]
    fn pending_emission(&self, netuid: NetUid) -> Balance;

    /// Advances `netuid`'s due epoch by at most `max_rows` weight rows. Anyone may call.
    #[ink(message)]
    fn epoch_step(&mut self, netuid: NetUid, max_rows: u16)
        -> Result<EpochProgress, EmissionError>;
}
