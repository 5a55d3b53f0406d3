// A coldkey's positions as the Account page lists them: every one staking holds for it (read in
// pages, since `positions_of` answers a bounded page), each with the subnets where its hotkey is
// registered now. A position outlives its hotkey's registration, so "registered nowhere" is a
// real answer, not a missing one.
import { sameAccount } from "./accounts";

/** The most positions one `positions_of` call answers (interfaces::staking::POSITIONS_PAGE). */
export const POSITIONS_PAGE = 64;

export interface PositionInfo {
  hotkey: string;
  /** The position's TAO value when read (rao). */
  stake: bigint;
  shares: bigint;
}

/** One `positions_of(coldkey, start, count)` call. */
export type ReadPage = (start: number, count: number) => Promise<PositionInfo[]>;

/**
 * Every position of a coldkey holding `total` (its `position_count`), page after page.
 *
 * Each page starts where the positions read so far end, not at a fixed stride: a contract
 * answering fewer than asked (a smaller page limit than ours) is still read to the end. An
 * empty page ends the reading, since positions closed since the count leave fewer slots. A
 * closed position's slot takes the last one's hotkey, so reads spanning that change can meet a
 * hotkey twice: each is kept once.
 */
export async function readAllPositions(total: number, readPage: ReadPage, pageSize = POSITIONS_PAGE): Promise<PositionInfo[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size ${pageSize} is not a positive whole number`);
  const positions: PositionInfo[] = [];
  for (let start = 0; start < total; ) {
    const page = await readPage(start, Math.min(pageSize, total - start));
    if (page.length === 0) break;
    positions.push(...page);
    start += page.length;
  }
  const seen = new Set<string>();
  return positions.filter((p) => {
    if (seen.has(p.hotkey)) return false;
    seen.add(p.hotkey);
    return true;
  });
}

/** A hotkey's place on one subnet. */
export interface Registration {
  netuid: number;
  uid: number;
}

/** The subnets where a hotkey is registered, from `uid_of(netuid, hotkey)` read for each of `netuids`. */
export function registrationsOf(netuids: readonly number[], uids: readonly (number | undefined)[]): Registration[] {
  if (netuids.length !== uids.length) throw new Error(`${netuids.length} subnets but ${uids.length} uid answers`);
  return netuids
    .map((netuid, index) => ({ netuid, uid: uids[index] }))
    .filter((r): r is Registration => r.uid !== undefined)
    .sort((a, b) => a.netuid - b.netuid);
}

/** What the chain says of a position's hotkey besides the position. */
export interface HotkeyFacts {
  subnets: Registration[];
  /** The coldkey that registered it, if any. */
  owner?: string;
}

export interface PositionRow extends PositionInfo {
  subnets: Registration[];
  /**
   * The position is on the coldkey's own hotkey: staking never closes an owner's position for
   * falling below the nominator minimum, so amount checks differ.
   */
  ownHotkey: boolean;
}

function compareDescending<T extends bigint | string>(a: T, b: T): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

/** The page's rows: largest stake first, then by hotkey, so the order holds across refreshes. */
export function positionRows(positions: readonly PositionInfo[], factsOf: (hotkey: string) => HotkeyFacts, me: string): PositionRow[] {
  return positions
    .map((p) => {
      const facts = factsOf(p.hotkey);
      return { ...p, subnets: facts.subnets, ownHotkey: sameAccount(facts.owner, me) };
    })
    .sort((a, b) => compareDescending(a.stake, b.stake) || compareDescending(b.hotkey, a.hotkey));
}

/** "1 (uid 1), 3 (uid 0)", or "deregistered" when the hotkey is registered on no subnet. */
export function describeRegistrations(subnets: readonly Registration[]): string {
  if (subnets.length === 0) return "deregistered";
  return subnets.map((r) => `${r.netuid} (uid ${r.uid})`).join(", ");
}

/** A subnet's validators, as the metagraph lists them. */
export interface SubnetValidators {
  netuid: number;
  validators: readonly { hotkey: string; uid: number }[];
}

export interface MoveTarget {
  hotkey: string;
  subnets: Registration[];
}

/**
 * Where stake on `from` may move: every subnet's validators, each hotkey once (a hotkey may
 * validate on several subnets), `from` itself left out since staking refuses a move to the
 * same hotkey.
 */
export function moveTargets(subnets: readonly SubnetValidators[], from: string): MoveTarget[] {
  const targets = new Map<string, MoveTarget>();
  for (const { netuid, validators } of subnets) {
    for (const { hotkey, uid } of validators) {
      if (sameAccount(hotkey, from)) continue;
      const known = targets.get(hotkey);
      if (known) known.subnets.push({ netuid, uid });
      else targets.set(hotkey, { hotkey, subnets: [{ netuid, uid }] });
    }
  }
  return [...targets.values()];
}
