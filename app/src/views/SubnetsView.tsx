import { useState } from "react";

import { readNamedSubnets } from "../chain/identities";
import { readMetagraph, type Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { nextSort, rankValidators, shortAddress, sortRows, type Sort, type SortKey } from "../lib/metagraph";
import { formatProportion, formatTake, formatTao } from "../lib/units";
import { SubnetDetail } from "./SubnetDetail";
import { useChain } from "./useChain";

const COLUMNS: [SortKey, string][] = [
  ["uid", "uid"],
  ["hotkey", "hotkey"],
  ["stake", "stake (TAO)"],
  ["validatorTrust", "vtrust"],
  ["consensus", "consensus"],
  ["incentive", "incentive"],
  ["dividends", "dividends"],
  ["emission", "emission (TAO)"],
];

export function SubnetsView(props: {
  suite: Suite;
  me?: Account;
  revision: number;
  onDelegate(hotkey: string): void;
  /** After a transaction (the owner's identity form), so every view reads the chain again. */
  onDone(): void;
}) {
  const { suite, me, revision } = props;
  const subnets = useChain(() => readNamedSubnets(suite), [suite, revision]);
  const [netuid, setNetuid] = useState<number>();
  const selected = netuid ?? subnets.value?.[0]?.netuid;
  const selectedSubnet = subnets.value?.find((s) => s.netuid === selected);
  const metagraph = useChain(
    () => (selected === undefined ? Promise.resolve(undefined) : readMetagraph(suite, selected, me?.address)),
    [suite, selected, me?.address, revision],
  );
  const [sort, setSort] = useState<Sort>({ key: "stake", direction: "descending" });

  return (
    <>
      <section>
        <h2>Subnets</h2>
        {subnets.error && <p className="error">{subnets.error}</p>}
        {subnets.value?.length === 0 && <p className="muted">no subnet yet</p>}
        {subnets.value && subnets.value.length > 0 && (
          <table data-testid="subnets">
            <thead>
              {/* The name comes last: cells keep their places for whoever reads them by position. */}
              <tr><th>netuid</th><th>owner</th><th>neurons</th><th>tempo</th><th>pending (TAO)</th><th className="name">name</th></tr>
            </thead>
            <tbody>
              {subnets.value.map((s) => (
                <tr key={s.netuid} className={s.netuid === selected ? "selected" : ""} onClick={() => setNetuid(s.netuid)}>
                  <td>{s.netuid}</td>
                  <td title={s.owner}>{shortAddress(s.owner)}</td>
                  <td>{s.neurons}</td>
                  <td>{s.tempo}</td>
                  <td>{formatTao(s.pending)}</td>
                  <td className="name" title={s.identity?.description || undefined}>{s.identity?.name ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selectedSubnet && (
        <SubnetDetail suite={suite} me={me} subnet={selectedSubnet} revision={revision} onDone={props.onDone} />
      )}
      {selected !== undefined && (
        <section>
          <h2>Metagraph of subnet {selected}</h2>
          {metagraph.error && <p className="error">{metagraph.error}</p>}
          {metagraph.value && (
            <table data-testid="metagraph">
              <thead>
                <tr>
                  {COLUMNS.map(([key, label]) => (
                    <th key={key} aria-sort={sort.key === key ? sort.direction : "none"}>
                      <button onClick={() => setSort(nextSort(sort, key))}>
                        {label}
                        {sort.key === key ? (sort.direction === "ascending" ? " ▲" : " ▼") : ""}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sortRows(metagraph.value.rows, sort).map((row) => (
                  <tr key={row.uid}>
                    <td>{row.uid}</td>
                    <td title={row.hotkey}>{shortAddress(row.hotkey)}{row.validatorPermit ? " (validator)" : ""}</td>
                    <td>{formatTao(row.stake)}</td>
                    <td>{formatProportion(row.validatorTrust)}</td>
                    <td>{formatProportion(row.consensus)}</td>
                    <td>{formatProportion(row.incentive)}</td>
                    <td>{formatProportion(row.dividends)}</td>
                    <td>{formatTao(row.emission)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {metagraph.value && (
        <section>
          <h2>Validators of subnet {selected}</h2>
          <table data-testid="validators">
            <thead>
              <tr><th>uid</th><th>hotkey</th><th>take</th><th>total stake (TAO)</th><th>nominators</th><th>your stake (TAO)</th><th></th></tr>
            </thead>
            <tbody>
              {rankValidators(metagraph.value.validators).map((v) => (
                <tr key={v.hotkey}>
                  <td>{v.uid}</td>
                  <td title={v.hotkey}>{shortAddress(v.hotkey)}</td>
                  <td>{formatTake(v.take)}</td>
                  <td>{formatTao(v.totalStake)}</td>
                  <td>{v.nominators}</td>
                  <td>{formatTao(v.myStake)}</td>
                  <td><button className="action" onClick={() => props.onDelegate(v.hotkey)}>delegate</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
