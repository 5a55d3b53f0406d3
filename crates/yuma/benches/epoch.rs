//! One epoch (with the bonds of a previous epoch) for n ∈ {64, 256, 1024, 4096} neurons with 64
//! or 256 validators, dense or 10%-sparse weights. `cargo bench -p yuma`; numbers in
//! docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use yuma::{run_epoch, EpochContext, EpochParams, NeuronInput, StoredRow, Variant};

struct Setup {
    params: EpochParams,
    ctx: EpochContext,
    neurons: Vec<NeuronInput>,
    weights: Vec<StoredRow>,
    bonds: Vec<StoredRow>,
}

fn setup(n: usize, validators: usize, density_percent: u64, variant: Variant) -> Setup {
    let mut state = 0x1234_5678_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let params = EpochParams {
        variant,
        max_allowed_validators: validators as u16,
        ..EpochParams::default()
    };
    let neurons: Vec<NeuronInput> = (0..n)
        .map(|uid| NeuronInput {
            stake: if uid < validators {
                1_000_000_000_000 + next() % 1_000_000_000_000
            } else {
                0
            },
            last_update: 1_000,
            registered_at: 0,
            validator_permit: uid < validators,
            commit_block: None,
        })
        .collect();
    let weights: Vec<StoredRow> = (0..n)
        .map(|uid| {
            if uid >= validators {
                return Vec::new();
            }
            let mut row = Vec::new();
            for j in 0..n as u16 {
                if next() % 100 < density_percent {
                    row.push((j, (next() % 65_536) as u16));
                }
            }
            row
        })
        .collect();
    let ctx = EpochContext {
        current_block: 1_000,
        bonds_mask_block: 900,
        owner_uid: Some(0),
        commit_reveal: false,
        emission: 1_000_000_000,
    };
    let (_, bonds) =
        run_epoch(params, ctx, &neurons, &weights, &vec![Vec::new(); n]).expect("first epoch");
    Setup {
        params,
        ctx,
        neurons,
        weights,
        bonds,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("epoch");
    group.sample_size(10);
    for (variant, name) in [(Variant::Yuma3, "yuma3"), (Variant::Classic, "classic")] {
        for n in [64usize, 256, 1024, 4096] {
            for validators in [64usize, 256] {
                if validators > n {
                    continue;
                }
                for (density, label) in [(100u64, "dense"), (10, "sparse10")] {
                    if variant == Variant::Classic && density != 100 {
                        continue;
                    }
                    let s = setup(n, validators, density, variant);
                    let id = BenchmarkId::new(format!("{name}/{label}/v{validators}"), n);
                    group.bench_with_input(id, &s, |b, s| {
                        b.iter(|| {
                            run_epoch(s.params, s.ctx, &s.neurons, &s.weights, &s.bonds)
                                .expect("epoch")
                        })
                    });
                }
            }
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
