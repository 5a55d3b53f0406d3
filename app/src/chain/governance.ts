// Governance on the chain: proposals read with their calls decoded, and the plans that
// propose, vote, queue, execute and cancel.
import { concatU8a, hexToU8a } from "dedot/utils";

import { describeCall, encodeCall, type CallSpec, type ProposalCall } from "../lib/calls";
import { explainError } from "../lib/errors";
import { decodeOutcome } from "../lib/messages";
import type { CheckedProposal } from "../lib/proposalForm";
import type { ProposalState, ProposalView } from "../lib/proposals";
import { SUITE_METADATA } from "./metadata";
import { bestBlock, type Plan, type Step, type Suite } from "./suite";
import type { Account } from "./wallet";

export interface ProposalRow extends ProposalView {
  /** Each call as `contract.message { argument: value }`, or raw for a target outside the suite. */
  calls: string[];
  /** The connected account's vote, if cast. */
  myVote?: string;
  /** Its voting power at the proposal's snapshot (known once the snapshot block is past). */
  myPower?: bigint;
}

export interface GovernanceReading {
  proposals: ProposalRow[];
  /** The account that may cancel a queued proposal, if governance has one. */
  guardian?: string;
}

/** Every proposal, newest first, as `me` sees it. */
export async function readGovernance(suite: Suite, me?: string): Promise<GovernanceReading> {
  const g = suite.governance;
  const [block, { data: settings }, { data: guardian }] = await Promise.all([
    bestBlock(suite),
    g.query.settings(),
    g.query.guardian(),
  ]);
  const proposals: ProposalRow[] = [];
  // Ids are dense from 0: read until the first that does not exist.
  for (let id = 0; ; id += 1) {
    const { data: proposal } = await g.query.governanceProposal(id);
    if (!proposal) break;
    const [{ data: state }, { data: description }] = await Promise.all([
      g.query.governanceState(id),
      g.query.description(id),
    ]);
    const row: ProposalRow = {
      id,
      state: (state ?? "Pending") as ProposalState,
      description: description ? new TextDecoder().decode(hexToU8a(description)) : "",
      proposer: proposal.proposer.address(),
      snapshot: proposal.snapshot,
      deadline: proposal.deadline,
      eta: proposal.eta,
      graceEnd: proposal.eta === undefined ? undefined : proposal.eta + settings.gracePeriod,
      forVotes: proposal.forVotes,
      againstVotes: proposal.againstVotes,
      abstainVotes: proposal.abstainVotes,
      calls: proposal.calls.map((call) =>
        describeCall({ ...call, target: call.target.address() }, suite.book, SUITE_METADATA),
      ),
    };
    if (me) {
      const { data: vote } = await g.query.voteOf(id, me);
      row.myVote = vote ?? undefined;
      if (proposal.snapshot < block) {
        const { data: power } = await suite.staking.query.stakingGetPastVotes(me, proposal.snapshot);
        row.myPower = power.isOk ? power.value : undefined;
      }
    }
    proposals.push(row);
  }
  return { proposals: proposals.reverse(), guardian: guardian?.address() };
}

/**
 * Dry-runs the call as governance will make it once the proposal passes, so a call that would
 * fail then (a value out of bounds, a code hash never uploaded) is refused before anyone votes.
 */
async function checkAsGovernance(suite: Suite, spec: CallSpec, call: ProposalCall): Promise<void> {
  const raw = await suite.client.call.contractsApi.call(
    suite.book.addresses.governance,
    call.target,
    0n,
    undefined,
    undefined,
    concatU8a(hexToU8a(call.selector), hexToU8a(call.input)),
  );
  if (raw.result.isErr) {
    const error = suite.client.registry.findErrorMeta(raw.result.err);
    throw new Error(`when executed, the call could not run: ${error ? `${error.pallet}::${error.name}` : "a dispatch error"}`);
  }
  const outcome = decodeOutcome(SUITE_METADATA[spec.contract], spec.message, raw.result.value.data);
  if (!outcome.ok) throw new Error(`when executed, the call would fail: ${explainError(outcome.error)}`);
}

export function proposePlan(suite: Suite, me: Account, proposal: CheckedProposal): Plan {
  const g = suite.governance;
  const call = encodeCall(proposal.call, suite.book, SUITE_METADATA);
  const description = new TextEncoder().encode(proposal.description);
  return [
    {
      label: "propose",
      query: async () => {
        await checkAsGovernance(suite, proposal.call, call);
        return g.query.governancePropose([call], description, { caller: me.address });
      },
      tx: (gasLimit) => g.tx.governancePropose([call], description, { gasLimit }),
    },
  ];
}

export type Vote = "For" | "Against" | "Abstain";

export function governancePlan(suite: Suite, me: Account, action: "vote" | "queue" | "execute" | "cancel", id: number, vote: Vote = "For"): Plan {
  const caller = { caller: me.address };
  const g = suite.governance;
  const steps: Record<typeof action, Step> = {
    vote: { label: `vote ${vote}`, query: () => g.query.governanceCastVote(id, vote, caller), tx: (gasLimit) => g.tx.governanceCastVote(id, vote, { gasLimit }) },
    queue: { label: "queue", query: () => g.query.governanceQueue(id, caller), tx: (gasLimit) => g.tx.governanceQueue(id, { gasLimit }) },
    execute: { label: "execute", query: () => g.query.governanceExecute(id, caller), tx: (gasLimit) => g.tx.governanceExecute(id, { gasLimit }) },
    cancel: { label: "cancel", query: () => g.query.governanceCancel(id, caller), tx: (gasLimit) => g.tx.governanceCancel(id, { gasLimit }) },
  };
  return [steps[action]];
}
