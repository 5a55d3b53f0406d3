import { describe, expect, it } from "vitest";
import { u8aToHex } from "dedot/utils";

import { decodeMessage, decodeOutcome, encodeMessage, findMessage, registryOf } from "../src/lib/messages";
import { metadata } from "./support/suite";

const registry = metadata.subnet_registry;

describe("decodeMessage", () => {
  it("reads back what encodeMessage wrote, argument by argument", () => {
    const { selector, input } = encodeMessage(registry, "set_hyperparameter", [7, { type: "BurnBounds", value: [1n, 2n] }]);
    expect(decodeMessage(registry, selector, input)).toEqual({
      label: "set_hyperparameter",
      args: [
        { name: "netuid", typeId: expect.any(Number), value: 7 },
        { name: "change", typeId: expect.any(Number), value: { type: "BurnBounds", value: [1n, 2n] } },
      ],
    });
  });
});

describe("decodeOutcome", () => {
  // What a dry run of set_hyperparameter answers: ink!'s MessageResult around Result<(), RegistryError>.
  const returnType = findMessage(registry, "set_hyperparameter")!.returnType.type;
  const answer = (value: unknown) => u8aToHex(registryOf(registry).findCodec(returnType).tryEncode(value));
  const outcome = (value: unknown) => decodeOutcome(registry, "set_hyperparameter", answer(value));

  it("is ok only when the message itself answered Ok", () => {
    expect(outcome({ isOk: true, value: { isOk: true, value: [] } })).toEqual({ ok: true });
    expect(outcome({ isOk: true, value: { isErr: true, err: "HyperparameterOutOfRange" } })).toEqual({
      ok: false,
      error: "HyperparameterOutOfRange",
    });
  });

  it("passes on ink!'s own refusal of the input", () => {
    expect(outcome({ isErr: true, err: "CouldNotReadInput" })).toEqual({
      ok: false,
      error: "CouldNotReadInput",
    });
  });
});
