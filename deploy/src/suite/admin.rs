//! Typed calls into the `Admin` trait every contract implements.

use drink::AccountId32;
use interfaces::admin::AdminError;
use interfaces::Hash;

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

pub struct AdminClient {
    pub address: AccountId32,
}

impl AdminClient {
    pub fn admin(&self, chain: &mut dyn Backend) -> Result<interfaces::AccountId, ChainError> {
        chain.query(&self.address, "Admin::admin", &[])
    }

    pub fn transfer_admin(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        new_admin: &AccountId32,
    ) -> Result<Result<(), AdminError>, ChainError> {
        chain.act_as(admin).call(
            &self.address,
            messages::TRANSFER_ADMIN,
            &[arg::account(new_admin)],
        )
    }

    pub fn set_code(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        code_hash: &Hash,
    ) -> Result<Result<(), AdminError>, ChainError> {
        chain
            .act_as(admin)
            .call(&self.address, "Admin::set_code", &[arg::hash(code_hash)])
    }
}
