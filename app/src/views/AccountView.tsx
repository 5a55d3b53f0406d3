import { readAccount, type Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { shortAddress } from "../lib/metagraph";
import { formatTao } from "../lib/units";
import { useChain } from "./useChain";

export function AccountView(props: { suite: Suite; me?: Account; revision: number }) {
  const { suite, me, revision } = props;
  const account = useChain(
    () => (me ? readAccount(suite, me.address) : Promise.resolve(undefined)),
    [suite, me?.address, revision],
  );
  if (!me) return <section><p className="muted">connect an account to see its TAO and stake</p></section>;
  return (
    <section>
      <h2>{me.name} <span className="muted">{me.address}</span></h2>
      {account.error && <p className="error">{account.error}</p>}
      {account.value && (
        <>
          <p data-testid="free-balance">free: {formatTao(account.value.balance)} TAO</p>
          <table data-testid="positions">
            <thead><tr><th>subnet</th><th>hotkey</th><th>uid</th><th>stake (TAO)</th></tr></thead>
            <tbody>
              {account.value.positions.map((p) => (
                <tr key={`${p.netuid}-${p.hotkey}`}>
                  <td>{p.netuid}</td><td title={p.hotkey}>{shortAddress(p.hotkey)}</td><td>{p.uid}</td><td>{formatTao(p.stake)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {account.value.positions.length === 0 && <p className="muted">no stake yet</p>}
        </>
      )}
    </section>
  );
}
