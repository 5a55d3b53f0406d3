//! Typed calls into the emission contract.

use drink::AccountId32;
pub use interfaces::emission::EmissionConfig;
use interfaces::emission::{EmissionError, EpochProgress, EpochStatus, SharesRule, SubnetEmission};
use interfaces::entries::Entries;
use interfaces::{AccountId, Balance, NetUid, Uid};

use crate::chain::{arg, Backend, ChainError, Typed};

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

    /// Governance only: stops the subnet's running epoch.
    pub fn abort_epoch(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        netuid: NetUid,
    ) -> Outcome {
        chain
            .act_as(admin)
            .call(&self.address, "abort_epoch", &[arg::number(netuid)])
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

    /// One keeper step, signed by `keeper`.
    pub fn epoch_step(
        &self,
        chain: &mut dyn Backend,
        keeper: &AccountId32,
        netuid: NetUid,
        max_rows: u16,
    ) -> Outcome<EpochProgress> {
        chain.act_as(keeper).call(
            &self.address,
            "Emission::epoch_step",
            &[arg::number(netuid), arg::number(max_rows)],
        )
    }

    /// Steps until the epoch finishes; returns the final progress and the number of calls.
    pub fn run_epoch(
        &self,
        chain: &mut dyn Backend,
        keeper: &AccountId32,
        netuid: NetUid,
        max_rows: u16,
    ) -> Outcome<(EpochProgress, u32)> {
        let mut calls = 0;
        loop {
            calls += 1;
            match self.epoch_step(chain, keeper, netuid, max_rows)? {
                Ok(done @ EpochProgress::Finished { .. }) => return Ok(Ok((done, calls))),
                Ok(EpochProgress::Running { .. }) => {}
                Err(error) => return Ok(Err(error)),
            }
        }
    }

    pub fn running_epoch(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Option<EpochStatus>, ChainError> {
        chain.query(
            &self.address,
            "Emission::running_epoch",
            &[arg::number(netuid)],
        )
    }

    pub fn bonds(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        uid: Uid,
    ) -> Result<Vec<(Uid, u16)>, ChainError> {
        let bonds: Entries = chain.query(
            &self.address,
            "Emission::bonds",
            &[arg::number(netuid), arg::number(uid)],
        )?;
        Ok(bonds.to_pairs())
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
        chain
            .act_as(admin)
            .call(&self.address, "set_config", &[arg::numbers_struct(config)])
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
            .call(&self.address, "use_root_shares", &[])
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
