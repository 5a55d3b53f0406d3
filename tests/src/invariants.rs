//! The invariant suite: long seeded sequences of random user actions over two subnets —
//! stakes, unstakes, stake moves, registrations, weights, takes, transfers, root membership and
//! weights, hotkey swaps, coldkey swaps, epoch steps interleaved with all of them, governance
//! aborting an epoch, alpha stake bought from and sold to the first subnet's market — with the
//! protocol's accounting checked after every step:
//!
//! - staking holds exactly the stake it accounts for plus its rounding dust;
//! - the market holds exactly its pool's TAO, the alpha its stakers hold is the alpha outside
//!   the pool, and the subnet's alpha is its opening alpha plus what was emitted (the first
//!   subnet's epochs are paid in alpha, its TAO emission goes into its pool, and its
//!   validators' root dividends are recycled, or, under the market rule, come back out of it
//!   to their TAO stakers);
//! - the token's supply is what was funded, plus what emission minted, minus what the registry
//!   burned (registrations, key swaps),
//!   and every rao of it is held by an account the suite knows;
//! - every rao the schedule released is minted, burned, pending or held by a running epoch
//!   (emission's account of each run agreeing with the run's own);
//! - no account's balance or position falls except by its own action.
//!
//! `INKTENSOR_INVARIANT_RUNS` (sequences per test, default 4), `INKTENSOR_INVARIANT_STEPS`
//! (per sequence, default 250) and `INKTENSOR_INVARIANT_SEED` (the first seed, default 1) set
//! the runs; a failure names the seed and the step to replay.

use drink::AccountId32;
use inktensor::chain::{chain_account, ink_account, Backend, Chain};
use inktensor::suite::{EmissionConfig, NetworkConfig, Suite};
use interfaces::emission::{EpochProgress, SharesRule};
use interfaces::{Balance, NetUid, RAO_PER_TAO};

const TAO: Balance = RAO_PER_TAO;
const ACTORS: usize = 4;
/// Stakes go to the first hotkeys only, so that the positions checked after every step stay
/// a few dozen; later registrations still prune and replace neurons.
const STAKED_HOTKEYS: usize = 6;

/// A seeded linear congruential generator: the same seed replays the same run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn amount(&mut self) -> Balance {
        // From a few thousand rao to a few hundred TAO, at every scale.
        let scale = 10u128.pow(self.below(12) as u32);
        Balance::from(self.below(1_000) + 1) * scale
    }
}

struct World {
    chain: Chain,
    suite: Suite,
    admin: AccountId32,
    actors: Vec<AccountId32>,
    /// Every hotkey registered, with the index of the actor owning it.
    hotkeys: Vec<(AccountId32, usize)>,
    subnets: Vec<NetUid>,
    /// Every account that may hold TAO.
    holders: Vec<AccountId32>,
    funded: Balance,
    registry_burned: Balance,
    /// Positions ever opened: (hotkey, actor index).
    positions: Vec<(AccountId32, usize)>,
    /// The subnet whose market is open.
    market_subnet: NetUid,
    /// Alpha positions ever opened on it: (hotkey, coldkey, actor index).
    alpha_positions: Vec<(AccountId32, AccountId32, usize)>,
    /// The alpha the market's pool opened with (as much as the subnet's lock).
    opening_alpha: Balance,
    /// How emission shares the block: fixed 1:1, or by the markets' moving prices (the second
    /// subnet, without a market, then gets nothing).
    rule: SharesRule,
}

