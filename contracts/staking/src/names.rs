//! Hotkey names over stable keys. A hotkey's pool, positions, take, owner and stake history
//! are stored under the key the hotkey was first claimed as; a swap gives that key a new name
//! in O(1), whatever the number of nominators. The old name is retired: no one can claim or
//! stake on it again, and it answers as a hotkey with no stake — except to rewards already on
//! their way to it (an epoch that read the old name), which still reach the pool.
//!
//! Each name's record is its entry in staking's `pools`: a key's pool says whether the key is
//! still its own name, and a name given or taken by a swap holds an empty pool that points at
//! its key. So a name resolves in the one read that finds its pool anyway, and a name that
//! never took part in a swap costs nothing more than before.

/// What the name a pool is stored under stands for.
// scale-info's derive casts variant indices to u8; four variants.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Name {
    /// The pool's key is its hotkey's current name.
    #[default]
    Current,
    /// The pool's key was swapped out: by that name it holds nothing.
    Retired,
    /// A current name given by a swap; the pool is empty and the key's is the one it names.
    Alias(interfaces::AccountId),
    /// A name given by a swap and swapped out since; it named this key.
    RetiredAlias(interfaces::AccountId),
}

/// How a name resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// The pool found by the name is the key's own.
    Own,
    /// The key the name points at (its pool is to be read).
    Key(interfaces::AccountId),
    /// A retired name.
    Retired,
}

impl Name {
    /// What the name resolves to for a stakeholder's call and for a stake read.
    pub fn resolve(self) -> Resolved {
        match self {
            Name::Current => Resolved::Own,
            Name::Alias(key) => Resolved::Key(key),
            Name::Retired | Name::RetiredAlias(_) => Resolved::Retired,
        }
    }

    /// What the name resolves to for a reward an epoch computed for it, possibly before its
    /// swap: a retired name still leads to its key's pool.
    pub fn forward(self) -> Resolved {
        match self {
            Name::Current | Name::Retired => Resolved::Own,
            Name::Alias(key) | Name::RetiredAlias(key) => Resolved::Key(key),
        }
    }

    /// This name, retired: the record it keeps for `key` after a swap.
    pub fn retire(self, key: interfaces::AccountId) -> Name {
        match self {
            Name::Current | Name::Retired => Name::Retired,
            Name::Alias(_) | Name::RetiredAlias(_) => Name::RetiredAlias(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interfaces::AccountId;

    #[test]
    fn a_retired_name_holds_nothing_but_forwards_rewards() {
        let key = AccountId::from([1; 32]);
        let cases = [
            (Name::Current, Resolved::Own, Resolved::Own),
            (Name::Alias(key), Resolved::Key(key), Resolved::Key(key)),
            (Name::Retired, Resolved::Retired, Resolved::Own),
            (
                Name::RetiredAlias(key),
                Resolved::Retired,
                Resolved::Key(key),
            ),
        ];
        for (name, resolved, forwarded) in cases {
            assert_eq!(name.resolve(), resolved, "{name:?}");
            assert_eq!(name.forward(), forwarded, "{name:?}");
        }
        assert_eq!(Name::Current.retire(key), Name::Retired);
        assert_eq!(Name::Alias(key).retire(key), Name::RetiredAlias(key));
    }
}
