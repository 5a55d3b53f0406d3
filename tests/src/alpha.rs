//! Dynamic TAO's emission in the sandbox: a subnet whose market is open is paid in alpha. Its
//! TAO emission goes into its pool, its epochs weigh alpha + tao_weight × TAO stake as of the
//! block before they start, and pay alpha into the hotkeys' pools; the market rule shares the
//! block's TAO by the markets' moving prices.

use drink::AccountId32;
use economics::accrual::owner_cut;
use economics::pool::Pool;
use economics::reward::split_dividend;
use economics::root_dividends::{pro_rata, root_part, weighted_tao};
use inktensor::chain::{ink_account, Backend};
use inktensor::suite::staking::{credit_epoch_rewards, epoch_stakes};
use interfaces::emission::{EmissionError, SharesRule};
use interfaces::ledger::LedgerError;
use interfaces::market::{MarketError, MarketState, DEFAULT_ROOT_SALE_THRESHOLD};
use interfaces::registry::NeuronResult;
use interfaces::{Balance, NetUid, RAO_PER_TAO};

use crate::emission::{add_stake, attacker, one_subnet, unaccounted_issuance, World};

const TAO: Balance = RAO_PER_TAO;
/// subtensor's owner cut and default tao_weight, 18% of 65,535.
const EIGHTEEN_PERCENT: u16 = 11_796;

/// Two subnets; subnet `k`'s market opened by its owner for each `k` in `markets`, and the
/// validators' coldkey buying (i + 1) × 100 TAO of alpha on validator i there. A block passes so
/// that those stakes are in the past. Root dividends are sold whatever the markets' prices (a
/// young network's moving prices take some 230,000 blocks to add up to 1 TAO).
fn alpha_world(markets: &[usize]) -> World {
    let mut world = World::new(&[one_subnet(), one_subnet()]);
    let admin = world.admin.clone();
    world
        .suite
        .market()
        .set_root_sale_threshold(&mut world.chain, &admin, 0)
        .unwrap()
        .unwrap();
    for &k in markets {
        let (netuid, owner) = (world.netuid(k), world.subnets[k].owner.clone());
        world
            .suite
            .market()
            .open_market(&mut world.chain, &owner, netuid)
            .unwrap()
            .unwrap();
        let coldkey = world.coldkey.clone();
        for (i, validator) in world.subnets[k].validators.clone().iter().enumerate() {
            let tao = (i as Balance + 1) * 100 * TAO;
            buy_alpha(&mut world, &coldkey, validator, netuid, tao);
        }
    }
    world.chain.advance_blocks(1);
    world
}

fn market_state(world: &mut World, k: usize) -> MarketState {
    let netuid = world.netuid(k);
    world
        .suite
        .market()
        .market(&mut world.chain, netuid)
        .unwrap()
        .expect("the market is open")
}

fn alpha_of(world: &mut World, hotkey: &AccountId32, netuid: NetUid) -> Balance {
    world
        .suite
        .market()
        .total_alpha_of(&mut world.chain, hotkey, netuid)
        .unwrap()
}

/// `coldkey` buys alpha on `hotkey` with `tao`; the alpha bought.
fn buy_alpha(
    world: &mut World,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    tao: Balance,
) -> Balance {
    world
        .suite
        .market()
        .add_stake(&mut world.chain, coldkey, hotkey, netuid, tao, None)
        .unwrap()
        .unwrap()
}

/// Each validator of subnet `k`'s TAO stake and alpha on the subnet, as they stand.
fn validator_stakes(world: &mut World, k: usize) -> (Vec<Balance>, Vec<Balance>) {
    let netuid = world.netuid(k);
    let validators = world.subnets[k].validators.clone();
    let tao = validators.iter().map(|v| world.stake(v)).collect();
    let alpha = validators
        .iter()
        .map(|v| alpha_of(world, v, netuid))
        .collect();
    (tao, alpha)
}

/// Every hotkey of subnet `k` (owner hotkey first), and the alpha staked to each.
fn hotkey_alpha(world: &mut World, k: usize) -> Vec<Balance> {
    let netuid = world.netuid(k);
    let subnet = &world.subnets[k];
    let owner_hotkey = world.chain.account(&format!("owner-hk-{k}"));
    let hotkeys: Vec<AccountId32> = std::iter::once(owner_hotkey)
        .chain(subnet.validators.iter().cloned())
        .chain(subnet.miners.iter().cloned())
        .collect();
    hotkeys
        .iter()
        .map(|hotkey| alpha_of(world, hotkey, netuid))
        .collect()
}

