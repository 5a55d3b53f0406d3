import { describe, expect, it } from "vitest";
import { encodeAddress } from "dedot/utils";

import { contractAt, describeCall, encodeCall, type CallSpec } from "../src/lib/calls";
import { account, book, metadata } from "./support/suite";

/** Encodes `spec` as governance will store it, then reads it back as a voter sees it. */
const roundTrip = (spec: CallSpec) => describeCall(encodeCall(spec, book, metadata), book, metadata);

describe("a call encoded from the metadata reads back as it was meant", () => {
  it("a hyperparameter change, in the registry's own bytes", () => {
    const call = encodeCall(
      { contract: "subnet_registry", message: "set_hyperparameter", args: [1, { type: "Tempo", value: 100 }] },
      book,
      metadata,
    );
    // The selector the built contract declares; netuid 1 as u16, variant 0, 100 as u16.
    expect(call).toEqual({ target: book.addresses.subnet_registry, selector: "0xaee011ae", input: "0x0100006400", transferredValue: 0n });
    expect(describeCall(call, book, metadata)).toBe("subnet_registry.set_hyperparameter { netuid: 1, change: Tempo(100) }");
  });

  it("variants with several fields, unit enums, booleans, signed and 128-bit values", () => {
    const change = (type: string, value: unknown) =>
      roundTrip({ contract: "subnet_registry", message: "set_hyperparameter", args: [3, { type, value }] });
    expect(change("AlphaValues", [45_875, 58_982])).toBe("subnet_registry.set_hyperparameter { netuid: 3, change: AlphaValues(45875, 58982) }");
    expect(change("YumaVariant", "Classic")).toBe("subnet_registry.set_hyperparameter { netuid: 3, change: YumaVariant(Classic) }");
    expect(change("LiquidAlphaEnabled", true)).toBe("subnet_registry.set_hyperparameter { netuid: 3, change: LiquidAlphaEnabled(true) }");
    expect(change("AlphaSigmoidSteepness", -1_000)).toBe("subnet_registry.set_hyperparameter { netuid: 3, change: AlphaSigmoidSteepness(-1000) }");
    expect(change("BurnBounds", [500_000n, 2n ** 100n])).toBe(
      "subnet_registry.set_hyperparameter { netuid: 3, change: BurnBounds(500000, 1267650600228229401496703205376) }",
    );
  });

  it("emission shares as a list of pairs", () => {
    expect(roundTrip({ contract: "emission", message: "set_fixed_shares", args: [[[1, 1], [2, 3]]] })).toBe(
      "emission.set_fixed_shares { parts: [(1, 1), (2, 3)] }",
    );
  });

  it("a code upgrade by hash, for any contract with the Admin trait", () => {
    const hash = `0x${"ab".repeat(32)}`;
    expect(roundTrip({ contract: "staking", message: "Admin::set_code", args: [hash] })).toBe(`staking.Admin::set_code { code_hash: ${hash} }`);
    expect(roundTrip({ contract: "weights", message: "Admin::set_code", args: [hash] })).toBe(`weights.Admin::set_code { code_hash: ${hash} }`);
    expect(roundTrip({ contract: "epoch", message: "Admin::set_code", args: [hash] })).toBe(`epoch.Admin::set_code { code_hash: ${hash} }`);
    expect(roundTrip({ contract: "market", message: "Admin::set_code", args: [hash] })).toBe(`market.Admin::set_code { code_hash: ${hash} }`);
  });

  it("the epoch contract's calls: aborting a subnet's running epoch, emission's link to the epoch", () => {
    const abort = encodeCall({ contract: "epoch", message: "abort_epoch", args: [1] }, book, metadata);
    // The selector the built epoch contract declares; netuid 1 as u16.
    expect(abort).toEqual({ target: book.addresses.epoch, selector: "0xb22d0ae6", input: "0x0100", transferredValue: 0n });
    expect(describeCall(abort, book, metadata)).toBe("epoch.abort_epoch { netuid: 1 }");
    const epoch = book.addresses.epoch;
    expect(roundTrip({ contract: "emission", message: "set_epoch", args: [epoch] })).toBe(`emission.set_epoch { epoch: Some(${epoch}) }`);
    expect(roundTrip({ contract: "emission", message: "set_epoch", args: [undefined] })).toBe("emission.set_epoch { epoch: None }");
  });

  it("accounts, options, structs and messages without arguments", () => {
    const guardian = account(9);
    expect(roundTrip({ contract: "tao_token", message: "Admin::transfer_admin", args: [guardian] })).toBe(
      `tao_token.Admin::transfer_admin { new_admin: ${guardian} }`,
    );
    expect(roundTrip({ contract: "governance", message: "set_guardian", args: [guardian] })).toBe(`governance.set_guardian { guardian: Some(${guardian}) }`);
    expect(roundTrip({ contract: "governance", message: "set_guardian", args: [undefined] })).toBe("governance.set_guardian { guardian: None }");
    const settings = { votingDelay: 1, votingPeriod: 20, quorumPpm: 40_000, proposalThreshold: 0n, timelockDelay: 10, gracePeriod: 100 };
    expect(roundTrip({ contract: "governance", message: "set_settings", args: [settings] })).toBe(
      "governance.set_settings { settings: GovernanceSettings { voting_delay: 1, voting_period: 20, quorum_ppm: 40000, proposal_threshold: 0, timelock_delay: 10, grace_period: 100 } }",
    );
    expect(roundTrip({ contract: "emission", message: "use_root_shares", args: [] })).toBe("emission.use_root_shares");
  });

  it("refuses a message the contract does not have, or the wrong number of arguments", () => {
    expect(() => encodeCall({ contract: "governance", message: "Admin::set_code", args: ["0x00"] }, book, metadata)).toThrow(/no message Admin::set_code/);
    expect(() => encodeCall({ contract: "emission", message: "set_fixed_shares", args: [] }, book, metadata)).toThrow(/takes 1 arguments, not 0/);
    // The epoch left emission: its messages are epoch's now.
    expect(() => encodeCall({ contract: "emission", message: "abort_epoch", args: [1] }, book, metadata)).toThrow(/emission has no message abort_epoch/);
  });
});

