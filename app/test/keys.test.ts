import { decodeAddress, encodeAddress } from "dedot/utils";
import { describe, expect, it } from "vitest";

import { explainError, hasExplanation } from "../src/lib/errors";
import {
  checkNewColdkey,
  checkNewHotkey,
  checkOldHotkey,
  coldkeySwapStatus,
  coldkeySwapTerms,
  describeOwnedHotkey,
  formatBlocks,
  hotkeySwapTerms,
  MAX_LISTED_HOTKEYS,
  ownedHotkeys,
  positionSightings,
  repeatUntilDone,
  swapCallText,
  type HotkeySighting,
  type KeySwapRules,
} from "../src/lib/keys";
import type { PositionRow } from "../src/lib/positions";
import { RAO_PER_TAO } from "../src/lib/units";
import { account, metadata } from "./support/suite";

// The development keys //Alice, //Bob, //Charlie.
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
const tao = (n: bigint) => n * RAO_PER_TAO;
const RULES: KeySwapRules = { cost: RAO_PER_TAO / 10n, hotkeyRateLimit: 1_000, coldkeyDelay: 36_000 };

describe("ownedHotkeys", () => {
  const validator = account(0x11);
  const miner = account(0x12);
  const ownerHotkey = account(0x13);
  const stranger = account(0x14);

  it("keeps the hotkeys staking says are the account's, registered ones first by subnet and uid", () => {
    const sightings: HotkeySighting[] = [
      { hotkey: stranger, owner: CHARLIE, subnets: [{ netuid: 1, uid: 0 }], stake: tao(5n) },
      { hotkey: miner, owner: BOB, subnets: [] },
      { hotkey: validator, owner: BOB, subnets: [{ netuid: 2, uid: 3 }, { netuid: 1, uid: 1 }], stake: tao(1_000n) },
      // Retired by a swap (owner_of answers none): not the account's any more.
      { hotkey: account(0x15), subnets: [], stake: tao(1n) },
    ];
    expect(ownedHotkeys(sightings, BOB)).toEqual([
      { hotkey: validator, subnets: [{ netuid: 1, uid: 1 }, { netuid: 2, uid: 3 }], stake: tao(1_000n), ownerHotkeyOf: [] },
      { hotkey: miner, subnets: [], ownerHotkeyOf: [] },
    ]);
  });

  it("merges a hotkey seen as a position and as a subnet's owner hotkey, under any SS58 prefix", () => {
    const onPolkadot = encodeAddress(decodeAddress(ownerHotkey), 0);
    const owned = ownedHotkeys(
      [
        { hotkey: ownerHotkey, owner: ALICE, subnets: [{ netuid: 1, uid: 0 }], stake: tao(2n) },
        { hotkey: onPolkadot, owner: encodeAddress(decodeAddress(ALICE), 0), subnets: [{ netuid: 1, uid: 0 }], ownerHotkeyOf: 1 },
        { hotkey: ownerHotkey, owner: ALICE, subnets: [{ netuid: 3, uid: 0 }], ownerHotkeyOf: 3 },
      ],
      ALICE,
    );
    expect(owned).toEqual([
      { hotkey: ownerHotkey, subnets: [{ netuid: 1, uid: 0 }, { netuid: 3, uid: 0 }], stake: tao(2n), ownerHotkeyOf: [1, 3] },
    ]);
  });

  it("is bounded", () => {
    const many: HotkeySighting[] = Array.from({ length: 100 }, (_, i) => ({ hotkey: account(i + 1), owner: BOB, subnets: [] }));
    expect(ownedHotkeys(many, BOB)).toHaveLength(MAX_LISTED_HOTKEYS);
    expect(ownedHotkeys(many, BOB, 3)).toHaveLength(3);
  });

  it("reads the account's positions on its own hotkeys as owned, the others as not", () => {
    const positions: PositionRow[] = [
      { hotkey: validator, stake: tao(10n), shares: 1n, subnets: [{ netuid: 1, uid: 1 }], ownHotkey: true },
      { hotkey: stranger, stake: tao(3n), shares: 1n, subnets: [], ownHotkey: false },
    ];
    const sightings = positionSightings(positions, BOB);
    expect(sightings).toEqual([
      { hotkey: validator, owner: BOB, subnets: [{ netuid: 1, uid: 1 }], stake: tao(10n) },
      { hotkey: stranger, owner: undefined, subnets: [], stake: tao(3n) },
    ]);
    expect(ownedHotkeys(sightings, BOB).map((h) => h.hotkey)).toEqual([validator]);
  });

  it("describes where a hotkey serves", () => {
    expect(describeOwnedHotkey({ hotkey: validator, subnets: [{ netuid: 1, uid: 1 }], stake: tao(1_000n), ownerHotkeyOf: [1] })).toBe(
      "subnets 1 (uid 1) · your stake 1,000.0000 TAO · owner hotkey of subnet 1",
    );
    expect(describeOwnedHotkey({ hotkey: miner, subnets: [], ownerHotkeyOf: [2, 4] })).toBe("registered nowhere · owner hotkey of subnets 2, 4");
  });
});

