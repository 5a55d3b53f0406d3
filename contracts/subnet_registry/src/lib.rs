//! # Subnet registry
//!
//! Subnets (created by locking TAO at the current lock cost), their hyperparameters, neuron
//! registration (paying and burning the current burn price, replacing the prunable neuron when
//! full), axons, identities, key rotation (hotkey swaps, scheduled coldkey swaps), and the
//! metagraph each epoch records. Prices come from `economics`, pruning
//! from `subnets`; this contract wires storage, events, roles and the calls into the token and
//! staking.
//!
//! A replaced neuron's weights and bonds are not touched here: the weights and emission
//! contracts compare a row's setter registration block with the uid's current one and treat
//! rows of a previous occupant as empty (see docs/protocol.md).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod axon;
mod results;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::subnet_registry::{SubnetRegistryContract, SubnetRegistryContractRef};

#[ink::contract]
mod subnet_registry {
    use crate::results::{page_of, ResultPage};
    use economics::burn::BurnRule;
    use economics::lock::lock_cost;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::psp22::{PSP22Burnable, PSP22};
    use interfaces::registry::{
        AxonInfo, AxonServed, ColdkeySwap, ColdkeySwapAnnounced, ColdkeySwapCancelled,
        ColdkeySwapped, EpochBegun, EpochRecorded, EpochStart, HotkeySwapped, Hyperparameter,
        HyperparameterSet, Hyperparameters, LockReleased, NetworkConfig, NetworkConfigChanged,
        Neuron, NeuronRegistered, NeuronResult, RegistryError, RegistryRolesChanged, SubnetCreated,
        SubnetIdentity, SubnetIdentitySet, SubnetInfo, SubnetRegistry, ValidatorIdentity,
        ValidatorIdentitySet, WeightSetter, COLDKEY_SWAP_PAGE,
    };
    use interfaces::staking::{Staking, StakingError};
    use interfaces::{NetUid, Uid, RAO_PER_TAO};
    use subnets::pruning::{neuron_to_prune, Candidate};
    use subnets::tempo::epoch_due;

    /// subtensor's `DefaultNeuronBurnCost` for a new subnet: 1 TAO.
    const INITIAL_BURN: Balance = RAO_PER_TAO;

    /// The registration price as of a block; later prices decay lazily from it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct BurnState {
        price: Balance,
        at: BlockNumber,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct NeuronRecord {
        hotkey: AccountId,
        registered_at: BlockNumber,
    }

    #[ink(storage)]
    pub struct SubnetRegistryContract {
        admin: AdminRole,
        token: AccountId,
        staking: AccountId,
        emission: Option<AccountId>,
        config: NetworkConfig,
        last_lock: Balance,
        last_lock_block: BlockNumber,
        netuids: Vec<NetUid>,
        next_netuid: NetUid,
        subnets: Mapping<NetUid, SubnetInfo>,
        hyperparameters: Mapping<NetUid, Hyperparameters>,
        /// Block of the owner's last change per (subnet, hyperparameter index).
        owner_changes: Mapping<(NetUid, u8), BlockNumber>,
        burns: Mapping<NetUid, BurnState>,
        neurons: Mapping<(NetUid, Uid), NeuronRecord>,
        uids: Mapping<(NetUid, AccountId), Uid>,
        /// The last epoch's results by (subnet, page of `results::RESULT_PAGE` uids).
        result_pages: Mapping<(NetUid, Uid), ResultPage>,
        axons: Mapping<(NetUid, AccountId), AxonInfo>,
        validator_identities: Mapping<AccountId, ValidatorIdentity>,
        subnet_identities: Mapping<NetUid, SubnetIdentity>,
        /// Each coldkey's last hotkey swap.
        hotkey_swaps: Mapping<AccountId, BlockNumber>,
        /// Announced coldkey swaps, by old coldkey, and the same by new coldkey.
        coldkey_swaps: Mapping<AccountId, ColdkeySwap>,
        incoming_swaps: Mapping<AccountId, AccountId>,
        /// Every finished coldkey swap, old → new, for good.
        swapped_to: Mapping<AccountId, AccountId>,
        /// The subnets where a hotkey is registered or is the owner hotkey: what a hotkey swap
        /// visits (at most `max_subnets`).
        hotkey_subnets: Mapping<AccountId, Vec<NetUid>>,
        /// The subnets each coldkey owns: what a coldkey swap hands over.
        owned_subnets: Mapping<AccountId, Vec<NetUid>>,
        /// The market contract, which may take subnets' locks as their pools' liquidity. In a
        /// cell of its own, so that the root's layout is the one registries had before it.
        market: Lazy<Option<AccountId>>,
    }

    /// The result pages a message reads, each fetched once while its uids come in order.
    struct ResultPages {
        netuid: NetUid,
        current: Option<(Uid, ResultPage)>,
    }

    impl ResultPages {
        fn new(netuid: NetUid) -> Self {
            ResultPages {
                netuid,
                current: None,
            }
        }

