import { describe, expect, it } from "vitest";

import { describeCall, encodeCall } from "../src/lib/calls";
import {
  checkStakeAmount,
  checkUnstakeAlpha,
  DEFAULT_TOLERANCE,
  describeLimit,
  describePosition,
  describeQuote,
  formatAlpha,
  formatPrice,
  formatTolerance,
  limitPrice,
  parseTolerance,
  priceImpact,
  type SwapQuote,
} from "../src/lib/market";
import { parseAmount, parseTao, RAO_PER_TAO } from "../src/lib/units";
import { account, book, metadata } from "./support/suite";

const ONE = RAO_PER_TAO;

// A subnet's market opened on a 1,000 TAO lock: 1,000 TAO against 1,000 α, 1 TAO per α. What
// the contract quotes there (economics::pool: fee ⌈x·33/65,535⌉, the reserve left rounded up).
/** Staking 100 TAO. */
const stake: SwapQuote = {
  amountIn: 100n * ONE,
  fee: 50_354_773n,
  amountOut: 90_867_473_489n,
  priceAfter: 1_209_944_609n,
};
/** Then selling all the α bought back: 1,100 TAO against 909.132526511 α before it. */
const unstake: SwapQuote = {
  amountIn: 90_867_473_489n,
  fee: 45_756_110n,
  amountOut: 99_908_460_539n,
  priceAfter: 1_000_091_539n,
};

describe("formatPrice and formatAlpha", () => {
  it("prints rao per α as TAO per α with four decimals, truncated", () => {
    expect(formatPrice(ONE)).toBe("1.0000 TAO/α");
    expect(formatPrice(stake.priceAfter)).toBe("1.2099 TAO/α");
    expect(formatPrice(1_000_091_539n)).toBe("1.0000 TAO/α");
    expect(formatPrice(12_345_678_901n)).toBe("12.3456 TAO/α");
    expect(formatPrice(0n)).toBe("0.0000 TAO/α");
  });

  it("prints α like TAO, thousands grouped", () => {
    expect(formatAlpha(stake.amountOut)).toBe("90.8674 α");
    expect(formatAlpha(1_000n * ONE)).toBe("1,000.0000 α");
    expect(formatAlpha(stake.amountOut, 9)).toBe("90.867473489 α");
  });
});

describe("priceImpact", () => {
  it("is signed percent with two decimals, as the command prints it", () => {
    expect(priceImpact(ONE, stake.priceAfter)).toBe("+20.99%");
    expect(priceImpact(stake.priceAfter, unstake.priceAfter)).toBe("-17.34%");
    expect(priceImpact(ONE, ONE)).toBe("+0.00%");
    // Truncated: 0.0099% is shown as no move at all, and a tenth of a percent as 0.10%.
    expect(priceImpact(ONE, ONE + 99_000n)).toBe("+0.00%");
    expect(priceImpact(ONE, ONE - 1_000_000n)).toBe("-0.10%");
    expect(priceImpact(ONE, 3n * ONE)).toBe("+200.00%");
  });

  it("has nothing to say without a price before", () => {
    expect(priceImpact(0n, ONE)).toBe("n/a");
  });
});

