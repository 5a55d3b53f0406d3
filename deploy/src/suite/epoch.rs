//! Typed calls into the epoch contract.

use drink::AccountId32;
use interfaces::admin::AdminError;
use interfaces::emission::{EmissionError, EpochProgress, EpochStatus};
use interfaces::entries::Entries;
use interfaces::{Hash, NetUid, Uid};

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

pub struct EpochClient {
    pub address: AccountId32,
}

type Outcome<T = ()> = Result<Result<T, EmissionError>, ChainError>;

impl EpochClient {
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

    /// Governance only: runs the rows stage with the uploaded `code_hash`.
    pub fn set_rows_code(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        code_hash: &Hash,
    ) -> Result<Result<(), AdminError>, ChainError> {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_ROWS_CODE,
            &[arg::hash(code_hash)],
        )
    }

    /// The code that runs the rows stage.
    pub fn rows_code(&self, chain: &mut dyn Backend) -> Result<Hash, ChainError> {
        chain.query(&self.address, "rows_code", &[])
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
            "Epoch::epoch_step",
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
            "Epoch::running_epoch",
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
            "Epoch::bonds",
            &[arg::number(netuid), arg::number(uid)],
        )?;
        Ok(bonds.to_pairs())
    }
}
