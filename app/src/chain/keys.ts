// Key rotation on the chain: the registry's rules and the connected coldkey's announced swap,
// the owner hotkeys of its subnets (its positions' hotkeys come from chain/positions.ts), and
// the plans that swap a hotkey, announce, cancel and execute a coldkey swap. A swap burns
// `key_swap_cost` from the caller through the token, so the plans that burn put an approval of
// the registry first when its allowance is short, as delegating does for staking.
import { sameAccount } from "../lib/accounts";
import { explainError, errorName } from "../lib/errors";
import {
  repeatUntilDone,
  swapCallText,
  type ColdkeySwapView,
  type HotkeySighting,
  type KeySwapRules,
} from "../lib/keys";
import { shortAddress } from "../lib/metagraph";
import { formatTaoExact } from "../lib/units";
import { readHotkeyFacts } from "./positions";
import { run, type Plan, type Progress, type Step, type Suite } from "./suite";
import type { Account } from "./wallet";

export interface KeysReading {
  /** Whose reading this is. */
  account: string;
  rules: KeySwapRules;
  /** The account's announced coldkey swap, if any. */
  swap?: ColdkeySwapView;
  /** The owner hotkeys of the subnets the account owns, with their owner and registrations. */
  subnetHotkeys: HotkeySighting[];
}

export async function readKeySwapRules(suite: Suite): Promise<KeySwapRules> {
  const { data: config } = await suite.registry.query.config();
  return { cost: config.keySwapCost, hotkeyRateLimit: config.hotkeySwapRateLimit, coldkeyDelay: config.coldkeySwapDelay };
}

export async function readColdkeySwap(suite: Suite, old: string): Promise<ColdkeySwapView | undefined> {
  const { data: swap } = await suite.registry.query.coldkeySwap(old);
  return swap ? { newColdkey: swap.new.address(), due: swap.due, started: swap.started } : undefined;
}

/** The rules, `me`'s announced swap and the owner hotkeys of `me`'s subnets (at most one per subnet). */
export async function readKeys(suite: Suite, me: string): Promise<KeysReading> {
  const [rules, swap, { data: netuids }] = await Promise.all([
    readKeySwapRules(suite),
    readColdkeySwap(suite, me),
    suite.registry.query.subnetRegistryNetuids(),
  ]);
  const subnets = await Promise.all(netuids.map(async (netuid) => ({ netuid, info: (await suite.registry.query.subnetRegistrySubnet(netuid)).data })));
  const mine = subnets.filter(({ info }) => info && sameAccount(info.owner.address(), me));
  const subnetHotkeys = await Promise.all(
    mine.map(async ({ netuid, info }): Promise<HotkeySighting> => {
      const hotkey = info!.ownerHotkey.address();
      const facts = await readHotkeyFacts(suite, hotkey, netuids);
      return { hotkey, owner: facts.owner, subnets: facts.subnets, ownerHotkeyOf: netuid };
    }),
  );
  return { account: me, rules, swap, subnetHotkeys };
}

/**
 * `step`, after an approval for `cost` when the registry may not take that much of `me`'s TAO.
 * With the approval first, the review's dry run is the approval's; so `check` (the step's own
 * dry run, which can only fail on the allowance then) is run here, and any other refusal is
 * shown in words before anything is signed.
 */
async function burningPlan(suite: Suite, me: Account, cost: bigint, step: Step, check: () => Promise<{ data: unknown }>): Promise<Plan> {
  const registry = suite.book.addresses.subnet_registry;
  const { data: allowance } = await suite.token.query.psp22Allowance(me.address, registry);
  if (allowance >= cost) return [step];
  const { data } = await check();
  const outcome = data as { isErr?: boolean; err?: unknown };
  if (outcome.isErr && errorName(outcome.err) !== "InsufficientAllowance") {
    throw new Error(`the contract would refuse: ${explainError(outcome.err)}`);
  }
  return [
    {
      label: `allow the registry to burn ${formatTaoExact(cost)} TAO`,
      query: () => suite.token.query.psp22Approve(registry, cost, { caller: me.address }),
      tx: (gasLimit) => suite.token.tx.psp22Approve(registry, cost, { gasLimit }),
    },
    step,
  ];
}

/** `swap_hotkey(old, new)`: `old`'s uids, stake, nominators, take and identity answer to `new`. */
export async function swapHotkeyPlan(suite: Suite, me: Account, old: string, newHotkey: string): Promise<Plan> {
  const { cost } = await readKeySwapRules(suite);
  const query = () => suite.registry.query.swapHotkey(old, newHotkey, { caller: me.address });
  return burningPlan(suite, me, cost, {
    label: `swap hotkey ${shortAddress(old)} for ${shortAddress(newHotkey)}`,
    query,
    tx: (gasLimit) => suite.registry.tx.swapHotkey(old, newHotkey, { gasLimit }),
  }, query);
}

/** `announce_coldkey_swap(new)`: `new` may take everything over once the delay has passed. */
export async function announceColdkeySwapPlan(suite: Suite, me: Account, newColdkey: string): Promise<Plan> {
  const { cost } = await readKeySwapRules(suite);
  const query = () => suite.registry.query.announceColdkeySwap(newColdkey, { caller: me.address });
  return burningPlan(suite, me, cost, {
    label: `announce a coldkey swap to ${shortAddress(newColdkey)}`,
    query,
    tx: (gasLimit) => suite.registry.tx.announceColdkeySwap(newColdkey, { gasLimit }),
  }, query);
}

export function cancelColdkeySwapPlan(suite: Suite, me: Account): Plan {
  return [
    {
      label: "cancel the coldkey swap",
      query: () => suite.registry.query.cancelColdkeySwap({ caller: me.address }),
      tx: (gasLimit) => suite.registry.tx.cancelColdkeySwap({ gasLimit }),
    },
  ];
}

function swapColdkeyStep(suite: Suite, me: Account, old: string, label: string): Step {
  return {
    label,
    query: () => suite.registry.query.swapColdkey(old, { caller: me.address }),
    tx: (gasLimit) => suite.registry.tx.swapColdkey(old, { gasLimit }),
  };
}

/** One `swap_coldkey(old)` call: what the review dry-runs before Execute. */
export function executeColdkeySwapPlan(suite: Suite, me: Account, old: string): Plan {
  return [swapColdkeyStep(suite, me, old, `execute the coldkey swap of ${shortAddress(old)}`)];
}

/**
 * Calls `swap_coldkey(old)` until the swap is complete (each call moves up to 24 holdings, `COLDKEY_SWAP_PAGE`),
 * each call in a block before the next; complete once the registry no longer has the swap.
 */
export async function executeColdkeySwap(suite: Suite, me: Account, old: string, onProgress: (progress: Progress) => void): Promise<void> {
  await repeatUntilDone(async (attempt) => {
    const step = swapColdkeyStep(suite, me, old, `swap_coldkey, call ${attempt}`);
    await run([step], me, onProgress);
    const done = (await readColdkeySwap(suite, old)) === undefined;
    onProgress({ step: step.label, status: swapCallText(attempt, done) });
    return done;
  });
}
