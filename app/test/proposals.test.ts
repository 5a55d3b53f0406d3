import { describe, expect, it } from "vitest";
import { actions, deadlineText, tally, type ProposalView } from "../src/lib/proposals";

const proposal = (over: Partial<ProposalView> = {}): ProposalView => ({
  id: 0,
  state: "Active",
  description: "set Tempo(10) on subnet 1",
  proposer: "5Grwva",
  snapshot: 10,
  deadline: 30,
  forVotes: 0n,
  againstVotes: 0n,
  abstainVotes: 0n,
  ...over,
});

describe("actions", () => {
  const PROPOSER = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
  const GUARDIAN = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
  const OTHER = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
  const viewer = (address = OTHER, hasVoted = false) => ({ address, hasVoted });
  const p = (over: Partial<ProposalView> = {}) => proposal({ proposer: PROPOSER, ...over });

  it("follow the lifecycle", () => {
    expect(actions(p(), 20, viewer())).toEqual(["vote"]);
    expect(actions(p(), 20, viewer(OTHER, true))).toEqual([]);
    expect(actions(p({ state: "Pending" }), 5, viewer())).toEqual([]);
    expect(actions(p({ state: "Succeeded" }), 31, viewer())).toEqual(["queue"]);
    expect(actions(p({ state: "Queued", eta: 40, graceEnd: 50 }), 39, viewer())).toEqual([]);
    expect(actions(p({ state: "Queued", eta: 40, graceEnd: 50 }), 40, viewer())).toEqual(["execute"]);
    for (const state of ["Defeated", "Canceled", "Expired", "Executed"] as const) {
      expect(actions(p({ state }), 100, viewer(PROPOSER), PROPOSER)).toEqual([]);
    }
  });

  it("the proposer cancels only while pending, in a block up to the snapshot", () => {
    // The snapshot is block 10: a cancel sent at block 9 lands in block 10 at the earliest.
    expect(actions(p({ state: "Pending" }), 9, viewer(PROPOSER))).toEqual(["cancel"]);
    expect(actions(p({ state: "Pending" }), 10, viewer(PROPOSER))).toEqual([]);
    expect(actions(p({ state: "Pending" }), 9, viewer(OTHER))).toEqual([]);
    expect(actions(p({ state: "Active" }), 20, viewer(PROPOSER))).toEqual(["vote"]);
    // The same key under Polkadot's prefix (0) is the same proposer.
    expect(actions(p({ state: "Pending" }), 9, viewer("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"))).toEqual(["cancel"]);
  });

  it("the guardian cancels a queued proposal until it expires, before and after the timelock", () => {
    const queued = p({ state: "Queued", eta: 40, graceEnd: 50 });
    expect(actions(queued, 39, viewer(GUARDIAN), GUARDIAN)).toEqual(["cancel"]);
    expect(actions(queued, 45, viewer(GUARDIAN), GUARDIAN)).toEqual(["execute", "cancel"]);
    expect(actions(queued, 45, viewer(OTHER), GUARDIAN)).toEqual(["execute"]);
    expect(actions(queued, 45, viewer(PROPOSER))).toEqual(["execute"]);
    // Block 50 is the last it may execute in; a transaction sent at 50 lands too late.
    expect(actions(queued, 49, viewer(GUARDIAN), GUARDIAN)).toEqual(["execute", "cancel"]);
    expect(actions(queued, 50, viewer(GUARDIAN), GUARDIAN)).toEqual([]);
    expect(actions(p({ state: "Active" }), 20, viewer(GUARDIAN, true), GUARDIAN)).toEqual([]);
  });
});

describe("deadlineText", () => {
  it("names the block that matters, and how far it is", () => {
    expect(deadlineText(proposal({ state: "Pending" }), 9)).toBe("voting opens after block 10 (in 2 blocks)");
    expect(deadlineText(proposal(), 29)).toBe("voting ends at block 30 (in 1 block)");
    expect(deadlineText(proposal({ state: "Queued", eta: 40 }), 35)).toBe("executable from block 40 (in 5 blocks)");
    expect(deadlineText(proposal({ state: "Queued", eta: 40 }), 41)).toBe("executable since block 40");
    expect(deadlineText(proposal({ state: "Executed" }), 50)).toBe("executed");
  });
});

describe("tally", () => {
  it("shares the votes cast", () => {
    const t = tally(proposal({ forVotes: 2n, againstVotes: 1n, abstainVotes: 1n }));
    expect(t).toEqual({ total: 4n, forShare: "50.0%", againstShare: "25.0%", abstainShare: "25.0%" });
    expect(tally(proposal()).forShare).toBe("0.0%");
  });
});
