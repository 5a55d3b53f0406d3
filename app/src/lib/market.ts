// Dynamic TAO's subnet markets as the page shows them, without the chain: prices in TAO per α,
// how far a swap moves the price, the price limit a stake or unstake is sent with (the quote's
// price after, give or take a slippage tolerance typed in percent), amounts checked before
// anything is signed, and a position in α with what it would sell for. The same rules as the
// `inktensor` command's market operations (deploy/src/ops/market.rs).
import { formatTao, formatTaoExact, parseAmount } from "./units";
import type { Checked } from "./values";

/** A subnet's market as `Market::market` answers it. Prices are rao of TAO per α (10⁹ = 1 TAO per α). */
export interface MarketState {
  /** TAO in the pool. */
  taoReserve: bigint;
  /** α in the pool. */
  alphaReserve: bigint;
  /** α held as stake, outside the pool. */
  alphaStaked: bigint;
  price: bigint;
  /** The moving price (an average of the price, capped at 1 TAO per α). */
  movingPrice: bigint;
  openedAt: number;
  /** TAO emission put into the pool so far (the subnet's epochs are paid in α). */
  taoEmitted: bigint;
  /** α emitted so far: into the pool beside that TAO, and to stakers. */
  alphaEmitted: bigint;
  /** Root dividends so far: α sold into the pool, and the TAO it fetched for validators' TAO stakers;
   * α recycled (never minted) while the markets' prices were too low to sell it. */
  rootAlphaSold: bigint;
  rootTaoPaid: bigint;
  rootAlphaRecycled: bigint;
}

/** What a swap would do now (`Market::quote_stake`, `quote_unstake`). */
export interface SwapQuote {
  /** What goes in, the fee included: TAO for a stake, α for an unstake. */
  amountIn: bigint;
  /** The fee, in the unit that goes in; it stays in the pool. */
  fee: bigint;
  /** α bought by a stake, TAO paid by an unstake. */
  amountOut: bigint;
  /** The price the swap leaves. */
  priceAfter: bigint;
}

export type Side = "stake" | "unstake";

/** The smallest TAO a stake may put in (the market's `MIN_MARKET_STAKE`, 0.002 TAO). */
export const MIN_MARKET_STAKE = 2_000_000n;

/** Parts per million: tolerances are kept in them, as the command keeps them. */
export const PPM = 1_000_000n;

/** The tolerance a form starts with: 0.5% (btcli's default, and the command's). */
export const DEFAULT_TOLERANCE = "0.5";

/** The most decimals a tolerance in percent may have (0.0001% is one part per million). */
const TOLERANCE_DECIMALS = 4;

/** A price, rao of TAO per α, as TAO per α with four decimals (truncated): "1.2099 TAO/α". */
export function formatPrice(rao: bigint): string {
  return `${formatTao(rao)} TAO/α`;
}

/** An amount of α (9 decimals, like TAO), truncated to `digits`: "90.8674 α". */
export function formatAlpha(rao: bigint, digits = 4): string {
  return `${formatTao(rao, digits)} α`;
}

/**
 * How far the price moves from `before` to `after`, in percent with two decimals, signed and
 * truncated: "+20.99%", "-17.34%", "+0.00%"; "n/a" without a price before.
 */
export function priceImpact(before: bigint, after: bigint): string {
  if (before <= 0n) return "n/a";
  const difference = after >= before ? after - before : before - after;
  const change = (difference * 10_000n) / before;
  const hundredths = (change % 100n).toString().padStart(2, "0");
  return `${after >= before ? "+" : "-"}${change / 100n}.${hundredths}%`;
}

/**
 * A slippage tolerance typed in percent ("0.5", "1", "0.25%"), as parts per million: from 0 to
 * 100, with at most four decimals.
 */
export function parseTolerance(text: string): Checked<bigint> {
  const trimmed = text.trim();
  const cleaned = trimmed.replace(/\s*%$/, "");
  if (cleaned === "") return { ok: false, error: `enter a slippage tolerance in percent, such as ${DEFAULT_TOLERANCE}` };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return { ok: false, error: `tolerance "${trimmed}": a percentage from 0 to 100, such as ${DEFAULT_TOLERANCE}` };
  }
  const fraction = match[2] ?? "";
  if (fraction.length > TOLERANCE_DECIMALS) {
    return { ok: false, error: `a tolerance has at most ${TOLERANCE_DECIMALS} decimals (0.0001%)` };
  }
  const ppm = BigInt(match[1] || "0") * 10_000n + BigInt(fraction.padEnd(TOLERANCE_DECIMALS, "0"));
  if (ppm > PPM) return { ok: false, error: "a tolerance is at most 100%" };
  return { ok: true, value: ppm };
}

