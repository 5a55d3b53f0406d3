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

/// A small deterministic generator (splitmix64) for building random subnets from a seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..bound (bound > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A random subnet's epoch inputs.
pub struct RandomSubnet {
    pub params: EpochParams,
    pub ctx: EpochContext,
    pub neurons: Vec<NeuronInput>,
    pub weights: Vec<Vec<(u16, u16)>>,
    pub bonds: Vec<Vec<(u16, u16)>>,
}

impl RandomSubnet {
    /// Its epoch in one call, with its own bonds: the outputs and the new bond rows.
    pub fn one_shot(&self) -> (EpochOutput, Vec<Vec<(u16, u16)>>) {
        run_epoch(
            self.params,
            self.ctx,
            &self.neurons,
            &self.weights,
            &self.bonds,
        )
        .expect("no error")
    }
}

/// Turns `subnet` into one whose uids below `validators` are staked validators with a permit
/// (1 to 2⁴⁰ rao each) and whose other neurons are unstaked miners, under the default
/// hyperparameters, commit-reveal off, each validator weighting every neuron (`zero_percent`
/// of the weights 0). Registrations and activity are left to the caller.
pub fn make_dense(subnet: &mut RandomSubnet, rng: &mut Rng, validators: usize, zero_percent: u64) {
    let n = subnet.neurons.len();
    subnet.params = EpochParams {
        max_allowed_validators: validators as u16,
        ..EpochParams::default()
    };
    for (uid, neuron) in subnet.neurons.iter_mut().enumerate() {
        neuron.validator_permit = uid < validators;
        neuron.stake = if uid < validators {
            1 + rng.below(1 << 40)
        } else {
            0
        };
    }
    subnet.ctx.commit_reveal = false;
    subnet.weights = (0..n)
        .map(|uid| {
            if uid >= validators {
                return Vec::new();
            }
            (0..n as u16)
                .map(|j| {
                    let zero = rng.chance(zero_percent);
                    (j, if zero { 0 } else { rng.below(65_536) as u16 })
                })
                .collect()
        })
        .collect();
}

/// Random stakes (some zero), permits, activity, registrations, sparse weights and bonds, both
/// variants, liquid alpha on and off, an owner or not, commit-reveal on or off.
pub fn random_subnet(seed: u64, n: usize) -> RandomSubnet {
    use yuma::{LiquidAlpha, Variant};
    let mut rng = Rng(seed);
    let block = 10_000 + rng.below(1_000);
    let variant = if rng.chance(50) {
        Variant::Classic
    } else {
        Variant::Yuma3
    };
    let params = EpochParams {
        variant,
        kappa: rng.below(65_536) as u16,
        bonds_penalty: [0, u16::MAX, rng.below(65_536) as u16][rng.below(3) as usize],
        bonds_moving_average: rng.below(1_000_001),
        liquid_alpha: rng.chance(50).then(|| {
            let low = 1_638 + rng.below(30_000) as u16;
            LiquidAlpha {
                alpha_low: low,
                alpha_high: low + rng.below(30_000) as u16,
                steepness: rng.below(3_000) as i16,
            }
        }),
        max_allowed_validators: 1 + rng.below(n as u64 + 8) as u16,
        activity_cutoff: 500 + rng.below(5_000),
        stake_threshold: 0,
    };
    let neurons: Vec<NeuronInput> = (0..n)
        .map(|_| NeuronInput {
            stake: if rng.chance(30) {
                0
            } else {
                rng.below(1_000_000_000_000_000)
            },
            last_update: block.saturating_sub(rng.below(8_000)),
            registered_at: block.saturating_sub(rng.below(10_000)),
            validator_permit: rng.chance(60),
            commit_block: rng
                .chance(30)
                .then(|| block.saturating_sub(rng.below(10_000))),
        })
        .collect();
    let row = |rng: &mut Rng, density: u64| -> Vec<(u16, u16)> {
        let mut entries = Vec::new();
        for j in 0..n as u16 {
            if rng.chance(density) {
                entries.push((j, rng.below(65_536) as u16));
            }
        }
        entries
    };
    let weights = neurons
        .iter()
        .map(|neuron| {
            if neuron.validator_permit || rng.chance(10) {
                row(&mut rng, 40)
            } else {
                Vec::new()
            }
        })
        .collect();
    let bonds = neurons
        .iter()
        .map(|neuron| {
            if neuron.validator_permit {
                row(&mut rng, 30)
            } else {
                Vec::new()
            }
        })
        .collect();
    let ctx = EpochContext {
        current_block: block,
        bonds_mask_block: block.saturating_sub(rng.below(400)),
        owner_uid: rng.chance(50).then(|| rng.below(n as u64) as u16),
        commit_reveal: rng.chance(30),
        emission: 1 + rng.below(10_000_000_000),
    };
    RandomSubnet {
        params,
        ctx,
        neurons,
        weights,
        bonds,
    }
}
