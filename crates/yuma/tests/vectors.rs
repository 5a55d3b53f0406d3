//! Conformance: every `yuma-vector/1` case in `tests/vectors/` (the shared conformance vectors,
//! format in its README) and in each folder listed in `YUMA_VECTORS` (':'-separated), run as the chain would
//! run it — bonds carried between epochs in their stored u16 form — and compared field by
//! field within the case's tolerance.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use yuma::{
    Epoch, EpochContext, EpochOutput, EpochParams, ExactBonds, LiquidAlpha, NeuronInput, RowInput,
    StepLimits, StoredRow, Variant,
};

#[derive(Deserialize)]
struct Vector {
    format: String,
    name: String,
    variant: String,
    hyperparameters: Hyperparameters,
    mask_self_weights: bool,
    n: usize,
    epochs: Vec<VectorEpoch>,
    tolerance: Tolerance,
}

#[derive(Deserialize)]
struct Hyperparameters {
    kappa: u16,
    bonds_penalty: u16,
    bonds_moving_average: u64,
    liquid_alpha_enabled: bool,
    alpha_low: Option<u16>,
    alpha_high: Option<u16>,
    alpha_sigmoid_steepness: Option<i16>,
}

#[derive(Deserialize)]
struct VectorEpoch {
    stake: Vec<u64>,
    weights: Vec<Vec<u16>>,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    consensus: Option<Vec<Option<f64>>>,
    incentive: Option<Vec<Option<f64>>>,
    dividends: Option<Vec<Option<f64>>>,
    validator_trust: Option<Vec<Option<f64>>>,
    bonds: Option<Vec<Vec<Option<f64>>>>,
}

#[derive(Deserialize)]
struct Tolerance {
    consensus: f64,
    incentive: f64,
    dividends: f64,
    bonds: Option<f64>,
    validator_trust: Option<f64>,
}

fn vector_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")];
    if let Ok(extra) = std::env::var("YUMA_VECTORS") {
        dirs.extend(
            extra
                .split(':')
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
        );
    }
    dirs
}

fn vector_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in vector_dirs() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("yuma vectors: no folder at {}", dir.display());
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

fn to_f64(x: yuma::I32F32) -> f64 {
    x.to_bits() as f64 / 4_294_967_296.0
}

/// Runs one case; returns the mismatches found.
fn run_case(vector: &Vector) -> Vec<String> {
    assert_eq!(
        vector.format, "yuma-vector/1",
        "{}: unknown format",
        vector.name
    );
    let n = vector.n;
    let params = EpochParams {
        variant: if vector.variant == "yuma3" {
            Variant::Yuma3
        } else {
            Variant::Classic
        },
        kappa: vector.hyperparameters.kappa,
        bonds_penalty: vector.hyperparameters.bonds_penalty,
        bonds_moving_average: vector.hyperparameters.bonds_moving_average,
        liquid_alpha: vector
            .hyperparameters
            .liquid_alpha_enabled
            .then(|| LiquidAlpha {
                alpha_low: vector.hyperparameters.alpha_low.unwrap_or(45_875),
                alpha_high: vector.hyperparameters.alpha_high.unwrap_or(58_982),
                steepness: vector
                    .hyperparameters
                    .alpha_sigmoid_steepness
                    .unwrap_or(1_000),
            }),
        max_allowed_validators: n as u16,
        activity_cutoff: u64::MAX / 2,
        stake_threshold: 0,
    };
    let mut bonds: Vec<StoredRow> = vec![Vec::new(); n];
    let mut failures = Vec::new();
    for (e, epoch) in vector.epochs.iter().enumerate() {
        // The vectors' convention: all active, permit = stake > 0 (or a validator that weights),
        // nobody registered after anyone's weights, no owner.
        let block = 10 + e as u64;
        let neurons: Vec<NeuronInput> = (0..n)
            .map(|i| NeuronInput {
                stake: epoch.stake[i],
                last_update: block,
                registered_at: 0,
                validator_permit: epoch.stake[i] > 0 || epoch.weights[i].iter().any(|w| *w > 0),
                commit_block: None,
            })
            .collect();
        let weights: Vec<StoredRow> = epoch
            .weights
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let has_self = row[i] > 0;
                assert!(
                    vector.mask_self_weights || !has_self,
                    "{}: unmasked self-weights are not a chain behaviour",
                    vector.name
                );
                if row.iter().all(|w| *w == 0) {
                    Vec::new()
                } else {
                    (0..n as u16).zip(row.iter().copied()).collect()
                }
            })
            .collect();
        let ctx = EpochContext {
            current_block: block,
            bonds_mask_block: block,
            owner_uid: None,
            commit_reveal: false,
            emission: 1_000_000_000,
        };
        let (out, ema_bonds, stored) = run_in_chunks(params, ctx, &neurons, &weights, &bonds);
        compare_epoch(vector, e, &out, &ema_bonds, &mut failures);
        bonds = stored;
    }
    failures
}

