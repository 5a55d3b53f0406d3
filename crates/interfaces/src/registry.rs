//! Subnets and neurons: the markets, who is registered in them, their hyperparameters, and
//! the metagraph written back by each epoch.

use crate::types::{AccountId, Balance, BlockNumber, NetUid, U16Proportion, Uid, RAO_PER_TAO};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum RegistryError {
    NotAdmin,
    /// The caller is not the contract allowed to call this (emission).
    Unauthorized,
    UnknownSubnet,
    /// The caller does not own the subnet.
    NotSubnetOwner,
    SubnetLimitReached,
    /// Another subnet was created less than the network rate limit ago.
    NetworkRateLimited,
    /// The hotkey is already registered on this subnet.
    HotkeyAlreadyRegistered,
    /// The hotkey belongs to another coldkey.
    NotHotkeyOwner,
    NotRegistered,
    /// The subnet is full and no neuron may be pruned.
    NoNeuronAvailable,
    /// The current price is above the caller's limit.
    PriceAboveLimit,
    HyperparameterOutOfRange,
    /// The owner may not set this hyperparameter (only governance may).
    NotOwnerSettable,
    /// The owner changed this hyperparameter too recently.
    HyperparameterRateLimited,
    InvalidAxon,
    ServingRateLimited,
    InsufficientBalance,
    InsufficientAllowance,
    TokenCallFailed,
    StakingCallFailed,
    /// Epoch results for more uids than the subnet has.
    ResultsOutOfRange,
    ConfigOutOfRange,
    /// No epoch slot has passed since the last epoch started (or tempo is 0).
    EpochNotDue,
    /// An identity field is longer than its bound or not UTF-8.
    InvalidIdentity,
    /// The new hotkey is owned already, retired by an earlier swap, or the old one itself.
    HotkeyInUse,
    /// The coldkey swapped a hotkey less than `hotkey_swap_rate_limit` blocks ago.
    HotkeySwapRateLimited,
    /// The new coldkey holds stake or hotkeys already, takes part in another swap, or is the
    /// old one itself.
    ColdkeyInUse,
    /// The coldkey has announced a swap already, or another coldkey's swap to it is under way.
    ColdkeySwapPending,
    NoColdkeySwap,
    /// The announced swap's delay has not passed.
    ColdkeySwapNotDue,
    /// The swap has started moving holdings: it can only be finished.
    ColdkeySwapStarted,
    /// The subnet's lock went to its market already.
    LockReleased,
}

/// Whether `field` is UTF-8 of at most `max` bytes.
fn fits(field: &[u8], max: usize) -> bool {
    field.len() <= max && core::str::from_utf8(field).is_ok()
}

/// How a validator presents itself to delegators, set by its hotkey's owner.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ValidatorIdentity {
    pub name: Vec<u8>,
    pub url: Vec<u8>,
    pub description: Vec<u8>,
    pub image_url: Vec<u8>,
}

/// How a subnet presents itself, set by its owner.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct SubnetIdentity {
    pub name: Vec<u8>,
    pub description: Vec<u8>,
    pub url: Vec<u8>,
    pub contact: Vec<u8>,
}

/// Bounds of identity fields, in bytes of UTF-8.
pub const MAX_IDENTITY_NAME: usize = 64;
pub const MAX_IDENTITY_URL: usize = 128;
pub const MAX_IDENTITY_DESCRIPTION: usize = 256;

