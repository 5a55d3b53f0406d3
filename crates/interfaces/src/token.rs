//! The TAO token beyond PSP22: a hard-capped supply minted only by the minter role
//! (the emission contract). Transfers, allowances and burns are `psp22::PSP22` and
//! `psp22::PSP22Burnable`.

use crate::types::{AccountId, Balance};

/// Why the token refused a mint or a role change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum TokenError {
    /// The caller is not the minter.
    NotMinter,
    /// The caller is not the admin.
    NotAdmin,
    /// Minting this amount would take the total supply above the 21M TAO cap.
    CapExceeded,
}

impl From<crate::admin::AdminError> for TokenError {
    fn from(_: crate::admin::AdminError) -> Self {
        TokenError::NotAdmin
    }
}

#[ink::trait_definition]
pub trait TaoSupply {
    /// Creates `amount` rao for `to`. Zero is a no-op.
    ///
    /// # Events
    /// `psp22::Transfer { from: None, .. }`.
    /// # Errors
    /// `NotMinter` unless the caller is the minter; `CapExceeded` if the supply would pass the cap.
    #[ink(message)]
    fn mint(&mut self, to: AccountId, amount: Balance) -> Result<(), TokenError>;

    /// The supply cap in rao (21e15).
    #[ink(message)]
    fn cap(&self) -> Balance;

    /// The account allowed to mint, if any.
    #[ink(message)]
    fn minter(&self) -> Option<AccountId>;

    /// Sets (or clears) the minter.
    ///
    /// # Events
    /// `MinterChanged`.
    /// # Errors
    /// `NotAdmin` unless the caller is the admin.
    #[ink(message)]
    fn set_minter(&mut self, minter: Option<AccountId>) -> Result<(), TokenError>;
}

/// The minter role moved.
#[ink::event]
pub struct MinterChanged {
    #[ink(topic)]
    pub previous: Option<AccountId>,
    #[ink(topic)]
    pub new: Option<AccountId>,
}
