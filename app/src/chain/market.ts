// A subnet's market on the chain: its pool as `Market::market` reads it, the quotes of a stake or
// an unstake, the connected account's α on the subnet's hotkeys, and the plans that open the
// market, stake TAO into it and unstake α out of it — each swap sent with the price limit its
// quote and the tolerance give (lib/market.ts), as the `inktensor` command sends it.
import { errorName, explainError } from "../lib/errors";
import { describeLimit, formatAlpha, limitPrice, type MarketState, type Side, type SwapQuote } from "../lib/market";
import { shortAddress } from "../lib/metagraph";
import { formatTao, formatTaoExact } from "../lib/units";
import { PAGE, type Plan, type Step, type Suite } from "./suite";
import type { Account } from "./wallet";

/** A neuron's hotkey on the subnet: where α may be staked. */
export interface MarketHotkey {
  uid: number;
  hotkey: string;
}

/** The account's α on one of the subnet's hotkeys, and the quote of selling all of it now
 * (or the market's refusal in words). */
export interface AlphaPosition extends MarketHotkey {
  alpha: bigint;
  sale: SwapQuote | string;
}

export interface MarketReading {
  netuid: number;
  /** Whose positions and free TAO these are, if an account is connected. */
  account?: string;
  /** The market, or undefined while it is not open. */
  state?: MarketState;
  /** The subnet's lock: what opening the market turns into its pool (0 once it has). */
  lock: bigint;
  hotkeys: MarketHotkey[];
  /** The account's α on the subnet's hotkeys, those that hold any. */
  positions: AlphaPosition[];
  /** The account's free TAO. */
  balance?: bigint;
}

type Answer<T> = { isOk?: boolean; isErr?: boolean; value?: T; err?: unknown };

/** A quote, or the market's refusal of it in words. */
function quoteOf(data: Answer<SwapQuote>): SwapQuote | string {
  return data.isErr || !data.value ? explainError(data.err) : data.value;
}

/** What a stake of `amount` TAO (or an unstake of `amount` α) on `netuid` would do now. */
export async function quoteSwap(suite: Suite, side: Side, netuid: number, amount: bigint): Promise<SwapQuote | string> {
  const { data } =
    side === "stake"
      ? await suite.market.query.marketQuoteStake(netuid, amount)
      : await suite.market.query.marketQuoteUnstake(netuid, amount);
  return quoteOf(data);
}

/** `netuid`'s market, lock and hotkeys; with an account, its free TAO and its α on each hotkey. */
export async function readMarket(suite: Suite, netuid: number, me?: string): Promise<MarketReading> {
  const [{ data: state }, { data: info }, { data: neurons }, balance] = await Promise.all([
    suite.market.query.marketMarket(netuid),
    suite.registry.query.subnetRegistrySubnet(netuid),
    suite.registry.query.subnetRegistryNeurons(netuid, 0, PAGE),
    me ? suite.token.query.psp22BalanceOf(me).then((r) => r.data) : Promise.resolve(undefined),
  ]);
  const hotkeys = neurons.map((neuron) => ({ uid: neuron.uid, hotkey: neuron.hotkey.address() }));
  // The contract lists no one's positions: the subnet's hotkeys are asked one by one (stake on
  // a hotkey since deregistered from the subnet is not found this way).
  const held = state && me
    ? await Promise.all(
        hotkeys.map(async (h) => ({ ...h, alpha: (await suite.market.query.marketAlphaOf(h.hotkey, netuid, me)).data })),
      )
    : [];
  const positions = await Promise.all(
    held
      .filter((h) => h.alpha > 0n)
      .map(async (h): Promise<AlphaPosition> => ({ ...h, sale: await quoteSwap(suite, "unstake", netuid, h.alpha) })),
  );
  return { netuid, account: me, state, lock: info?.locked ?? 0n, hotkeys, positions, balance };
}