impl ValidatorIdentity {
    pub fn is_valid(&self) -> bool {
        fits(&self.name, MAX_IDENTITY_NAME)
            && fits(&self.url, MAX_IDENTITY_URL)
            && fits(&self.description, MAX_IDENTITY_DESCRIPTION)
            && fits(&self.image_url, MAX_IDENTITY_URL)
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl SubnetIdentity {
    pub fn is_valid(&self) -> bool {
        fits(&self.name, MAX_IDENTITY_NAME)
            && fits(&self.description, MAX_IDENTITY_DESCRIPTION)
            && fits(&self.url, MAX_IDENTITY_URL)
            && fits(&self.contact, MAX_IDENTITY_URL)
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A validator's identity was set (or cleared, when empty).
#[ink::event]
pub struct ValidatorIdentitySet {
    #[ink(topic)]
    pub hotkey: AccountId,
    pub identity: ValidatorIdentity,
}

/// A subnet's identity was set (or cleared, when empty).
#[ink::event]
pub struct SubnetIdentitySet {
    #[ink(topic)]
    pub netuid: NetUid,
    pub identity: SubnetIdentity,
}

impl From<crate::admin::AdminError> for RegistryError {
    fn from(_: crate::admin::AdminError) -> Self {
        RegistryError::NotAdmin
    }
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn identities_are_bounded_utf8() {
        let name = |bytes: Vec<u8>| ValidatorIdentity {
            name: bytes,
            ..Default::default()
        };
        assert!(name(b"Opentensor Foundation".to_vec()).is_valid());
        assert!(name(vec![b'a'; MAX_IDENTITY_NAME]).is_valid());
        assert!(!name(vec![b'a'; MAX_IDENTITY_NAME + 1]).is_valid());
        assert!(!name(vec![0xff, 0xfe]).is_valid());
        assert!(ValidatorIdentity::default().is_empty());
        let contact = SubnetIdentity {
            contact: vec![b'c'; MAX_IDENTITY_URL + 1],
            ..Default::default()
        };
        assert!(!contact.is_valid());
    }
}

/// A refused token transfer or burn, in the registry's terms.
impl From<psp22::PSP22Error> for RegistryError {
    fn from(error: psp22::PSP22Error) -> Self {
        match error {
            psp22::PSP22Error::InsufficientBalance => RegistryError::InsufficientBalance,
            psp22::PSP22Error::InsufficientAllowance => RegistryError::InsufficientAllowance,
            _ => RegistryError::TokenCallFailed,
        }
    }
}

/// Which bond rule a subnet's epoch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum YumaVariant {
    /// Stake-scaled bond deltas, column-normalised (subtensor's classic path).
    Classic,
    /// Absolute bond EMA of the weights (Yuma 3), optionally with liquid alpha.
    #[default]
    Yuma3,
}

/// A subnet's hyperparameters, with subtensor's defaults for a new subnet (spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Hyperparameters {
    pub tempo: u16,
    pub kappa: U16Proportion,
    pub immunity_period: u16,
    pub max_allowed_uids: u16,
    pub max_allowed_validators: u16,
    pub min_allowed_weights: u16,
    pub weights_rate_limit: u32,
    pub weights_version_key: u64,
    pub activity_cutoff: u32,
    pub bonds_moving_average: u64,
    pub bonds_penalty: U16Proportion,
    pub yuma_variant: YumaVariant,
    pub liquid_alpha_enabled: bool,
    pub alpha_low: U16Proportion,
    pub alpha_high: U16Proportion,
    pub alpha_sigmoid_steepness: i16,
    pub commit_reveal_enabled: bool,
    pub reveal_period_epochs: u16,
    pub min_burn: Balance,
    pub max_burn: Balance,
    pub burn_half_life: u16,
    /// U64F64 bits of the registration price multiplier (1.26 by default).
    pub burn_multiplier_bits: u128,
    pub serving_rate_limit: u32,
    pub stake_threshold: Balance,
    pub min_non_immune_uids: u16,
}

impl Default for Hyperparameters {
    fn default() -> Self {
        Hyperparameters {
            tempo: 360,
            kappa: 32_767,
            immunity_period: 5_000,
            max_allowed_uids: 256,
            max_allowed_validators: 64,
            min_allowed_weights: 1,
            weights_rate_limit: 100,
            weights_version_key: 0,
            activity_cutoff: 5_000,
            bonds_moving_average: 900_000,
            bonds_penalty: u16::MAX,
            yuma_variant: YumaVariant::Yuma3,
            liquid_alpha_enabled: false,
            alpha_low: 45_875,
            alpha_high: 58_982,
            alpha_sigmoid_steepness: 1_000,
            commit_reveal_enabled: false,
            reveal_period_epochs: 1,
            min_burn: 500_000,
            max_burn: 100_000_000_000,
            burn_half_life: 360,
            burn_multiplier_bits: 0x1_428F_5C28_F5C2_9000,
            serving_rate_limit: 50,
            stake_threshold: 0,
            min_non_immune_uids: 10,
        }
    }
}

/// One hyperparameter and its new value: what `set_hyperparameter` takes.
// scale-info's derive casts variant indices to u8; the variant count is fixed and below 256.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Hyperparameter {
    Tempo(u16),
    Kappa(U16Proportion),
    ImmunityPeriod(u16),
    MaxAllowedUids(u16),
    MaxAllowedValidators(u16),
    MinAllowedWeights(u16),
    WeightsRateLimit(u32),
    WeightsVersionKey(u64),
    ActivityCutoff(u32),
    BondsMovingAverage(u64),
    BondsPenalty(U16Proportion),
    YumaVariant(YumaVariant),
    LiquidAlphaEnabled(bool),
    AlphaValues(U16Proportion, U16Proportion),
    AlphaSigmoidSteepness(i16),
    CommitRevealEnabled(bool),
    RevealPeriodEpochs(u16),
    BurnBounds(Balance, Balance),
    BurnHalfLife(u16),
    BurnMultiplier(u128),
    ServingRateLimit(u32),
    StakeThreshold(Balance),
    MinNonImmuneUids(u16),
}

/// The largest `max_allowed_uids` a subnet may have.
pub const MAX_UIDS: u16 = 4_096;
/// The bounds subtensor enforces on the burn multiplier ([1, 3] as U64F64 bits).
const BURN_MULTIPLIER_MIN: u128 = 1 << 64;
const BURN_MULTIPLIER_MAX: u128 = 3 << 64;

impl Hyperparameter {
    /// A stable index per hyperparameter (for the owner's per-parameter rate limit).
    pub fn index(&self) -> u8 {
        use Hyperparameter::*;
        match self {
            Tempo(_) => 0,
            Kappa(_) => 1,
            ImmunityPeriod(_) => 2,
            MaxAllowedUids(_) => 3,
            MaxAllowedValidators(_) => 4,
            MinAllowedWeights(_) => 5,
            WeightsRateLimit(_) => 6,
            WeightsVersionKey(_) => 7,
            ActivityCutoff(_) => 8,
            BondsMovingAverage(_) => 9,
            BondsPenalty(_) => 10,
            YumaVariant(_) => 11,
            LiquidAlphaEnabled(_) => 12,
            AlphaValues(..) => 13,
            AlphaSigmoidSteepness(_) => 14,
            CommitRevealEnabled(_) => 15,
            RevealPeriodEpochs(_) => 16,
            BurnBounds(..) => 17,
            BurnHalfLife(_) => 18,
            BurnMultiplier(_) => 19,
            ServingRateLimit(_) => 20,
            StakeThreshold(_) => 21,
            MinNonImmuneUids(_) => 22,
        }
    }

