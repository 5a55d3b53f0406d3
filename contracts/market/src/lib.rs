//! # Market
//!
//! Dynamic TAO's markets (subtensor-spec §4B): each subnet whose market is open has a
//! constant-product TAO/alpha pool, seeded with the subnet's lock, and every stake on it is
//! alpha bought from that pool into a hotkey's share pool. The rules are plain Rust in
//! `economics` (`subnet_market`, `pool`, `share_pool`, `alpha_stake`); this contract keeps
//! them in storage, holds the pools' TAO, and wires the calls into the registry (the lock),
//! staking (who owns a hotkey) and the token.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod stored;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::market::{MarketContract, MarketContractRef};

#[ink::contract]
mod market {
    use crate::stored::{market_error, StoredMarket, StoredShares};
    use economics::alpha_stake::{buy, sell};
    use economics::pool::{Swap, MIN_LIQUIDITY};
    use economics::subnet_market::SubnetMarket;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::market::{
        AlphaBought, AlphaSold, Market, MarketError, MarketOpened, MarketState, SwapQuote,
        MIN_MARKET_STAKE,
    };
    use interfaces::psp22::PSP22;
    use interfaces::registry::{RegistryError, SubnetRegistry};
    use interfaces::staking::Staking;
    use interfaces::NetUid;

    /// A stake position: (hotkey, subnet, coldkey).
    type PositionKey = (AccountId, NetUid, AccountId);

    #[ink(storage)]
    pub struct MarketContract {
        admin: AdminRole,
        token: AccountId,
        registry: AccountId,
        staking: AccountId,
        markets: Mapping<NetUid, StoredMarket>,
        /// Each hotkey's share pool on a subnet: its alpha and the shares of its stakers.
        hotkey_pools: Mapping<(AccountId, NetUid), StoredShares>,
        /// A coldkey's shares of a hotkey's pool on a subnet.
        positions: Mapping<PositionKey, u128>,
    }

    impl MarketContract {
        #[ink(constructor)]
        pub fn new(token: AccountId, registry: AccountId, staking: AccountId) -> Self {
            Self {
                admin: AdminRole::new(Self::env().caller()),
                token,
                registry,
                staking,
                markets: Mapping::default(),
                hotkey_pools: Mapping::default(),
                positions: Mapping::default(),
            }
        }

        fn now(&self) -> u64 {
            u64::from(self.env().block_number())
        }

        /// The subnet's market and the block it opened.
        fn open(&self, netuid: NetUid) -> Result<(SubnetMarket, BlockNumber), MarketError> {
            self.markets
                .get(netuid)
                .map(|stored| (SubnetMarket::from(stored), stored.opened_at))
                .ok_or(MarketError::NoMarket)
        }

        fn token_ref(&self) -> ink::contract_ref!(PSP22) {
            self.token.into()
        }

        fn registry_ref(&self) -> ink::contract_ref!(SubnetRegistry) {
            self.registry.into()
        }
    }

    /// A balance as the pools count it (every balance the 21M cap allows fits).
    fn rao(amount: Balance) -> Result<u64, MarketError> {
        u64::try_from(amount).map_err(|_| MarketError::Overflow)
    }

    /// A price limit as the pools count it: a limit past any u64 price is no limit on a buy
    /// and unreachable on a sale, as it would be in u128.
    fn limit(price: Option<Balance>) -> Option<u64> {
        price.map(|price| u64::try_from(price).unwrap_or(u64::MAX))
    }

    fn quote(swap: Swap) -> SwapQuote {
        SwapQuote {
            amount_in: Balance::from(swap.amount_in),
            fee: Balance::from(swap.fee),
            amount_out: Balance::from(swap.amount_out),
            price_after: Balance::from(swap.pool.price()),
        }
    }

    impl Market for MarketContract {
        #[ink(message)]
        fn open_market(&mut self, netuid: NetUid) -> Result<Balance, MarketError> {
            if self.markets.contains(netuid) {
                return Err(MarketError::MarketOpen);
            }
            let mut registry = self.registry_ref();
            let subnet = registry.subnet(netuid).ok_or(MarketError::UnknownSubnet)?;
            let caller = self.env().caller();
            if caller != subnet.owner && self.admin.ensure(caller).is_err() {
                return Err(MarketError::NotSubnetOwner);
            }
            if subnet.locked < Balance::from(MIN_LIQUIDITY) {
                return Err(MarketError::LockTooSmall);
            }
            let lock = registry.release_lock(netuid).map_err(|error| match error {
                RegistryError::LockReleased => MarketError::LockTooSmall,
                _ => MarketError::RegistryCallFailed,
            })?;
            let reserve = rao(lock)?;
            let opened_at = self.env().block_number();
            let market = SubnetMarket::open(reserve, reserve, self.now());
            self.markets
                .insert(netuid, &StoredMarket::new(market, opened_at));
            self.env().emit_event(MarketOpened {
                netuid,
                tao_reserve: lock,
                alpha_reserve: lock,
            });
            Ok(lock)
        }

