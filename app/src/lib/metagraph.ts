// A subnet's metagraph as the page shows it, and how its rows sort.

export interface NeuronRow {
  uid: number;
  hotkey: string;
  stake: bigint;
  /** u16 proportions of the last epoch. */
  validatorTrust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  /** rao paid by the last epoch. */
  emission: bigint;
  validatorPermit: boolean;
}

export type SortKey = Exclude<keyof NeuronRow, "validatorPermit">;
export type Direction = "ascending" | "descending";

export interface Sort {
  key: SortKey;
  direction: Direction;
}

function compare(a: bigint | number | string, b: bigint | number | string): number {
  if (typeof a === "string" || typeof b === "string") return String(a).localeCompare(String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rows sorted by `sort`, ties broken by uid so the order is stable across refreshes. */
export function sortRows(rows: readonly NeuronRow[], sort: Sort): NeuronRow[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return [...rows].sort(
    (a, b) => sign * compare(a[sort.key], b[sort.key]) || compare(a.uid, b.uid),
  );
}

/** Clicking a column: the same column flips direction, another starts descending (uid and hotkey ascending). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) {
    return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  }
  return { key, direction: key === "uid" || key === "hotkey" ? "ascending" : "descending" };
}

export interface ValidatorRow {
  hotkey: string;
  uid: number;
  /** u16 proportion. */
  take: number;
  totalStake: bigint;
  nominators: number;
  /** The connected account's own stake on this hotkey. */
  myStake: bigint;
}

/** Validators first by permit, then by total stake: who a delegator would look at first. */
export function rankValidators(rows: readonly ValidatorRow[]): ValidatorRow[] {
  return [...rows].sort((a, b) => compare(b.totalStake, a.totalStake) || compare(a.uid, b.uid));
}

/** A long SS58 address shortened for a table cell. */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-6)}` : address;
}
