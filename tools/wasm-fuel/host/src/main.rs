//! `wasm-fuel GUEST.wasm N VALIDATORS ROWS`: the wasmi fuel of each pass of one dense Yuma 3
//! epoch of the guest (see guest/src/lib.rs), fed ROWS rows a call, per weight (N ×
//! VALIDATORS), with what it would cost in ref_time and in a subtensor block.
use std::collections::BTreeMap;

use wasmi::{Config, Engine, Linker, Module, Store};

/// ref_time of one unit of fuel: pallet-contracts 31's `InstructionWeights::base`
/// (`instr_i64_load_store` / 6).
const REF_TIME_PER_FUEL: f64 = 2_481.0;
/// A subtensor block's normal class: 4 s × 75%.
const BLOCK: f64 = 3e12;
const PASSES: [&str; 6] = [
    "consensus",
    "ranks",
    "bond totals",
    "dividends",
    "bond storage",
    "complete",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: wasm-fuel GUEST.wasm N VALIDATORS ROWS";
    let path = args.get(1).expect(usage);
    let number = |i: usize| -> u32 { args.get(i).and_then(|a| a.parse().ok()).expect(usage) };
    let (n, validators, rows) = (number(2), number(3), number(4));
    let mut config = Config::default();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let wasm = std::fs::read(path).expect("the guest's .wasm");
    let module = Module::new(&engine, &wasm[..]).expect("a Wasm module");
    let mut store = Store::new(&engine, ());
    store.add_fuel(u64::MAX / 4).expect("fuel metering is on");
    let instance = <Linker<()>>::new(&engine)
        .instantiate(&mut store, &module)
        .and_then(|pre| pre.start(&mut store))
        .expect("the guest imports nothing");
    let setup = instance
        .get_typed_func::<(u32, u32), ()>(&store, "setup")
        .unwrap();
    let start = instance.get_typed_func::<(), ()>(&store, "start").unwrap();
    let prepare = instance
        .get_typed_func::<u32, ()>(&store, "prepare")
        .unwrap();
    let feed = instance.get_typed_func::<u32, u32>(&store, "feed").unwrap();
    let pass = instance.get_typed_func::<(), u32>(&store, "pass").unwrap();
    setup.call(&mut store, (n, validators)).unwrap();
    start.call(&mut store, ()).unwrap();
    let mut fuel: BTreeMap<u32, (u64, u32)> = BTreeMap::new();
    loop {
        let current = pass.call(&mut store, ()).unwrap();
        if current == 5 {
            break;
        }
        let before = store.fuel_consumed().unwrap();
        prepare.call(&mut store, rows).unwrap();
        let prepared = store.fuel_consumed().unwrap();
        feed.call(&mut store, rows).unwrap();
        let fed = store.fuel_consumed().unwrap();
        // The feed's own cost: what `prepare` spent cutting the same rows is not the epoch's.
        let cost = (fed - prepared).saturating_sub(prepared - before);
        let entry = fuel.entry(current).or_default();
        entry.0 += cost;
        entry.1 += 1;
    }
    let weights = f64::from(n) * f64::from(validators);
    println!("| pass | calls | fuel | fuel a weight | ref_time | share of a block |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (pass, (units, calls)) in fuel {
        let ref_time = units as f64 * REF_TIME_PER_FUEL;
        println!(
            "| {} | {calls} | {units} | {:.0} | {ref_time:.3e} | {:.1}% |",
            PASSES[pass as usize],
            units as f64 / weights,
            ref_time / BLOCK * 100.0
        );
    }
}
