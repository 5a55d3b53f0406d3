import { governancePlan, readProposals, type Suite, type Vote } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { actions, deadlineText, tally } from "../lib/proposals";
import { shortAddress } from "../lib/metagraph";
import { formatTao } from "../lib/units";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";

const VOTES: Vote[] = ["For", "Against", "Abstain"];

export function GovernanceView(props: { suite: Suite; me?: Account; block: number; revision: number; onDone(): void }) {
  const { suite, me, block, revision } = props;
  const proposals = useChain(() => readProposals(suite, me?.address), [suite, me?.address, revision, Math.floor(block / 5)]);
  return (
    <section>
      <h2>Proposals</h2>
      {proposals.error && <p className="error">{proposals.error}</p>}
      {proposals.value?.length === 0 && <p className="muted">no proposal yet</p>}
      {proposals.value?.map((p) => {
        const t = tally(p);
        const allowed = me ? actions(p, block, p.myVote !== undefined) : [];
        return (
          <div key={p.id} className="proposal" data-testid={`proposal-${p.id}`}>
            <div className="row">
              <strong>#{p.id}</strong> <span>{p.description}</span>
              <span data-testid="state">{p.state}</span>
              <span className="muted">{deadlineText(p, block)}</span>
            </div>
            <p className="muted">by {shortAddress(p.proposer)} · snapshot block {p.snapshot}</p>
            <div className="bar" title={`for ${t.forShare}, against ${t.againstShare}, abstain ${t.abstainShare}`}>
              <span className="for" style={{ width: t.forShare }} />
              <span className="against" style={{ width: t.againstShare }} />
              <span className="abstain" style={{ width: t.abstainShare }} />
            </div>
            <p data-testid="tally">
              for {formatTao(p.forVotes)} · against {formatTao(p.againstVotes)} · abstain {formatTao(p.abstainVotes)} TAO
            </p>
            {me && (
              <p className="muted" data-testid="power">
                {p.myPower !== undefined ? `your voting power at the snapshot: ${formatTao(p.myPower)} TAO` : "voting power is read once the snapshot block is past"}
                {p.myVote && ` · you voted ${p.myVote}`}
              </p>
            )}
            {allowed.includes("vote") &&
              VOTES.map((vote) => (
                <Transaction key={vote} me={me} label={`vote ${vote}`} onDone={props.onDone}
                  plan={() => (me ? Promise.resolve(governancePlan(suite, me, "vote", p.id, vote)) : "connect an account first")} />
              ))}
            {allowed.includes("queue") && (
              <Transaction me={me} label="queue" onDone={props.onDone}
                plan={() => (me ? Promise.resolve(governancePlan(suite, me, "queue", p.id)) : "connect an account first")} />
            )}
            {allowed.includes("execute") && (
              <Transaction me={me} label="execute" onDone={props.onDone}
                plan={() => (me ? Promise.resolve(governancePlan(suite, me, "execute", p.id)) : "connect an account first")} />
            )}
          </div>
        );
      })}
    </section>
  );
}