/// Drives the step API two rows at a time; returns the outputs, every validator's EMA bonds
/// (what the vectors compare) and the rows that persist (what the next epoch reads).
fn run_in_chunks(
    params: EpochParams,
    ctx: EpochContext,
    neurons: &[NeuronInput],
    weights: &[StoredRow],
    bonds: &[StoredRow],
) -> (EpochOutput, Vec<StoredRow>, Vec<StoredRow>) {
    let n = neurons.len();
    let mut epoch = Epoch::new(params, ctx, neurons, StepLimits::uniform(4)).expect("epoch starts");
    let (mut ema, mut stored) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    let mut exact = vec![ExactBonds::new(); n];
    while !epoch.is_complete() {
        let rows: Vec<RowInput<'_>> = epoch
            .next_rows(2)
            .iter()
            .map(|&uid| RowInput {
                uid,
                weights: &weights[uid as usize],
                bonds: &bonds[uid as usize],
                exact_bonds: &exact[uid as usize],
            })
            .collect();
        let finished = epoch.feed(&rows).expect("rows in order");
        drop(rows);
        for row in finished {
            stored[row.uid as usize] = row.stored().to_vec();
            ema[row.uid as usize] = row.bonds;
            exact[row.uid as usize] = row.exact;
        }
    }
    (epoch.finish().expect("complete"), ema, stored)
}

fn compare_epoch(
    vector: &Vector,
    e: usize,
    out: &EpochOutput,
    stored: &[StoredRow],
    failures: &mut Vec<String>,
) {
    let tol = &vector.tolerance;
    let expected = &vector.epochs[e].expected;
    let mut check = |field: &str, got: &[f64], want: &Option<Vec<Option<f64>>>, tolerance: f64| {
        let Some(want) = want else { return };
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            if let Some(w) = w {
                if (g - w).abs() > tolerance {
                    failures.push(format!(
                        "{} epoch {e} {field}[{i}]: got {g:.9}, want {w:.9}",
                        vector.name
                    ));
                }
            }
        }
    };
    let exact = &out.exact;
    check(
        "consensus",
        &exact
            .consensus
            .iter()
            .map(|x| to_f64(*x))
            .collect::<Vec<_>>(),
        &expected.consensus,
        tol.consensus,
    );
    check(
        "incentive",
        &exact
            .incentive
            .iter()
            .map(|x| to_f64(*x))
            .collect::<Vec<_>>(),
        &expected.incentive,
        tol.incentive,
    );
    check(
        "dividends",
        &exact
            .dividends
            .iter()
            .map(|x| to_f64(*x))
            .collect::<Vec<_>>(),
        &expected.dividends,
        tol.dividends,
    );
    check(
        "validator_trust",
        &exact
            .validator_trust
            .iter()
            .map(|x| to_f64(*x))
            .collect::<Vec<_>>(),
        &expected.validator_trust,
        tol.validator_trust.unwrap_or(tol.consensus),
    );
    if let Some(want) = &expected.bonds {
        let got = bonds_as_fractions(vector, stored);
        let tolerance = tol.bonds.unwrap_or(1e-4);
        for (i, (row, want_row)) in got.iter().zip(want).enumerate() {
            for (j, (g, w)) in row.iter().zip(want_row).enumerate() {
                if let Some(w) = w {
                    if (g - w).abs() > tolerance {
                        failures.push(format!(
                            "{} epoch {e} bonds[{i}][{j}]: got {g:.9}, want {w:.9}",
                            vector.name
                        ));
                    }
                }
            }
        }
    }
}

/// The vectors' bond matrix from the stored form: classic stores each column max-upscaled, so
/// the column-normalised matrix is recovered by normalising the columns again; Yuma 3 stores
/// floor(b · 65535).
fn bonds_as_fractions(vector: &Vector, stored: &[StoredRow]) -> Vec<Vec<f64>> {
    let n = vector.n;
    let mut dense = vec![vec![0.0; n]; n];
    for (i, row) in stored.iter().enumerate() {
        for (j, b) in row {
            dense[i][*j as usize] = f64::from(*b) / 65_535.0;
        }
    }
    if vector.variant != "yuma3" {
        for j in 0..n {
            let total: f64 = (0..n).map(|i| dense[i][j]).sum();
            if total > 0.0 {
                for row in dense.iter_mut() {
                    row[j] /= total;
                }
            }
        }
    }
    dense
}

#[test]
fn yuma_vectors() {
    let files = vector_files();
    let (mut passed, mut failed) = (0, 0);
    let mut report = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("vector readable");
        let vector: Vector =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let failures = run_case(&vector);
        if failures.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            report.extend(failures);
        }
    }
    for line in &report {
        println!("{line}");
    }
    println!("yuma vectors: {passed} passed, {failed} failed");
    assert!(
        files.len() >= 8,
        "the repository's vectors are missing: {files:?}"
    );
    assert_eq!(
        failed,
        0,
        "{} mismatches:\n{}",
        report.len(),
        report.join("\n")
    );
}
