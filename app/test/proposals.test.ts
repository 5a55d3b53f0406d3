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
  it("follow the lifecycle", () => {
    expect(actions(proposal(), 20, false)).toEqual(["vote"]);
    expect(actions(proposal(), 20, true)).toEqual([]);
    expect(actions(proposal({ state: "Pending" }), 5, false)).toEqual([]);
    expect(actions(proposal({ state: "Succeeded" }), 31, false)).toEqual(["queue"]);
    expect(actions(proposal({ state: "Queued", eta: 40 }), 39, false)).toEqual([]);
    expect(actions(proposal({ state: "Queued", eta: 40 }), 40, false)).toEqual(["execute"]);
    for (const state of ["Defeated", "Canceled", "Expired", "Executed"] as const) {
      expect(actions(proposal({ state }), 100, false)).toEqual([]);
    }
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
