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
  const message = findMessage(registry, "set_hyperparameter")!;
  const answer = (value: unknown) => u8aToHex(registryOf(registry).findCodec(message.returnType.type).tryEncode(value));

  it("is ok only when the message itself answered Ok", () => {
    expect(decodeOutcome(message, registryOf(registry), answer({ isOk: true, value: { isOk: true, value: [] } }))).toEqual({ ok: true });
    expect(
      decodeOutcome(message, registryOf(registry), answer({ isOk: true, value: { isErr: true, err: "HyperparameterOutOfRange" } })),
    ).toEqual({ ok: false, error: "HyperparameterOutOfRange" });
  });

  it("passes on ink!'s own refusal of the input", () => {
    expect(decodeOutcome(message, registryOf(registry), answer({ isErr: true, err: "CouldNotReadInput" }))).toEqual({
      ok: false,
      error: "CouldNotReadInput",
    });
  });
});
