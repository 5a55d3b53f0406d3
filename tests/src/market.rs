//! The market in the sandbox: a subnet's pool opened with its lock, and alpha stake bought and
//! sold through it, over the real token, registry and staking.

use drink::AccountId32;
use inktensor::chain::{Backend, Chain};
use inktensor::suite::NetworkConfig;
use inktensor::suite::Suite;
use interfaces::market::{MarketError, MarketState, SwapQuote, MIN_MARKET_STAKE};
use interfaces::registry::RegistryError;
use interfaces::{Balance, NetUid, RAO_PER_TAO};

const TAO: Balance = RAO_PER_TAO;
const LOCK: Balance = 1_000 * TAO;
/// The least a pool's reserve may hold (`economics::pool::MIN_LIQUIDITY`).
const MIN_LIQUIDITY: Balance = economics::pool::MIN_LIQUIDITY as Balance;

struct World {
    chain: Chain,
    suite: Suite,
    admin: AccountId32,
    owner: AccountId32,
    hotkey: AccountId32,
    alice: AccountId32,
    bob: AccountId32,
    netuid: NetUid,
}

impl World {
    /// A suite with one subnet (its lock the default 1,000 TAO) and no market open yet.
    fn new() -> Self {
        let mut chain = Chain::new();
        let [admin, faucet, owner, hotkey, alice, bob] =
            ["admin", "faucet", "owner", "owner-hk", "alice", "bob"].map(|n| chain.account(n));
        let suite = Suite::deploy(&mut chain, &admin, Some(&faucet)).expect("suite deploys");
        for who in [&owner, &alice, &bob] {
            suite.fund(&mut chain, &faucet, who, 2_000 * TAO).unwrap();
        }
        let netuid = suite
            .registry()
            .create_subnet(&mut chain, &owner, &hotkey)
            .unwrap()
            .unwrap();
        World {
            chain,
            suite,
            admin,
            owner,
            hotkey,
            alice,
            bob,
            netuid,
        }
    }

    /// `new` with the subnet's market open.
    fn open() -> Self {
        let mut w = World::new();
        let owner = w.owner.clone();
        w.suite
            .market()
            .open_market(&mut w.chain, &owner, w.netuid)
            .unwrap()
            .unwrap();
        w
    }

    fn balance(&mut self, who: &AccountId32) -> Balance {
        self.suite.token().balance_of(&mut self.chain, who).unwrap()
    }

    fn state(&mut self) -> MarketState {
        let netuid = self.netuid;
        self.suite
            .market()
            .market(&mut self.chain, netuid)
            .unwrap()
            .expect("the market is open")
    }

    fn stake(
        &mut self,
        coldkey: &AccountId32,
        tao: Balance,
        max_price: Option<Balance>,
    ) -> Result<Balance, MarketError> {
        let (hotkey, netuid) = (self.hotkey.clone(), self.netuid);
        self.suite
            .market()
            .add_stake(&mut self.chain, coldkey, &hotkey, netuid, tao, max_price)
            .unwrap()
    }

    fn unstake(
        &mut self,
        coldkey: &AccountId32,
        alpha: Balance,
        min_price: Option<Balance>,
    ) -> Result<Balance, MarketError> {
        let (hotkey, netuid) = (self.hotkey.clone(), self.netuid);
        self.suite
            .market()
            .remove_stake(&mut self.chain, coldkey, &hotkey, netuid, alpha, min_price)
            .unwrap()
    }

    fn alpha_of(&mut self, coldkey: &AccountId32) -> Balance {
        let (hotkey, netuid) = (self.hotkey.clone(), self.netuid);
        self.suite
            .market()
            .alpha_of(&mut self.chain, &hotkey, netuid, coldkey)
            .unwrap()
    }

    /// The market holds exactly its pools' TAO, and the hotkey's stakers exactly the alpha
    /// outside the pool.
    fn assert_backed(&mut self) {
        let state = self.state();
        let market = self.suite.market.clone();
        assert_eq!(self.balance(&market), state.tao_reserve);
        let (hotkey, netuid) = (self.hotkey.clone(), self.netuid);
        let staked = self
            .suite
            .market()
            .total_alpha_of(&mut self.chain, &hotkey, netuid)
            .unwrap();
        assert_eq!(staked, state.alpha_staked);
    }
}

