import { useState } from "react";

import { readAccountPositions } from "../chain/positions";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { shortAddress } from "../lib/metagraph";
import { describeRegistrations } from "../lib/positions";
import { formatTao } from "../lib/units";
import { KeysPanel } from "./KeysPanel";
import { PositionActions, type PositionAction } from "./PositionActions";
import { useChain } from "./useChain";

/**
 * The account's free TAO and every position staking holds for it, each to unstake or move; and
 * its keys: a hotkey to swap, its coldkey's swap to announce, cancel or execute.
 */
export function AccountView(props: { suite: Suite; me?: Account; block: number; revision: number; onDone(): void }) {
  const { suite, me, block, revision } = props;
  // Epochs pay into positions, so each new best block is a reason to read them again: the
  // amounts shown, and checked against before signing, stay those of the chain.
  const account = useChain(
    () => (me ? readAccountPositions(suite, me.address) : Promise.resolve(undefined)),
    [suite, me?.address, revision, block],
  );
  const [chosen, setChosen] = useState<{ hotkey: string; action: PositionAction }>();
  if (!me) return <section><p className="muted">connect an account to see its TAO and stake</p></section>;
  const positions = account.value?.positions;
  const position = positions?.find((p) => p.hotkey === chosen?.hotkey);
  return (
    <>
      <section>
        <h2>{me.name} <span className="muted">{me.address}</span></h2>
        {account.error && <p className="error">{account.error}</p>}
        {account.value && (
          <>
            <p data-testid="free-balance">free: {formatTao(account.value.balance)} TAO</p>
            <table data-testid="positions">
              <thead><tr><th>subnets (uid)</th><th>hotkey</th><th>stake (TAO)</th><th></th></tr></thead>
              <tbody>
                {account.value.positions.map((p) => (
                  <tr key={p.hotkey} data-hotkey={p.hotkey} className={p.hotkey === chosen?.hotkey ? "selected" : ""}>
                    <td data-testid="position-subnets" className={p.subnets.length === 0 ? "muted" : ""}>
                      {describeRegistrations(p.subnets)}
                    </td>
                    <td title={p.hotkey}>{shortAddress(p.hotkey)}{p.ownHotkey ? " (your hotkey)" : ""}</td>
                    <td data-testid="position-stake">{formatTao(p.stake)}</td>
                    <td>
                      <span className="row">
                        <button className="action" onClick={() => setChosen({ hotkey: p.hotkey, action: "unstake" })}>unstake</button>
                        <button className="action" onClick={() => setChosen({ hotkey: p.hotkey, action: "move" })}>move</button>
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {account.value.positions.length === 0 && <p className="muted">no stake yet</p>}
          </>
        )}
      </section>
      {chosen && account.value && !position && (
        <section><p className="muted">no position on {shortAddress(chosen.hotkey)} any more</p></section>
      )}
      {chosen && account.value && position && (
        // Keyed by position and action, so switching starts from an empty form.
        <PositionActions
          key={`${chosen.hotkey}-${chosen.action}`}
          suite={suite}
          me={me}
          position={position}
          rules={account.value.rules}
          action={chosen.action}
          revision={revision}
          onDone={props.onDone}
        />
      )}
      {/* Keyed by account, so switching starts from empty forms. */}
      <KeysPanel
        key={me.address}
        suite={suite}
        me={me}
        block={block}
        revision={revision}
        positions={account.value}
        onDone={props.onDone}
      />
    </>
  );
}