        #[ink(message)]
        fn add_stake(
            &mut self,
            hotkey: AccountId,
            netuid: NetUid,
            tao: Balance,
            max_price: Option<Balance>,
        ) -> Result<Balance, MarketError> {
            if tao < MIN_MARKET_STAKE {
                return Err(MarketError::BelowMinimumStake);
            }
            let (mut market, opened_at) = self.open(netuid)?;
            let staking: ink::contract_ref!(Staking) = self.staking.into();
            if staking.owner_of(hotkey).is_none() {
                return Err(MarketError::UnknownHotkey);
            }
            let coldkey = self.env().caller();
            let mut pool = self
                .hotkey_pools
                .get((hotkey, netuid))
                .unwrap_or_default()
                .into();
            let staked = buy(
                &mut market,
                &mut pool,
                rao(tao)?,
                limit(max_price),
                self.now(),
            )
            .map_err(market_error)?;
            let position = (hotkey, netuid, coldkey);
            let held = self.positions.get(position).unwrap_or_default();
            let held = held
                .checked_add(staked.shares)
                .ok_or(MarketError::Overflow)?;
            self.positions.insert(position, &held);
            self.hotkey_pools
                .insert((hotkey, netuid), &StoredShares::from(pool));
            self.markets
                .insert(netuid, &StoredMarket::new(market, opened_at));
            // A refused transfer reverts the writes above with the whole call.
            let market_account = self.env().account_id();
            self.token_ref()
                .transfer_from(coldkey, market_account, tao, Vec::new())?;
            let alpha = Balance::from(staked.swap.amount_out);
            self.env().emit_event(AlphaBought {
                coldkey,
                hotkey,
                netuid,
                tao_in: tao,
                fee: Balance::from(staked.swap.fee),
                alpha_out: alpha,
                price_after: Balance::from(staked.swap.pool.price()),
            });
            Ok(alpha)
        }

        #[ink(message)]
        fn remove_stake(
            &mut self,
            hotkey: AccountId,
            netuid: NetUid,
            alpha: Balance,
            min_price: Option<Balance>,
        ) -> Result<Balance, MarketError> {
            if alpha == 0 {
                return Err(MarketError::BelowMinimumStake);
            }
            let (mut market, opened_at) = self.open(netuid)?;
            let coldkey = self.env().caller();
            let position = (hotkey, netuid, coldkey);
            let held = self.positions.get(position).unwrap_or_default();
            let mut pool = self
                .hotkey_pools
                .get((hotkey, netuid))
                .unwrap_or_default()
                .into();
            let sold = sell(
                &mut market,
                &mut pool,
                alpha,
                held,
                limit(min_price),
                self.now(),
            )
            .map_err(market_error)?;
            let left = held.saturating_sub(sold.shares);
            if left == 0 {
                self.positions.remove(position);
            } else {
                self.positions.insert(position, &left);
            }
            if pool.shares == 0 {
                self.hotkey_pools.remove((hotkey, netuid));
            } else {
                self.hotkey_pools
                    .insert((hotkey, netuid), &StoredShares::from(pool));
            }
            self.markets
                .insert(netuid, &StoredMarket::new(market, opened_at));
            let tao = Balance::from(sold.swap.amount_out);
            self.token_ref().transfer(coldkey, tao, Vec::new())?;
            self.env().emit_event(AlphaSold {
                coldkey,
                hotkey,
                netuid,
                alpha_in: Balance::from(sold.swap.amount_in),
                fee: Balance::from(sold.swap.fee),
                tao_out: tao,
                price_after: Balance::from(sold.swap.pool.price()),
            });
            Ok(tao)
        }

        #[ink(message)]
        fn market(&self, netuid: NetUid) -> Option<MarketState> {
            let stored = self.markets.get(netuid)?;
            let opened_at = stored.opened_at;
            let mut market = SubnetMarket::from(stored);
            market.settle(self.now());
            Some(MarketState {
                tao_reserve: Balance::from(market.pool.tao),
                alpha_reserve: Balance::from(market.pool.alpha),
                alpha_staked: Balance::from(market.alpha_out),
                price: Balance::from(market.pool.price()),
                moving_price: Balance::from(market.moving_price),
                opened_at,
            })
        }

        #[ink(message)]
        fn quote_stake(&self, netuid: NetUid, tao: Balance) -> Result<SwapQuote, MarketError> {
            let (market, _) = self.open(netuid)?;
            let swap = market
                .pool
                .buy_alpha(rao(tao)?, None)
                .map_err(|error| market_error(error.into()))?;
            Ok(quote(swap))
        }

        #[ink(message)]
        fn quote_unstake(&self, netuid: NetUid, alpha: Balance) -> Result<SwapQuote, MarketError> {
            let (market, _) = self.open(netuid)?;
            let swap = market
                .pool
                .sell_alpha(rao(alpha)?, None)
                .map_err(|error| market_error(error.into()))?;
            Ok(quote(swap))
        }

        #[ink(message)]
        fn alpha_of(&self, hotkey: AccountId, netuid: NetUid, coldkey: AccountId) -> Balance {
            let shares = self
                .positions
                .get((hotkey, netuid, coldkey))
                .unwrap_or_default();
            economics::share_pool::SharePool::from(
                self.hotkey_pools.get((hotkey, netuid)).unwrap_or_default(),
            )
            .value_of(shares)
        }

        #[ink(message)]
        fn total_alpha_of(&self, hotkey: AccountId, netuid: NetUid) -> Balance {
            self.hotkey_pools
                .get((hotkey, netuid))
                .unwrap_or_default()
                .value
        }
    }

    impl Admin for MarketContract {
        #[ink(message)]
        fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), AdminError> {
            let event = self.admin.transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn set_code(&mut self, code_hash: Hash) -> Result<(), AdminError> {
            let event = self.admin.set_code(self.env().caller(), code_hash)?;
            self.env().emit_event(event);
            Ok(())
        }
    }
}
