import { useState } from "react";

import { moveStakePlan, readSubnetValidators, unstakeAllPlan, unstakePlan } from "../chain/positions";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { shortAddress } from "../lib/metagraph";
import { amountNote, checkMoveAmount, checkUnstakeAmount, type StakeRules } from "../lib/positionAmounts";
import { describeRegistrations, moveTargets, type PositionRow } from "../lib/positions";
import { formatTao } from "../lib/units";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";

export type PositionAction = "unstake" | "move";

/**
 * One position's unstake (an amount, or all of it through `unstake_all`) or move (an amount to
 * another subnet validator, through `move_stake`). Amounts are checked here, before the
 * Transaction's dry run asks the contract itself.
 */
export function PositionActions(props: {
  suite: Suite;
  me: Account;
  position: PositionRow;
  rules: StakeRules;
  action: PositionAction;
  revision: number;
  onDone(): void;
}) {
  const { suite, me, position, rules, action, revision } = props;
  const [amount, setAmount] = useState("");
  const [wholePosition, setWholePosition] = useState(false);
  const [target, setTarget] = useState("");
  // Validators are read only for a move, and again after each transaction (stake moves them).
  const validators = useChain(
    () => (action === "move" ? readSubnetValidators(suite) : Promise.resolve([])),
    [suite, action, revision],
  );
  const targets = moveTargets(validators.value ?? [], position.hotkey);
  const chosenTarget = targets.some((t) => t.hotkey === target) ? target : (targets[0]?.hotkey ?? "");

  const unstakingAll = action === "unstake" && wholePosition;
  const checked = unstakingAll
    ? undefined
    : (action === "move" ? checkMoveAmount : checkUnstakeAmount)(amount, position, rules);
  const note = checked?.ok ? amountNote(checked.value, rules) : undefined;

  const plan = () => {
    if (unstakingAll) return Promise.resolve(unstakeAllPlan(suite, me, position.hotkey));
    if (!checked?.ok) return checked?.error ?? "enter an amount";
    if (action === "unstake") return Promise.resolve(unstakePlan(suite, me, position.hotkey, checked.value));
    if (!chosenTarget) return validators.value ? "no other validator to move to" : "still reading the validators: try again in a moment";
    return Promise.resolve(moveStakePlan(suite, me, position.hotkey, chosenTarget, checked.value));
  };

  return (
    <section data-testid="position-action">
      <h2>
        {action === "move" ? "Move stake from" : "Unstake from"} <span title={position.hotkey}>{shortAddress(position.hotkey)}</span>
      </h2>
      <p className="muted">
        position: {formatTao(position.stake)} TAO · subnets {describeRegistrations(position.subnets)}
      </p>
      {validators.error && <p className="error">{validators.error}</p>}
      <form onSubmit={(event) => event.preventDefault()}>
        {action === "move" && (
          <select aria-label="to validator" value={chosenTarget} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((t) => (
              <option key={t.hotkey} value={t.hotkey}>
                {shortAddress(t.hotkey)} · subnets {describeRegistrations(t.subnets)}
              </option>
            ))}
          </select>
        )}
        <input
          aria-label="amount"
          placeholder="TAO"
          value={amount}
          disabled={unstakingAll}
          onChange={(e) => setAmount(e.target.value)}
        />
        {action === "unstake" && (
          <label>
            <input type="checkbox" checked={wholePosition} onChange={(e) => setWholePosition(e.target.checked)} /> all of it
          </label>
        )}
      </form>
      {note && <p className="muted" data-testid="amount-note">{note}</p>}
      <Transaction
        me={me}
        plan={plan}
        label={action === "move" ? "move stake" : unstakingAll ? "unstake all" : "unstake"}
        onDone={props.onDone}
      />
    </section>
  );
}
