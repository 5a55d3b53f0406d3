// Governance proposals as the page shows them: where each stands, what may be done now.
import { sameAccount } from "./accounts";

export type ProposalState =
  | "Pending"
  | "Active"
  | "Canceled"
  | "Defeated"
  | "Succeeded"
  | "Queued"
  | "Expired"
  | "Executed";

export interface ProposalView {
  id: number;
  state: ProposalState;
  description: string;
  proposer: string;
  /** Voting power is read at the end of this block. */
  snapshot: number;
  /** The last block of voting. */
  deadline: number;
  /** The first block it may execute, once queued. */
  eta?: number;
  /** The last block a queued proposal may execute in (eta + governance's grace period). */
  graceEnd?: number;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
}

export type Action = "vote" | "queue" | "execute" | "cancel";

export interface Viewer {
  address: string;
  hasVoted: boolean;
}

/**
 * What `viewer` may do with a proposal at best block `block`, by governance's rules
 * (contracts/governance/src/lib.rs and lifecycle.rs). A transaction lands in a later block than
 * the one the page shows, so a deadline that ends at a block is offered only before it: the
 * proposer cancels while the proposal is still pending (until its snapshot block, included),
 * the guardian while it is queued and not expired (until `graceEnd`, included).
 */
export function actions(proposal: ProposalView, block: number, viewer: Viewer, guardian?: string): Action[] {
  const executable = proposal.eta !== undefined && block >= proposal.eta;
  const expiring = proposal.graceEnd !== undefined && block >= proposal.graceEnd;
  switch (proposal.state) {
    case "Pending":
      return sameAccount(viewer.address, proposal.proposer) && block < proposal.snapshot ? ["cancel"] : [];
    case "Active":
      return viewer.hasVoted ? [] : ["vote"];
    case "Succeeded":
      return ["queue"];
    case "Queued": {
      if (expiring) return [];
      const allowed: Action[] = executable ? ["execute"] : [];
      return sameAccount(viewer.address, guardian) ? [...allowed, "cancel"] : allowed;
    }
    default:
      return [];
  }
}

function blocks(n: number): string {
  return `${n} block${n === 1 ? "" : "s"}`;
}

/** The deadline that matters for the proposal's state, in words. */
export function deadlineText(proposal: ProposalView, block: number): string {
  switch (proposal.state) {
    case "Pending":
      return `voting opens after block ${proposal.snapshot} (in ${blocks(Math.max(proposal.snapshot + 1 - block, 0))})`;
    case "Active":
      return `voting ends at block ${proposal.deadline} (in ${blocks(Math.max(proposal.deadline - block, 0))})`;
    case "Succeeded":
      return "passed: queue it to start the timelock";
    case "Queued":
      if (proposal.eta === undefined) return "queued";
      return block >= proposal.eta
        ? `executable since block ${proposal.eta}`
        : `executable from block ${proposal.eta} (in ${blocks(proposal.eta - block)})`;
    case "Defeated":
      return `defeated at block ${proposal.deadline}`;
    default:
      return proposal.state.toLowerCase();
  }
}

export interface Tally {
  total: bigint;
  /** Shares of the votes cast, in percent with one decimal. */
  forShare: string;
  againstShare: string;
  abstainShare: string;
}

export function tally(proposal: ProposalView): Tally {
  const total = proposal.forVotes + proposal.againstVotes + proposal.abstainVotes;
  const share = (votes: bigint) =>
    total === 0n ? "0.0%" : `${(Number((votes * 1000n) / total) / 10).toFixed(1)}%`;
  return {
    total,
    forShare: share(proposal.forVotes),
    againstShare: share(proposal.againstVotes),
    abstainShare: share(proposal.abstainVotes),
  };
}