impl World {
    fn new(rule: SharesRule) -> World {
        let mut chain = Chain::new();
        let [admin, faucet] = ["admin", "faucet"].map(|n| chain.account(n));
        let suite = Suite::deploy(&mut chain, &admin, Some(&faucet)).expect("suite deploys");
        let unlimited = NetworkConfig {
            network_rate_limit: 0,
            hotkey_swap_rate_limit: 0,
            coldkey_swap_delay: 3,
            ..NetworkConfig::default()
        };
        suite
            .registry()
            .set_config(&mut chain, &admin, unlimited)
            .unwrap()
            .unwrap();
        let actors: Vec<AccountId32> = (0..ACTORS)
            .map(|i| chain.account(&format!("actor-{i}")))
            .collect();
        let funded = 200_000 * TAO;
        for actor in &actors {
            suite.fund(&mut chain, &faucet, actor, funded).unwrap();
        }
        let mut world = World {
            chain,
            suite,
            admin,
            holders: actors.clone(),
            actors,
            hotkeys: Vec::new(),
            subnets: Vec::new(),
            funded: funded * ACTORS as Balance,
            registry_burned: 0,
            positions: Vec::new(),
            market_subnet: 0,
            alpha_positions: Vec::new(),
            opening_alpha: 0,
            rule,
        };
        for contract in [
            world.suite.staking.clone(),
            world.suite.registry.clone(),
            world.suite.emission.clone(),
            world.suite.governance.clone(),
            world.suite.market.clone(),
        ] {
            world.holders.push(contract);
        }
        for k in 0..2 {
            let owner = world.actors[k].clone();
            let owner_hotkey = world.chain.account(&format!("owner-hotkey-{k}"));
            let netuid = world
                .suite
                .registry()
                .create_subnet(&mut world.chain, &owner, &owner_hotkey)
                .unwrap()
                .unwrap();
            world.hotkeys.push((owner_hotkey, k));
            for change in [
                "Tempo(6)",
                "BurnBounds(1000, 1000000000)",
                "WeightsRateLimit(0)",
                "ImmunityPeriod(2)",
                "MaxAllowedValidators(8)",
                "MaxAllowedUids(12)",
                "MinNonImmuneUids(2)",
            ] {
                world
                    .suite
                    .registry()
                    .set_hyperparameter(&mut world.chain, &world.admin.clone(), netuid, change)
                    .unwrap()
                    .unwrap();
            }
            world.subnets.push(netuid);
        }
        world.market_subnet = world.subnets[0];
        let owner = world.actors[0].clone();
        world.opening_alpha = world
            .suite
            .market()
            .open_market(&mut world.chain, &owner, world.market_subnet)
            .unwrap()
            .unwrap();
        world.suite.wire_emission(&mut world.chain).unwrap();
        let admin = world.admin.clone();
        // Under the market rule validators' root dividends are sold (at any price), under the
        // fixed rule recycled (a young network's prices are below the default threshold).
        if rule == SharesRule::Market {
            world
                .suite
                .market()
                .set_root_sale_threshold(&mut world.chain, &admin, 0)
                .unwrap()
                .unwrap();
        }
        // Pages of three neurons: every epoch runs over several calls, so that actions land
        // between its gather pages and its payout pages. The largest keeper's fee, so that
        // whoever finishes an epoch is paid and aborts return fees.
        let paged = EmissionConfig {
            neuron_page: 3,
            keeper_fee: interfaces::emission::MAX_KEEPER_FEE,
            ..EmissionConfig::default()
        };
        world
            .suite
            .emission()
            .set_config(&mut world.chain, &admin, &paged)
            .unwrap()
            .unwrap();
        let parts: Vec<(NetUid, u16)> = world.subnets.iter().map(|n| (*n, 1)).collect();
        world
            .suite
            .emission()
            .set_fixed_shares(&mut world.chain, &admin, &parts)
            .unwrap()
            .unwrap();
        if rule == SharesRule::Market {
            let emission = world.suite.emission();
            emission
                .use_market_shares(&mut world.chain, &admin)
                .unwrap()
                .unwrap();
            let every_tempo = EmissionConfig {
                root_tempo: 6,
                ..paged
            };
            emission
                .set_config(&mut world.chain, &admin, &every_tempo)
                .unwrap()
                .unwrap();
        }
        world
    }

    /// The hotkeys actor `who` registered.
    fn own_hotkeys(&self, who: usize) -> Vec<AccountId32> {
        self.hotkeys
            .iter()
            .filter(|(_, owner)| *owner == who)
            .map(|(hotkey, _)| hotkey.clone())
            .collect()
    }

    fn balance(&mut self, who: &AccountId32) -> Balance {
        self.suite.token().balance_of(&mut self.chain, who).unwrap()
    }

