//! The admin role every contract carries: the deployer at first, the governance contract
//! after hand-over. The admin may hand the role on and replace the contract's code.

use crate::types::{AccountId, Hash};

/// Why an admin action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum AdminError {
    /// The caller is not the contract's admin.
    NotAdmin,
    /// `set_code_hash` failed: no code with that hash is uploaded.
    CodeNotFound,
}

#[ink::trait_definition]
pub trait Admin {
    /// The account allowed to change this contract's privileged settings.
    #[ink(message)]
    fn admin(&self) -> AccountId;

    /// Hands the admin role to `new_admin` (one step: governance cannot accept a role).
    ///
    /// # Events
    /// `AdminChanged`.
    /// # Errors
    /// `NotAdmin` if the caller is not the admin.
    #[ink(message)]
    fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), AdminError>;

    /// Replaces this contract's code, keeping its storage and address.
    ///
    /// # Events
    /// `CodeUpgraded`.
    /// # Errors
    /// `NotAdmin` if the caller is not the admin; `CodeNotFound` if no such code is uploaded.
    #[ink(message)]
    fn set_code(&mut self, code_hash: Hash) -> Result<(), AdminError>;
}

/// The admin role moved.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminChanged {
    #[ink(topic)]
    pub previous: AccountId,
    #[ink(topic)]
    pub new: AccountId,
}

/// The contract's code was replaced.
#[ink::event]
pub struct CodeUpgraded {
    #[ink(topic)]
    pub code_hash: Hash,
}

/// The admin role as a value every contract embeds in its storage: the one place where
/// "only the admin may do this" is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::storage_item]
pub struct AdminRole {
    admin: AccountId,
}

impl AdminRole {
    pub fn new(admin: AccountId) -> Self {
        Self { admin }
    }

    pub fn admin(&self) -> AccountId {
        self.admin
    }

    /// `Ok` only when `caller` holds the role.
    pub fn ensure(&self, caller: AccountId) -> Result<(), AdminError> {
        if caller == self.admin {
            Ok(())
        } else {
            Err(AdminError::NotAdmin)
        }
    }

    /// Replaces the running contract's code if `caller` holds the role, returning the event
    /// to emit. Storage and address stay.
    pub fn set_code(&self, caller: AccountId, code_hash: Hash) -> Result<CodeUpgraded, AdminError> {
        self.ensure(caller)?;
        ink::env::set_code_hash::<ink::env::DefaultEnvironment>(&code_hash)
            .map_err(|_| AdminError::CodeNotFound)?;
        Ok(CodeUpgraded { code_hash })
    }

    /// Moves the role to `new_admin` if `caller` holds it, returning the event to emit.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        new_admin: AccountId,
    ) -> Result<AdminChanged, AdminError> {
        self.ensure(caller)?;
        let previous = core::mem::replace(&mut self.admin, new_admin);
        Ok(AdminChanged {
            previous,
            new: new_admin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_admin_passes_and_transfer_moves_the_role() {
        let alice = AccountId::from([1; 32]);
        let bob = AccountId::from([2; 32]);
        let mut role = AdminRole::new(alice);
        assert_eq!(role.ensure(bob), Err(AdminError::NotAdmin));
        assert_eq!(role.transfer(bob, bob), Err(AdminError::NotAdmin));
        assert_eq!(role.admin(), alice);
        let event = role.transfer(alice, bob).expect("alice is admin");
        assert_eq!((event.previous, event.new), (alice, bob));
        assert_eq!(role.ensure(alice), Err(AdminError::NotAdmin));
        assert_eq!(role.ensure(bob), Ok(()));
    }
}