        /// Makes page `index` the one held, read unless it is held already; returns the page
        /// it replaces (what a writer stores back).
        fn hold(
            &mut self,
            registry: &SubnetRegistryContract,
            index: Uid,
        ) -> Option<(Uid, ResultPage)> {
            if self.current.as_ref().is_some_and(|(at, _)| *at == index) {
                return None;
            }
            let page = registry
                .result_pages
                .get((self.netuid, index))
                .unwrap_or_default();
            self.current.replace((index, page))
        }

        /// `uid`'s last result, if it was computed for the neuron registered at
        /// `registered_at`.
        fn result(
            &mut self,
            registry: &SubnetRegistryContract,
            uid: Uid,
            registered_at: BlockNumber,
        ) -> Option<NeuronResult> {
            self.hold(registry, page_of(uid));
            self.current.as_ref()?.1.result(uid, registered_at)
        }
    }

    impl SubnetRegistryContract {
        /// A registry over `token` and `staking`, administered by the deployer.
        #[ink(constructor)]
        pub fn new(token: AccountId, staking: AccountId) -> Self {
            Self {
                admin: AdminRole::new(Self::env().caller()),
                token,
                staking,
                emission: None,
                config: NetworkConfig::default(),
                last_lock: 0,
                last_lock_block: 0,
                netuids: Vec::new(),
                next_netuid: 1,
                subnets: Mapping::default(),
                hyperparameters: Mapping::default(),
                owner_changes: Mapping::default(),
                burns: Mapping::default(),
                neurons: Mapping::default(),
                uids: Mapping::default(),
                result_pages: Mapping::default(),
                axons: Mapping::default(),
                validator_identities: Mapping::default(),
                subnet_identities: Mapping::default(),
                hotkey_swaps: Mapping::default(),
                coldkey_swaps: Mapping::default(),
                incoming_swaps: Mapping::default(),
                swapped_to: Mapping::default(),
                hotkey_subnets: Mapping::default(),
                owned_subnets: Mapping::default(),
                market: Lazy::new(),
            }
        }

        /// Admin only: the emission role, the only contract allowed to begin and record epochs
        /// (the epoch contract).
        #[ink(message)]
        pub fn set_emission(&mut self, emission: Option<AccountId>) -> Result<(), RegistryError> {
            self.admin.ensure(self.env().caller())?;
            self.emission = emission;
            self.emit_roles();
            Ok(())
        }

        /// Admin only: the market role, the only contract allowed to take subnets' locks.
        #[ink(message)]
        pub fn set_market(&mut self, market: Option<AccountId>) -> Result<(), RegistryError> {
            self.admin.ensure(self.env().caller())?;
            self.market.set(&market);
            self.emit_roles();
            Ok(())
        }

        fn emit_roles(&self) {
            self.env().emit_event(RegistryRolesChanged {
                emission: self.emission,
                market: self.market(),
            });
        }

        /// The market role, if set.
        #[ink(message)]
        pub fn market(&self) -> Option<AccountId> {
            self.market.get().flatten()
        }

        #[ink(message)]
        pub fn config(&self) -> NetworkConfig {
            self.config
        }

        /// Admin only: lock floor and decay, creation rate limit, subnet limit, owner rate limit.
        #[ink(message)]
        pub fn set_config(&mut self, config: NetworkConfig) -> Result<(), RegistryError> {
            self.admin.ensure(self.env().caller())?;
            if !config.is_valid() {
                return Err(RegistryError::ConfigOutOfRange);
            }
            self.config = config;
            self.env().emit_event(NetworkConfigChanged {
                min_lock: config.min_lock,
                lock_reduction_interval: config.lock_reduction_interval,
                network_rate_limit: config.network_rate_limit,
                max_subnets: config.max_subnets,
                owner_hyperparameter_rate_limit_tempos: config
                    .owner_hyperparameter_rate_limit_tempos,
                key_swap_cost: config.key_swap_cost,
                hotkey_swap_rate_limit: config.hotkey_swap_rate_limit,
                coldkey_swap_delay: config.coldkey_swap_delay,
            });
            Ok(())
        }

        /// The TAO a new subnet must lock now.
        #[ink(message)]
        pub fn lock_cost(&self) -> Balance {
            let cost = lock_cost(
                u64::try_from(self.last_lock).unwrap_or(u64::MAX),
                u64::from(self.last_lock_block),
                u64::from(self.env().block_number()),
                u64::from(self.config.lock_reduction_interval),
                u64::try_from(self.config.min_lock).unwrap_or(u64::MAX),
            );
            Balance::from(cost)
        }