    fn stake_of(&mut self, hotkey: &AccountId32, actor: usize) -> Balance {
        let coldkey = self.actors[actor].clone();
        self.suite
            .staking()
            .stake_of(&mut self.chain, hotkey, &coldkey)
            .unwrap()
    }

    /// What the schedule released and no one accounts for: must never change.
    fn unaccounted_issuance(&mut self) -> Balance {
        let emission = self.suite.emission();
        let issuance = emission.issuance(&mut self.chain).unwrap();
        let minted = emission.minted(&mut self.chain).unwrap();
        let burned = emission.burned(&mut self.chain).unwrap();
        let mut held = minted + burned;
        for netuid in self.subnets.clone() {
            held += emission.pending_emission(&mut self.chain, netuid).unwrap();
            let by_epoch = emission.held_by_epoch(&mut self.chain, netuid).unwrap();
            // The run's own account of the TAO it holds agrees with emission's: its keeper's
            // fee, and its unpaid rewards unless they are alpha.
            let running = self.suite.epoch().running_epoch(&mut self.chain, netuid);
            let staking = ink_account(&self.suite.staking);
            let tao_held = running.unwrap().map_or(0, |run| {
                run.keeper_fee + if run.ledger == staking { run.unpaid } else { 0 }
            });
            assert_eq!(tao_held, by_epoch);
            held += by_epoch;
        }
        issuance
            .checked_sub(held)
            .unwrap_or_else(|| panic!("{held} accounted for, only {issuance} released"))
    }

    fn alpha_of(&mut self, hotkey: &AccountId32, coldkey: &AccountId32) -> Balance {
        let netuid = self.market_subnet;
        self.suite
            .market()
            .alpha_of(&mut self.chain, hotkey, netuid, coldkey)
            .unwrap()
    }

    /// Every actor's balance and every position, to compare after a step.
    fn holdings(&mut self) -> Holdings {
        let actors = self.actors.clone();
        let balances = actors.iter().map(|a| self.balance(a)).collect();
        let positions = self.positions.clone();
        let stakes = positions
            .iter()
            .map(|(hotkey, actor)| self.stake_of(hotkey, *actor))
            .collect();
        let alpha_positions = self.alpha_positions.clone();
        let alphas = alpha_positions
            .iter()
            .map(|(hotkey, coldkey, _)| self.alpha_of(hotkey, coldkey))
            .collect();
        (balances, stakes, alphas)
    }

    /// The market holds its pool's TAO, and its stakers hold exactly the alpha outside the
    /// pool (every hotkey ever registered or staked to, summed: the subnet's epochs pay alpha
    /// to its neurons' hotkeys).
    fn check_market(&mut self) {
        let netuid = self.market_subnet;
        let market = self.suite.market();
        let state = market.market(&mut self.chain, netuid).unwrap().unwrap();
        let address = self.suite.market.clone();
        assert_eq!(
            self.balance(&address),
            state.tao_reserve,
            "the market holds its pool's TAO"
        );
        let mut hotkeys: Vec<AccountId32> = self
            .alpha_positions
            .iter()
            .map(|(hotkey, _, _)| hotkey.clone())
            .chain(self.hotkeys.iter().map(|(hotkey, _)| hotkey.clone()))
            .collect();
        hotkeys.sort();
        hotkeys.dedup();
        let staked: Balance = hotkeys
            .iter()
            .map(|hotkey| {
                market
                    .total_alpha_of(&mut self.chain, hotkey, netuid)
                    .unwrap()
            })
            .sum();
        assert_eq!(
            staked, state.alpha_staked,
            "hotkeys hold the alpha outside the pool"
        );
        assert_eq!(
            state.alpha_reserve + state.alpha_staked,
            self.opening_alpha + state.alpha_emitted,
            "the subnet's alpha is what it opened with plus what was emitted"
        );
    }

