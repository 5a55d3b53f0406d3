//! Which neuron a registration into a full subnet replaces (subtensor's `get_neuron_to_prune`).

/// One registered neuron as pruning sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub uid: u16,
    /// Emission of the last epoch (rao).
    pub emission: u64,
    pub registered_at: u64,
    /// The subnet owner's hotkey: never pruned.
    pub immortal: bool,
}

/// The uid to replace, or `None` when nobody may be pruned.
///
/// The best candidate has the lowest emission, then the earliest registration, then the lowest
/// uid. A non-immune neuron (registered `immunity_period` or more blocks ago) is pruned only
/// while more than `min_non_immune` neurons are non-immune; otherwise the best immune one is,
/// and if there is none, nobody is — exactly as subtensor decides.
pub fn neuron_to_prune(
    candidates: impl IntoIterator<Item = Candidate>,
    now: u64,
    immunity_period: u64,
    min_non_immune: u16,
) -> Option<u16> {
    let key = |c: &Candidate| (c.emission, c.registered_at, c.uid);
    let mut best_immune: Option<Candidate> = None;
    let mut best_free: Option<Candidate> = None;
    let mut free: u16 = 0;
    for candidate in candidates.into_iter().filter(|c| !c.immortal) {
        let immune = now.saturating_sub(candidate.registered_at) < immunity_period;
        let best = if immune {
            &mut best_immune
        } else {
            free = free.saturating_add(1);
            &mut best_free
        };
        if best.is_none_or(|b| key(&candidate) < key(&b)) {
            *best = Some(candidate);
        }
    }
    match best_free {
        Some(candidate) if free > min_non_immune => Some(candidate.uid),
        _ => best_immune.map(|c| c.uid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(uid: u16, emission: u64, registered_at: u64) -> Candidate {
        Candidate {
            uid,
            emission,
            registered_at,
            immortal: false,
        }
    }

    #[test]
    fn lowest_emission_then_earliest_registration_then_lowest_uid() {
        let set = [c(0, 5, 0), c(1, 3, 9), c(2, 3, 4), c(3, 3, 4), c(4, 9, 0)];
        assert_eq!(neuron_to_prune(set, 10_000, 100, 0), Some(2));
    }

    #[test]
    fn the_owner_is_never_pruned() {
        let owner = Candidate {
            immortal: true,
            ..c(0, 0, 0)
        };
        assert_eq!(
            neuron_to_prune([owner, c(1, 7, 0)], 10_000, 100, 0),
            Some(1)
        );
        assert_eq!(neuron_to_prune([owner], 10_000, 100, 0), None);
    }

    #[test]
    fn immune_neurons_go_only_when_too_few_are_free() {
        // uids 0..3 free (registered long ago), uid 9 immune with the lowest emission.
        let mut set = vec![c(0, 5, 0), c(1, 6, 0), c(2, 7, 0), c(9, 1, 950)];
        assert_eq!(neuron_to_prune(set.clone(), 1_000, 100, 2), Some(0));
        assert_eq!(neuron_to_prune(set.clone(), 1_000, 100, 3), Some(9));
        // With no immune neuron and too few free ones, nobody can be pruned (subtensor's rule).
        set.pop();
        assert_eq!(neuron_to_prune(set, 1_000, 100, 3), None);
        assert_eq!(neuron_to_prune([], 1_000, 100, 0), None);
    }
}
