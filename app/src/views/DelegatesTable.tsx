import { useState } from "react";

import {
  DEFAULT_DELEGATE_SORT,
  nextDelegateSort,
  sortDelegates,
  type DelegateRow,
  type DelegateSort,
  type DelegateSortKey,
} from "../lib/delegates";
import { webAddress } from "../lib/identity";
import { shortAddress } from "../lib/metagraph";
import { formatTake, formatTao } from "../lib/units";
import { WebLink } from "./WebLink";

function SortHeader(props: { column: DelegateSortKey; label: string; sort: DelegateSort; onSort(sort: DelegateSort): void }) {
  const { column, sort } = props;
  const active = sort.key === column;
  return (
    <th aria-sort={active ? sort.direction : "none"}>
      <button onClick={() => props.onSort(nextDelegateSort(sort, column))}>
        {props.label}
        {active ? (sort.direction === "ascending" ? " ▲" : " ▼") : ""}
      </button>
    </th>
  );
}

/** The validator as it presents itself: its image and name, linked to its site when it has one. */
function DelegateName(props: { row: DelegateRow }) {
  const { identity } = props.row;
  if (!identity?.name) return <span className="muted">unnamed</span>;
  const image = webAddress(identity.imageUrl);
  return (
    <span title={identity.description || undefined}>
      {/* No referrer: the image's host learns nothing of which page showed it. */}
      {image && <img className="avatar" src={image} alt="" referrerPolicy="no-referrer" />}
      {identity.url ? <WebLink text={identity.url}>{identity.name}</WebLink> : identity.name}
    </span>
  );
}

/** Every validator of every subnet, sortable, as `inktensor delegates` lists them. */
export function DelegatesTable(props: { rows: DelegateRow[]; onStake(hotkey: string): void }) {
  const [sort, setSort] = useState<DelegateSort>(DEFAULT_DELEGATE_SORT);
  const header = (column: DelegateSortKey, label: string) => (
    <SortHeader column={column} label={label} sort={sort} onSort={setSort} />
  );
  if (props.rows.length === 0) return <p className="muted">no validator holds a permit yet (permits come with a subnet's first epoch)</p>;
  return (
    <table data-testid="delegates" className="delegates">
      <thead>
        <tr>
          {header("name", "name")}
          <th>hotkey</th>
          {header("totalStake", "total stake (TAO)")}
          {header("take", "take")}
          {header("nominators", "nominators")}
          {header("returnPer1000", "return per 1,000 TAO")}
          <th>subnets</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {sortDelegates(props.rows, sort).map((row) => (
          <tr key={row.hotkey} data-hotkey={row.hotkey}>
            <td className="name"><DelegateName row={row} /></td>
            <td title={row.hotkey}>{shortAddress(row.hotkey)}{row.mine ? " (yours)" : ""}</td>
            <td>{formatTao(row.totalStake)}</td>
            <td>{formatTake(row.take)}</td>
            <td>{row.nominators}</td>
            <td title="TAO earned in the last epochs by 1,000 TAO staked, after the take">{formatTao(row.returnPer1000)}</td>
            <td>{row.netuids.join(", ")}</td>
            <td><button className="action" onClick={() => props.onStake(row.hotkey)}>stake</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
