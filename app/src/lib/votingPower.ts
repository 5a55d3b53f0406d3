// An account's voting power as staking's delegated votes define it (contracts/staking:
// `own_votes`, `delegate_of`, `get_votes`; docs/protocol.md "Delegated votes"), in words; and
// the address a person types to lend it to, checked before anything is signed.
import { decodeAddress } from "dedot/utils";

import { sameAccount } from "./accounts";
import { shortAddress } from "./metagraph";
import type { Checked } from "./values";

/** What staking answers for one account, read at the same time. */
export interface VotingPowerReading {
  account: string;
  /** `own_votes`: the value of the account's positions, wherever its power is lent (rao). */
  own: bigint;
  /** `delegate_of`: who holds the account's power (the account itself when not lent). */
  holder: string;
  /** `get_votes`: the power the account holds now — its own unless lent, plus what others lent it (rao). */
  held: bigint;
}

export interface VotingPower {
  own: bigint;
  /** Who holds the account's power; undefined when the account votes with it itself. */
  lentTo?: string;
  /** "voting as yourself" or "lent to 5FHneW…M694ty". */
  holderText: string;
  held: bigint;
  /** The part of `held` others lent the account (rao). */
  lentByOthers: bigint;
}

export function describeVotingPower(reading: VotingPowerReading): VotingPower {
  const lent = !sameAccount(reading.holder, reading.account);
  // While lent, the account's own power is counted for the holder, not in `held`.
  const ownInHeld = lent ? 0n : reading.own;
  const lentByOthers = reading.held > ownInHeld ? reading.held - ownInHeld : 0n;
  return {
    own: reading.own,
    lentTo: lent ? reading.holder : undefined,
    holderText: lent ? `lent to ${shortAddress(reading.holder)}` : "voting as yourself",
    held: reading.held,
    lentByOthers,
  };
}

/**
 * An account's SS58 address and nothing else: a 0x public key or an account index is refused.
 * `missing` is what to ask for when nothing is typed.
 */
export function parseAccountAddress(text: string, missing = "enter the address to lend your voting power to"): Checked<string> {
  const address = text.trim();
  if (address === "") return { ok: false, error: missing };
  const refused = { ok: false as const, error: `"${address}" is not an SS58 address` };
  // decodeAddress takes hex as raw bytes; a person pasting hex has likely pasted something else.
  if (/^0x/i.test(address)) return refused;
  try {
    // The checksum is verified: a mistyped character is caught here, not on the chain.
    const bytes = decodeAddress(address);
    // Shorter SS58 strings are account indices, which staking's AccountId cannot take.
    return bytes.length === 32 ? { ok: true, value: address } : refused;
  } catch {
    return refused;
  }
}

/** A `delegate` call to make: to lend the power, or (`delegate` = the account) to take it back. */
export interface LendTarget {
  delegate: string;
  takesBack: boolean;
}

/**
 * `text` as whom `me` lends its voting power to now that `holder` holds it. Lending to the
 * current holder is refused: staking would accept it and change nothing.
 */
export function checkLendTarget(text: string, me: string, holder: string): Checked<LendTarget> {
  const parsed = parseAccountAddress(text);
  if (!parsed.ok) return parsed;
  const takesBack = sameAccount(parsed.value, me);
  if (sameAccount(parsed.value, holder)) {
    return {
      ok: false,
      error: takesBack
        ? "you are voting as yourself already: nothing to take back"
        : `your voting power is lent to ${shortAddress(holder)} already`,
    };
  }
  return { ok: true, value: { delegate: parsed.value, takesBack } };
}
