//! The inktensor suite off-chain: where the built contracts are, how to deploy and wire them
//! (the deployment plan), and a typed wrapper around the embedded drink sandbox that the
//! `inktensor` command and the suite tests share.

pub mod artifacts;
pub mod bench;
pub mod chain;
pub mod cli;
pub mod error;
pub mod keeper;
pub mod launch;
pub mod messages;
pub mod metadata;
pub mod network;
pub mod node;
pub mod ops;
pub mod plan;
pub mod simulate;
pub mod suite;
pub mod units;
