import { describe, expect, it } from "vitest";

import {
  DEFAULT_DELEGATE_SORT,
  delegateRow,
  nextDelegateSort,
  returnPer1000,
  sortDelegates,
  validatorEmissions,
  type DelegateRow,
} from "../src/lib/delegates";
import { RAO_PER_TAO } from "../src/lib/units";
import { account } from "./support/suite";

const TAO = RAO_PER_TAO;

describe("returnPer1000", () => {
  it("is the delegators' part of the emission per 1,000 TAO staked, computed by hand", () => {
    // 10 TAO emitted, take 11,796/65,535 (18%), 5,000 TAO staked:
    // after the take ⌊10e9 × 53,739 / 65,535⌋ = 8,200,045,777 rao (≈ 8.2 TAO),
    // per 1,000 TAO ⌊8,200,045,777 × 1,000 / 5,000⌋ = 1,640,009,155 rao (≈ 1.64 TAO).
    expect(returnPer1000(10n * TAO, 11_796, 5_000n * TAO)).toBe(1_640_009_155n);
  });

  it("gives 1,000 TAO's share exactly when nothing is taken", () => {
    // 1 TAO over 1,000 TAO staked: each 1,000 TAO earned 1 TAO.
    expect(returnPer1000(1n * TAO, 0, 1_000n * TAO)).toBe(1n * TAO);
    // 3 TAO over 10,000 TAO: 0.3 TAO per 1,000.
    expect(returnPer1000(3n * TAO, 0, 10_000n * TAO)).toBe(300_000_000n);
  });

  it("leaves delegators nothing when the validator takes everything, and nothing is earned without stake", () => {
    expect(returnPer1000(10n * TAO, 65_535, 5_000n * TAO)).toBe(0n);
    expect(returnPer1000(10n * TAO, 0, 0n)).toBe(0n);
  });

  it("rounds down after the take as the command does, not once at the end", () => {
    // 1 rao × 65,534 / 65,535 is 0 rao: nothing left to share, however small the stake.
    expect(returnPer1000(1n, 1, 1n)).toBe(0n);
  });

  it("stays exact beyond what a float holds", () => {
    // 21 million TAO emitted on 1 rao of stake: 2.1e34 rao, far past 2^53.
    expect(returnPer1000(21_000_000n * TAO, 0, 1n)).toBe(21_000_000n * TAO * 1_000n * TAO);
  });
});

describe("validatorEmissions", () => {
  it("sums each permit holder's emission over its subnets, once per hotkey, and leaves out the rest", () => {
    const earned = validatorEmissions([
      { netuid: 1, neurons: [{ hotkey: "A", validatorPermit: true, emission: 3n }, { hotkey: "C", validatorPermit: false, emission: 50n }] },
      { netuid: 2, neurons: [{ hotkey: "B", validatorPermit: true, emission: 5n }, { hotkey: "A", validatorPermit: true, emission: 4n }] },
      // A mines here: that emission is not shared with its delegators.
      { netuid: 3, neurons: [{ hotkey: "A", validatorPermit: false, emission: 100n }] },
    ]);
    expect(earned).toEqual([
      { hotkey: "A", emission: 7n, netuids: [1, 2] },
      { hotkey: "B", emission: 5n, netuids: [2] },
    ]);
  });

  it("feeds the return with what every subnet paid", () => {
    const [a] = validatorEmissions([
      { netuid: 1, neurons: [{ hotkey: "A", validatorPermit: true, emission: 3n * TAO }] },
      { netuid: 2, neurons: [{ hotkey: "A", validatorPermit: true, emission: 2n * TAO }] },
    ]);
    const row = delegateRow(a, { totalStake: 10_000n * TAO, take: 0, nominators: 2 });
    // 5 TAO over 10,000 TAO staked: 0.5 TAO per 1,000.
    expect(row.returnPer1000).toBe(500_000_000n);
    expect(row.netuids).toEqual([1, 2]);
  });
});

describe("delegateRow", () => {
  const earned = { hotkey: account(9), emission: 0n, netuids: [1] };

  it("is the connected account's when staking names it the hotkey's owner", () => {
    expect(delegateRow(earned, { totalStake: 1n, take: 0, nominators: 0, owner: account(5) }, account(5)).mine).toBe(true);
    expect(delegateRow(earned, { totalStake: 1n, take: 0, nominators: 0, owner: account(5) }, account(6)).mine).toBe(false);
    expect(delegateRow(earned, { totalStake: 1n, take: 0, nominators: 0, owner: account(5) }).mine).toBe(false);
    expect(delegateRow(earned, { totalStake: 1n, take: 0, nominators: 0 }, account(5)).mine).toBe(false);
  });
});

describe("sortDelegates", () => {
  const row = (hotkey: string, name: string | undefined, totalStake: bigint, take: number, nominators: number, ret: bigint): DelegateRow => ({
    hotkey,
    identity: name === undefined ? undefined : { name, url: "", description: "", imageUrl: "" },
    totalStake,
    take,
    nominators,
    returnPer1000: ret,
    netuids: [1],
    mine: false,
  });
  const rows = [
    row("h1", "Zeta", 500n, 11_796, 3, 10n),
    row("h2", undefined, 900n, 0, 1, 30n),
    row("h3", "alpha", 100n, 6_553, 7, 20n),
    row("h4", "", 100n, 6_553, 0, 20n),
  ];
  const order = (sort: Parameters<typeof sortDelegates>[1]) => sortDelegates(rows, sort).map((r) => r.hotkey);

  it("sorts by each column, ties by hotkey", () => {
    expect(order(DEFAULT_DELEGATE_SORT)).toEqual(["h2", "h1", "h3", "h4"]);
    expect(order({ key: "totalStake", direction: "ascending" })).toEqual(["h3", "h4", "h1", "h2"]);
    expect(order({ key: "take", direction: "ascending" })).toEqual(["h2", "h3", "h4", "h1"]);
    expect(order({ key: "nominators", direction: "descending" })).toEqual(["h3", "h1", "h2", "h4"]);
    expect(order({ key: "returnPer1000", direction: "descending" })).toEqual(["h2", "h3", "h4", "h1"]);
  });

  it("sorts names without regard to case, the unnamed last both ways", () => {
    expect(order({ key: "name", direction: "ascending" })).toEqual(["h3", "h1", "h2", "h4"]);
    expect(order({ key: "name", direction: "descending" })).toEqual(["h1", "h3", "h2", "h4"]);
  });

  it("leaves its input alone", () => {
    order({ key: "take", direction: "descending" });
    expect(rows.map((r) => r.hotkey)).toEqual(["h1", "h2", "h3", "h4"]);
  });
});

describe("nextDelegateSort", () => {
  it("flips the same column, starts names and take ascending and the rest descending", () => {
    expect(nextDelegateSort(DEFAULT_DELEGATE_SORT, "totalStake")).toEqual({ key: "totalStake", direction: "ascending" });
    expect(nextDelegateSort(DEFAULT_DELEGATE_SORT, "take")).toEqual({ key: "take", direction: "ascending" });
    expect(nextDelegateSort(DEFAULT_DELEGATE_SORT, "name")).toEqual({ key: "name", direction: "ascending" });
    expect(nextDelegateSort({ key: "take", direction: "ascending" }, "returnPer1000")).toEqual({ key: "returnPer1000", direction: "descending" });
    expect(nextDelegateSort({ key: "take", direction: "ascending" }, "nominators")).toEqual({ key: "nominators", direction: "descending" });
  });
});
