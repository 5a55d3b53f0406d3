//! # Market
//!
//! Dynamic TAO's markets (subtensor-spec §4B): each subnet whose market is open has a
//! constant-product TAO/alpha pool, seeded with the subnet's lock, and every stake on it is
//! alpha bought from that pool into a hotkey's share pool. The rules are plain Rust in
//! `economics` (`subnet_market`, `pool`, `share_pool`, `alpha_stake`); this contract keeps
//! them in storage, holds the pools' TAO, and wires the calls into the registry (the lock),
//! staking (who owns a hotkey, and root dividends to TAO stakers) and the token.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod stored;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::market::{MarketContract, MarketContractRef};

#[ink::contract]
mod market {
    use crate::stored::{market_error, StoredMarket, StoredShares};
    use economics::accrual::owner_cut;
    use economics::alpha_stake::{buy, sell};
    use economics::pool::{Swap, MIN_LIQUIDITY};
    use economics::reward::split_reward;
    use economics::root_dividends::{pro_rata, root_part, weighted_tao};
    use economics::share_pool::SharePool;
    use economics::subnet_market::SubnetMarket;
    use history::Checkpoints;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::ledger::{EpochLedger, LedgerError};
    use interfaces::market::{
        AlphaBought, AlphaFunding, AlphaPositionMoved, AlphaRewarded, AlphaSold, Market,
        MarketError, MarketFunded, MarketOpened, MarketRolesChanged, MarketState,
        RootDividendsPaid, RootSaleThresholdChanged, SwapQuote, TaoWeightChanged,
        DEFAULT_ROOT_SALE_THRESHOLD, DEFAULT_TAO_WEIGHT, MIN_MARKET_STAKE,
    };
    use interfaces::psp22::PSP22;
    use interfaces::registry::{RegistryError, SubnetRegistry};
    use interfaces::staking::{HotkeyCredit, HotkeyRecord, Reward, Staking};
    use interfaces::{NetUid, U16Proportion};