/// The market holds exactly its pools' TAO, subnet `k`'s hotkeys exactly the alpha outside its
/// pool, and the issuance schedule accounts for every rao.
fn assert_conserved(world: &mut World, k: usize) {
    let mut reserves = 0;
    for j in 0..world.subnets.len() {
        let netuid = world.netuid(j);
        if let Some(state) = world
            .suite
            .market()
            .market(&mut world.chain, netuid)
            .unwrap()
        {
            reserves += state.tao_reserve;
        }
    }
    let market = world.suite.market.clone();
    assert_eq!(world.balance(&market), reserves);
    let state = market_state(world, k);
    let staked: Balance = hotkey_alpha(world, k).iter().sum();
    assert_eq!(staked, state.alpha_staked);
    assert_eq!(unaccounted_issuance(world), 0);
}

#[test]
fn a_subnet_with_an_open_market_is_paid_in_alpha_and_every_rao_is_accounted_for() {
    let mut world = alpha_world(&[0]);
    let netuid = world.netuid(0);
    let (owner, coldkey) = (world.subnets[0].owner.clone(), world.coldkey.clone());
    let validators = world.subnets[0].validators.clone();
    let before = market_state(&mut world, 0);
    let owner_tao = world.balance(&owner);
    let tao_stakes: Vec<Balance> = validators.iter().map(|v| world.stake(v)).collect();
    let alpha_before: Vec<Balance> = validators
        .iter()
        .map(|v| alpha_of(&mut world, v, netuid))
        .collect();
    world.advance_to_due(0);
    let pending = world
        .suite
        .emission()
        .pending_emission(&mut world.chain, netuid)
        .unwrap();
    let (paid, carried, _) = world.crank(0, 64);
    let after = market_state(&mut world, 0);
    let started_at = world
        .suite
        .registry()
        .subnet(&mut world.chain, netuid)
        .unwrap()
        .unwrap()
        .epoch_started_at;

    // The TAO: all of the subnet's emission went into its pool (no keeper fee by default),
    // none to its owner. The root part of the validators' dividends was sold into the pool
    // after, for the TAO their TAO stakers gained (`validators_tao_stakers_earn_…` below).
    assert_eq!(after.tao_emitted, pending);
    assert_eq!(world.balance(&owner), owner_tao);
    let root_tao: Balance = validators
        .iter()
        .zip(&tao_stakes)
        .map(|(v, before)| world.stake(v) - before)
        .sum();
    assert!(root_tao > 0);
    assert_eq!(after.tao_reserve, before.tao_reserve + pending - root_tao);

    // The alpha: one per block since the market opened; the owner's 18% staked to the owner
    // hotkey for the owner, the rest paid through Yuma (rounding carried, never minted).
    let emitted = Balance::from(started_at - before.opened_at) * TAO;
    let (owner_alpha, to_yuma) = owner_cut(emitted as u64, EIGHTEEN_PERCENT);
    let owner_hotkey = world.chain.account("owner-hk-0");
    assert_eq!(
        world
            .suite
            .market()
            .alpha_of(&mut world.chain, &owner_hotkey, netuid, &owner)
            .unwrap(),
        Balance::from(owner_alpha)
    );
    // What Yuma did not pay is rounding, carried, and the owner hotkey's incentive, burned:
    // neither is ever minted.
    let unpaid = Balance::from(to_yuma) - paid;
    assert!(carried <= unpaid && unpaid < 100, "{carried} {unpaid}");
    let alpha_in = after.alpha_emitted - Balance::from(owner_alpha) - paid;
    assert_eq!(
        after.alpha_reserve + after.alpha_staked,
        before.alpha_reserve + before.alpha_staked + after.alpha_emitted
    );
    let sold = before.alpha_staked + Balance::from(owner_alpha) + paid - after.alpha_staked;
    assert_eq!(after.alpha_reserve, before.alpha_reserve + alpha_in + sold);
    // Beside the TAO, its worth of alpha at the pool's price: the injection did not move the
    // price; the root alpha was then sold at the pool's own price.
    let funded = Pool {
        tao: (after.tao_reserve + root_tao) as u64,
        alpha: (after.alpha_reserve - sold) as u64,
    };
    assert!(
        funded.price().abs_diff(before.price as u64) <= 1,
        "{before:?} {after:?}"
    );
    let sale = funded.sell_alpha(sold as u64, None).unwrap();
    assert_eq!(Balance::from(sale.amount_out), root_tao);
    assert_eq!(Balance::from(sale.pool.price()), after.price);
    let results: Vec<NeuronResult> = world.results(0);
    assert_eq!(results.iter().map(|r| r.emission).sum::<Balance>(), paid);

    // No weights yet: dividends by stake weight, each validator's alpha + 18% of its TAO stake
    // as of the block before the start; the part its alpha weighed stays alpha.
    let market = world.suite.market.clone();
    let weights = epoch_stakes(
        &mut world.chain,
        &market,
        netuid,
        &validators,
        started_at - 1,
    )
    .unwrap()
    .unwrap();
    let expected: Vec<Balance> = (0..3)
        .map(|i| alpha_before[i] + tao_stakes[i] * 11_796 / 65_535)
        .collect();
    assert_eq!(weights, expected);
    let gains: Vec<Balance> = validators
        .iter()
        .zip(&alpha_before)
        .map(|(v, before)| alpha_of(&mut world, v, netuid) - before)
        .collect();
    let (total_gain, total_weight) = (
        gains.iter().sum::<Balance>(),
        weights.iter().sum::<Balance>(),
    );
    assert!(total_gain > 0);
    let total_alpha: Balance = alpha_before.iter().sum();
    for (gain, alpha) in gains.iter().zip(&alpha_before) {
        let fair = total_gain * alpha / total_alpha;
        assert!(gain.abs_diff(fair) <= 10, "{gains:?} by {alpha_before:?}");
    }
    assert!(total_weight > total_alpha);
    // The coldkey that owns the validators holds what they earned (no nominators besides it).
    let held: Balance = validators
        .iter()
        .map(|v| {
            world
                .suite
                .market()
                .alpha_of(&mut world.chain, v, netuid, &coldkey)
                .unwrap()
        })
        .sum();
    let total: Balance = validators
        .iter()
        .map(|v| alpha_of(&mut world, v, netuid))
        .sum();
    assert!(total - held <= 3, "{total} {held}");
    assert_conserved(&mut world, 0);

    // The other subnet, without a market, is still paid in TAO.
    let other = world.subnets[1].validators.clone();
    let before: Vec<Balance> = other.iter().map(|v| world.stake(v)).collect();
    world.advance_to_due(1);
    world.crank(1, 64);
    assert!(other
        .iter()
        .zip(before)
        .all(|(v, before)| world.stake(v) > before));
    assert_eq!(unaccounted_issuance(&mut world), 0);
}