describe("the terms shown before a swap", () => {
  it("says what a swap burns and how often one may be made", () => {
    expect(hotkeySwapTerms(RULES)).toBe("burns 0.1 TAO · one hotkey swap per 1,000 blocks per coldkey");
    expect(hotkeySwapTerms({ ...RULES, cost: 0n, hotkeyRateLimit: 1 })).toBe("burns 0 TAO · one hotkey swap per 1 block per coldkey");
  });

  it("says when an announcement made now would be due", () => {
    expect(coldkeySwapTerms(RULES, 150)).toBe(
      "burns 0.1 TAO · due 36,000 blocks after the announcement (block 36,150 if announced now); cancel any time before it starts",
    );
  });

  it("counts blocks in words", () => {
    expect(formatBlocks(0)).toBe("0 blocks");
    expect(formatBlocks(1)).toBe("1 block");
    expect(formatBlocks(36_000)).toBe("36,000 blocks");
  });
});

describe("the addresses typed for a swap", () => {
  it("takes a new hotkey that is an SS58 address, not the old one and not one of the account's", () => {
    expect(checkNewHotkey(` ${CHARLIE} `, ALICE, [ALICE, BOB])).toEqual({ ok: true, value: CHARLIE });
    expect(checkNewHotkey("", ALICE, [])).toEqual({ ok: false, error: "enter the address of the new hotkey" });
    expect(checkNewHotkey("charlie", ALICE, [])).toEqual({ ok: false, error: '"charlie" is not an SS58 address' });
    expect(checkNewHotkey(encodeAddress(decodeAddress(ALICE), 0), ALICE, [])).toEqual({
      ok: false,
      error: "the new hotkey must be another key than the old one",
    });
    expect(checkNewHotkey(BOB, ALICE, [ALICE, BOB])).toEqual({ ok: false, error: "5FHneW…M694ty is one of your hotkeys already" });
    expect(checkNewHotkey(CHARLIE, undefined, [])).toEqual({ ok: false, error: "choose the hotkey to swap" });
  });

  it("takes a hotkey the page does not list as an SS58 address", () => {
    expect(checkOldHotkey(BOB)).toEqual({ ok: true, value: BOB });
    expect(checkOldHotkey(" ")).toEqual({ ok: false, error: "enter the address of the hotkey to swap" });
    const mistyped = `${BOB.slice(0, -1)}${BOB.endsWith("t") ? "u" : "t"}`;
    expect(checkOldHotkey(mistyped)).toEqual({ ok: false, error: `"${mistyped}" is not an SS58 address` });
  });

  it("takes a new coldkey other than the account itself", () => {
    expect(checkNewColdkey(CHARLIE, BOB)).toEqual({ ok: true, value: CHARLIE });
    expect(checkNewColdkey("", BOB)).toEqual({ ok: false, error: "enter the address of the new coldkey" });
    expect(checkNewColdkey(encodeAddress(decodeAddress(BOB), 0), BOB)).toEqual({
      ok: false,
      error: "the new coldkey must be another account than this one",
    });
  });
});