    /// Whether the subnet owner may set it (subtensor's "O" setters); the rest are root's —
    /// here, governance's.
    pub fn owner_settable(&self) -> bool {
        use Hyperparameter::*;
        !matches!(
            self,
            Tempo(_)
                | Kappa(_)
                | MaxAllowedValidators(_)
                | WeightsRateLimit(_)
                | StakeThreshold(_)
                | MinNonImmuneUids(_)
        )
    }
}

impl Hyperparameters {
    /// Applies `change` if it keeps every bound; `neuron_count` is the subnet's current size.
    pub fn apply(
        &mut self,
        change: Hyperparameter,
        neuron_count: u16,
    ) -> Result<(), RegistryError> {
        use Hyperparameter::*;
        let mut next = *self;
        match change {
            Tempo(v) => next.tempo = v,
            Kappa(v) => next.kappa = v,
            ImmunityPeriod(v) => next.immunity_period = v,
            MaxAllowedUids(v) => next.max_allowed_uids = v,
            MaxAllowedValidators(v) => next.max_allowed_validators = v,
            MinAllowedWeights(v) => next.min_allowed_weights = v,
            WeightsRateLimit(v) => next.weights_rate_limit = v,
            WeightsVersionKey(v) => next.weights_version_key = v,
            ActivityCutoff(v) => next.activity_cutoff = v,
            BondsMovingAverage(v) => next.bonds_moving_average = v,
            BondsPenalty(v) => next.bonds_penalty = v,
            YumaVariant(v) => next.yuma_variant = v,
            LiquidAlphaEnabled(v) => next.liquid_alpha_enabled = v,
            AlphaValues(low, high) => (next.alpha_low, next.alpha_high) = (low, high),
            AlphaSigmoidSteepness(v) => next.alpha_sigmoid_steepness = v,
            CommitRevealEnabled(v) => next.commit_reveal_enabled = v,
            RevealPeriodEpochs(v) => next.reveal_period_epochs = v,
            BurnBounds(min, max) => (next.min_burn, next.max_burn) = (min, max),
            BurnHalfLife(v) => next.burn_half_life = v,
            BurnMultiplier(v) => next.burn_multiplier_bits = v,
            ServingRateLimit(v) => next.serving_rate_limit = v,
            StakeThreshold(v) => next.stake_threshold = v,
            MinNonImmuneUids(v) => next.min_non_immune_uids = v,
        }
        if !next.within_bounds(neuron_count) {
            return Err(RegistryError::HyperparameterOutOfRange);
        }
        *self = next;
        Ok(())
    }