/// Each validator's TAO stake (as of the block before the epoch) is part of its stake weight;
/// that part of its dividend is root dividends: sold into the pool after the injection and
/// paid, in TAO, to the validator's TAO stakers through its take. The rest stays alpha.
#[test]
fn validators_tao_stakers_earn_the_root_part_of_their_dividends_in_tao() {
    let mut world = alpha_world(&[0]);
    let netuid = world.netuid(0);
    let validators = world.subnets[0].validators.clone();
    let tao_nominator = attacker(&mut world, "tao-nominator", 1_000 * TAO);
    add_stake(&mut world, &tao_nominator, &validators[0], 500 * TAO);
    let alpha_nominator = attacker(&mut world, "alpha-nominator", 100 * TAO);
    let market = world.suite.market();
    let address = world.suite.market.clone();
    world
        .suite
        .token()
        .approve(&mut world.chain, &alpha_nominator, &address, 100 * TAO)
        .unwrap()
        .unwrap();
    buy_alpha(
        &mut world,
        &alpha_nominator,
        &validators[0],
        netuid,
        50 * TAO,
    );
    world.chain.advance_blocks(1);
    let (tao, alpha) = validator_stakes(&mut world, 0);
    let staking = world.suite.staking();
    let position = |world: &mut World| {
        let tao = staking
            .stake_of(&mut world.chain, &validators[0], &tao_nominator)
            .unwrap();
        let alpha = market
            .alpha_of(&mut world.chain, &validators[0], netuid, &alpha_nominator)
            .unwrap();
        (tao, alpha)
    };
    let (nominated_tao, nominated_alpha) = position(&mut world);
    let take = Balance::from(staking.take_of(&mut world.chain, &validators[0]).unwrap());
    world.advance_to_due(0);
    world.crank(0, 64);
    let results = world.results(0);

    let dividends: Vec<Balance> = (0..3)
        .map(|i| results[usize::from(world.subnets[0].validator_uid(i))].emission)
        .collect();
    let root: Vec<Balance> = (0..3)
        .map(|i| {
            root_part(
                dividends[i],
                alpha[i],
                weighted_tao(tao[i], EIGHTEEN_PERCENT),
            )
        })
        .collect();
    assert!(root.iter().all(|r| *r > 0), "{root:?} of {dividends:?}");
    let tao_gains: Vec<Balance> = (0..3)
        .map(|i| world.stake(&validators[i]) - tao[i])
        .collect();
    let alpha_gains: Vec<Balance> = (0..3)
        .map(|i| alpha_of(&mut world, &validators[i], netuid) - alpha[i])
        .collect();
    // The alpha part stays alpha, exactly; the TAO the root part fetched is shared by the
    // validators as their root parts are, exactly.
    let expected_alpha: Vec<Balance> = (0..3).map(|i| dividends[i] - root[i]).collect();
    assert_eq!(alpha_gains, expected_alpha);
    let paid: Balance = tao_gains.iter().sum();
    assert_eq!(tao_gains, pro_rata(paid, &root));
    // Within each validator, its owner takes its take and its TAO stakers share the rest
    // (validator 0: the coldkey's 1,000 TAO and the nominator's 500); alpha stakers share the
    // alpha part the same way.
    let (tao_after, alpha_after) = position(&mut world);
    let (_, shared) = split_dividend(tao_gains[0], take as u16);
    assert!((tao_after - nominated_tao).abs_diff(shared * 500 / 1_500) <= 2);
    let (_, shared) = split_dividend(alpha_gains[0], take as u16);
    let fair = shared * nominated_alpha / alpha[0];
    assert!((alpha_after - nominated_alpha).abs_diff(fair) <= 2);
    assert_conserved(&mut world, 0);
}

