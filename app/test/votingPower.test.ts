import { decodeAddress, encodeAddress, u8aToHex } from "dedot/utils";
import { describe, expect, it } from "vitest";

import { RAO_PER_TAO } from "../src/lib/units";
import { checkLendTarget, describeVotingPower, parseAccountAddress } from "../src/lib/votingPower";

// The development keys //Alice, //Bob, //Charlie.
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
/** Bob's key as a Polkadot wallet shows it (prefix 0): the same account. */
const BOB_ON_POLKADOT = encodeAddress(decodeAddress(BOB), 0);
const tao = (n: bigint) => n * RAO_PER_TAO;

describe("describeVotingPower", () => {
  it("an account voting as itself holds its own power and what others lent it", () => {
    // Bob: 1,000 TAO of his own, and charlie's 125 lent to him.
    expect(describeVotingPower({ account: BOB, own: tao(1_000n), holder: BOB, held: tao(1_125n) })).toEqual({
      own: tao(1_000n),
      lentTo: undefined,
      holderText: "voting as yourself",
      held: tao(1_125n),
      lentByOthers: tao(125n),
    });
  });

  it("an account that lent its power holds only what others lent it", () => {
    expect(describeVotingPower({ account: CHARLIE, own: tao(125n), holder: BOB, held: 0n })).toEqual({
      own: tao(125n),
      lentTo: BOB,
      holderText: "lent to 5FHneW…M694ty",
      held: 0n,
      lentByOthers: 0n,
    });
    // Lent away, and holding alice's power lent to it: all of what it holds is alice's.
    expect(describeVotingPower({ account: CHARLIE, own: tao(125n), holder: BOB, held: tao(7n) }).lentByOthers).toBe(tao(7n));
  });

  it("reads the holder as the same account under another network's prefix", () => {
    const power = describeVotingPower({ account: BOB, own: tao(10n), holder: BOB_ON_POLKADOT, held: tao(10n) });
    expect(power.holderText).toBe("voting as yourself");
    expect(power.lentByOthers).toBe(0n);
  });

  it("never shows a negative loan when the figures were read across a block", () => {
    // Own power grew (a reward) in a block after `held` was read.
    expect(describeVotingPower({ account: BOB, own: tao(11n), holder: BOB, held: tao(10n) }).lentByOthers).toBe(0n);
  });
});

describe("parseAccountAddress", () => {
  it("takes an SS58 address of any prefix, trimmed", () => {
    expect(parseAccountAddress(`  ${BOB}\n`)).toEqual({ ok: true, value: BOB });
    expect(parseAccountAddress(BOB_ON_POLKADOT)).toEqual({ ok: true, value: BOB_ON_POLKADOT });
  });

  it("asks for an address when there is none", () => {
    expect(parseAccountAddress("   ")).toEqual({ ok: false, error: "enter the address to lend your voting power to" });
  });

  it("refuses a mistyped address by its checksum", () => {
    const mistyped = `${BOB.slice(0, -1)}${BOB.endsWith("t") ? "u" : "t"}`;
    expect(parseAccountAddress(mistyped)).toEqual({ ok: false, error: `"${mistyped}" is not an SS58 address` });
  });

  it("refuses what is not base58, a 0x public key and an account index", () => {
    expect(parseAccountAddress("bob")).toEqual({ ok: false, error: '"bob" is not an SS58 address' });
    expect(parseAccountAddress("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM69O0l")).toMatchObject({ ok: false });
    const hex = u8aToHex(decodeAddress(BOB));
    expect(parseAccountAddress(hex)).toEqual({ ok: false, error: `"${hex}" is not an SS58 address` });
    const index = encodeAddress(new Uint8Array([7]), 42);
    expect(parseAccountAddress(index)).toEqual({ ok: false, error: `"${index}" is not an SS58 address` });
  });
});

describe("checkLendTarget", () => {
  it("lends to another account", () => {
    expect(checkLendTarget(BOB, CHARLIE, CHARLIE)).toEqual({ ok: true, value: { delegate: BOB, takesBack: false } });
  });

  it("moves a loan from one holder to another", () => {
    expect(checkLendTarget(ALICE, CHARLIE, BOB)).toEqual({ ok: true, value: { delegate: ALICE, takesBack: false } });
  });

  it("takes the power back with the account's own address", () => {
    expect(checkLendTarget(CHARLIE, CHARLIE, BOB)).toEqual({ ok: true, value: { delegate: CHARLIE, takesBack: true } });
  });

  it("refuses a loan to whoever holds the power already, since it would change nothing", () => {
    expect(checkLendTarget(BOB, CHARLIE, BOB)).toEqual({ ok: false, error: "your voting power is lent to 5FHneW…M694ty already" });
    // The same holder typed under another prefix is still the same holder.
    expect(checkLendTarget(BOB_ON_POLKADOT, CHARLIE, BOB)).toMatchObject({ ok: false });
    expect(checkLendTarget(CHARLIE, CHARLIE, CHARLIE)).toEqual({
      ok: false,
      error: "you are voting as yourself already: nothing to take back",
    });
  });

  it("refuses what is not an address before comparing anything", () => {
    expect(checkLendTarget("5F…", CHARLIE, CHARLIE)).toEqual({ ok: false, error: '"5F…" is not an SS58 address' });
  });
});
