//! Properties over random subnets of up to 256 neurons: the epoch never panics, incentive and
//! dividends are distributions, emission is never created and its dust is bounded, and the
//! chunked step API gives exactly the one-shot result whatever the chunking (consensus windows
//! after the first given only their own columns).

mod common;

use common::{random_subnet, Rng};
use parity_scale_codec::{Decode, Encode};
use proptest::prelude::*;
use yuma::parts::{Part, PartData};
use yuma::{
    run_epoch, run_epoch_in, Epoch, EpochBuffers, EpochOutput, ExactBonds, RowInput, StepLimits,
    StoredRow,
};

/// Where a caller keeps an epoch's parts between calls, one slot per part.
type PartStore = [Option<Vec<u8>>; 5];

fn slot(part: Part) -> usize {
    Part::ALL.iter().position(|p| *p == part).expect("a part")
}

/// The epoch as a caller keeps it between calls: its own fields encoded, each part stored
/// apart and written only when changed, and attached again only when a pass reads it.
fn reloaded(epoch: &Epoch, store: &mut PartStore) -> Epoch {
    for part in epoch.changed_parts().iter() {
        store[slot(part)] = Some(epoch.part(part).encode());
    }
    let mut reloaded = Epoch::decode(&mut epoch.encode().as_slice()).expect("decodes");
    loop {
        let missing = reloaded.missing_parts();
        if missing.is_empty() {
            break;
        }
        for part in missing.iter() {
            let bytes = store[slot(part)]
                .as_ref()
                .expect("stored before it is read");
            let data = PartData::decode(&mut bytes.as_slice()).expect("a part decodes");
            assert_eq!(data.part(), part);
            reloaded.attach(data);
        }
        reloaded.advance();
    }
    assert!(reloaded.changed_parts().is_empty() || !epoch.changed_parts().is_empty());
    reloaded
}

fn fraction_sum(values: &[yuma::I32F32]) -> f64 {
    values
        .iter()
        .map(|v| v.to_bits() as f64 / 4_294_967_296.0)
        .sum()
}

fn chunked(subnet: &common::RandomSubnet, seed: u64) -> (EpochOutput, Vec<StoredRow>) {
    let mut rng = Rng(seed);
    // Half the runs keep the epoch in memory, half store it in parts between chunks.
    let in_parts = rng.below(2) == 1;
    let mut store = PartStore::default();
    let n = subnet.neurons.len();
    let limits = StepLimits {
        consensus_cells: 1 + rng.below(2 * n as u64 * n as u64 + 1) as u32,
        column_window_cells: 1 + rng.below(2 * n as u64 * n as u64 + 1) as u32,
    };
    let mut epoch = Epoch::new(subnet.params, subnet.ctx, &subnet.neurons, limits).expect("starts");
    let mut stored = vec![Vec::new(); n];
    let mut exact = vec![ExactBonds::new(); n];
    while !epoch.is_complete() {
        if in_parts {
            epoch = reloaded(&epoch, &mut store);
            if epoch.is_complete() {
                break;
            }
        }
        let chunk = 1 + rng.below(17) as usize;
        let uids = epoch.next_rows(chunk).to_vec();
        // A consensus window after the first is given only its own columns, as the contract
        // reads them.
        let weights: Vec<StoredRow> = uids
            .iter()
            .map(|&uid| {
                let row = &subnet.weights[uid as usize];
                match epoch.columns() {
                    Some((start, end)) => row
                        .iter()
                        .filter(|(j, _)| (start..end).contains(j))
                        .copied()
                        .collect(),
                    None => row.clone(),
                }
            })
            .collect();
        let rows: Vec<RowInput<'_>> = uids
            .iter()
            .zip(&weights)
            .map(|(&uid, weights)| RowInput {
                uid,
                weights,
                bonds: &subnet.bonds[uid as usize],
                exact_bonds: &exact[uid as usize],
            })
            .collect();
        let finished = epoch.feed(&rows).expect("rows in order");
        drop(rows);
        for row in finished {
            // A bond is never negative: one below 0 is no bond, exact or stored.
            assert!(
                row.exact.bits().iter().all(|bits| *bits >= 0),
                "uid {}",
                row.uid
            );
            stored[row.uid as usize] = row.stored().to_vec();
            exact[row.uid as usize] = row.exact;
        }
    }
    if in_parts {
        epoch = reloaded(&epoch, &mut store);
    }
    (epoch.finish().expect("complete"), stored)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn epoch_invariants(seed in any::<u64>(), n in 1usize..=256) {
        let subnet = random_subnet(seed, n);
        let (out, _) = subnet.one_shot();

        for (name, values) in [("incentive", &out.exact.incentive), ("dividends", &out.exact.dividends)] {
            let total = fraction_sum(values);
            prop_assert!(total == 0.0 || (total - 1.0).abs() < 1e-6, "{name} sums to {total}");
        }

        let emission = u128::from(subnet.ctx.emission);
        let paid: u128 = out.server_emission.iter().chain(&out.validator_emission).map(|e| u128::from(*e)).sum();
        prop_assert!(paid <= emission, "paid {paid} of {emission}");
        let staked = subnet.neurons.iter().any(|x| x.stake > 0);
        if staked {
            let dust = emission - paid;
            prop_assert!(dust <= 3 * n as u128 + 2, "dust {dust} for n = {n}");
        }
        let combined: u128 = out.emission.iter().map(|e| u128::from(*e)).sum();
        prop_assert!(combined <= emission);
    }

    #[test]
    fn chunked_equals_one_shot(seed in any::<u64>(), n in 1usize..=128, chunking in any::<u64>()) {
        let subnet = random_subnet(seed, n);
        let one_shot = subnet.one_shot();
        prop_assert_eq!(chunked(&subnet, chunking), one_shot);
    }
}

