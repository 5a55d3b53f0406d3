//! How much heap each call of a large subnet's epoch holds at its peak, measured on the host.
//!
//! A contract call has 1 MiB of memory in all (stack, data and heap), and so has the rows code
//! it delegate-calls (a Wasm instance of its own); a 4,096-neuron epoch's state alone is
//! hundreds of KiB. The drink bench finds a call that overflows only after minutes of setup,
//! and only as a trap; this test drives the same stages the two codes do — decode the run (and
//! the parts of the epoch its pass reads), one gather page or one read of rows or one payout
//! page, encode what changed — and counts every byte each code allocates, so that a change
//! that makes a step hold more fails here, with the step and the byte count. Host vectors have
//! 8-byte pointers where Wasm has 4, so the count is a little above what the contracts hold.

use epoch_state::chunks;
use epoch_state::rows::{self, CompletedBonds, COLUMN_WINDOW_CELLS};
use epoch_state::run::{Run, Stage};
use epoch_state::store::WHOLE_COPY_ENTRIES;
use ink::primitives::AccountId;
use interfaces::emission::EmissionConfig;
use interfaces::entries::Entries;
use interfaces::registry::{EpochStart, Hyperparameters, Neuron};
use interfaces::weights::{fit_in_page, WeightRow};
use interfaces::{Balance, Uid};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use yuma::parts::{Part, PartData};
use yuma::{Epoch, ExactBonds, Pass, StepLimits};

/// Counts the bytes this thread holds while `COUNTING` is on (tests run on many threads).
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(bytes: isize) {
    // `try_with`: the allocator is entered while a thread's locals are being torn down too.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            LIVE.with(|live| {
                let now = live.get().saturating_add(bytes);
                live.set(now);
                PEAK.with(|peak| peak.set(peak.get().max(now)));
            });
        }
    });
}

