//! Each epoch's metagraph, kept a page of uids per storage cell.
//!
//! An epoch records its results a payout page at a time; one cell per uid made that a read
//! (was the uid's neuron the one the epoch computed for?) and a write per neuron, and every
//! gather of the next epoch read them back one by one. A page holds `RESULT_PAGE` uids, each
//! with the block of the epoch that computed it; whether the uid's neuron is still that one
//! is decided when the page is read, against the neuron's registration: a neuron registered at
//! or after an epoch's block inherits nothing from it (it replaced the neuron the epoch saw).
//! A replacement also clears its uid's entry, so nothing recorded before it is ever read as
//! the newcomer's.

use ink::prelude::vec::Vec;
use interfaces::registry::NeuronResult;
use interfaces::{BlockNumber, Uid};

/// Uids per page: a payout page's worth (the emission config's default `neuron_page`), about
/// 4.5 KiB encoded.
pub const RESULT_PAGE: Uid = 128;

/// A result with the block of the epoch that computed it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Recorded {
    pub epoch_block: BlockNumber,
    pub result: NeuronResult,
}

/// The results of uids `page × RESULT_PAGE ..`, by their offset in the page (`None`: none
/// recorded yet).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ResultPage {
    entries: Vec<Option<Recorded>>,
}

/// The page `uid` is on.
pub fn page_of(uid: Uid) -> Uid {
    uid / RESULT_PAGE
}

fn offset_of(uid: Uid) -> usize {
    usize::from(uid % RESULT_PAGE)
}

impl ResultPage {
    /// Records `result` (for its uid) as computed by the epoch of `epoch_block`.
    pub fn record(&mut self, epoch_block: BlockNumber, result: NeuronResult) {
        let offset = offset_of(result.uid);
        if self.entries.len() <= offset {
            self.entries.resize(offset.saturating_add(1), None);
        }
        if let Some(slot) = self.entries.get_mut(offset) {
            *slot = Some(Recorded {
                epoch_block,
                result,
            });
        }
    }

    /// Forgets `uid`'s result (its neuron was replaced); whether there was one.
    pub fn clear(&mut self, uid: Uid) -> bool {
        self.entries
            .get_mut(offset_of(uid))
            .and_then(Option::take)
            .is_some()
    }

    /// `uid`'s result, if an epoch recorded one for the neuron registered at `registered_at`
    /// (an epoch started before it registered).
    pub fn result(&self, uid: Uid, registered_at: BlockNumber) -> Option<NeuronResult> {
        self.entries
            .get(offset_of(uid))?
            .as_ref()
            .filter(|recorded| registered_at < recorded.epoch_block)
            .map(|recorded| recorded.result.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(uid: Uid, emission: u128) -> NeuronResult {
        NeuronResult {
            uid,
            emission,
            validator_permit: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_result_belongs_to_the_neuron_the_epoch_saw() {
        let mut page = ResultPage::default();
        page.record(100, result(130, 7));
        // uid 130 is offset 2 of page 1.
        assert_eq!(page_of(130), 1);
        assert_eq!(page.result(130, 99), Some(result(130, 7)));
        // A neuron registered in the epoch's block or after replaced the one it saw.
        assert_eq!(page.result(130, 100), None);
        assert_eq!(page.result(130, 150), None);
        // Offsets never recorded, in range of the page or past its end.
        assert_eq!(page.result(129, 0), None);
        assert_eq!(page.result(140, 0), None);
    }

    #[test]
    fn a_later_epoch_overwrites_and_pages_stay_small() {
        let mut page = ResultPage::default();
        for uid in 0..RESULT_PAGE {
            page.record(100, result(uid, u128::from(uid)));
        }
        page.record(200, result(5, 55));
        assert_eq!(page.result(5, 150), Some(result(5, 55)));
        assert_eq!(page.result(6, 50), Some(result(6, 6)));
        assert_eq!(page.result(6, 150), None);
        assert!(page.clear(6));
        assert!(!page.clear(6));
        assert_eq!(page.result(6, 50), None);
        assert_eq!(page.result(7, 50), Some(result(7, 7)));
        let encoded = ink::scale::Encode::encode(&page);
        assert!(encoded.len() < 16 * 1024 / 3, "{} bytes", encoded.len());
    }
}
