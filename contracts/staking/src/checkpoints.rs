//! Staking's histories (`history::Checkpoints`): whose balance each records.

use interfaces::staking::StakingError;
use interfaces::AccountId;

/// Whose balance a history records.
// scale-info's derive casts variant indices to u8; three variants.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Holder {
    /// An account's voting power.
    Account(AccountId),
    /// The sum of every account's voting power.
    Total,
    /// The total stake on a hotkey (its pool's value), as epochs and the root network read it.
    Hotkey(AccountId),
}

pub type Checkpoints = history::Checkpoints<Holder>;
pub use history::Tail;

/// A history asked about a block that is not over.
pub fn not_yet_mined(_: history::BlockNotYetMined) -> StakingError {
    StakingError::BlockNotYetMined
}
