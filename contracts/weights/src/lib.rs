//! # Weights
//!
//! Validators' weight rows, one storage cell per (netuid, uid), set with every check of
//! subtensor's `set_weights` (the rules are `subnets::weights`) or through hash commit-reveal
//! (`subnets::commit_reveal`). Each row remembers the registration block of the hotkey that
//! wrote it, so a row left by a replaced neuron is recognisably stale; the epoch reads rows in
//! pages.
//!
//! Rows and last updates are versioned by the subnet's epoch generation: the first write after
//! an epoch started keeps the version that epoch reads in a second cell, so an epoch running
//! over many calls sees its inputs as they were when it started (see `versioned`).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

// A freeing allocator: an epoch's page read decodes up to 15 KiB of rows from cells of up to
// 8 KiB each, one after another.
extern crate heap;

// Word-wise memcpy and its kin in place of ink_env's byte-wise ones (see crates/memops).
memops::routines!();

pub use self::weights::{WeightsContract, WeightsContractRef};

#[ink::contract]
mod weights {
    use ink::env::hash::Blake2x256;
    use ink::prelude::vec::Vec;
    use ink::scale::EncodeLike;
    use ink::storage::traits::{Packed, StorageKey};
    use ink::storage::Mapping;
    use interfaces::admin::{Admin, AdminError, AdminRole};
    use interfaces::entries::Entries;
    use interfaces::registry::{SubnetRegistry, WeightSetter};
    use interfaces::staking::Staking;
    use interfaces::weights::{
        fit_in_page, RowPart, WeightRow, Weights, WeightsCommitted, WeightsError, WeightsSet,
    };
    use interfaces::{NetUid, Uid};
    use subnets::commit_reveal::{self, epoch_index, Commit};
    use subnets::weights::{validate, WeightsContext};

    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct StoredRow {
        generation: u32,
        setter_registered_at: BlockNumber,
        entries: Entries,
    }

