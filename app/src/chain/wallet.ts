// Who signs: accounts of an injected browser wallet (polkadot{.js}, SubWallet, Talisman, …),
// or — only when the page is served with VITE_DEV_ACCOUNTS=1 — the well-known development keys.
import type { InjectedSigner } from "dedot/types";
import type { KeyringPair } from "@polkadot/keyring/types";

export interface Account {
  address: string;
  name: string;
  /** "development" or the wallet extension's name. */
  source: string;
  /** A development key signs itself; an extension account signs through its extension. */
  pair?: KeyringPair;
  signer?: InjectedSigner;
}

export const DEV_ACCOUNTS_ENABLED = import.meta.env.VITE_DEV_ACCOUNTS === "1";

const DEV_NAMES = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

/** The development keys //Alice … //Ferdie; refused unless the development flag is on. */
export async function developmentAccounts(): Promise<Account[]> {
  if (!DEV_ACCOUNTS_ENABLED) {
    throw new Error("development accounts are off: serve the page with VITE_DEV_ACCOUNTS=1");
  }
  const [{ Keyring }, { cryptoWaitReady }] = await Promise.all([
    import("@polkadot/keyring"),
    import("@polkadot/util-crypto"),
  ]);
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  return DEV_NAMES.map((name) => {
    const pair = keyring.addFromUri(`//${name}`);
    return { address: pair.address, name, source: "development", pair };
  });
}

interface InjectedAccount {
  address: string;
  name?: string;
  type?: string;
}

interface InjectedExtension {
  enable(origin: string): Promise<{
    accounts: { get(): Promise<InjectedAccount[]> };
    signer: InjectedSigner;
  }>;
}

function injected(): Record<string, InjectedExtension> {
  return (window as unknown as { injectedWeb3?: Record<string, InjectedExtension> }).injectedWeb3 ?? {};
}

/** The names of the wallet extensions the browser has. */
export function walletExtensions(): string[] {
  return Object.keys(injected());
}

/** Asks `extension` for its accounts (the extension shows its own consent prompt). */
export async function connectWallet(extension: string): Promise<Account[]> {
  const wallet = injected()[extension];
  if (!wallet) throw new Error(`no wallet extension "${extension}" in this browser`);
  const { accounts, signer } = await wallet.enable("inktensor");
  return (await accounts.get())
    .filter((account) => account.type === undefined || account.type === "sr25519" || account.type === "ed25519")
    .map((account) => ({
      address: account.address,
      name: account.name ?? account.address.slice(0, 8),
      source: extension,
      signer,
    }));
}
