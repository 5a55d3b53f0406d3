//! Subnets and neurons: the markets, who is registered in them, and the metagraph written
//! back by each epoch. Sketch for the registry issue; the signatures may still grow.

use crate::types::{AccountId, Balance, BlockNumber, NetUid, U16Proportion, Uid};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum RegistryError {
    NotAdmin,
    Unauthorized,
    UnknownSubnet,
    SubnetLimitReached,
    NetworkRateLimited,
    HotkeyAlreadyRegistered,
    NotRegistered,
    NoNeuronAvailable,
    HyperparameterOutOfRange,
    TokenTransferFailed,
    StakingCallFailed,
}

/// Which bond rule a subnet's epoch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum YumaVariant {
    /// Stake-scaled bond deltas, column-normalised (subtensor's classic path).
    Classic,
    /// Absolute bond EMA of the weights (Yuma 3), optionally with liquid alpha.
    #[default]
    Yuma3,
}

/// What the epoch needs to know of a subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SubnetInfo {
    pub owner: AccountId,
    pub owner_hotkey: AccountId,
    pub neuron_count: u16,
    pub tempo: u16,
    pub locked: Balance,
    pub registered_at: BlockNumber,
}

/// One neuron as the epoch and the metagraph views see it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Neuron {
    pub uid: Uid,
    pub hotkey: AccountId,
    pub registered_at: BlockNumber,
}

/// One neuron's epoch results, as u16 proportions except the emission.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct NeuronResult {
    pub uid: Uid,
    pub consensus: U16Proportion,
    pub incentive: U16Proportion,
    pub dividends: U16Proportion,
    pub validator_trust: U16Proportion,
    pub validator_permit: bool,
    pub emission: Balance,
}

#[ink::trait_definition]
pub trait SubnetRegistry {
    #[ink(message)]
    fn subnet(&self, netuid: NetUid) -> Option<SubnetInfo>;

    #[ink(message)]
    fn uid_of(&self, netuid: NetUid, hotkey: AccountId) -> Option<Uid>;

    /// Neurons `start..start+count` of a subnet, in one call.
    #[ink(message)]
    fn neurons(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<Neuron>;

    /// Emission only: writes a page of epoch results.
    #[ink(message)]
    fn record_epoch(
        &mut self,
        netuid: NetUid,
        epoch_block: BlockNumber,
        results: Vec<NeuronResult>,
    ) -> Result<(), RegistryError>;
}