/** A tolerance in parts per million as percent, with what decimals it has: 5,000 → "0.5%". */
export function formatTolerance(ppm: bigint): string {
  const fraction = (ppm % 10_000n).toString().padStart(TOLERANCE_DECIMALS, "0").replace(/0+$/, "");
  return `${ppm / 10_000n}${fraction ? `.${fraction}` : ""}%`;
}

/**
 * The price limit to send with a swap: the price its quote leaves, raised by the tolerance
 * for a stake (the most it may end at) and lowered by it for an unstake (the least), rounded
 * down as the command rounds it. A swap pushed in front of it then makes it fail rather than
 * fill at a worse price.
 */
export function limitPrice(side: Side, quote: SwapQuote, tolerancePpm: bigint): bigint {
  const ppm = tolerancePpm < 0n ? 0n : tolerancePpm > PPM ? PPM : tolerancePpm;
  return (quote.priceAfter * (side === "stake" ? PPM + ppm : PPM - ppm)) / PPM;
}

/** The limit in words: "at most 1.2159 TAO/α" for a stake, "at least 0.9950 TAO/α" for an unstake. */
export function describeLimit(side: Side, limit: bigint): string {
  return `${side === "stake" ? "at most" : "at least"} ${formatPrice(limit)}`;
}

/** TAO to stake: an amount, not above the free TAO, at least the market's minimum. */
export function checkStakeAmount(text: string, free?: bigint): Checked<bigint> {
  const parsed = parseAmount(text, "TAO", free);
  if (!parsed.ok) return parsed;
  if (parsed.rao < MIN_MARKET_STAKE) {
    return { ok: false, error: `a stake must be at least ${formatTaoExact(MIN_MARKET_STAKE)} TAO` };
  }
  return { ok: true, value: parsed.rao };
}

/** α to unstake: an amount, not above the position. */
export function checkUnstakeAlpha(text: string, held: bigint): Checked<bigint> {
  if (held === 0n) return { ok: false, error: "there is no α staked on this hotkey to unstake" };
  const parsed = parseAmount(text, "α");
  if (!parsed.ok) return parsed;
  if (parsed.rao > held) return { ok: false, error: `the position holds only ${formatTaoExact(held)} α` };
  return { ok: true, value: parsed.rao };
}

/** A quote's figures as the page shows them. */
export interface QuoteText {
  /** What comes out: "90.8674 α" for a stake, "99.9084 TAO" for an unstake. */
  out: string;
  /** The fee, in what goes in. */
  fee: string;
  priceAfter: string;
  impact: string;
  /** All of it in one line. */
  summary: string;
}

/** A quote of `side` for `amount` (TAO staked or α unstaked), the price being `before` now. */
export function describeQuote(side: Side, amount: bigint, before: bigint, quote: SwapQuote): QuoteText {
  const [unitIn, unitOut] = side === "stake" ? ["TAO", "α"] : ["α", "TAO"];
  const out = `${formatTao(quote.amountOut)} ${unitOut}`;
  const fee = `${formatTao(quote.fee)} ${unitIn}`;
  const priceAfter = formatPrice(quote.priceAfter);
  const impact = priceImpact(before, quote.priceAfter);
  const verb = side === "stake" ? "staking" : "unstaking";
  return {
    out,
    fee,
    priceAfter,
    impact,
    // The command's words (`inktensor quote`), for either side.
    summary:
      `${verb} ${formatTaoExact(amount)} ${unitIn} gets ${out} (fee ${fee}); ` +
      `the price moves ${formatPrice(before)} → ${priceAfter} (${impact})`,
  };
}

/**
 * A position in α and what it is worth: `sale` is the quote of selling all of it now, or the
 * market's refusal in words when it cannot be sold at once.
 */
export function describePosition(alpha: bigint, sale?: SwapQuote | string): { alpha: string; value: string } {
  const held = formatAlpha(alpha);
  if (alpha === 0n) return { alpha: held, value: "nothing to sell" };
  if (sale === undefined) return { alpha: held, value: "…" };
  if (typeof sale === "string") return { alpha: held, value: `cannot be sold now: ${sale}` };
  return { alpha: held, value: `${formatTao(sale.amountOut)} TAO if sold now` };
}
