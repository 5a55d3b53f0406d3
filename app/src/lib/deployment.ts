// The address book `inktensor deploy` writes (deployments/<network>.json), checked before use.

export const CONTRACTS = [
  "tao_token",
  "staking",
  "subnet_registry",
  "weights",
  "emission",
  "epoch",
  "market",
  "governance",
] as const;

export type ContractName = (typeof CONTRACTS)[number];

export interface AddressBook {
  network: string;
  /** The node's RPC address. */
  url: string;
  block: number;
  addresses: Record<ContractName, string>;
}

const SS58 = /^[1-9A-HJ-NP-Za-km-z]{46,48}$/;

/** Reads a deployment record; a sandbox network (no url) or a half-finished plan is refused. */
export function readAddressBook(record: unknown): AddressBook {
  if (!record || typeof record !== "object") throw new Error("the deployment record is not a JSON object");
  const { network, url, block, contracts } = record as Record<string, unknown>;
  if (typeof network !== "string") throw new Error("the deployment record names no network");
  if (typeof url !== "string" || !/^wss?:\/\//.test(url)) {
    throw new Error(`network \`${network}\` runs in the sandbox, not on a node: deploy it with --url`);
  }
  if (!Array.isArray(contracts)) throw new Error("the deployment record lists no contracts");
  const found = new Map<string, string>();
  for (const entry of contracts) {
    const { name, address } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name === "string" && typeof address === "string" && SS58.test(address)) {
      found.set(name, address);
    }
  }
  const missing = CONTRACTS.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new Error(`network \`${network}\` is not fully deployed: no ${missing.join(", ")}`);
  }
  const addresses = Object.fromEntries(CONTRACTS.map((name) => [name, found.get(name)!]));
  return {
    network,
    url,
    block: typeof block === "number" ? block : 0,
    addresses: addresses as Record<ContractName, string>,
  };
}
