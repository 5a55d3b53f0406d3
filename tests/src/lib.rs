//! drink tests of the whole suite. Build the contracts first (`scripts/build-contracts`);
//! the tests load the release bundles from `target/ink/`.
#![cfg(test)]

mod alpha;
mod deploy;
mod emission;
mod governance;
mod invariants;
mod keys;
mod market;
mod node;
mod registry;
mod simulation;
mod staking;
mod token;
mod weights;
