// The connected account's positions read from staking itself (`position_count`, then
// `positions_of` page by page) rather than guessed from the subnets' neurons, so stake on a
// hotkey that has since been deregistered is listed too; and the plans that take stake out of
// a position (unstake, unstake all) or move it to another hotkey (move_stake).
import type { PositionAmount, StakeRules } from "../lib/positionAmounts";
import {
  positionRows,
  readAllPositions,
  registrationsOf,
  type HotkeyFacts,
  type PositionRow,
  type SubnetValidators,
} from "../lib/positions";
import { shortAddress } from "../lib/metagraph";
import { formatTao } from "../lib/units";
import { readMetagraph, undelegatePlan, type Plan, type Suite } from "./suite";
import type { Account } from "./wallet";

export interface AccountPositions {
  /** Whose positions these are. */
  account: string;
  /** Free TAO. */
  balance: bigint;
  positions: PositionRow[];
  rules: StakeRules;
}

/** Where `hotkey` is registered (its uid on each subnet) and who owns it. */
export async function readHotkeyFacts(suite: Suite, hotkey: string, netuids: readonly number[]): Promise<HotkeyFacts> {
  const [uids, { data: owner }] = await Promise.all([
    Promise.all(netuids.map((netuid) => suite.registry.query.subnetRegistryUidOf(netuid, hotkey).then((r) => r.data))),
    suite.staking.query.stakingOwnerOf(hotkey),
  ]);
  return { subnets: registrationsOf(netuids, uids), owner: owner?.address() };
}

/** `me`'s free TAO, every position it holds, and the minimums its amounts are checked against. */
export async function readAccountPositions(suite: Suite, me: string): Promise<AccountPositions> {
  const staking = suite.staking.query;
  const [{ data: balance }, { data: total }, { data: config }, { data: netuids }] = await Promise.all([
    suite.token.query.psp22BalanceOf(me),
    staking.positionCount(me),
    staking.config(),
    suite.registry.query.subnetRegistryNetuids(),
  ]);
  const positions = await readAllPositions(total, async (start, count) => {
    const { data: page } = await staking.positionsOf(me, start, count);
    return page.map((p) => ({ hotkey: p.hotkey.address(), stake: p.stake, shares: p.shares }));
  });
  const facts = new Map(
    await Promise.all(positions.map(async (p) => [p.hotkey, await readHotkeyFacts(suite, p.hotkey, netuids)] as const)),
  );
  return {
    account: me,
    balance,
    positions: positionRows(positions, (hotkey) => facts.get(hotkey) ?? { subnets: [] }, me),
    rules: { minStake: config.minStake, nominatorMinStake: config.nominatorMinStake },
  };
}

/** Every subnet's validators (the delegates the metagraph lists): where stake may move to. */
export async function readSubnetValidators(suite: Suite): Promise<SubnetValidators[]> {
  const { data: netuids } = await suite.registry.query.subnetRegistryNetuids();
  return Promise.all(netuids.map(async (netuid) => ({ netuid, validators: (await readMetagraph(suite, netuid)).validators })));
}

/** Unstakes the amount typed (staking may take the whole position: see `amount.taken`). */
export function unstakePlan(suite: Suite, me: Account, hotkey: string, amount: PositionAmount): Plan {
  const [step] = undelegatePlan(suite, me, hotkey, amount.rao);
  return [{ ...step, label: `unstake ${formatTao(amount.taken)} TAO from ${shortAddress(hotkey)}` }];
}

/** Unstakes the whole position, whatever it has grown to by the block the call lands in. */
export function unstakeAllPlan(suite: Suite, me: Account, hotkey: string): Plan {
  return [
    {
      label: `unstake all from ${shortAddress(hotkey)}`,
      query: () => suite.staking.query.unstakeAll(hotkey, { caller: me.address }),
      tx: (gasLimit) => suite.staking.tx.unstakeAll(hotkey, { gasLimit }),
    },
  ];
}

/** Moves stake between two hotkeys without it leaving staking (no approval, no transfer). */
export function moveStakePlan(suite: Suite, me: Account, from: string, to: string, amount: PositionAmount): Plan {
  return [
    {
      label: `move ${formatTao(amount.taken)} TAO from ${shortAddress(from)} to ${shortAddress(to)}`,
      query: () => suite.staking.query.moveStake(from, to, amount.rao, { caller: me.address }),
      tx: (gasLimit) => suite.staking.tx.moveStake(from, to, amount.rao, { gasLimit }),
    },
  ];
}