    /// A uid's last weight set or commit, and who (by registration block) made it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct LastUpdate {
        setter_registered_at: BlockNumber,
        block: BlockNumber,
    }

    /// What an epoch reads of a uid besides its weights, in one cell so that a gather page
    /// reads one cell per uid: who wrote its row, its last update and its earliest pending
    /// commit. Written with the row, the update or the commit queue it mirrors.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Header {
        generation: u32,
        /// The registration block of the hotkey that wrote the row (0 without a row).
        row_setter_registered_at: BlockNumber,
        update: Option<LastUpdate>,
        earliest_commit: Option<BlockNumber>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct StoredCommit {
        hash: Hash,
        /// The hotkey that committed, by its name then: a hotkey swap keeps the queue.
        committer: AccountId,
        epoch: u64,
        block: BlockNumber,
    }

    /// A uid's pending commits, oldest first, and the registration of the hotkey that made them.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct CommitQueue {
        setter_registered_at: BlockNumber,
        commits: Vec<StoredCommit>,
    }

    /// Something stamped with the epoch generation it was written in.
    pub trait Stamped {
        fn generation(&self) -> u32;
    }

    impl Stamped for StoredRow {
        fn generation(&self) -> u32 {
            self.generation
        }
    }

    impl Stamped for Header {
        fn generation(&self) -> u32 {
            self.generation
        }
    }

    /// A value per (netuid, uid) with the version a running epoch reads kept beside the latest.
    /// An epoch of generation `g` reads the newest version written before it started (stamp
    /// `< g`); the first write of a later generation moves that version to `previous`, later
    /// writes of the same generation only replace `latest`. (Two plain mappings, not a storage
    /// item: two instances of one storage item would share keys in ink 5.)
    pub struct Versioned<'a, V: Stamped + Packed, L: StorageKey, P: StorageKey> {
        latest: &'a mut Mapping<(NetUid, Uid), V, L>,
        previous: &'a mut Mapping<(NetUid, Uid), V, P>,
    }

    impl<V: Stamped + Packed + EncodeLike, L: StorageKey, P: StorageKey> Versioned<'_, V, L, P> {
        fn write(&mut self, key: (NetUid, Uid), value: &V) {
            self.keep_previous(key, self.latest.get(key), value);
            self.latest.insert(key, value);
        }

        /// Writes `change(latest)`, `latest` being the default without a value yet.
        fn update(&mut self, key: (NetUid, Uid), change: impl FnOnce(V) -> V)
        where
            V: Default + Clone,
        {
            let old = self.latest.get(key);
            let value = change(old.clone().unwrap_or_default());
            self.keep_previous(key, old, &value);
            self.latest.insert(key, &value);
        }

        fn keep_previous(&mut self, key: (NetUid, Uid), old: Option<V>, new: &V) {
            if let Some(old) = old {
                if old.generation() < new.generation() {
                    self.previous.insert(key, &old);
                }
            }
        }
    }

    fn as_of<V: Stamped + Packed, L: StorageKey, P: StorageKey>(
        latest: &Mapping<(NetUid, Uid), V, L>,
        previous: &Mapping<(NetUid, Uid), V, P>,
        key: (NetUid, Uid),
        generation: u32,
    ) -> Option<V> {
        match latest.get(key) {
            Some(value) if value.generation() < generation => Some(value),
            Some(_) => previous
                .get(key)
                .filter(|value| value.generation() < generation),
            // A previous version is kept only when a later one replaces it, and nothing is
            // ever removed: without a latest there is none.
            None => None,
        }
    }

    #[ink(storage)]
    pub struct WeightsContract {
        admin: AdminRole,
        registry: AccountId,
        staking: AccountId,
        rows: Mapping<(NetUid, Uid), StoredRow>,
        previous_rows: Mapping<(NetUid, Uid), StoredRow>,
        headers: Mapping<(NetUid, Uid), Header>,
        previous_headers: Mapping<(NetUid, Uid), Header>,
        commits: Mapping<(NetUid, Uid), CommitQueue>,
    }

    impl WeightsContract {
        #[ink(constructor)]
        pub fn new(registry: AccountId, staking: AccountId) -> Self {
            Self {
                admin: AdminRole::new(Self::env().caller()),
                registry,
                staking,
                rows: Mapping::default(),
                previous_rows: Mapping::default(),
                headers: Mapping::default(),
                previous_headers: Mapping::default(),
                commits: Mapping::default(),
            }
        }

        /// The hash `commit_weights` expects for these weights (what a validator computes
        /// off-chain before committing).
        #[ink(message)]
        pub fn commit_hash(
            &self,
            hotkey: AccountId,
            netuid: NetUid,
            uids: Vec<Uid>,
            values: Vec<u16>,
            salt: Vec<u16>,
            version_key: u64,
        ) -> Hash {
            let mut output = [0u8; 32];
            ink::env::hash_encoded::<Blake2x256, _>(
                &(hotkey, netuid, uids, values, salt, version_key),
                &mut output,
            );
            Hash::from(output)
        }

        /// The block of the caller's last update on `netuid`, if it still occupies its uid.
        #[ink(message)]
        pub fn last_update(&self, netuid: NetUid, uid: Uid) -> Option<BlockNumber> {
            self.headers
                .get((netuid, uid))
                .and_then(|h| h.update)
                .map(|u| u.block)
        }

        fn setter(&self, netuid: NetUid, hotkey: AccountId) -> Result<WeightSetter, WeightsError> {
            let registry: ink::contract_ref!(SubnetRegistry) = self.registry.into();
            Ok(registry.weight_setter(netuid, hotkey)?)
        }

        fn current_epoch(&self, netuid: NetUid, setter: &WeightSetter) -> u64 {
            let block = u64::from(self.env().block_number());
            epoch_index(block, netuid, setter.hyperparameters.tempo)
        }

        /// The caller's last update if it made it (a replaced neuron's does not count).
        fn own_last_update(&self, netuid: NetUid, setter: &WeightSetter) -> BlockNumber {
            self.headers
                .get((netuid, setter.uid))
                .and_then(|h| h.update)
                .filter(|u| u.setter_registered_at == setter.registered_at)
                .map_or(0, |u| u.block)
        }

        /// Runs every `set_weights` check; `rate_limited` is false on a reveal.
        fn checked_row(
            &self,
            netuid: NetUid,
            hotkey: AccountId,
            setter: &WeightSetter,
            (uids, values, version_key): (&[Uid], &[u16], u64),
            rate_limited: bool,
        ) -> Result<Vec<(Uid, u16)>, WeightsError> {
            if uids.len() > usize::from(setter.neuron_count) {
                return Err(WeightsError::TooManyWeights);
            }
            let staking: ink::contract_ref!(Staking) = self.staking.into();
            let params = &setter.hyperparameters;
            let now = u64::from(self.env().block_number());
            let context = WeightsContext {
                n: setter.neuron_count,
                uid: setter.uid,
                is_owner: setter.is_owner,
                stake: staking.total_stake_of(hotkey),
                stake_threshold: params.stake_threshold,
                version_key: params.weights_version_key,
                has_permit: setter.validator_permit,
                min_allowed_weights: params.min_allowed_weights,
                rate_limit: rate_limited.then(|| {
                    let last = u64::from(self.own_last_update(netuid, setter));
                    (last, now, u64::from(params.weights_rate_limit))
                }),
            };
            validate(&context, uids, values, version_key)
        }

        fn store_row(&mut self, netuid: NetUid, setter: &WeightSetter, entries: Vec<(Uid, u16)>) {
            let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
            let row = StoredRow {
                generation: setter.epoch_generation,
                setter_registered_at: setter.registered_at,
                entries: Entries::from_pairs(entries),
            };
            Versioned {
                latest: &mut self.rows,
                previous: &mut self.previous_rows,
            }
            .write((netuid, setter.uid), &row);
            self.env().emit_event(WeightsSet {
                netuid,
                uid: setter.uid,
                entries: count,
            });
        }

        /// Writes `setter`'s header with `change` made to it, in the setter's epoch generation.
        fn write_header(
            &mut self,
            netuid: NetUid,
            setter: &WeightSetter,
            change: impl FnOnce(&mut Header),
        ) {
            let generation = setter.epoch_generation;
            Versioned {
                latest: &mut self.headers,
                previous: &mut self.previous_headers,
            }
            .update((netuid, setter.uid), |mut header| {
                header.generation = generation;
                change(&mut header);
                header
            });
        }

        fn update_now(&self, setter: &WeightSetter) -> LastUpdate {
            LastUpdate {
                setter_registered_at: setter.registered_at,
                block: self.env().block_number(),
            }
        }

        /// `set_weights` for the caller: every check, then the row and its update.
        fn set_row(
            &mut self,
            netuid: NetUid,
            uids: &[Uid],
            values: &[u16],
            version_key: u64,
        ) -> Result<(), WeightsError> {
            if uids.len() != values.len() {
                return Err(WeightsError::LengthMismatch);
            }
            let hotkey = self.env().caller();
            let setter = self.setter(netuid, hotkey)?;
            if setter.hyperparameters.commit_reveal_enabled {
                return Err(WeightsError::CommitRevealEnabled);
            }
            let row =
                self.checked_row(netuid, hotkey, &setter, (uids, values, version_key), true)?;
            self.store_row(netuid, &setter, row);
            let update = self.update_now(&setter);
            self.write_header(netuid, &setter, |header| {
                header.row_setter_registered_at = setter.registered_at;
                header.update = Some(update);
            });
            Ok(())
        }

        fn own_commits(&self, netuid: NetUid, setter: &WeightSetter) -> Vec<Commit> {
            self.commits
                .get((netuid, setter.uid))
                .filter(|queue| queue.setter_registered_at == setter.registered_at)
                .map(|queue| {
                    queue
                        .commits
                        .into_iter()
                        .map(|c| Commit {
                            hash: c.hash.into(),
                            committer: *c.committer.as_ref(),
                            epoch: c.epoch,
                            block: c.block,
                        })
                        .collect()
                })
                .unwrap_or_default()
        }

        /// Writes `setter`'s commit queue; returns the block of its earliest commit.
        fn store_commits(
            &mut self,
            netuid: NetUid,
            setter: &WeightSetter,
            queue: &[Commit],
        ) -> Option<BlockNumber> {
            let stored: Vec<StoredCommit> = queue
                .iter()
                .map(|c| StoredCommit {
                    hash: Hash::from(c.hash),
                    committer: AccountId::from(c.committer),
                    epoch: c.epoch,
                    block: c.block,
                })
                .collect();
            let queue = CommitQueue {
                setter_registered_at: setter.registered_at,
                commits: stored,
            };
            self.commits.insert((netuid, setter.uid), &queue);
            queue.commits.first().map(|c| c.block)
        }
    }

    impl Weights for WeightsContract {
        #[ink(message)]
        fn set_weights(
            &mut self,
            netuid: NetUid,
            uids: Vec<Uid>,
            values: Vec<u16>,
            version_key: u64,
        ) -> Result<(), WeightsError> {
            self.set_row(netuid, &uids, &values, version_key)
        }

        #[ink(message)]
        fn set_dense_weights(
            &mut self,
            netuid: NetUid,
            values: Vec<u16>,
            version_key: u64,
        ) -> Result<(), WeightsError> {
            let count = u16::try_from(values.len()).map_err(|_| WeightsError::TooManyWeights)?;
            let uids: Vec<Uid> = (0..count).collect();
            self.set_row(netuid, &uids, &values, version_key)
        }

        #[ink(message)]
        fn commit_weights(
            &mut self,
            netuid: NetUid,
            commit_hash: Hash,
        ) -> Result<(), WeightsError> {
            let setter = self.setter(netuid, self.env().caller())?;
            let params = setter.hyperparameters;
            if !params.commit_reveal_enabled {
                return Err(WeightsError::CommitRevealDisabled);
            }
            let last = self.own_last_update(netuid, &setter);
            let now = self.env().block_number();
            if last != 0 && now.saturating_sub(last) < params.weights_rate_limit {
                return Err(WeightsError::RateLimited);
            }
            let epoch = self.current_epoch(netuid, &setter);
            let mut queue = self.own_commits(netuid, &setter);
            let commit = Commit {
                hash: commit_hash.into(),
                committer: *self.env().caller().as_ref(),
                epoch,
                block: now,
            };
            commit_reveal::push(&mut queue, commit, params.reveal_period_epochs)?;
            let earliest_commit = self.store_commits(netuid, &setter, &queue);
            let update = self.update_now(&setter);
            self.write_header(netuid, &setter, |header| {
                header.update = Some(update);
                header.earliest_commit = earliest_commit;
            });
            let reveal_epoch = epoch.saturating_add(u64::from(params.reveal_period_epochs));
            self.env().emit_event(WeightsCommitted {
                netuid,
                uid: setter.uid,
                commit_hash,
                reveal_epoch,
            });
            Ok(())
        }

        #[ink(message)]
        fn reveal_weights(
            &mut self,
            netuid: NetUid,
            uids: Vec<Uid>,
            values: Vec<u16>,
            salt: Vec<u16>,
            version_key: u64,
        ) -> Result<(), WeightsError> {
            let hotkey = self.env().caller();
            let setter = self.setter(netuid, hotkey)?;
            let params = setter.hyperparameters;
            if !params.commit_reveal_enabled {
                return Err(WeightsError::CommitRevealDisabled);
            }
            let pending = self.own_commits(netuid, &setter);
            let epoch = self.current_epoch(netuid, &setter);
            // A commit hashes the name its hotkey had when committing: after a hotkey swap the
            // queue (kept with the uid's registration) may hold commits under an earlier name.
            let mut names = ink::prelude::vec![hotkey];
            for commit in &pending {
                let name = AccountId::from(commit.committer);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let mut revealed = Err(WeightsError::NoMatchingCommit);
            for name in names {
                let hash = self.commit_hash(
                    name,
                    netuid,
                    uids.clone(),
                    values.clone(),
                    salt.clone(),
                    version_key,
                );
                let mut queue = pending.clone();
                revealed = commit_reveal::reveal(
                    &mut queue,
                    hash.into(),
                    epoch,
                    params.reveal_period_epochs,
                )
                .map(|()| queue);
                if revealed != Err(WeightsError::NoMatchingCommit) {
                    break;
                }
            }
            let queue = revealed?;
            if uids.len() != values.len() {
                return Err(WeightsError::LengthMismatch);
            }
            let row = self.checked_row(
                netuid,
                hotkey,
                &setter,
                (&uids, &values, version_key),
                false,
            )?;
            let earliest_commit = self.store_commits(netuid, &setter, &queue);
            self.store_row(netuid, &setter, row);
            self.write_header(netuid, &setter, |header| {
                header.row_setter_registered_at = setter.registered_at;
                header.earliest_commit = earliest_commit;
            });
            Ok(())
        }

        #[ink(message)]
        fn weight_rows(&self, netuid: NetUid, start: Uid, count: u16) -> Vec<WeightRow> {
            let uids = start..start.saturating_add(count);
            let rows = uids.filter_map(|uid| {
                let header = self.headers.get((netuid, uid))?;
                let stored = self.rows.get((netuid, uid)).unwrap_or_default();
                Some(with_header(uid, header, stored.entries))
            });
            fit_in_page(rows)
        }

        #[ink(message)]
        fn epoch_rows(
            &self,
            netuid: NetUid,
            uids: Vec<Uid>,
            generation: u32,
            part: RowPart,
        ) -> Vec<WeightRow> {
            let rows = uids.into_iter().map(|uid| {
                let key = (netuid, uid);
                if part == RowPart::Header {
                    let header = as_of(&self.headers, &self.previous_headers, key, generation);
                    return with_header(uid, header.unwrap_or_default(), Entries::default());
                }
                // The epoch took the update blocks and commits from the headers: a row read
                // is one cell per uid.
                let stored = as_of(&self.rows, &self.previous_rows, key, generation);
                let stored = stored.unwrap_or_default();
                WeightRow {
                    uid,
                    setter_registered_at: stored.setter_registered_at,
                    last_update: 0,
                    earliest_commit: None,
                    entries: entries_part(stored.entries, part),
                }
            });
            fit_in_page(rows)
        }
    }

    fn with_header(uid: Uid, header: Header, entries: Entries) -> WeightRow {
        WeightRow {
            uid,
            setter_registered_at: header.row_setter_registered_at,
            last_update: header.update.map_or(0, |u| u.block),
            earliest_commit: header.earliest_commit,
            entries,
        }
    }

    fn entries_part(entries: Entries, part: RowPart) -> Entries {
        match part {
            RowPart::Header => Entries::default(),
            RowPart::Entries => entries,
            RowPart::Columns { start, end } => entries.columns(start, end),
        }
    }

    impl Admin for WeightsContract {
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