/** `open_market(netuid)`: the subnet's lock becomes its pool, at 1 TAO per α. */
export function openMarketPlan(suite: Suite, me: Account, netuid: number, lock: bigint): Plan {
  return [
    {
      label: `open subnet ${netuid}'s market: its ${formatTaoExact(lock)} TAO lock against as much α`,
      query: () => suite.market.query.marketOpenMarket(netuid, { caller: me.address }),
      tx: (gasLimit) => suite.market.tx.marketOpenMarket(netuid, { gasLimit }),
    },
  ];
}

export interface SwapOrder {
  hotkey: string;
  netuid: number;
  /** TAO to stake, or α to unstake. */
  amount: bigint;
  /** The slippage tolerance, parts per million. */
  tolerancePpm: bigint;
}

/** Quotes `order` now and returns the quote with the price limit to send, or says why not. */
async function quoteAndLimit(suite: Suite, side: Side, order: SwapOrder): Promise<{ quote: SwapQuote; limit: bigint }> {
  const quote = await quoteSwap(suite, side, order.netuid, order.amount);
  if (typeof quote === "string") throw new Error(`the contract would refuse: ${quote}`);
  return { quote, limit: limitPrice(side, quote, order.tolerancePpm) };
}

/**
 * Stakes TAO into the subnet on a hotkey, with the price limit the quote and tolerance give;
 * an approval of the market on the token first when its allowance is short (as delegating
 * approves staking). The review then dry-runs the approval, so the stake's own dry run, which
 * can only fail on the allowance after it, is run here: any other refusal is shown in words
 * before anything is signed.
 */
export async function marketStakePlan(suite: Suite, me: Account, order: SwapOrder): Promise<Plan> {
  const { hotkey, netuid, amount } = order;
  const { quote, limit } = await quoteAndLimit(suite, "stake", order);
  const stake: Step = {
    label:
      `stake ${formatTaoExact(amount)} TAO on ${shortAddress(hotkey)} in subnet ${netuid} ` +
      `for about ${formatAlpha(quote.amountOut)}, the price ${describeLimit("stake", limit)}`,
    query: () => suite.market.query.marketAddStake(hotkey, netuid, amount, limit, { caller: me.address }),
    tx: (gasLimit) => suite.market.tx.marketAddStake(hotkey, netuid, amount, limit, { gasLimit }),
  };
  const market = suite.book.addresses.market;
  const { data: allowance } = await suite.token.query.psp22Allowance(me.address, market);
  if (allowance >= amount) return [stake];
  const { data } = await stake.query();
  const outcome = data as Answer<unknown>;
  if (outcome.isErr && errorName(outcome.err) !== "InsufficientAllowance") {
    throw new Error(`the contract would refuse: ${explainError(outcome.err)}`);
  }
  return [
    {
      label: `allow the market to move ${formatTaoExact(amount)} TAO`,
      query: () => suite.token.query.psp22Approve(market, amount, { caller: me.address }),
      tx: (gasLimit) => suite.token.tx.psp22Approve(market, amount, { gasLimit }),
    },
    stake,
  ];
}

/** Unstakes α from a hotkey on the subnet, sold with the price limit the quote and tolerance give. */
export async function marketUnstakePlan(suite: Suite, me: Account, order: SwapOrder): Promise<Plan> {
  const { hotkey, netuid, amount } = order;
  const { quote, limit } = await quoteAndLimit(suite, "unstake", order);
  return [
    {
      label:
        `unstake ${formatTaoExact(amount)} α from ${shortAddress(hotkey)} in subnet ${netuid} ` +
        `for about ${formatTao(quote.amountOut)} TAO, the price ${describeLimit("unstake", limit)}`,
      query: () => suite.market.query.marketRemoveStake(hotkey, netuid, amount, limit, { caller: me.address }),
      tx: (gasLimit) => suite.market.tx.marketRemoveStake(hotkey, netuid, amount, limit, { gasLimit }),
    },
  ];
}
