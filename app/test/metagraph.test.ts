import { describe, expect, it } from "vitest";
import { nextSort, rankValidators, shortAddress, sortRows, type NeuronRow } from "../src/lib/metagraph";

const row = (uid: number, stake: bigint, incentive: number, hotkey = `hot${uid}`): NeuronRow => ({
  uid,
  hotkey,
  stake,
  validatorTrust: 0,
  consensus: 0,
  incentive,
  dividends: 0,
  emission: 0n,
  validatorPermit: false,
});

describe("sortRows", () => {
  const rows = [row(0, 5n, 10), row(1, 50n, 10), row(2, 7n, 30)];

  it("sorts bigint and number columns both ways", () => {
    expect(sortRows(rows, { key: "stake", direction: "descending" }).map((r) => r.uid)).toEqual([1, 2, 0]);
    expect(sortRows(rows, { key: "stake", direction: "ascending" }).map((r) => r.uid)).toEqual([0, 2, 1]);
    expect(sortRows(rows, { key: "hotkey", direction: "descending" }).map((r) => r.uid)).toEqual([2, 1, 0]);
  });

  it("breaks ties by uid and leaves its input alone", () => {
    expect(sortRows(rows, { key: "incentive", direction: "ascending" }).map((r) => r.uid)).toEqual([0, 1, 2]);
    expect(rows.map((r) => r.uid)).toEqual([0, 1, 2]);
  });
});

describe("nextSort", () => {
  it("flips the same column and starts numbers descending", () => {
    expect(nextSort({ key: "stake", direction: "descending" }, "stake")).toEqual({ key: "stake", direction: "ascending" });
    expect(nextSort({ key: "stake", direction: "ascending" }, "emission")).toEqual({ key: "emission", direction: "descending" });
    expect(nextSort({ key: "stake", direction: "ascending" }, "uid")).toEqual({ key: "uid", direction: "ascending" });
  });
});

describe("validators", () => {
  it("rank by total stake, then uid", () => {
    const v = (uid: number, totalStake: bigint) => ({ hotkey: `h${uid}`, uid, take: 0, totalStake, nominators: 0, myStake: 0n });
    expect(rankValidators([v(3, 1n), v(1, 9n), v(2, 9n)]).map((r) => r.uid)).toEqual([1, 2, 3]);
  });

  it("shortens addresses for table cells", () => {
    expect(shortAddress("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")).toBe("5Grwva…GKutQY");
    expect(shortAddress("short")).toBe("short");
  });
});