/// subtensor's `root_sell_flag`: while the markets' moving prices add up to no more than the
/// threshold (1 TAO per alpha by default), validators' root dividends are recycled, never
/// minted: their TAO stakers get nothing, their alpha stakers only the alpha part, and the pool
/// sells nothing.
#[test]
fn root_dividends_are_recycled_while_the_markets_prices_are_low() {
    let mut world = alpha_world(&[0]);
    let (netuid, admin) = (world.netuid(0), world.admin.clone());
    let market = world.suite.market();
    market
        .set_root_sale_threshold(&mut world.chain, &admin, DEFAULT_ROOT_SALE_THRESHOLD)
        .unwrap()
        .unwrap();
    let (sum, threshold) = market.root_sale_terms(&mut world.chain).unwrap();
    assert_eq!(threshold, DEFAULT_ROOT_SALE_THRESHOLD);
    let validators = world.subnets[0].validators.clone();
    let (tao, alpha) = validator_stakes(&mut world, 0);
    let before = market_state(&mut world, 0);
    world.advance_to_due(0);
    world.crank(0, 64);
    let after = market_state(&mut world, 0);
    let results = world.results(0);
    let root: Vec<Balance> = (0..3)
        .map(|i| {
            let dividend = results[usize::from(world.subnets[0].validator_uid(i))].emission;
            let part = root_part(dividend, alpha[i], weighted_tao(tao[i], EIGHTEEN_PERCENT));
            assert_eq!(
                alpha_of(&mut world, &validators[i], netuid) - alpha[i],
                dividend - part
            );
            part
        })
        .collect();
    assert!(
        sum <= threshold && root.iter().all(|r| *r > 0),
        "{sum} {root:?}"
    );
    assert_eq!(after.root_alpha_recycled, root.iter().sum::<Balance>());
    assert_eq!((after.root_alpha_sold, after.root_tao_paid), (0, 0));
    let tao_after: Vec<Balance> = validators.iter().map(|v| world.stake(v)).collect();
    assert_eq!(tao_after, tao);
    // The injection left the price where it was, and nothing was sold after it.
    assert!(after.price.abs_diff(before.price) <= 1);
    assert_conserved(&mut world, 0);
}

/// Known gap, measured: the root sale has no price limit, so whoever sells alpha just before
/// the keeper's step and buys it back after earns about the sale's price impact on what they
/// sold (a sale of r alpha into a pool of A lowers the price by about 2r/A), less two fees.
/// The front-runner holds alpha on a miner, which earns no dividends, so what it ends with
/// beyond what it held is the front-run alone.
#[test]
fn the_root_sale_front_run_earns_at_most_its_price_impact() {
    let mut world = alpha_world(&[0]);
    let netuid = world.netuid(0);
    let front_runner = attacker(&mut world, "front-runner", 200 * TAO);
    let address = world.suite.market.clone();
    world
        .suite
        .token()
        .approve(&mut world.chain, &front_runner, &address, Balance::MAX / 4)
        .unwrap()
        .unwrap();
    let miner = world.subnets[0].miners[0].clone();
    let held = buy_alpha(&mut world, &front_runner, &miner, netuid, 100 * TAO);
    world.advance_to_due(0);
    let market = world.suite.market();
    let tao = market
        .remove_stake(&mut world.chain, &front_runner, &miner, netuid, held, None)
        .unwrap()
        .unwrap();
    world.crank(0, 64);
    let after = market_state(&mut world, 0);
    let back = buy_alpha(&mut world, &front_runner, &miner, netuid, tao);
    let root = after.root_alpha_sold;
    assert!(root > 0);
    let pool_before_sale = after.alpha_reserve - root;
    let bound = held * 2 * root / pool_before_sale;
    assert!(
        back > held && back - held <= bound,
        "held {held}, back {back}, bound {bound}"
    );
}

