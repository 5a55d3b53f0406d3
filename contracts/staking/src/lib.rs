//! # Staking
//!
//! Stake and delegation, pre-dTAO (subtensor-spec §4.0, §4A) with the share pool of §4B.4:
//! stake is TAO, held by this contract; each hotkey has a pool whose shares its nominators hold,
//! so a dividend reaches every nominator by raising the pool's value, in O(1). Hotkey ownership
//! is claimed through the registry; rewards are credited by the emission role (the epoch
//! contract) and root dividends by the market role only, and only when the TAO backing them
//! has already been paid to this contract.
//!
//! Voting power is the TAO value of an account's positions as of each position's last change
//! (stake, unstake, reward to its owner, or `sync_votes`), checkpointed per block. Dividends
//! shared through a pool count for a nominator once its position is touched or synced.
//!
//! Each hotkey's total stake is checkpointed the same way, so that an epoch and the root
//! network read stake as of a past block (`total_stakes_at`) and a flash stake counts nowhere.
//!
//! Everything keyed by a hotkey is stored under the key it was first claimed as, so that a
//! hotkey swap renames it in O(1) (`names`); a coldkey swap moves a coldkey's positions and
//! hotkeys a page at a time. Both are driven by the registry.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod checkpoints;
mod names;
mod pool;
mod take;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::staking::{StakingContract, StakingContractRef};

#[ink::contract]
mod staking {
    use crate::checkpoints::{not_yet_mined, Checkpoints, Holder};
    use crate::names::{Name, Resolved};
    use crate::pool::{Pool, Position};
    use crate::take::{check_take_change, DEFAULT_TAKE};
    use economics::reward::split_reward;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::ledger::{EpochLedger, LedgerError};
    use interfaces::psp22::PSP22;
    use interfaces::staking::{
        ColdkeyHoldingsMoved, DelegateChanged, HotkeyClaimed, HotkeyCredit, HotkeyRecord,
        HotkeySwapped, PositionInfo, Reward, RewardsCredited, StakeAdded, StakeMoved, StakeRemoved,
        StakeTransferred, Staking, StakingConfig, StakingConfigChanged, StakingError,
        StakingRolesChanged, TakeChanged, VotesChanged, POSITIONS_PAGE,
    };
    use interfaces::{NetUid, U16Proportion};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct TakeState {
        take: U16Proportion,
        last_change: BlockNumber,
    }

    #[ink(storage)]
    pub struct StakingContract {
        admin: AdminRole,
        token: AccountId,
        registry: Option<AccountId>,
        emission: Option<AccountId>,
        /// Pays dynamic subnets' root dividends to TAO stakers.
        market: Option<AccountId>,
        config: StakingConfig,
        pools: Mapping<AccountId, Pool>,
        /// Every position but the owner's of its hotkey, which is kept in the pool.
        positions: Mapping<(AccountId, AccountId), Position>,
        /// Every coldkey's open positions by slot (the hotkeys, in no particular order) and
        /// how many there are: what `positions_of` pages through.
        held: Mapping<(AccountId, u32), AccountId>,
        held_count: Mapping<AccountId, u32>,
        nominators: Mapping<AccountId, u32>,
        takes: Mapping<AccountId, TakeState>,
        /// Σ of every pool's value.
        total_stake: Balance,
        /// Rounding dust left by pools whose last share was withdrawn.
        undistributed: Balance,
        /// Voting power held per account (its own unless lent, plus what others lent it) and
        /// in total, and every hotkey's total stake.
        history: Checkpoints,
        /// Each account's own voting power: the value of its positions as last recorded.
        own_votes: Mapping<AccountId, Balance>,
        /// Who holds an account's voting power, when it is lent (absent: the account itself).
        delegates: Mapping<AccountId, AccountId>,
        /// Every storage item above that is keyed by a hotkey is keyed by its stable key; a
        /// swap gives the key a new name (see `names`), recorded here where it differs.
        current_names: Mapping<AccountId, AccountId>,
        /// Every coldkey's hotkeys (their keys) by slot, and how many: what a coldkey swap
        /// moves.
        owned: Mapping<(AccountId, u32), AccountId>,
        owned_count: Mapping<AccountId, u32>,
    }

    impl StakingContract {
        /// Staking over `token`, administered by the deployer; the registry, emission and
        /// market roles are set with `set_roles` once those contracts exist.
        #[ink(constructor)]
        pub fn new(token: AccountId) -> Self {
            Self {
                admin: AdminRole::new(Self::env().caller()),
                token,
                registry: None,
                emission: None,
                market: None,
                config: StakingConfig::default(),
                pools: Mapping::default(),
                positions: Mapping::default(),
                held: Mapping::default(),
                held_count: Mapping::default(),
                nominators: Mapping::default(),
                takes: Mapping::default(),
                total_stake: 0,
                undistributed: 0,
                history: Checkpoints::default(),
                own_votes: Mapping::default(),
                delegates: Mapping::default(),
                current_names: Mapping::default(),
                owned: Mapping::default(),
                owned_count: Mapping::default(),
            }
        }

        #[ink(message)]
        pub fn token(&self) -> AccountId {
            self.token
        }

        #[ink(message)]
        pub fn config(&self) -> StakingConfig {
            self.config
        }

        /// (registry, emission, market): the contracts allowed to claim hotkeys, to credit
        /// epoch rewards, and to credit root dividends.
        #[ink(message)]
        pub fn roles(&self) -> (Option<AccountId>, Option<AccountId>, Option<AccountId>) {
            (self.registry, self.emission, self.market)
        }

