//! One subnet's epoch as it runs across calls, in plain Rust (no storage, no calls).
//!
//! A run moves through three stages, each fed by the contract with what it read:
//! 1. **Gather**: pages of neurons, their stakes and their weight-row headers (as of the
//!    epoch's start) become the epoch's frozen inputs; with the last page the Yuma epoch
//!    (`yuma::Epoch`) computes activity, permits and active stake.
//! 2. **Rows**: validator rows (as of the start) and their bonds are fed to the Yuma passes;
//!    the bonds each row completes go back to the contract to store.
//! 3. **Payout**: the finished epoch's rewards and results are paid and recorded page by page.
//!
//! The whole run is SCALE-encoded between calls (see `chunks`), so every stage's progress
//! survives any split into calls.

use ink::prelude::boxed::Box;
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use interfaces::registry::{EpochStart, Hyperparameters, Neuron, NeuronResult, YumaVariant};
use interfaces::weights::WeightRow;
use interfaces::{Balance, BlockNumber, Uid};
use yuma::fixed::I32F32;
use yuma::{
    BondRow, Epoch, EpochContext, EpochError, EpochOutput, EpochParams, LiquidAlpha, NeuronInput,
    RowInput, StepLimits, Variant,
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
}

/// One neuron as the epoch was started with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub struct Member {
    pub hotkey: AccountId,
    pub registered_at: BlockNumber,
    pub stake: u64,
    pub last_update: BlockNumber,
    pub permit: bool,
    pub commit_block: Option<BlockNumber>,
}

/// What one neuron is paid, and the results recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub struct Payout {
    pub hotkey: AccountId,
    /// Miner reward (rao), credited as stake.
    pub incentive: u64,
    /// Validator reward (rao), split between the owner's take and the nominators.
    pub dividend: u64,
    pub result: NeuronResult,
}