/// Root dividends reach staking only from its market role, and only as TAO already paid in:
/// a stranger's credit is refused, and so is one by the role that has not paid.
#[test]
fn only_the_market_credits_root_dividends_and_only_what_it_paid() {
    let mut world = alpha_world(&[0]);
    let (admin, staking) = (world.admin.clone(), world.suite.staking.clone());
    let validator = world.subnets[0].validators[0].clone();
    let reward = [(validator.clone(), 0, TAO)];
    let payer = attacker(&mut world, "payer", 10 * TAO);
    let refused = credit_epoch_rewards(&mut world.chain, &staking, &payer, 0, &reward).unwrap();
    assert_eq!(refused, Err(LedgerError::Unauthorized));
    // The market role handed to an account, as governance could.
    let (registry, epoch) = (world.suite.registry.clone(), world.suite.epoch.clone());
    world
        .suite
        .staking()
        .set_roles(
            &mut world.chain,
            &admin,
            Some(&registry),
            Some(&epoch),
            Some(&payer),
        )
        .unwrap()
        .unwrap();
    let before = world.stake(&validator);
    let unpaid = credit_epoch_rewards(&mut world.chain, &staking, &payer, 0, &reward).unwrap();
    assert_eq!(unpaid, Err(LedgerError::UnbackedRewards));
    assert_eq!(world.stake(&validator), before);
    world
        .suite
        .token()
        .transfer(&mut world.chain, &payer, &staking, TAO)
        .unwrap()
        .unwrap();
    credit_epoch_rewards(&mut world.chain, &staking, &payer, 0, &reward)
        .unwrap()
        .unwrap();
    assert_eq!(world.stake(&validator), before + TAO);
}

/// The root TAO an epoch pays, and each validator's alpha gain, with `attack` made in the
/// block the epoch starts.
fn root_dividends_with(attack: impl FnOnce(&mut World) -> Balance) -> (Balance, Vec<Balance>) {
    let mut world = alpha_world(&[0]);
    let netuid = world.netuid(0);
    let validators = world.subnets[0].validators.clone();
    let (tao, alpha) = validator_stakes(&mut world, 0);
    world.advance_to_due(0);
    let flashed = attack(&mut world);
    world.crank(0, 64);
    let staked: Balance = validators.iter().map(|v| world.stake(v)).sum();
    let gains = (0..3)
        .map(|i| alpha_of(&mut world, &validators[i], netuid) - alpha[i])
        .collect();
    (staked - tao.iter().sum::<Balance>() - flashed, gains)
}

/// Attack: stake 10,000 TAO on validator 2 in the block its epoch starts, to turn more of its
/// dividend into root dividends. The split reads both stakes as of the block before the start:
/// the root TAO paid and every alpha gain are those without the attack.
#[test]
fn attack_a_flash_tao_stake_in_the_start_block_moves_no_dividend_to_root() {
    let honest = root_dividends_with(|_| 0);
    let attacked = root_dividends_with(|world| {
        let attacker = attacker(world, "flash", 10_000 * TAO);
        let validator = world.subnets[0].validators[2].clone();
        add_stake(world, &attacker, &validator, 10_000 * TAO);
        10_000 * TAO
    });
    assert!(honest.0 > 0);
    assert_eq!(attacked, honest);
}

/// The first epoch's results with `attack` made in the block the epoch starts, before it runs.
fn alpha_epoch_with(attack: impl FnOnce(&mut World)) -> Vec<NeuronResult> {
    let mut world = alpha_world(&[0]);
    world.advance_to_due(0);
    attack(&mut world);
    world.crank(0, 64);
    world.results(0)
}

/// Attack: buy 5,000 TAO of alpha on validator 2 in the block the epoch starts, let the keeper
/// run the epoch in that block, sell after. The epoch reads each hotkey's alpha as of the block
/// before it started: the results are exactly those without the attack.
#[test]
fn attack_a_flash_alpha_stake_in_the_start_block_counts_for_nothing() {
    let honest = alpha_epoch_with(|_| {});
    let attacked = alpha_epoch_with(|world| {
        let (netuid, coldkey) = (world.netuid(0), world.coldkey.clone());
        let validator = world.subnets[0].validators[2].clone();
        buy_alpha(world, &coldkey, &validator, netuid, 5_000 * TAO);
    });
    assert!(honest.iter().any(|r| r.emission > 0));
    assert_eq!(attacked, honest);
}

/// The stake an epoch reads: alpha as of a past block, plus tao_weight of the TAO stake; a
/// block that is not over, or a subnet without a market, is refused.
#[test]
fn epoch_stake_is_alpha_plus_tao_weight_of_tao_as_of_a_past_block() {
    let mut world = alpha_world(&[0]);
    let (netuid, coldkey, admin) = (world.netuid(0), world.coldkey.clone(), world.admin.clone());
    let validators = world.subnets[0].validators.clone();
    let market = world.suite.market.clone();
    let now = world.chain.block_number();
    let read = |world: &mut World, netuid: NetUid, block: u32| {
        epoch_stakes(&mut world.chain, &market, netuid, &validators, block).unwrap()
    };
    let alpha: Vec<Balance> = validators
        .iter()
        .map(|v| alpha_of(&mut world, v, netuid))
        .collect();
    let weighted: Vec<Balance> = (0..3)
        .map(|i| alpha[i] + (i as Balance + 1) * 1_000 * TAO * 11_796 / 65_535)
        .collect();
    assert_eq!(read(&mut world, netuid, now - 1), Ok(weighted.clone()));
    assert_eq!(
        read(&mut world, netuid, now),
        Err(LedgerError::BlockNotYetMined)
    );
    let other = world.netuid(1);
    assert_eq!(read(&mut world, other, now - 1), Err(LedgerError::NoMarket));
    // A stake now counts from this block on, never for the past.
    buy_alpha(&mut world, &coldkey, &validators[0], netuid, 50 * TAO);
    world.chain.advance_blocks(1);
    assert_eq!(read(&mut world, netuid, now - 1), Ok(weighted.clone()));
    assert!(read(&mut world, netuid, now).unwrap()[0] > weighted[0]);
    // Governance may weigh TAO stake differently: from the subnet's next epoch on, so that
    // every page of one epoch weighs it the same.
    world
        .suite
        .market()
        .set_tao_weight(&mut world.chain, &admin, 0)
        .unwrap()
        .unwrap();
    assert_eq!(read(&mut world, netuid, now - 1), Ok(weighted));
    world.advance_to_due(0);
    world.crank(0, 64);
    assert_eq!(read(&mut world, netuid, now - 1), Ok(alpha));
}

