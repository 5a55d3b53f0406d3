//! Typed calls into the subnet registry.

use drink::AccountId32;
pub use interfaces::registry::NetworkConfig;
use interfaces::registry::{
    AxonInfo, ColdkeySwap, Hyperparameters, Neuron, NeuronResult, RegistryError, SubnetIdentity,
    SubnetInfo, ValidatorIdentity,
};
use interfaces::{AccountId, Balance, BlockNumber, NetUid, Uid};

use crate::chain::{arg, Backend, ChainError, Typed};
use crate::messages;

/// A byte string field as contract-transcode reads it (hex, or `[]` when empty).
fn text_arg(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        arg::empty_bytes()
    } else {
        arg::bytes(bytes)
    }
}

/// Uids read per call: 128 neurons or results answer in well under the 16 KiB return buffer.
const READ_PAGE: u16 = 128;

/// Pages from uid 0 until a short page: a subnet holds at most 4,096 uids.
fn all_pages<T>(
    mut page: impl FnMut(Uid) -> Result<Vec<T>, ChainError>,
) -> Result<Vec<T>, ChainError> {
    let mut all = Vec::new();
    loop {
        let start = Uid::try_from(all.len()).unwrap_or(Uid::MAX);
        let next = page(start)?;
        let last = next.len() < usize::from(READ_PAGE);
        all.extend(next);
        if last || start == Uid::MAX {
            return Ok(all);
        }
    }
}

/// Where an axon serves: (version, ip, port, ip_type, protocol).
pub type Endpoint = (u32, u128, u16, u8, u8);

pub struct RegistryClient {
    pub address: AccountId32,
}

type Outcome<T = ()> = Result<Result<T, RegistryError>, ChainError>;

impl RegistryClient {
    /// The admin sets the market role: the contract that may take subnets' locks.
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

    pub fn market(&self, chain: &mut dyn Backend) -> Result<Option<AccountId>, ChainError> {
        chain.query(&self.address, "market", &[])
    }

    /// The market role's call: the subnet's lock, transferred to the caller.
    pub fn release_lock(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
    ) -> Outcome<Balance> {
        chain.act_as(caller).call(
            &self.address,
            "SubnetRegistry::release_lock",
            &[arg::number(netuid)],
        )
    }

