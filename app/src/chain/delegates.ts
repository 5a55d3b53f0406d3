// The delegates table read from the chain: every subnet's neurons (every page of them, since a
// validator may sit past the first), then staking's and the registry's facts of each validator
// hotkey. The arithmetic is lib/delegates.ts's.
import { delegateRow, validatorEmissions, type DelegateRow, type SubnetNeuron } from "../lib/delegates";
import { readValidatorIdentity } from "./identities";
import type { Suite } from "./suite";

/** Uids per `neurons` call: as the command reads them, well within the contract's return buffer. */
const NEURON_PAGE = 128;

/** Every neuron of `netuid`, page after page until a short one. */
async function readAllNeurons(suite: Suite, netuid: number): Promise<SubnetNeuron[]> {
  const neurons: SubnetNeuron[] = [];
  for (;;) {
    const { data: page } = await suite.registry.query.subnetRegistryNeurons(netuid, neurons.length, NEURON_PAGE);
    neurons.push(...page.map((n) => ({ hotkey: n.hotkey.address(), validatorPermit: n.validatorPermit, emission: n.emission })));
    // A subnet holds at most 4,096 uids: a full page at the end of the u16 range is the last.
    if (page.length < NEURON_PAGE || neurons.length >= 65_535) return neurons;
  }
}

export async function readDelegateRows(suite: Suite, me?: string): Promise<DelegateRow[]> {
  const { data: netuids } = await suite.registry.query.subnetRegistryNetuids();
  const subnets = await Promise.all(netuids.map(async (netuid) => ({ netuid, neurons: await readAllNeurons(suite, netuid) })));
  const staking = suite.staking.query;
  return Promise.all(
    validatorEmissions(subnets).map(async (earned) => {
      const [{ data: totalStake }, { data: take }, { data: nominators }, { data: owner }, identity] = await Promise.all([
        staking.stakingTotalStakeOf(earned.hotkey),
        staking.stakingTakeOf(earned.hotkey),
        staking.nominatorCount(earned.hotkey),
        staking.stakingOwnerOf(earned.hotkey),
        readValidatorIdentity(suite, earned.hotkey),
      ]);
      return delegateRow(earned, { totalStake, take, nominators, owner: owner?.address(), identity }, me);
    }),
  );
}
