import { useState } from "react";

import type { Suite } from "../chain/suite";
import { lendVotesPlan, readVotingPower } from "../chain/votingPower";
import type { Account } from "../chain/wallet";
import { sameAccount } from "../lib/accounts";
import { formatTao } from "../lib/units";
import { checkLendTarget, describeVotingPower } from "../lib/votingPower";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";

/**
 * The connected account's voting power: its own, who holds it, and what it holds now with what
 * others lent it; lending it to an address, or taking it back, through the review/confirm flow.
 */
export function VotingPowerPanel(props: { suite: Suite; me?: Account; block: number; revision: number; onDone(): void }) {
  const { suite, me, block, revision } = props;
  // Rewards and other accounts' loans move the figures without this account doing anything,
  // so each new best block is a reason to read again.
  const reading = useChain(
    () => (me ? readVotingPower(suite, me.address) : Promise.resolve(undefined)),
    [suite, me?.address, revision, block],
  );
  const [target, setTarget] = useState("");
  if (!me) {
    return <section data-testid="voting-power"><h2>Voting power</h2><p className="muted">connect an account to see its voting power</p></section>;
  }
  // After switching accounts the last reading is the previous account's until the new one
  // arrives: it is not shown (nor checked against) as this one's.
  const current = reading.value && sameAccount(reading.value.account, me.address) ? reading.value : undefined;
  const power = current && describeVotingPower(current);

  const plan = (text: string) => () => {
    if (!current) return "still reading your voting power: try again in a moment";
    const checked = checkLendTarget(text, me.address, current.holder);
    return checked.ok ? Promise.resolve(lendVotesPlan(suite, me, checked.value)) : checked.error;
  };

  return (
    <section data-testid="voting-power" data-account={current?.account}>
      <h2>Voting power</h2>
      {reading.error && <p className="error">{reading.error}</p>}
      {power ? (
        <>
          <p data-testid="votes-own">your own voting power: {formatTao(power.own)} TAO</p>
          <p data-testid="votes-holder" title={power.lentTo}>{power.holderText}</p>
          <p data-testid="votes-held">you hold {formatTao(power.held)} TAO of voting power now</p>
          <p data-testid="votes-lent-by-others" className="muted">of it lent to you by others: {formatTao(power.lentByOthers)} TAO</p>
        </>
      ) : (
        !reading.error && <p className="muted">reading…</p>
      )}
      <p className="muted">
        A loan counts from the next block, for proposals whose snapshot comes after it: a proposal
        created before keeps the power each account held at its snapshot. Your stake stays where it is.
      </p>
      <form onSubmit={(event) => event.preventDefault()}>
        <input
          aria-label="lend votes to"
          placeholder="SS58 address to lend your voting power to"
          size={50}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
        />
      </form>
      <div data-testid="lend-votes">
        <Transaction me={me} label="lend votes" onDone={props.onDone} plan={plan(target)} />
      </div>
      {/* Always there, not only while lent: hiding it once the loan ends would hide its own
          "done" too. Not lent, its review says there is nothing to take back. */}
      <div data-testid="take-votes-back">
        <Transaction me={me} label="take votes back" onDone={props.onDone} plan={plan(me.address)} />
      </div>
    </section>
  );
}