/// Only emission funds an epoch, only the epoch contract credits alpha, and never more than the
/// funding kept for Yuma; the roles are the admin's to set.
#[test]
fn only_the_roles_fund_and_credit_alpha_and_never_beyond_the_funding() {
    let mut world = alpha_world(&[0]);
    let (netuid, admin) = (world.netuid(0), world.admin.clone());
    let [funder, payer] = ["funder", "payer"].map(|n| world.chain.account(n));
    let market = world.suite.market();
    let address = world.suite.market.clone();
    let validator = world.subnets[0].validators[0].clone();
    // An incentive: a dividend to a validator with TAO stake would be partly root dividends.
    let reward = [(validator.clone(), TAO, 0)];
    assert_eq!(
        market
            .fund_epoch(&mut world.chain, &funder, netuid, 0, EIGHTEEN_PERCENT)
            .unwrap(),
        Err(MarketError::Unauthorized)
    );
    assert_eq!(
        credit_epoch_rewards(&mut world.chain, &address, &payer, netuid, &reward).unwrap(),
        Err(LedgerError::Unauthorized)
    );
    assert_eq!(
        market
            .set_roles(&mut world.chain, &funder, Some(&funder), Some(&payer))
            .unwrap(),
        Err(MarketError::NotAdmin)
    );
    market
        .set_roles(&mut world.chain, &admin, Some(&funder), Some(&payer))
        .unwrap()
        .unwrap();
    assert_eq!(
        market.roles(&mut world.chain).unwrap(),
        (Some(ink_account(&funder)), Some(ink_account(&payer)))
    );
    // An alpha a block since the opening, 18% of it staked for the owner.
    world.chain.advance_blocks(8);
    let opened_at = market_state(&mut world, 0).opened_at;
    let blocks = Balance::from(world.chain.block_number() - opened_at);
    let funding = market
        .fund_epoch(&mut world.chain, &funder, netuid, 0, EIGHTEEN_PERCENT)
        .unwrap()
        .unwrap();
    assert_eq!(funding.alpha_emission, blocks * TAO);
    let (owner_alpha, _) = owner_cut((blocks * TAO) as u64, EIGHTEEN_PERCENT);
    assert_eq!(funding.owner_alpha, Balance::from(owner_alpha));
    assert_eq!(funding.to_yuma, blocks * TAO - funding.owner_alpha);
    let too_much = [(validator.clone(), 0, funding.to_yuma + 1)];
    assert_eq!(
        credit_epoch_rewards(&mut world.chain, &address, &payer, netuid, &too_much).unwrap(),
        Err(LedgerError::RewardsExceedFunding)
    );
    let stranger = world.chain.account("stranger-hotkey");
    assert_eq!(
        credit_epoch_rewards(
            &mut world.chain,
            &address,
            &payer,
            netuid,
            &[(stranger, 1, 0)]
        )
        .unwrap(),
        Err(LedgerError::UnknownHotkey)
    );
    let before = alpha_of(&mut world, &validator, netuid);
    credit_epoch_rewards(&mut world.chain, &address, &payer, netuid, &reward)
        .unwrap()
        .unwrap();
    assert_eq!(alpha_of(&mut world, &validator, netuid), before + TAO);
    let left = [(validator.clone(), funding.to_yuma - TAO + 1, 0)];
    assert_eq!(
        credit_epoch_rewards(&mut world.chain, &address, &payer, netuid, &left).unwrap(),
        Err(LedgerError::RewardsExceedFunding)
    );
    let state = market_state(&mut world, 0);
    let staked: Balance = hotkey_alpha(&mut world, 0).iter().sum();
    assert_eq!(staked, state.alpha_staked);
}

