import { useState } from "react";

import { readDelegateRows } from "../chain/delegates";
import { delegatePlan, readBalance, readMetagraph, readSubnets, undelegatePlan, type Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { shortAddress } from "../lib/metagraph";
import { formatTake, formatTao, parseTao } from "../lib/units";
import { DelegatesTable } from "./DelegatesTable";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";
import { ValidatorIdentityForm } from "./ValidatorIdentityForm";

/** Every subnet's delegates, once each (a hotkey may serve several subnets). */
async function readDelegates(suite: Suite, me?: string) {
  const subnets = await readSubnets(suite);
  const seen = new Map<string, { hotkey: string; take: number; totalStake: bigint; myStake: bigint; netuids: number[] }>();
  for (const { netuid } of subnets) {
    for (const v of (await readMetagraph(suite, netuid, me)).validators) {
      const known = seen.get(v.hotkey);
      if (known) known.netuids.push(netuid);
      else seen.set(v.hotkey, { ...v, netuids: [netuid] });
    }
  }
  return [...seen.values()];
}

export function DelegateView(props: { suite: Suite; me?: Account; initialHotkey?: string; revision: number; onDone(): void }) {
  const { suite, me, revision } = props;
  const delegates = useChain(() => readDelegates(suite, me?.address), [suite, me?.address, revision]);
  const balance = useChain(
    () => (me ? readBalance(suite, me.address) : Promise.resolve(undefined)),
    [suite, me?.address, revision],
  );
  // Every permit holder with its identity, stake, take and return: the table a delegator chooses from.
  const table = useChain(() => readDelegateRows(suite, me?.address), [suite, me?.address, revision]);
  const [hotkey, setHotkey] = useState(props.initialHotkey ?? "");
  const [amount, setAmount] = useState("");
  const [direction, setDirection] = useState<"stake" | "unstake">("stake");
  const chosen = hotkey || delegates.value?.[0]?.hotkey || "";
  const delegate = delegates.value?.find((d) => d.hotkey === chosen);

  const plan = () => {
    if (!me) return "connect an account first";
    if (!chosen) return "choose a validator";
    const available = direction === "stake" ? balance.value : delegate?.myStake;
    if (available === undefined) return "still reading your balance and stake: try again in a moment";
    const parsed = parseTao(amount, available);
    if (!parsed.ok) return parsed.error;
    return direction === "stake"
      ? delegatePlan(suite, me, chosen, parsed.rao)
      : Promise.resolve(undelegatePlan(suite, me, chosen, parsed.rao));
  };

  return (
    <>
      <section>
        <h2>Delegate stake</h2>
        {delegates.error && <p className="error">{delegates.error}</p>}
        <p className="muted" data-testid="balance">
          {me ? `${me.name}: ${balance.value !== undefined ? formatTao(balance.value) : "…"} TAO free` : "connect an account to delegate"}
          {delegate && ` · your stake on ${shortAddress(delegate.hotkey)}: ${formatTao(delegate.myStake)} TAO`}
        </p>
        <form onSubmit={(event) => event.preventDefault()}>
          <select aria-label="direction" value={direction} onChange={(e) => setDirection(e.target.value as "stake" | "unstake")}>
            <option value="stake">stake to</option>
            <option value="unstake">unstake from</option>
          </select>
          <select aria-label="validator" value={chosen} onChange={(e) => setHotkey(e.target.value)}>
            {delegates.value?.map((d) => (
              <option key={d.hotkey} value={d.hotkey}>
                {shortAddress(d.hotkey)} · take {formatTake(d.take)} · {formatTao(d.totalStake, 2)} TAO · subnets {d.netuids.join(",")}
              </option>
            ))}
          </select>
          <input aria-label="amount" placeholder="TAO" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </form>
        <Transaction me={me} plan={plan} label={direction} onDone={props.onDone} />
      </section>
      <section>
        <h2>Delegates</h2>
        {table.error && <p className="error">{table.error}</p>}
        {!table.value && !table.error && <p className="muted">reading the validators…</p>}
        {table.value && (
          <DelegatesTable
            rows={table.value}
            onStake={(hotkey) => {
              setHotkey(hotkey);
              setDirection("stake");
            }}
          />
        )}
      </section>
      {table.value && <ValidatorIdentityForm suite={suite} me={me} delegates={table.value} onDone={props.onDone} />}
    </>
  );
}
