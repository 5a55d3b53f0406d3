//! One subnet's epoch as it runs across calls, in plain Rust (no storage, no calls).
//!
//! A run moves through three stages, each fed by the contract with what it read:
//! 1. **Gather**: pages of neurons, their stakes (as of the block before the start) and their
//!    weight-row headers (as of the start) become the epoch's frozen inputs; a uid whose
//!    neuron registered at or after the start is not the neuron the epoch started with, so it
//!    takes part with no stake (the registry records no results for it either). The hotkeys
//!    are not part of the run: the contract keeps them by page until the payout pages need
//!    them.
//! 2. **Rows**: `begin_rows` starts the Yuma epoch (`yuma::Epoch`: activity, permits, active
//!    stake) over the members; validator rows (as of the start) and their bonds are fed to its
//!    passes (`rows`), the bonds each row completes go back to the contract to store, and
//!    `close_rows` turns the finished epoch into the payout table.
//! 3. **Payout**: the finished epoch's rewards and results, a few values per neuron, are paid
//!    and recorded page by page.
//!
//! The run is SCALE-encoded between calls (see `chunks`), so every stage's progress survives
//! any split into calls; each stage carries only what its later calls need. The rows stage's
//! epoch is not part of the run: the contract keeps it apart, its large vectors in
//! `yuma::parts`, so that a call loads the parts its pass reads (`rows::feed`'s `load_part`)
//! and saves the ones it changed, and so that the epoch contract, which reads the run, has no
//! Yuma pass in its code.

use ink::prelude::boxed::Box;
use ink::prelude::vec::Vec;
use interfaces::registry::{EpochStart, Hyperparameters, Neuron, NeuronResult, YumaVariant};
use interfaces::weights::WeightRow;
use interfaces::{AccountId, Balance, BlockNumber, Uid};
use yuma::codec::BoolBytes;
use yuma::{
    Epoch, EpochContext, EpochError, EpochOutput, EpochParams, LiquidAlpha, NeuronInput,
    StepLimits, Variant,
};

/// What can go wrong inside a run (each maps to an `EmissionError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunError {
    /// A page answered by another contract does not match what was asked.
    MismatchedPage,
    /// The Yuma epoch refused its input (rows out of order).
    Epoch(EpochError),
    /// The exact bonds a ranks step stored for the dividends pass are missing.
    MissingBonds,
    /// A part of the epoch's state a pass reads is not stored.
    MissingState,
}

/// One neuron as the epoch was started with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub struct Member {
    pub registered_at: BlockNumber,
    pub stake: u64,
    pub last_update: BlockNumber,
    pub permit: bool,
    pub commit_block: Option<BlockNumber>,
}

/// What one neuron is paid, and the results recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    /// Miner reward (rao), credited as stake.
    pub incentive: u64,
    /// The incentive of the subnet owner's hotkey: never minted, as subtensor burns it, so
    /// that the owner's self-weight earns nothing on top of the owner's cut.
    pub burned: u64,
    /// Validator reward (rao), split between the owner's take and the nominators.
    pub dividend: u64,
    pub result: NeuronResult,
}

/// A finished epoch's outputs, per uid, as paying and recording them needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub struct PayoutTable {
    pub incentive_rao: Vec<u64>,
    pub dividend_rao: Vec<u64>,
    pub stake: Vec<u16>,
    pub consensus: Vec<u16>,
    pub incentive: Vec<u16>,
    pub dividends: Vec<u16>,
    pub validator_trust: Vec<u16>,
    #[codec(encoded_as = "BoolBytes")]
    pub validator_permit: Vec<bool>,
    #[codec(encoded_as = "BoolBytes")]
    pub active: Vec<bool>,
}

