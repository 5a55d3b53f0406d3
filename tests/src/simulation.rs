//! The main job's scenario, asserted rather than printed.

use inktensor::simulate::{run, Role, Scenario};
use interfaces::emission::SharesRule;

#[test]
fn the_simulation_pays_good_work_and_accounts_for_every_rao() {
    let scenario = Scenario {
        subnets: 2,
        validators: 4,
        miners: 4,
        tempos: 4,
        tempo: 10,
        seed: 11,
        max_rows: 3,
        chart: None,
        verbose: false,
        shares: SharesRule::Fixed,
    };
    let report = run(&scenario).expect("the simulation runs");
    assert_eq!(report.subnets.len(), 2);
    for subnet in &report.subnets {
        assert_eq!(subnet.cumulative.len(), 4, "four weighted epochs");
        // Better miners earn more (miners are listed by rising quality).
        let miners: Vec<u128> = subnet
            .neurons
            .iter()
            .filter(|n| n.name.starts_with("miner"))
            .map(|n| n.earned)
            .collect();
        assert_eq!(miners.len(), 4);
        assert!(
            miners.windows(2).all(|pair| pair[0] < pair[1]),
            "subnet {}: miners' earnings rise with quality: {miners:?}",
            subnet.netuid
        );
        // Validators hold equal delegations: the dishonest one earns the least dividends, and
        // less validator trust than every honest one.
        let validators: Vec<_> = subnet.neurons.iter().filter(|n| n.role.is_some()).collect();
        let dishonest = validators
            .iter()
            .find(|n| n.role == Some(Role::Dishonest))
            .expect("a dishonest validator");
        for honest in validators.iter().filter(|n| n.role == Some(Role::Honest)) {
            assert!(
                honest.earned > dishonest.earned,
                "{} earned {} vs dishonest {}",
                honest.name,
                honest.earned,
                dishonest.earned
            );
            assert!(honest.validator_trust > dishonest.validator_trust);
        }
    }
    // Subnet 1's tempo was doubled by the governance proposal.
    assert_eq!(report.subnets[0].tempo, 20);
    assert_eq!(report.subnets[1].tempo, 10);

    // Every released rao is minted or still pending; every minted rao went somewhere.
    let flow = &report.flow;
    assert!(flow.minted > 0);
    assert_eq!(flow.minted + flow.pending, flow.issued);
    assert_eq!(
        flow.to_miners
            + flow.to_validators
            + flow.to_nominators
            + flow.to_owners
            + flow.to_pools
            + flow.dust,
        flow.minted + flow.root_dividends
    );
    // Subnet 1 opened its market: its epochs were paid in alpha, its TAO went into its pool.
    assert!(report.subnets[0].in_alpha && !report.subnets[1].in_alpha);
    assert!(flow.to_pools > 0);
    assert_eq!(report.markets.len(), 1);
    assert!(report.markets[0].alpha_emitted > 0);
    assert!(
        flow.dust < 1_000,
        "rounding in staking pools: {} rao",
        flow.dust
    );
    assert!(flow.to_owners > 0 && flow.to_nominators > 0 && flow.to_miners > 0);
    // Its validators' TAO stake earned root dividends, recycled: the markets' moving prices
    // are far below the 1 TAO they must add up to before root alpha is sold.
    assert!(report.markets[0].root_recycled > 0);
    assert_eq!(flow.root_dividends, 0);
    // The owners' cut is 18% of what the subnets paid in TAO were paid (within rounding).
    let paid_in_tao = flow.minted - flow.to_pools;
    let owner_share = flow.to_owners * 1_000 / paid_in_tao;
    assert!(
        (175..=185).contains(&owner_share),
        "owners got {owner_share}‰"
    );
}

#[test]
fn the_chart_draws_one_line_per_earning_neuron() {
    let scenario = Scenario {
        subnets: 1,
        validators: 3,
        miners: 2,
        tempos: 2,
        tempo: 8,
        seed: 3,
        max_rows: 8,
        chart: None,
        verbose: false,
        shares: SharesRule::Fixed,
    };
    let report = run(&scenario).expect("the simulation runs");
    let svg = inktensor::simulate::chart_svg(&report);
    let earning = report.subnets[0]
        .neurons
        .iter()
        .filter(|n| n.earned > 0)
        .count();
    assert!(earning >= 4, "validators and miners earned: {earning}");
    assert_eq!(svg.matches("<polyline").count(), earning);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

/// `simulate --shares market`: every subnet trades on its market and emission follows the
/// moving prices; the second subnet's delegators sell everything after the first epoch, its
/// price falls, and its share of the block emission falls with it.
#[test]
fn under_the_market_rule_a_subnet_its_stakers_leave_loses_emission() {
    let scenario = Scenario {
        subnets: 2,
        validators: 4,
        miners: 4,
        tempos: 4,
        tempo: 10,
        seed: 5,
        max_rows: 8,
        chart: None,
        verbose: false,
        shares: SharesRule::Market,
    };
    let report = run(&scenario).expect("the simulation runs");
    assert!(report.subnets.iter().all(|s| s.in_alpha));
    let [stayed, left] = [&report.markets[0], &report.markets[1]];
    assert!(left.price < stayed.price, "{left:?} vs {stayed:?}");
    assert!(left.moving_price < stayed.moving_price);
    assert!(
        left.share_after < left.share_before && left.share_after < stayed.share_after,
        "{left:?} vs {stayed:?}"
    );
    // Every minted rao went into the pools (the epochs paid alpha); the validators' root
    // dividends were recycled (a young network's prices), so TAO stakers gained nothing.
    let flow = &report.flow;
    assert_eq!(flow.minted + flow.pending, flow.issued);
    assert!(flow.to_pools > 0);
    assert_eq!(flow.to_miners + flow.to_validators + flow.to_nominators, 0);
    assert!(report.markets.iter().all(|m| m.root_recycled > 0));
    // Miners earned alpha by quality in both subnets.
    for subnet in &report.subnets {
        let miners: Vec<u128> = subnet
            .neurons
            .iter()
            .filter(|n| n.name.starts_with("miner"))
            .map(|n| n.earned)
            .collect();
        assert!(
            miners.windows(2).all(|pair| pair[0] < pair[1]),
            "{miners:?}"
        );
    }
}
