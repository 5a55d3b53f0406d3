import { describe, expect, it } from "vitest";
import { readAddressBook } from "../src/lib/deployment";
import { explainError } from "../src/lib/errors";
import { account } from "./support/suite";

const address = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const contracts = ["tao_token", "staking", "subnet_registry", "weights", "emission", "epoch", "market", "governance"].map(
  (name) => ({ name, address, code_hash: "0x00" }),
);

describe("readAddressBook", () => {
  it("reads a node deployment", () => {
    const book = readAddressBook({ network: "dev", url: "ws://127.0.0.1:9944", block: 7, contracts });
    expect(book.url).toBe("ws://127.0.0.1:9944");
    expect(book.addresses.governance).toBe(address);
    expect(Object.keys(book.addresses)).toEqual(["tao_token", "staking", "subnet_registry", "weights", "emission", "epoch", "market", "governance"]);
  });

  it("keeps each contract's own address, epoch's and the market's between emission's and governance's", () => {
    const distinct = contracts.map((c, index) => ({ ...c, address: account(index + 1) }));
    const book = readAddressBook({ network: "dev", url: "ws://x", contracts: distinct });
    expect(book.addresses.emission).toBe(account(5));
    expect(book.addresses.epoch).toBe(account(6));
    expect(book.addresses.market).toBe(account(7));
    expect(book.addresses.governance).toBe(account(8));
  });

  it("refuses sandbox networks, half deployments and bad addresses", () => {
    expect(() => readAddressBook({ network: "sandbox", contracts })).toThrow(/sandbox/);
    expect(() =>
      readAddressBook({ network: "dev", url: "ws://x", contracts: contracts.slice(0, 4) }),
    ).toThrow("network `dev` is not fully deployed: no emission, epoch, market, governance");
    // A record from before the epoch left emission lists six contracts: not the suite any more.
    const withoutEpoch = contracts.filter((c) => c.name !== "epoch");
    expect(() => readAddressBook({ network: "dev", url: "ws://x", contracts: withoutEpoch })).toThrow(
      "network `dev` is not fully deployed: no epoch",
    );
    // Nor one from before the market was deployed.
    const withoutMarket = contracts.filter((c) => c.name !== "market");
    expect(() => readAddressBook({ network: "dev", url: "ws://x", contracts: withoutMarket })).toThrow(
      "network `dev` is not fully deployed: no market",
    );
    const bad = contracts.map((c) => (c.name === "staking" ? { ...c, address: "0xdead" } : c));
    expect(() => readAddressBook({ network: "dev", url: "ws://x", contracts: bad })).toThrow(/no staking/);
    expect(() => readAddressBook(null)).toThrow(/not a JSON object/);
  });
});

describe("explainError", () => {
  it("names the variant and says why, for dedot's shapes", () => {
    expect(explainError("InsufficientBalance")).toBe("InsufficientBalance — the account has too little TAO");
    expect(explainError({ type: "CallFailed", value: 1 })).toBe(
      "CallFailed — a call of the proposal failed, so none of it was applied",
    );
    expect(explainError("Mystery")).toMatch(/^Mystery — see the contract/);
  });
});