impl From<EpochOutput> for PayoutTable {
    fn from(output: EpochOutput) -> Self {
        PayoutTable {
            incentive_rao: output.server_emission,
            dividend_rao: output.validator_emission,
            stake: output.stake,
            consensus: output.consensus,
            incentive: output.incentive,
            dividends: output.dividends,
            validator_trust: output.validator_trust,
            validator_permit: output.validator_permit,
            active: output.active,
        }
    }
}

impl PayoutTable {
    fn payout(&self, uid: Uid) -> Payout {
        let i = usize::from(uid);
        let at = |values: &[u16]| values.get(i).copied().unwrap_or(0);
        let incentive = self.incentive_rao.get(i).copied().unwrap_or(0);
        let dividend = self.dividend_rao.get(i).copied().unwrap_or(0);
        Payout {
            incentive,
            burned: 0,
            dividend,
            result: NeuronResult {
                uid,
                stake: at(&self.stake),
                consensus: at(&self.consensus),
                incentive: at(&self.incentive),
                dividends: at(&self.dividends),
                validator_trust: at(&self.validator_trust),
                validator_permit: self.validator_permit.get(i).copied().unwrap_or(false),
                active: self.active.get(i).copied().unwrap_or(false),
                emission: Balance::from(incentive.saturating_add(dividend)),
            },
        }
    }
}

// The SCALE derive casts variant indices to u8; there are three.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub enum Stage {
    Gather {
        members: Vec<Member>,
    },
    /// The Yuma epoch runs: it is kept apart from the run (`store::EpochStore::save_epoch`),
    /// and only the rows code (`rows`) reads it.
    Rows,
    /// `next`: the first uid of the next page to pay.
    Payout {
        table: Box<PayoutTable>,
        next: Uid,
    },
}

/// A subnet's running epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub struct Run {
    pub generation: u32,
    pub started_at: BlockNumber,
    /// Rao distributed through Yuma (after the owner's cut).
    pub emission: u64,
    /// Rao minted to staking so far.
    pub paid: u64,
    /// Rao of the owner hotkey's incentive burned so far (see `Payout::burned`).
    pub burned: u64,
    /// Rao set aside at the start for whoever finishes the epoch, beside `emission`.
    pub keeper_fee: u64,
    /// Where the run reads stake and credits rewards (`interfaces::ledger`): staking, or the
    /// market when the subnet is paid in alpha. Set by the contract from emission's terms.
    pub ledger: AccountId,
    pub neuron_count: u16,
    /// Neurons per payout page, fixed for the run: page k is uids `k·page ..`, which is how
    /// the contract keeps the hotkeys. A gather page is a whole number of them
    /// (`gather_pages`).
    pub page: u16,
    pub params: EpochParams,
    pub context: EpochContext,
    pub limits: StepLimits,
    pub steps: u32,
    pub stage: Stage,
}

/// The most neurons a gather page reads: the registry's answer for them stays under the
/// 16 KiB a call returns.
pub const MAX_GATHER_PAGE: u16 = 256;

/// subtensor's epoch parameters from a subnet's hyperparameters.
pub fn epoch_params(hyperparameters: &Hyperparameters) -> EpochParams {
    EpochParams {
        variant: match hyperparameters.yuma_variant {
            YumaVariant::Classic => Variant::Classic,
            YumaVariant::Yuma3 => Variant::Yuma3,
        },
        kappa: hyperparameters.kappa,
        bonds_penalty: hyperparameters.bonds_penalty,
        bonds_moving_average: hyperparameters.bonds_moving_average,
        liquid_alpha: hyperparameters.liquid_alpha_enabled.then_some(LiquidAlpha {
            alpha_low: hyperparameters.alpha_low,
            alpha_high: hyperparameters.alpha_high,
            steepness: hyperparameters.alpha_sigmoid_steepness,
        }),
        max_allowed_validators: hyperparameters.max_allowed_validators,
        activity_cutoff: u64::from(hyperparameters.activity_cutoff),
        stake_threshold: saturate(hyperparameters.stake_threshold),
    }
}