/// A subnet whose validators weight every neuron, all registered before any weight was set,
/// with the bonds of a first epoch: the shape that takes the dense paths (a dense ranks row,
/// a window filled from a dense row or a later window's part of one). A few validators'
/// weights are set before some neurons registered, which takes them off those paths.
fn dense_subnet(seed: u64, n: usize) -> common::RandomSubnet {
    let mut subnet = random_subnet(seed, n);
    let mut rng = Rng(seed ^ 0x5eed);
    let validators = 1 + rng.below(n as u64) as usize;
    let kappa = subnet.params.kappa;
    common::make_dense(&mut subnet, &mut rng, validators, 0);
    subnet.params.kappa = kappa;
    let block = subnet.ctx.current_block;
    for neuron in subnet.neurons.iter_mut() {
        neuron.last_update = if rng.chance(10) { block - 500 } else { block };
        neuron.registered_at = if rng.chance(5) { block - 100 } else { 0 };
    }
    let (_, bonds) = run_epoch(
        subnet.params,
        subnet.ctx,
        &subnet.neurons,
        &subnet.weights,
        &vec![Vec::new(); n],
    )
    .expect("no error");
    subnet.bonds = bonds;
    subnet
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn chunked_equals_one_shot_for_dense_subnets(seed in any::<u64>(), n in 1usize..=96, chunking in any::<u64>()) {
        let subnet = dense_subnet(seed, n);
        let one_shot = subnet.one_shot();
        prop_assert_eq!(chunked(&subnet, chunking), one_shot);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Buffers kept across epochs of different subnets, dense and not, larger and smaller,
    /// change nothing.
    #[test]
    fn epochs_in_kept_buffers_equal_fresh_ones(
        subnets in proptest::collection::vec((any::<u64>(), 1usize..=96, any::<bool>()), 1..5),
    ) {
        let mut buffers = EpochBuffers::new();
        for (seed, n, dense) in subnets {
            let subnet = if dense { dense_subnet(seed, n) } else { random_subnet(seed, n) };
            let fresh = subnet.one_shot();
            let output = run_epoch_in(&mut buffers, subnet.params, subnet.ctx, &subnet.neurons, &subnet.weights, &subnet.bonds)
                .expect("no error");
            prop_assert_eq!((output, buffers.bonds().to_vec()), fresh);
        }
    }
}

#[test]
fn epochs_chained_through_kept_buffers_equal_fresh_ones() {
    // Each epoch's old bonds are the last one's new bonds, recycled once read.
    let mut subnet = dense_subnet(3, 64);
    let mut buffers = EpochBuffers::new();
    let mut bonds = subnet.bonds.clone();
    for _ in 0..3 {
        let (fresh, fresh_bonds) = subnet.one_shot();
        let output = run_epoch_in(
            &mut buffers,
            subnet.params,
            subnet.ctx,
            &subnet.neurons,
            &subnet.weights,
            &bonds,
        )
        .expect("no error");
        assert_eq!(output, fresh);
        let read = core::mem::replace(&mut bonds, buffers.take_bonds());
        buffers.recycle(read);
        assert_eq!(bonds, fresh_bonds);
        subnet.bonds = fresh_bonds;
    }
}

#[test]
fn rows_out_of_order_are_refused() {
    let subnet = random_subnet(7, 16);
    let mut epoch = Epoch::new(
        subnet.params,
        subnet.ctx,
        &subnet.neurons,
        StepLimits::default(),
    )
    .expect("starts");
    let expected = epoch.next_rows(1).first().copied();
    let wrong = expected.map_or(0, |uid| uid.wrapping_add(1) % 16);
    let row = RowInput {
        uid: wrong,
        weights: &[],
        bonds: &[],
        exact_bonds: ExactBonds::NONE,
    };
    if expected.is_some() {
        assert_eq!(
            epoch.feed(&[row]),
            Err(yuma::EpochError::UnexpectedRow {
                expected,
                got: wrong
            })
        );
    }
    assert_eq!(
        epoch.finish().err(),
        expected.map(|_| yuma::EpochError::NotComplete)
    );
}

#[test]
fn feeding_no_rows_or_a_refused_row_changes_nothing() {
    // A dense subnet's consensus rows are taken in groups natively: a feed that takes none
    // leaves the epoch as it was, its window still unopened.
    let subnet = dense_subnet(3, 40);
    let start = Epoch::new(
        subnet.params,
        subnet.ctx,
        &subnet.neurons,
        StepLimits::default(),
    )
    .expect("starts");
    let mut epoch = start.clone();
    assert_eq!(epoch.feed(&[]), Ok(Vec::new()));
    assert_eq!(epoch, start);
    let expected = epoch
        .next_rows(1)
        .first()
        .copied()
        .expect("a validator row");
    let wrong = epoch.next_rows(2).get(1).copied().expect("a second row");
    let row = |uid: u16| RowInput {
        uid,
        weights: &subnet.weights[usize::from(uid)],
        bonds: &subnet.bonds[usize::from(uid)],
        exact_bonds: ExactBonds::NONE,
    };
    assert_eq!(
        epoch.feed(&[row(wrong), row(expected)]),
        Err(yuma::EpochError::UnexpectedRow {
            expected: Some(expected),
            got: wrong
        })
    );
    assert_eq!(epoch, start);
}

#[test]
fn an_epoch_without_the_parts_its_pass_reads_refuses_to_run() {
    let subnet = random_subnet(11, 32);
    let epoch = Epoch::new(
        subnet.params,
        subnet.ctx,
        &subnet.neurons,
        StepLimits::default(),
    )
    .expect("starts");
    let mut bare = Epoch::decode(&mut epoch.encode().as_slice()).expect("decodes");
    assert_eq!(bare.missing_parts(), bare.pass().reads());
    let Some(&uid) = bare.next_rows(1).first() else {
        return;
    };
    let row = RowInput {
        uid,
        weights: &subnet.weights[uid as usize],
        bonds: &subnet.bonds[uid as usize],
        exact_bonds: ExactBonds::NONE,
    };
    assert_eq!(bare.feed(&[row]), Err(yuma::EpochError::MissingState));
    // Attached, the same row is taken.
    for part in bare.missing_parts().iter() {
        let bytes = epoch.part(part).encode();
        bare.attach(PartData::decode(&mut bytes.as_slice()).expect("decodes"));
    }
    let row = RowInput {
        uid,
        weights: &subnet.weights[uid as usize],
        bonds: &subnet.bonds[uid as usize],
        exact_bonds: ExactBonds::NONE,
    };
    assert!(bare.feed(&[row]).is_ok());
}

#[test]
fn a_moving_average_above_one_emits_no_negative_exact_bond() {
    // Above 10⁶ the EMA rate is negative (the contracts bound it; the crate does not), so a
    // kept weight's part of its bond is negative: such a bond is no bond, exact or stored, as
    // before the exact bonds kept a dense row's 0s (`chunked` checks every row it is given).
    let mut subnet = dense_subnet(11, 48);
    subnet.params.variant = yuma::Variant::Yuma3;
    subnet.params.bonds_penalty = u16::MAX;
    subnet.params.liquid_alpha = None;
    subnet.params.bonds_moving_average = 2_000_000;
    let one_shot = subnet.one_shot();
    assert_eq!(chunked(&subnet, 11), one_shot);
}