    pub fn set_emission(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        emission: Option<&AccountId32>,
    ) -> Outcome {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_EMISSION,
            &[arg::option_account(emission)],
        )
    }

    pub fn config(&self, chain: &mut dyn Backend) -> Result<NetworkConfig, ChainError> {
        chain.query(&self.address, "config", &[])
    }

    pub fn set_config(
        &self,
        chain: &mut dyn Backend,
        admin: &AccountId32,
        config: NetworkConfig,
    ) -> Outcome {
        chain.act_as(admin).call(
            &self.address,
            messages::SET_CONFIG,
            &[arg::numbers_struct(&config)],
        )
    }

    pub fn lock_cost(&self, chain: &mut dyn Backend) -> Result<Balance, ChainError> {
        chain.query(&self.address, "lock_cost", &[])
    }

    pub fn netuids(&self, chain: &mut dyn Backend) -> Result<Vec<NetUid>, ChainError> {
        chain.query(&self.address, "SubnetRegistry::netuids", &[])
    }

    pub fn create_subnet(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        owner_hotkey: &AccountId32,
    ) -> Outcome<NetUid> {
        chain.act_as(owner).call(
            &self.address,
            "create_subnet",
            &[arg::account(owner_hotkey)],
        )
    }

    /// `change` in SCON, e.g. `Tempo(10)` or `AlphaValues(1638, 2000)`.
    pub fn set_hyperparameter(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
        change: &str,
    ) -> Outcome {
        let args = [arg::number(netuid), change.to_string()];
        chain
            .act_as(caller)
            .call(&self.address, "set_hyperparameter", &args)
    }

    pub fn burn_price(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Option<Balance>, ChainError> {
        chain.query(&self.address, "burn_price", &[arg::number(netuid)])
    }

    pub fn register(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        netuid: NetUid,
        hotkey: &AccountId32,
        max_price: Balance,
    ) -> Outcome<Uid> {
        let args = [
            arg::number(netuid),
            arg::account(hotkey),
            arg::number(max_price),
        ];
        chain.act_as(coldkey).call(&self.address, "register", &args)
    }

    pub fn swap_hotkey(
        &self,
        chain: &mut dyn Backend,
        coldkey: &AccountId32,
        old: &AccountId32,
        new: &AccountId32,
    ) -> Outcome {
        chain.act_as(coldkey).call(
            &self.address,
            "swap_hotkey",
            &[arg::account(old), arg::account(new)],
        )
    }

    pub fn announce_coldkey_swap(
        &self,
        chain: &mut dyn Backend,
        old: &AccountId32,
        new: &AccountId32,
    ) -> Outcome {
        chain
            .act_as(old)
            .call(&self.address, "announce_coldkey_swap", &[arg::account(new)])
    }

    pub fn cancel_coldkey_swap(&self, chain: &mut dyn Backend, old: &AccountId32) -> Outcome {
        chain
            .act_as(old)
            .call(&self.address, "cancel_coldkey_swap", &[])
    }

    /// One page of `old`'s due swap; true once complete.
    pub fn swap_coldkey(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        old: &AccountId32,
    ) -> Outcome<bool> {
        chain
            .act_as(caller)
            .call(&self.address, "swap_coldkey", &[arg::account(old)])
    }

    pub fn coldkey_swap(
        &self,
        chain: &mut dyn Backend,
        old: &AccountId32,
    ) -> Result<Option<ColdkeySwap>, ChainError> {
        chain.query(&self.address, "coldkey_swap", &[arg::account(old)])
    }

    /// The coldkey a finished swap handed `old`'s holdings to.
    pub fn swapped_to(
        &self,
        chain: &mut dyn Backend,
        old: &AccountId32,
    ) -> Result<Option<AccountId>, ChainError> {
        chain.query(
            &self.address,
            "SubnetRegistry::swapped_to",
            &[arg::account(old)],
        )
    }

    pub fn serve_axon(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
        netuid: NetUid,
        endpoint: Endpoint,
    ) -> Outcome {
        let (version, ip, port, ip_type, protocol) = endpoint;
        let args = [
            netuid.to_string(),
            version.to_string(),
            ip.to_string(),
            port.to_string(),
            ip_type.to_string(),
            protocol.to_string(),
        ];
        chain
            .act_as(hotkey)
            .call(&self.address, "serve_axon", &args)
    }

    pub fn axon(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        hotkey: &AccountId32,
    ) -> Result<Option<AxonInfo>, ChainError> {
        chain.query(
            &self.address,
            "axon",
            &[arg::number(netuid), arg::account(hotkey)],
        )
    }

    pub fn results(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        start: Uid,
        count: u16,
    ) -> Result<Vec<NeuronResult>, ChainError> {
        let args = [arg::number(netuid), arg::number(start), arg::number(count)];
        chain.query(&self.address, "results", &args)
    }

    pub fn validator_identity(
        &self,
        chain: &mut dyn Backend,
        hotkey: &AccountId32,
    ) -> Result<Option<ValidatorIdentity>, ChainError> {
        chain.query(&self.address, "validator_identity", &[arg::account(hotkey)])
    }

    pub fn set_validator_identity(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        hotkey: &AccountId32,
        identity: &ValidatorIdentity,
    ) -> Outcome {
        let identity = format!(
            "ValidatorIdentity {{ name: {}, url: {}, description: {}, image_url: {} }}",
            text_arg(&identity.name),
            text_arg(&identity.url),
            text_arg(&identity.description),
            text_arg(&identity.image_url)
        );
        chain.act_as(owner).call(
            &self.address,
            "set_validator_identity",
            &[arg::account(hotkey), identity],
        )
    }

    pub fn subnet_identity(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Option<SubnetIdentity>, ChainError> {
        chain.query(&self.address, "subnet_identity", &[arg::number(netuid)])
    }

    pub fn set_subnet_identity(
        &self,
        chain: &mut dyn Backend,
        owner: &AccountId32,
        netuid: NetUid,
        identity: &SubnetIdentity,
    ) -> Outcome {
        let identity = format!(
            "SubnetIdentity {{ name: {}, description: {}, url: {}, contact: {} }}",
            text_arg(&identity.name),
            text_arg(&identity.description),
            text_arg(&identity.url),
            text_arg(&identity.contact)
        );
        chain.act_as(owner).call(
            &self.address,
            "set_subnet_identity",
            &[arg::number(netuid), identity],
        )
    }

    pub fn subnet(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Option<SubnetInfo>, ChainError> {
        chain.query(
            &self.address,
            "SubnetRegistry::subnet",
            &[arg::number(netuid)],
        )
    }

    pub fn hyperparameters(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Option<Hyperparameters>, ChainError> {
        chain.query(
            &self.address,
            "SubnetRegistry::hyperparameters",
            &[arg::number(netuid)],
        )
    }

    pub fn uid_of(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        hotkey: &AccountId32,
    ) -> Result<Option<Uid>, ChainError> {
        chain.query(
            &self.address,
            "SubnetRegistry::uid_of",
            &[arg::number(netuid), arg::account(hotkey)],
        )
    }

    pub fn neurons(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
        start: Uid,
        count: u16,
    ) -> Result<Vec<Neuron>, ChainError> {
        let args = [arg::number(netuid), arg::number(start), arg::number(count)];
        chain.query(&self.address, "SubnetRegistry::neurons", &args)
    }

    /// Every neuron of `netuid`, a page of `READ_PAGE` at a time.
    pub fn all_neurons(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Vec<Neuron>, ChainError> {
        all_pages(|start| self.neurons(chain, netuid, start, READ_PAGE))
    }

    /// Every neuron's last epoch results on `netuid`, a page of `READ_PAGE` at a time.
    pub fn all_results(
        &self,
        chain: &mut dyn Backend,
        netuid: NetUid,
    ) -> Result<Vec<NeuronResult>, ChainError> {
        all_pages(|start| self.results(chain, netuid, start, READ_PAGE))
    }

    pub fn epoch_due(&self, chain: &mut dyn Backend, netuid: NetUid) -> Result<bool, ChainError> {
        chain.query(
            &self.address,
            "SubnetRegistry::epoch_due",
            &[arg::number(netuid)],
        )
    }

    /// `begin_epoch` signed by `caller` (only the holder of the emission role, the epoch contract, may).
    pub fn begin_epoch(
        &self,
        chain: &mut dyn Backend,
        caller: &AccountId32,
        netuid: NetUid,
    ) -> Outcome<interfaces::registry::EpochStart> {
        chain.act_as(caller).call(
            &self.address,
            "SubnetRegistry::begin_epoch",
            &[arg::number(netuid)],
        )
    }

    /// Records `(uid, emission, validator_permit)` results as `emission`.
    pub fn record_epoch(
        &self,
        chain: &mut dyn Backend,
        emission: &AccountId32,
        netuid: NetUid,
        epoch_block: BlockNumber,
        results: &[(Uid, Balance, bool)],
    ) -> Outcome {
        let items = results.iter().map(|(uid, amount, permit)| {
            format!(
                "NeuronResult {{ uid: {uid}, stake: 0, consensus: 0, incentive: 0, dividends: 0, validator_trust: 0, validator_permit: {permit}, active: true, emission: {amount} }}"
            )
        });
        let args = [
            arg::number(netuid),
            arg::number(epoch_block),
            arg::list(items),
        ];
        chain
            .act_as(emission)
            .call(&self.address, "SubnetRegistry::record_epoch", &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_pages_reads_until_a_short_page() {
        let uids: Vec<Uid> = (0..300).collect();
        let mut calls = Vec::new();
        let read = all_pages(|start| {
            calls.push(start);
            let start = usize::from(start);
            let end = (start + usize::from(READ_PAGE)).min(uids.len());
            Ok(uids[start..end].to_vec())
        })
        .unwrap();
        assert_eq!(read, uids);
        assert_eq!(calls, [0, 128, 256]);
        let exact = all_pages(|start| Ok(vec![start; if start == 0 { 128 } else { 0 }])).unwrap();
        assert_eq!(exact.len(), 128);
    }
}
