// Key rotation as the Account page shows it (contracts/subnet_registry: `swap_hotkey`,
// `announce_coldkey_swap`, `cancel_coldkey_swap`, `swap_coldkey`): which hotkeys the connected
// coldkey owns among those the page sees, the addresses typed for a swap checked before
// anything is signed, and an announced coldkey swap's state against the current block.
import { sameAccount } from "./accounts";
import { shortAddress } from "./metagraph";
import { describeRegistrations, type PositionRow, type Registration } from "./positions";
import { formatTao, formatTaoExact } from "./units";
import type { Checked } from "./values";
import { parseAccountAddress } from "./votingPower";

/** The registry's key rotation settings (its `config()`, interfaces::registry::NetworkConfig). */
export interface KeySwapRules {
  /** Burned by each hotkey swap and coldkey swap announcement (rao). */
  cost: bigint;
  /** Blocks between two hotkey swaps of one coldkey. */
  hotkeyRateLimit: number;
  /** Blocks from a coldkey swap's announcement to the first block it may be executed in. */
  coldkeyDelay: number;
}

/**
 * The most hotkeys the page lists. Staking has no "hotkeys of a coldkey" read, so the page
 * lists those it sees (the account's positions, its subnets' owner hotkeys); this bounds them.
 */
export const MAX_LISTED_HOTKEYS = 64;

/** A hotkey the page saw, with what staking and the registry say of it. */
export interface HotkeySighting {
  hotkey: string;
  /** staking's `owner_of`: none for a hotkey never registered or retired by a swap. */
  owner?: string;
  subnets: Registration[];
  /** The connected account's position on it (rao), when it has one. */
  stake?: bigint;
  /** The subnet it is the owner hotkey of, when seen as one. */
  ownerHotkeyOf?: number;
}

export interface OwnedHotkey {
  hotkey: string;
  subnets: Registration[];
  stake?: bigint;
  /** The subnets it is the owner hotkey of. */
  ownerHotkeyOf: number[];
}

/** The account's positions as sightings: owned when staking says the hotkey is the account's. */
export function positionSightings(positions: readonly PositionRow[], me: string): HotkeySighting[] {
  return positions.map((p) => ({ hotkey: p.hotkey, owner: p.ownHotkey ? me : undefined, subnets: p.subnets, stake: p.stake }));
}

