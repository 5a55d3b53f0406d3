// Amounts taken out of a position (to unstake or to move), checked before anything is signed,
// by staking's own rules (contracts/staking/src/lib.rs, `withdraw` and `deposit`): above zero,
// not above the position, and — since a nominator left below the nominator minimum has its
// whole position taken — saying so when that is what the amount will do.
import { formatTaoExact, parseTao } from "./units";
import type { Checked } from "./values";

/** Staking's minimums (its `config()`), in rao. */
export interface StakeRules {
  /** The smallest stake a deposit (a move's arrival included) may make. */
  minStake: bigint;
  /** A nominator's smallest position: less left behind and the whole position goes. */
  nominatorMinStake: bigint;
}

/** The position an amount comes out of. */
export interface Held {
  stake: bigint;
  /** On the coldkey's own hotkey: an owner's position is never closed for being small. */
  ownHotkey: boolean;
}

export interface PositionAmount {
  /** The amount as typed, what the call is sent with. */
  rao: bigint;
  /** What staking will actually take: all of the position when the rest would be too small. */
  taken: bigint;
  wholePosition: boolean;
}

/** What staking's withdraw takes for `rao`: all of it when a nominator would keep a sliver. */
export function takenFrom(held: Held, rao: bigint, rules: StakeRules): bigint {
  const left = held.stake - rao;
  return !held.ownHotkey && left > 0n && left < rules.nominatorMinStake ? held.stake : rao;
}

/** An amount to unstake: above zero, not above the position. */
export function checkUnstakeAmount(text: string, held: Held, rules: StakeRules): Checked<PositionAmount> {
  const parsed = parseTao(text);
  if (!parsed.ok) return parsed;
  if (parsed.rao > held.stake) {
    return { ok: false, error: `the position holds only ${formatTaoExact(held.stake)} TAO` };
  }
  const taken = takenFrom(held, parsed.rao, rules);
  return { ok: true, value: { rao: parsed.rao, taken, wholePosition: taken === held.stake } };
}

/** An amount to move: as to unstake, and what arrives must be at least the minimum stake. */
export function checkMoveAmount(text: string, held: Held, rules: StakeRules): Checked<PositionAmount> {
  const checked = checkUnstakeAmount(text, held, rules);
  if (!checked.ok) return checked;
  if (checked.value.taken < rules.minStake) {
    return { ok: false, error: `a move must be at least ${formatTaoExact(rules.minStake)} TAO (the minimum stake)` };
  }
  return checked;
}

/** A word on what the amount does beyond what was typed, or undefined when nothing. */
export function amountNote(amount: PositionAmount, rules: StakeRules): string | undefined {
  if (amount.taken === amount.rao) return amount.wholePosition ? "this is the whole position" : undefined;
  return (
    `the whole position (${formatTaoExact(amount.taken)} TAO) goes: what would remain is below ` +
    `the nominator minimum of ${formatTaoExact(rules.nominatorMinStake)} TAO`
  );
}
