//! Validators' weights: one row per (netuid, uid), set directly or by commit-reveal.
//! Sketch for the weights issue; the signatures may still grow.

use crate::types::{BlockNumber, Hash, NetUid, Uid};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum WeightsError {
    NotAdmin,
    UnknownSubnet,
    NotRegistered,
    LengthMismatch,
    TooManyWeights,
    NotEnoughStake,
    IncorrectVersionKey,
    RateLimited,
    NoValidatorPermit,
    DuplicateUids,
    UidOutOfRange,
    TooFewWeights,
    CommitRevealEnabled,
    CommitRevealDisabled,
    TooManyPendingCommits,
    NoMatchingCommit,
    RevealTooEarly,
    CommitExpired,
    RegistryCallFailed,
    StakingCallFailed,
}

/// One validator's stored row: (destination uid, max-upscaled weight) pairs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct WeightRow {
    pub uid: Uid,
    pub last_update: BlockNumber,
    pub entries: Vec<(Uid, u16)>,
}

#[ink::trait_definition]
pub trait Weights {
    #[ink(message)]
    fn set_weights(
        &mut self,
        netuid: NetUid,
        uids: Vec<Uid>,
        values: Vec<u16>,
        version_key: u64,
    ) -> Result<(), WeightsError>;

    #[ink(message)]
    fn commit_weights(&mut self, netuid: NetUid, commit_hash: Hash) -> Result<(), WeightsError>;

    #[ink(message)]
    fn reveal_weights(
        &mut self,
        netuid: NetUid,
        uids: Vec<Uid>,
        values: Vec<u16>,
        salt: Vec<u16>,
        version_key: u64,
    ) -> Result<(), WeightsError>;

    /// Rows `start..start+count` of a subnet, in one call (the epoch reads them this way).
    #[ink(message)]
    fn weight_rows(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<WeightRow>;
}
