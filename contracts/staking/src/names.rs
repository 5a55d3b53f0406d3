//! Hotkey names over stable keys. A hotkey's pool, positions, take, owner and stake history
//! are stored under the key the hotkey was first claimed as; a swap gives that key a new name
//! in O(1), whatever the number of nominators. The old name is retired: no one can claim or
//! stake on it again, and it answers as a hotkey with no stake — except to rewards already on
//! their way to it (an epoch that read the old name), which still reach the pool.

use ink::storage::Mapping;
use interfaces::staking::StakingError;
use interfaces::AccountId;

#[ink::storage_item]
#[derive(Debug, Default)]
pub struct HotkeyNames {
    /// A current name → its key, where they differ (the name came by a swap).
    keys: Mapping<AccountId, AccountId>,
    /// A key → its current name, where they differ.
    names: Mapping<AccountId, AccountId>,
    /// A swapped-out name → the key it named.
    retired: Mapping<AccountId, AccountId>,
}

impl HotkeyNames {
    /// The key `hotkey` names now; `None` for a retired name.
    pub fn key(&self, hotkey: AccountId) -> Option<AccountId> {
        if self.retired.contains(hotkey) {
            return None;
        }
        Some(self.keys.get(hotkey).unwrap_or(hotkey))
    }

    /// The key `hotkey` names now or named before its swap: where a reward to it goes.
    pub fn forward(&self, hotkey: AccountId) -> AccountId {
        self.retired
            .get(hotkey)
            .or_else(|| self.keys.get(hotkey))
            .unwrap_or(hotkey)
    }

    /// The current name of `key`.
    pub fn name(&self, key: AccountId) -> AccountId {
        self.names.get(key).unwrap_or(key)
    }

    pub fn is_retired(&self, hotkey: AccountId) -> bool {
        self.retired.contains(hotkey)
    }

    /// Gives `key` (named `old`) the name `new`, which the caller checked is in no use.
    pub fn rename(
        &mut self,
        key: AccountId,
        old: AccountId,
        new: AccountId,
    ) -> Result<(), StakingError> {
        if self.is_retired(new) || self.keys.contains(new) {
            return Err(StakingError::HotkeyInUse);
        }
        self.keys.remove(old);
        self.keys.insert(new, &key);
        self.names.insert(key, &new);
        self.retired.insert(old, &key);
        Ok(())
    }
}