function firstRegistration(h: OwnedHotkey): [number, number] {
  const first = h.subnets[0];
  return first ? [first.netuid, first.uid] : [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
}

/**
 * The hotkeys `me` owns among `sightings`, each once (the same key seen twice, even under two
 * SS58 prefixes, is merged), registered ones first by subnet and uid, then by address; at most
 * `limit` of them.
 */
export function ownedHotkeys(sightings: readonly HotkeySighting[], me: string, limit = MAX_LISTED_HOTKEYS): OwnedHotkey[] {
  const owned: OwnedHotkey[] = [];
  for (const s of sightings) {
    if (!sameAccount(s.owner, me)) continue;
    let entry = owned.find((o) => sameAccount(o.hotkey, s.hotkey));
    if (!entry) {
      entry = { hotkey: s.hotkey, subnets: [], ownerHotkeyOf: [] };
      owned.push(entry);
    }
    for (const r of s.subnets) {
      if (!entry.subnets.some((known) => known.netuid === r.netuid)) entry.subnets.push(r);
    }
    entry.subnets.sort((a, b) => a.netuid - b.netuid);
    if (s.stake !== undefined) entry.stake = s.stake;
    if (s.ownerHotkeyOf !== undefined && !entry.ownerHotkeyOf.includes(s.ownerHotkeyOf)) {
      entry.ownerHotkeyOf.push(s.ownerHotkeyOf);
      entry.ownerHotkeyOf.sort((a, b) => a - b);
    }
  }
  return owned
    .sort((a, b) => {
      const [netA, uidA] = firstRegistration(a);
      const [netB, uidB] = firstRegistration(b);
      return netA - netB || uidA - uidB || (a.hotkey < b.hotkey ? -1 : a.hotkey > b.hotkey ? 1 : 0);
    })
    .slice(0, limit);
}

/** "subnets 1 (uid 1) · your stake 1,000.0000 TAO · owner hotkey of subnet 1". */
export function describeOwnedHotkey(h: OwnedHotkey): string {
  const parts = [h.subnets.length === 0 ? "registered nowhere" : `subnets ${describeRegistrations(h.subnets)}`];
  if (h.stake !== undefined) parts.push(`your stake ${formatTao(h.stake)} TAO`);
  if (h.ownerHotkeyOf.length > 0) {
    parts.push(`owner hotkey of subnet${h.ownerHotkeyOf.length > 1 ? "s" : ""} ${h.ownerHotkeyOf.join(", ")}`);
  }
  return parts.join(" · ");
}

/** A count of blocks in words: "1 block", "36,000 blocks". */
export function formatBlocks(blocks: number): string {
  return `${blocks.toLocaleString("en-US")} block${blocks === 1 ? "" : "s"}`;
}

/** What a hotkey swap costs and how often one may be made. */
export function hotkeySwapTerms(rules: KeySwapRules): string {
  return `burns ${formatTaoExact(rules.cost)} TAO · one hotkey swap per ${formatBlocks(rules.hotkeyRateLimit)} per coldkey`;
}

/** What announcing a coldkey swap now costs and when it would be due. */
export function coldkeySwapTerms(rules: KeySwapRules, block: number): string {
  return (
    `burns ${formatTaoExact(rules.cost)} TAO · due ${formatBlocks(rules.coldkeyDelay)} after the announcement ` +
    `(block ${(block + rules.coldkeyDelay).toLocaleString("en-US")} if announced now); cancel any time before it starts`
  );
}

/** The hotkey typed in to be swapped (one the page does not list). */
export function checkOldHotkey(text: string): Checked<string> {
  return parseAccountAddress(text, "enter the address of the hotkey to swap");
}

/**
 * The new name typed for hotkey `old`: an SS58 address, not `old` itself and not one of the
 * account's own hotkeys (staking refuses both: `HotkeyInUse`).
 */
export function checkNewHotkey(text: string, old: string | undefined, mine: readonly string[]): Checked<string> {
  if (old === undefined) return { ok: false, error: "choose the hotkey to swap" };
  const parsed = parseAccountAddress(text, "enter the address of the new hotkey");
  if (!parsed.ok) return parsed;
  if (sameAccount(parsed.value, old)) return { ok: false, error: "the new hotkey must be another key than the old one" };
  if (mine.some((hotkey) => sameAccount(hotkey, parsed.value))) {
    return { ok: false, error: `${shortAddress(parsed.value)} is one of your hotkeys already` };
  }
  return parsed;
}

/** The coldkey typed in to take `me`'s holdings over: an SS58 address other than `me`. */
export function checkNewColdkey(text: string, me: string): Checked<string> {
  const parsed = parseAccountAddress(text, "enter the address of the new coldkey");
  if (!parsed.ok) return parsed;
  if (sameAccount(parsed.value, me)) return { ok: false, error: "the new coldkey must be another account than this one" };
  return parsed;
}

/** The registry's `coldkey_swap(old)`. */
export interface ColdkeySwapView {
  newColdkey: string;
  /** The first block it may be executed in. */
  due: number;
  /** Holdings have started moving: it can no longer be cancelled. */
  started: boolean;
}

export type ColdkeySwapState = "none" | "waiting" | "due" | "started";

export interface ColdkeySwapStatus {
  state: ColdkeySwapState;
  /** Blocks until it is due (0 once due). */
  blocksLeft: number;
  text: string;
  canAnnounce: boolean;
  canCancel: boolean;
  canExecute: boolean;
}

/** An announced swap (or none) as of best block `block`, and what its coldkey may do about it. */
export function coldkeySwapStatus(swap: ColdkeySwapView | undefined, block: number): ColdkeySwapStatus {
  if (!swap) {
    return { state: "none", blocksLeft: 0, text: "no coldkey swap announced", canAnnounce: true, canCancel: false, canExecute: false };
  }
  const to = shortAddress(swap.newColdkey);
  const dueAt = swap.due.toLocaleString("en-US");
  const blocksLeft = Math.max(0, swap.due - block);
  if (swap.started) {
    return {
      state: "started",
      blocksLeft: 0,
      text: `started: your holdings are moving to ${to}; execute again to finish`,
      canAnnounce: false,
      canCancel: false,
      canExecute: true,
    };
  }
  if (blocksLeft > 0) {
    return {
      state: "waiting",
      blocksLeft,
      text: `announced: everything moves to ${to} from block ${dueAt} (${formatBlocks(blocksLeft)} left)`,
      canAnnounce: false,
      canCancel: true,
      canExecute: false,
    };
  }
  return {
    state: "due",
    blocksLeft: 0,
    text: `due since block ${dueAt}: everything moves to ${to} once executed (anyone may execute it)`,
    canAnnounce: false,
    canCancel: true,
    canExecute: true,
  };
}

/** The most `swap_coldkey` calls one Execute makes (each moves up to 24 holdings). */
export const MAX_COLDKEY_SWAP_CALLS = 64;

/**
 * Calls `call` (1, 2, …) until it answers true (the swap is complete), at most `max` times;
 * returns how many calls it took. Past `max` it stops with an error saying to execute again,
 * so a swap that never completes never loops without end.
 */
export async function repeatUntilDone(call: (attempt: number) => Promise<boolean>, max = MAX_COLDKEY_SWAP_CALLS): Promise<number> {
  for (let attempt = 1; attempt <= max; attempt += 1) {
    if (await call(attempt)) return attempt;
  }
  throw new Error(`the swap is not complete after ${max} calls: execute again to move the rest`);
}

/** One `swap_coldkey` call's outcome, as the progress list shows it. */
export function swapCallText(attempt: number, done: boolean): string {
  return done ? `complete after ${attempt} call${attempt === 1 ? "" : "s"}` : `call ${attempt} moved holdings; more to move`;
}
