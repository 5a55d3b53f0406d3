//! Units and identifiers shared by every contract.

pub use ink::primitives::{AccountId, Hash};

/// Token amounts in rao (1 TAO = 10^9 rao). `u128` because PSP22 balances are `u128`;
/// every amount the protocol creates stays below the 21e15 rao cap.
pub type Balance = u128;
/// Block numbers, as the default ink! environment counts them.
pub type BlockNumber = u32;
/// A subnet's identifier.
pub type NetUid = u16;
/// A neuron's position inside one subnet (0..n).
pub type Uid = u16;
/// A proportion stored as v / 65535 (the reference's "u16 proportion").
pub type U16Proportion = u16;

/// 1 TAO in rao.
pub const RAO_PER_TAO: Balance = 1_000_000_000;
/// The hard cap on TAO ever minted: 21,000,000 TAO.
pub const TAO_SUPPLY_CAP: Balance = 21_000_000 * RAO_PER_TAO;
/// TAO has 9 decimals.
pub const TAO_DECIMALS: u8 = 9;