/// The market rule: shares by moving price. Two markets opened together share equally; the
/// stakers of one sell the alpha their validators earned, its price falls below 1 TAO per
/// alpha, and from the next refresh it draws less of the block's TAO.
#[test]
fn the_market_rule_moves_emission_away_from_a_subnet_whose_stakers_sell() {
    let mut world = alpha_world(&[0, 1]);
    let (admin, keeper, coldkey) = (
        world.admin.clone(),
        world.keeper.clone(),
        world.coldkey.clone(),
    );
    let emission = world.suite.emission();
    assert_eq!(
        emission
            .update_market_shares(&mut world.chain, &keeper)
            .unwrap(),
        Err(EmissionError::WrongSharesRule)
    );
    emission
        .use_market_shares(&mut world.chain, &admin)
        .unwrap()
        .unwrap();
    assert_eq!(
        emission.shares_rule(&mut world.chain).unwrap(),
        SharesRule::Market
    );
    emission
        .update_market_shares(&mut world.chain, &keeper)
        .unwrap()
        .unwrap();
    assert_eq!(
        emission
            .update_market_shares(&mut world.chain, &keeper)
            .unwrap(),
        Err(EmissionError::RootRateLimited)
    );
    let share = |world: &mut World, k: usize| {
        let netuid = world.netuid(k);
        world
            .suite
            .emission()
            .subnet_emissions(&mut world.chain)
            .unwrap()
            .iter()
            .find(|e| e.netuid == netuid)
            .map_or(0, |e| e.share_ppb)
    };
    assert_eq!(share(&mut world, 0), share(&mut world, 1));
    assert_eq!(share(&mut world, 0), 500_000_000);

    // An epoch on subnet 1 pays its validators' coldkey alpha; the coldkey sells all of it.
    world.advance_to_due(1);
    world.crank(1, 64);
    let netuid = world.netuid(1);
    let market = world.suite.market();
    for validator in world.subnets[1].validators.clone() {
        let alpha = market
            .alpha_of(&mut world.chain, &validator, netuid, &coldkey)
            .unwrap();
        market
            .remove_stake(&mut world.chain, &coldkey, &validator, netuid, alpha, None)
            .unwrap()
            .unwrap();
    }
    assert!(market_state(&mut world, 1).price < TAO);
    assert_conserved(&mut world, 1);
    world.chain.advance_blocks(200);
    emission
        .update_market_shares(&mut world.chain, &keeper)
        .unwrap()
        .unwrap();
    let (kept, left) = (share(&mut world, 0), share(&mut world, 1));
    assert!(left < kept, "{kept} vs {left}");
    assert!(kept + left >= 999_999_990);
    assert_eq!(unaccounted_issuance(&mut world), 0);
}

/// A validator's hotkey swapped while its subnet's alpha epoch runs (after the page holding it
/// was gathered, before it is paid): the epoch still pays, into the pool the swapped hotkey's
/// nominators hold, and the alpha, its history and every position answer to the new name.
#[test]
fn a_hotkey_swap_mid_epoch_carries_its_alpha_and_stalls_nothing() {
    let mut world = alpha_world(&[0]);
    let (admin, coldkey, netuid) = (world.admin.clone(), world.coldkey.clone(), world.netuid(0));
    // Payout pages of one neuron: the swapped validator is paid on a later call.
    let paged = inktensor::suite::EmissionConfig {
        neuron_page: 1,
        ..inktensor::suite::EmissionConfig::default()
    };
    world
        .suite
        .emission()
        .set_config(&mut world.chain, &admin, &paged)
        .unwrap()
        .unwrap();
    let old = world.subnets[0].validators[2].clone();
    let new = world.chain.account("validator-renamed");
    let alpha_before = alpha_of(&mut world, &old, netuid);
    let held_before = world
        .suite
        .market()
        .alpha_of(&mut world.chain, &old, netuid, &coldkey)
        .unwrap();
    world.advance_to_due(0);
    let started = world.chain.block_number();
    assert!(matches!(
        crate::emission::step(&mut world, 0, 64),
        interfaces::emission::EpochProgress::Running { .. }
    ));
    world
        .suite
        .registry()
        .swap_hotkey(&mut world.chain, &coldkey, &old, &new)
        .unwrap()
        .unwrap();
    let (paid, _, _) = world.crank(0, 64);
    assert!(paid > 0);
    // The old name holds nothing; the new one holds what it had and its dividend.
    assert_eq!(alpha_of(&mut world, &old, netuid), 0);
    let after = alpha_of(&mut world, &new, netuid);
    assert!(after > alpha_before, "{after} vs {alpha_before}");
    let held = world
        .suite
        .market()
        .alpha_of(&mut world.chain, &new, netuid, &coldkey)
        .unwrap();
    assert!(held > held_before);
    // The history moved with it: the new name weighs, as of before the swap, what the old did.
    let market = world.suite.market.clone();
    let weights = epoch_stakes(
        &mut world.chain,
        &market,
        netuid,
        std::slice::from_ref(&new),
        started - 1,
    )
    .unwrap()
    .unwrap();
    assert!(weights[0] >= alpha_before, "{weights:?}");
    // And the new name sells.
    world
        .suite
        .market()
        .remove_stake(&mut world.chain, &coldkey, &new, netuid, held, None)
        .unwrap()
        .unwrap();
    assert_eq!(alpha_of(&mut world, &new, netuid), 0);
    assert_conserved(&mut world, 0);
}

