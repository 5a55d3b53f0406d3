//! Test-only upgrade target for `tao_token`: the same storage layout (same struct name and
//! fields, so the same storage keys) with a `version` message, to prove `set_code` keeps state.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod tao_token_v2 {
    use interfaces::admin::AdminRole;
    use interfaces::psp22::PSP22Data;

    #[ink(storage)]
    pub struct TaoToken {
        data: PSP22Data,
        admin: AdminRole,
        minter: Option<AccountId>,
    }

    impl Default for TaoToken {
        fn default() -> Self {
            Self::new()
        }
    }

    impl TaoToken {
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                data: PSP22Data::new(0, Self::env().caller()).0,
                admin: AdminRole::new(Self::env().caller()),
                minter: None,
            }
        }

        #[ink(message)]
        pub fn version(&self) -> u32 {
            2
        }

        #[ink(message)]
        pub fn balance_of(&self, owner: AccountId) -> u128 {
            self.data.balance_of(owner)
        }

        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        pub fn minter(&self) -> Option<AccountId> {
            self.minter
        }
    }
}
