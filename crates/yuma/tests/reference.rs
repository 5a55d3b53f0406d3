//! Epoch-level numbers from subtensor's own tests (subtensor-spec §9.1–§9.4), reproduced
//! exactly where the reference gives exact u16 or rao values.

mod common;

use common::{activity_cutoff, Subnet};
use yuma::{EpochParams, LiquidAlpha, Variant};

const E: u64 = 1_000_000_000;

fn classic(n: u16, tempo: u64) -> EpochParams {
    EpochParams {
        variant: Variant::Classic,
        max_allowed_validators: n,
        activity_cutoff: activity_cutoff(tempo),
        ..EpochParams::default()
    }
}

/// §9.1 test_10_graph: only self-weights, no permits yet → everything to stake, 0.1 each.
#[test]
fn ten_self_weighting_neurons_fall_back_to_stake() {
    let mut net = Subnet::new(classic(10, 65_534), &[1; 10], 65_534);
    net.run_to_block(1);
    for uid in 0..10 {
        net.set_weights(uid, &[uid], &[u16::MAX]);
    }
    let out = net.epoch(E);
    assert_eq!(out.consensus, [0; 10]);
    assert_eq!(out.incentive, [0; 10]);
    assert_eq!(out.dividends, [0; 10]);
    assert_eq!(out.emission, [99_999_999; 10]);
}

/// §9.2 test_active_stake: classic Yuma while validators go inactive and come back.
#[test]
fn active_stake_reference_sequence() {
    let mut net = Subnet::new(classic(4, 1), &[1; 4], 1);
    net.epoch(E); // grants permits
    net.next_block();
    for uid in 0..2 {
        net.set_weights(uid, &[2, 3], &[u16::MAX / 2; 2]);
    }
    let out = net.epoch(E);
    assert_eq!(&out.dividends[..2], [32_767, 32_767]);
    assert_eq!(out.emission, [250_000_000; 4]);
    for v in 0..2 {
        assert_eq!(
            [
                net.bond(v, 0),
                net.bond(v, 1),
                net.bond(v, 2),
                net.bond(v, 3)
            ],
            [0, 0, 65_535, 65_535]
        );
    }

    net.run_to_block(5_000 + 2);
    net.set_weights(0, &[2, 3], &[u16::MAX / 2; 2]);
    let out = net.epoch(E);
    assert_eq!((out.dividends[0], out.emission[0]), (36_044, 274_999_999));
    assert_eq!((out.dividends[1], out.emission[1]), (29_490, 224_999_999));
    assert_eq!([net.bond(0, 2), net.bond(0, 3)], [65_535, 65_535]);
    assert_eq!([net.bond(1, 2), net.bond(1, 3)], [53_619, 53_619]);

    net.set_weights(1, &[2, 3], &[u16::MAX / 2; 2]);
    net.run_to_block(5_000 + 3);
    let out = net.epoch(E);
    assert_eq!((out.dividends[0], out.emission[0]), (35_716, 272_501_132));
    assert_eq!((out.dividends[1], out.emission[1]), (29_818, 227_498_866));
    assert_eq!([net.bond(1, 2), net.bond(1, 3)], [54_712, 54_712]);
}

