//! A tiny subnet that behaves like subtensor's test mock around `epoch()`: neurons register at
//! block 0, `set_weights` stores max-upscaled rows and bumps `last_update`, each epoch carries
//! permits and bonds into the next.
#![allow(dead_code)]

use yuma::fixed::u16_max_upscale;
use yuma::{run_epoch, EpochContext, EpochOutput, EpochParams, NeuronInput};

pub struct Subnet {
    pub params: EpochParams,
    pub tempo: u64,
    pub block: u64,
    pub owner_uid: Option<u16>,
    pub neurons: Vec<NeuronInput>,
    pub weights: Vec<Vec<(u16, u16)>>,
    pub bonds: Vec<Vec<(u16, u16)>>,
}

impl Subnet {
    pub fn new(params: EpochParams, stakes: &[u64], tempo: u64) -> Self {
        let n = stakes.len();
        Subnet {
            params,
            tempo,
            block: 0,
            owner_uid: None,
            neurons: stakes
                .iter()
                .map(|&stake| NeuronInput {
                    stake,
                    ..Default::default()
                })
                .collect(),
            weights: vec![Vec::new(); n],
            bonds: vec![Vec::new(); n],
        }
    }

    pub fn next_block(&mut self) {
        self.block += 1;
    }

    pub fn run_to_block(&mut self, block: u64) {
        self.block = block;
    }

    pub fn set_weights(&mut self, uid: u16, uids: &[u16], values: &[u16]) {
        let upscaled = u16_max_upscale(values);
        self.weights[uid as usize] = uids.iter().copied().zip(upscaled).collect();
        self.neurons[uid as usize].last_update = self.block;
    }

    /// `SubtensorModule::epoch(netuid, emission)` as the tests call it directly: no
    /// `LastMechansimStepBlock`, so bonds to neurons registered after `block − tempo` drop.
    pub fn epoch(&mut self, emission: u64) -> EpochOutput {
        let ctx = EpochContext {
            current_block: self.block,
            bonds_mask_block: self.block.saturating_sub(self.tempo),
            owner_uid: self.owner_uid,
            commit_reveal: false,
            emission,
        };
        let (output, bonds) =
            run_epoch(self.params, ctx, &self.neurons, &self.weights, &self.bonds)
                .expect("epoch runs");
        for (neuron, permit) in self.neurons.iter_mut().zip(&output.validator_permit) {
            neuron.validator_permit = *permit;
        }
        self.bonds = bonds;
        output
    }

    /// The stored bond of `i` to `j` (0 when absent).
    pub fn bond(&self, i: u16, j: u16) -> u16 {
        self.bonds[i as usize]
            .iter()
            .find(|(k, _)| *k == j)
            .map_or(0, |(_, b)| *b)
    }
}

/// subtensor's activity cutoff for a tempo: max(1, 13,889 × tempo / 1000).
pub fn activity_cutoff(tempo: u64) -> u64 {
    (13_889 * tempo / 1000).max(1)
}
