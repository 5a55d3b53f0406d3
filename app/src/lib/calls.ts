// A proposal's calls between the form, the chain and the voter: a call to a suite contract is
// built from the contract's name, message and arguments, and read back as
// `contract.message { argument: value, … }` — the same text `inktensor proposals` prints.
import type { ContractMetadata } from "dedot/contracts";
import { AccountId32 } from "dedot/codecs";
import type { HexString } from "dedot/utils";

import { sameAccount } from "./accounts";
import { CONTRACTS, type AddressBook, type ContractName } from "./deployment";
import { formatMessage } from "./format";
import { decodeMessage, encodeMessage, registryOf } from "./messages";

export type SuiteMetadata = Record<ContractName, ContractMetadata>;

/** What a proposal should call, in a person's terms. */
export interface CallSpec {
  contract: ContractName;
  /** The message's label in the metadata: `set_hyperparameter`, `Admin::set_code`. */
  message: string;
  /** Values as dedot's generated types take them. */
  args: unknown[];
}

/** A proposal call as governance stores it (`ProposalCall`). */
export interface ProposalCall {
  /** SS58 address or 0x-hex account id. */
  target: string;
  selector: HexString;
  input: HexString;
  transferredValue: bigint;
}

export function encodeCall(spec: CallSpec, book: AddressBook, metadata: SuiteMetadata): ProposalCall {
  const { selector, input } = encodeMessage(metadata[spec.contract], spec.message, spec.args);
  return { target: book.addresses[spec.contract], selector, input, transferredValue: 0n };
}

/** The suite contract deployed at `target`, if any. */
export function contractAt(target: string, book: AddressBook): ContractName | undefined {
  return CONTRACTS.find((name) => sameAccount(target, book.addresses[name]));
}

/**
 * The call as a voter reads it: decoded with the target's metadata when the target is a suite
 * contract and the bytes are one of its messages, else the raw target, selector and arguments.
 */
export function describeCall(call: ProposalCall, book: AddressBook, metadata: SuiteMetadata): string {
  const name = contractAt(call.target, book);
  const decoded = name && decodeMessage(metadata[name], call.selector, call.input);
  // Governance may send its own funds along; a voter must see that too.
  const value = call.transferredValue > 0n ? `, transferring ${call.transferredValue} (native)` : "";
  if (name && decoded) return `${name}.${formatMessage(registryOf(metadata[name]), decoded)}${value}`;
  const target = new AccountId32(call.target).address();
  return `${target} selector ${call.selector} arguments ${call.input === "0x" ? "none" : call.input}${value}`;
}