/// Balances are u128 on the contract side and u64 (rao) inside Yuma; the cap is 2.1e16.
pub fn saturate(amount: Balance) -> u64 {
    u64::try_from(amount).unwrap_or(u64::MAX)
}

impl Run {
    /// A run started at `now` by `start`, distributing `emission` rao through Yuma, gathering
    /// and paying `page` neurons per call.
    pub fn new(
        start: &EpochStart,
        now: BlockNumber,
        emission: u64,
        limits: StepLimits,
        page: u16,
    ) -> Run {
        let hyperparameters = &start.hyperparameters;
        // Bonds to a neuron registered since the previous epoch started are dropped (before
        // the first epoch: since a tempo ago). subtensor's `last_tempo` is the block after the
        // previous epoch because its epoch runs before any registration of that block; here a
        // registration may land in the start block on either side of the keeper's call, so
        // the start block itself counts as "since".
        let bonds_mask_block = if start.generation > 1 {
            start.previous_start
        } else {
            now.saturating_sub(BlockNumber::from(hyperparameters.tempo))
        };
        Run {
            generation: start.generation,
            started_at: now,
            emission,
            paid: 0,
            burned: 0,
            keeper_fee: 0,
            ledger: AccountId::from([0; 32]),
            neuron_count: start.neuron_count,
            page: page.max(1),
            params: epoch_params(hyperparameters),
            context: EpochContext {
                current_block: u64::from(now),
                bonds_mask_block: u64::from(bonds_mask_block),
                owner_uid: Some(0),
                commit_reveal: hyperparameters.commit_reveal_enabled,
                emission,
            },
            limits,
            steps: 0,
            stage: Stage::Gather {
                members: Vec::new(),
            },
        }
    }

    /// Payout pages per gather page: two, within `MAX_GATHER_PAGE` neurons. A gather page's
    /// three answers are smaller a neuron (the registry's, the largest, about 55 bytes) than
    /// a payout page's call (64 bytes a reward), and each page fewer is a call fewer.
    pub fn gather_pages(&self) -> u16 {
        MAX_GATHER_PAGE
            .checked_div(self.page)
            .unwrap_or(1)
            .clamp(1, 2)
    }

    /// The uids the next gather page covers (its first and how many).
    pub fn gather_page(&self) -> (Uid, u16) {
        let gathered = match &self.stage {
            Stage::Gather { members } => members.len(),
            _ => usize::from(self.neuron_count),
        };
        let start = u16::try_from(gathered).unwrap_or(u16::MAX);
        (
            start,
            self.neuron_count
                .saturating_sub(start)
                .min(self.page.saturating_mul(self.gather_pages())),
        )
    }

    /// The index of the page that starts at `uid`.
    pub fn page_of(&self, uid: Uid) -> u16 {
        uid.checked_div(self.page).unwrap_or(0)
    }

    /// Adds a page of neurons with their stakes and row headers (all for the same uids, in
    /// order); once the last is in, `begin_rows` starts the Yuma epoch.
    pub fn gather(
        &mut self,
        neurons: &[Neuron],
        stakes: &[Balance],
        headers: &[WeightRow],
    ) -> Result<(), RunError> {
        let Stage::Gather { members } = &mut self.stage else {
            return Err(RunError::MismatchedPage);
        };
        let next = u16::try_from(members.len()).unwrap_or(u16::MAX);
        let in_order = neurons
            .iter()
            .zip(headers)
            .enumerate()
            .all(|(i, (neuron, header))| {
                u16::try_from(i).ok().and_then(|i| next.checked_add(i)) == Some(neuron.uid)
                    && header.uid == neuron.uid
            });
        if neurons.is_empty()
            || !in_order
            || stakes.len() != neurons.len()
            || headers.len() != neurons.len()
        {
            return Err(RunError::MismatchedPage);
        }
        for ((neuron, stake), header) in neurons.iter().zip(stakes).zip(headers) {
            // Registered since the start: another neuron than the one the epoch started with.
            let stake = if neuron.registered_at >= self.started_at {
                0
            } else {
                *stake
            };
            members.push(member(neuron, stake, header));
        }
        Ok(())
    }