    /// Checks every invariant after a step by `actor` (None: by nobody's coldkey); returns the
    /// holdings now, the next step's "before".
    fn check(
        &mut self,
        base_issuance: Balance,
        actor: Option<usize>,
        before: &Holdings,
    ) -> Holdings {
        let staking = self.suite.staking.clone();
        let held = self.balance(&staking);
        let total = self.suite.staking().total_stake(&mut self.chain).unwrap();
        let dust = self.suite.staking().undistributed(&mut self.chain).unwrap();
        assert_eq!(
            held,
            total + dust,
            "staking holds {held}, accounts for {total} + {dust}"
        );

        let supply = self.suite.token().total_supply(&mut self.chain).unwrap();
        let minted = self.suite.emission().minted(&mut self.chain).unwrap();
        assert_eq!(
            supply,
            self.funded + minted - self.registry_burned,
            "supply = funded + minted - registration burns"
        );
        let holders = self.holders.clone();
        let everywhere: Balance = holders.iter().map(|h| self.balance(h)).sum();
        assert_eq!(everywhere, supply, "every rao is held by a known account");

        assert_eq!(
            self.unaccounted_issuance(),
            base_issuance,
            "released = minted + burned + pending + running"
        );

        self.check_market();

        let after = self.holdings();
        for (i, (was, now)) in before.0.iter().zip(&after.0).enumerate() {
            if Some(i) != actor {
                assert!(
                    now >= was,
                    "actor {i}'s balance fell from {was} to {now} by another's action"
                );
            }
        }
        for (k, (was, now)) in before.1.iter().zip(&after.1).enumerate() {
            let (_, owner) = self.positions[k];
            if Some(owner) != actor {
                assert!(
                    now >= was,
                    "actor {owner}'s position {k} fell from {was} to {now} by another's action"
                );
            }
        }
        for (k, (was, now)) in before.2.iter().zip(&after.2).enumerate() {
            let (_, _, owner) = self.alpha_positions[k];
            if Some(owner) != actor {
                assert!(
                    now >= was,
                    "actor {owner}'s alpha position {k} fell from {was} to {now} by another's action"
                );
            }
        }
        after
    }
}

/// Every actor's balance, the value of every position ever opened (in `positions` order) and
/// the alpha of every alpha position (in `alpha_positions` order).
type Holdings = (Vec<Balance>, Vec<Balance>, Vec<Balance>);

/// Counts of what the run did, so that the suite proves it exercised each action.
#[derive(Debug, Default)]
struct Tally {
    staked: u32,
    unstaked: u32,
    moved: u32,
    registered: u32,
    weights: u32,
    epoch_steps: u32,
    epochs_finished: u32,
    aborted: u32,
    swapped: u32,
    coldkeys_swapped: u32,
    alpha_bought: u32,
    alpha_sold: u32,
    /// Alpha the market subnet's epochs emitted.
    alpha_emitted: Balance,
    /// TAO its validators' root dividends fetched, paid to their TAO stakers, and the root
    /// alpha recycled instead.
    root_tao_paid: Balance,
    root_alpha_recycled: Balance,
    /// Market shares refreshed (under the market rule).
    shares_refreshed: u32,
    refused: u32,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.staked += other.staked;
        self.unstaked += other.unstaked;
        self.moved += other.moved;
        self.registered += other.registered;
        self.weights += other.weights;
        self.epoch_steps += other.epoch_steps;
        self.epochs_finished += other.epochs_finished;
        self.aborted += other.aborted;
        self.swapped += other.swapped;
        self.coldkeys_swapped += other.coldkeys_swapped;
        self.alpha_bought += other.alpha_bought;
        self.alpha_sold += other.alpha_sold;
        self.alpha_emitted += other.alpha_emitted;
        self.root_tao_paid += other.root_tao_paid;
        self.root_alpha_recycled += other.root_alpha_recycled;
        self.shares_refreshed += other.shares_refreshed;
        self.refused += other.refused;
    }
}

