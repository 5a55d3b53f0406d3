import { governancePlan, readGovernance, type Vote } from "../chain/governance";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { actions, deadlineText, tally } from "../lib/proposals";
import { shortAddress } from "../lib/metagraph";
import { formatTao } from "../lib/units";
import { ProposeForm } from "./ProposeForm";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";
import { VotingPowerPanel } from "./VotingPowerPanel";

const VOTES: Vote[] = ["For", "Against", "Abstain"];

export function GovernanceView(props: { suite: Suite; me?: Account; block: number; revision: number; onDone(): void }) {
  const { suite, me, block, revision } = props;
  // A proposal's state moves only with the block number (and transactions, which make blocks),
  // so each new best block is a reason to read again.
  const governance = useChain(() => readGovernance(suite, me?.address), [suite, me?.address, revision, block]);
  const proposals = governance.value?.proposals;
  const act = (action: "vote" | "queue" | "execute" | "cancel", id: number, vote?: Vote) => () =>
    me ? Promise.resolve(governancePlan(suite, me, action, id, vote)) : "connect an account first";
  return (
    <>
      <VotingPowerPanel suite={suite} me={me} block={block} revision={revision} onDone={props.onDone} />
      <ProposeForm suite={suite} me={me} revision={revision} onDone={props.onDone} />
      <section>
        <h2>Proposals</h2>
        {governance.error && <p className="error">{governance.error}</p>}
        {proposals?.length === 0 && <p className="muted">no proposal yet</p>}
        {proposals?.map((p) => {
          const t = tally(p);
          const allowed = me
            ? actions(p, block, { address: me.address, hasVoted: p.myVote !== undefined }, governance.value?.guardian)
            : [];
          return (
            <div key={p.id} className="proposal" data-testid={`proposal-${p.id}`}>
              <div className="row">
                <strong>#{p.id}</strong> <span data-testid="description">{p.description}</span>
                <span data-testid="state">{p.state}</span>
                <span className="muted">{deadlineText(p, block)}</span>
              </div>
              <p className="muted">by {shortAddress(p.proposer)} · snapshot block {p.snapshot}</p>
              <ol className="calls" data-testid="calls">
                {p.calls.map((call, index) => <li key={index}><code>{call}</code></li>)}
              </ol>
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
                  <Transaction key={vote} me={me} label={`vote ${vote}`} onDone={props.onDone} plan={act("vote", p.id, vote)} />
                ))}
              {allowed.includes("queue") && <Transaction me={me} label="queue" onDone={props.onDone} plan={act("queue", p.id)} />}
              {allowed.includes("execute") && <Transaction me={me} label="execute" onDone={props.onDone} plan={act("execute", p.id)} />}
              {allowed.includes("cancel") && <Transaction me={me} label="cancel" onDone={props.onDone} plan={act("cancel", p.id)} />}
            </div>
          );
        })}
      </section>
    </>
  );
}
