import { describe, expect, it } from "vitest";

import { withMargin } from "../src/lib/gas";

describe("withMargin", () => {
  it("adds half of each dimension, rounded down", () => {
    expect(withMargin({ refTime: 1_000_000_001n, proofSize: 65_537n })).toEqual({ refTime: 1_500_000_001n, proofSize: 98_305n });
  });

  it("keeps a zero dimension zero and never lowers a figure", () => {
    expect(withMargin({ refTime: 0n, proofSize: 1n })).toEqual({ refTime: 0n, proofSize: 1n });
  });
});
