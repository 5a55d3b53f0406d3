//! The main job's scenario, asserted rather than printed.

use inktensor::simulate::{run, Scenario};

#[test]
fn better_miners_earn_more_and_the_dishonest_validator_less() {
    let report = run(&Scenario {
        miners: 5,
        validators: 3,
        seed: 11,
    })
    .expect("the simulation runs");
    let incentive = &report.miner_incentive;
    assert!(
        incentive.windows(2).all(|pair| pair[0] < pair[1]),
        "incentive rises with quality: {incentive:?}"
    );
    let per_stake: Vec<u128> = report
        .validator_dividends
        .iter()
        .zip(&report.validator_stakes)
        .map(|(d, s)| u128::from(*d) * 1_000_000_000_000 / s)
        .collect();
    let dishonest = per_stake[2];
    assert!(
        per_stake[..2].iter().all(|honest| *honest > dishonest),
        "dividends per stake: {per_stake:?}"
    );
    assert_eq!(report.tempo_after_proposal, 100);
}
