import { describe, expect, it } from "vitest";

import { amountNote, checkMoveAmount, checkUnstakeAmount, takenFrom, type StakeRules } from "../src/lib/positionAmounts";
import { formatTaoExact, RAO_PER_TAO } from "../src/lib/units";

// Staking's defaults (interfaces::staking::StakingConfig): 0.002 TAO and 0.02 TAO.
const rules: StakeRules = { minStake: 2_000_000n, nominatorMinStake: 20_000_000n };
const nominator = { stake: 10n * RAO_PER_TAO, ownHotkey: false };
const owner = { stake: 10n * RAO_PER_TAO, ownHotkey: true };

describe("checkUnstakeAmount", () => {
  it("takes a part of the position as typed", () => {
    expect(checkUnstakeAmount("2.5", nominator, rules)).toEqual({
      ok: true,
      value: { rao: 2_500_000_000n, taken: 2_500_000_000n, wholePosition: false },
    });
  });

  it("takes exactly all of the position", () => {
    expect(checkUnstakeAmount("10", nominator, rules)).toEqual({
      ok: true,
      value: { rao: nominator.stake, taken: nominator.stake, wholePosition: true },
    });
  });

  it("refuses more than the position, saying to the rao what it holds", () => {
    const held = { stake: 10n * RAO_PER_TAO + 50_000n, ownHotkey: false };
    expect(checkUnstakeAmount("10.0001", held, rules)).toEqual({ ok: false, error: "the position holds only 10.00005 TAO" });
  });

  it("refuses nothing, zero and what is not an amount", () => {
    expect(checkUnstakeAmount("", nominator, rules)).toEqual({ ok: false, error: "enter an amount" });
    expect(checkUnstakeAmount("0", nominator, rules)).toEqual({ ok: false, error: "the amount must be above zero" });
    expect(checkUnstakeAmount("-1", nominator, rules)).toMatchObject({ ok: false });
  });

  it("says when staking will take a nominator's whole position, and not an owner's", () => {
    // 9.99 of 10 TAO leaves 0.01, below the 0.02 TAO nominator minimum.
    const nominated = checkUnstakeAmount("9.99", nominator, rules);
    expect(nominated).toEqual({ ok: true, value: { rao: 9_990_000_000n, taken: nominator.stake, wholePosition: true } });
    if (!nominated.ok) throw new Error("refused");
    expect(amountNote(nominated.value, rules)).toBe(
      "the whole position (10 TAO) goes: what would remain is below the nominator minimum of 0.02 TAO",
    );
    const owned = checkUnstakeAmount("9.99", owner, rules);
    expect(owned).toEqual({ ok: true, value: { rao: 9_990_000_000n, taken: 9_990_000_000n, wholePosition: false } });
    if (!owned.ok) throw new Error("refused");
    expect(amountNote(owned.value, rules)).toBeUndefined();
  });

  it("leaves exactly the nominator minimum behind without taking it", () => {
    expect(takenFrom(nominator, nominator.stake - rules.nominatorMinStake, rules)).toBe(nominator.stake - rules.nominatorMinStake);
    expect(takenFrom(nominator, nominator.stake - rules.nominatorMinStake + 1n, rules)).toBe(nominator.stake);
  });
});

describe("checkMoveAmount", () => {
  it("moves a part of the position, not above it", () => {
    expect(checkMoveAmount("4", nominator, rules)).toMatchObject({ ok: true, value: { rao: 4n * RAO_PER_TAO, wholePosition: false } });
    expect(checkMoveAmount("11", nominator, rules)).toEqual({ ok: false, error: "the position holds only 10 TAO" });
  });

  it("refuses a move below the minimum stake, unless staking takes the whole position anyway", () => {
    expect(checkMoveAmount("0.001", nominator, rules)).toEqual({
      ok: false,
      error: "a move must be at least 0.002 TAO (the minimum stake)",
    });
    // 0.001 of a 0.021 TAO position leaves 0.02: nothing more is taken, so the move is too small.
    expect(checkMoveAmount("0.001", { stake: 21_000_000n, ownHotkey: false }, rules)).toMatchObject({ ok: false });
    // 0.001 of a 0.0205 TAO position would leave less than 0.02: all 0.0205 moves.
    expect(checkMoveAmount("0.001", { stake: 20_500_000n, ownHotkey: false }, rules)).toEqual({
      ok: true,
      value: { rao: 1_000_000n, taken: 20_500_000n, wholePosition: true },
    });
  });

  it("notes a move of everything", () => {
    const all = checkMoveAmount("10", nominator, rules);
    if (!all.ok) throw new Error(all.error);
    expect(amountNote(all.value, rules)).toBe("this is the whole position");
  });
});

describe("formatTaoExact", () => {
  it("prints every decimal an amount has and no trailing zero", () => {
    expect(formatTaoExact(2_000_000n)).toBe("0.002");
    expect(formatTaoExact(1_000n * RAO_PER_TAO)).toBe("1,000");
    expect(formatTaoExact(10n * RAO_PER_TAO + 50_000n)).toBe("10.00005");
    expect(formatTaoExact(1n)).toBe("0.000000001");
    expect(formatTaoExact(0n)).toBe("0");
  });
});
