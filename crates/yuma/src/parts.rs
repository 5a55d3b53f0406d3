//! A running epoch's state in parts, so that a caller that persists it between calls loads
//! and saves only what the current pass reads and writes.
//!
//! The `Epoch` itself (parameters, pass, cursor, the consensus stakes and row lists, the
//! window's row totals) is small and always whole. Its `O(n)` vectors are grouped by the
//! passes that touch them:
//!
//! | part | holds | read by | written by |
//! |---|---|---|---|
//! | `Masks` | last updates, registrations, commits, old permits | every pass | `Epoch::new` |
//! | `Stakes` | activity, stake, active stake, new permits | all but consensus, `finish` | `Epoch::new` |
//! | `Window` | the consensus window's raw weights | consensus | consensus |
//! | `Consensus` | each column's consensus | closing a window, every later pass, `finish` | closing a window |
//! | `Columns` | trust, ranks, incentive, dividends, column totals | all but consensus, `finish` | all but consensus |
//!
//! So a consensus call of a 4,096-neuron subnet holds about a third of the state and writes
//! back a sixth. An epoch decoded without its parts has none attached: a pass whose parts are
//! missing refuses to run (`EpochError::MissingState`) instead of reading empty vectors.

use alloc::vec::Vec;
use parity_scale_codec::{Decode, Encode};

use crate::codec::{Blocks, BoolBytes, OptionalBlocks};
use crate::fixed::{FixedBits, I32F32};

/// One part of the state (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Masks,
    Stakes,
    Window,
    Consensus,
    Columns,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Masks,
        Part::Stakes,
        Part::Window,
        Part::Consensus,
        Part::Columns,
    ];

    /// The part's position in `ALL`: where a caller may keep it.
    pub const fn index(self) -> u8 {
        match self {
            Part::Masks => 0,
            Part::Stakes => 1,
            Part::Window => 2,
            Part::Consensus => 3,
            Part::Columns => 4,
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Part::Masks => 1,
            Part::Stakes => 2,
            Part::Window => 4,
            Part::Consensus => 8,
            Part::Columns => 16,
        }
    }
}

/// A set of parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartSet(u8);

impl PartSet {
    pub const NONE: PartSet = PartSet(0);
    pub const ALL: PartSet = PartSet(31);

    /// This set and `part`.
    pub const fn and(self, part: Part) -> PartSet {
        PartSet(self.0 | part.bit())
    }

