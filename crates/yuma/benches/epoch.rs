//! One epoch (with the bonds of a previous epoch) for n ∈ {64, 256, 1024, 4096} neurons with 64
//! or 256 validators, dense or 10%-sparse weights; and each pass of the 4,096/256 dense Yuma 3
//! epoch on its own, with the heap allocations an epoch makes; Yuma 3's epochs also in the
//! buffers the epoch before left (`run_epoch_in`, `/kept`). `cargo bench -p yuma`; numbers
//! in docs/benchmarks.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use yuma::{
    run_epoch, run_epoch_in, Epoch, EpochBuffers, EpochContext, EpochParams, ExactBonds,
    NeuronInput, RowInput, StepLimits, StoredRow, Variant,
};

/// Counts allocations, to report how many one epoch makes.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Setup {
    params: EpochParams,
    ctx: EpochContext,
    neurons: Vec<NeuronInput>,
    weights: Vec<StoredRow>,
    bonds: Vec<StoredRow>,
}

fn setup(n: usize, validators: usize, density_percent: u64, variant: Variant) -> Setup {
    let yuma::synthetic::Subnet {
        params,
        ctx,
        neurons,
        weights,
    } = yuma::synthetic::subnet(
        u16::try_from(n).expect("n fits"),
        u16::try_from(validators).expect("validators fit"),
        density_percent,
        variant,
    );
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

/// An epoch stopped at the start of each pass, with the exact bonds earlier passes emitted.
struct PassStart {
    name: String,
    epoch: Epoch,
    exact: Vec<ExactBonds>,
}

fn feed_pass(s: &Setup, epoch: &mut Epoch, exact: &mut [ExactBonds]) {
    let uids = epoch.next_rows(usize::MAX).to_vec();
    let rows: Vec<RowInput<'_>> = uids
        .iter()
        .map(|&uid| RowInput {
            uid,
            weights: &s.weights[usize::from(uid)],
            bonds: &s.bonds[usize::from(uid)],
            exact_bonds: &exact[usize::from(uid)],
        })
        .collect();
    let finished = epoch.feed(&rows).expect("rows in order");
    drop(rows);
    for row in finished {
        exact[usize::from(row.uid)] = row.exact;
    }
}

fn pass_starts(s: &Setup) -> Vec<PassStart> {
    let n = s.neurons.len();
    let cells = u32::try_from(n * n).expect("fits");
    let limits = StepLimits::uniform(cells);
    let mut epoch = Epoch::new(s.params, s.ctx, &s.neurons, limits).expect("starts");
    let mut exact = vec![ExactBonds::new(); n];
    let mut starts = Vec::new();
    while !epoch.is_complete() {
        starts.push(PassStart {
            name: format!("{:?}", epoch.pass()),
            epoch: epoch.clone(),
            exact: exact.clone(),
        });
        feed_pass(s, &mut epoch, &mut exact);
    }
    starts
}

/// What `epoch` allocates: how many times, how many bytes.
fn allocations_of(epoch: impl FnOnce()) -> (u64, u64) {
    let (count, bytes) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    );
    epoch();
    (
        ALLOCATIONS.load(Ordering::Relaxed) - count,
        ALLOCATED_BYTES.load(Ordering::Relaxed) - bytes,
    )
}

fn epoch_in(buffers: &mut EpochBuffers, s: &Setup) {
    run_epoch_in(buffers, s.params, s.ctx, &s.neurons, &s.weights, &s.bonds).expect("epoch");
}

fn passes(c: &mut Criterion) {
    let mut group = c.benchmark_group("pass");
    group.sample_size(10);
    let s = setup(4096, 256, 100, Variant::Yuma3);
    let (count, bytes) = allocations_of(|| {
        run_epoch(s.params, s.ctx, &s.neurons, &s.weights, &s.bonds).expect("epoch");
    });
    eprintln!("yuma3/dense/v256/4096: {count} allocations, {bytes} bytes allocated per epoch");
    let mut buffers = EpochBuffers::new();
    epoch_in(&mut buffers, &s);
    let (count, bytes) = allocations_of(|| epoch_in(&mut buffers, &s));
    eprintln!(
        "yuma3/dense/v256/4096: {count} allocations, {bytes} bytes per epoch in kept buffers"
    );
    for start in pass_starts(&s) {
        group.bench_function(format!("yuma3/dense/v256/4096/{}", start.name), |b| {
            b.iter_batched(
                || (start.epoch.clone(), start.exact.clone()),
                |(mut epoch, mut exact)| feed_pass(&s, &mut epoch, &mut exact),
                BatchSize::LargeInput,
            )
        });
    }
    let last = pass_starts(&s).pop().expect("a pass");
    let (mut complete, mut exact) = (last.epoch, last.exact);
    feed_pass(&s, &mut complete, &mut exact);
    group.bench_function("yuma3/dense/v256/4096/finish", |b| {
        b.iter_batched(
            || complete.clone(),
            |epoch| epoch.finish().expect("complete"),
            BatchSize::LargeInput,
        )
    });
    group.finish();
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
                    if variant == Variant::Yuma3 {
                        // The same epoch in the buffers the one before it left.
                        let id = BenchmarkId::new(format!("{name}/{label}/v{validators}/kept"), n);
                        group.bench_with_input(id, &s, |b, s| {
                            let mut buffers = EpochBuffers::new();
                            b.iter(|| epoch_in(&mut buffers, s))
                        });
                    }
                }
            }
        }
    }
    group.finish();
}

criterion_group!(benches, passes, bench);
criterion_main!(benches);
