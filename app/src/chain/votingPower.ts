// Delegated votes on the chain: an account's voting power read from staking, and the plan that
// lends it (or takes it back) through staking's `delegate`.
import { shortAddress } from "../lib/metagraph";
import type { LendTarget, VotingPowerReading } from "../lib/votingPower";
import type { Plan, Suite } from "./suite";
import type { Account } from "./wallet";

/** `account`'s own power, who holds it and the power it holds now. */
export async function readVotingPower(suite: Suite, account: string): Promise<VotingPowerReading> {
  const staking = suite.staking.query;
  const [{ data: own }, { data: holder }, { data: held }] = await Promise.all([
    staking.ownVotes(account),
    staking.delegateOf(account),
    staking.stakingGetVotes(account),
  ]);
  return { account, own, holder: holder.address(), held };
}

/** `delegate(target)`: from the next block, governance counts `me`'s power as the target's. */
export function lendVotesPlan(suite: Suite, me: Account, target: LendTarget): Plan {
  return [
    {
      label: target.takesBack ? "take your voting power back" : `lend your voting power to ${shortAddress(target.delegate)}`,
      query: () => suite.staking.query.delegate(target.delegate, { caller: me.address }),
      tx: (gasLimit) => suite.staking.tx.delegate(target.delegate, { gasLimit }),
    },
  ];
}
