import { describe, expect, it } from "vitest";
import { formatProportion, formatTake, formatTao, parseTao, RAO_PER_TAO } from "../src/lib/units";

describe("parseTao", () => {
  it("reads whole and fractional amounts exactly", () => {
    expect(parseTao("12")).toEqual({ ok: true, rao: 12n * RAO_PER_TAO });
    expect(parseTao(" 0.5 ")).toEqual({ ok: true, rao: 500_000_000n });
    expect(parseTao("1,000.000000001")).toEqual({ ok: true, rao: 1_000n * RAO_PER_TAO + 1n });
    expect(parseTao(".25")).toEqual({ ok: true, rao: 250_000_000n });
  });

  it("refuses what is not an amount", () => {
    expect(parseTao("")).toEqual({ ok: false, error: "enter an amount" });
    expect(parseTao("abc")).toEqual({ ok: false, error: '"abc" is not a number of TAO' });
    expect(parseTao("-1")).toMatchObject({ ok: false });
    expect(parseTao("1e3")).toMatchObject({ ok: false });
    expect(parseTao(".")).toMatchObject({ ok: false });
    expect(parseTao("0")).toEqual({ ok: false, error: "the amount must be above zero" });
    expect(parseTao("0.0000000001")).toEqual({ ok: false, error: "TAO has at most 9 decimals" });
  });

  it("refuses more than is available, and takes exactly all of it", () => {
    const available = 10n * RAO_PER_TAO;
    expect(parseTao("10.000000001", available)).toEqual({
      ok: false,
      error: "only 10.0000 TAO available",
    });
    expect(parseTao("10", available)).toEqual({ ok: true, rao: available });
  });
});

describe("formatTao", () => {
  it("truncates to the digits asked and groups thousands", () => {
    expect(formatTao(1_234_567n * RAO_PER_TAO + 999_999_999n)).toBe("1,234,567.9999");
    expect(formatTao(0n)).toBe("0.0000");
    expect(formatTao(1n, 9)).toBe("0.000000001");
    expect(formatTao(-5n * RAO_PER_TAO, 0)).toBe("-5");
  });

  it("round-trips through parseTao", () => {
    for (const rao of [1n, 999_999_999n, 123_456_789_012_345n]) {
      const parsed = parseTao(formatTao(rao, 9));
      expect(parsed).toEqual({ ok: true, rao });
    }
  });
});

describe("proportions", () => {
  it("prints u16 proportions as btcli does", () => {
    expect(formatProportion(65_535)).toBe("1.000");
    expect(formatProportion(0)).toBe("0.000");
    expect(formatProportion(32_768)).toBe("0.500");
    expect(formatTake(11_796)).toBe("18.00%");
  });
});
