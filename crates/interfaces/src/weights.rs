//! Validators' weights: one row per (netuid, uid), set directly or by hash commit-reveal.

use crate::entries::Entries;
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
    /// Commit-reveal is on: weights must be committed, then revealed.
    CommitRevealEnabled,
    /// Commit-reveal is off: use `set_weights`.
    CommitRevealDisabled,
    /// Ten commits are already waiting to be revealed.
    TooManyPendingCommits,
    NoMatchingCommit,
    /// The commit's reveal epoch has not come yet.
    RevealTooEarly,
    /// The commit's reveal epoch has passed.
    CommitExpired,
    RegistryCallFailed,
    StakingCallFailed,
}

impl From<crate::admin::AdminError> for WeightsError {
    fn from(_: crate::admin::AdminError) -> Self {
        WeightsError::NotAdmin
    }
}

impl From<crate::registry::RegistryError> for WeightsError {
    fn from(error: crate::registry::RegistryError) -> Self {
        match error {
            crate::registry::RegistryError::UnknownSubnet => WeightsError::UnknownSubnet,
            crate::registry::RegistryError::NotRegistered => WeightsError::NotRegistered,
            _ => WeightsError::RegistryCallFailed,
        }
    }
}

/// One validator's row as the epoch reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct WeightRow {
    pub uid: Uid,
    /// Registration block of the hotkey that wrote the row: a row whose setter is no longer the
    /// uid's occupant is stale and counts as empty.
    pub setter_registered_at: BlockNumber,
    /// Block of the last weight set or commit.
    pub last_update: BlockNumber,
    /// Block of the earliest commit not yet revealed or expired (commit-reveal).
    pub earliest_commit: Option<BlockNumber>,
    /// (destination uid, max-upscaled weight), sorted by uid.
    pub entries: Entries,
}

/// The most an `epoch_rows` answer encodes to, below the 16 KiB return buffer.
pub const EPOCH_ROWS_PAGE_BYTES: usize = 15 * 1024;

/// A row's encoding beside its entries, counted generously (uid, two blocks, the option).
const ROW_HEADER_BYTES: usize = 24;

/// The leading rows whose encoding fits one `epoch_rows` answer: what the weights contract
/// answers, and what a caller sizing its steps (a test of the emission's memory) reads.
pub fn fit_in_page(rows: impl Iterator<Item = WeightRow>) -> Vec<WeightRow> {
    let mut page = Vec::new();
    let mut bytes: usize = 0;
    for row in rows {
        bytes = bytes
            .saturating_add(row.entries.encoded_len())
            .saturating_add(ROW_HEADER_BYTES);
        if bytes > EPOCH_ROWS_PAGE_BYTES {
            break;
        }
        page.push(row);
    }
    page
}

/// How much of each row `epoch_rows` answers with.
// The SCALE derive casts variant indices to u8; there are three.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum RowPart {
    /// The header only (no entries).
    Header,
    /// Every entry.
    Entries,
    /// The entries of destination uids `start..end` (a consensus window of a large subnet).
    Columns { start: Uid, end: Uid },
}

#[ink::trait_definition]
pub trait Weights {
    /// The caller's hotkey sets its weights on `netuid`.
    ///
    /// # Events
    /// `WeightsSet`.
    /// # Errors
    /// Every check of subtensor's `set_weights`, in its order (`LengthMismatch`,
    /// `UnknownSubnet`, `TooManyWeights`, `NotRegistered`, `NotEnoughStake`,
    /// `IncorrectVersionKey`, `RateLimited`, `NoValidatorPermit`, `DuplicateUids`,
    /// `UidOutOfRange`, `TooFewWeights`), and `CommitRevealEnabled`.
    #[ink(message)]
    fn set_weights(
        &mut self,
        netuid: NetUid,
        uids: Vec<Uid>,
        values: Vec<u16>,
        version_key: u64,
    ) -> Result<(), WeightsError>;

    /// `set_weights` with a weight for every uid from 0: `values[uid]` (4,096 values are 8 KiB
    /// of input, where 4,096 (uid, value) pairs would be more than a call may carry).
    ///
    /// # Events
    /// `WeightsSet`.
    /// # Errors
    /// As `set_weights`.
    #[ink(message)]
    fn set_dense_weights(
        &mut self,
        netuid: NetUid,
        values: Vec<u16>,
        version_key: u64,
    ) -> Result<(), WeightsError>;

    /// Commits to weights by their hash: BlakeTwo256 of the SCALE-encoded
    /// `(hotkey, netuid, uids, values, salt, version_key)`.
    ///
    /// # Events
    /// `WeightsCommitted`.
    #[ink(message)]
    fn commit_weights(&mut self, netuid: NetUid, commit_hash: Hash) -> Result<(), WeightsError>;

    /// Reveals committed weights in the commit's reveal epoch.
    ///
    /// # Events
    /// `WeightsSet`.
    #[ink(message)]
    fn reveal_weights(
        &mut self,
        netuid: NetUid,
        uids: Vec<Uid>,
        values: Vec<u16>,
        salt: Vec<u16>,
        version_key: u64,
    ) -> Result<(), WeightsError>;

    /// Rows of uids `start..start+count`, in one call, stopping early so that the answer fits
    /// a contract's 16 KiB return buffer; continue from the last uid returned + 1.
    #[ink(message)]
    fn weight_rows(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<WeightRow>;

    /// The rows of `uids`, in that order, as they stood when the subnet's epoch `generation`
    /// started (`SubnetInfo::epoch_generation`): writes made since then belong to the next
    /// epoch. One row per uid (empty when none was written); the answer stops early so that
    /// it fits the 16 KiB return buffer. `part` says which entries each row carries; only
    /// headers (`RowPart::Header`) carry `last_update` and `earliest_commit`, which rows read
    /// for their entries leave at 0 and `None` (one storage read per row instead of three).
    #[ink(message)]
    fn epoch_rows(
        &self,
        netuid: NetUid,
        uids: Vec<Uid>,
        generation: u32,
        part: RowPart,
    ) -> Vec<WeightRow>;
}

#[ink::event]
pub struct WeightsSet {
    #[ink(topic)]
    pub netuid: NetUid,
    pub uid: Uid,
    pub entries: u16,
}

#[ink::event]
pub struct WeightsCommitted {
    #[ink(topic)]
    pub netuid: NetUid,
    pub uid: Uid,
    pub commit_hash: Hash,
    pub reveal_epoch: u64,
}