        /// TAO held beyond the pools: rounding dust of emptied pools.
        #[ink(message)]
        pub fn undistributed(&self) -> Balance {
            self.undistributed
        }

        /// The number of coldkeys with stake on `hotkey`.
        #[ink(message)]
        pub fn nominator_count(&self, hotkey: AccountId) -> u32 {
            self.key_of(hotkey).map_or(0, |key| self.nominators_of(key))
        }

        /// How many positions `coldkey` holds (hotkeys with stake of its own on them).
        #[ink(message)]
        pub fn position_count(&self, coldkey: AccountId) -> u32 {
            self.held_count.get(coldkey).unwrap_or(0)
        }

        /// `coldkey`'s positions from slot `start`, at most `count` (and `POSITIONS_PAGE`) of
        /// them: each hotkey with the position's value and shares, whether or not the hotkey
        /// is still registered anywhere.
        #[ink(message)]
        pub fn positions_of(
            &self,
            coldkey: AccountId,
            start: u32,
            count: u32,
        ) -> Vec<PositionInfo> {
            let end = start
                .saturating_add(count.min(POSITIONS_PAGE))
                .min(self.position_count(coldkey));
            (start..end)
                .filter_map(|slot| self.held.get((coldkey, slot)))
                .map(|key| {
                    let (pool, shares) = self.pool_and_shares(key, coldkey);
                    PositionInfo {
                        hotkey: self.name_of(key),
                        stake: pool.value_of(shares),
                        shares,
                    }
                })
                .collect()
        }

        /// Moves `amount` of the caller's stake from `from_hotkey` to `to_hotkey` in one step:
        /// no TAO leaves staking, the minimums apply to both ends (a nominator left below its
        /// minimum on `from_hotkey` moves all of it), voting power stays the caller's.
        ///
        /// # Events
        /// `StakeMoved`, `VotesChanged` (when rounding moved the power).
        /// # Errors
        /// `SameHotkey`, `ZeroAmount`, `InsufficientStake`, `UnknownHotkey`,
        /// `BelowMinimumStake`, `StakeLostToRounding`, `Overflow`.
        #[ink(message)]
        pub fn move_stake(
            &mut self,
            from_hotkey: AccountId,
            to_hotkey: AccountId,
            amount: Balance,
        ) -> Result<(), StakingError> {
            let (from, to) = (self.key(from_hotkey)?, self.key(to_hotkey)?);
            if from == to {
                return Err(StakingError::SameHotkey);
            }
            let coldkey = self.env().caller();
            let (amount, _, out) = self.withdraw(from, coldkey, amount)?;
            let (_, into) = self.deposit(to, coldkey, amount)?;
            self.record_votes(coldkey, out.and(into));
            self.env().emit_event(StakeMoved {
                coldkey,
                from_hotkey,
                to_hotkey,
                amount,
            });
            Ok(())
        }

        /// Hands `amount` of the caller's stake on `hotkey` to `to_coldkey`, in one step: no
        /// TAO leaves staking, the minimums apply to both positions, the voting power goes
        /// with it.
        ///
        /// # Events
        /// `StakeTransferred`, `VotesChanged` for both coldkeys.
        /// # Errors
        /// `SameColdkey`, `ZeroAmount`, `InsufficientStake`, `UnknownHotkey`,
        /// `BelowMinimumStake`, `StakeLostToRounding`, `Overflow`.
        #[ink(message)]
        pub fn transfer_stake(
            &mut self,
            hotkey: AccountId,
            to_coldkey: AccountId,
            amount: Balance,
        ) -> Result<(), StakingError> {
            let from_coldkey = self.env().caller();
            if from_coldkey == to_coldkey {
                return Err(StakingError::SameColdkey);
            }
            let key = self.key(hotkey)?;
            let (amount, _, out) = self.withdraw(key, from_coldkey, amount)?;
            let (_, into) = self.deposit(key, to_coldkey, amount)?;
            self.record_votes(from_coldkey, out);
            self.record_votes(to_coldkey, into);
            self.env().emit_event(StakeTransferred {
                hotkey,
                from_coldkey,
                to_coldkey,
                amount,
            });
            Ok(())
        }

        /// Unstakes the caller's whole position on `hotkey` and pays it back; returns the
        /// amount.
        ///
        /// # Events
        /// `StakeRemoved`, `VotesChanged`.
        /// # Errors
        /// `InsufficientStake` when there is no position.
        #[ink(message)]
        pub fn unstake_all(&mut self, hotkey: AccountId) -> Result<Balance, StakingError> {
            let held = self.stake_of(hotkey, self.env().caller());
            if held == 0 {
                return Err(StakingError::InsufficientStake);
            }
            self.remove_stake(hotkey, held)?;
            Ok(held)
        }

        /// Who holds `account`'s voting power: the account itself unless it lent it.
        #[ink(message)]
        pub fn delegate_of(&self, account: AccountId) -> AccountId {
            self.delegates.get(account).unwrap_or(account)
        }

        /// `account`'s own voting power, wherever it is lent.
        #[ink(message)]
        pub fn own_votes(&self, account: AccountId) -> Balance {
            self.own_votes.get(account).unwrap_or(0)
        }

        /// Lends the caller's voting power to `delegate` — or takes it back, with the caller
        /// itself as `delegate`. From the next block, governance counts it as `delegate`'s:
        /// at a proposal's snapshot, the power is whoever held it then. Power lent is not
        /// lent on (`delegate`'s own delegation moves only its own power), and the stake stays
        /// where it is.
        ///
        /// # Events
        /// `DelegateChanged`, `VotesChanged` for both holders.
        #[ink(message)]
        pub fn delegate(&mut self, delegate: AccountId) -> Result<(), StakingError> {
            let account = self.env().caller();
            let previous = self.delegate_of(account);
            if previous == delegate {
                return Ok(());
            }
            let own = self.own_votes(account);
            self.move_held(previous, VotesMoved { from: own, to: 0 });
            self.move_held(delegate, VotesMoved { from: 0, to: own });
            if delegate == account {
                self.delegates.remove(account);
            } else {
                self.delegates.insert(account, &delegate);
            }
            self.env().emit_event(DelegateChanged {
                account,
                previous,
                delegate,
            });
            Ok(())
        }

