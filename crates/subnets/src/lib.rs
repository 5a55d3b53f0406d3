//! # subnets
//!
//! The rules of subnet membership and weight setting, in plain Rust so that the registry and
//! weights contracts stay thin and the rules can be tested to exhaustion:
//! - [`weights::validate`]: every check of subtensor's `set_weights`, in its order (spec §5);
//! - [`commit_reveal`]: the hash commit queue and its reveal window (spec §5.1);
//! - [`tempo`]: when an epoch is due (spec §1.1);
//! - [`pruning::neuron_to_prune`]: which neuron a registration into a full subnet replaces
//!   (spec §3.4).
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(clippy::arithmetic_side_effects)]

extern crate alloc;

pub mod commit_reveal;
pub mod pruning;
pub mod tempo;
pub mod weights;