    /// subtensor's bounds (spec §2), plus a non-zero tempo (a zero tempo never runs an epoch).
    pub fn within_bounds(&self, neuron_count: u16) -> bool {
        let min_alpha = u16::MAX / 40;
        self.tempo > 0
            && self.max_allowed_uids > 0
            && self.max_allowed_uids <= MAX_UIDS
            && self.max_allowed_uids >= neuron_count
            && self.max_allowed_validators <= self.max_allowed_uids
            && self.activity_cutoff > 0
            && self.bonds_moving_average <= 1_000_000
            && self.alpha_low >= min_alpha
            && self.alpha_low <= self.alpha_high
            && self.alpha_sigmoid_steepness >= 0
            && (1..=100).contains(&self.reveal_period_epochs)
            && self.min_burn <= self.max_burn
            && self.burn_half_life > 0
            && self.burn_half_life <= 36_100
            && (BURN_MULTIPLIER_MIN..=BURN_MULTIPLIER_MAX).contains(&self.burn_multiplier_bits)
    }
}

/// Chain-wide rules for creating subnets, set by the admin (governance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct NetworkConfig {
    /// The floor of the lock cost (1,000 TAO).
    pub min_lock: Balance,
    /// Blocks over which a lock price decays back by one last lock (100,800 ≈ 14 days).
    pub lock_reduction_interval: BlockNumber,
    /// Blocks between two subnet creations, chain-wide (7,200).
    pub network_rate_limit: BlockNumber,
    /// The most subnets that may exist (128).
    pub max_subnets: u16,
    /// An owner may change one hyperparameter once per this many tempos (2).
    pub owner_hyperparameter_rate_limit_tempos: u16,
    /// Burned by each hotkey swap and coldkey swap announcement (`KeySwapCost`: 0.1 TAO).
    pub key_swap_cost: Balance,
    /// Blocks between two hotkey swaps by one coldkey (`TxRateLimit`: 1,000).
    pub hotkey_swap_rate_limit: BlockNumber,
    /// Blocks from a coldkey swap's announcement to its execution (36,000 ≈ 5 days).
    pub coldkey_swap_delay: BlockNumber,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            min_lock: 1_000 * RAO_PER_TAO,
            lock_reduction_interval: 100_800,
            network_rate_limit: 7_200,
            max_subnets: 128,
            owner_hyperparameter_rate_limit_tempos: 2,
            key_swap_cost: RAO_PER_TAO / 10,
            hotkey_swap_rate_limit: 1_000,
            coldkey_swap_delay: 36_000,
        }
    }
}

/// The largest key swap cost the admin may set.
pub const MAX_KEY_SWAP_COST: Balance = 100 * RAO_PER_TAO;
/// The longest hotkey swap rate limit and coldkey swap delay the admin may set (≈ 50 days).
pub const MAX_KEY_SWAP_BLOCKS: BlockNumber = 360_000;

impl NetworkConfig {
    /// Whether the registry can work with it: locks decay over some blocks, at least one
    /// subnet may exist, and key swaps stay possible.
    pub fn is_valid(&self) -> bool {
        self.lock_reduction_interval > 0
            && self.max_subnets > 0
            && self.key_swap_cost <= MAX_KEY_SWAP_COST
            && self.hotkey_swap_rate_limit <= MAX_KEY_SWAP_BLOCKS
            && self.coldkey_swap_delay <= MAX_KEY_SWAP_BLOCKS
    }
}