        /// Admin only: sets the registry, emission and market roles.
        #[ink(message)]
        pub fn set_roles(
            &mut self,
            registry: Option<AccountId>,
            emission: Option<AccountId>,
            market: Option<AccountId>,
        ) -> Result<(), StakingError> {
            self.admin.ensure(self.env().caller())?;
            self.registry = registry;
            self.emission = emission;
            self.market = market;
            self.env().emit_event(StakingRolesChanged {
                registry,
                emission,
                market,
            });
            Ok(())
        }

        /// Admin only: the minimum stake, the nominator minimum and the take rate limit.
        #[ink(message)]
        pub fn set_config(&mut self, config: StakingConfig) -> Result<(), StakingError> {
            self.admin.ensure(self.env().caller())?;
            if !config.is_valid() {
                return Err(StakingError::ConfigOutOfRange);
            }
            self.config = config;
            self.env().emit_event(StakingConfigChanged {
                min_stake: config.min_stake,
                nominator_min_stake: config.nominator_min_stake,
                take_rate_limit: config.take_rate_limit,
            });
            Ok(())
        }

        fn ensure_role(&self, role: Option<AccountId>) -> Result<(), StakingError> {
            if role == Some(self.env().caller()) {
                Ok(())
            } else {
                Err(StakingError::Unauthorized)
            }
        }

        /// The key `hotkey` names now (see `names`): what the hotkey's records are under.
        fn key(&self, hotkey: AccountId) -> Result<AccountId, StakingError> {
            self.key_of(hotkey).ok_or(StakingError::UnknownHotkey)
        }

        /// The key `hotkey` names now; `None` for a retired name.
        fn key_of(&self, hotkey: AccountId) -> Option<AccountId> {
            match self
                .pools
                .get(hotkey)
                .map_or(Resolved::Own, |p| p.name.resolve())
            {
                Resolved::Own => Some(hotkey),
                Resolved::Key(key) => Some(key),
                Resolved::Retired => None,
            }
        }

        /// The current name of `key`.
        fn name_of(&self, key: AccountId) -> AccountId {
            self.current_names.get(key).unwrap_or(key)
        }

        /// The total stake of `key`'s pool at the end of `block` (as of `now`).
        fn stake_at(
            &self,
            key: AccountId,
            pool: &Pool,
            block: BlockNumber,
            now: BlockNumber,
        ) -> Result<Balance, StakingError> {
            self.history
                .at_tail(Holder::Hotkey(key), &pool.checkpoints, block, now)
                .map_err(not_yet_mined)
        }

        /// The pool record stored under `name` (an empty one without a record).
        fn pool(&self, name: AccountId) -> Pool {
            self.pools.get(name).unwrap_or_default()
        }

        fn owner(&self, key: AccountId) -> Result<AccountId, StakingError> {
            self.pool(key).owner.ok_or(StakingError::UnknownHotkey)
        }

        /// The pool `hotkey` names now, with its key, or `None` for a name with no pool or a
        /// retired one. One read for a name that never took part in a swap: the epoch reads
        /// every neuron's stake through this.
        fn named_pool(&self, hotkey: AccountId) -> Option<(AccountId, Pool)> {
            let pool = self.pools.get(hotkey)?;
            match pool.name.resolve() {
                Resolved::Own => Some((hotkey, pool)),
                Resolved::Key(key) => Some((key, self.pool(key))),
                Resolved::Retired => None,
            }
        }

        /// The pool a reward to `hotkey` goes to, with its key: `hotkey`'s, or, for a name
        /// retired since the epoch read it, the pool it named. One read in the common case.
        fn reward_pool(&self, hotkey: AccountId) -> (AccountId, Pool) {
            let pool = self.pool(hotkey);
            match pool.name.forward() {
                Resolved::Key(key) => (key, self.pool(key)),
                Resolved::Own | Resolved::Retired => (hotkey, pool),
            }
        }