#[test]
fn opening_a_market_turns_the_subnets_lock_into_its_pool() {
    let mut w = World::new();
    let (market, registry) = (w.suite.market(), w.suite.registry.clone());
    let (alice, owner, netuid) = (w.alice.clone(), w.owner.clone(), w.netuid);
    assert_eq!(market.market(&mut w.chain, netuid).unwrap(), None);
    assert_eq!(
        w.stake(&alice, TAO, None),
        Err(MarketError::NoMarket),
        "no stake before the market opens"
    );
    assert_eq!(
        market.open_market(&mut w.chain, &alice, netuid).unwrap(),
        Err(MarketError::NotSubnetOwner)
    );
    assert_eq!(
        market.open_market(&mut w.chain, &owner, 99).unwrap(),
        Err(MarketError::UnknownSubnet)
    );
    assert_eq!(w.balance(&registry), LOCK);

    assert_eq!(
        market.open_market(&mut w.chain, &owner, netuid).unwrap(),
        Ok(LOCK)
    );
    assert_eq!(w.balance(&registry), 0);
    let subnet = w
        .suite
        .registry()
        .subnet(&mut w.chain, netuid)
        .unwrap()
        .unwrap();
    assert_eq!(subnet.locked, 0, "the lock is the pool's now");
    let state = w.state();
    assert_eq!(
        (state.tao_reserve, state.alpha_reserve, state.alpha_staked),
        (LOCK, LOCK, 0)
    );
    assert_eq!((state.price, state.moving_price), (TAO, 0));
    w.assert_backed();
    let admin = w.admin.clone();
    assert_eq!(
        market.open_market(&mut w.chain, &admin, netuid).unwrap(),
        Err(MarketError::MarketOpen)
    );
}

/// 100 TAO staked on a 1,000/1,000 pool and all of it unstaked, every number worked out by
/// hand from the pool's rules (docs/protocol.md): the buy's fee is ⌈100e9 × 33 / 65,535⌉ =
/// 50,354,773 rao, the alpha reserve becomes ⌈10²⁴ / (1,000e9 + 100e9 − fee)⌉; the sale
/// likewise. The round trip costs 91,539,461 rao (both fees and the price impact), which
/// stays in the pool.
#[test]
fn a_stake_and_unstake_round_trip_pays_the_fees_and_slippage_exactly() {
    let mut w = World::open();
    let (alice, netuid) = (w.alice.clone(), w.netuid);
    let quote = w
        .suite
        .market()
        .quote_stake(&mut w.chain, netuid, 100 * TAO)
        .unwrap()
        .unwrap();
    let bought = 90_867_473_489;
    assert_eq!(
        quote,
        SwapQuote {
            amount_in: 100 * TAO,
            fee: 50_354_773,
            amount_out: bought,
            price_after: 1_209_944_609,
        }
    );
    assert_eq!(w.stake(&alice, 100 * TAO, None), Ok(bought));
    assert_eq!(w.balance(&alice), 1_900 * TAO);
    assert_eq!(w.alpha_of(&alice), bought);
    let state = w.state();
    assert_eq!(
        (state.tao_reserve, state.alpha_reserve, state.alpha_staked),
        (1_100 * TAO, 909_132_526_511, bought)
    );
    assert_eq!(state.price, 1_209_944_609);
    w.assert_backed();

    assert_eq!(w.unstake(&alice, bought, None), Ok(99_908_460_539));
    assert_eq!(w.balance(&alice), 1_900 * TAO + 99_908_460_539);
    assert_eq!(w.alpha_of(&alice), 0);
    let state = w.state();
    assert_eq!(
        (state.tao_reserve, state.alpha_reserve, state.alpha_staked),
        (1_000_091_539_461, LOCK, 0)
    );
    w.assert_backed();
}

#[test]
fn price_limits_refuse_a_swap_that_moves_the_price_past_them_and_move_nothing() {
    let mut w = World::open();
    let alice = w.alice.clone();
    let before = (w.balance(&alice), w.state());
    // The stake would leave the price at 1.2099… TAO per alpha.
    assert_eq!(
        w.stake(&alice, 100 * TAO, Some(1_209_944_608)),
        Err(MarketError::PriceLimitExceeded)
    );
    assert_eq!((w.balance(&alice), w.state()), before);
    let bought = w.stake(&alice, 100 * TAO, Some(1_209_944_610)).unwrap();
    // Selling it all would bring the price back to 1.0000915 TAO per alpha.
    assert_eq!(
        w.unstake(&alice, bought, Some(1_000_091_540)),
        Err(MarketError::PriceLimitExceeded)
    );
    assert_eq!(w.alpha_of(&alice), bought);
    assert_eq!(
        w.unstake(&alice, bought, Some(1_000_091_539)),
        Ok(99_908_460_539)
    );
    w.assert_backed();
}

