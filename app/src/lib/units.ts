// TAO amounts: 1 TAO = 10^9 rao, kept as bigint end to end so no amount is ever rounded.

export const DECIMALS = 9;
export const RAO_PER_TAO = 10n ** BigInt(DECIMALS);

export type Parsed = { ok: true; rao: bigint } | { ok: false; error: string };

/** Reads a TAO amount typed by a person ("12", "0.5", "1,000.25") against what is available. */
export function parseTao(text: string, available?: bigint): Parsed {
  return parseAmount(text, "TAO", available);
}

/**
 * Reads an amount of `unit` typed by a person, for any unit with TAO's 9 decimals (a subnet's
 * alpha, "α", has them too), against what is available; the errors name the unit.
 */
export function parseAmount(text: string, unit: string, available?: bigint): Parsed {
  const cleaned = text.trim().replaceAll(",", "").replaceAll("_", "");
  if (cleaned === "") return { ok: false, error: "enter an amount" };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return { ok: false, error: `"${text.trim()}" is not a number of ${unit}` };
  }
  const fraction = match[2] ?? "";
  if (fraction.length > DECIMALS) {
    return { ok: false, error: `${unit} has at most ${DECIMALS} decimals` };
  }
  const rao = BigInt(match[1] || "0") * RAO_PER_TAO + BigInt(fraction.padEnd(DECIMALS, "0"));
  if (rao === 0n) return { ok: false, error: "the amount must be above zero" };
  if (available !== undefined && rao > available) {
    return { ok: false, error: `only ${formatTao(available)} ${unit} available` };
  }
  return { ok: true, rao };
}

/** A rao amount as TAO with `digits` decimals, truncated (never shows more than is there). */
export function formatTao(rao: bigint, digits = 4): string {
  const negative = rao < 0n;
  const magnitude = negative ? -rao : rao;
  const whole = magnitude / RAO_PER_TAO;
  const fraction = (magnitude % RAO_PER_TAO).toString().padStart(DECIMALS, "0").slice(0, digits);
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${digits > 0 ? `.${fraction}` : ""}`;
}

/** A rao amount as TAO with every decimal it has and no more ("0.002", "10.00005", "500"). */
export function formatTaoExact(rao: bigint): string {
  return formatTao(rao, DECIMALS).replace(/\.?0+$/, "");
}

/** A u16 proportion (65,535 = 1) as a decimal with three places, as btcli prints it. */
export function formatProportion(value: number): string {
  return (value / 65_535).toFixed(3);
}

/** A take (u16 proportion) as a percentage. */
export function formatTake(value: number): string {
  return `${((value / 65_535) * 100).toFixed(2)}%`;
}
