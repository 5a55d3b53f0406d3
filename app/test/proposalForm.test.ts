import { describe, expect, it } from "vitest";

import { describeCall, encodeCall } from "../src/lib/calls";
import {
  checkProposal,
  hyperparameterChoices,
  parseCodeHash,
  parseDescription,
  parseHyperparameter,
  parseNetuid,
  parseShares,
  upgradableContracts,
  type ProposalForm,
} from "../src/lib/proposalForm";
import { book, metadata } from "./support/suite";

const context = { metadata, netuids: [1, 2] };
const registry = metadata.subnet_registry;
const HASH = `0x${"0123456789abcdef".repeat(4)}`;

const form = (over: Partial<ProposalForm>): ProposalForm => ({
  kind: "hyperparameter",
  netuid: "1",
  hyperparameter: "Tempo",
  value: "100",
  shares: "",
  contract: "staking",
  codeHash: "",
  description: "faster epochs on subnet 1",
  ...over,
});

/** What the voters will read of the form's proposal: its call encoded, then decoded. */
function proposed(over: Partial<ProposalForm>): string {
  const checked = checkProposal(form(over), context);
  if (!checked.ok) throw new Error(checked.error);
  return describeCall(encodeCall(checked.value.call, book, metadata), book, metadata);
}

describe("the form's three kinds of proposal round-trip to the text voters read", () => {
  it("a hyperparameter change", () => {
    expect(proposed({})).toBe("subnet_registry.set_hyperparameter { netuid: 1, change: Tempo(100) }");
    expect(proposed({ netuid: " 2 ", hyperparameter: "AlphaValues", value: "45875, 58982" })).toBe(
      "subnet_registry.set_hyperparameter { netuid: 2, change: AlphaValues(45875, 58982) }",
    );
    expect(proposed({ hyperparameter: "YumaVariant", value: "classic" })).toBe(
      "subnet_registry.set_hyperparameter { netuid: 1, change: YumaVariant(Classic) }",
    );
    expect(proposed({ hyperparameter: "StakeThreshold", value: "1_000_000_000_000" })).toBe(
      "subnet_registry.set_hyperparameter { netuid: 1, change: StakeThreshold(1000000000000) }",
    );
  });

  it("emission shares", () => {
    expect(proposed({ kind: "shares", shares: "1=1, 2 = 3" })).toBe("emission.set_fixed_shares { parts: [(1, 1), (2, 3)] }");
  });

  it("a code upgrade", () => {
    expect(proposed({ kind: "upgrade", contract: "emission", codeHash: HASH.toUpperCase().replace("0X", "0x") })).toBe(
      `emission.Admin::set_code { code_hash: ${HASH} }`,
    );
    expect(proposed({ kind: "upgrade", contract: "epoch", codeHash: HASH })).toBe(`epoch.Admin::set_code { code_hash: ${HASH} }`);
  });

  it("keeps the description, trimmed", () => {
    expect(checkProposal(form({ description: "  why  " }), context)).toMatchObject({ ok: true, value: { description: "why" } });
  });
});

describe("the choices come from the metadata", () => {
  it("every hyperparameter with what its value looks like", () => {
    const choices = hyperparameterChoices(registry);
    expect(choices).toHaveLength(23);
    expect(choices[0]).toEqual({ name: "Tempo", hint: "u16" });
    expect(choices).toContainEqual({ name: "AlphaValues", hint: "u16, u16" });
    expect(choices).toContainEqual({ name: "YumaVariant", hint: "Classic or Yuma3" });
    expect(choices).toContainEqual({ name: "LiquidAlphaEnabled", hint: "true or false" });
    expect(choices).toContainEqual({ name: "BurnBounds", hint: "u128, u128" });
  });

  it("every contract with the Admin trait may be upgraded, governance not", () => {
    expect(upgradableContracts(metadata)).toEqual(["tao_token", "staking", "subnet_registry", "weights", "emission", "epoch", "market"]);
  });
});