/// What an attacker might try on someone else's stake or with odd amounts: every attempt is
/// refused with its own error and moves nothing.
#[test]
fn nobody_takes_anothers_alpha_and_bad_amounts_are_refused() {
    let mut w = World::open();
    let (alice, bob, netuid) = (w.alice.clone(), w.bob.clone(), w.netuid);
    let bought = w.stake(&alice, 10 * TAO, None).unwrap();
    let before = (w.balance(&bob), w.state());
    assert_eq!(
        w.unstake(&bob, 1, None),
        Err(MarketError::InsufficientStake)
    );
    assert_eq!(
        w.unstake(&alice, bought + 1, None),
        Err(MarketError::InsufficientStake)
    );
    assert_eq!(
        w.unstake(&bob, 0, None),
        Err(MarketError::BelowMinimumStake)
    );
    assert_eq!(
        w.stake(&bob, 1_999_999, None),
        Err(MarketError::BelowMinimumStake)
    );
    assert_eq!(
        w.stake(&bob, 3_000 * TAO, None),
        Err(MarketError::InsufficientBalance)
    );
    let stranger = w.chain.account("stranger-hk");
    assert_eq!(
        w.suite
            .market()
            .add_stake(&mut w.chain, &bob, &stranger, netuid, TAO, None)
            .unwrap(),
        Err(MarketError::UnknownHotkey)
    );
    assert_eq!((w.balance(&bob), w.state()), before);
    assert_eq!(w.alpha_of(&alice), bought);
}

/// Two stakers on one hotkey: a later staker buys dearer alpha, each takes out only their own,
/// and the market stays backed after every step; a flash stake (in and out in one block) only
/// ever loses.
#[test]
fn stakers_share_a_hotkeys_pool_and_a_flash_stake_never_profits() {
    let mut w = World::open();
    let (alice, bob) = (w.alice.clone(), w.bob.clone());
    let alice_alpha = w.stake(&alice, 50 * TAO, None).unwrap();
    w.assert_backed();
    let bob_alpha = w.stake(&bob, 50 * TAO, None).unwrap();
    w.assert_backed();
    assert!(
        bob_alpha < alice_alpha,
        "the second 50 TAO buys at a higher price"
    );
    assert_eq!(w.alpha_of(&bob), bob_alpha);

    let bob_before = w.balance(&bob);
    let flash = w.stake(&bob, 500 * TAO, None).unwrap();
    let back = w.unstake(&bob, flash, None).unwrap();
    assert!(back < 500 * TAO);
    assert_eq!(w.balance(&bob), bob_before - 500 * TAO + back);
    w.assert_backed();

    let alice_tao = w.unstake(&alice, alice_alpha, None).unwrap();
    let bob_tao = w.unstake(&bob, bob_alpha, None).unwrap();
    assert!(alice_tao > bob_tao, "alice sold first, at the higher price");
    assert_eq!(w.state().alpha_staked, 0);
    w.assert_backed();
}

/// Bob buys just before alice's stake and sells just after. Without a limit alice's stake
/// raises the price Bob sells at and he nets 31.3 TAO of it; with the price her quote
/// promised as her limit, her stake is refused and Bob's round trip only costs him.
#[test]
fn attack_a_sandwiched_stake_is_refused_by_its_price_limit() {
    let sandwich = |limited: bool| {
        let mut w = World::open();
        let (alice, bob, netuid) = (w.alice.clone(), w.bob.clone(), w.netuid);
        let promised = w
            .suite
            .market()
            .quote_stake(&mut w.chain, netuid, 100 * TAO)
            .unwrap()
            .unwrap()
            .price_after;
        let front = w.stake(&bob, 200 * TAO, None).unwrap();
        let victim = w.stake(&alice, 100 * TAO, limited.then_some(promised));
        let back = w.unstake(&bob, front, None).unwrap();
        w.assert_backed();
        (victim, back)
    };
    let (victim, back) = sandwich(false);
    assert_eq!(victim, Ok(64_078_144_958));
    assert_eq!(back, 231_307_867_838, "bob takes 31.3 TAO of alice's stake");
    let (victim, back) = sandwich(true);
    assert_eq!(victim, Err(MarketError::PriceLimitExceeded));
    assert!(back < 200 * TAO);
}

