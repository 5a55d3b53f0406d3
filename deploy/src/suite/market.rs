//! Typed calls into the market contract.

use drink::AccountId32;
use interfaces::market::{AlphaFunding, MarketError, MarketState, SwapQuote};
use interfaces::{AccountId, Balance, NetUid, U16Proportion};

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

pub struct MarketClient {
    pub address: AccountId32,
}

type Answer<T> = Result<Result<T, MarketError>, ChainError>;

impl MarketClient {
    /// Opens `netuid`'s market with its lock, as `caller` (its owner or the admin).
    pub fn open_market(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
    ) -> Answer<Balance> {
        chain
            .act_as(caller)
            .call(&self.address, "Market::open_market", &[arg::number(netuid)])
    }

    /// Stakes `tao` of `coldkey`'s TAO to `hotkey` on `netuid`; returns the alpha bought.
    pub fn add_stake(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
        netuid: NetUid,
        tao: Balance,
        max_price: Option<Balance>,
    ) -> Answer<Balance> {
        let args = [
            arg::account(hotkey),
            arg::number(netuid),
            arg::number(tao),
            arg::option_number(max_price),
        ];
        chain
            .act_as(coldkey)
            .call(&self.address, "Market::add_stake", &args)
    }

    /// Unstakes `alpha` of `coldkey`'s stake in `hotkey` on `netuid`; returns the TAO paid.
    pub fn remove_stake(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
        netuid: NetUid,
        alpha: Balance,
        min_price: Option<Balance>,
    ) -> Answer<Balance> {
        let args = [
            arg::account(hotkey),
            arg::number(netuid),
            arg::number(alpha),
            arg::option_number(min_price),
        ];
        chain
            .act_as(coldkey)
            .call(&self.address, "Market::remove_stake", &args)
    }

    pub fn market(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Option<MarketState>, ChainError> {
        chain.query(&self.address, "Market::market", &[arg::number(netuid)])
    }

    pub fn quote_stake(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        tao: Balance,
    ) -> Answer<SwapQuote> {
        let args = [arg::number(netuid), arg::number(tao)];
        chain.query(&self.address, "Market::quote_stake", &args)
    }

    pub fn quote_unstake(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        alpha: Balance,
    ) -> Answer<SwapQuote> {
        let args = [arg::number(netuid), arg::number(alpha)];
        chain.query(&self.address, "Market::quote_unstake", &args)
    }

    pub fn alpha_of(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        coldkey: &AccountId32,
    ) -> Result<Balance, ChainError> {
        let args = [
            arg::account(hotkey),
            arg::number(netuid),
            arg::account(coldkey),
        ];
        chain.query(&self.address, "Market::alpha_of", &args)
    }

    pub fn total_alpha_of(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
    ) -> Result<Balance, ChainError> {
        let args = [arg::account(hotkey), arg::number(netuid)];
        chain.query(&self.address, "Market::total_alpha_of", &args)
    }

    pub fn moving_prices(
        &self,
        chain: &mut dyn Backend,
        netuids: &[NetUid],
    ) -> Result<Vec<Balance>, ChainError> {
        let list = arg::list(netuids.iter().map(|n| arg::number(*n)));
        chain.query(&self.address, "Market::moving_prices", &[list])
    }

    /// Funds `netuid`'s epoch with `tao` as `caller` (the market's emission role).
    pub fn fund_epoch(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
        tao: Balance,
        owner_cut: U16Proportion,
    ) -> Answer<AlphaFunding> {
        let args = [
            arg::number(netuid),
            arg::number(tao),
            arg::number(owner_cut),
        ];
        chain
            .act_as(caller)
            .call(&self.address, "Market::fund_epoch", &args)
    }

    pub fn roles(
        &self,
        chain: &mut dyn Backend,
    ) -> Result<(Option<AccountId>, Option<AccountId>), ChainError> {
        chain.query(&self.address, "Market::roles", &[])
    }

    pub fn set_roles(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        emission: Option<&AccountId32>,
        epoch: Option<&AccountId32>,
    ) -> Answer<()> {
        let args = [arg::option_account(emission), arg::option_account(epoch)];
        chain
            .act_as(admin)
            .call(&self.address, messages::SET_MARKET_ROLES, &args)
    }

    pub fn tao_weight(&self, chain: &mut dyn Backend) -> Result<U16Proportion, ChainError> {
        chain.query(&self.address, "Market::tao_weight", &[])
    }

    pub fn set_tao_weight(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        weight: U16Proportion,
    ) -> Answer<()> {
        chain.act_as(admin).call(
            &self.address,
            "Market::set_tao_weight",
            &[arg::number(weight)],
        )
    }

    /// (the markets' moving prices added up, the sum above which root dividends are sold).
    pub fn root_sale_terms(
        &self,
        chain: &mut dyn Backend,
    ) -> Result<(Balance, Balance), ChainError> {
        chain.query(&self.address, "Market::root_sale_terms", &[])
    }

    pub fn set_root_sale_threshold(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        threshold: Balance,
    ) -> Answer<()> {
        chain.act_as(admin).call(
            &self.address,
            "Market::set_root_sale_threshold",
            &[arg::number(threshold)],
        )
    }

    /// Moves `old`'s alpha in `hotkey` on `netuid` to its swap successor, as `caller` (anyone).
    pub fn move_swapped_alpha(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        old: &AccountId32,
        hotkey: &AccountId32,
        netuid: NetUid,
    ) -> Answer<Balance> {
        let args = [arg::account(old), arg::account(hotkey), arg::number(netuid)];
        chain
            .act_as(caller)
            .call(&self.address, "Market::move_swapped_alpha", &args)
    }
}
