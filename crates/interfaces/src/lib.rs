//! # inktensor interfaces
//!
//! The one crate every inktensor contract depends on, and the only way they know each other:
//! a contract calls another through a `#[ink::trait_definition]` defined here (with
//! `ink::contract_ref!`), never through the other contract's crate.
//!
//! | module | implemented by | called by |
//! |---|---|---|
//! | [`admin`] | every contract | governance (and the deployer until hand-over) |
//! | [`token`] (`TaoSupply` + `psp22::PSP22`) | `tao_token` | staking, subnet_registry, emission, market |
//! | [`staking`] | `staking` | subnet_registry, weights, emission, governance, market |
//! | [`registry`] | `subnet_registry` | weights, emission, market |
//! | [`weights`] | `weights` | emission |
//! | [`emission`] | `emission` | keepers, the dApp |
//! | [`ledger`] | `staking`, `market` | the epoch contract |
//! | [`market`] | `market` | stakers, the dApp |
//! | [`governance`] | `governance` | stakeholders, the dApp |
//!
//! Errors are unit-variant enums (no `String` payloads), one per interface; [`outcome`] is how a
//! caller that does not know a message's answer type (governance, the deployment plan) reads
//! whether it was refused.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod admin;
pub mod emission;
pub mod entries;
pub mod governance;
pub mod ledger;
pub mod market;
pub mod outcome;
pub mod registry;
pub mod staking;
pub mod token;
pub mod types;
pub mod weights;

pub use psp22;
pub use types::*;
