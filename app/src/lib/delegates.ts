// The delegates table, computed as the `inktensor delegates` command does (deploy/src/ops.rs,
// fn `delegates`), so the page and the command line show the same numbers: every hotkey with a
// validator permit on some subnet, its total stake, take, nominators, and what 1,000 TAO staked
// on it earned in its last epochs after the take.
import { sameAccount } from "./accounts";
import type { ValidatorIdentityText } from "./identity";
import { RAO_PER_TAO } from "./units";

/** A take of 65,535 is all of it. */
const U16_MAX = 65_535;

/** A neuron as the registry's `neurons` page gives it, with the address as text. */
export interface SubnetNeuron {
  hotkey: string;
  validatorPermit: boolean;
  /** rao paid by its subnet's last epoch. */
  emission: bigint;
}

export interface ValidatorEmission {
  hotkey: string;
  /** The last epoch's emission summed over every subnet it holds a permit on. */
  emission: bigint;
  netuids: number[];
}

/**
 * Every hotkey holding a validator permit somewhere, once, in the order first met, with its
 * emission summed over the subnets where it holds one (emission where it holds none, as a miner,
 * is not a delegate's to share and is left out, as the command leaves it out).
 */
export function validatorEmissions(subnets: readonly { netuid: number; neurons: readonly SubnetNeuron[] }[]): ValidatorEmission[] {
  const byHotkey = new Map<string, ValidatorEmission>();
  for (const { netuid, neurons } of subnets) {
    for (const neuron of neurons) {
      if (!neuron.validatorPermit) continue;
      const known = byHotkey.get(neuron.hotkey);
      if (known) {
        known.emission += neuron.emission;
        if (!known.netuids.includes(netuid)) known.netuids.push(netuid);
      } else {
        byHotkey.set(neuron.hotkey, { hotkey: neuron.hotkey, emission: neuron.emission, netuids: [netuid] });
      }
    }
  }
  return [...byHotkey.values()];
}

/**
 * rao that 1,000 TAO staked on the hotkey earned from `emission`: the delegators' part (what the
 * take leaves), shared pro rata over `totalStake`. Rounded down at the same two steps as the
 * command (after the take, then the share), so both print the same rao; no stake earns nothing.
 */
export function returnPer1000(emission: bigint, take: number, totalStake: bigint): bigint {
  if (totalStake <= 0n) return 0n;
  const kept = BigInt(U16_MAX - Math.min(Math.max(take, 0), U16_MAX));
  const afterTake = (emission * kept) / BigInt(U16_MAX);
  return (afterTake * 1_000n * RAO_PER_TAO) / totalStake;
}

/** What staking and the registry say of one validator hotkey. */
export interface HotkeyReadings {
  totalStake: bigint;
  /** u16 proportion. */
  take: number;
  nominators: number;
  /** Its coldkey in staking (`owner_of`). */
  owner?: string;
  identity?: ValidatorIdentityText;
}

export interface DelegateRow extends HotkeyReadings {
  hotkey: string;
  netuids: number[];
  /** rao per 1,000 TAO staked, from its last epochs. */
  returnPer1000: bigint;
  /** The connected account owns the hotkey, so may set its identity. */
  mine: boolean;
}

export function delegateRow(earned: ValidatorEmission, readings: HotkeyReadings, me?: string): DelegateRow {
  return {
    ...readings,
    hotkey: earned.hotkey,
    netuids: earned.netuids,
    returnPer1000: returnPer1000(earned.emission, readings.take, readings.totalStake),
    mine: sameAccount(me, readings.owner),
  };
}

export type DelegateSortKey = "name" | "totalStake" | "take" | "nominators" | "returnPer1000";
export type DelegateSort = { key: DelegateSortKey; direction: "ascending" | "descending" };

/** Most staked first, as the command lists them unless told otherwise. */
export const DEFAULT_DELEGATE_SORT: DelegateSort = { key: "totalStake", direction: "descending" };

/** The name a delegate sorts by; none for an unnamed one. */
function nameOf(row: DelegateRow): string | undefined {
  return row.identity?.name || undefined;
}

function compareKey(a: DelegateRow, b: DelegateRow, key: Exclude<DelegateSortKey, "name">): number {
  const x = a[key];
  const y = b[key];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Rows sorted by `sort`, ties broken by hotkey so the order holds across refreshes. Unnamed
 * delegates come after every named one whichever way names sort: they have nothing to order by.
 */
export function sortDelegates(rows: readonly DelegateRow[], sort: DelegateSort): DelegateRow[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  const byHotkey = (a: DelegateRow, b: DelegateRow) => (a.hotkey < b.hotkey ? -1 : a.hotkey > b.hotkey ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (sort.key === "name") {
      const [x, y] = [nameOf(a), nameOf(b)];
      if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || byHotkey(a, b);
      return sign * x.localeCompare(y) || byHotkey(a, b);
    }
    return sign * compareKey(a, b, sort.key) || byHotkey(a, b);
  });
}

/**
 * Clicking a column: the same one flips; another starts with what a delegator wants first
 * (names A to Z, the lowest take, the most of everything else), as the command sorts them.
 */
export function nextDelegateSort(current: DelegateSort, key: DelegateSortKey): DelegateSort {
  if (current.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  return { key, direction: key === "name" || key === "take" ? "ascending" : "descending" };
}