        /// Creates a subnet owned by the caller, locking the current lock cost (approve the
        /// registry on the token first). `owner_hotkey` becomes uid 0.
        ///
        /// # Events
        /// `SubnetCreated`, `NeuronRegistered`.
        /// # Errors
        /// `NetworkRateLimited`, `SubnetLimitReached`, `NotHotkeyOwner`, `HotkeyInUse` (a
        /// hotkey retired by a swap), `InsufficientBalance`, `InsufficientAllowance`.
        #[ink(message)]
        pub fn create_subnet(&mut self, owner_hotkey: AccountId) -> Result<NetUid, RegistryError> {
            let owner = self.env().caller();
            let now = self.env().block_number();
            if self.last_lock_block != 0
                && now.saturating_sub(self.last_lock_block) < self.config.network_rate_limit
            {
                return Err(RegistryError::NetworkRateLimited);
            }
            if self.netuids.len() >= usize::from(self.config.max_subnets) {
                return Err(RegistryError::SubnetLimitReached);
            }
            let netuid = self.next_netuid;
            let next = netuid
                .checked_add(1)
                .ok_or(RegistryError::SubnetLimitReached)?;
            let locked = self.lock_cost();
            self.claim(owner_hotkey, owner)?;
            let registry = self.env().account_id();
            self.token_ref()
                .transfer_from(owner, registry, locked, Vec::new())?;

            self.next_netuid = next;
            self.netuids.push(netuid);
            self.last_lock = locked;
            self.last_lock_block = now;
            let info = SubnetInfo {
                owner,
                owner_hotkey,
                neuron_count: 1,
                locked,
                registered_at: now,
                last_epoch: 0,
                epoch_generation: 0,
                epoch_started_at: now,
            };
            self.subnets.insert(netuid, &info);
            let mut owned = self.owned_subnets.get(owner).unwrap_or_default();
            owned.push(netuid);
            self.owned_subnets.insert(owner, &owned);
            self.hyperparameters
                .insert(netuid, &Hyperparameters::default());
            self.burns.insert(
                netuid,
                &BurnState {
                    price: INITIAL_BURN,
                    at: now,
                },
            );
            self.put_neuron(netuid, 0, owner_hotkey, now);
            self.env().emit_event(SubnetCreated {
                netuid,
                owner,
                owner_hotkey,
                locked,
            });
            self.env().emit_event(NeuronRegistered {
                netuid,
                uid: 0,
                hotkey: owner_hotkey,
                replaced: None,
                burned: 0,
            });
            Ok(netuid)
        }

        /// Sets one hyperparameter. The admin may set any; the subnet owner only the
        /// owner-settable ones, each at most once per `owner_hyperparameter_rate_limit_tempos`.
        ///
        /// # Events
        /// `HyperparameterSet`.
        /// # Errors
        /// `UnknownSubnet`, `NotSubnetOwner`, `NotOwnerSettable`, `HyperparameterRateLimited`,
        /// `HyperparameterOutOfRange`.
        #[ink(message)]
        pub fn set_hyperparameter(
            &mut self,
            netuid: NetUid,
            change: Hyperparameter,
        ) -> Result<(), RegistryError> {
            let caller = self.env().caller();
            let info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            let mut params = self.hyperparameters.get(netuid).unwrap_or_default();
            let now = self.env().block_number();
            let by_admin = self.admin.ensure(caller).is_ok();
            if !by_admin {
                if caller != info.owner {
                    return Err(RegistryError::NotSubnetOwner);
                }
                if !change.owner_settable() {
                    return Err(RegistryError::NotOwnerSettable);
                }
                let window = u32::from(params.tempo).saturating_mul(u32::from(
                    self.config.owner_hyperparameter_rate_limit_tempos,
                ));
                if let Some(last) = self.owner_changes.get((netuid, change.index())) {
                    if now.saturating_sub(last) < window {
                        return Err(RegistryError::HyperparameterRateLimited);
                    }
                }
            }
            params.apply(change, info.neuron_count)?;
            self.hyperparameters.insert(netuid, &params);
            if !by_admin {
                self.owner_changes.insert((netuid, change.index()), &now);
            }
            self.env().emit_event(HyperparameterSet { netuid, change });
            Ok(())
        }

        /// The registration price on `netuid` now.
        #[ink(message)]
        pub fn burn_price(&self, netuid: NetUid) -> Option<Balance> {
            let params = self.hyperparameters.get(netuid)?;
            let state = self.burns.get(netuid)?;
            Some(self.price_now(&params, state))
        }