        /// Credits a page of epoch rewards that emission has already minted to staking, or of
        /// root dividends the market has already paid to it.
        fn credit_rewards(&mut self, rewards: Vec<Reward>) -> Result<(), StakingError> {
            if self.ensure_role(self.market).is_err() {
                self.ensure_role(self.emission)?;
            }
            let total = rewards.iter().try_fold(0u128, |acc, r| {
                acc.checked_add(r.incentive)?.checked_add(r.dividend)
            });
            let total = total.ok_or(StakingError::Overflow)?;
            let accounted = self.total_stake.saturating_add(self.undistributed);
            let held = self.token_ref().balance_of(self.env().account_id());
            if held < accounted.saturating_add(total) {
                return Err(StakingError::UnbackedRewards);
            }
            // Owners' voting power moves once per owner, and one event lists the batch: a
            // page of rewards mostly goes to a few coldkeys, and each write or event costs far
            // more than the arithmetic.
            let mut moves: Vec<(AccountId, VotesMoved)> = Vec::new();
            let mut credits = Vec::with_capacity(rewards.len());
            for reward in rewards {
                let (key, mut pool) = self.reward_pool(reward.hotkey);
                let owner = pool.owner.ok_or(StakingError::UnknownHotkey)?;
                // A miner's reward has no dividend, so no take to look up.
                let take = if reward.dividend > 0 {
                    self.take_at(key)
                } else {
                    0
                };
                let (to_owner, to_nominators) =
                    split_reward(reward.incentive, reward.dividend, take, pool.shares > 0);
                if to_nominators > 0 {
                    pool.add_value(to_nominators)?;
                    self.total_stake = self
                        .total_stake
                        .checked_add(to_nominators)
                        .ok_or(StakingError::Overflow)?;
                }
                // One pool write per reward: crediting the owner writes it.
                if to_owner > 0 {
                    let minted = pool.deposit(to_owner)?;
                    let holder = (owner, true, pool.owner_position);
                    let moved = self.credit_position(key, holder, to_owner, minted, pool)?;
                    match moves.iter_mut().find(|(coldkey, _)| *coldkey == owner) {
                        Some((_, total)) => *total = total.and(moved),
                        None => moves.push((owner, moved)),
                    }
                } else if to_nominators > 0 {
                    self.store_pool(key, &mut pool);
                }
                if to_owner > 0 || to_nominators > 0 {
                    credits.push(HotkeyCredit {
                        hotkey: reward.hotkey,
                        to_owner,
                        to_nominators,
                    });
                }
            }
            // The total moves once for the page: every owner's move is a part of it, so the
            // sum of the moves applied at once is what applying them one by one gives.
            let mut total = VotesMoved { from: 0, to: 0 };
            for (coldkey, moved) in moves {
                self.record_own_votes(coldkey, moved);
                total = total.and(moved);
            }
            self.move_total(total);
            if !credits.is_empty() {
                self.env().emit_event(RewardsCredited { credits });
            }
            Ok(())
        }

        fn nominators_of(&self, key: AccountId) -> u32 {
            self.nominators.get(key).unwrap_or(0)
        }

        fn take_at(&self, key: AccountId) -> U16Proportion {
            self.takes.get(key).map_or(DEFAULT_TAKE, |t| t.take)
        }

        fn position_value(&self, key: AccountId, coldkey: AccountId) -> Balance {
            let (pool, shares) = self.pool_and_shares(key, coldkey);
            pool.value_of(shares)
        }

        /// The pool of `key` and the shares `coldkey` holds in it.
        fn pool_and_shares(&self, key: AccountId, coldkey: AccountId) -> (Pool, u128) {
            let pool = self.pool(key);
            let is_owner = pool.owner == Some(coldkey);
            let shares = self.position_in(key, coldkey, is_owner, &pool).shares;
            (pool, shares)
        }

        /// `coldkey`'s position on `key`, whose pool is `pool`: the owner's is in the pool.
        fn position_in(
            &self,
            key: AccountId,
            coldkey: AccountId,
            is_owner: bool,
            pool: &Pool,
        ) -> Position {
            if is_owner {
                pool.owner_position
            } else {
                self.positions.get((key, coldkey)).unwrap_or_default()
            }
        }

        /// Puts `position` where `position_in` finds it: in `pool` (which the caller
        /// stores) for the owner, in its own cell (removed when empty) for anyone else.
        fn put_position(
            &mut self,
            key: AccountId,
            coldkey: AccountId,
            is_owner: bool,
            position: Position,
            pool: &mut Pool,
        ) {
            if is_owner {
                pool.owner_position = position;
            } else if position.shares == 0 {
                self.positions.remove((key, coldkey));
            } else {
                self.positions.insert((key, coldkey), &position);
            }
        }

        fn push_owned(&mut self, coldkey: AccountId, key: AccountId) {
            let slot = self.owned_count.get(coldkey).unwrap_or(0);
            self.owned.insert((coldkey, slot), &key);
            self.owned_count.insert(coldkey, &slot.saturating_add(1));
        }

        /// Moves up to `max` of `old`'s holdings to `new`, from the ends of its lists: whole
        /// positions first (merged into `new`'s on the same hotkey, if any), then hotkeys.
        /// Each list's count is read and written once. Returns what moved.
        fn move_holdings(
            &mut self,
            old: AccountId,
            new: AccountId,
            max: u32,
        ) -> Result<Holdings, StakingError> {
            let mut moved = Holdings::default();
            let (mut held_old, mut held_new) = (self.position_count(old), self.position_count(new));
            while moved.positions < max && held_old > 0 {
                held_old = held_old.saturating_sub(1);
                let Some(key) = self.held.take((old, held_old)) else {
                    continue;
                };
                // Either end may be the hotkey's owner, whose position is in the pool.
                let mut pool = self.pool(key);
                let (from_owner, to_owner) = (pool.owner == Some(old), pool.owner == Some(new));
                let position = if from_owner {
                    core::mem::take(&mut pool.owner_position)
                } else {
                    self.positions.take((key, old)).unwrap_or_default()
                };
                let mut target = self.position_in(key, new, to_owner, &pool);
                if target.shares == 0 {
                    target.slot = held_new;
                    self.held.insert((new, held_new), &key);
                    held_new = held_new.saturating_add(1);
                } else {
                    // Two positions became one.
                    let count = self.nominators_of(key).saturating_sub(1);
                    self.nominators.insert(key, &count);
                }
                target.shares = target
                    .shares
                    .checked_add(position.shares)
                    .ok_or(StakingError::Overflow)?;
                target.votes = target.votes.saturating_add(position.votes);
                self.put_position(key, new, to_owner, target, &mut pool);
                if from_owner || to_owner {
                    self.pools.insert(key, &pool);
                }
                moved.votes = moved.votes.saturating_add(position.votes);
                moved.positions = moved.positions.saturating_add(1);
            }
            self.held_count.insert(old, &held_old);
            self.held_count.insert(new, &held_new);
            let owned = |this: &Self, coldkey| this.owned_count.get(coldkey).unwrap_or(0);
            let (mut owned_old, mut owned_new) = (owned(self, old), owned(self, new));
            while moved.positions.saturating_add(moved.hotkey_count()) < max && owned_old > 0 {
                owned_old = owned_old.saturating_sub(1);
                let Some(key) = self.owned.take((old, owned_old)) else {
                    continue;
                };
                // Every position of `old` has moved by now (positions go first), so the pool
                // holds no owner's position: `new`'s, if any, moves in.
                let mut pool = self.pool(key);
                pool.owner = Some(new);
                if let Some(position) = self.positions.take((key, new)) {
                    pool.owner_position = position;
                }
                self.pools.insert(key, &pool);
                self.owned.insert((new, owned_new), &key);
                owned_new = owned_new.saturating_add(1);
                moved.hotkeys.push(self.name_of(key));
            }
            self.owned_count.insert(old, &owned_old);
            self.owned_count.insert(new, &owned_new);
            moved.done = held_old == 0 && owned_old == 0;
            Ok(moved)
        }

