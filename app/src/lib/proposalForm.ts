// The new-proposal form: what a person types for each kind of proposal, checked and turned
// into the call governance will make. Every type (the hyperparameters and their value types,
// netuids, share parts) comes from the target contract's metadata, so the form follows the
// contracts as they are built.
import type { ContractMetadata } from "dedot/contracts";
import { stringPascalCase } from "dedot/utils";

import type { CallSpec, SuiteMetadata } from "./calls";
import { CONTRACTS, type ContractName } from "./deployment";
import { findMessage, registryOf } from "./messages";
import { parseTyped, typeHint, type Checked } from "./values";

/** governance's MAX_DESCRIPTION_BYTES (contracts/governance/src/lifecycle.rs). */
export const MAX_DESCRIPTION_BYTES = 4 * 1024;

const SET_HYPERPARAMETER = "set_hyperparameter";
const SET_FIXED_SHARES = "set_fixed_shares";
const SET_CODE = "Admin::set_code";

export type ProposalKind = "hyperparameter" | "shares" | "upgrade";

export const PROPOSAL_KINDS: { kind: ProposalKind; label: string }[] = [
  { kind: "hyperparameter", label: "subnet hyperparameter" },
  { kind: "shares", label: "emission shares" },
  { kind: "upgrade", label: "code upgrade" },
];

export interface ProposalForm {
  kind: ProposalKind;
  netuid: string;
  /** A variant of the registry's `Hyperparameter`, as the metadata names it. */
  hyperparameter: string;
  value: string;
  /** `NETUID=PARTS,…`. */
  shares: string;
  contract: string;
  codeHash: string;
  description: string;
}

export interface FormContext {
  metadata: SuiteMetadata;
  /** The subnets that exist, when known: a call naming another would fail at execution. */
  netuids?: readonly number[];
}

function argumentType(metadata: ContractMetadata, label: string, index: number): number {
  const message = findMessage(metadata, label);
  if (!message) throw new Error(`${metadata.contract.name} has no message ${label}`);
  return message.args[index].type.type;
}

export interface HyperparameterChoice {
  name: string;
  /** What its value looks like: `u16`, `u16, u16`, `Classic or Yuma3`. */
  hint: string;
}

/** The variants of the registry's `Hyperparameter`, in the contract's order. */
export function hyperparameterChoices(registryMetadata: ContractMetadata): HyperparameterChoice[] {
  const registry = registryOf(registryMetadata);
  const { typeDef } = registry.findType(argumentType(registryMetadata, SET_HYPERPARAMETER, 1));
  if (typeDef.type !== "Enum") throw new Error("set_hyperparameter's change is not an enum");
  return typeDef.value.members.map((member) => ({
    name: member.name,
    hint: member.fields.map((field) => typeHint(registry, field.typeId)).join(", "),
  }));
}

/** The suite contracts governance can upgrade: those with the Admin trait's code message. */
export function upgradableContracts(metadata: SuiteMetadata): ContractName[] {
  return CONTRACTS.filter((name) => findMessage(metadata[name], SET_CODE) !== undefined);
}

function checkNetuid(netuid: number, known?: readonly number[]): Checked<number> {
  if (known && !known.includes(netuid)) {
    return { ok: false, error: `there is no subnet ${netuid} (subnets: ${known.join(", ") || "none"})` };
  }
  return { ok: true, value: netuid };
}

export function parseNetuid(text: string, context: FormContext): Checked<number> {
  const registryMetadata = context.metadata.subnet_registry;
  if (text.trim() === "") return { ok: false, error: "enter the subnet's netuid" };
  const parsed = parseTyped(registryOf(registryMetadata), argumentType(registryMetadata, SET_HYPERPARAMETER, 0), text);
  if (!parsed.ok) return { ok: false, error: `netuid: ${parsed.error}` };
  return checkNetuid(parsed.value as number, context.netuids);
}

/** `Tempo` and `100` as the registry's `Hyperparameter::Tempo(100)`, in dedot's shape. */
export function parseHyperparameter(registryMetadata: ContractMetadata, name: string, text: string): Checked<unknown> {
  const registry = registryOf(registryMetadata);
  const { typeDef } = registry.findType(argumentType(registryMetadata, SET_HYPERPARAMETER, 1));
  const member = typeDef.type === "Enum" ? typeDef.value.members.find((m) => m.name === name) : undefined;
  if (!member) return { ok: false, error: `choose a hyperparameter (${name || "none"} is not one)` };
  const texts = member.fields.length > 1 ? text.split(",") : [text];
  const hint = member.fields.map((field) => typeHint(registry, field.typeId)).join(", ");
  if (texts.length !== member.fields.length) {
    return { ok: false, error: `${name} takes ${member.fields.length} values separated by a comma (${hint})` };
  }
  const values: unknown[] = [];
  for (const [index, field] of member.fields.entries()) {
    const parsed = parseTyped(registry, field.typeId, texts[index]);
    if (!parsed.ok) return { ok: false, error: `${name} takes ${hint}: ${parsed.error}` };
    values.push(parsed.value);
  }
  const type = stringPascalCase(member.name);
  return { ok: true, value: values.length === 1 ? { type, value: values[0] } : { type, value: values } };
}