        /// Registers `hotkey` (owned by, or first claimed for, the caller) on `netuid`, paying
        /// and burning the current price (approve the registry on the token first). A full
        /// subnet replaces the neuron pruning picks.
        ///
        /// # Events
        /// `NeuronRegistered` (with the replaced hotkey, if any).
        /// # Errors
        /// `UnknownSubnet`, `HotkeyAlreadyRegistered`, `PriceAboveLimit`, `NotHotkeyOwner`,
        /// `HotkeyInUse` (a hotkey retired by a swap), `NoNeuronAvailable`,
        /// `InsufficientBalance`, `InsufficientAllowance`.
        #[ink(message)]
        pub fn register(
            &mut self,
            netuid: NetUid,
            hotkey: AccountId,
            max_price: Balance,
        ) -> Result<Uid, RegistryError> {
            let coldkey = self.env().caller();
            let now = self.env().block_number();
            let mut info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            let params = self.hyperparameters.get(netuid).unwrap_or_default();
            if self.uids.contains((netuid, hotkey)) {
                return Err(RegistryError::HotkeyAlreadyRegistered);
            }
            let price = self.price_now(
                &params,
                self.burns.get(netuid).unwrap_or(BurnState {
                    price: INITIAL_BURN,
                    at: now,
                }),
            );
            if price > max_price {
                return Err(RegistryError::PriceAboveLimit);
            }
            let (uid, replaced) = if info.neuron_count < params.max_allowed_uids {
                (info.neuron_count, None)
            } else {
                let uid = self
                    .prunable(netuid, &info, &params, now)
                    .ok_or(RegistryError::NoNeuronAvailable)?;
                (uid, self.neurons.get((netuid, uid)).map(|n| n.hotkey))
            };
            self.claim(hotkey, coldkey)?;
            self.burn_from(coldkey, price)?;

            if let Some(old) = replaced {
                self.uids.remove((netuid, old));
                if old != info.owner_hotkey {
                    self.leave_subnet(old, netuid);
                }
                self.axons.remove((netuid, old));
                self.clear_result(netuid, uid);
            } else {
                info.neuron_count = info.neuron_count.saturating_add(1);
                self.subnets.insert(netuid, &info);
            }
            self.put_neuron(netuid, uid, hotkey, now);
            let rule = Self::burn_rule(&params);
            let bumped = rule.after_registration(u64::try_from(price).unwrap_or(u64::MAX));
            self.burns.insert(
                netuid,
                &BurnState {
                    price: Balance::from(bumped),
                    at: now,
                },
            );
            self.env().emit_event(NeuronRegistered {
                netuid,
                uid,
                hotkey,
                replaced,
                burned: price,
            });
            Ok(uid)
        }

        /// The caller's hotkey announces where it serves.
        ///
        /// # Events
        /// `AxonServed`.
        /// # Errors
        /// `NotRegistered`, `InvalidAxon`, `ServingRateLimited`.
        #[ink(message)]
        pub fn serve_axon(
            &mut self,
            netuid: NetUid,
            version: u32,
            ip: u128,
            port: u16,
            ip_type: u8,
            protocol: u8,
        ) -> Result<(), RegistryError> {
            let hotkey = self.env().caller();
            let now = self.env().block_number();
            if !self.uids.contains((netuid, hotkey)) {
                return Err(RegistryError::NotRegistered);
            }
            let axon = AxonInfo {
                block: now,
                version,
                ip,
                port,
                ip_type,
                protocol,
            };
            if !crate::axon::is_valid(&axon) {
                return Err(RegistryError::InvalidAxon);
            }
            let limit = self
                .hyperparameters
                .get(netuid)
                .unwrap_or_default()
                .serving_rate_limit;
            if let Some(previous) = self.axons.get((netuid, hotkey)) {
                if now.saturating_sub(previous.block) < limit {
                    return Err(RegistryError::ServingRateLimited);
                }
            }
            self.axons.insert((netuid, hotkey), &axon);
            self.env().emit_event(AxonServed {
                netuid,
                hotkey,
                axon,
            });
            Ok(())
        }

        /// The hotkey's owner (in staking) presents it to delegators; an empty identity
        /// clears it.
        ///
        /// # Events
        /// `ValidatorIdentitySet`.
        /// # Errors
        /// `NotHotkeyOwner`, `InvalidIdentity`.
        #[ink(message)]
        pub fn set_validator_identity(
            &mut self,
            hotkey: AccountId,
            identity: ValidatorIdentity,
        ) -> Result<(), RegistryError> {
            if self.staking_ref().owner_of(hotkey) != Some(self.env().caller()) {
                return Err(RegistryError::NotHotkeyOwner);
            }
            if !identity.is_valid() {
                return Err(RegistryError::InvalidIdentity);
            }
            if identity.is_empty() {
                self.validator_identities.remove(hotkey);
            } else {
                self.validator_identities.insert(hotkey, &identity);
            }
            self.env()
                .emit_event(ValidatorIdentitySet { hotkey, identity });
            Ok(())
        }

        #[ink(message)]
        pub fn validator_identity(&self, hotkey: AccountId) -> Option<ValidatorIdentity> {
            self.validator_identities.get(hotkey)
        }

        /// The subnet's owner presents it; an empty identity clears it.
        ///
        /// # Events
        /// `SubnetIdentitySet`.
        /// # Errors
        /// `UnknownSubnet`, `NotSubnetOwner`, `InvalidIdentity`.
        #[ink(message)]
        pub fn set_subnet_identity(
            &mut self,
            netuid: NetUid,
            identity: SubnetIdentity,
        ) -> Result<(), RegistryError> {
            let info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            if info.owner != self.env().caller() {
                return Err(RegistryError::NotSubnetOwner);
            }
            if !identity.is_valid() {
                return Err(RegistryError::InvalidIdentity);
            }
            if identity.is_empty() {
                self.subnet_identities.remove(netuid);
            } else {
                self.subnet_identities.insert(netuid, &identity);
            }
            self.env()
                .emit_event(SubnetIdentitySet { netuid, identity });
            Ok(())
        }