// The SCALE derive casts variant indices to u8; there are three.
#[allow(clippy::cast_possible_truncation)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode)]
pub enum Stage {
    Gather,
    Rows(Box<Epoch>),
    Payout { payouts: Vec<Payout>, next: u16 },
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
    pub neuron_count: u16,
    pub params: EpochParams,
    pub context: EpochContext,
    pub limits: StepLimits,
    pub members: Vec<Member>,
    pub steps: u32,
    pub stage: Stage,
}

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
    /// A run started at `now` by `start`, distributing `emission` rao through Yuma.
    pub fn new(start: &EpochStart, now: BlockNumber, emission: u64, limits: StepLimits) -> Run {
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
            neuron_count: start.neuron_count,
            params: epoch_params(hyperparameters),
            context: EpochContext {
                current_block: u64::from(now),
                bonds_mask_block: u64::from(bonds_mask_block),
                owner_uid: Some(0),
                commit_reveal: hyperparameters.commit_reveal_enabled,
                emission,
            },
            limits,
            members: Vec::new(),
            steps: 0,
            stage: Stage::Gather,
        }
    }

    /// The uids the next gather page covers: at most `page` from where the last one ended.
    pub fn gather_page(&self, page: u16) -> (Uid, u16) {
        let start = u16::try_from(self.members.len()).unwrap_or(u16::MAX);
        (start, self.neuron_count.saturating_sub(start).min(page))
    }

    /// Adds a page of neurons with their stakes and row headers (all for the same uids, in
    /// order); the last page starts the Yuma epoch.
    pub fn gather(
        &mut self,
        neurons: &[Neuron],
        stakes: &[Balance],
        headers: &[WeightRow],
    ) -> Result<(), RunError> {
        let next = u16::try_from(self.members.len()).unwrap_or(u16::MAX);
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
            self.members.push(member(neuron, *stake, header));
        }
        if self.members.len() >= usize::from(self.neuron_count) {
            let inputs: Vec<NeuronInput> = self.members.iter().map(neuron_input).collect();
            let epoch = Epoch::new(self.params, self.context, &inputs, self.limits)
                .map_err(RunError::Epoch)?;
            self.stage = Stage::Rows(Box::new(epoch));
            self.finish_if_complete()?;
        }
        Ok(())
    }

    /// The validator rows to read for the next rows step, at most `max`: the rest of the
    /// current pass first (so that any prefix the answer is cut to still makes progress), then
    /// the rows the later passes start with, so that a small subnet runs every pass on one read.
    pub fn rows_to_read(&self, max: u16) -> Vec<Uid> {
        let Stage::Rows(epoch) = &self.stage else {
            return Vec::new();
        };
        let max = usize::from(max);
        let mut uids = epoch.next_rows(max).to_vec();
        for uid in epoch.rows_read() {
            if uids.len() >= max {
                break;
            }
            if !uids.contains(uid) {
                uids.push(*uid);
            }
        }
        uids
    }

    /// Whether the next rows step reads weight rows (Yuma 3's dividends pass reads the exact
    /// bonds its ranks pass stored instead).
    pub fn reads_weights(&self) -> bool {
        matches!(&self.stage, Stage::Rows(epoch) if epoch.reads_weights())
    }

    /// Feeds the rows read (each one's stored bonds via `bonds_of`, and in Yuma 3's dividends
    /// pass its exact bonds via `exact_of`, unless this call computed them) to as many passes
    /// as they cover. `rows` may be bare uids (no entries) when the pass reads no weights.
    /// Returns the bond rows completed, to store.
    pub fn feed(
        &mut self,
        rows: &[WeightRow],
        mut bonds_of: impl FnMut(Uid, BlockNumber) -> Vec<(Uid, u16)>,
        mut exact_of: impl FnMut(Uid) -> Option<Vec<(Uid, I32F32)>>,
    ) -> Result<Vec<BondRow>, RunError> {
        let Stage::Rows(epoch) = &mut self.stage else {
            return Ok(Vec::new());
        };
        // Rows written by a neuron that has since been replaced count as empty.
        let fresh: Vec<(Uid, &[(Uid, u16)])> = rows
            .iter()
            .map(|row| {
                let current = self.members.get(usize::from(row.uid));
                let entries: &[(Uid, u16)] =
                    if current.is_some_and(|m| m.registered_at == row.setter_registered_at) {
                        &row.entries
                    } else {
                        &[]
                    };
                (row.uid, entries)
            })
            .collect();
        let bonds: Vec<Vec<(Uid, u16)>> = if epoch.reads_weights() {
            fresh
                .iter()
                .map(|(uid, _)| {
                    let holder = self
                        .members
                        .get(usize::from(*uid))
                        .map_or(0, |m| m.registered_at);
                    bonds_of(*uid, holder)
                })
                .collect()
        } else {
            fresh.iter().map(|_| Vec::new()).collect()
        };
        // A call goes on into the next pass only when it holds every row the epoch reads (a
        // small subnet): a large one would pile up a second pass's memory in one call.
        let holds_all = epoch
            .rows_read()
            .iter()
            .all(|uid| fresh.iter().any(|(held, _)| held == uid));
        let mut completed: Vec<BondRow> = Vec::new();
        let mut exact: Vec<(Uid, Vec<(Uid, I32F32)>)> = Vec::new();
        loop {
            // The uids the pass expects next that this call holds (with where it holds them),
            // in order, up to the first it does not.
            let ready: Vec<(Uid, usize)> = epoch
                .next_rows(usize::MAX)
                .iter()
                .map_while(|uid| {
                    let position = fresh.iter().position(|(held, _)| held == uid)?;
                    Some((*uid, position))
                })
                .collect();
            if ready.is_empty() {
                break;
            }
            if !epoch.reads_weights() {
                for (uid, _) in &ready {
                    if !exact.iter().any(|(at, _)| at == uid) {
                        let row = match completed.iter().find(|row| row.uid == *uid) {
                            Some(row) => row.exact.clone(),
                            None => exact_of(*uid).ok_or(RunError::MissingBonds)?,
                        };
                        exact.push((*uid, row));
                    }
                }
            }
            let chunk: Vec<RowInput<'_>> = ready
                .iter()
                .filter_map(|&(uid, position)| {
                    let (_, weights) = fresh.get(position)?;
                    let exact_bonds = exact
                        .iter()
                        .find(|(at, _)| *at == uid)
                        .map_or(&[][..], |(_, row)| row.as_slice());
                    Some(RowInput {
                        uid,
                        weights,
                        bonds: bonds.get(position)?,
                        exact_bonds,
                    })
                })
                .collect();
            let pass = epoch.pass();
            let finished = epoch.feed(&chunk).map_err(RunError::Epoch)?;
            drop(chunk);
            completed.extend(finished);
            if epoch.pass() != pass && !holds_all {
                break;
            }
        }
        self.finish_if_complete()?;
        Ok(completed)
    }

    /// The next page of payouts, or nothing once all are paid.
    pub fn payout_page(&self, page: u16) -> &[Payout] {
        let Stage::Payout { payouts, next } = &self.stage else {
            return &[];
        };
        let start = usize::from(*next).min(payouts.len());
        let end = start.saturating_add(usize::from(page)).min(payouts.len());
        payouts.get(start..end).unwrap_or(&[])
    }

    /// Marks `count` payouts as paid; true when none are left.
    pub fn advance_payouts(&mut self, count: u16) -> bool {
        match &mut self.stage {
            Stage::Payout { payouts, next } => {
                *next = next.saturating_add(count);
                usize::from(*next) >= payouts.len()
            }
            _ => false,
        }
    }

    fn finish_if_complete(&mut self) -> Result<(), RunError> {
        let Stage::Rows(epoch) = &self.stage else {
            return Ok(());
        };
        if !epoch.is_complete() {
            return Ok(());
        }
        let Stage::Rows(epoch) = core::mem::replace(&mut self.stage, Stage::Gather) else {
            return Ok(());
        };
        let output = epoch.finish().map_err(RunError::Epoch)?;
        self.stage = Stage::Payout {
            payouts: payouts(&self.members, &output),
            next: 0,
        };
        // The payouts carry what paying needs: the members would only be loaded and saved
        // again by every payout call.
        self.members = Vec::new();
        Ok(())
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
        hotkey: neuron.hotkey,
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

fn payouts(members: &[Member], output: &EpochOutput) -> Vec<Payout> {
    let at = |values: &[u16], i: usize| values.get(i).copied().unwrap_or(0);
    members
        .iter()
        .enumerate()
        .map(|(i, member)| {
            let incentive = output.server_emission.get(i).copied().unwrap_or(0);
            let dividend = output.validator_emission.get(i).copied().unwrap_or(0);
            Payout {
                hotkey: member.hotkey,
                incentive,
                dividend,
                result: NeuronResult {
                    uid: u16::try_from(i).unwrap_or(u16::MAX),
                    stake: at(&output.stake, i),
                    consensus: at(&output.consensus, i),
                    incentive: at(&output.incentive, i),
                    dividends: at(&output.dividends, i),
                    validator_trust: at(&output.validator_trust, i),
                    validator_permit: output.validator_permit.get(i).copied().unwrap_or(false),
                    active: output.active.get(i).copied().unwrap_or(false),
                    emission: Balance::from(incentive.saturating_add(dividend)),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::prelude::vec;

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
                entries: if uid < 3 {
                    (3..N).map(|m| (m, 1_000 * (uid + m))).collect()
                } else {
                    Vec::new()
                },
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
        let bytes = crate::chunks::encode(&run);
        let mut slices = bytes.chunks(crate::chunks::CHUNK).map(<[u8]>::to_vec);
        let loaded: Run = crate::chunks::decode(|| slices.next()).expect("decodes");
        assert_eq!(loaded, run);
        loaded
    }

    /// Drives a run with gather pages of `page` and row reads of `max_rows`, persisting it
    /// between steps as the contract does.
    fn drive(page: u16, max_rows: u16, consensus_cells: u32) -> (Vec<Payout>, Vec<BondRow>) {
        let (neurons, stakes, rows, bonds) = subnet();
        let limits = StepLimits { consensus_cells };
        let mut run = Run::new(&start(), 100, 1_000_000, limits);
        while matches!(run.stage, Stage::Gather) {
            let (first, count) = run.gather_page(page);
            let range = usize::from(first)..usize::from(first + count);
            let headers: Vec<WeightRow> = rows[range.clone()]
                .iter()
                .map(|r| WeightRow {
                    entries: Vec::new(),
                    ..r.clone()
                })
                .collect();
            run.gather(&neurons[range.clone()], &stakes[range], &headers)
                .unwrap();
            run = persisted(run);
        }
        let mut stored: Vec<BondRow> = Vec::new();
        let mut calls = 0;
        while matches!(run.stage, Stage::Rows(_)) {
            let wanted = run.rows_to_read(max_rows);
            // The answer may be cut short: give one row fewer than asked when possible.
            let answered: Vec<WeightRow> = wanted
                .iter()
                .take(wanted.len().saturating_sub(1).max(1))
                .map(|uid| rows[usize::from(*uid)].clone())
                .collect();
            let exact_of = |uid: Uid| {
                stored
                    .iter()
                    .rev()
                    .find(|row| row.uid == uid)
                    .map(|row| row.exact.clone())
            };
            let finished = run
                .feed(
                    &answered,
                    |uid, _| bonds[usize::from(uid)].clone(),
                    exact_of,
                )
                .unwrap();
            stored.extend(finished);
            run = persisted(run);
            calls += 1;
            assert!(calls < 1_000, "no progress");
        }
        let mut payouts = Vec::new();
        loop {
            let page_payouts = run.payout_page(2).to_vec();
            let count = u16::try_from(page_payouts.len()).unwrap();
            payouts.extend(page_payouts);
            if run.advance_payouts(count) {
                break;
            }
        }
        (payouts, stored)
    }

    #[test]
    fn any_split_into_steps_pays_what_one_epoch_computes() {
        let (neurons, stakes, rows, bonds) = subnet();
        let inputs: Vec<NeuronInput> = neurons
            .iter()
            .zip(&stakes)
            .map(|(n, s)| neuron_input(&member(n, *s, &rows[usize::from(n.uid)])))
            .collect();
        let weights: Vec<Vec<(Uid, u16)>> = rows.iter().map(|r| r.entries.clone()).collect();
        let run = Run::new(&start(), 100, 1_000_000, StepLimits::default());
        let (expected, expected_bonds) =
            yuma::run_epoch(run.params, run.context, &inputs, &weights, &bonds).unwrap();
        let (one_call, _) = drive(N, N + 1, 16_384);
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
        for (page, max_rows, cells) in [(1, 1, 64), (4, 2, 8), (N, 3, 4)] {
            let (split, split_bonds) = drive(page, max_rows, cells);
            assert_eq!(
                split, one_call,
                "page {page}, rows {max_rows}, cells {cells}"
            );
            let mut stored: Vec<(Uid, Vec<(Uid, u16)>)> = split_bonds
                .iter()
                .map(|b| (b.uid, b.stored().to_vec()))
                .collect();
            stored.sort();
            let expected: Vec<(Uid, Vec<(Uid, u16)>)> = expected_bonds
                .iter()
                .enumerate()
                .filter(|(uid, _)| *uid < 3)
                .map(|(uid, b)| (uid as Uid, b.clone()))
                .collect();
            assert_eq!(stored, expected);
        }
    }

    #[test]
    fn a_replaced_neurons_row_counts_as_empty() {
        let (neurons, _, rows, _) = subnet();
        let mut header = rows[1].clone();
        header.setter_registered_at = 0;
        let fresh = member(&neurons[1], 5, &header);
        assert_eq!(fresh.last_update, neurons[1].registered_at);
        let mut run = Run::new(&start(), 100, 1_000, StepLimits::default());
        let (neurons, stakes, rows, _) = subnet();
        run.gather(&neurons, &stakes, &rows).unwrap();
        assert!(matches!(run.stage, Stage::Rows(_)));
        assert_eq!(
            run.gather(&neurons[..1], &stakes, &rows[..1]),
            Err(RunError::MismatchedPage)
        );
    }
}