describe("bad input is refused with a reason before anything is signed", () => {
  it("netuids", () => {
    expect(parseNetuid("", context)).toEqual({ ok: false, error: "enter the subnet's netuid" });
    expect(parseNetuid("one", context)).toEqual({ ok: false, error: 'netuid: "one" is not a whole number' });
    expect(parseNetuid("1.5", context)).toEqual({ ok: false, error: 'netuid: "1.5" is not a whole number' });
    expect(parseNetuid("70000", context)).toEqual({ ok: false, error: "netuid: 70000 is out of range for u16 (0…65535)" });
    expect(parseNetuid("-1", context)).toEqual({ ok: false, error: "netuid: -1 is out of range for u16 (0…65535)" });
    expect(parseNetuid("7", context)).toEqual({ ok: false, error: "there is no subnet 7 (subnets: 1, 2)" });
    expect(parseNetuid("7", { metadata })).toEqual({ ok: true, value: 7 });
  });

  it("hyperparameter values, by the variant's types", () => {
    expect(parseHyperparameter(registry, "Tempo", "")).toEqual({ ok: false, error: "Tempo takes u16: enter a value (u16)" });
    expect(parseHyperparameter(registry, "Tempo", "fast")).toEqual({ ok: false, error: 'Tempo takes u16: "fast" is not a whole number' });
    expect(parseHyperparameter(registry, "Tempo", "65536")).toEqual({ ok: false, error: "Tempo takes u16: 65536 is out of range for u16 (0…65535)" });
    expect(parseHyperparameter(registry, "AlphaSigmoidSteepness", "-32769")).toMatchObject({ ok: false, error: expect.stringMatching(/-32768…32767/) });
    expect(parseHyperparameter(registry, "AlphaSigmoidSteepness", "-5")).toEqual({ ok: true, value: { type: "AlphaSigmoidSteepness", value: -5 } });
    expect(parseHyperparameter(registry, "AlphaValues", "1")).toEqual({ ok: false, error: "AlphaValues takes 2 values separated by a comma (u16, u16)" });
    expect(parseHyperparameter(registry, "LiquidAlphaEnabled", "yes")).toEqual({ ok: false, error: 'LiquidAlphaEnabled takes true or false: "yes" is not true or false' });
    expect(parseHyperparameter(registry, "YumaVariant", "Yuma4")).toEqual({ ok: false, error: 'YumaVariant takes Classic or Yuma3: "Yuma4" is not Classic or Yuma3' });
    expect(parseHyperparameter(registry, "Speed", "1")).toEqual({ ok: false, error: "choose a hyperparameter (Speed is not one)" });
    expect(parseHyperparameter(registry, "WeightsVersionKey", "18446744073709551615")).toEqual({
      ok: true,
      value: { type: "WeightsVersionKey", value: 18_446_744_073_709_551_615n },
    });
  });

  it("emission shares", () => {
    expect(parseShares("", context)).toEqual({ ok: false, error: "enter each subnet's part, like 1=1,2=3" });
    expect(parseShares("1:1", context)).toEqual({ ok: false, error: '"1:1" is not NETUID=PARTS' });
    expect(parseShares("1=1,", context)).toEqual({ ok: false, error: "an empty entry between commas: write NETUID=PARTS, like 1=1,2=3" });
    expect(parseShares("x=1", context)).toEqual({ ok: false, error: 'netuid: "x" is not a whole number' });
    expect(parseShares("1=70000", context)).toEqual({ ok: false, error: "subnet 1's part: 70000 is out of range for u16 (0…65535)" });
    expect(parseShares("1=1,1=2", context)).toEqual({ ok: false, error: "subnet 1 is named twice" });
    expect(parseShares("1=1,7=2", context)).toEqual({ ok: false, error: "there is no subnet 7 (subnets: 1, 2)" });
    expect(parseShares("1=0,2=0", context)).toEqual({ ok: false, error: "every part is zero: no subnet would receive emission" });
    expect(parseShares("2=0,1=5", context)).toEqual({ ok: true, value: [[2, 0], [1, 5]] });
  });

  it("code hashes", () => {
    expect(parseCodeHash(" ")).toEqual({ ok: false, error: "enter the new code's hash (0x and 64 hex digits)" });
    expect(parseCodeHash("abcd")).toEqual({ ok: false, error: "the code hash must be 0x followed by hex digits" });
    expect(parseCodeHash("0xzz")).toEqual({ ok: false, error: "the code hash must be 0x followed by hex digits" });
    expect(parseCodeHash(HASH.slice(0, -2))).toEqual({ ok: false, error: "the code hash must be 32 bytes (64 hex digits), not 62 digits" });
    expect(parseCodeHash(`${HASH}00`)).toEqual({ ok: false, error: "the code hash must be 32 bytes (64 hex digits), not 66 digits" });
    expect(parseCodeHash(HASH)).toEqual({ ok: true, value: HASH });
  });

  it("descriptions: not empty, within governance's bound in UTF-8 bytes", () => {
    expect(parseDescription(" \n ")).toEqual({ ok: false, error: "describe the proposal for the voters" });
    expect(parseDescription("é".repeat(2_049))).toEqual({ ok: false, error: "the description is 4098 bytes; governance takes at most 4096" });
    expect(parseDescription("é".repeat(2_048))).toMatchObject({ ok: true });
  });

  it("the whole form says what is wrong first, the call before the description", () => {
    expect(checkProposal(form({ netuid: "x", description: "" }), context)).toEqual({ ok: false, error: 'netuid: "x" is not a whole number' });
    expect(checkProposal(form({ description: "" }), context)).toEqual({ ok: false, error: "describe the proposal for the voters" });
    expect(checkProposal(form({ kind: "upgrade", contract: "governance", codeHash: HASH }), context)).toEqual({
      ok: false,
      error: "choose the contract to upgrade (governance cannot be)",
    });
    expect(checkProposal(form({ kind: "upgrade", codeHash: "0x1234" }), context)).toEqual({
      ok: false,
      error: "the code hash must be 32 bytes (64 hex digits), not 4 digits",
    });
  });
});
