//! The second epoch of a synthetic dense Yuma 3 subnet, `runs` times:
//! `cargo run --release -p yuma --example epoch_instructions -- <n> <validators> <runs>`.
//!
//! For counting instructions, which are deterministic where wall-clock time on a shared
//! machine is not: under `valgrind --tool=callgrind`, one epoch is the count with `runs` = 1
//! less the count with `runs` = 0 (which builds the subnet and runs its first epoch).

use yuma::{run_epoch, Variant};

fn main() {
    let arg = |at: usize| -> usize {
        std::env::args()
            .nth(at)
            .and_then(|value| value.parse().ok())
            .expect("usage: epoch_instructions <n> <validators> <runs>")
    };
    let (n, validators, runs) = (arg(1), arg(2), arg(3));
    let subnet = yuma::synthetic::subnet(
        u16::try_from(n).expect("n fits a uid"),
        u16::try_from(validators).expect("validators fit a uid"),
        100,
        Variant::Yuma3,
    );
    let no_bonds = vec![Vec::new(); n];
    let first = run_epoch(
        subnet.params,
        subnet.ctx,
        &subnet.neurons,
        &subnet.weights,
        &no_bonds,
    );
    let (_, bonds) = first.expect("the first epoch runs");
    for _ in 0..runs {
        let epoch = run_epoch(
            subnet.params,
            subnet.ctx,
            &subnet.neurons,
            &subnet.weights,
            &bonds,
        );
        std::hint::black_box(epoch.expect("the epoch runs"));
    }
}