        #[ink(message)]
        pub fn subnet_identity(&self, netuid: NetUid) -> Option<SubnetIdentity> {
            self.subnet_identities.get(netuid)
        }

        /// The owner of hotkey `old` renames it `new` everywhere at once: its uid on every
        /// subnet (with its registration block, so its weights and bonds stay its own), its
        /// axons, its identity, the subnets it is the owner hotkey of, and in staking its pool,
        /// nominators, take and stake history. `old` is retired. Burns `key_swap_cost`; once
        /// per `hotkey_swap_rate_limit` blocks per coldkey.
        ///
        /// # Events
        /// `HotkeySwapped` (and staking's).
        /// # Errors
        /// `NotHotkeyOwner`, `HotkeyInUse`, `HotkeySwapRateLimited`, `InsufficientBalance`,
        /// `InsufficientAllowance`.
        #[ink(message)]
        pub fn swap_hotkey(&mut self, old: AccountId, new: AccountId) -> Result<(), RegistryError> {
            let coldkey = self.env().caller();
            let mut staking = self.staking_ref();
            if staking.owner_of(old) != Some(coldkey) {
                return Err(RegistryError::NotHotkeyOwner);
            }
            let now = self.env().block_number();
            if self
                .hotkey_swaps
                .get(coldkey)
                .is_some_and(|last| now.saturating_sub(last) < self.config.hotkey_swap_rate_limit)
            {
                return Err(RegistryError::HotkeySwapRateLimited);
            }
            staking.swap_hotkey(old, new).map_err(staking_error)?;
            let burned = self.config.key_swap_cost;
            self.burn_from(coldkey, burned)?;
            let subnets = self.hotkey_subnets.take(old).unwrap_or_default();
            let mut netuids = Vec::new();
            for netuid in subnets.iter().copied() {
                if let Some(uid) = self.uids.take((netuid, old)) {
                    self.uids.insert((netuid, new), &uid);
                    if let Some(mut record) = self.neurons.get((netuid, uid)) {
                        record.hotkey = new;
                        self.neurons.insert((netuid, uid), &record);
                    }
                    if let Some(axon) = self.axons.take((netuid, old)) {
                        self.axons.insert((netuid, new), &axon);
                    }
                    netuids.push(netuid);
                }
                if let Some(mut info) = self.subnets.get(netuid) {
                    if info.owner_hotkey == old {
                        info.owner_hotkey = new;
                        self.subnets.insert(netuid, &info);
                    }
                }
            }
            if !subnets.is_empty() {
                self.hotkey_subnets.insert(new, &subnets);
            }
            if let Some(identity) = self.validator_identities.take(old) {
                self.validator_identities.insert(new, &identity);
            }
            self.hotkey_swaps.insert(coldkey, &now);
            self.env().emit_event(HotkeySwapped {
                coldkey,
                old,
                new,
                netuids,
                burned,
            });
            Ok(())
        }

        /// The caller announces that coldkey `new` will take over everything it holds: after
        /// `coldkey_swap_delay` blocks, `swap_coldkey` moves its positions, hotkeys and
        /// subnets. Until then the caller may cancel. Burns `key_swap_cost`.
        ///
        /// # Events
        /// `ColdkeySwapAnnounced`.
        /// # Errors
        /// `ColdkeySwapPending` (the caller announced a swap, or one to it is under way),
        /// `ColdkeyInUse` (`new` holds stake or hotkeys, is in another swap, or is the caller),
        /// `InsufficientBalance`, `InsufficientAllowance`.
        #[ink(message)]
        pub fn announce_coldkey_swap(&mut self, new: AccountId) -> Result<(), RegistryError> {
            let old = self.env().caller();
            // One swap at a time through any coldkey: holdings never arrive at a coldkey that
            // is leaving or has left, and two coldkeys never merge into one by mistake.
            if self.coldkey_swaps.contains(old) || self.incoming_swaps.contains(old) {
                return Err(RegistryError::ColdkeySwapPending);
            }
            if new == old
                || self.coldkey_swaps.contains(new)
                || self.incoming_swaps.contains(new)
                || self.staking_ref().coldkey_in_use(new)
            {
                return Err(RegistryError::ColdkeyInUse);
            }
            let burned = self.config.key_swap_cost;
            self.burn_from(old, burned)?;
            let due = self
                .env()
                .block_number()
                .saturating_add(self.config.coldkey_swap_delay);
            let swap = ColdkeySwap {
                new,
                due,
                started: false,
            };
            self.coldkey_swaps.insert(old, &swap);
            self.incoming_swaps.insert(new, &old);
            self.env().emit_event(ColdkeySwapAnnounced {
                old,
                new,
                due,
                burned,
            });
            Ok(())
        }