/// A finished coldkey swap hands the old coldkey's alpha positions to its successor: the old
/// key can sell nothing any more, and anyone may move each position over.
#[test]
fn a_coldkey_swap_hands_alpha_to_the_successor_and_the_old_key_sells_nothing() {
    let mut world = alpha_world(&[0]);
    let (admin, coldkey, netuid) = (world.admin.clone(), world.coldkey.clone(), world.netuid(0));
    let [successor, stranger] = ["successor", "stranger"].map(|n| world.chain.account(n));
    let registry = world.suite.registry();
    let quick = inktensor::suite::NetworkConfig {
        network_rate_limit: 0,
        coldkey_swap_delay: 3,
        ..inktensor::suite::NetworkConfig::default()
    };
    registry
        .set_config(&mut world.chain, &admin, quick)
        .unwrap()
        .unwrap();
    let market = world.suite.market();
    let validator = world.subnets[0].validators[0].clone();
    let held = market
        .alpha_of(&mut world.chain, &validator, netuid, &coldkey)
        .unwrap();
    assert!(held > 0);
    assert_eq!(
        market
            .move_swapped_alpha(&mut world.chain, &stranger, &coldkey, &validator, netuid)
            .unwrap(),
        Err(MarketError::NotSwapped)
    );
    registry
        .announce_coldkey_swap(&mut world.chain, &coldkey, &successor)
        .unwrap()
        .unwrap();
    world.chain.advance_blocks(3);
    while !registry
        .swap_coldkey(&mut world.chain, &stranger, &coldkey)
        .unwrap()
        .unwrap()
    {}
    assert_eq!(
        registry.swapped_to(&mut world.chain, &coldkey).unwrap(),
        Some(ink_account(&successor))
    );
    assert_eq!(
        market
            .remove_stake(&mut world.chain, &coldkey, &validator, netuid, 1, None)
            .unwrap(),
        Err(MarketError::ColdkeySwapped)
    );
    let moved = market
        .move_swapped_alpha(&mut world.chain, &stranger, &coldkey, &validator, netuid)
        .unwrap()
        .unwrap();
    assert_eq!(moved, held);
    let alpha = |world: &mut World, who: &AccountId32| {
        world
            .suite
            .market()
            .alpha_of(&mut world.chain, &validator, netuid, who)
            .unwrap()
    };
    assert_eq!(
        (alpha(&mut world, &successor), alpha(&mut world, &coldkey)),
        (held, 0)
    );
    assert_eq!(
        market
            .move_swapped_alpha(&mut world.chain, &stranger, &coldkey, &validator, netuid)
            .unwrap(),
        Err(MarketError::NothingToMove)
    );
    market
        .remove_stake(&mut world.chain, &successor, &validator, netuid, held, None)
        .unwrap()
        .unwrap();
    assert_conserved(&mut world, 0);
}

/// The admin-only settings of dynamic TAO refuse everyone else and change nothing.
#[test]
fn dynamic_taos_settings_are_the_admins_alone() {
    let mut world = alpha_world(&[0]);
    let (netuid, coldkey) = (world.netuid(0), world.coldkey.clone());
    let stranger = world.chain.account("stranger");
    let market = world.suite.market();
    let emission = world.suite.emission();
    assert_eq!(
        market
            .set_tao_weight(&mut world.chain, &stranger, 0)
            .unwrap(),
        Err(MarketError::NotAdmin)
    );
    assert_eq!(
        market.tao_weight(&mut world.chain).unwrap(),
        EIGHTEEN_PERCENT
    );
    let terms = market.root_sale_terms(&mut world.chain).unwrap();
    assert_eq!(
        market
            .set_root_sale_threshold(&mut world.chain, &stranger, u128::MAX)
            .unwrap(),
        Err(MarketError::NotAdmin)
    );
    assert_eq!(market.root_sale_terms(&mut world.chain).unwrap(), terms);
    let wired = emission.market(&mut world.chain).unwrap();
    assert_eq!(wired, Some(ink_account(&world.suite.market)));
    assert_eq!(
        emission
            .set_market(&mut world.chain, &stranger, None)
            .unwrap(),
        Err(EmissionError::NotAdmin)
    );
    assert_eq!(
        emission
            .use_market_shares(&mut world.chain, &stranger)
            .unwrap(),
        Err(EmissionError::NotAdmin)
    );
    assert_eq!(emission.market(&mut world.chain).unwrap(), wired);
    assert_eq!(
        emission.shares_rule(&mut world.chain).unwrap(),
        SharesRule::Fixed
    );
    // A coldkey never swapped has nothing to move, whichever hotkey is named.
    assert_eq!(
        market
            .move_swapped_alpha(&mut world.chain, &stranger, &coldkey, &stranger, netuid)
            .unwrap(),
        Err(MarketError::NotSwapped)
    );
}