/** `1=1,2=3` as emission's `Vec<(NetUid, u16)>`: each subnet once, not every part zero. */
export function parseShares(text: string, context: FormContext): Checked<[number, number][]> {
  const emission = context.metadata.emission;
  const registry = registryOf(emission);
  const list = registry.findType(argumentType(emission, SET_FIXED_SHARES, 0)).typeDef;
  const pair = list.type === "Sequence" ? registry.findType(list.value.typeParam).typeDef : undefined;
  if (pair?.type !== "Tuple" || pair.value.fields.length !== 2) throw new Error("set_fixed_shares takes no list of pairs");
  const [netuidType, partType] = pair.value.fields;
  if (text.trim() === "") return { ok: false, error: "enter each subnet's part, like 1=1,2=3" };
  const shares: [number, number][] = [];
  for (const entry of text.split(",")) {
    if (entry.trim() === "") return { ok: false, error: "an empty entry between commas: write NETUID=PARTS, like 1=1,2=3" };
    const match = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(entry);
    if (!match) return { ok: false, error: `"${entry.trim()}" is not NETUID=PARTS` };
    const netuid = parseTyped(registry, netuidType, match[1]);
    if (!netuid.ok) return { ok: false, error: `netuid: ${netuid.error}` };
    const part = parseTyped(registry, partType, match[2]);
    if (!part.ok) return { ok: false, error: `subnet ${match[1]}'s part: ${part.error}` };
    if (shares.some(([seen]) => seen === netuid.value)) return { ok: false, error: `subnet ${netuid.value} is named twice` };
    const known = checkNetuid(netuid.value as number, context.netuids);
    if (!known.ok) return known;
    shares.push([netuid.value as number, part.value as number]);
  }
  if (shares.every(([, part]) => part === 0)) return { ok: false, error: "every part is zero: no subnet would receive emission" };
  return { ok: true, value: shares };
}

/** A 32-byte hash as 0x and 64 hex digits. */
export function parseCodeHash(text: string): Checked<`0x${string}`> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: "enter the new code's hash (0x and 64 hex digits)" };
  if (!/^0x[0-9a-fA-F]*$/.test(trimmed)) return { ok: false, error: "the code hash must be 0x followed by hex digits" };
  const digits = trimmed.length - 2;
  if (digits !== 64) return { ok: false, error: `the code hash must be 32 bytes (64 hex digits), not ${digits} digits` };
  return { ok: true, value: trimmed.toLowerCase() as `0x${string}` };
}

export function parseDescription(text: string): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: "describe the proposal for the voters" };
  const bytes = new TextEncoder().encode(trimmed).length;
  if (bytes > MAX_DESCRIPTION_BYTES) {
    return { ok: false, error: `the description is ${bytes} bytes; governance takes at most ${MAX_DESCRIPTION_BYTES}` };
  }
  return { ok: true, value: trimmed };
}

/** The call the form describes, or the first thing wrong with it. */
export function formCall(form: ProposalForm, context: FormContext): Checked<CallSpec> {
  switch (form.kind) {
    case "hyperparameter": {
      const netuid = parseNetuid(form.netuid, context);
      if (!netuid.ok) return netuid;
      const change = parseHyperparameter(context.metadata.subnet_registry, form.hyperparameter, form.value);
      if (!change.ok) return change;
      return { ok: true, value: { contract: "subnet_registry", message: SET_HYPERPARAMETER, args: [netuid.value, change.value] } };
    }
    case "shares": {
      const shares = parseShares(form.shares, context);
      if (!shares.ok) return shares;
      return { ok: true, value: { contract: "emission", message: SET_FIXED_SHARES, args: [shares.value] } };
    }
    case "upgrade": {
      const contract = upgradableContracts(context.metadata).find((name) => name === form.contract);
      if (!contract) return { ok: false, error: `choose the contract to upgrade (${form.contract || "none"} cannot be)` };
      const hash = parseCodeHash(form.codeHash);
      if (!hash.ok) return hash;
      return { ok: true, value: { contract, message: SET_CODE, args: [hash.value] } };
    }
  }
}

export interface CheckedProposal {
  call: CallSpec;
  description: string;
}

/** The whole form: its call, then its description. */
export function checkProposal(form: ProposalForm, context: FormContext): Checked<CheckedProposal> {
  const call = formCall(form, context);
  if (!call.ok) return call;
  const description = parseDescription(form.description);
  if (!description.ok) return description;
  return { ok: true, value: { call: call.value, description: description.value } };
}