    /// Whether every neuron is gathered: the next step starts the Yuma epoch.
    pub fn gathered(&self) -> bool {
        matches!(&self.stage, Stage::Gather { members } if members.len() >= usize::from(self.neuron_count))
    }

    /// Starts the Yuma epoch over the gathered members (`yuma::Epoch::new`: activity, permits
    /// and active stake); the run moves to its rows stage and the caller keeps the epoch.
    pub fn begin_rows(&mut self) -> Result<Epoch, RunError> {
        if !self.gathered() {
            return Err(RunError::MissingState);
        }
        let Stage::Gather { members } = core::mem::replace(&mut self.stage, Stage::Rows) else {
            return Err(RunError::MissingState);
        };
        // The members are dropped before the epoch is built: at 4,096 neurons they are
        // 128 KiB, the epoch's inputs 192 KiB and the epoch 400 KiB.
        let inputs: Vec<NeuronInput> = members.iter().map(neuron_input).collect();
        drop(members);
        Epoch::new(self.params, self.context, &inputs, self.limits).map_err(RunError::Epoch)
    }

    /// Ends the rows stage with the complete `epoch`'s outputs: the payout stage begins.
    pub fn close_rows(&mut self, epoch: Epoch) -> Result<(), RunError> {
        if !matches!(self.stage, Stage::Rows) || !epoch.is_complete() {
            return Err(RunError::MissingState);
        }
        let output = epoch.finish().map_err(RunError::Epoch)?;
        self.stage = Stage::Payout {
            table: Box::new(PayoutTable::from(output)),
            next: 0,
        };
        Ok(())
    }

    /// The next page of payouts (its first uid and each neuron's payout), or `None` once all
    /// are paid.
    pub fn payout_page(&self) -> Option<(Uid, Vec<Payout>)> {
        let Stage::Payout { table, next } = &self.stage else {
            return None;
        };
        let end = next.saturating_add(self.page).min(self.neuron_count);
        (*next < end).then(|| {
            let payouts = (*next..end).map(|uid| {
                let mut payout = table.payout(uid);
                if self.context.owner_uid == Some(uid) {
                    payout.burned = core::mem::take(&mut payout.incentive);
                }
                payout
            });
            (*next, payouts.collect())
        })
    }

    /// What Yuma has not paid or burned: carried to the next epoch once this one finishes.
    pub fn unpaid(&self) -> u64 {
        self.emission
            .saturating_sub(self.paid)
            .saturating_sub(self.burned)
    }

    /// Marks `count` payouts as paid; true when none are left.
    pub fn advance_payouts(&mut self, count: u16) -> bool {
        match &mut self.stage {
            Stage::Payout { next, .. } => {
                *next = next.saturating_add(count);
                *next >= self.neuron_count
            }
            _ => false,
        }
    }
}

fn member(neuron: &Neuron, stake: Balance, header: &WeightRow) -> Member {
    // A row left by the uid's previous occupant says nothing about this neuron: it counts as
    // updated at its registration (as subtensor resets LastUpdate on registration).
    let own_row = header.setter_registered_at == neuron.registered_at;
    let last_update = if own_row {
        header.last_update.max(neuron.registered_at)
    } else {
        neuron.registered_at
    };
    Member {
        registered_at: neuron.registered_at,
        stake: saturate(stake),
        last_update,
        permit: neuron.validator_permit,
        commit_block: header.earliest_commit.filter(|_| own_row),
    }
}