        /// The caller withdraws its announced swap, while no holding has moved yet.
        ///
        /// # Events
        /// `ColdkeySwapCancelled`.
        /// # Errors
        /// `NoColdkeySwap`, `ColdkeySwapStarted`.
        #[ink(message)]
        pub fn cancel_coldkey_swap(&mut self) -> Result<(), RegistryError> {
            let old = self.env().caller();
            let swap = self.coldkey_swap(old).ok_or(RegistryError::NoColdkeySwap)?;
            if swap.started {
                return Err(RegistryError::ColdkeySwapStarted);
            }
            self.coldkey_swaps.remove(old);
            self.incoming_swaps.remove(swap.new);
            self.env()
                .emit_event(ColdkeySwapCancelled { old, new: swap.new });
            Ok(())
        }

        /// Anyone, once `old`'s announced swap is due: moves up to `COLDKEY_SWAP_PAGE` of its
        /// positions and hotkeys to the new coldkey; the call that moves the last also hands
        /// over the subnets `old` owns. Returns whether the swap is complete.
        ///
        /// # Events
        /// `ColdkeySwapped` when complete (and staking's `ColdkeyHoldingsMoved`).
        /// # Errors
        /// `NoColdkeySwap`, `ColdkeySwapNotDue`, `StakingCallFailed`.
        #[ink(message)]
        pub fn swap_coldkey(&mut self, old: AccountId) -> Result<bool, RegistryError> {
            let mut swap = self.coldkey_swap(old).ok_or(RegistryError::NoColdkeySwap)?;
            if self.env().block_number() < swap.due {
                return Err(RegistryError::ColdkeySwapNotDue);
            }
            let done = self
                .staking_ref()
                .swap_coldkey(old, swap.new, COLDKEY_SWAP_PAGE)
                .map_err(staking_error)?;
            if !done {
                swap.started = true;
                self.coldkey_swaps.insert(old, &swap);
                return Ok(false);
            }
            let subnets = self.owned_subnets.take(old).unwrap_or_default();
            for netuid in subnets.iter().copied() {
                if let Some(mut info) = self.subnets.get(netuid) {
                    info.owner = swap.new;
                    self.subnets.insert(netuid, &info);
                }
            }
            if !subnets.is_empty() {
                let mut owned = self.owned_subnets.get(swap.new).unwrap_or_default();
                owned.extend(subnets.iter().copied());
                self.owned_subnets.insert(swap.new, &owned);
            }
            self.coldkey_swaps.remove(old);
            self.incoming_swaps.remove(swap.new);
            self.swapped_to.insert(old, &swap.new);
            self.env().emit_event(ColdkeySwapped {
                old,
                new: swap.new,
                subnets,
            });
            Ok(true)
        }

        /// `old`'s announced coldkey swap, if any.
        #[ink(message)]
        pub fn coldkey_swap(&self, old: AccountId) -> Option<ColdkeySwap> {
            self.coldkey_swaps.get(old)
        }

        #[ink(message)]
        pub fn axon(&self, netuid: NetUid, hotkey: AccountId) -> Option<AxonInfo> {
            self.axons.get((netuid, hotkey))
        }

