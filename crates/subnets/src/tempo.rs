//! When a subnet's epoch runs: subtensor's classic schedule (spec §1.1), where an epoch falls on
//! every block with `(block + netuid + 1) mod (tempo + 1) == 0`, staggering subnets. A contract
//! cannot run at that exact block, so an epoch is *due* once the schedule has passed a slot
//! since the last one started; a keeper late by several slots runs one epoch, not a backlog.

/// How many epoch slots the schedule has passed up to and including `block`.
pub fn epoch_index(block: u64, netuid: u16, tempo: u16) -> u64 {
    block
        .saturating_add(u64::from(netuid))
        .saturating_add(2)
        .checked_div(u64::from(tempo).saturating_add(1))
        .unwrap_or(0)
}

/// Whether a new epoch may start at `now`, the last one having started at `last_start` (or the
/// subnet having been created then). Tempo 0 never runs (subtensor's rule).
pub fn epoch_due(now: u64, netuid: u16, tempo: u16, last_start: u64) -> bool {
    tempo != 0 && epoch_index(now, netuid, tempo) > epoch_index(last_start, netuid, tempo)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// spec §1.1: (tempo, netuid) → first epoch block: (1,0)→0, (1,1)→1, (2,0)→1, (2,1)→0,
    /// (100,0)→99, (100,1)→98.
    #[test]
    fn epochs_follow_the_classic_schedule() {
        for (tempo, netuid, first) in [
            (1u16, 0u16, 0u64),
            (1, 1, 1),
            (2, 0, 1),
            (2, 1, 0),
            (100, 0, 99),
            (100, 1, 98),
        ] {
            let before = if first == 0 {
                None
            } else {
                Some(epoch_index(first - 1, netuid, tempo))
            };
            let at = epoch_index(first, netuid, tempo);
            assert!(
                before.is_none_or(|b| b < at),
                "tempo {tempo} netuid {netuid}"
            );
            assert_eq!(epoch_index(first + u64::from(tempo), netuid, tempo), at);
            assert_eq!(
                epoch_index(first + u64::from(tempo) + 1, netuid, tempo),
                at + 1
            );
        }
    }

    #[test]
    fn due_once_per_slot_and_never_at_tempo_zero() {
        // tempo 2, netuid 0: slots at blocks 1, 4, 7, …
        assert!(!epoch_due(0, 0, 2, 0));
        assert!(epoch_due(1, 0, 2, 0));
        assert!(!epoch_due(3, 0, 2, 1));
        assert!(epoch_due(4, 0, 2, 1));
        // Late by many slots: due, once.
        assert!(epoch_due(40, 0, 2, 1));
        assert!(!epoch_due(41, 0, 2, 40));
        assert!(!epoch_due(1_000, 0, 0, 0));
    }
}