    pub fn contains(self, part: Part) -> bool {
        self.0 & part.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn with(self, other: PartSet) -> PartSet {
        PartSet(self.0 | other.0)
    }

    pub fn without(self, other: PartSet) -> PartSet {
        PartSet(self.0 & !other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = Part> {
        Part::ALL
            .into_iter()
            .filter(move |part| self.contains(*part))
    }
}

/// What the weight and bond masks read (step 5's activity aside): fixed at the start.
#[derive(Debug, Clone, PartialEq, Eq, Default, Encode, Decode)]
pub struct Masks {
    #[codec(encoded_as = "Blocks")]
    pub(crate) last_update: Vec<u64>,
    #[codec(encoded_as = "Blocks")]
    pub(crate) registered_at: Vec<u64>,
    #[codec(encoded_as = "OptionalBlocks")]
    pub(crate) commit_block: Vec<Option<u64>>,
    #[codec(encoded_as = "BoolBytes")]
    pub(crate) permit_old: Vec<bool>,
}

/// Steps 1–4's results: fixed at the start.
#[derive(Debug, Clone, PartialEq, Eq, Default, Encode, Decode)]
pub struct Stakes {
    #[codec(encoded_as = "BoolBytes")]
    pub(crate) active: Vec<bool>,
    #[codec(encoded_as = "FixedBits")]
    pub(crate) stake: Vec<I32F32>,
    #[codec(encoded_as = "FixedBits")]
    pub(crate) active_stake: Vec<I32F32>,
    #[codec(encoded_as = "BoolBytes")]
    pub(crate) permit_new: Vec<bool>,
}

/// The consensus window, column-major (width × |C|, so that each column's median reads one
/// run): each validator's kept raw u16 weights. A score is `raw / total` (the row totals are
/// in the epoch), computed when the window closes: a quarter of the bytes of fixed-point
/// scores, for a window that is stored and loaded with every call of the pass. Empty (all 0)
/// until the window's first row is fed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Encode, Decode)]
pub struct Window {
    pub(crate) raw: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Encode, Decode)]
pub struct Consensus {
    #[codec(encoded_as = "FixedBits")]
    pub(crate) values: Vec<I32F32>,
}

/// The per-column and per-validator accumulators of the passes after consensus.
#[derive(Debug, Clone, PartialEq, Eq, Default, Encode, Decode)]
pub struct Columns {
    #[codec(encoded_as = "FixedBits")]
    pub(crate) validator_trust: Vec<I32F32>,
    /// Filled by the ranks pass, which ends by making them the incentive.
    #[codec(encoded_as = "FixedBits")]
    pub(crate) ranks: Vec<I32F32>,
    #[codec(encoded_as = "FixedBits")]
    pub(crate) incentive: Vec<I32F32>,
    /// Empty until the ranks pass ends.
    #[codec(encoded_as = "FixedBits")]
    pub(crate) dividends: Vec<I32F32>,
    /// Classic: Σ stake-scaled deltas per column. Yuma 3: Σ new bonds per column.
    #[codec(encoded_as = "FixedBits")]
    pub(crate) column_totals: Vec<I32F32>,
    /// Classic only: Σ old bonds per column, then Σ EMA bonds per column.
    #[codec(encoded_as = "FixedBits")]
    pub(crate) bond_totals: Vec<I32F32>,
    /// Classic only: Σ EMA bonds per column (pass 3).
    #[codec(encoded_as = "FixedBits")]
    pub(crate) ema_totals: Vec<I32F32>,
    /// Classic only: per-column maximum of the normalised EMA bonds (pass 4).
    #[codec(encoded_as = "FixedBits")]
    pub(crate) ema_max: Vec<I32F32>,
}

/// A part as stored: which part it is, then its values (`PartRef` writes the same bytes).
// The SCALE derive casts variant indices to u8; there are five.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, PartialEq, Eq, Decode)]
pub enum PartData {
    Masks(Masks),
    Stakes(Stakes),
    Window(Window),
    Consensus(Consensus),
    Columns(Columns),
}

/// A part of an epoch, borrowed to be stored.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, Copy, Encode)]
pub enum PartRef<'a> {
    Masks(&'a Masks),
    Stakes(&'a Stakes),
    Window(&'a Window),
    Consensus(&'a Consensus),
    Columns(&'a Columns),
}

impl PartData {
    pub fn part(&self) -> Part {
        match self {
            PartData::Masks(_) => Part::Masks,
            PartData::Stakes(_) => Part::Stakes,
            PartData::Window(_) => Part::Window,
            PartData::Consensus(_) => Part::Consensus,
            PartData::Columns(_) => Part::Columns,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_part_decodes_as_the_part_it_was() {
        let masks = Masks {
            last_update: alloc::vec![1, 2],
            registered_at: alloc::vec![0, 1],
            commit_block: alloc::vec![None, Some(3)],
            permit_old: alloc::vec![true, false],
        };
        let columns = Columns {
            ranks: alloc::vec![I32F32::from_bits(-5), I32F32::from_bits(7)],
            ..Columns::default()
        };
        for (stored, expected) in [
            (PartRef::Masks(&masks), PartData::Masks(masks.clone())),
            (
                PartRef::Columns(&columns),
                PartData::Columns(columns.clone()),
            ),
        ] {
            let bytes = stored.encode();
            assert_eq!(PartData::decode(&mut bytes.as_slice()).ok(), Some(expected));
        }
    }

    #[test]
    fn sets_hold_what_was_put_in() {
        let set = PartSet::NONE.and(Part::Masks).and(Part::Columns);
        assert_eq!(set.iter().collect::<Vec<_>>(), [Part::Masks, Part::Columns]);
        assert!(set
            .without(PartSet::NONE.and(Part::Masks))
            .contains(Part::Columns));
        assert!(!set
            .without(PartSet::NONE.and(Part::Masks))
            .contains(Part::Masks));
        assert_eq!(PartSet::ALL.iter().count(), 5);
        assert!(PartSet::NONE.is_empty());
    }
}