/// A coldkey swap announced by the old coldkey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ColdkeySwap {
    pub new: AccountId,
    /// The first block it may be executed in.
    pub due: BlockNumber,
    /// Whether holdings have started moving (it can no longer be cancelled).
    pub started: bool,
}

/// How many positions and hotkeys one `swap_coldkey` call moves.
pub const COLDKEY_SWAP_PAGE: u32 = 24;

/// What the chain knows about a subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct SubnetInfo {
    pub owner: AccountId,
    pub owner_hotkey: AccountId,
    pub neuron_count: u16,
    pub locked: Balance,
    pub registered_at: BlockNumber,
    /// The block of the last epoch recorded (0 before the first).
    pub last_epoch: BlockNumber,
    /// How many epochs have started: weight rows written since the last start belong to the
    /// next epoch (the running one reads the rows as they were when it started).
    pub epoch_generation: u32,
    /// The block the last epoch started (the creation block before the first).
    pub epoch_started_at: BlockNumber,
}

/// One neuron as the epoch and the metagraph views see it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Neuron {
    pub uid: Uid,
    pub hotkey: AccountId,
    pub registered_at: BlockNumber,
    /// The permit granted by the last epoch.
    pub validator_permit: bool,
    /// Emission of the last epoch (rao).
    pub emission: Balance,
}

/// One neuron's epoch results, as u16 proportions except the emission.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct NeuronResult {
    pub uid: Uid,
    pub stake: U16Proportion,
    pub consensus: U16Proportion,
    pub incentive: U16Proportion,
    pub dividends: U16Proportion,
    pub validator_trust: U16Proportion,
    pub validator_permit: bool,
    pub active: bool,
    pub emission: Balance,
}

/// Where a neuron serves (subtensor's `AxonInfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct AxonInfo {
    pub block: BlockNumber,
    pub version: u32,
    pub ip: u128,
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    pub protocol: u8,
}

/// What `set_weights` needs from the registry, in one call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct WeightSetter {
    pub uid: Uid,
    pub neuron_count: u16,
    pub is_owner: bool,
    pub validator_permit: bool,
    pub registered_at: BlockNumber,
    pub hyperparameters: Hyperparameters,
    pub last_epoch: BlockNumber,
    /// See `SubnetInfo::epoch_generation`.
    pub epoch_generation: u32,
}

/// What an epoch is fixed to when it starts (`begin_epoch`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct EpochStart {
    /// The generation this epoch reads weight rows as of.
    pub generation: u32,
    /// Uids `0..neuron_count` take part.
    pub neuron_count: u16,
    pub hyperparameters: Hyperparameters,
    pub owner: AccountId,
    pub owner_hotkey: AccountId,
    /// The start of the previous epoch (the subnet's creation before the first).
    pub previous_start: BlockNumber,
}

#[ink::trait_definition]
pub trait SubnetRegistry {
    /// Every subnet's id, in creation order.
    #[ink(message)]
    fn netuids(&self) -> Vec<NetUid>;

    #[ink(message)]
    fn subnet(&self, netuid: NetUid) -> Option<SubnetInfo>;

    #[ink(message)]
    fn hyperparameters(&self, netuid: NetUid) -> Option<Hyperparameters>;

    #[ink(message)]
    fn uid_of(&self, netuid: NetUid, hotkey: AccountId) -> Option<Uid>;

    /// A hotkey's standing on a subnet for weight setting.
    ///
    /// # Errors
    /// `UnknownSubnet`, `NotRegistered`.
    #[ink(message)]
    fn weight_setter(
        &self,
        netuid: NetUid,
        hotkey: AccountId,
    ) -> Result<WeightSetter, RegistryError>;