        fn token_ref(&self) -> ink::contract_ref!(PSP22) {
            self.token.into()
        }

        /// Writes the pool of the hotkey keyed `key` and checkpoints its total stake.
        fn store_pool(&mut self, key: AccountId, pool: &mut Pool) {
            self.history.record_at_tail(
                Holder::Hotkey(key),
                &mut pool.checkpoints,
                self.env().block_number(),
                pool.value,
            );
            self.pools.insert(key, pool);
        }

        /// Credits `coldkey`'s `position` on `key` (as its caller read it, before the deposit)
        /// with the `minted` shares that `amount` (TAO already held by staking) bought in
        /// `pool` — the key's pool with the deposit made — and writes the pool.
        fn credit_position(
            &mut self,
            key: AccountId,
            (coldkey, is_owner, mut position): (AccountId, bool, Position),
            amount: Balance,
            minted: u128,
            mut pool: Pool,
        ) -> Result<VotesMoved, StakingError> {
            if position.shares == 0 && minted > 0 {
                position.slot = self.open_position(key, coldkey);
            }
            position.shares = position
                .shares
                .checked_add(minted)
                .ok_or(StakingError::Overflow)?;
            self.total_stake = self
                .total_stake
                .checked_add(amount)
                .ok_or(StakingError::Overflow)?;
            let moved = self.store_position(key, (coldkey, is_owner), position, &mut pool);
            self.store_pool(key, &mut pool);
            Ok(moved)
        }

        /// Counts a new position: one more nominator of `key`, one more key in
        /// `coldkey`'s list. Returns its slot there.
        fn open_position(&mut self, key: AccountId, coldkey: AccountId) -> u32 {
            let count = self.nominators_of(key).saturating_add(1);
            self.nominators.insert(key, &count);
            let slot = self.held_count.get(coldkey).unwrap_or(0);
            self.held.insert((coldkey, slot), &key);
            self.held_count.insert(coldkey, &slot.saturating_add(1));
            slot
        }

        /// Uncounts a position emptied at `slot`: the last key of the coldkey's list takes
        /// its slot.
        fn close_position(&mut self, key: AccountId, coldkey: AccountId, slot: u32) {
            let count = self.nominators_of(key).saturating_sub(1);
            self.nominators.insert(key, &count);
            let last = self.held_count.get(coldkey).unwrap_or(1).saturating_sub(1);
            if slot != last {
                if let Some(moved) = self.held.get((coldkey, last)) {
                    self.held.insert((coldkey, slot), &moved);
                    let mut pool = self.pool(moved);
                    if pool.owner == Some(coldkey) {
                        pool.owner_position.slot = slot;
                        self.pools.insert(moved, &pool);
                    } else if let Some(mut position) = self.positions.get((moved, coldkey)) {
                        position.slot = slot;
                        self.positions.insert((moved, coldkey), &position);
                    }
                }
            }
            self.held.remove((coldkey, last));
            self.held_count.insert(coldkey, &last);
        }

        /// Takes `amount` out of `coldkey`'s position on `key` into staking's free TAO — all
        /// of it when a nominator would be left below the nominator minimum. Returns what was
        /// taken, the shares burned and how the coldkey's voting power moves.
        fn withdraw(
            &mut self,
            key: AccountId,
            coldkey: AccountId,
            amount: Balance,
        ) -> Result<(Balance, u128, VotesMoved), StakingError> {
            if amount == 0 {
                return Err(StakingError::ZeroAmount);
            }
            let mut pool = self.pool(key);
            let is_owner = pool.owner == Some(coldkey);
            let mut position = self.position_in(key, coldkey, is_owner, &pool);
            let held = pool.value_of(position.shares);
            if amount > held {
                return Err(StakingError::InsufficientStake);
            }
            let left = held.saturating_sub(amount);
            let amount = if !is_owner && left > 0 && left < self.config.nominator_min_stake {
                held
            } else {
                amount
            };
            let (burned, dust) = pool.withdraw(amount, position.shares)?;
            position.shares = position.shares.saturating_sub(burned);
            if position.shares == 0 {
                self.close_position(key, coldkey, position.slot);
            }
            self.total_stake = self.total_stake.saturating_sub(amount).saturating_sub(dust);
            self.undistributed = self.undistributed.saturating_add(dust);
            let moved = self.store_position(key, (coldkey, is_owner), position, &mut pool);
            self.store_pool(key, &mut pool);
            Ok((amount, burned, moved))
        }

