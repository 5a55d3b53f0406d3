//! # TAO token
//!
//! PSP22 + PSP22Metadata + PSP22Burnable over the `psp22` crate's `PSP22Data`, with two
//! additions: a minter role (the emission contract) that alone creates TAO, and a hard cap
//! of 21,000,000 TAO (21e15 rao) that no path can exceed. The admin (the deployer, then
//! governance) sets the minter, hands the admin role on, and upgrades the code.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod supply;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::tao_token::{TaoToken, TaoTokenRef};

#[ink::contract]
mod tao_token {
    use crate::supply::check_mint;
    use ink::prelude::{string::String, vec::Vec};
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::psp22::{
        PSP22Burnable, PSP22Data, PSP22Error, PSP22Event, PSP22Metadata, PSP22,
    };
    use interfaces::token::{MinterChanged, TaoSupply, TokenError};
    use interfaces::{TAO_DECIMALS, TAO_SUPPLY_CAP};

    #[ink(storage)]
    pub struct TaoToken {
        data: PSP22Data,
        admin: AdminRole,
        minter: Option<AccountId>,
    }

    impl TaoToken {
        /// An empty token (all TAO comes from emission) administered by the deployer.
        #[ink(constructor)]
        pub fn new(minter: Option<AccountId>) -> Self {
            let (data, events) = PSP22Data::new(0, Self::env().caller());
            let token = Self {
                data,
                admin: AdminRole::new(Self::env().caller()),
                minter,
            };
            token.emit_psp22(events);
            if minter.is_some() {
                token.env().emit_event(MinterChanged {
                    previous: None,
                    new: minter,
                });
            }
            token
        }

        fn emit_psp22(&self, events: Vec<PSP22Event>) {
            for event in events {
                match event {
                    PSP22Event::Transfer(e) => self.env().emit_event(e),
                    PSP22Event::Approval(e) => self.env().emit_event(e),
                }
            }
        }

        fn emitting(&self, result: Result<Vec<PSP22Event>, PSP22Error>) -> Result<(), PSP22Error> {
            self.emit_psp22(result?);
            Ok(())
        }
    }

    impl PSP22 for TaoToken {
        #[ink(message)]
        fn total_supply(&self) -> u128 {
            self.data.total_supply()
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u128 {
            self.data.balance_of(owner)
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
            self.data.allowance(owner, spender)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let result = self.data.transfer(self.env().caller(), to, value);
            self.emitting(result)
        }

        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let result = self
                .data
                .transfer_from(self.env().caller(), from, to, value);
            self.emitting(result)
        }

        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
            let result = self.data.approve(self.env().caller(), spender, value);
            self.emitting(result)
        }

        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta: u128,
        ) -> Result<(), PSP22Error> {
            let result = self
                .data
                .increase_allowance(self.env().caller(), spender, delta);
            self.emitting(result)
        }

        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta: u128,
        ) -> Result<(), PSP22Error> {
            let result = self
                .data
                .decrease_allowance(self.env().caller(), spender, delta);
            self.emitting(result)
        }
    }

    impl PSP22Metadata for TaoToken {
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            Some(String::from("TAO"))
        }

        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            Some(String::from("TAO"))
        }

        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            TAO_DECIMALS
        }
    }

    impl PSP22Burnable for TaoToken {
        /// Burns `value` of the caller's own balance.
        #[ink(message)]
        fn burn(&mut self, value: u128) -> Result<(), PSP22Error> {
            let result = self.data.burn(self.env().caller(), value);
            self.emitting(result)
        }
    }

    impl TaoSupply for TaoToken {
        #[ink(message)]
        fn mint(&mut self, to: AccountId, amount: Balance) -> Result<(), TokenError> {
            check_mint(
                self.minter,
                self.env().caller(),
                self.data.total_supply(),
                amount,
            )?;
            let events = self
                .data
                .mint(to, amount)
                .map_err(|_| TokenError::CapExceeded)?;
            self.emit_psp22(events);
            Ok(())
        }

        #[ink(message)]
        fn cap(&self) -> Balance {
            TAO_SUPPLY_CAP
        }

        #[ink(message)]
        fn minter(&self) -> Option<AccountId> {
            self.minter
        }

        #[ink(message)]
        fn set_minter(&mut self, minter: Option<AccountId>) -> Result<(), TokenError> {
            self.admin.ensure(self.env().caller())?;
            let previous = core::mem::replace(&mut self.minter, minter);
            self.env().emit_event(MinterChanged {
                previous,
                new: minter,
            });
            Ok(())
        }
    }

    impl Admin for TaoToken {
        #[ink(message)]
        fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), AdminError> {
            let event = self.admin.transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn set_code(&mut self, code_hash: Hash) -> Result<(), AdminError> {
            let event = self.admin.set_code(self.env().caller(), code_hash)?;
            self.env().emit_event(event);
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test::{default_accounts, recorded_events, set_caller};
        use ink::env::DefaultEnvironment;

        fn accounts() -> ink::env::test::DefaultAccounts<DefaultEnvironment> {
            default_accounts::<DefaultEnvironment>()
        }

        #[ink::test]
        fn metadata_is_tao_with_nine_decimals() {
            let token = TaoToken::new(None);
            assert_eq!(token.token_name().as_deref(), Some("TAO"));
            assert_eq!(token.token_symbol().as_deref(), Some("TAO"));
            assert_eq!(token.token_decimals(), 9);
            assert_eq!(token.cap(), 21_000_000_000_000_000);
            assert_eq!(token.total_supply(), 0);
        }

        #[ink::test]
        fn minter_mints_up_to_the_cap_and_nobody_else_mints() {
            let a = accounts();
            set_caller::<DefaultEnvironment>(a.alice);
            let mut token = TaoToken::new(Some(a.bob));
            assert_eq!(token.mint(a.charlie, 5), Err(TokenError::NotMinter));
            set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(token.mint(a.charlie, TAO_SUPPLY_CAP - 1), Ok(()));
            assert_eq!(token.mint(a.charlie, 2), Err(TokenError::CapExceeded));
            assert_eq!(token.mint(a.django, 1), Ok(()));
            assert_eq!(token.total_supply(), TAO_SUPPLY_CAP);
            assert_eq!(token.balance_of(a.charlie), TAO_SUPPLY_CAP - 1);
            assert_eq!(token.mint(a.django, 1), Err(TokenError::CapExceeded));
        }

        #[ink::test]
        fn admin_sets_minter_and_hands_over() {
            let a = accounts();
            set_caller::<DefaultEnvironment>(a.alice);
            let mut token = TaoToken::new(None);
            set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(token.set_minter(Some(a.bob)), Err(TokenError::NotAdmin));
            assert_eq!(token.transfer_admin(a.bob), Err(AdminError::NotAdmin));
            set_caller::<DefaultEnvironment>(a.alice);
            let before = recorded_events().count();
            assert_eq!(token.set_minter(Some(a.bob)), Ok(()));
            assert_eq!(token.minter(), Some(a.bob));
            assert_eq!(token.transfer_admin(a.charlie), Ok(()));
            assert_eq!(token.admin(), a.charlie);
            assert_eq!(recorded_events().count(), before + 2);
            assert_eq!(token.set_minter(None), Err(TokenError::NotAdmin));
        }
    }
}
