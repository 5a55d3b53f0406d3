//! Typed calls into the TAO token.

use drink::AccountId32;
use interfaces::psp22::PSP22Error;
use interfaces::token::TokenError;
use interfaces::Balance;

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

/// Typed calls into the TAO token.
pub struct Token {
    pub address: AccountId32,
}

impl Token {
    pub fn balance_of(
        &self,
        chain: &mut dyn Backend,
        who: &AccountId32,
    ) -> Result<Balance, ChainError> {
        chain.query(&self.address, "PSP22::balance_of", &[arg::account(who)])
    }

    pub fn total_supply(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "PSP22::total_supply", &[])
    }

    pub fn allowance(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        spender: &AccountId32,
    ) -> Result<Balance, ChainError> {
        chain.query(
            &self.address,
            "PSP22::allowance",
            &[arg::account(owner), arg::account(spender)],
        )
    }

    pub fn transfer(
        &self,
        chain: &mut dyn Backend,
        from: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Result<Result<(), PSP22Error>, ChainError> {
        let args = [arg::account(to), arg::number(value), arg::empty_bytes()];
        chain
            .act_as(from)
            .call(&self.address, "PSP22::transfer", &args)
    }

    pub fn approve(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        spender: &AccountId32,
        value: Balance,
    ) -> Result<Result<(), PSP22Error>, ChainError> {
        let args = [arg::account(spender), arg::number(value)];
        chain
            .act_as(owner)
            .call(&self.address, "PSP22::approve", &args)
    }

    pub fn transfer_from(
        &self,
        chain: &mut dyn Backend,
        spender: &AccountId32,
        from: &AccountId32,
        to: &AccountId32,
        value: Balance,
    ) -> Result<Result<(), PSP22Error>, ChainError> {
        let args = [
            arg::account(from),
            arg::account(to),
            arg::number(value),
            arg::empty_bytes(),
        ];
        chain
            .act_as(spender)
            .call(&self.address, "PSP22::transfer_from", &args)
    }

    pub fn burn(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        value: Balance,
    ) -> Result<Result<(), PSP22Error>, ChainError> {
        chain
            .act_as(owner)
            .call(&self.address, "PSP22Burnable::burn", &[arg::number(value)])
    }

    pub fn mint(
        &self,
        chain: &mut dyn Backend,
        minter: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Result<Result<(), TokenError>, ChainError> {
        let args = [arg::account(to), arg::number(amount)];
        chain
            .act_as(minter)
            .call(&self.address, messages::MINT, &args)
    }

    pub fn minter(
        &self,
        chain: &mut dyn Backend,
    ) -> Result<Option<interfaces::AccountId>, ChainError> {
        chain.query(&self.address, "TaoSupply::minter", &[])
    }

    pub fn set_minter(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        minter: Option<&AccountId32>,
    ) -> Result<Result<(), TokenError>, ChainError> {
        let minter_arg = minter.map_or_else(arg::none, arg::some_account);
        chain
            .act_as(admin)
            .call(&self.address, messages::SET_MINTER, &[minter_arg])
    }
}