        /// Epoch results of uids `start..start+count`.
        #[ink(message)]
        pub fn results(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<NeuronResult> {
            let mut pages = ResultPages::new(netuid);
            self.page(netuid, start, count)
                .map(|uid| {
                    let registered_at = self.neurons.get((netuid, uid)).map(|n| n.registered_at);
                    registered_at
                        .and_then(|at| pages.result(self, uid, at))
                        .unwrap_or(NeuronResult {
                            uid,
                            ..Default::default()
                        })
                })
                .collect()
        }

        fn page(&self, netuid: NetUid, start: Uid, count: u16) -> impl Iterator<Item = Uid> {
            let n = self.subnets.get(netuid).map_or(0, |s| s.neuron_count);
            start..start.saturating_add(count).min(n)
        }

        fn price_now(&self, params: &Hyperparameters, state: BurnState) -> Balance {
            let rule = Self::burn_rule(params);
            let price = u64::try_from(state.price).unwrap_or(u64::MAX);
            let now = u64::from(self.env().block_number());
            Balance::from(rule.after_blocks(price, u64::from(state.at), now))
        }

        fn burn_rule(params: &Hyperparameters) -> BurnRule {
            BurnRule {
                min: u64::try_from(params.min_burn).unwrap_or(u64::MAX),
                max: u64::try_from(params.max_burn).unwrap_or(u64::MAX),
                half_life: params.burn_half_life,
                multiplier_bits: params.burn_multiplier_bits,
            }
        }

        fn prunable(
            &self,
            netuid: NetUid,
            info: &SubnetInfo,
            params: &Hyperparameters,
            now: BlockNumber,
        ) -> Option<Uid> {
            let mut pages = ResultPages::new(netuid);
            let candidates = (0..info.neuron_count).filter_map(|uid| {
                let neuron = self.neurons.get((netuid, uid))?;
                let emission = pages
                    .result(self, uid, neuron.registered_at)
                    .map_or(0, |r| r.emission);
                Some(Candidate {
                    uid,
                    emission: u64::try_from(emission).unwrap_or(u64::MAX),
                    registered_at: u64::from(neuron.registered_at),
                    immortal: neuron.hotkey == info.owner_hotkey,
                })
            });
            neuron_to_prune(
                candidates,
                u64::from(now),
                u64::from(params.immunity_period),
                params.min_non_immune_uids,
            )
        }

        fn clear_result(&mut self, netuid: NetUid, uid: Uid) {
            let key = (netuid, page_of(uid));
            if let Some(mut page) = self.result_pages.get(key) {
                if page.clear(uid) {
                    self.result_pages.insert(key, &page);
                }
            }
        }

        fn put_neuron(&mut self, netuid: NetUid, uid: Uid, hotkey: AccountId, now: BlockNumber) {
            self.neurons.insert(
                (netuid, uid),
                &NeuronRecord {
                    hotkey,
                    registered_at: now,
                },
            );
            self.uids.insert((netuid, hotkey), &uid);
            let mut netuids = self.hotkey_subnets.get(hotkey).unwrap_or_default();
            if !netuids.contains(&netuid) {
                netuids.push(netuid);
                self.hotkey_subnets.insert(hotkey, &netuids);
            }
        }

        fn leave_subnet(&mut self, hotkey: AccountId, netuid: NetUid) {
            let mut netuids = self.hotkey_subnets.get(hotkey).unwrap_or_default();
            netuids.retain(|n| *n != netuid);
            if netuids.is_empty() {
                self.hotkey_subnets.remove(hotkey);
            } else {
                self.hotkey_subnets.insert(hotkey, &netuids);
            }
        }

        fn claim(&mut self, hotkey: AccountId, coldkey: AccountId) -> Result<(), RegistryError> {
            self.staking_ref()
                .claim_hotkey(hotkey, coldkey)
                .map_err(staking_error)
        }

        fn staking_ref(&self) -> ink::contract_ref!(Staking) {
            self.staking.into()
        }

        /// Takes `amount` from `coldkey` (approved beforehand) and burns it.
        fn burn_from(&mut self, coldkey: AccountId, amount: Balance) -> Result<(), RegistryError> {
            if amount == 0 {
                return Ok(());
            }
            let registry = self.env().account_id();
            self.token_ref()
                .transfer_from(coldkey, registry, amount, Vec::new())?;
            let mut burner: ink::contract_ref!(PSP22Burnable) = self.token.into();
            burner.burn(amount)?;
            Ok(())
        }

        fn ensure_emission(&self) -> Result<(), RegistryError> {
            if self.emission != Some(self.env().caller()) {
                return Err(RegistryError::Unauthorized);
            }
            Ok(())
        }

        fn is_due(&self, netuid: NetUid, info: &SubnetInfo, params: &Hyperparameters) -> bool {
            epoch_due(
                u64::from(self.env().block_number()),
                netuid,
                params.tempo,
                u64::from(info.epoch_started_at),
            )
        }

        fn token_ref(&self) -> ink::contract_ref!(PSP22) {
            self.token.into()
        }
    }

    /// A refusal from staking, in the registry's terms.
    fn staking_error(error: StakingError) -> RegistryError {
        match error {
            StakingError::NotHotkeyOwner => RegistryError::NotHotkeyOwner,
            StakingError::HotkeyInUse => RegistryError::HotkeyInUse,
            _ => RegistryError::StakingCallFailed,
        }
    }

    impl SubnetRegistry for SubnetRegistryContract {
        #[ink(message)]
        fn netuids(&self) -> Vec<NetUid> {
            self.netuids.clone()
        }

        #[ink(message)]
        fn subnet(&self, netuid: NetUid) -> Option<SubnetInfo> {
            self.subnets.get(netuid)
        }

        #[ink(message)]
        fn hyperparameters(&self, netuid: NetUid) -> Option<Hyperparameters> {
            self.hyperparameters.get(netuid)
        }

        #[ink(message)]
        fn uid_of(&self, netuid: NetUid, hotkey: AccountId) -> Option<Uid> {
            self.uids.get((netuid, hotkey))
        }