fn size(layout: Layout) -> isize {
    isize::try_from(layout.size()).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are the system allocator's.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            count(size(layout));
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` came from `alloc` above with this `layout`.
        unsafe { System.dealloc(pointer, layout) };
        count(size(layout).saturating_neg());
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn counting(on: bool) {
    COUNTING.with(|counting| counting.set(on));
}

/// Work inside a call that is not the call's memory: writing to storage.
fn uncounted<T>(work: impl FnOnce() -> T) -> T {
    counting(false);
    let result = work();
    counting(true);
    result
}

/// Runs one call's work from zero and returns the most it held at once.
fn peak_of(call: impl FnOnce()) -> usize {
    LIVE.with(|live| live.set(0));
    PEAK.with(|peak| peak.set(0));
    counting(true);
    call();
    counting(false);
    usize::try_from(PEAK.with(Cell::get)).unwrap_or(0)
}

/// Contract storage: what a call writes there is not the call's memory.
#[derive(Default)]
struct Storage {
    run: Vec<Vec<u8>>,
    /// The rows stage's epoch: its core, and its parts by `Part::index`, each in slices.
    core: Vec<Vec<u8>>,
    parts: BTreeMap<u8, Vec<Vec<u8>>>,
    exact: BTreeMap<Uid, ExactBonds>,
}

impl Storage {
    fn load(&self) -> Run {
        let mut slices = self.run.iter();
        chunks::decode(|| slices.next().cloned()).expect("the stored run decodes")
    }

    fn load_epoch(&self) -> Epoch {
        let mut slices = self.core.iter();
        chunks::decode(|| slices.next().cloned()).expect("the stored epoch decodes")
    }

    fn load_part(&self, part: Part) -> Option<PartData> {
        let mut slices = self.parts.get(&part.index())?.iter();
        chunks::decode(|| slices.next().cloned())
    }

    fn save(&mut self, run: &Run) {
        let mut slices = Vec::new();
        chunks::write(run, |_, slice| uncounted(|| slices.push(slice.to_vec())));
        uncounted(|| self.run = slices);
    }

    fn save_epoch(&mut self, epoch: &Epoch) {
        let mut slices = Vec::new();
        chunks::write(epoch, |_, slice| uncounted(|| slices.push(slice.to_vec())));
        uncounted(|| self.core = slices);
        for part in epoch.changed_parts().iter() {
            let mut slices = Vec::new();
            chunks::write(&epoch.part(part), |_, slice| {
                uncounted(|| slices.push(slice.to_vec()))
            });
            uncounted(|| self.parts.insert(part.index(), slices));
        }
    }

    fn keep(&mut self, completed: Vec<CompletedBonds>) {
        uncounted(|| {
            for CompletedBonds { row, .. } in completed {
                self.exact.insert(row.uid, row.exact);
            }
        });
    }
}

/// A subnet of `n` neurons whose first `validators` uids hold stake and weight every neuron
/// but themselves with distinct values, as the bench's subnets do.
struct Subnet {
    n: u16,
    validators: u16,
}

impl Subnet {
    fn neuron(&self, uid: Uid) -> Neuron {
        Neuron {
            uid,
            hotkey: AccountId::from([1; 32]),
            registered_at: 1,
            validator_permit: uid < self.validators,
            emission: 0,
        }
    }

    fn stake(&self, uid: Uid) -> Balance {
        if uid < self.validators {
            1_000_000_000 * (Balance::from(uid) + 1)
        } else {
            0
        }
    }

    fn row(&self, uid: Uid, entries: Entries) -> WeightRow {
        WeightRow {
            uid,
            setter_registered_at: 1,
            last_update: 90,
            earliest_commit: None,
            entries,
        }
    }

    fn weights(&self, uid: Uid) -> Entries {
        if uid >= self.validators {
            return Entries::default();
        }
        let weight = |j: Uid| 1 + ((u32::from(uid) * 7 + u32::from(j) * 13) % 65_000) as u16;
        Entries::from_pairs(
            (0..self.n)
                .filter(|j| *j != uid)
                .map(|j| (j, weight(j)))
                .collect(),
        )
    }

    /// A validator's bonds from the previous epoch, to every neuron but itself (what the
    /// contract decodes from the bond cell).
    fn bonds(&self, uid: Uid) -> Vec<(Uid, u16)> {
        (0..self.n)
            .filter(|j| *j != uid)
            .map(|j| (j, 1 + j % 60_000))
            .collect()
    }
}

/// What the weights contract answers: the rows asked for, cut to one return page as it cuts
/// them.
fn answer(subnet: &Subnet, uids: &[Uid], columns: Option<(Uid, Uid)>) -> Vec<WeightRow> {
    fit_in_page(uids.iter().map(|uid| {
        let entries = subnet.weights(*uid);
        let entries = match columns {
            Some((start, end)) => entries.columns(start, end),
            None => entries,
        };
        subnet.row(*uid, entries)
    }))
}

/// One `epoch_step`, storage aside: the epoch contract's work before and after the rows code
/// and the rows code's (a delegate call runs in a memory of its own), with the heap each of
/// the two holds at its peak. Returns false once the epoch is paid.
fn step(subnet: &Subnet, storage: &mut Storage, max_rows: u16) -> (bool, usize, usize) {
    let mut in_rows = false;
    let before = peak_of(|| {
        let mut run = storage.load();
        if matches!(run.stage, Stage::Gather { .. }) && !run.gathered() {
            let (first, count) = run.gather_page();
            let uids = first..first + count;
            let neurons: Vec<Neuron> = uids.clone().map(|uid| subnet.neuron(uid)).collect();
            let stakes: Vec<Balance> = uids.clone().map(|uid| subnet.stake(uid)).collect();
            let headers: Vec<WeightRow> = uids
                .map(|uid| subnet.row(uid, Entries::default()))
                .collect();
            run.gather(&neurons, &stakes, &headers)
                .expect("a page in order");
        }
        if run.gathered() {
            let epoch = run.begin_rows().expect("every neuron gathered");
            assert!(!epoch.is_complete(), "the subnet has validators");
            storage.save_epoch(&epoch);
        }
        in_rows = matches!(run.stage, Stage::Rows);
        storage.save(&run);
    });
    let mut complete = false;
    let rows_code = if in_rows {
        peak_of(|| complete = feed_rows(subnet, storage, max_rows))
    } else {
        0
    };
    let mut running = true;
    let after = peak_of(|| {
        let mut run = storage.load();
        if complete {
            let mut epoch = storage.load_epoch();
            rows::attach_all(&mut epoch, |part| storage.load_part(part)).expect("every part");
            run.close_rows(epoch).expect("a complete epoch");
        }
        if let Some((_, page)) = run.payout_page() {
            let count = u16::try_from(page.len()).unwrap_or(u16::MAX);
            if run.advance_payouts(count) {
                running = false;
                return;
            }
        }
        storage.save(&run);
    });
    (running, before.max(after), rows_code)
}

/// The rows code's `feed_rows`: true once the epoch is complete.
fn feed_rows(subnet: &Subnet, storage: &mut Storage, max_rows: u16) -> bool {
    let mut epoch = storage.load_epoch();
    let uids = rows::rows_to_read(&epoch, max_rows);
    let copied_whole = !matches!(epoch.pass(), Pass::Consensus { .. });
    let rows = if epoch.reads_weights() && copied_whole {
        // After consensus, whole rows come from the copies the first window made.
        let most = WHOLE_COPY_ENTRIES / usize::from(subnet.n);
        uids.iter()
            .take(most.max(1))
            .map(|uid| subnet.row(*uid, subnet.weights(*uid)))
            .collect()
    } else if let Some((start, end)) = epoch.columns().filter(|_| epoch.reads_weights()) {
        // A later consensus window reads its columns of every row from those copies.
        uids.iter()
            .map(|uid| subnet.row(*uid, subnet.weights(*uid).columns(start, end)))
            .collect()
    } else if epoch.reads_weights() {
        answer(subnet, &uids, None)
    } else {
        uids.iter()
            .map(|uid| subnet.row(*uid, Entries::default()))
            .collect()
    };
    let completed = rows::feed(
        &mut epoch,
        &rows,
        |uid, _| subnet.bonds(uid),
        |uid| storage.exact.get(&uid).cloned(),
        |part| storage.load_part(part),
    )
    .expect("rows in order");
    drop(rows);
    storage.keep(completed);
    storage.save_epoch(&epoch);
    epoch.is_complete()
}

#[test]
fn every_call_of_a_4096_neuron_epoch_holds_under_704_kib() {
    let subnet = Subnet {
        n: 4_096,
        validators: 256,
    };
    let start = EpochStart {
        generation: 1,
        neuron_count: subnet.n,
        hyperparameters: Hyperparameters::default(),
        owner: AccountId::from([9; 32]),
        owner_hotkey: AccountId::from([0; 32]),
        previous_start: 0,
    };
    let mut storage = Storage::default();
    // The limits the epoch contract runs with, and the keeper's default `max_rows`.
    let limits = StepLimits {
        consensus_cells: EmissionConfig::default().consensus_cells,
        column_window_cells: COLUMN_WINDOW_CELLS,
    };
    storage.save(&Run::new(&start, 100, 1_000_000_000, limits, 128));
    let mut peaks: Vec<(u32, &'static str, &'static str, usize)> = Vec::new();
    let mut running = true;
    let mut call = 0u32;
    while running {
        let stage = match storage.load().stage {
            Stage::Gather { .. } => "gather",
            Stage::Rows => match storage.load_epoch().pass() {
                Pass::Consensus { .. } => "consensus",
                Pass::Ranks => "ranks",
                _ => "dividends",
            },
            Stage::Payout { .. } => "payout",
        };
        let (still, epoch_code, rows_code) = step(&subnet, &mut storage, 256);
        running = still;
        peaks.push((call, stage, "epoch", epoch_code));
        peaks.push((call, stage, "rows code", rows_code));
        call += 1;
        assert!(call < 5_000, "the epoch makes no progress");
    }
    for stage in ["gather", "consensus", "ranks", "dividends", "payout"] {
        for code in ["epoch", "rows code"] {
            let of_stage = peaks
                .iter()
                .filter(|(_, at, by, _)| *at == stage && *by == code);
            if let Some((call, _, _, peak)) = of_stage.max_by_key(|(_, _, _, peak)| *peak) {
                std::eprintln!("{stage}, {code}: largest heap {peak} bytes (call {call})");
            }
        }
    }
    let (worst_call, worst_stage, worst_code, worst) =
        *peaks.iter().max_by_key(|(_, _, _, peak)| *peak).unwrap();
    // 1 MiB less the 64 KiB stack, the data segment, ink!'s buffers and the allocator's
    // fragmentation (measured: 606,712 bytes, a ranks call of the rows code).
    assert!(
        worst < 704 * 1024,
        "call {worst_call} ({worst_stage}, {worst_code}) holds {worst} bytes"
    );
}