        /// Stakes `amount` — TAO staking holds or is being paid — on `key` for `coldkey`,
        /// within the minimums. Returns the shares minted and how the coldkey's voting power
        /// moves.
        fn deposit(
            &mut self,
            key: AccountId,
            coldkey: AccountId,
            amount: Balance,
        ) -> Result<(u128, VotesMoved), StakingError> {
            if amount == 0 {
                return Err(StakingError::ZeroAmount);
            }
            if amount < self.config.min_stake {
                return Err(StakingError::BelowMinimumStake);
            }
            let mut pool = self.pool(key);
            let is_owner = coldkey == pool.owner.ok_or(StakingError::UnknownHotkey)?;
            let position = self.position_in(key, coldkey, is_owner, &pool);
            if !is_owner {
                let held = pool.value_of(position.shares);
                if held.saturating_add(amount) < self.config.nominator_min_stake {
                    return Err(StakingError::BelowMinimumStake);
                }
            }
            let shares = pool.stake(amount)?;
            let holder = (coldkey, is_owner, position);
            let moved = self.credit_position(key, holder, amount, shares, pool)?;
            Ok((shares, moved))
        }

        /// Writes a position at its current value. Returns how its owner's voting power moves,
        /// for `record_votes` and `move_total` (a batch of rewards records each owner and the
        /// total once).
        fn store_position(
            &mut self,
            key: AccountId,
            (coldkey, is_owner): (AccountId, bool),
            mut position: Position,
            pool: &mut Pool,
        ) -> VotesMoved {
            let value = pool.value_of(position.shares);
            let moved = VotesMoved {
                from: position.votes,
                to: value,
            };
            position.votes = value;
            if position.shares == 0 {
                position = Position::default();
            }
            self.put_position(key, coldkey, is_owner, position, pool);
            moved
        }

        /// Moves `coldkey`'s own voting power by `moved`, and with it the power its delegate
        /// (itself unless lent) holds, and the total.
        fn record_votes(&mut self, coldkey: AccountId, moved: VotesMoved) {
            self.record_own_votes(coldkey, moved);
            self.move_total(moved);
        }

        /// `record_votes` without the total, for a caller that moves it once for many.
        fn record_own_votes(&mut self, coldkey: AccountId, moved: VotesMoved) {
            if moved.from == moved.to {
                return;
            }
            let own = moved.apply(self.own_votes.get(coldkey).unwrap_or(0));
            self.own_votes.insert(coldkey, &own);
            self.move_held(self.delegate_of(coldkey), moved);
        }

        /// Moves the voting power `holder` holds by `moved`, checkpointed.
        fn move_held(&mut self, holder: AccountId, moved: VotesMoved) {
            if moved.from == moved.to {
                return;
            }
            let (previous, new) = self.history.change(
                Holder::Account(holder),
                self.env().block_number(),
                |previous| moved.apply(previous),
            );
            self.env().emit_event(VotesChanged {
                account: holder,
                previous,
                new,
            });
        }

        /// Records the total voting power after positions moved by `moves` (summed).
        fn move_total(&mut self, moves: VotesMoved) {
            if moves.from == moves.to {
                return;
            }
            self.history
                .change(Holder::Total, self.env().block_number(), |total| {
                    moves.apply(total)
                });
        }
    }

    /// What one page of a coldkey swap moved.
    #[derive(Debug, Default)]
    struct Holdings {
        positions: u32,
        /// By their current names.
        hotkeys: Vec<AccountId>,
        /// The voting power the positions carried.
        votes: Balance,
        /// Whether the old coldkey holds nothing more.
        done: bool,
    }

    impl Holdings {
        fn hotkey_count(&self) -> u32 {
            u32::try_from(self.hotkeys.len()).unwrap_or(u32::MAX)
        }
    }