        #[ink(message)]
        fn weight_setter(
            &self,
            netuid: NetUid,
            hotkey: AccountId,
        ) -> Result<WeightSetter, RegistryError> {
            let info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            let uid = self
                .uids
                .get((netuid, hotkey))
                .ok_or(RegistryError::NotRegistered)?;
            let neuron = self
                .neurons
                .get((netuid, uid))
                .ok_or(RegistryError::NotRegistered)?;
            Ok(WeightSetter {
                uid,
                neuron_count: info.neuron_count,
                is_owner: hotkey == info.owner_hotkey,
                validator_permit: ResultPages::new(netuid)
                    .result(self, uid, neuron.registered_at)
                    .is_some_and(|r| r.validator_permit),
                registered_at: neuron.registered_at,
                hyperparameters: self.hyperparameters.get(netuid).unwrap_or_default(),
                last_epoch: info.last_epoch,
                epoch_generation: info.epoch_generation,
            })
        }

        #[ink(message)]
        fn neurons(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<Neuron> {
            let mut pages = ResultPages::new(netuid);
            self.page(netuid, start, count)
                .filter_map(|uid| {
                    let record = self.neurons.get((netuid, uid))?;
                    let result = pages
                        .result(self, uid, record.registered_at)
                        .unwrap_or_default();
                    Some(Neuron {
                        uid,
                        hotkey: record.hotkey,
                        registered_at: record.registered_at,
                        validator_permit: result.validator_permit,
                        emission: result.emission,
                    })
                })
                .collect()
        }

        #[ink(message)]
        fn begin_epoch(&mut self, netuid: NetUid) -> Result<EpochStart, RegistryError> {
            self.ensure_emission()?;
            let mut info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            let hyperparameters = self.hyperparameters.get(netuid).unwrap_or_default();
            if !self.is_due(netuid, &info, &hyperparameters) {
                return Err(RegistryError::EpochNotDue);
            }
            let previous_start = info.epoch_started_at;
            info.epoch_generation = info.epoch_generation.saturating_add(1);
            info.epoch_started_at = self.env().block_number();
            self.subnets.insert(netuid, &info);
            self.env().emit_event(EpochBegun {
                netuid,
                generation: info.epoch_generation,
                neuron_count: info.neuron_count,
            });
            Ok(EpochStart {
                generation: info.epoch_generation,
                neuron_count: info.neuron_count,
                hyperparameters,
                owner: info.owner,
                owner_hotkey: info.owner_hotkey,
                previous_start,
            })
        }

        #[ink(message)]
        fn epoch_due(&self, netuid: NetUid) -> bool {
            self.subnets.get(netuid).is_some_and(|info| {
                let params = self.hyperparameters.get(netuid).unwrap_or_default();
                self.is_due(netuid, &info, &params)
            })
        }

        #[ink(message)]
        fn record_epoch(
            &mut self,
            netuid: NetUid,
            epoch_block: BlockNumber,
            results: Vec<NeuronResult>,
        ) -> Result<(), RegistryError> {
            self.ensure_emission()?;
            let mut info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            if results.iter().any(|r| r.uid >= info.neuron_count) {
                return Err(RegistryError::ResultsOutOfRange);
            }
            let first_uid = results.first().map_or(0, |r| r.uid);
            let count =
                u16::try_from(results.len()).map_err(|_| RegistryError::ResultsOutOfRange)?;
            // Results come a payout page at a time, ascending: each page of them is read and
            // written once. Whether a uid still holds the neuron they were computed for is
            // decided when they are read (`ResultPage::result`).
            let mut pages = ResultPages::new(netuid);
            for result in results {
                if let Some((done, page)) = pages.hold(self, page_of(result.uid)) {
                    self.result_pages.insert((netuid, done), &page);
                }
                if let Some((_, page)) = pages.current.as_mut() {
                    page.record(epoch_block, result);
                }
            }
            if let Some((done, page)) = pages.current {
                self.result_pages.insert((netuid, done), &page);
            }
            info.last_epoch = epoch_block;
            self.subnets.insert(netuid, &info);
            self.env().emit_event(EpochRecorded {
                netuid,
                epoch_block,
                first_uid,
                count,
            });
            Ok(())
        }

        #[ink(message)]
        fn swapped_to(&self, coldkey: AccountId) -> Option<AccountId> {
            self.swapped_to.get(coldkey)
        }

        #[ink(message)]
        fn release_lock(&mut self, netuid: NetUid) -> Result<Balance, RegistryError> {
            let market = self.env().caller();
            if self.market() != Some(market) {
                return Err(RegistryError::Unauthorized);
            }
            let mut info = self
                .subnets
                .get(netuid)
                .ok_or(RegistryError::UnknownSubnet)?;
            let amount = core::mem::take(&mut info.locked);
            if amount == 0 {
                return Err(RegistryError::LockReleased);
            }
            self.subnets.insert(netuid, &info);
            self.token_ref().transfer(market, amount, Vec::new())?;
            self.env().emit_event(LockReleased {
                netuid,
                to: market,
                amount,
            });
            Ok(amount)
        }
    }

    impl Admin for SubnetRegistryContract {
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

        #[test]
        fn the_default_burn_multiplier_is_economics_1_26() {
            assert_eq!(
                Hyperparameters::default().burn_multiplier_bits,
                economics::burn::DEFAULT_BURN_MULTIPLIER_BITS
            );
        }
    }
}
