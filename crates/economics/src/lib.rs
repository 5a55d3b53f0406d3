//! # economics
//!
//! The plain-integer and fixed-point rules that price things in inktensor, with subtensor's
//! exact arithmetic (subtensor-spec §3.1, §6.1, §8):
//! - [`halving`]: the block emission for a given issuance (1 TAO, halving towards 21M);
//! - [`burn`]: the neuron registration price, decaying per block in Q32 and bumped ×1.26 per
//!   registration;
//! - [`lock`]: the subnet lock cost, doubling per creation and decaying linearly;
//! - [`market`]: dynamic TAO's moving prices and the subnets' shares by price;
//! - [`pool`]: a subnet's TAO/alpha pool under dynamic TAO: swaps with their fee and price
//!   limits, and emission injected at the price;
//! - [`alpha_stake`]: alpha stake bought from a subnet's market into a hotkey's share pool,
//!   and sold back;
//! - [`subnet_market`]: one subnet's market (its pool, the alpha its stakers hold, its moving
//!   price), staked into and out of;
//! - [`reward`]: an epoch reward split between a hotkey's owner and its nominators;
//! - [`root_dividends`]: a dynamic subnet's validator dividend split between its alpha and its
//!   TAO stakers;
//! - [`share_pool`]: a pool of holders' shares whose value rewards raise for all at once;
//! - [`shares`]: the split of the block emission between subnets (fixed, or the root network);
//! - [`accrual`]: lazily accrued pending emission and the owner's cut.
//! - [`schedule`]: the emission released over many blocks at once (halvings included) and each
//!   subnet's share of it.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(clippy::arithmetic_side_effects)]

extern crate alloc;

pub mod accrual;
pub mod alpha_stake;
mod bisect;
pub mod burn;
pub mod halving;
pub mod lock;
pub mod market;
pub mod pool;
pub mod reward;
pub mod root_dividends;
pub mod schedule;
pub mod share_pool;
pub mod shares;
pub mod subnet_market;