describe("parseTolerance", () => {
  it("reads percent as parts per million, as the command does", () => {
    expect(parseTolerance(DEFAULT_TOLERANCE)).toEqual({ ok: true, value: 5_000n });
    expect(parseTolerance("1")).toEqual({ ok: true, value: 10_000n });
    expect(parseTolerance("0.25")).toEqual({ ok: true, value: 2_500n });
    expect(parseTolerance(" .5% ")).toEqual({ ok: true, value: 5_000n });
    expect(parseTolerance("0.0001")).toEqual({ ok: true, value: 1n });
    expect(parseTolerance("0")).toEqual({ ok: true, value: 0n });
    expect(parseTolerance("100")).toEqual({ ok: true, value: 1_000_000n });
  });

  it("refuses what is not a percentage from 0 to 100 with four decimals, saying why", () => {
    expect(parseTolerance("")).toEqual({ ok: false, error: "enter a slippage tolerance in percent, such as 0.5" });
    expect(parseTolerance("%")).toEqual({ ok: false, error: "enter a slippage tolerance in percent, such as 0.5" });
    expect(parseTolerance("abc")).toEqual({ ok: false, error: 'tolerance "abc": a percentage from 0 to 100, such as 0.5' });
    expect(parseTolerance("-1")).toEqual({ ok: false, error: 'tolerance "-1": a percentage from 0 to 100, such as 0.5' });
    expect(parseTolerance(".")).toMatchObject({ ok: false });
    expect(parseTolerance("0.00001")).toEqual({ ok: false, error: "a tolerance has at most 4 decimals (0.0001%)" });
    expect(parseTolerance("101")).toEqual({ ok: false, error: "a tolerance is at most 100%" });
    expect(parseTolerance("100.0001")).toEqual({ ok: false, error: "a tolerance is at most 100%" });
  });

  it("prints back as typed", () => {
    expect(formatTolerance(5_000n)).toBe("0.5%");
    expect(formatTolerance(10_000n)).toBe("1%");
    expect(formatTolerance(2_500n)).toBe("0.25%");
    expect(formatTolerance(1n)).toBe("0.0001%");
    expect(formatTolerance(1_000_000n)).toBe("100%");
  });
});

describe("limitPrice", () => {
  it("raises a stake's price after by the tolerance, rounded down", () => {
    // 1,209,944,609 × 1.005 = 1,215,994,332.05.
    expect(limitPrice("stake", stake, 5_000n)).toBe(1_215_994_332n);
    expect(limitPrice("stake", stake, 10_000n)).toBe(1_222_044_055n);
    expect(limitPrice("stake", stake, 0n)).toBe(stake.priceAfter);
    expect(limitPrice("stake", stake, 1_000_000n)).toBe(2n * stake.priceAfter);
  });

  it("lowers an unstake's price after by the tolerance, rounded down", () => {
    // 1,000,091,539 × 0.995 = 995,091,081.31.
    expect(limitPrice("unstake", unstake, 5_000n)).toBe(995_091_081n);
    expect(limitPrice("unstake", unstake, 2_500n)).toBe(997_591_310n);
    expect(limitPrice("unstake", unstake, 0n)).toBe(unstake.priceAfter);
    // 100%: any price will do.
    expect(limitPrice("unstake", unstake, 1_000_000n)).toBe(0n);
  });

  it("says which way the limit holds", () => {
    expect(describeLimit("stake", 1_215_994_332n)).toBe("at most 1.2159 TAO/α");
    expect(describeLimit("unstake", 995_091_081n)).toBe("at least 0.9950 TAO/α");
  });
});

describe("describeQuote", () => {
  it("shows a stake's α out, fee, price after and impact", () => {
    expect(describeQuote("stake", 100n * ONE, ONE, stake)).toEqual({
      out: "90.8674 α",
      fee: "0.0503 TAO",
      priceAfter: "1.2099 TAO/α",
      impact: "+20.99%",
      summary: "staking 100 TAO gets 90.8674 α (fee 0.0503 TAO); the price moves 1.0000 TAO/α → 1.2099 TAO/α (+20.99%)",
    });
  });

  it("shows an unstake's TAO out and its fee in α", () => {
    expect(describeQuote("unstake", unstake.amountIn, stake.priceAfter, unstake)).toEqual({
      out: "99.9084 TAO",
      fee: "0.0457 α",
      priceAfter: "1.0000 TAO/α",
      impact: "-17.34%",
      summary:
        "unstaking 90.867473489 α gets 99.9084 TAO (fee 0.0457 α); the price moves 1.2099 TAO/α → 1.0000 TAO/α (-17.34%)",
    });
  });
});

