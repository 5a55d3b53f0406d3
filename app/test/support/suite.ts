// A deployment of the suite for the tests: each contract at an address of its own, and the
// metadata of the built contracts.
import { encodeAddress } from "dedot/utils";

import { SUITE_METADATA } from "../../src/chain/metadata";
import { CONTRACTS, readAddressBook } from "../../src/lib/deployment";

/** The account whose 32 bytes are all `byte`. */
export const account = (byte: number) => encodeAddress(new Uint8Array(32).fill(byte));

export const book = readAddressBook({
  network: "test",
  url: "ws://127.0.0.1:9944",
  contracts: CONTRACTS.map((name, index) => ({ name, address: account(index + 1) })),
});

export const metadata = SUITE_METADATA;