/// §9.3 test_bonds: the classic bond EMA over a sequence of weight changes.
#[test]
fn bonds_reference_sequence() {
    let mut params = classic(8, 1);
    params.bonds_penalty = u16::MAX;
    let mut net = Subnet::new(params, &[1, 2, 3, 4, 0, 0, 0, 0], 1);
    net.epoch(E);
    net.next_block();
    let servers = [4, 5, 6, 7];
    let server_weights = [u16::MAX / 4, u16::MAX / 2, (u16::MAX / 4) * 3, u16::MAX];
    for uid in 0..4 {
        net.set_weights(uid, &servers, &server_weights);
    }
    let out = net.epoch(E);
    let column = |net: &Subnet, j: u16| [0, 1, 2, 3].map(|i| net.bond(i, j));
    assert_eq!(column(&net, 4), [16_383, 32_767, 49_151, 65_535]);
    assert_eq!(
        out.emission,
        [
            49_999_998,
            99_999_999,
            150_000_000,
            200_000_001,
            49_998_779,
            100_000_610,
            149_996_337,
            200_004_272
        ]
    );

    // (the weight a validator sets before the epoch, the server column checked, its bonds)
    type Step = (Option<(u16, u16)>, u16, [u16; 4]);
    let steps: [Step; 6] = [
        (Some((0, 0)), 4, [14_582, 32_767, 49_151, 65_535]),
        (Some((1, 1)), 4, [12_603, 28_321, 49_151, 65_535]),
        (Some((2, 2)), 7, [12_602, 28_320, 49_150, 65_535]),
        (Some((2, 7)), 7, [10_951, 24_609, 49_150, 65_535]),
        (None, 7, [9_559, 21_482, 49_150, 65_535]),
        (None, 7, [8_376, 18_824, 49_150, 65_535]),
    ];
    for (step, (weight, j, expected)) in steps.into_iter().enumerate() {
        if let Some((uid, dest)) = weight {
            net.set_weights(uid, &[dest], &[u16::MAX]);
        }
        net.next_block();
        let out = net.epoch(E);
        assert_eq!(column(&net, j), expected, "step {step}");
        if step == 2 {
            // Only validator 3 (0.4 < κ of the stake) still weights servers: no consensus, so
            // the stake fallback pays everything to validators.
            assert_eq!(
                out.emission,
                [
                    99_999_999,
                    199_999_999,
                    299_999_999,
                    399_999_999,
                    0,
                    0,
                    0,
                    0
                ]
            );
        }
    }
}

/// §9.4 test_yuma_3_kappa_moves_first: Yuma 3 with liquid alpha, tolerance 1e-3.
#[test]
fn yuma3_kappa_moves_first() {
    let params = EpochParams {
        variant: Variant::Yuma3,
        kappa: u16::MAX / 2,
        bonds_penalty: 0,
        bonds_moving_average: 975_000,
        liquid_alpha: Some(LiquidAlpha {
            alpha_low: 6_553,
            alpha_high: 19_660,
            steepness: 1_000,
        }),
        max_allowed_validators: 3,
        activity_cutoff: activity_cutoff(1),
        stake_threshold: 0,
    };
    let mut net = Subnet::new(params, &[8, 1, 1, 0, 0], 1);
    net.next_block();
    net.epoch(E);
    let (a, b) = (u16::MAX, 0);
    let moves: [Option<[[u16; 2]; 3]>; 6] = [
        Some([[a, b]; 3]),
        Some([[b, a], [a, b], [a, b]]),
        Some([[b, a], [b, a], [a, b]]),
        Some([[b, a]; 3]),
        None,
        None,
    ];
    let bonds: [[[f64; 2]; 3]; 6] = [
        [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
        [[0.0908, 0.1013], [0.3697, 0.0], [0.3697, 0.0]],
        [[0.0815, 0.1924], [0.3170, 0.1013], [0.5580, 0.0]],
        [[0.0731, 0.2742], [0.2765, 0.1924], [0.4306, 0.1013]],
        [[0.0656, 0.3478], [0.2435, 0.2742], [0.3589, 0.1924]],
        [[0.0588, 0.4139], [0.2157, 0.3478], [0.3089, 0.2742]],
    ];
    let dividends: [[f64; 3]; 6] = [
        [0.8, 0.1, 0.1],
        [1.0, 0.0, 0.0],
        [0.9382, 0.0618, 0.0],
        [0.8819, 0.0773, 0.0407],
        [0.8564, 0.0844, 0.0592],
        [0.8418, 0.0884, 0.0697],
    ];
    for epoch in 0..6 {
        if let Some(rows) = moves[epoch] {
            for (uid, values) in rows.iter().enumerate() {
                net.set_weights(uid as u16, &[3, 4], values);
            }
        }
        net.next_block();
        let out = net.epoch(E);
        for v in 0..3u16 {
            for (k, j) in [3u16, 4].into_iter().enumerate() {
                let got = f64::from(net.bond(v, j)) / 65_535.0;
                let want = bonds[epoch][v as usize][k];
                assert!(
                    (got - want).abs() < 1e-3,
                    "epoch {epoch} bond {v}->{j}: {got} vs {want}"
                );
            }
            let got = f64::from(out.dividends[v as usize]) / 65_535.0;
            let want = dividends[epoch][v as usize];
            assert!(
                (got - want).abs() < 1e-3,
                "epoch {epoch} dividend {v}: {got} vs {want}"
            );
        }
    }
}