    /// Neurons `start..start+count` of a subnet, in one call.
    #[ink(message)]
    fn neurons(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<Neuron>;

    /// Emission only: starts the subnet's due epoch, fixing its inputs.
    ///
    /// # Errors
    /// `Unauthorized`, `UnknownSubnet`, `EpochNotDue`.
    #[ink(message)]
    fn begin_epoch(&mut self, netuid: NetUid) -> Result<EpochStart, RegistryError>;

    /// Whether `begin_epoch` would start an epoch now.
    #[ink(message)]
    fn epoch_due(&self, netuid: NetUid) -> bool;

    /// Emission only: writes a page of results of the epoch started at `epoch_block`. A uid
    /// whose neuron registered at or after that block is skipped: the results were computed
    /// for the neuron it replaced.
    #[ink(message)]
    fn record_epoch(
        &mut self,
        netuid: NetUid,
        epoch_block: BlockNumber,
        results: Vec<NeuronResult>,
    ) -> Result<(), RegistryError>;

    /// Market only: transfers the subnet's lock to the market, which makes it the liquidity
    /// of the subnet's pool. `SubnetInfo::locked` is 0 from then on.
    ///
    /// # Events
    /// `LockReleased`.
    /// # Errors
    /// `Unauthorized`, `UnknownSubnet`, `LockReleased`.
    #[ink(message)]
    fn release_lock(&mut self, netuid: NetUid) -> Result<Balance, RegistryError>;

    /// The coldkey a finished coldkey swap handed `coldkey`'s holdings to, if any: the market
    /// moves alpha positions after it.
    #[ink(message)]
    fn swapped_to(&self, coldkey: AccountId) -> Option<AccountId>;
}

#[ink::event]
pub struct SubnetCreated {
    #[ink(topic)]
    pub netuid: NetUid,
    #[ink(topic)]
    pub owner: AccountId,
    pub owner_hotkey: AccountId,
    pub locked: Balance,
}

#[ink::event]
pub struct HyperparameterSet {
    #[ink(topic)]
    pub netuid: NetUid,
    pub change: Hyperparameter,
}

#[ink::event]
pub struct NeuronRegistered {
    #[ink(topic)]
    pub netuid: NetUid,
    pub uid: Uid,
    #[ink(topic)]
    pub hotkey: AccountId,
    /// The hotkey this registration replaced, if the subnet was full.
    pub replaced: Option<AccountId>,
    pub burned: Balance,
}

#[ink::event]
pub struct AxonServed {
    #[ink(topic)]
    pub netuid: NetUid,
    #[ink(topic)]
    pub hotkey: AccountId,
    pub axon: AxonInfo,
}

#[ink::event]
pub struct EpochBegun {
    #[ink(topic)]
    pub netuid: NetUid,
    pub generation: u32,
    pub neuron_count: u16,
}

#[ink::event]
pub struct EpochRecorded {
    #[ink(topic)]
    pub netuid: NetUid,
    pub epoch_block: BlockNumber,
    pub first_uid: Uid,
    pub count: u16,
}

#[ink::event]
pub struct NetworkConfigChanged {
    pub min_lock: Balance,
    pub lock_reduction_interval: BlockNumber,
    pub network_rate_limit: BlockNumber,
    pub max_subnets: u16,
    pub owner_hyperparameter_rate_limit_tempos: u16,
    pub key_swap_cost: Balance,
    pub hotkey_swap_rate_limit: BlockNumber,
    pub coldkey_swap_delay: BlockNumber,
}

/// A hotkey renamed everywhere: its uids (on `netuids`), axons, identity, stake and take.
#[ink::event]
pub struct HotkeySwapped {
    #[ink(topic)]
    pub coldkey: AccountId,
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
    pub netuids: Vec<NetUid>,
    pub burned: Balance,
}

#[ink::event]
pub struct ColdkeySwapAnnounced {
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
    pub due: BlockNumber,
    pub burned: Balance,
}

#[ink::event]
pub struct ColdkeySwapCancelled {
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
}

/// Every holding of `old` is `new`'s, and so are the subnets it owned.
#[ink::event]
pub struct ColdkeySwapped {
    #[ink(topic)]
    pub old: AccountId,
    #[ink(topic)]
    pub new: AccountId,
    pub subnets: Vec<NetUid>,
}

#[ink::event]
pub struct RegistryRolesChanged {
    pub emission: Option<AccountId>,
    pub market: Option<AccountId>,
}

#[ink::event]
pub struct LockReleased {
    #[ink(topic)]
    pub netuid: NetUid,
    pub to: AccountId,
    pub amount: Balance,
}
