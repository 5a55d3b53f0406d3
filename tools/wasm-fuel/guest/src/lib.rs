//! One dense Yuma 3 epoch (the second: bonds from a first one present), fed in chunks of
//! rows as the epoch contract's rows code feeds it, behind four exports the host meters:
//! `setup(n, validators)`, `start()`, `prepare(rows)` (cuts the next rows, the part of a
//! feed that is this harness's own work) and `feed(rows)` (the same, then feeds them; returns
//! the pass reached, `pass()` the current one: 0 consensus, 1 ranks, 2 bond totals,
//! 3 dividends, 4 bond storage, 5 complete).
extern crate heap;

use std::cell::RefCell;

use yuma::epoch::Pass;
use yuma::{
    run_epoch, Epoch, EpochContext, EpochParams, ExactBonds, NeuronInput, RowInput, StepLimits,
    StoredRow,
    Variant,
};

/// The limits the epoch contract runs with: the emission config's default `consensus_cells`
/// and the rows code's `COLUMN_WINDOW_CELLS` (crates/epoch-state).
const CONTRACT_LIMITS: StepLimits = StepLimits {
    consensus_cells: 16_384,
    column_window_cells: 65_536,
};

struct Subnet {
    params: EpochParams,
    ctx: EpochContext,
    neurons: Vec<NeuronInput>,
    weights: Vec<StoredRow>,
    bonds: Vec<StoredRow>,
}

struct Run {
    epoch: Epoch,
    exact: Vec<ExactBonds>,
}

thread_local! {
    static SUBNET: RefCell<Option<Subnet>> = const { RefCell::new(None) };
    static RUN: RefCell<Option<Run>> = const { RefCell::new(None) };
}

#[no_mangle]
pub extern "C" fn setup(n: u32, validators: u32) {
    let fit = |value: u32| u16::try_from(value).expect("at most 65,535");
    let yuma::synthetic::Subnet {
        params,
        ctx,
        neurons,
        weights,
    } = yuma::synthetic::subnet(fit(n), fit(validators), 100, Variant::Yuma3);
    let n = neurons.len();
    let (_, bonds) =
        run_epoch(params, ctx, &neurons, &weights, &vec![Vec::new(); n]).expect("first epoch");
    SUBNET.with(|subnet| {
        *subnet.borrow_mut() = Some(Subnet {
            params,
            ctx,
            neurons,
            weights,
            bonds,
        })
    });
}

#[no_mangle]
pub extern "C" fn start() {
    let run = SUBNET.with(|subnet| {
        let subnet = subnet.borrow();
        let s = subnet.as_ref().expect("setup first");
        Run {
            epoch: Epoch::new(s.params, s.ctx, &s.neurons, CONTRACT_LIMITS).expect("starts"),
            exact: vec![ExactBonds::new(); s.neurons.len()],
        }
    });
    RUN.with(|cell| *cell.borrow_mut() = Some(run));
}

/// The next `rows` rows as the rows code reads them: whole, or a later window's columns.
fn next_rows(s: &Subnet, epoch: &Epoch, rows: u32) -> (Vec<u16>, Vec<StoredRow>) {
    let uids = epoch.next_rows(rows as usize).to_vec();
    let columns = epoch.columns();
    let cut = uids
        .iter()
        .map(|&uid| {
            let row = &s.weights[usize::from(uid)];
            match columns {
                Some((start, end)) => row
                    .iter()
                    .copied()
                    .filter(|(j, _)| (start..end).contains(j))
                    .collect(),
                None => row.clone(),
            }
        })
        .collect();
    (uids, cut)
}

#[no_mangle]
pub extern "C" fn prepare(rows: u32) {
    SUBNET.with(|subnet| {
        RUN.with(|run| {
            let (subnet, run) = (subnet.borrow(), run.borrow());
            let (s, run) = (
                subnet.as_ref().expect("setup"),
                run.as_ref().expect("start"),
            );
            std::hint::black_box(next_rows(s, &run.epoch, rows));
        })
    });
}

#[no_mangle]
pub extern "C" fn feed(rows: u32) -> u32 {
    SUBNET.with(|subnet| {
        RUN.with(|run| {
            let subnet = subnet.borrow();
            let mut run = run.borrow_mut();
            let (s, run) = (
                subnet.as_ref().expect("setup"),
                run.as_mut().expect("start"),
            );
            let (uids, cut) = next_rows(s, &run.epoch, rows);
            let inputs: Vec<RowInput<'_>> = uids
                .iter()
                .zip(&cut)
                .map(|(&uid, weights)| RowInput {
                    uid,
                    weights,
                    bonds: &s.bonds[usize::from(uid)],
                    exact_bonds: &run.exact[usize::from(uid)],
                })
                .collect();
            let finished = run.epoch.feed(&inputs).expect("rows in order");
            drop(inputs);
            for row in finished {
                run.exact[usize::from(row.uid)] = row.exact;
            }
            pass_number(run.epoch.pass())
        })
    })
}

#[no_mangle]
pub extern "C" fn pass() -> u32 {
    RUN.with(|run| pass_number(run.borrow().as_ref().expect("start").epoch.pass()))
}

fn pass_number(pass: Pass) -> u32 {
    match pass {
        Pass::Consensus { .. } => 0,
        Pass::Ranks => 1,
        Pass::BondTotals => 2,
        Pass::Dividends => 3,
        Pass::BondStorage => 4,
        Pass::Complete => 5,
    }
}