describe("coldkeySwapStatus", () => {
  it("without a swap, offers the announcement only", () => {
    expect(coldkeySwapStatus(undefined, 500)).toEqual({
      state: "none",
      blocksLeft: 0,
      text: "no coldkey swap announced",
      canAnnounce: true,
      canCancel: false,
      canExecute: false,
    });
  });

  it("counts the blocks left until it is due, and may be cancelled meanwhile", () => {
    expect(coldkeySwapStatus({ newColdkey: CHARLIE, due: 36_150, started: false }, 150)).toEqual({
      state: "waiting",
      blocksLeft: 36_000,
      text: "announced: everything moves to 5FLSig…XcS59Y from block 36,150 (36,000 blocks left)",
      canAnnounce: false,
      canCancel: true,
      canExecute: false,
    });
    expect(coldkeySwapStatus({ newColdkey: CHARLIE, due: 151, started: false }, 150).text).toMatch(/\(1 block left\)$/);
  });

  it("is due from its due block on: executed by anyone, still cancellable until it starts", () => {
    for (const block of [36_150, 40_000]) {
      expect(coldkeySwapStatus({ newColdkey: CHARLIE, due: 36_150, started: false }, block)).toEqual({
        state: "due",
        blocksLeft: 0,
        text: "due since block 36,150: everything moves to 5FLSig…XcS59Y once executed (anyone may execute it)",
        canAnnounce: false,
        canCancel: true,
        canExecute: true,
      });
    }
  });

  it("once started, can only be finished", () => {
    expect(coldkeySwapStatus({ newColdkey: CHARLIE, due: 36_150, started: true }, 36_200)).toEqual({
      state: "started",
      blocksLeft: 0,
      text: "started: your holdings are moving to 5FLSig…XcS59Y; execute again to finish",
      canAnnounce: false,
      canCancel: false,
      canExecute: true,
    });
  });
});

describe("repeatUntilDone", () => {
  it("calls until the swap is complete and says how many calls it took", async () => {
    const answers = [false, false, true];
    const calls: number[] = [];
    const taken = await repeatUntilDone(async (attempt) => {
      calls.push(attempt);
      return answers[attempt - 1];
    });
    expect(taken).toBe(3);
    expect(calls).toEqual([1, 2, 3]);
  });

  it("stops after the most calls it may make, asking to execute again", async () => {
    let calls = 0;
    await expect(
      repeatUntilDone(async () => {
        calls += 1;
        return false;
      }, 4),
    ).rejects.toThrow("the swap is not complete after 4 calls: execute again to move the rest");
    expect(calls).toBe(4);
  });

  it("stops at a refused call, with its reason", async () => {
    await expect(repeatUntilDone(async () => Promise.reject(new Error("refused: ColdkeySwapNotDue")))).rejects.toThrow(
      "refused: ColdkeySwapNotDue",
    );
  });

  it("says each call's outcome", () => {
    expect(swapCallText(1, false)).toBe("call 1 moved holdings; more to move");
    expect(swapCallText(1, true)).toBe("complete after 1 call");
    expect(swapCallText(3, true)).toBe("complete after 3 calls");
  });
});

describe("key rotation refusals in words", () => {
  it("explains each key rotation error of the registry and staking", () => {
    const names = ["HotkeyInUse", "HotkeySwapRateLimited", "ColdkeyInUse", "ColdkeySwapPending", "NoColdkeySwap", "ColdkeySwapNotDue", "ColdkeySwapStarted"];
    for (const name of names) {
      expect(hasExplanation(name)).toBe(true);
      expect(explainError(name)).toMatch(new RegExp(`^${name} — `));
      expect(explainError({ type: name })).toBe(explainError(name));
    }
    expect(explainError("HotkeyInUse")).toBe(
      "HotkeyInUse — the new hotkey is owned already, was retired by an earlier swap, or is the old one",
    );
    expect(explainError("NoColdkeySwap")).toBe("NoColdkeySwap — no coldkey swap is announced for this coldkey");
    expect(hasExplanation("Mystery")).toBe(false);
  });

  it("has words for every variant of every error the suite's contracts answer", () => {
    const missing: string[] = [];
    for (const [contract, m] of Object.entries(metadata)) {
      const types = (m as unknown as { types: { type: { path?: string[]; def: { variant?: { variants?: { name: string }[] } } } }[] }).types;
      for (const { type } of types) {
        const path = type.path ?? [];
        if (path[0] !== "interfaces" || !path[path.length - 1].endsWith("Error")) continue;
        for (const { name } of type.def.variant?.variants ?? []) {
          if (!hasExplanation(name)) missing.push(`${contract}: ${path.join("::")}::${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
