// A contract message's call data (selector + SCALE arguments), encoded and decoded through the
// contract's own metadata with dedot's type registry: the page never lays bytes out by hand,
// so a call it builds or shows is exactly what the contract's ABI says.
import type { ContractCallMessage, ContractMetadata } from "dedot/contracts";
import { TypinkRegistry } from "dedot/contracts";
import * as $ from "dedot/shape";
import { concatU8a, hexToU8a, u8aToHex, type HexString } from "dedot/utils";

// One registry per metadata: building it walks every type of the contract.
const registries = new WeakMap<ContractMetadata, TypinkRegistry>();

export function registryOf(metadata: ContractMetadata): TypinkRegistry {
  let registry = registries.get(metadata);
  if (!registry) {
    registry = new TypinkRegistry(metadata);
    registries.set(metadata, registry);
  }
  return registry;
}

/** A message by its label as the metadata spells it: `set_hyperparameter`, `Admin::set_code`. */
export function findMessage(metadata: ContractMetadata, label: string): ContractCallMessage | undefined {
  return metadata.spec.messages.find((message) => message.label === label);
}

export interface CallData {
  selector: HexString;
  /** The SCALE-encoded arguments, without the selector. */
  input: HexString;
}

/** `label(args…)` as call data; `args` are values as dedot's generated types take them. */
export function encodeMessage(metadata: ContractMetadata, label: string, args: readonly unknown[]): CallData {
  const message = findMessage(metadata, label);
  if (!message) throw new Error(`${metadata.contract.name} has no message ${label}`);
  if (message.args.length !== args.length) {
    throw new Error(`${label} takes ${message.args.length} arguments, not ${args.length}`);
  }
  const registry = registryOf(metadata);
  const encoded = message.args.map((arg, index) => registry.findCodec(arg.type.type).tryEncode(args[index]));
  return { selector: message.selector as HexString, input: u8aToHex(concatU8a(...encoded)) };
}

export interface DecodedArgument {
  name: string;
  typeId: number;
  value: unknown;
}

export interface DecodedMessage {
  label: string;
  args: DecodedArgument[];
}

/**
 * The message `selector` names and its arguments read from `input`; undefined when no message
 * has that selector or the bytes are not exactly its arguments (too few, too many, malformed).
 */
export function decodeMessage(metadata: ContractMetadata, selector: string, input: string): DecodedMessage | undefined {
  const message = metadata.spec.messages.find((m) => m.selector.toLowerCase() === selector.toLowerCase());
  if (!message) return undefined;
  const registry = registryOf(metadata);
  const buffer = new $.DecodeBuffer(hexToU8a(input));
  try {
    const args = message.args.map((arg) => ({
      name: arg.label,
      typeId: arg.type.type,
      value: registry.findCodec(arg.type.type).subDecode(buffer),
    }));
    return buffer.index === buffer.array.length ? { label: message.label, args } : undefined;
  } catch {
    return undefined;
  }
}

export type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * What message `label` answered, from the bytes a dry run returned: ink!'s `MessageResult`
 * around the message's own value, which for the suite's privileged messages is a `Result`.
 */
export function decodeOutcome(metadata: ContractMetadata, label: string, data: string): Outcome {
  const message = findMessage(metadata, label);
  if (!message) throw new Error(`${metadata.contract.name} has no message ${label}`);
  type Answer = { isErr?: boolean; err?: unknown; value?: { isErr?: boolean; err?: unknown } };
  const answer = registryOf(metadata).findCodec(message.returnType.type).tryDecode(data) as Answer;
  if (answer.isErr) return { ok: false, error: answer.err };
  if (answer.value?.isErr) return { ok: false, error: answer.value.err };
  return { ok: true };
}
