//! What an epoch is told: the subnet's hyperparameters, the chain context, one record per
//! neuron. Units are subtensor's: u16 proportions, blocks, rao.

use parity_scale_codec::{Decode, Encode};

/// The bond rule (subtensor's `Yuma3On`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum Variant {
    /// Stake-scaled bond deltas, column-normalised, stored max-upscaled.
    Classic,
    /// Absolute bond EMA of the weights, optionally with liquid alpha; dividends scaled by stake.
    Yuma3,
}

/// Liquid alpha: a per-(validator, miner) EMA rate in [low, high] chosen by a sigmoid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct LiquidAlpha {
    /// u16 proportion (default 45,875 = 0.7).
    pub alpha_low: u16,
    /// u16 proportion (default 58,982 = 0.9).
    pub alpha_high: u16,
    /// Default 1000; the sigmoid's slope is steepness / 100.
    pub steepness: i16,
}

/// A subnet's epoch hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct EpochParams {
    pub variant: Variant,
    /// u16 proportion of active stake that must back a consensus weight (default 32,767).
    pub kappa: u16,
    /// u16 proportion: 0 keeps raw weights for bonds, 65535 uses the clipped ones (default).
    pub bonds_penalty: u16,
    /// Parts per million of the old bond kept by the EMA (default 900,000 → α = 0.1).
    pub bonds_moving_average: u64,
    /// Only read by the Yuma 3 variant (subtensor applies none on the classic path).
    pub liquid_alpha: Option<LiquidAlpha>,
    /// The number of stake-ranked validator permits (default 64 for a new subnet).
    pub max_allowed_validators: u16,
    /// A neuron whose last update is older than this many blocks is inactive.
    pub activity_cutoff: u64,
    /// Stake (rao) below which a neuron's stake does not count, the owner excepted.
    pub stake_threshold: u64,
}

impl Default for EpochParams {
    /// subtensor's defaults for a new subnet (spec §2).
    fn default() -> Self {
        EpochParams {
            variant: Variant::Yuma3,
            kappa: 32_767,
            bonds_penalty: u16::MAX,
            bonds_moving_average: 900_000,
            liquid_alpha: None,
            max_allowed_validators: 64,
            activity_cutoff: 5_000,
            stake_threshold: 0,
        }
    }
}

/// Where and when the epoch runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct EpochContext {
    pub current_block: u64,
    /// Bonds held to a neuron registered at or after this block are dropped (subtensor's
    /// `last_tempo`: the block after the previous epoch, or `current_block − tempo` at first).
    pub bonds_mask_block: u64,
    /// The subnet owner's uid: always permitted, exempt from the stake threshold, and its
    /// self-weight is kept.
    pub owner_uid: Option<u16>,
    /// Commit-reveal on: weights are masked against each validator's earliest live commit.
    pub commit_reveal: bool,
    /// The amount (rao) the epoch distributes.
    pub emission: u64,
}

/// One neuron (by uid, 0..n) as the epoch reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Encode, Decode)]
pub struct NeuronInput {
    /// Total stake backing the hotkey, in rao.
    pub stake: u64,
    /// Block of the last weight set (or commit).
    pub last_update: u64,
    /// Block at which the uid's current hotkey registered.
    pub registered_at: u64,
    /// The permit granted by the previous epoch.
    pub validator_permit: bool,
    /// Block of the earliest unexpired weight commit, if any (commit-reveal only).
    pub commit_block: Option<u64>,
}

/// A weight or bond row as stored: (destination uid, u16 value) pairs.
pub type StoredRow = alloc::vec::Vec<(u16, u16)>;

/// One stored row as the epoch reads it: (destination uid, raw u16 value) pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowInput<'a> {
    pub uid: u16,
    /// The validator's weights, max-upscaled u16 as `set_weights` stores them.
    pub weights: &'a [(u16, u16)],
    /// The validator's bonds as the previous epoch stored them.
    pub bonds: &'a [(u16, u16)],
    /// Yuma 3's dividends pass only (see `Epoch::reads_weights`): the row's `BondRow::exact`
    /// from the ranks pass. Other passes ignore it.
    pub exact_bonds: &'a crate::exact::ExactBonds,
}