fn neuron_input(member: &Member) -> NeuronInput {
    NeuronInput {
        stake: member.stake,
        last_update: u64::from(member.last_update),
        registered_at: u64::from(member.registered_at),
        validator_permit: member.permit,
        commit_block: member.commit_block.map(u64::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::{feed, rows_to_read};
    use ink::prelude::vec;
    use ink::primitives::AccountId;
    use ink::scale::{Decode, Encode};
    use interfaces::entries::Entries;
    use yuma::parts::{Part, PartData};
    use yuma::BondRow;

    const N: u16 = 6;

    fn start() -> EpochStart {
        EpochStart {
            generation: 1,
            neuron_count: N,
            hyperparameters: Hyperparameters::default(),
            owner: AccountId::from([9; 32]),
            owner_hotkey: AccountId::from([0; 32]),
            previous_start: 0,
        }
    }

    /// uids 0–2 validate (uid 0 is the owner), 3–5 mine; validator v weights miner m by
    /// (v + m) and the stored bonds of the previous epoch are given.
    type Subnet = (Vec<Neuron>, Vec<Balance>, Vec<WeightRow>, Vec<StoredBonds>);
    type StoredBonds = Vec<(Uid, u16)>;

    fn subnet() -> Subnet {
        let neurons = (0..N)
            .map(|uid| Neuron {
                uid,
                hotkey: AccountId::from([u8::try_from(uid).unwrap(); 32]),
                registered_at: 1,
                validator_permit: uid < 3,
                emission: 0,
            })
            .collect();
        let stakes = (0..N)
            .map(|uid| {
                if uid < 3 {
                    1_000 * (u128::from(uid) + 1)
                } else {
                    0
                }
            })
            .collect();
        let rows = (0..N)
            .map(|uid| WeightRow {
                uid,
                setter_registered_at: 1,
                last_update: 50,
                earliest_commit: None,
                entries: Entries::from_pairs(if uid < 3 {
                    (3..N).map(|m| (m, 1_000 * (uid + m))).collect()
                } else {
                    Vec::new()
                }),
            })
            .collect();
        let bonds = (0..N)
            .map(|uid| {
                if uid < 3 {
                    vec![(3, 30_000), (4, 20_000)]
                } else {
                    Vec::new()
                }
            })
            .collect();
        (neurons, stakes, rows, bonds)
    }

    /// A run as the contract stores and loads it between calls.
    fn persisted(run: Run) -> Run {
        let mut slices: Vec<Vec<u8>> = Vec::new();
        crate::chunks::write(&run, |_, slice| slices.push(slice.to_vec()));
        let mut slices = slices.into_iter();
        let loaded: Run = crate::chunks::decode(|| slices.next()).expect("decodes");
        assert_eq!(loaded.encode(), run.encode());
        loaded
    }

    /// The rows stage's epoch as the contract stores and loads it between calls: the parts
    /// it changed go to `parts`, from where `feed` loads them, and its core is decoded with
    /// no part attached.
    fn persisted_epoch(epoch: Epoch, parts: &mut Parts) -> Epoch {
        for part in epoch.changed_parts().iter() {
            parts.insert(part.index(), epoch.part(part).encode());
        }
        Epoch::decode(&mut epoch.encode().as_slice()).expect("decodes")
    }

    type Parts = std::collections::BTreeMap<u8, Vec<u8>>;

    fn stored_part(parts: &Parts, part: Part) -> Option<PartData> {
        let bytes = parts.get(&part.index())?;
        PartData::decode(&mut bytes.as_slice()).ok()
    }

    /// Whether an answer of rows (read whole, or as the given columns) is cut by one row.
    type Cut = fn(Option<(Uid, Uid)>) -> bool;

    /// Drives a run with gather pages of `page` and row reads of `max_rows`, persisting it
    /// between steps as the contract does.
    fn drive(
        start: &EpochStart,
        page: u16,
        max_rows: u16,
        limits: StepLimits,
        cut: Cut,
    ) -> (Vec<Payout>, Vec<BondRow>) {
        let (neurons, stakes, rows, bonds) = subnet();
        let mut run = Run::new(start, 100, 1_000_000, limits, page);
        let mut parts = Parts::new();
        while !run.gathered() {
            let (first, count) = run.gather_page();
            let range = usize::from(first)..usize::from(first + count);
            let headers: Vec<WeightRow> = rows[range.clone()]
                .iter()
                .map(|r| WeightRow {
                    entries: Entries::default(),
                    ..r.clone()
                })
                .collect();
            run.gather(&neurons[range.clone()], &stakes[range], &headers)
                .unwrap();
            run = persisted(run);
        }
        // The call that gathers the last page starts the epoch and feeds it at once.
        let mut epoch = run.begin_rows().unwrap();
        let mut stored: Vec<BondRow> = Vec::new();
        let mut calls = 0;
        while !epoch.is_complete() {
            let wanted = rows_to_read(&epoch, max_rows);
            // The answer may be cut short: give one row fewer than asked when possible.
            // A consensus window after the first is read as its columns only.
            let columns = epoch.columns();
            let answered: Vec<WeightRow> = wanted
                .iter()
                .take(if cut(columns) {
                    wanted.len().saturating_sub(1).max(1)
                } else {
                    wanted.len()
                })
                .map(|uid| {
                    let row = rows[usize::from(*uid)].clone();
                    match columns {
                        Some((start, end)) => WeightRow {
                            entries: row.entries.columns(start, end),
                            ..row
                        },
                        None => row,
                    }
                })
                .collect();
            let exact_of = |uid: Uid| {
                stored
                    .iter()
                    .rev()
                    .find(|row| row.uid == uid)
                    .map(|row| row.exact.clone())
            };
            let finished = feed(
                &mut epoch,
                &answered,
                |uid, _| bonds[usize::from(uid)].clone(),
                exact_of,
                |part| stored_part(&parts, part),
            )
            .unwrap();
            for done in &finished {
                // Stamped with the holder even by the call that finishes the epoch.
                assert_eq!(
                    done.holder,
                    neurons[usize::from(done.row.uid)].registered_at
                );
            }
            stored.extend(finished.into_iter().map(|done| done.row));
            if !epoch.is_complete() {
                epoch = persisted_epoch(epoch, &mut parts);
                run = persisted(run);
            }
            calls += 1;
            assert!(calls < 1_000, "no progress");
        }
        run.close_rows(epoch).unwrap();
        run = persisted(run);
        let mut payouts = Vec::new();
        while let Some((first, page_payouts)) = run.payout_page() {
            assert_eq!(usize::from(first), payouts.len());
            let count = u16::try_from(page_payouts.len()).unwrap();
            payouts.extend(page_payouts);
            if run.advance_payouts(count) {
                break;
            }
        }
        assert_eq!(payouts.len(), usize::from(N));
        (payouts, stored)
    }

    #[test]
    fn any_split_into_steps_pays_what_one_epoch_computes() {
        every_split_pays_what_one_epoch_computes(&start());
    }

    /// A second epoch, whose old bonds (from before the previous start) count: every split,
    /// the one-call run of a small subnet included, reads them in the passes that use them.
    #[test]
    fn old_bonds_count_in_every_split() {
        let second = EpochStart {
            generation: 2,
            previous_start: 50,
            ..start()
        };
        let (_, _, _, bonds) = subnet();
        let no_bonds = vec![Vec::new(); bonds.len()];
        assert_ne!(
            one_run(&second, &bonds).1,
            one_run(&second, &no_bonds).1,
            "the old bonds change the new ones"
        );
        every_split_pays_what_one_epoch_computes(&second);
    }

    /// The test subnet's epoch from `start` in one `yuma::run_epoch`, with `bonds` as the old
    /// bonds: the outputs and the bond rows to store.
    fn one_run(start: &EpochStart, bonds: &[StoredBonds]) -> (EpochOutput, Vec<StoredBonds>) {
        let (neurons, stakes, rows, _) = subnet();
        let inputs: Vec<NeuronInput> = neurons
            .iter()
            .zip(&stakes)
            .map(|(n, s)| neuron_input(&member(n, *s, &rows[usize::from(n.uid)])))
            .collect();
        let weights: Vec<Vec<(Uid, u16)>> = rows.iter().map(|r| r.entries.to_pairs()).collect();
        let run = Run::new(start, 100, 1_000_000, StepLimits::default(), N);
        yuma::run_epoch(run.params, run.context, &inputs, &weights, bonds).unwrap()
    }

    fn every_split_pays_what_one_epoch_computes(start: &EpochStart) {
        let (_, _, _, bonds) = subnet();
        let (expected, expected_bonds) = one_run(start, &bonds);
        // Every row whole in the first rows call: all passes and the payout table in one call.
        let (one_call, one_call_bonds) = drive(start, N, N + 1, StepLimits::default(), |_| false);
        for (uid, payout) in one_call.iter().enumerate() {
            assert_eq!(payout.incentive, expected.server_emission[uid]);
            assert_eq!(payout.dividend, expected.validator_emission[uid]);
            assert_eq!(payout.result.consensus, expected.consensus[uid]);
        }
        assert!(
            one_call
                .iter()
                .map(|p| p.incentive + p.dividend)
                .sum::<u64>()
                > 990_000
        );
        // Whole rows cut short (so no call holds every row) and windows' columns not: each
        // later consensus window in one call, closed by the call that feeds its last rows.
        let later_windows_whole: Cut = |columns| columns.is_none();
        let expected: Vec<(Uid, Vec<(Uid, u16)>)> = expected_bonds
            .iter()
            .enumerate()
            .filter(|(uid, _)| *uid < 3)
            .map(|(uid, b)| (uid as Uid, b.clone()))
            .collect();
        let stored_of = |rows: &[BondRow]| {
            let mut stored: Vec<(Uid, Vec<(Uid, u16)>)> =
                rows.iter().map(|b| (b.uid, b.stored().to_vec())).collect();
            stored.sort();
            stored
        };
        assert_eq!(stored_of(&one_call_bonds), expected);
        let wider_later = |first, later| StepLimits {
            consensus_cells: first,
            column_window_cells: later,
        };
        for (page, max_rows, limits, cut) in [
            (1, 1, StepLimits::uniform(64), (|_| true) as Cut),
            (4, 2, StepLimits::uniform(8), |_| true),
            (N, 3, StepLimits::uniform(4), |_| true),
            (N, 3, StepLimits::uniform(3), later_windows_whole),
            (2, N, StepLimits::uniform(6), later_windows_whole),
            (N, 3, wider_later(3, 7), later_windows_whole),
            (2, 2, wider_later(4, 9), |_| true),
        ] {
            let (split, split_bonds) = drive(start, page, max_rows, limits, cut);
            assert_eq!(split, one_call, "page {page}, rows {max_rows}, {limits:?}");
            assert_eq!(stored_of(&split_bonds), expected);
        }
    }

    #[test]
    fn a_replaced_neurons_row_counts_as_empty() {
        let (neurons, _, rows, _) = subnet();
        let mut header = rows[1].clone();
        header.setter_registered_at = 0;
        let fresh = member(&neurons[1], 5, &header);
        assert_eq!(fresh.last_update, neurons[1].registered_at);
        let mut run = Run::new(&start(), 100, 1_000, StepLimits::default(), N);
        let (neurons, stakes, rows, _) = subnet();
        run.gather(&neurons, &stakes, &rows).unwrap();
        assert!(run.gathered());
        assert_eq!(
            run.gather(&neurons[..1], &stakes, &rows[..1]),
            Err(RunError::MismatchedPage)
        );
    }
}
