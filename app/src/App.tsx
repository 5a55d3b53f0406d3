import { useCallback, useEffect, useState } from "react";

import { bestBlock, connect, type Suite } from "./chain/suite";
import {
  connectWallet,
  DEV_ACCOUNTS_ENABLED,
  developmentAccounts,
  walletExtensions,
  type Account,
} from "./chain/wallet";
import { readAddressBook } from "./lib/deployment";
import { shortAddress } from "./lib/metagraph";
import { AccountView } from "./views/AccountView";
import { DelegateView } from "./views/DelegateView";
import { GovernanceView } from "./views/GovernanceView";
import { SubnetsView } from "./views/SubnetsView";

const TABS = ["Subnets", "Delegate", "Governance", "Account"] as const;
type Tab = (typeof TABS)[number];

/** Which deployment record to read: `?network=NAME`, else `dev` (what `inktensor dev-node` writes). */
function networkName(): string {
  return new URLSearchParams(window.location.search).get("network") ?? "dev";
}

export function App() {
  const [suite, setSuite] = useState<Suite>();
  const [failure, setFailure] = useState<string>();
  const [block, setBlock] = useState(0);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [me, setMe] = useState<Account>();
  const [tab, setTab] = useState<Tab>("Subnets");
  const [delegateTo, setDelegateTo] = useState<string>();
  // Bumped after every transaction, so each view reads the chain again.
  const [revision, setRevision] = useState(0);
  const refresh = useCallback(() => setRevision((r) => r + 1), []);

  useEffect(() => {
    const network = networkName();
    fetch(`/deployments/${network}.json`)
      .then(async (response) => {
        if (!response.ok) throw new Error(await response.text());
        return connect(readAddressBook(await response.json()));
      })
      .then(setSuite)
      .catch((error: Error) => setFailure(`cannot open network \`${network}\`: ${error.message}`));
  }, []);

  useEffect(() => {
    if (!suite) return;
    const tick = () => void bestBlock(suite).then(setBlock);
    tick();
    const timer = setInterval(tick, 3000);
    return () => clearInterval(timer);
  }, [suite]);

  const addAccounts = (found: Account[]) => {
    setAccounts((known) => [...known, ...found.filter((a) => !known.some((k) => k.address === a.address))]);
    setMe((current) => current ?? found[0]);
  };
  const connectTo = (extension: string) =>
    connectWallet(extension).then(addAccounts).catch((error: Error) => setFailure(error.message));
  const useDevelopment = () =>
    developmentAccounts().then(addAccounts).catch((error: Error) => setFailure(error.message));

  return (
    <>
      <header>
        <h1>inktensor</h1>
        <span className="status" data-testid="status">
          {suite ? `${suite.book.network} · ${suite.book.url} · block ${block}` : failure ? "not connected" : "connecting…"}
        </span>
        <span className="row">
          {walletExtensions().map((extension) => (
            <button key={extension} className="action" onClick={() => void connectTo(extension)}>
              connect {extension}
            </button>
          ))}
          {DEV_ACCOUNTS_ENABLED && accounts.length === 0 && (
            <button className="action" data-testid="dev-accounts" onClick={() => void useDevelopment()}>
              development accounts
            </button>
          )}
          {accounts.length > 0 && (
            <select
              aria-label="account"
              value={me?.address}
              onChange={(event) => setMe(accounts.find((a) => a.address === event.target.value))}
            >
              {accounts.map((account) => (
                <option key={account.address} value={account.address}>
                  {account.name} ({shortAddress(account.address)}, {account.source})
                </option>
              ))}
            </select>
          )}
          {walletExtensions().length === 0 && !DEV_ACCOUNTS_ENABLED && (
            <span className="status">no wallet extension found: reading only</span>
          )}
        </span>
      </header>
      <nav role="tablist">
        {TABS.map((name) => (
          <button key={name} role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
            {name}
          </button>
        ))}
      </nav>
      <main>
        {failure && <p className="error" role="alert">{failure}</p>}
        {suite && tab === "Subnets" && (
          <SubnetsView
            suite={suite}
            me={me}
            revision={revision}
            onDone={refresh}
            onDelegate={(hotkey) => {
              setDelegateTo(hotkey);
              setTab("Delegate");
            }}
          />
        )}
        {suite && tab === "Delegate" && (
          <DelegateView suite={suite} me={me} initialHotkey={delegateTo} revision={revision} onDone={refresh} />
        )}
        {suite && tab === "Governance" && (
          <GovernanceView suite={suite} me={me} block={block} revision={revision} onDone={refresh} />
        )}
        {suite && tab === "Account" && <AccountView suite={suite} me={me} block={block} revision={revision} onDone={refresh} />}
      </main>
    </>
  );
}
