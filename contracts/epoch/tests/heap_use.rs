//! How much heap each call of a large subnet's epoch holds at its peak, measured on the host.
//!
//! A contract call has 1 MiB of memory in all (stack, data and heap); a 4,096-neuron epoch's
//! state alone is hundreds of KiB. The drink bench finds a call that overflows only after
//! minutes of setup, and only as a trap; this test drives the same stages the contract does —
//! decode the state (and the parts of the epoch its pass reads), one gather page or one read
//! of rows or one payout page, encode what changed — and counts every byte allocated in
//! between, so that a change that makes a step hold more fails here, with the step and the byte count. Host vectors have 8-byte pointers where Wasm
//! has 4, so the count is a little above what the contract holds.

use epoch::chunks;
use epoch::run::{CompletedBonds, Run, Stage};
use ink::primitives::AccountId;
use interfaces::entries::Entries;
use interfaces::registry::{EpochStart, Hyperparameters, Neuron};
use interfaces::weights::{fit_in_page, WeightRow};
use interfaces::{Balance, Uid};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use yuma::parts::{Part, PartData};
use yuma::{Pass, StepLimits, I32F32};

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
    /// The epoch's parts by `Part::index`, each in slices.
    parts: BTreeMap<u8, Vec<Vec<u8>>>,
    exact: BTreeMap<Uid, Vec<(Uid, I32F32)>>,
}

impl Storage {
    fn load(&self) -> Run {
        let mut slices = self.run.iter();
        chunks::decode(|| slices.next().cloned()).expect("the stored run decodes")
    }

    fn load_part(&self, part: Part) -> Option<PartData> {
        let mut slices = self.parts.get(&part.index())?.iter();
        chunks::decode(|| slices.next().cloned())
    }

    fn save(&mut self, run: &Run) {
        let mut slices = Vec::new();
        chunks::write(run, |_, slice| uncounted(|| slices.push(slice.to_vec())));
        uncounted(|| self.run = slices);
        for (part, value) in run.changed_parts() {
            let mut slices = Vec::new();
            chunks::write(&value, |_, slice| uncounted(|| slices.push(slice.to_vec())));
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

/// One `epoch_step` of the contract, storage aside: returns false once the epoch is paid.
fn step(subnet: &Subnet, storage: &mut Storage, max_rows: u16) -> bool {
    let mut run = storage.load();
    if matches!(run.stage, Stage::Gather { .. }) {
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
    if matches!(run.stage, Stage::Rows(_)) {
        let uids = run.rows_to_read(max_rows);
        let rows = if run.reads_weights() {
            answer(subnet, &uids, run.row_columns())
        } else {
            uids.iter()
                .map(|uid| subnet.row(*uid, Entries::default()))
                .collect()
        };
        let completed = run
            .feed(
                &rows,
                |uid, _| subnet.bonds(uid),
                |uid| storage.exact.get(&uid).cloned(),
                |part| storage.load_part(part),
            )
            .expect("rows in order");
        storage.keep(completed);
    }
    if let Some((_, page)) = run.payout_page() {
        let count = u16::try_from(page.len()).unwrap_or(u16::MAX);
        if run.advance_payouts(count) {
            return false;
        }
    }
    storage.save(&run);
    true
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
    storage.save(&Run::new(
        &start,
        100,
        1_000_000_000,
        StepLimits::default(),
        128,
    ));
    let mut peaks: Vec<(u32, &'static str, usize)> = Vec::new();
    let mut running = true;
    let mut call = 0u32;
    while running {
        let stage = match storage.load().stage {
            Stage::Gather { .. } => "gather",
            Stage::Rows(epoch) => match epoch.pass() {
                Pass::Consensus { .. } => "consensus",
                Pass::Ranks => "ranks",
                _ => "dividends",
            },
            Stage::Payout { .. } => "payout",
        };
        let peak = peak_of(|| running = step(&subnet, &mut storage, 64));
        peaks.push((call, stage, peak));
        call += 1;
        assert!(call < 5_000, "the epoch makes no progress");
    }
    for stage in ["gather", "consensus", "ranks", "dividends", "payout"] {
        let of_stage = peaks.iter().filter(|(_, at, _)| *at == stage);
        if let Some((call, _, peak)) = of_stage.max_by_key(|(_, _, peak)| *peak) {
            std::eprintln!("{stage}: largest heap {peak} bytes (call {call})");
        }
    }
    let (worst_call, worst_stage, worst) = *peaks.iter().max_by_key(|(_, _, peak)| *peak).unwrap();
    // 1 MiB less the 64 KiB stack, the data segment, ink!'s buffers and the allocator's
    // fragmentation (measured: 573,640 bytes, the call that finishes the epoch).
    assert!(
        worst < 704 * 1024,
        "call {worst_call} ({worst_stage}) holds {worst} bytes"
    );
}