fn run(seed: u64, steps: u32, rule: SharesRule) -> Tally {
    let mut world = World::new(rule);
    let mut dice = Dice(seed);
    let mut tally = Tally::default();
    let base_issuance = world.unaccounted_issuance();
    let mut new_hotkeys = 0u32;
    let mut new_coldkeys = 0u32;
    let mut before = world.holdings();
    let started = std::time::Instant::now();
    for step in 0..steps {
        if step % 250 == 0 {
            eprintln!("step {step}, {:.0?}", started.elapsed());
        }
        let who = dice.below(ACTORS as u64) as usize;
        let actor = world.actors[who].clone();
        let staking = world.suite.staking();
        let kind = dice.below(25);
        // Who acted, for the "nobody else's holdings fall" check (None: nobody's own action).
        let mut acted = Some(who);
        let outcome: Result<(), String> = match kind {
            0..=3 => {
                let targets = &world.hotkeys[..world.hotkeys.len().min(STAKED_HOTKEYS)];
                let (hotkey, _) = dice.pick(targets).clone();
                let amount = dice.amount();
                let done = staking
                    .add_stake(&mut world.chain, &actor, &hotkey, amount)
                    .unwrap();
                if done.is_ok() {
                    tally.staked += 1;
                    if !world.positions.contains(&(hotkey.clone(), who)) {
                        world.positions.push((hotkey, who));
                        // A new position was worth nothing before.
                        before.1.push(0);
                    }
                }
                done.map_err(|e| format!("{e:?}"))
            }
            5 | 20 => {
                // Stake moved to another hotkey, or handed to another actor, in one step.
                let targets = &world.hotkeys[..world.hotkeys.len().min(STAKED_HOTKEYS)];
                let (from, _) = dice.pick(targets).clone();
                let (to, _) = dice.pick(targets).clone();
                let held = world.stake_of(&from, who);
                let amount = if dice.below(3) == 0 {
                    held
                } else {
                    dice.amount().min(held + 1)
                };
                let receiver = dice.below(ACTORS as u64) as usize;
                let (done, destination) = if receiver == who {
                    let done = staking.move_stake(&mut world.chain, &actor, &from, &to, amount);
                    (done.unwrap(), (to, who))
                } else {
                    let other = world.actors[receiver].clone();
                    let done =
                        staking.transfer_stake(&mut world.chain, &actor, &from, &other, amount);
                    (done.unwrap(), (from, receiver))
                };
                if done.is_ok() {
                    tally.moved += 1;
                    if !world.positions.contains(&destination) {
                        world.positions.push(destination);
                        before.1.push(0);
                    }
                }
                done.map_err(|e| format!("{e:?}"))
            }
            4 => {
                let targets = &world.hotkeys[..world.hotkeys.len().min(STAKED_HOTKEYS)];
                let (hotkey, _) = dice.pick(targets).clone();
                let held = world.stake_of(&hotkey, who);
                let amount = if dice.below(3) == 0 {
                    held
                } else {
                    dice.amount().min(held + 1)
                };
                let done = staking
                    .remove_stake(&mut world.chain, &actor, &hotkey, amount)
                    .unwrap();
                tally.unstaked += u32::from(done.is_ok());
                done.map_err(|e| format!("{e:?}"))
            }
            6 => {
                let netuid = *dice.pick(&world.subnets);
                new_hotkeys += 1;
                let hotkey = world.chain.account(&format!("hotkey-{new_hotkeys}"));
                let paid_before = world.balance(&actor);
                let done = world
                    .suite
                    .registry()
                    .register(&mut world.chain, &actor, netuid, &hotkey, Balance::MAX)
                    .unwrap();
                if done.is_ok() {
                    world.registry_burned += paid_before - world.balance(&actor);
                    world.hotkeys.push((hotkey, who));
                    tally.registered += 1;
                }
                done.map(|_| ()).map_err(|e| format!("{e:?}"))
            }
            7..=8 => {
                let netuid = *dice.pick(&world.subnets);
                let (hotkey, _) = dice.pick(&world.hotkeys).clone();
                let count = world
                    .suite
                    .registry()
                    .subnet(&mut world.chain, netuid)
                    .unwrap()
                    .map_or(1, |info| info.neuron_count);
                let uids: Vec<u16> = (0..count).filter(|_| dice.below(2) == 0).collect();
                let values: Vec<u16> = uids.iter().map(|_| dice.below(65_536) as u16).collect();
                acted = None;
                let done = world
                    .suite
                    .weights()
                    .set_weights(&mut world.chain, &hotkey, netuid, &uids, &values, 0)
                    .unwrap();
                tally.weights += u32::from(done.is_ok());
                done.map_err(|e| format!("{e:?}"))
            }
            9..=12 => {
                let netuid = *dice.pick(&world.subnets);
                let rows = 1 + dice.below(8) as u16;
                let done = world
                    .suite
                    .epoch()
                    .epoch_step(&mut world.chain, &actor, netuid, rows)
                    .unwrap();
                if let Ok(progress) = &done {
                    tally.epoch_steps += 1;
                    if matches!(progress, EpochProgress::Finished { .. }) {
                        tally.epochs_finished += 1;
                    }
                }
                done.map(|_| ()).map_err(|e| format!("{e:?}"))
            }
            13..=14 => {
                world.chain.advance_blocks(1 + dice.below(3) as u32);
                acted = None;
                Ok(())
            }
            15 => {
                let own = world.own_hotkeys(who);
                match own.first() {
                    Some(hotkey) => {
                        let take = dice.below(12_000) as u16;
                        staking
                            .set_take(&mut world.chain, &actor, hotkey, take)
                            .unwrap()
                            .map_err(|e| format!("{e:?}"))
                    }
                    None => Err("no hotkey".into()),
                }
            }
            16 => {
                let other = world.actors[dice.below(ACTORS as u64) as usize].clone();
                let amount = dice.amount();
                world
                    .suite
                    .token()
                    .transfer(&mut world.chain, &actor, &other, amount)
                    .unwrap()
                    .map_err(|e| format!("{e:?}"))
            }
            17 => {
                let own = world.own_hotkeys(who);
                let Some(hotkey) = own.get(dice.below(own.len() as u64) as usize).cloned() else {
                    continue;
                };
                let emission = world.suite.emission();
                let netuid = *dice.pick(&world.subnets);
                let joined = emission
                    .root_register(&mut world.chain, &actor, &hotkey)
                    .unwrap();
                let weighted = emission
                    .set_root_weights(
                        &mut world.chain,
                        &actor,
                        &hotkey,
                        &[(netuid, 1 + dice.below(100) as u16)],
                    )
                    .unwrap();
                joined.and(weighted).map_err(|e| format!("{e:?}"))
            }
            18 => {
                if world.positions.is_empty() {
                    continue;
                }
                let (hotkey, owner) = dice.pick(&world.positions).clone();
                let coldkey = world.actors[owner].clone();
                acted = None;
                staking
                    .sync_votes(&mut world.chain, &actor, &hotkey, &coldkey)
                    .unwrap()
                    .map_err(|e| format!("{e:?}"))
            }
            19 => {
                // A hotkey renamed, whatever runs: its stake and positions answer to the new
                // name (the world follows it), and nobody else's holdings fall.
                let own = world.own_hotkeys(who);
                let Some(old) = own.get(dice.below(own.len() as u64) as usize).cloned() else {
                    continue;
                };
                new_hotkeys += 1;
                let new = world.chain.account(&format!("hotkey-{new_hotkeys}"));
                let paid_before = world.balance(&actor);
                let done = world
                    .suite
                    .registry()
                    .swap_hotkey(&mut world.chain, &actor, &old, &new)
                    .unwrap();
                if done.is_ok() {
                    world.registry_burned += paid_before - world.balance(&actor);
                    let rename = |hotkey: &mut AccountId32| {
                        if *hotkey == old {
                            *hotkey = new.clone();
                        }
                    };
                    world.hotkeys.iter_mut().for_each(|(h, _)| rename(h));
                    world.positions.iter_mut().for_each(|(h, _)| rename(h));
                    // Alpha follows the hotkey's stable key too.
                    world
                        .alpha_positions
                        .iter_mut()
                        .for_each(|(h, _, _)| rename(h));
                    tally.swapped += 1;
                }
                done.map_err(|e| format!("{e:?}"))
            }
            21 => {
                // A coldkey handed to a fresh one: announced, then executed by anyone once due
                // (the actor's own doing); the actor goes on as the new coldkey, its TAO sent
                // over.
                let registry = world.suite.registry();
                match registry.coldkey_swap(&mut world.chain, &actor).unwrap() {
                    None => {
                        new_coldkeys += 1;
                        let new = world.chain.account(&format!("coldkey-{new_coldkeys}"));
                        let paid_before = world.balance(&actor);
                        let done = registry
                            .announce_coldkey_swap(&mut world.chain, &actor, &new)
                            .unwrap();
                        if done.is_ok() {
                            world.registry_burned += paid_before - world.balance(&actor);
                        }
                        done.map_err(|e| format!("{e:?}"))
                    }
                    Some(swap) => {
                        let executor = world.actors[dice.below(ACTORS as u64) as usize].clone();
                        let done = registry
                            .swap_coldkey(&mut world.chain, &executor, &actor)
                            .unwrap();
                        if done == Ok(true) {
                            let new = chain_account(&swap.new);
                            let token = world.suite.token();
                            let balance = world.balance(&actor);
                            token
                                .transfer(&mut world.chain, &actor, &new, balance)
                                .unwrap()
                                .unwrap();
                            for spender in [
                                world.suite.staking.clone(),
                                world.suite.registry.clone(),
                                world.suite.market.clone(),
                            ] {
                                token
                                    .approve(&mut world.chain, &new, &spender, Balance::MAX / 4)
                                    .unwrap()
                                    .unwrap();
                            }
                            // The actor's alpha positions follow it (anyone may move them).
                            for (hotkey, holder, _) in world.alpha_positions.iter_mut() {
                                if *holder == actor {
                                    let netuid = world.market_subnet;
                                    let _ = world
                                        .suite
                                        .market()
                                        .move_swapped_alpha(
                                            &mut world.chain,
                                            &executor,
                                            &actor,
                                            hotkey,
                                            netuid,
                                        )
                                        .unwrap();
                                    *holder = new.clone();
                                }
                            }
                            world.actors[who] = new.clone();
                            world.holders.push(new);
                            tally.coldkeys_swapped += 1;
                        }
                        done.map(|_| ()).map_err(|e| format!("{e:?}"))
                    }
                }
            }
            23 => {
                let targets = &world.hotkeys[..world.hotkeys.len().min(STAKED_HOTKEYS)];
                let (hotkey, _) = dice.pick(targets).clone();
                let amount = dice.amount();
                let netuid = world.market_subnet;
                let limit = (dice.below(4) == 0).then(|| TAO + dice.amount());
                let done = world
                    .suite
                    .market()
                    .add_stake(&mut world.chain, &actor, &hotkey, netuid, amount, limit)
                    .unwrap();
                if done.is_ok() {
                    tally.alpha_bought += 1;
                    let position = (hotkey, actor.clone(), who);
                    if !world.alpha_positions.contains(&position) {
                        world.alpha_positions.push(position);
                        before.2.push(0);
                    }
                }
                done.map(|_| ()).map_err(|e| format!("{e:?}"))
            }
            24 => {
                let mine: Vec<AccountId32> = world
                    .alpha_positions
                    .iter()
                    .filter(|(_, coldkey, _)| *coldkey == actor)
                    .map(|(hotkey, _, _)| hotkey.clone())
                    .collect();
                if mine.is_empty() {
                    Ok(())
                } else {
                    let hotkey = dice.pick(&mine).clone();
                    let held = world.alpha_of(&hotkey, &actor);
                    let alpha = if dice.below(3) == 0 {
                        held
                    } else {
                        dice.amount().min(held + 1)
                    };
                    let limit = (dice.below(4) == 0).then(|| dice.amount());
                    let netuid = world.market_subnet;
                    let done = world
                        .suite
                        .market()
                        .remove_stake(&mut world.chain, &actor, &hotkey, netuid, alpha, limit)
                        .unwrap();
                    tally.alpha_sold += u32::from(done.is_ok());
                    done.map(|_| ()).map_err(|e| format!("{e:?}"))
                }
            }
            _ => {
                // Now and then governance (the admin here) aborts a running epoch.
                acted = None;
                let mut running = Vec::new();
                for netuid in world.subnets.clone() {
                    if world
                        .suite
                        .epoch()
                        .running_epoch(&mut world.chain, netuid)
                        .unwrap()
                        .is_some()
                    {
                        running.push(netuid);
                    }
                }
                if !running.is_empty() && dice.below(2) == 0 {
                    let netuid = *dice.pick(&running);
                    let admin = world.admin.clone();
                    let done = world
                        .suite
                        .epoch()
                        .abort_epoch(&mut world.chain, &admin, netuid)
                        .unwrap();
                    tally.aborted += u32::from(done.is_ok());
                    done.map_err(|e| format!("{e:?}"))
                } else if world.rule == SharesRule::Market && dice.below(2) == 0 {
                    // A keeper refreshes the market shares (refused within a root tempo).
                    let keeper = world.admin.clone();
                    let done = world
                        .suite
                        .emission()
                        .update_market_shares(&mut world.chain, &keeper)
                        .unwrap();
                    tally.shares_refreshed += u32::from(done.is_ok());
                    done.map_err(|e| format!("{e:?}"))
                } else {
                    world.chain.advance_blocks(1);
                    Ok(())
                }
            }
        };
        tally.refused += u32::from(outcome.is_err());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            world.check(base_issuance, acted, &before)
        }));
        match result {
            Ok(after) => before = after,
            Err(panic) => {
                eprintln!(
                    "invariant broken at step {step} (action {kind} by actor {who}: {outcome:?}); \
                     replay with INKTENSOR_INVARIANT_SEED={seed} INKTENSOR_INVARIANT_STEPS={}",
                    step + 1
                );
                std::panic::resume_unwind(panic);
            }
        }
    }
    let netuid = world.market_subnet;
    if let Some(state) = world
        .suite
        .market()
        .market(&mut world.chain, netuid)
        .unwrap()
    {
        tally.alpha_emitted = state.alpha_emitted;
        tally.root_tao_paid = state.root_tao_paid;
        tally.root_alpha_recycled = state.root_alpha_recycled;
    }
    tally
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `runs` sequences of `steps` actions, each on a fresh network whose emission follows
/// `rule`, from `first_seed` on, and checks that together they exercised every kind of action.
fn runs(first_seed: u64, default_runs: u64, rule: SharesRule) {
    let runs = env_number("INKTENSOR_INVARIANT_RUNS", default_runs);
    let steps = env_number("INKTENSOR_INVARIANT_STEPS", 250) as u32;
    let mut total = Tally::default();
    for seed in first_seed..first_seed + runs {
        eprintln!("invariant suite: seed {seed}, {steps} steps");
        let tally = run(seed, steps, rule);
        eprintln!("seed {seed}: {tally:?}");
        total.add(&tally);
    }
    if runs * u64::from(steps) >= 1_000 {
        assert!(total.staked > 40 && total.unstaked > 5, "{total:?}");
        assert!(total.moved > 5, "{total:?}");
        assert!(total.registered > 5 && total.weights > 5, "{total:?}");
        assert!(total.epochs_finished > 10 && total.aborted > 0, "{total:?}");
        assert!(total.swapped > 5 && total.coldkeys_swapped > 3, "{total:?}");
        assert!(total.alpha_bought > 10 && total.alpha_sold > 5, "{total:?}");
        assert!(total.alpha_emitted > 0, "{total:?}");
        if rule == SharesRule::Market {
            assert!(total.shares_refreshed > 5, "{total:?}");
            assert!(total.root_tao_paid > 0, "{total:?}");
        } else {
            assert!(total.root_alpha_recycled > 0, "{total:?}");
        }
    }
}

// The sandbox copies its whole state for every query, so a sequence's cost grows with its
// length: CI runs eight sequences of 250 steps (2,000 in all), in two tests so that the two
// halves share the machine's cores. `INKTENSOR_INVARIANT_RUNS`, `_STEPS` and `_SEED` (the
// first seed) ask for more or other runs.

#[test]
fn random_actions_keep_every_invariant() {
    runs(
        env_number("INKTENSOR_INVARIANT_SEED", 1),
        4,
        SharesRule::Fixed,
    );
}

/// The same actions with the block's TAO shared by the markets' moving prices.
#[test]
fn random_actions_keep_every_invariant_under_the_market_rule() {
    runs(
        env_number("INKTENSOR_INVARIANT_SEED", 1) + 1_000,
        4,
        SharesRule::Market,
    );
}
