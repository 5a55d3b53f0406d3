//! Typed calls into the weights contract.

use drink::AccountId32;
use interfaces::weights::{WeightRow, WeightsError};
use interfaces::{Hash, NetUid, Uid};

use crate::chain::{arg, Backend, ChainError, Typed};

/// Committed weights, as revealed: what the commit hash covers besides hotkey and netuid.
pub struct Reveal<'a> {
    pub uids: &'a [Uid],
    pub values: &'a [u16],
    pub salt: &'a [u16],
    pub version_key: u64,
}

impl Reveal<'_> {
    fn args(&self) -> [String; 4] {
        [
            numbers(self.uids),
            numbers(self.values),
            numbers(self.salt),
            arg::number(self.version_key),
        ]
    }
}

pub struct WeightsClient {
    pub address: AccountId32,
}

type Outcome = Result<Result<(), WeightsError>, ChainError>;

fn numbers<T: ToString>(values: &[T]) -> String {
    arg::list(values.iter().map(ToString::to_string))
}

impl WeightsClient {
    pub fn set_weights(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        uids: &[Uid],
        values: &[u16],
        version_key: u64,
    ) -> Outcome {
        let args = [
            arg::number(netuid),
            numbers(uids),
            numbers(values),
            arg::number(version_key),
        ];
        chain
            .act_as(hotkey)
            .call(&self.address, "Weights::set_weights", &args)
    }

    /// `set_dense_weights`: `values[uid]` for every uid from 0.
    pub fn set_dense_weights(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        values: &[u16],
        version_key: u64,
    ) -> Outcome {
        let args = [
            arg::number(netuid),
            numbers(values),
            arg::number(version_key),
        ];
        chain
            .act_as(hotkey)
            .call(&self.address, "Weights::set_dense_weights", &args)
    }

    pub fn commit_hash(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        reveal: &Reveal<'_>,
    ) -> Result<Hash, ChainError> {
        let mut args = vec![arg::account(hotkey), arg::number(netuid)];
        args.extend(reveal.args());
        chain.query(&self.address, "commit_hash", &args)
    }

    pub fn commit_weights(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        hash: &Hash,
    ) -> Outcome {
        chain.act_as(hotkey).call(
            &self.address,
            "Weights::commit_weights",
            &[arg::number(netuid), arg::hash(hash)],
        )
    }

    pub fn reveal_weights(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        reveal: &Reveal<'_>,
    ) -> Outcome {
        let mut args = vec![arg::number(netuid)];
        args.extend(reveal.args());
        chain
            .act_as(hotkey)
            .call(&self.address, "Weights::reveal_weights", &args)
    }

    pub fn weight_rows(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        start: Uid,
        count: u16,
    ) -> Result<Vec<WeightRow>, ChainError> {
        let args = [arg::number(netuid), arg::number(start), arg::number(count)];
        chain.query(&self.address, "Weights::weight_rows", &args)
    }

    pub fn last_update(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        uid: Uid,
    ) -> Result<Option<u32>, ChainError> {
        chain.query(
            &self.address,
            "last_update",
            &[arg::number(netuid), arg::number(uid)],
        )
    }
}
