import { useState } from "react";

import {
  announceColdkeySwapPlan,
  cancelColdkeySwapPlan,
  executeColdkeySwap,
  executeColdkeySwapPlan,
  readKeys,
  swapHotkeyPlan,
} from "../chain/keys";
import type { AccountPositions } from "../chain/positions";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { sameAccount } from "../lib/accounts";
import {
  checkNewColdkey,
  checkNewHotkey,
  checkOldHotkey,
  coldkeySwapStatus,
  coldkeySwapTerms,
  describeOwnedHotkey,
  hotkeySwapTerms,
  ownedHotkeys,
  positionSightings,
} from "../lib/keys";
import { shortAddress } from "../lib/metagraph";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";

/** The hotkey select's choice for a hotkey the page does not list. */
const OTHER = "other";

/**
 * Key rotation for the connected coldkey: swap one of its hotkeys for a new one, and announce,
 * cancel or execute the swap of the coldkey itself. Addresses are checked here, before the
 * Transaction's dry run asks the registry.
 */
export function KeysPanel(props: {
  suite: Suite;
  me: Account;
  block: number;
  revision: number;
  /** The Account page's reading of the positions (their hotkeys may be the account's own). */
  positions?: AccountPositions;
  onDone(): void;
}) {
  const { suite, me, block, revision } = props;
  // The announced swap becomes due with the blocks; read again with each.
  const reading = useChain(() => readKeys(suite, me.address), [suite, me.address, revision, block]);
  const [chosen, setChosen] = useState("");
  const [otherHotkey, setOtherHotkey] = useState("");
  const [newHotkey, setNewHotkey] = useState("");
  const [newColdkey, setNewColdkey] = useState("");

  // Right after an account switch the readings are the previous account's: not shown as this one's.
  const current = reading.value && sameAccount(reading.value.account, me.address) ? reading.value : undefined;
  const positions = props.positions && sameAccount(props.positions.account, me.address) ? props.positions.positions : undefined;
  const owned =
    current && positions
      ? ownedHotkeys([...positionSightings(positions, me.address), ...current.subnetHotkeys], me.address)
      : undefined;
  const selected = chosen === OTHER ? OTHER : (owned?.find((h) => h.hotkey === chosen) ?? owned?.[0])?.hotkey ?? OTHER;
  const status = current && coldkeySwapStatus(current.swap, block);

  const swapPlan = () => {
    if (!owned) return "still reading your hotkeys: try again in a moment";
    const old = selected === OTHER ? checkOldHotkey(otherHotkey) : { ok: true as const, value: selected };
    if (!old.ok) return old.error;
    const checked = checkNewHotkey(newHotkey, old.value, owned.map((h) => h.hotkey));
    return checked.ok ? swapHotkeyPlan(suite, me, old.value, checked.value) : checked.error;
  };
  const announcePlan = () => {
    const checked = checkNewColdkey(newColdkey, me.address);
    return checked.ok ? announceColdkeySwapPlan(suite, me, checked.value) : checked.error;
  };

  return (
    <section data-testid="keys" data-account={current?.account}>
      <h2>Keys</h2>
      {reading.error && <p className="error">{reading.error}</p>}
      {!current && !reading.error && <p className="muted">reading…</p>}
      {current && (
        <>
          <h3>Hotkeys</h3>
          <p className="muted" data-testid="hotkey-swap-terms">
            A swap renames the hotkey everywhere — its uids, stake, nominators, take and identity — and
            retires the old one for good: {hotkeySwapTerms(current.rules)}.
          </p>
          {owned && owned.length > 0 && (
            <table data-testid="owned-hotkeys" className="keys">
              <thead><tr><th>your hotkey</th><th></th></tr></thead>
              <tbody>
                {owned.map((h) => (
                  <tr key={h.hotkey} data-hotkey={h.hotkey} className={h.hotkey === selected ? "selected" : ""}>
                    <td title={h.hotkey}>{shortAddress(h.hotkey)}</td>
                    <td>{describeOwnedHotkey(h)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {owned && owned.length === 0 && (
            <p className="muted" data-testid="no-hotkeys">
              no hotkey of yours among your positions and subnets; type one in to swap it
            </p>
          )}
          <form onSubmit={(event) => event.preventDefault()}>
            <select aria-label="hotkey to swap" value={selected} onChange={(e) => setChosen(e.target.value)}>
              {owned?.map((h) => (
                <option key={h.hotkey} value={h.hotkey}>{shortAddress(h.hotkey)}</option>
              ))}
              <option value={OTHER}>another hotkey…</option>
            </select>
            {selected === OTHER && (
              <input
                aria-label="hotkey address"
                placeholder="SS58 address of the hotkey to swap"
                size={50}
                value={otherHotkey}
                onChange={(e) => setOtherHotkey(e.target.value)}
              />
            )}
            <input
              aria-label="new hotkey"
              placeholder="SS58 address of the new hotkey"
              size={50}
              value={newHotkey}
              onChange={(e) => setNewHotkey(e.target.value)}
            />
          </form>
          <div data-testid="swap-hotkey">
            <Transaction me={me} label="swap hotkey" plan={swapPlan} onDone={props.onDone} />
          </div>

          <h3>Coldkey</h3>
          {status && (
            <div data-testid="coldkey-swap" data-state={status.state}>
              <p data-testid="coldkey-swap-status">{status.text}</p>
              {current.swap && (
                <table className="keys" data-testid="coldkey-swap-details">
                  <tbody>
                    <tr><th>new coldkey</th><td data-testid="coldkey-swap-new">{current.swap.newColdkey}</td></tr>
                    <tr><th>due at block</th><td data-testid="coldkey-swap-due">{current.swap.due}</td></tr>
                    <tr><th>blocks left</th><td data-testid="coldkey-swap-blocks-left">{status.blocksLeft}</td></tr>
                    <tr>
                      <th>started</th>
                      <td data-testid="coldkey-swap-started">{current.swap.started ? "yes: it can only be finished" : "no"}</td>
                    </tr>
                  </tbody>
                </table>
              )}
              {status.canCancel && (
                <div data-testid="cancel-coldkey-swap">
                  <Transaction
                    me={me}
                    label="cancel coldkey swap"
                    plan={() => Promise.resolve(cancelColdkeySwapPlan(suite, me))}
                    onDone={props.onDone}
                  />
                </div>
              )}
              {status.canExecute && (
                <div data-testid="execute-coldkey-swap">
                  <Transaction
                    me={me}
                    label="execute coldkey swap"
                    plan={() => Promise.resolve(executeColdkeySwapPlan(suite, me, me.address))}
                    execute={(_plan, signer, onProgress) => executeColdkeySwap(suite, signer, me.address, onProgress)}
                    onDone={props.onDone}
                  />
                </div>
              )}
              {status.canAnnounce && (
                <>
                  <p className="muted" data-testid="coldkey-swap-terms">
                    Announce that another coldkey takes over everything this one holds — positions,
                    hotkeys, subnets: {coldkeySwapTerms(current.rules, block)}.
                  </p>
                  <form onSubmit={(event) => event.preventDefault()}>
                    <input
                      aria-label="new coldkey"
                      placeholder="SS58 address of the new coldkey"
                      size={50}
                      value={newColdkey}
                      onChange={(e) => setNewColdkey(e.target.value)}
                    />
                  </form>
                  <div data-testid="announce-coldkey-swap">
                    <Transaction me={me} label="announce coldkey swap" plan={announcePlan} onDone={props.onDone} />
                  </div>
                </>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