    /// A change of voting power: `from` taken out, `to` put in.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    struct VotesMoved {
        from: Balance,
        to: Balance,
    }

    impl VotesMoved {
        fn apply(&self, votes: Balance) -> Balance {
            votes.saturating_sub(self.from).saturating_add(self.to)
        }

        fn and(self, other: VotesMoved) -> VotesMoved {
            VotesMoved {
                from: self.from.saturating_add(other.from),
                to: self.to.saturating_add(other.to),
            }
        }
    }

    impl Staking for StakingContract {
        #[ink(message)]
        fn claim_hotkey(
            &mut self,
            hotkey: AccountId,
            coldkey: AccountId,
        ) -> Result<(), StakingError> {
            self.ensure_role(self.registry)?;
            let key = self.key_of(hotkey).ok_or(StakingError::HotkeyInUse)?;
            let mut pool = self.pool(key);
            match pool.owner {
                Some(owner) if owner == coldkey => Ok(()),
                Some(_) => Err(StakingError::NotHotkeyOwner),
                None => {
                    pool.owner = Some(coldkey);
                    self.pools.insert(key, &pool);
                    self.push_owned(coldkey, key);
                    self.env().emit_event(HotkeyClaimed { hotkey, coldkey });
                    Ok(())
                }
            }
        }

        #[ink(message)]
        fn swap_hotkey(&mut self, old: AccountId, new: AccountId) -> Result<(), StakingError> {
            self.ensure_role(self.registry)?;
            let key = self.key(old)?;
            let coldkey = self.owner(key)?;
            // Claimed, or a name that took part in a swap: either has a pool record.
            if old == new || self.pools.contains(new) {
                return Err(StakingError::HotkeyInUse);
            }
            // `old` keeps its record (the key's pool, or a pointer), retired.
            let mut record = self.pool(old);
            record.name = record.name.retire(key);
            self.pools.insert(old, &record);
            let alias = Pool {
                name: Name::Alias(key),
                ..Pool::default()
            };
            self.pools.insert(new, &alias);
            self.current_names.insert(key, &new);
            self.env().emit_event(HotkeySwapped { old, new, coldkey });
            Ok(())
        }

        #[ink(message)]
        fn swap_coldkey(
            &mut self,
            old: AccountId,
            new: AccountId,
            max: u32,
        ) -> Result<bool, StakingError> {
            self.ensure_role(self.registry)?;
            if old == new {
                return Err(StakingError::SameColdkey);
            }
            let moved = self.move_holdings(old, new, max)?;
            let votes = moved.votes;
            self.record_votes(old, VotesMoved { from: votes, to: 0 });
            self.record_votes(new, VotesMoved { from: 0, to: votes });
            self.env().emit_event(ColdkeyHoldingsMoved {
                old,
                new,
                positions: moved.positions,
                hotkeys: moved.hotkeys,
                done: moved.done,
            });
            Ok(moved.done)
        }

        #[ink(message)]
        fn coldkey_in_use(&self, coldkey: AccountId) -> bool {
            self.position_count(coldkey) > 0
                || self.owned_count.get(coldkey).unwrap_or(0) > 0
                || self.own_votes(coldkey) > 0
        }

        #[ink(message)]
        fn owner_of(&self, hotkey: AccountId) -> Option<AccountId> {
            self.pool(self.key_of(hotkey)?).owner
        }

        #[ink(message)]
        fn add_stake(&mut self, hotkey: AccountId, amount: Balance) -> Result<(), StakingError> {
            let coldkey = self.env().caller();
            let (shares, moved) = self.deposit(self.key(hotkey)?, coldkey, amount)?;
            let staking = self.env().account_id();
            self.token_ref()
                .transfer_from(coldkey, staking, amount, Vec::new())?;
            self.record_votes(coldkey, moved);
            self.env().emit_event(StakeAdded {
                hotkey,
                coldkey,
                amount,
                shares,
            });
            Ok(())
        }

        #[ink(message)]
        fn remove_stake(&mut self, hotkey: AccountId, amount: Balance) -> Result<(), StakingError> {
            let coldkey = self.env().caller();
            let (amount, burned, moved) = self.withdraw(self.key(hotkey)?, coldkey, amount)?;
            self.record_votes(coldkey, moved);
            self.token_ref()
                .transfer(coldkey, amount, Vec::new())
                .map_err(|_| StakingError::TokenCallFailed)?;
            self.env().emit_event(StakeRemoved {
                hotkey,
                coldkey,
                amount,
                shares: burned,
            });
            Ok(())
        }

        #[ink(message)]
        fn stake_of(&self, hotkey: AccountId, coldkey: AccountId) -> Balance {
            self.key_of(hotkey)
                .map_or(0, |key| self.position_value(key, coldkey))
        }

        #[ink(message)]
        fn total_stake_of(&self, hotkey: AccountId) -> Balance {
            self.named_pool(hotkey).map_or(0, |(_, pool)| pool.value)
        }

        #[ink(message)]
        fn total_stakes(&self, hotkeys: Vec<AccountId>) -> Vec<Balance> {
            hotkeys
                .into_iter()
                .map(|h| self.total_stake_of(h))
                .collect()
        }

        #[ink(message)]
        fn total_stakes_at(
            &self,
            hotkeys: Vec<AccountId>,
            block: BlockNumber,
        ) -> Result<Vec<Balance>, StakingError> {
            let now = self.env().block_number();
            hotkeys
                .into_iter()
                .map(|hotkey| match self.named_pool(hotkey) {
                    None => Ok(0),
                    Some((key, pool)) => self.stake_at(key, &pool, block, now),
                })
                .collect()
        }

        #[ink(message)]
        fn total_stake(&self) -> Balance {
            self.total_stake
        }

        #[ink(message)]
        fn take_of(&self, hotkey: AccountId) -> U16Proportion {
            self.key_of(hotkey)
                .map_or(DEFAULT_TAKE, |key| self.take_at(key))
        }

        #[ink(message)]
        fn set_take(&mut self, hotkey: AccountId, take: U16Proportion) -> Result<(), StakingError> {
            let key = self.key(hotkey)?;
            if self.owner(key)? != self.env().caller() {
                return Err(StakingError::NotHotkeyOwner);
            }
            let current = self.take_at(key);
            if take == current {
                return Ok(());
            }
            let last_change = self.takes.get(key).map_or(0, |t| t.last_change);
            let now = self.env().block_number();
            check_take_change(current, take, last_change, now, self.config.take_rate_limit)?;
            self.takes.insert(
                key,
                &crate::staking::TakeState {
                    take,
                    last_change: now,
                },
            );
            self.env().emit_event(TakeChanged { hotkey, take });
            Ok(())
        }

        #[ink(message)]
        fn hotkey_records(
            &self,
            hotkeys: Vec<AccountId>,
            rewarded: bool,
            stake_at: Option<BlockNumber>,
        ) -> Result<Vec<Option<HotkeyRecord>>, StakingError> {
            let now = self.env().block_number();
            hotkeys
                .into_iter()
                .map(|hotkey| {
                    let found = if rewarded {
                        Some(self.reward_pool(hotkey))
                    } else {
                        self.named_pool(hotkey)
                    };
                    let Some((key, pool)) = found else {
                        return Ok(None);
                    };
                    let Some(owner) = pool.owner else {
                        return Ok(None);
                    };
                    let stake = match stake_at {
                        Some(block) => self.stake_at(key, &pool, block, now)?,
                        None => 0,
                    };
                    Ok(Some(HotkeyRecord {
                        key,
                        owner,
                        take: self.take_at(key),
                        stake,
                    }))
                })
                .collect()
        }

        #[ink(message)]
        fn sync_votes(
            &mut self,
            hotkey: AccountId,
            coldkey: AccountId,
        ) -> Result<(), StakingError> {
            let key = self.key(hotkey)?;
            let mut pool = self.pool(key);
            let is_owner = pool.owner == Some(coldkey);
            let position = self.position_in(key, coldkey, is_owner, &pool);
            if position.shares > 0 {
                let moved = self.store_position(key, (coldkey, is_owner), position, &mut pool);
                if is_owner {
                    // The value did not change: no stake checkpoint to record.
                    self.pools.insert(key, &pool);
                }
                self.record_votes(coldkey, moved);
            }
            Ok(())
        }

        #[ink(message)]
        fn get_votes(&self, account: AccountId) -> Balance {
            self.history.latest(Holder::Account(account))
        }

        #[ink(message)]
        fn get_past_votes(
            &self,
            account: AccountId,
            block: BlockNumber,
        ) -> Result<Balance, StakingError> {
            self.history
                .at(Holder::Account(account), block, self.env().block_number())
                .map_err(not_yet_mined)
        }

        #[ink(message)]
        fn get_past_total_stake(&self, block: BlockNumber) -> Result<Balance, StakingError> {
            self.history
                .at(Holder::Total, block, self.env().block_number())
                .map_err(not_yet_mined)
        }
    }

    impl EpochLedger for StakingContract {
        /// A subnet without a market is staked in TAO: its stake weight is the hotkey's TAO.
        #[ink(message)]
        fn epoch_stakes(
            &self,
            _netuid: NetUid,
            hotkeys: Vec<AccountId>,
            block: BlockNumber,
        ) -> Result<Vec<Balance>, LedgerError> {
            Staking::total_stakes_at(self, hotkeys, block).map_err(LedgerError::from)
        }

        #[ink(message)]
        fn credit_epoch_rewards(
            &mut self,
            _netuid: NetUid,
            rewards: Vec<Reward>,
        ) -> Result<(), LedgerError> {
            self.credit_rewards(rewards).map_err(LedgerError::from)
        }
    }

    impl Admin for StakingContract {
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

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test::{advance_block, default_accounts, set_caller};
        use ink::env::DefaultEnvironment as Env;
        use interfaces::staking::MAX_MIN_STAKE;

        #[ink::test]
        fn only_the_registry_claims_and_ownership_is_set_once() {
            let a = default_accounts::<Env>();
            set_caller::<Env>(a.alice);
            let mut staking = StakingContract::new(a.django);
            assert_eq!(
                staking.claim_hotkey(a.eve, a.bob),
                Err(StakingError::Unauthorized)
            );
            staking.set_roles(Some(a.charlie), None, None).unwrap();
            set_caller::<Env>(a.charlie);
            assert_eq!(staking.claim_hotkey(a.eve, a.bob), Ok(()));
            assert_eq!(staking.claim_hotkey(a.eve, a.bob), Ok(()));
            assert_eq!(
                staking.claim_hotkey(a.eve, a.frank),
                Err(StakingError::NotHotkeyOwner)
            );
            assert_eq!(staking.owner_of(a.eve), Some(a.bob));
        }

        #[ink::test]
        fn take_changes_follow_ownership_and_the_rate_limit() {
            let a = default_accounts::<Env>();
            set_caller::<Env>(a.alice);
            let mut staking = StakingContract::new(a.django);
            staking.set_roles(Some(a.alice), None, None).unwrap();
            staking.claim_hotkey(a.eve, a.bob).unwrap();
            assert_eq!(staking.take_of(a.eve), DEFAULT_TAKE);
            assert_eq!(
                staking.set_take(a.eve, 100),
                Err(StakingError::NotHotkeyOwner)
            );
            assert_eq!(
                staking.set_take(a.frank, 100),
                Err(StakingError::UnknownHotkey)
            );
            set_caller::<Env>(a.bob);
            assert_eq!(staking.set_take(a.eve, 100), Ok(()));
            assert_eq!(
                staking.set_take(a.eve, 200),
                Err(StakingError::TakeRateLimited)
            );
            assert_eq!(staking.take_of(a.eve), 100);
            for _ in 0..3 {
                advance_block::<Env>();
            }
            set_caller::<Env>(a.alice);
            let config = StakingConfig {
                take_rate_limit: 2,
                ..staking.config()
            };
            staking.set_config(config).unwrap();
            set_caller::<Env>(a.bob);
            assert_eq!(staking.set_take(a.eve, 200), Ok(()));
            assert_eq!(
                staking.set_take(a.eve, 11_797),
                Err(StakingError::TakeOutOfRange)
            );
        }

        #[ink::test]
        fn config_and_roles_are_admin_only_and_bounded() {
            let a = default_accounts::<Env>();
            set_caller::<Env>(a.alice);
            let mut staking = StakingContract::new(a.django);
            let too_high = StakingConfig {
                min_stake: MAX_MIN_STAKE + 1,
                ..staking.config()
            };
            assert_eq!(
                staking.set_config(too_high),
                Err(StakingError::ConfigOutOfRange)
            );
            set_caller::<Env>(a.bob);
            assert_eq!(
                staking.set_config(staking.config()),
                Err(StakingError::NotAdmin)
            );
            assert_eq!(
                staking.set_roles(None, Some(a.bob), Some(a.bob)),
                Err(StakingError::NotAdmin)
            );
            assert_eq!(staking.roles(), (None, None, None));
        }
    }
}
