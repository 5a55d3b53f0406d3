import { describe, expect, it } from "vitest";

import {
  describeRegistrations,
  moveTargets,
  POSITIONS_PAGE,
  positionRows,
  readAllPositions,
  registrationsOf,
  type PositionInfo,
} from "../src/lib/positions";
import { account } from "./support/suite";

const position = (n: number, stake = BigInt(n) * 1_000n): PositionInfo => ({ hotkey: account(n), stake, shares: stake });

/**
 * A staking contract's `positions_of` over `held`, as contracts/staking/src/lib.rs answers it:
 * slots `start..min(start + min(count, cap), held.length)`; every call recorded.
 */
function stakingHolding(held: PositionInfo[], cap = POSITIONS_PAGE) {
  const calls: [number, number][] = [];
  const readPage = async (start: number, count: number) => {
    calls.push([start, count]);
    return held.slice(start, Math.min(start + Math.min(count, cap), held.length));
  };
  return { calls, readPage };
}

describe("readAllPositions", () => {
  it("reads 150 positions in pages of 64, every one once and in slot order", async () => {
    const held = Array.from({ length: 150 }, (_, i) => position(i + 1));
    const staking = stakingHolding(held);
    const read = await readAllPositions(held.length, staking.readPage);
    expect(staking.calls).toEqual([[0, 64], [64, 64], [128, 22]]);
    expect(read).toEqual(held);
  });

  it("asks nothing of a coldkey without positions", async () => {
    const staking = stakingHolding([]);
    expect(await readAllPositions(0, staking.readPage)).toEqual([]);
    expect(staking.calls).toEqual([]);
  });

  it("reads exactly one full page without asking for an empty second one", async () => {
    const held = Array.from({ length: 64 }, (_, i) => position(i + 1));
    const staking = stakingHolding(held);
    expect(await readAllPositions(64, staking.readPage)).toHaveLength(64);
    expect(staking.calls).toEqual([[0, 64]]);
  });

  it("still reads every position from a contract whose pages are smaller than asked", async () => {
    const held = Array.from({ length: 70 }, (_, i) => position(i + 1));
    const staking = stakingHolding(held, 30);
    expect(await readAllPositions(70, staking.readPage)).toEqual(held);
    expect(staking.calls.map(([start]) => start)).toEqual([0, 30, 60]);
  });

  it("stops at an empty page when positions closed after the count was read", async () => {
    const held = Array.from({ length: 65 }, (_, i) => position(i + 1));
    const staking = stakingHolding(held);
    // The count said 100; only 65 slots are left.
    expect(await readAllPositions(100, staking.readPage)).toEqual(held);
    expect(staking.calls).toEqual([[0, 64], [64, 36], [65, 35]]);
  });

  it("keeps a hotkey met twice (a closed slot refilled between two reads) once", async () => {
    const pages = [[position(1), position(2)], [position(2), position(3)]];
    const read = await readAllPositions(4, async () => pages.shift() ?? [], 2);
    expect(read.map((p) => p.hotkey)).toEqual([account(1), account(2), account(3)]);
  });

  it("refuses a page size that would never advance", async () => {
    await expect(readAllPositions(3, async () => [], 0)).rejects.toThrow(RangeError);
  });
});

describe("registrations", () => {
  it("pairs each subnet with the hotkey's uid there, leaving out the subnets it is not on", () => {
    expect(registrationsOf([3, 1, 2], [0, 1, undefined])).toEqual([
      { netuid: 1, uid: 1 },
      { netuid: 3, uid: 0 },
    ]);
    expect(registrationsOf([1, 2], [undefined, undefined])).toEqual([]);
  });

  it("refuses answers that do not match the subnets asked", () => {
    expect(() => registrationsOf([1, 2], [0])).toThrow("2 subnets but 1 uid answers");
  });

  it("describes where a hotkey is registered, or that it is registered nowhere", () => {
    expect(describeRegistrations([{ netuid: 1, uid: 1 }, { netuid: 3, uid: 0 }])).toBe("1 (uid 1), 3 (uid 0)");
    expect(describeRegistrations([])).toBe("deregistered");
  });
});

describe("positionRows", () => {
  const me = account(100);

  it("joins each position with its hotkey's subnets and owner, largest stake first", () => {
    const positions = [position(1, 5n), position(2, 50n), position(3, 5n)];
    const facts = new Map([
      [account(1), { subnets: [{ netuid: 1, uid: 4 }], owner: account(9) }],
      [account(2), { subnets: [], owner: me }],
      [account(3), { subnets: [{ netuid: 2, uid: 0 }] }],
    ]);
    const rows = positionRows(positions, (hotkey) => facts.get(hotkey)!, me);
    expect(rows.map((r) => r.hotkey)).toEqual([account(2), ...[account(1), account(3)].sort()]);
    const mine = rows[0];
    expect(mine).toMatchObject({ stake: 50n, subnets: [], ownHotkey: true });
    expect(describeRegistrations(mine.subnets)).toBe("deregistered");
    expect(rows.find((r) => r.hotkey === account(1))).toMatchObject({ subnets: [{ netuid: 1, uid: 4 }], ownHotkey: false });
    expect(rows.find((r) => r.hotkey === account(3))!.ownHotkey).toBe(false);
  });
});

describe("moveTargets", () => {
  const validator = (n: number, uid: number) => ({ hotkey: account(n), uid });

  it("lists every other validator once, with each subnet it validates on", () => {
    const targets = moveTargets(
      [
        { netuid: 1, validators: [validator(1, 1), validator(2, 2)] },
        { netuid: 2, validators: [validator(2, 0), validator(3, 5)] },
      ],
      account(1),
    );
    expect(targets).toEqual([
      { hotkey: account(2), subnets: [{ netuid: 1, uid: 2 }, { netuid: 2, uid: 0 }] },
      { hotkey: account(3), subnets: [{ netuid: 2, uid: 5 }] },
    ]);
  });

  it("offers nothing when the position's hotkey is the only validator", () => {
    expect(moveTargets([{ netuid: 1, validators: [validator(1, 0)] }], account(1))).toEqual([]);
  });
});
