//! Typed calls into the emission contract.

use drink::AccountId32;
pub use interfaces::emission::EmissionConfig;
use interfaces::emission::{EmissionError, EpochTerms, SharesRule, SubnetEmission};
use interfaces::{AccountId, Balance, NetUid};

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

fn pairs(pairs: &[(NetUid, u16)]) -> String {
    arg::list(
        pairs
            .iter()
            .map(|(netuid, part)| format!("({netuid}, {part})")),
    )
}

pub struct EmissionClient {
    pub address: AccountId32,
}

type Outcome<T = ()> = Result<Result<T, EmissionError>, ChainError>;

impl EmissionClient {
    pub fn issuance(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "Emission::issuance", &[])
    }

    pub fn minted(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "Emission::minted", &[])
    }

    pub fn burned(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "Emission::burned", &[])
    }

    pub fn block_emission(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "Emission::block_emission", &[])
    }

    pub fn pending_emission(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Balance, ChainError> {
        chain.query(
            &self.address,
            "Emission::pending_emission",
            &[arg::number(netuid)],
        )
    }

    /// What `netuid`'s running epoch still holds of its emission.
    pub fn held_by_epoch(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Balance, ChainError> {
        chain.query(
            &self.address,
            "Emission::held_by_epoch",
            &[arg::number(netuid)],
        )
    }

    /// The epoch role's calls (tests play the epoch contract with them).
    pub fn open_epoch(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
        owner: &AccountId32,
    ) -> Outcome<EpochTerms> {
        chain.act_as(caller).call(
            &self.address,
            "Emission::open_epoch",
            &[arg::number(netuid), arg::account(owner)],
        )
    }

    pub fn pay_epoch(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
        paid: Balance,
        burned: Balance,
    ) -> Outcome {
        let args = [arg::number(netuid), arg::number(paid), arg::number(burned)];
        chain
            .act_as(caller)
            .call(&self.address, "Emission::pay_epoch", &args)
    }

    /// `keeper`: who finished the run (paid the fee); `None` for an abort.
    pub fn close_epoch(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
        keeper: Option<&AccountId32>,
    ) -> Outcome<(Balance, Balance)> {
        let args = [arg::number(netuid), arg::option_account(keeper)];
        chain
            .act_as(caller)
            .call(&self.address, "Emission::close_epoch", &args)
    }

    pub fn set_epoch(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        epoch: Option<&AccountId32>,
    ) -> Outcome {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_EPOCH,
            &[arg::option_account(epoch)],
        )
    }

    pub fn subnet_emissions(
        &self,
        chain: &mut dyn Backend,
    ) -> Result<Vec<SubnetEmission>, ChainError> {
        chain.query(&self.address, "subnet_emissions", &[])
    }

    pub fn shares_rule(&self, chain: &mut dyn Backend) -> Result<SharesRule, ChainError> {
        chain.query(&self.address, "shares_rule", &[])
    }

    pub fn config(&self, chain: &mut dyn Backend) -> Result<EmissionConfig, ChainError> {
        chain.query(&self.address, "config", &[])
    }

    pub fn set_config(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        config: &EmissionConfig,
    ) -> Outcome {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_CONFIG,
            &[arg::numbers_struct(config)],
        )
    }

    pub fn set_fixed_shares(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        parts: &[(NetUid, u16)],
    ) -> Outcome {
        chain
            .act_as(admin)
            .call(&self.address, "set_fixed_shares", &[pairs(parts)])
    }

    pub fn use_root_shares(&self, chain: &mut dyn Backend, admin: &AccountId32) -> Outcome {
        chain
            .act_as(admin)
            .call(&self.address, messages::USE_ROOT_SHARES, &[])
    }

    pub fn use_market_shares(&self, chain: &mut dyn Backend, admin: &AccountId32) -> Outcome {
        chain
            .act_as(admin)
            .call(&self.address, messages::USE_MARKET_SHARES, &[])
    }

    pub fn update_market_shares(&self, chain: &mut dyn Backend, caller: &AccountId32) -> Outcome {
        chain
            .act_as(caller)
            .call(&self.address, "update_market_shares", &[])
    }

    pub fn market(&self, chain: &mut dyn Backend) -> Result<Option<AccountId>, ChainError> {
        chain.query(&self.address, "market", &[])
    }

    pub fn set_market(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        market: Option<&AccountId32>,
    ) -> Outcome {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_MARKET,
            &[arg::option_account(market)],
        )
    }

    pub fn root_register(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
    ) -> Outcome {
        chain
            .act_as(coldkey)
            .call(&self.address, "root_register", &[arg::account(hotkey)])
    }

    pub fn set_root_weights(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        hotkey: &AccountId32,
        weights: &[(NetUid, u16)],
    ) -> Outcome {
        chain.act_as(coldkey).call(
            &self.address,
            "set_root_weights",
            &[arg::account(hotkey), pairs(weights)],
        )
    }

    pub fn update_root_shares(&self, chain: &mut dyn Backend, caller: &AccountId32) -> Outcome {
        chain
            .act_as(caller)
            .call(&self.address, "update_root_shares", &[])
    }

    pub fn root_weights(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
    ) -> Result<Vec<(NetUid, u16)>, ChainError> {
        chain.query(&self.address, "root_weights", &[arg::account(hotkey)])
    }

    pub fn root_members(&self, chain: &mut dyn Backend) -> Result<Vec<AccountId>, ChainError> {
        chain.query(&self.address, "root_members", &[])
    }
}