describe("describeCall", () => {
  const tempo = encodeCall({ contract: "subnet_registry", message: "set_hyperparameter", args: [1, { type: "Tempo", value: 100 }] }, book, metadata);

  it("shows a target outside the suite raw", () => {
    const stranger = account(42);
    expect(describeCall({ ...tempo, target: stranger }, book, metadata)).toBe(`${stranger} selector 0xaee011ae arguments 0x0100006400`);
  });

  it("shows raw what is not exactly one message of the target", () => {
    const registry = book.addresses.subnet_registry;
    expect(describeCall({ ...tempo, selector: "0xdeadbeef" }, book, metadata)).toBe(`${registry} selector 0xdeadbeef arguments 0x0100006400`);
    expect(describeCall({ ...tempo, input: "0x01000064" }, book, metadata)).toMatch(/selector 0xaee011ae arguments 0x01000064$/);
    expect(describeCall({ ...tempo, input: "0x010000640000" }, book, metadata)).toMatch(/arguments 0x010000640000$/);
    expect(describeCall({ ...tempo, input: "0x0100ff6400" }, book, metadata)).toMatch(/arguments 0x0100ff6400$/);
    expect(describeCall({ ...tempo, target: book.addresses.weights }, book, metadata)).toMatch(/^5\w+ selector 0xaee011ae/);
    // epoch's abort_epoch sent to emission, which no longer has it.
    const abort = encodeCall({ contract: "epoch", message: "abort_epoch", args: [1] }, book, metadata);
    expect(describeCall({ ...abort, target: book.addresses.emission }, book, metadata)).toBe(
      `${book.addresses.emission} selector 0xb22d0ae6 arguments 0x0100`,
    );
  });

  it("says when governance sends funds along", () => {
    expect(describeCall({ ...tempo, transferredValue: 5n }, book, metadata)).toBe(
      "subnet_registry.set_hyperparameter { netuid: 1, change: Tempo(100) }, transferring 5 (native)",
    );
  });

  it("recognises a suite contract under another SS58 prefix", () => {
    const polkadotForm = encodeAddress(new Uint8Array(32).fill(3), 0);
    expect(contractAt(polkadotForm, book)).toBe("subnet_registry");
    expect(contractAt(encodeAddress(new Uint8Array(32).fill(6), 0), book)).toBe("epoch");
    expect(contractAt(account(7), book)).toBe("market");
    expect(contractAt(account(42), book)).toBeUndefined();
  });
});
