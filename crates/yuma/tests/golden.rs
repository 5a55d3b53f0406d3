//! Bit-identity across rewrites of the epoch's arithmetic: a digest of every output of many
//! epochs — random subnets of both variants, liquid alpha, bonds penalties, commit-reveal, rows
//! out of order, duplicate and out-of-range columns, dense rows — fixed when the outputs were
//! taken as the reference. Any change to a single bit of any output changes the digest.

mod common;

use common::{make_dense, random_subnet, RandomSubnet, Rng};
use yuma::{run_epoch, EpochOutput, StoredRow};

/// FNV-1a over 64-bit words.
struct Digest(u64);

impl Digest {
    fn word(&mut self, word: u64) {
        for byte in word.to_le_bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn words(&mut self, words: impl IntoIterator<Item = u64>) {
        let mut count = 0;
        for word in words {
            self.word(word);
            count += 1;
        }
        self.word(count);
    }

    fn epoch(&mut self, output: &EpochOutput, bonds: &[StoredRow]) {
        let bits = |values: &[yuma::I32F32]| {
            values
                .iter()
                .map(|v| v.to_bits() as u64)
                .collect::<Vec<_>>()
        };
        self.words(output.active.iter().map(|x| u64::from(*x)));
        self.words(output.validator_permit.iter().map(|x| u64::from(*x)));
        for values in [
            &output.stake,
            &output.consensus,
            &output.incentive,
            &output.dividends,
            &output.validator_trust,
        ] {
            self.words(values.iter().map(|x| u64::from(*x)));
        }
        for values in [
            &output.server_emission,
            &output.validator_emission,
            &output.emission,
        ] {
            self.words(values.iter().copied());
        }
        for values in [
            &output.exact.consensus,
            &output.exact.incentive,
            &output.exact.dividends,
            &output.exact.validator_trust,
        ] {
            self.words(bits(values));
        }
        for row in bonds {
            self.words(row.iter().map(|(j, b)| u64::from(*j) << 16 | u64::from(*b)));
        }
    }
}

/// What `set_weights` never stores but the crate accepts: rows out of order, a column twice,
/// columns beyond the subnet, all-zero rows, whole dense rows.
fn roughen(subnet: &mut RandomSubnet, seed: u64) {
    let mut rng = Rng(seed ^ 0x5eed);
    let n = subnet.neurons.len() as u64;
    for row in subnet.weights.iter_mut().chain(subnet.bonds.iter_mut()) {
        match rng.below(10) {
            0 => row.reverse(),
            1 if !row.is_empty() => {
                let at = rng.below(row.len() as u64) as usize;
                let (j, _) = row[at];
                row.insert(at, (j, rng.below(65_536) as u16));
            }
            2 => row.push(((n + rng.below(3)) as u16, rng.below(65_536) as u16)),
            3 => row.iter_mut().for_each(|(_, w)| *w = 0),
            4 => {
                *row = (0..n as u16)
                    .map(|j| (j, rng.below(65_536) as u16))
                    .collect()
            }
            5 => row.iter_mut().for_each(|(_, w)| *w = u16::MAX),
            _ => {}
        }
    }
}

fn digest_of(subnets: impl Iterator<Item = RandomSubnet>) -> u64 {
    let mut digest = Digest(0xcbf2_9ce4_8422_2325);
    for subnet in subnets {
        let (output, bonds) = run_epoch(
            subnet.params,
            subnet.ctx,
            &subnet.neurons,
            &subnet.weights,
            &subnet.bonds,
        )
        .expect("epoch runs");
        digest.epoch(&output, &bonds);
    }
    digest.0
}

#[test]
fn random_subnets_give_the_reference_outputs() {
    let subnets = (0..400u64).map(|seed| random_subnet(seed, 1 + (seed as usize * 7) % 160));
    assert_eq!(digest_of(subnets), 14957060738181565909);
}

#[test]
fn rough_rows_give_the_reference_outputs() {
    let subnets = (0..400u64).map(|seed| {
        let mut subnet = random_subnet(seed.wrapping_mul(31) + 17, 1 + (seed as usize * 13) % 160);
        roughen(&mut subnet, seed);
        subnet
    });
    assert_eq!(digest_of(subnets), 4729895831332618682);
}

#[test]
fn large_subnets_give_the_reference_outputs() {
    let subnets = [(1u64, 1024usize), (2, 700), (3, 1500)]
        .into_iter()
        .map(|(seed, n)| {
            let mut subnet = random_subnet(seed, n);
            roughen(&mut subnet, seed);
            subnet
        });
    assert_eq!(digest_of(subnets), 8380805596983272989);
}

/// Dense weights over two epochs with the default parameters, so that the second epoch's bonds
/// sit on exactly the columns each validator weights (the usual shape of a live subnet), with
/// a few zero weights and a validator whose bonds were cleared.
#[test]
fn dense_subnets_over_two_epochs_give_the_reference_outputs() {
    let mut digest = Digest(0xcbf2_9ce4_8422_2325);
    for (seed, n, validators) in [(11u64, 64usize, 64usize), (12, 300, 64), (13, 1000, 128)] {
        let mut subnet = random_subnet(seed, n);
        let mut rng = Rng(seed);
        make_dense(&mut subnet, &mut rng, validators, 3);
        for neuron in subnet.neurons.iter_mut() {
            neuron.last_update = subnet.ctx.current_block;
            neuron.registered_at = 0;
        }
        subnet.bonds = vec![Vec::new(); n];
        for _ in 0..2 {
            let (output, bonds) = run_epoch(
                subnet.params,
                subnet.ctx,
                &subnet.neurons,
                &subnet.weights,
                &subnet.bonds,
            )
            .expect("epoch runs");
            digest.epoch(&output, &bonds);
            subnet.bonds = bonds;
            subnet.bonds[1].clear();
            subnet.ctx.current_block += 100;
            subnet.ctx.bonds_mask_block = subnet.ctx.current_block - 100;
        }
    }
    assert_eq!(digest.0, 18231678418659393023);
}