/// The lock moves only to the registry's market role, once: nobody else can take it, the admin
/// alone sets the role, and a market without the role opens nothing and moves no TAO.
#[test]
fn only_the_market_role_takes_a_lock_and_only_once() {
    let mut w = World::new();
    let (registry, market) = (w.suite.registry(), w.suite.market());
    let (alice, admin, owner, netuid) =
        (w.alice.clone(), w.admin.clone(), w.owner.clone(), w.netuid);
    let market_address = w.suite.market.clone();
    assert_eq!(
        registry.market(&mut w.chain).unwrap(),
        Some(inktensor::chain::ink_account(&market_address))
    );
    assert_eq!(
        registry.release_lock(&mut w.chain, &alice, netuid).unwrap(),
        Err(RegistryError::Unauthorized)
    );
    assert_eq!(
        registry
            .set_market(&mut w.chain, &alice, Some(&alice))
            .unwrap(),
        Err(RegistryError::NotAdmin)
    );
    registry
        .set_market(&mut w.chain, &admin, None)
        .unwrap()
        .unwrap();
    assert_eq!(
        market.open_market(&mut w.chain, &owner, netuid).unwrap(),
        Err(MarketError::RegistryCallFailed)
    );
    let registry_address = w.suite.registry.clone();
    assert_eq!(w.balance(&registry_address), LOCK);
    assert_eq!(market.market(&mut w.chain, netuid).unwrap(), None);

    // The role given to an account: it takes the lock once, and the market can no longer open.
    registry
        .set_market(&mut w.chain, &admin, Some(&alice))
        .unwrap()
        .unwrap();
    let before = w.balance(&alice);
    assert_eq!(
        registry.release_lock(&mut w.chain, &alice, netuid).unwrap(),
        Ok(LOCK)
    );
    assert_eq!(w.balance(&alice), before + LOCK);
    assert_eq!(
        registry.release_lock(&mut w.chain, &alice, netuid).unwrap(),
        Err(RegistryError::LockReleased)
    );
    registry
        .set_market(&mut w.chain, &admin, Some(&market_address))
        .unwrap()
        .unwrap();
    assert_eq!(
        market.open_market(&mut w.chain, &owner, netuid).unwrap(),
        Err(MarketError::LockTooSmall)
    );
}

/// A limit past any price a pool can reach is no limit on a buy, and unreachable on a sale.
#[test]
fn a_limit_beyond_any_price_is_read_as_such() {
    let mut w = World::open();
    let alice = w.alice.clone();
    let bought = w.stake(&alice, 10 * TAO, Some(Balance::MAX)).unwrap();
    assert_eq!(
        w.unstake(&alice, bought, Some(Balance::MAX)),
        Err(MarketError::PriceLimitExceeded)
    );
    assert!(w.unstake(&alice, bought, Some(0)).is_ok());
}

/// A lock below the pool's minimum liquidity opens no market (and stays the registry's); a
/// pool opened at exactly the minimum can sell no alpha at all, so every stake is refused and
/// nothing moves.
#[test]
fn a_lock_below_the_pools_minimum_opens_nothing_and_a_pool_at_its_minimum_sells_nothing() {
    let mut chain = Chain::new();
    let [admin, faucet, owner, alice] =
        ["admin", "faucet", "owner", "alice"].map(|n| chain.account(n));
    let suite = Suite::deploy(&mut chain, &admin, Some(&faucet)).expect("suite deploys");
    for who in [&owner, &alice] {
        suite.fund(&mut chain, &faucet, who, 100 * TAO).unwrap();
    }
    let (registry, market) = (suite.registry(), suite.market());
    let create = |chain: &mut Chain, min_lock: Balance, hotkey: &str| {
        let config = NetworkConfig {
            min_lock,
            network_rate_limit: 0,
            ..NetworkConfig::default()
        };
        registry.set_config(chain, &admin, config).unwrap().unwrap();
        let hotkey = chain.account(hotkey);
        let netuid = registry
            .create_subnet(chain, &owner, &hotkey)
            .unwrap()
            .unwrap();
        (netuid, hotkey)
    };
    let (tiny, _) = create(&mut chain, MIN_LIQUIDITY / 2, "tiny-hk");
    let (floor, floor_hotkey) = create(&mut chain, MIN_LIQUIDITY, "floor-hk");
    assert_eq!(
        market.open_market(&mut chain, &owner, tiny).unwrap(),
        Err(MarketError::LockTooSmall)
    );
    let locked = registry.subnet(&mut chain, tiny).unwrap().unwrap().locked;
    assert_eq!(locked, MIN_LIQUIDITY / 2, "the lock stays the registry's");
    assert_eq!(
        market.open_market(&mut chain, &owner, floor).unwrap(),
        Ok(MIN_LIQUIDITY)
    );
    let before = suite.token().balance_of(&mut chain, &alice).unwrap();
    for tao in [MIN_MARKET_STAKE, 10 * TAO] {
        assert_eq!(
            market
                .add_stake(&mut chain, &alice, &floor_hotkey, floor, tao, None)
                .unwrap(),
            Err(MarketError::InsufficientLiquidity)
        );
    }
    assert_eq!(
        suite.token().balance_of(&mut chain, &alice).unwrap(),
        before
    );
    let state = market.market(&mut chain, floor).unwrap().unwrap();
    assert_eq!(
        (state.tao_reserve, state.alpha_reserve),
        (MIN_LIQUIDITY, MIN_LIQUIDITY)
    );
}
