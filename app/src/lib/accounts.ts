// Accounts compared as the 32 bytes they are: a wallet may show the same key under another
// network's SS58 prefix than the chain's records do.
import { AccountId32 } from "dedot/codecs";

export function sameAccount(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  try {
    return new AccountId32(a).eq(b);
  } catch {
    // Not an address at all.
    return false;
  }
}
