//! # yuma
//!
//! The Yuma consensus epoch of Bittensor, as subtensor's production (sparse) path computes it,
//! in pure `no_std` Rust with subtensor's fixed-point semantics (`substrate-fixed` I32F32,
//! saturating and truncating). No ink!, no storage: inputs in, outputs out.
//!
//! - [`run_epoch`]: the whole epoch in one call; [`run_epoch_in`] the same in memory kept from
//!   one epoch to the next ([`EpochBuffers`]).
//! - [`Epoch`]: the same epoch as a resumable state machine fed with row chunks, so that a
//!   contract can spread a large subnet's epoch over many calls with bounded memory. Any
//!   chunking gives bit-identical results to `run_epoch`.
//! - [`parts`]: the `Epoch`'s large vectors in five parts, so that a caller that stores it
//!   between calls loads and saves only what the current pass reads and writes.
//!
//! Both Yuma variants are supported ([`Variant::Classic`], [`Variant::Yuma3`] with optional
//! liquid alpha). Where this crate knowingly differs from subtensor, `docs/protocol.md` says so.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(clippy::arithmetic_side_effects)]

extern crate alloc;

pub mod bonds;
pub mod codec;
pub mod consensus;
pub mod epoch;
pub mod exact;
pub mod fixed;
#[cfg(not(target_arch = "wasm32"))]
mod lanes;
pub mod params;
pub mod parts;
pub mod rows;
mod run;
pub mod sort;
pub mod stake;
pub mod synthetic;

pub use epoch::{BondRow, Epoch, EpochError, EpochOutput, ExactOutput, Pass, StepLimits};
pub use exact::ExactBonds;
pub use fixed::{I32F32, I64F64, I96F32};
pub use params::{
    EpochContext, EpochParams, LiquidAlpha, NeuronInput, RowInput, StoredRow, Variant,
};
pub use run::{run_epoch, run_epoch_in, EpochBuffers};