describe("describePosition", () => {
  it("shows the α held and the TAO it would sell for now", () => {
    expect(describePosition(stake.amountOut, unstake)).toEqual({ alpha: "90.8674 α", value: "99.9084 TAO if sold now" });
  });

  it("says when there is nothing to sell, the sale is not read yet, or the market refuses it", () => {
    expect(describePosition(0n)).toEqual({ alpha: "0.0000 α", value: "nothing to sell" });
    expect(describePosition(stake.amountOut)).toEqual({ alpha: "90.8674 α", value: "…" });
    expect(describePosition(stake.amountOut, "InsufficientLiquidity — the swap would drain the pool")).toEqual({
      alpha: "90.8674 α",
      value: "cannot be sold now: InsufficientLiquidity — the swap would drain the pool",
    });
  });
});

describe("checkStakeAmount", () => {
  it("takes an amount of the free TAO, at least the market's minimum", () => {
    expect(checkStakeAmount("100", 1_000n * ONE)).toEqual({ ok: true, value: 100n * ONE });
    expect(checkStakeAmount("0.002")).toEqual({ ok: true, value: 2_000_000n });
    expect(checkStakeAmount("0.001999999")).toEqual({ ok: false, error: "a stake must be at least 0.002 TAO" });
    expect(checkStakeAmount("10.5", 10n * ONE)).toEqual({ ok: false, error: "only 10.0000 TAO available" });
    expect(checkStakeAmount("")).toEqual({ ok: false, error: "enter an amount" });
    expect(checkStakeAmount("ten")).toEqual({ ok: false, error: '"ten" is not a number of TAO' });
  });
});

describe("checkUnstakeAlpha", () => {
  it("takes α out of the position, exactly all of it at most", () => {
    expect(checkUnstakeAlpha("90.867473489", stake.amountOut)).toEqual({ ok: true, value: stake.amountOut });
    expect(checkUnstakeAlpha("50", stake.amountOut)).toEqual({ ok: true, value: 50n * ONE });
    expect(checkUnstakeAlpha("90.86747349", stake.amountOut)).toEqual({
      ok: false,
      error: "the position holds only 90.867473489 α",
    });
  });

  it("refuses what is not an amount of α, and a position of nothing", () => {
    expect(checkUnstakeAlpha("0", stake.amountOut)).toEqual({ ok: false, error: "the amount must be above zero" });
    expect(checkUnstakeAlpha("1.0000000001", stake.amountOut)).toEqual({ ok: false, error: "α has at most 9 decimals" });
    expect(checkUnstakeAlpha("x", stake.amountOut)).toEqual({ ok: false, error: '"x" is not a number of α' });
    expect(checkUnstakeAlpha("1", 0n)).toEqual({ ok: false, error: "there is no α staked on this hotkey to unstake" });
  });
});

describe("parseAmount", () => {
  it("reads any 9-decimal unit as parseTao reads TAO, naming the unit", () => {
    expect(parseAmount("1,000.5", "α")).toEqual(parseTao("1,000.5"));
    expect(parseAmount("2", "α", ONE)).toEqual({ ok: false, error: "only 1.0000 α available" });
  });
});

describe("the market's messages, as the built contract declares them", () => {
  it("takes the price limits the page sends as options, and reads back as a voter would", () => {
    const hotkey = account(9);
    const call = (message: string, args: unknown[]) =>
      describeCall(encodeCall({ contract: "market", message, args }, book, metadata), book, metadata);
    expect(call("Market::add_stake", [hotkey, 1, 100n * ONE, limitPrice("stake", stake, 5_000n)])).toBe(
      `market.Market::add_stake { hotkey: ${hotkey}, netuid: 1, tao: 100000000000, max_price: Some(1215994332) }`,
    );
    expect(call("Market::remove_stake", [hotkey, 1, unstake.amountIn, undefined])).toBe(
      `market.Market::remove_stake { hotkey: ${hotkey}, netuid: 1, alpha: 90867473489, min_price: None }`,
    );
    expect(call("Market::open_market", [1])).toBe("market.Market::open_market { netuid: 1 }");
  });
});