    /// A stake position: (the hotkey's stable key, subnet, coldkey). Staking's key for a
    /// hotkey stays the same through hotkey swaps, so a swapped hotkey keeps its alpha, its
    /// nominators and its history.
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
        /// Each hotkey's alpha on each subnet over time (its tail is in its pool's record).
        history: Checkpoints<(AccountId, NetUid)>,
        /// The only caller of `fund_epoch`.
        emission: Option<AccountId>,
        /// The only caller of `credit_epoch_rewards`.
        epoch: Option<AccountId>,
        tao_weight: U16Proportion,
        /// Every market's moving price as it last brought it up to date, added up.
        moving_price_sum: u128,
        /// Root dividends are sold while `moving_price_sum` is above this.
        root_sale_threshold: Balance,
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
                history: Checkpoints::default(),
                emission: None,
                epoch: None,
                tao_weight: DEFAULT_TAO_WEIGHT,
                moving_price_sum: 0,
                root_sale_threshold: DEFAULT_ROOT_SALE_THRESHOLD,
            }
        }

        fn now(&self) -> u64 {
            u64::from(self.env().block_number())
        }

        /// The subnet's market and its record.
        fn open(&self, netuid: NetUid) -> Result<(SubnetMarket, StoredMarket), MarketError> {
            self.markets
                .get(netuid)
                .map(|stored| (stored.market(), stored))
                .ok_or(MarketError::NoMarket)
        }

        /// Stores a subnet's market record, whose moving price was `was`, keeping the sum of
        /// the markets' moving prices.
        fn put_market(&mut self, netuid: NetUid, was: u64, record: &StoredMarket) {
            self.moving_price_sum = self
                .moving_price_sum
                .saturating_sub(u128::from(was))
                .saturating_add(u128::from(record.moving_price));
            self.markets.insert(netuid, record);
        }

        fn hotkey_pool(&self, hotkey: AccountId, netuid: NetUid) -> StoredShares {
            self.hotkey_pools.get((hotkey, netuid)).unwrap_or_default()
        }

        /// Writes a hotkey's pool on a subnet and checkpoints its alpha. An emptied pool keeps
        /// its record: its history still answers for the blocks it held alpha.
        fn store_hotkey_pool(
            &mut self,
            hotkey: AccountId,
            netuid: NetUid,
            mut stored: StoredShares,
            pool: SharePool,
        ) {
            stored.value = pool.value;
            stored.shares = pool.shares;
            self.history.record_at_tail(
                (hotkey, netuid),
                &mut stored.checkpoints,
                self.env().block_number(),
                pool.value,
            );
            self.hotkey_pools.insert((hotkey, netuid), &stored);
        }

        /// Adds `shares` of `hotkey`'s pool on `netuid` to `coldkey`'s position.
        fn add_to_position(
            &mut self,
            position: PositionKey,
            shares: u128,
        ) -> Result<(), MarketError> {
            let held = self.positions.get(position).unwrap_or_default();
            let held = held.checked_add(shares).ok_or(MarketError::Overflow)?;
            self.positions.insert(position, &held);
            Ok(())
        }

        fn ensure_role(&self, role: Option<AccountId>) -> Result<(), MarketError> {
            if role != Some(self.env().caller()) {
                return Err(MarketError::Unauthorized);
            }
            Ok(())
        }

        fn staking_ref(&self) -> ink::contract_ref!(Staking) {
            self.staking.into()
        }

        /// The stable key of a hotkey's current name (`None`: nobody owns it, or it was
        /// swapped out).
        fn key_of(&self, hotkey: AccountId) -> Option<AccountId> {
            self.staking_ref()
                .hotkey_records([hotkey].into(), false, None)
                .ok()?
                .pop()
                .flatten()
                .map(|record| record.key)
        }

        fn token_ref(&self) -> ink::contract_ref!(PSP22) {
            self.token.into()
        }

        /// The alpha `key`'s pool on `netuid` held at the end of `block`.
        fn alpha_at(
            &self,
            key: AccountId,
            netuid: NetUid,
            block: BlockNumber,
        ) -> Result<Balance, LedgerError> {
            self.alpha_in(key, netuid, &self.hotkey_pool(key, netuid), block)
        }

        /// `alpha_at` for a pool already read.
        fn alpha_in(
            &self,
            key: AccountId,
            netuid: NetUid,
            pool: &StoredShares,
            block: BlockNumber,
        ) -> Result<Balance, LedgerError> {
            self.history
                .at_tail(
                    (key, netuid),
                    &pool.checkpoints,
                    block,
                    self.env().block_number(),
                )
                .map_err(|_| LedgerError::BlockNotYetMined)
        }

        /// The root part of `reward`'s dividend: what its validator's TAO stake weighed in the
        /// epoch's stake, of its dividend (both stakes as of `block`, as the epoch read them:
        /// the record carries the TAO stake, `pool` the alpha's history).
        fn root_part_of(
            &self,
            netuid: NetUid,
            reward: &Reward,
            record: &HotkeyRecord,
            pool: &StoredShares,
            block: BlockNumber,
            tao_weight: U16Proportion,
        ) -> Result<u128, LedgerError> {
            let weighted = weighted_tao(record.stake, tao_weight);
            // Without a dividend or TAO stake there is no root part, and no history to read.
            if reward.dividend == 0 || weighted == 0 {
                return Ok(0);
            }
            let alpha = self.alpha_in(record.key, netuid, pool, block)?;
            Ok(root_part(reward.dividend, alpha, weighted))
        }

        /// Pays the TAO `sale` fetched for a page's root alpha to its validators' TAO stakers,
        /// each hotkey its part (`parts`) of it, through staking's take and pools.
        fn pay_root_dividends(
            &mut self,
            netuid: NetUid,
            hotkeys: Vec<AccountId>,
            parts: &[u128],
            sale: Swap,
        ) -> Result<(), LedgerError> {
            let paid = Balance::from(sale.amount_out);
            let rewards = hotkeys
                .into_iter()
                .zip(pro_rata(paid, parts))
                .filter(|(_, tao)| *tao > 0)
                .map(|(hotkey, dividend)| Reward {
                    hotkey,
                    incentive: 0,
                    dividend,
                })
                .collect();
            self.token_ref()
                .transfer(self.staking, paid, Vec::new())
                .map_err(|_| LedgerError::TokenCallFailed)?;
            let mut staking: ink::contract_ref!(EpochLedger) = self.staking.into();
            staking
                .credit_epoch_rewards(netuid, rewards)
                .map_err(|_| LedgerError::StakingCallFailed)?;
            self.env().emit_event(RootDividendsPaid {
                netuid,
                alpha_sold: Balance::from(sale.amount_in),
                fee: Balance::from(sale.fee),
                tao_paid: paid,
                price_after: Balance::from(sale.pool.price()),
            });
            Ok(())
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
            let record = StoredMarket::opened(market, opened_at, self.tao_weight);
            self.put_market(netuid, 0, &record);
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
            let (mut market, record) = self.open(netuid)?;
            let key = self.key_of(hotkey).ok_or(MarketError::UnknownHotkey)?;
            let coldkey = self.env().caller();
            let stored = self.hotkey_pool(key, netuid);
            let mut pool = stored.pool();
            let staked = buy(
                &mut market,
                &mut pool,
                rao(tao)?,
                limit(max_price),
                self.now(),
            )
            .map_err(market_error)?;
            self.add_to_position((key, netuid, coldkey), staked.shares)?;
            self.store_hotkey_pool(key, netuid, stored, pool);
            self.put_market(netuid, record.moving_price, &record.with(market));
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
            let (mut market, record) = self.open(netuid)?;
            let key = self.key_of(hotkey).ok_or(MarketError::UnknownHotkey)?;
            let coldkey = self.env().caller();
            if self.registry_ref().swapped_to(coldkey).is_some() {
                return Err(MarketError::ColdkeySwapped);
            }
            let position = (key, netuid, coldkey);
            let held = self.positions.get(position).unwrap_or_default();
            let stored = self.hotkey_pool(key, netuid);
            let mut pool = stored.pool();
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
            self.store_hotkey_pool(key, netuid, stored, pool);
            self.put_market(netuid, record.moving_price, &record.with(market));
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
            let mut market = stored.market();
            market.settle(self.now());
            Some(MarketState {
                tao_reserve: Balance::from(market.pool.tao),
                alpha_reserve: Balance::from(market.pool.alpha),
                alpha_staked: Balance::from(market.alpha_out),
                price: Balance::from(market.pool.price()),
                moving_price: Balance::from(market.moving_price),
                opened_at,
                tao_emitted: Balance::from(stored.tao_emitted),
                alpha_emitted: Balance::from(stored.alpha_emitted),
                root_alpha_sold: Balance::from(stored.root_alpha_sold),
                root_tao_paid: Balance::from(stored.root_tao_paid),
                root_alpha_recycled: Balance::from(stored.root_alpha_recycled),
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
            let Some(key) = self.key_of(hotkey) else {
                return 0;
            };
            let shares = self
                .positions
                .get((key, netuid, coldkey))
                .unwrap_or_default();
            self.hotkey_pool(key, netuid).pool().value_of(shares)
        }

        #[ink(message)]
        fn total_alpha_of(&self, hotkey: AccountId, netuid: NetUid) -> Balance {
            self.key_of(hotkey)
                .map_or(0, |key| self.hotkey_pool(key, netuid).value)
        }

        #[ink(message)]
        fn move_swapped_alpha(
            &mut self,
            old: AccountId,
            hotkey: AccountId,
            netuid: NetUid,
        ) -> Result<Balance, MarketError> {
            let new = self
                .registry_ref()
                .swapped_to(old)
                .ok_or(MarketError::NotSwapped)?;
            let key = self.key_of(hotkey).ok_or(MarketError::UnknownHotkey)?;
            let shares = self
                .positions
                .take((key, netuid, old))
                .filter(|shares| *shares > 0)
                .ok_or(MarketError::NothingToMove)?;
            self.add_to_position((key, netuid, new), shares)?;
            let alpha = self.hotkey_pool(key, netuid).pool().value_of(shares);
            self.env().emit_event(AlphaPositionMoved {
                old,
                new,
                hotkey,
                netuid,
                alpha,
            });
            Ok(alpha)
        }

        #[ink(message)]
        fn moving_prices(&self, netuids: Vec<NetUid>) -> Vec<Balance> {
            let now = self.now();
            netuids
                .into_iter()
                .map(|netuid| {
                    self.markets.get(netuid).map_or(0, |stored| {
                        let mut market = stored.market();
                        market.settle(now);
                        Balance::from(market.moving_price)
                    })
                })
                .collect()
        }

        #[ink(message)]
        fn fund_epoch(
            &mut self,
            netuid: NetUid,
            tao: Balance,
            cut: U16Proportion,
        ) -> Result<AlphaFunding, MarketError> {
            // A subnet without a market is answered first: its epochs never depend on the
            // market's roles.
            let (mut market, record) = self.open(netuid)?;
            self.ensure_role(self.emission)?;
            let subnet = self
                .registry_ref()
                .subnet(netuid)
                .ok_or(MarketError::UnknownSubnet)?;
            let now = self.env().block_number();
            let alpha_emission =
                market.alpha_emission(u64::from(now.saturating_sub(record.funded_at)));
            let injection = market.inject(rao(tao)?, alpha_emission, self.now());
            let (owner_alpha, to_yuma) = owner_cut(alpha_emission, cut);
            if owner_alpha > 0 {
                let key = self
                    .key_of(subnet.owner_hotkey)
                    .ok_or(MarketError::UnknownHotkey)?;
                let stored = self.hotkey_pool(key, netuid);
                let mut pool = stored.pool();
                let shares = pool
                    .deposit(Balance::from(owner_alpha))
                    .map_err(|_| MarketError::Overflow)?;
                self.add_to_position((key, netuid, subnet.owner), shares)?;
                self.store_hotkey_pool(key, netuid, stored, pool);
                market.emit_to_stakers(owner_alpha);
            }
            let was = record.moving_price;
            let record = StoredMarket {
                funded_at: now,
                reserved: to_yuma,
                epoch_tao_weight: self.tao_weight,
                tao_emitted: record.tao_emitted.saturating_add(injection.tao_in),
                alpha_emitted: record
                    .alpha_emitted
                    .saturating_add(injection.alpha_in)
                    .saturating_add(owner_alpha),
                ..record.with(market)
            };
            self.put_market(netuid, was, &record);
            let funding = AlphaFunding {
                tao_in: Balance::from(injection.tao_in),
                tao_left: Balance::from(injection.excess_tao),
                alpha_in: Balance::from(injection.alpha_in),
                alpha_emission: Balance::from(alpha_emission),
                owner_alpha: Balance::from(owner_alpha),
                to_yuma: Balance::from(to_yuma),
            };
            self.env().emit_event(MarketFunded { netuid, funding });
            Ok(funding)
        }

        #[ink(message)]
        fn roles(&self) -> (Option<AccountId>, Option<AccountId>) {
            (self.emission, self.epoch)
        }

        #[ink(message)]
        fn set_roles(
            &mut self,
            emission: Option<AccountId>,
            epoch: Option<AccountId>,
        ) -> Result<(), MarketError> {
            self.admin.ensure(self.env().caller())?;
            self.emission = emission;
            self.epoch = epoch;
            self.env()
                .emit_event(MarketRolesChanged { emission, epoch });
            Ok(())
        }

        #[ink(message)]
        fn tao_weight(&self) -> U16Proportion {
            self.tao_weight
        }

        #[ink(message)]
        fn set_tao_weight(&mut self, weight: U16Proportion) -> Result<(), MarketError> {
            self.admin.ensure(self.env().caller())?;
            self.tao_weight = weight;
            self.env().emit_event(TaoWeightChanged { weight });
            Ok(())
        }

        #[ink(message)]
        fn root_sale_terms(&self) -> (Balance, Balance) {
            (self.moving_price_sum, self.root_sale_threshold)
        }

        #[ink(message)]
        fn set_root_sale_threshold(&mut self, threshold: Balance) -> Result<(), MarketError> {
            self.admin.ensure(self.env().caller())?;
            self.root_sale_threshold = threshold;
            self.env()
                .emit_event(RootSaleThresholdChanged { threshold });
            Ok(())
        }
    }

    impl EpochLedger for MarketContract {
        /// A subnet with a market is staked in alpha: a hotkey weighs its alpha on the subnet
        /// plus `tao_weight` of its TAO stake (subtensor's epoch stake), the weight its running
        /// epoch was funded under.
        #[ink(message)]
        fn epoch_stakes(
            &self,
            netuid: NetUid,
            hotkeys: Vec<AccountId>,
            block: BlockNumber,
        ) -> Result<Vec<Balance>, LedgerError> {
            let tao_weight = self
                .markets
                .get(netuid)
                .ok_or(LedgerError::NoMarket)?
                .epoch_tao_weight;
            let records = self
                .staking_ref()
                .hotkey_records(hotkeys, false, Some(block))
                .map_err(LedgerError::from)?;
            records
                .into_iter()
                .map(|record| match record {
                    None => Ok(0),
                    Some(record) => Ok(self
                        .alpha_at(record.key, netuid, block)?
                        .saturating_add(weighted_tao(record.stake, tao_weight))),
                })
                .collect()
        }

        #[ink(message)]
        fn credit_epoch_rewards(
            &mut self,
            netuid: NetUid,
            rewards: Vec<Reward>,
        ) -> Result<(), LedgerError> {
            if self.epoch != Some(self.env().caller()) {
                return Err(LedgerError::Unauthorized);
            }
            let (mut market, record) = self.open(netuid).map_err(|_| LedgerError::NoMarket)?;
            let total = rewards
                .iter()
                .try_fold(0u128, |sum, r| {
                    sum.checked_add(r.incentive)?.checked_add(r.dividend)
                })
                .ok_or(LedgerError::Overflow)?;
            let reserved = u128::from(record.reserved)
                .checked_sub(total)
                .ok_or(LedgerError::RewardsExceedFunding)?;
            let hotkeys: Vec<AccountId> = rewards.iter().map(|r| r.hotkey).collect();
            // The epoch read its stakes as of the block before it was funded.
            let stake_block = record.funded_at.saturating_sub(1);
            let records = self
                .staking_ref()
                .hotkey_records(hotkeys.clone(), true, Some(stake_block))
                .map_err(LedgerError::from)?;
            let tao_weight = record.epoch_tao_weight;
            let mut root = Vec::with_capacity(rewards.len());
            let mut credits = Vec::with_capacity(rewards.len());
            for (reward, record) in rewards.into_iter().zip(records) {
                let record = record.ok_or(LedgerError::UnknownHotkey)?;
                let stored = self.hotkey_pool(record.key, netuid);
                let part =
                    self.root_part_of(netuid, &reward, &record, &stored, stake_block, tao_weight)?;
                root.push(part);
                let mut pool = stored.pool();
                let (to_owner, to_nominators) = split_reward(
                    reward.incentive,
                    reward.dividend.saturating_sub(part),
                    record.take,
                    pool.shares > 0,
                );
                if to_owner == 0 && to_nominators == 0 {
                    continue;
                }
                pool.add_value(to_nominators)
                    .map_err(|_| LedgerError::Overflow)?;
                if to_owner > 0 {
                    let shares = pool.deposit(to_owner).map_err(|_| LedgerError::Overflow)?;
                    self.add_to_position((record.key, netuid, record.owner), shares)
                        .map_err(|_| LedgerError::Overflow)?;
                }
                self.store_hotkey_pool(record.key, netuid, stored, pool);
                credits.push(HotkeyCredit {
                    hotkey: reward.hotkey,
                    to_owner,
                    to_nominators,
                });
            }
            let root_alpha = root
                .iter()
                .try_fold(0u64, |sum, part| {
                    sum.checked_add(u64::try_from(*part).ok()?)
                })
                .ok_or(LedgerError::Overflow)?;
            // Sold only while the markets' prices add up to more than the threshold; root
            // alpha not sold (also too little to fetch a rao, or more than the pool takes) is
            // recycled: never minted.
            let sale = Some(root_alpha)
                .filter(|alpha| *alpha > 0 && self.moving_price_sum > self.root_sale_threshold)
                .and_then(|alpha| market.sell_emitted(alpha, self.now()).ok());
            let (fetched, recycled) = sale.map_or((0, root_alpha), |sale| (sale.amount_out, 0));
            let sold = root_alpha.saturating_sub(recycled);
            let total = u64::try_from(total).map_err(|_| LedgerError::Overflow)?;
            market.emit_to_stakers(total.saturating_sub(root_alpha));
            let was = record.moving_price;
            let record = StoredMarket {
                reserved: u64::try_from(reserved).unwrap_or(u64::MAX),
                alpha_emitted: record
                    .alpha_emitted
                    .saturating_add(total.saturating_sub(recycled)),
                root_alpha_sold: record.root_alpha_sold.saturating_add(sold),
                root_tao_paid: record.root_tao_paid.saturating_add(fetched),
                root_alpha_recycled: record.root_alpha_recycled.saturating_add(recycled),
                ..record.with(market)
            };
            self.put_market(netuid, was, &record);
            self.env().emit_event(AlphaRewarded { netuid, credits });
            if let Some(sale) = sale {
                self.pay_root_dividends(netuid, hotkeys, &root, sale)?;
            }
            Ok(())
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
