import { useState } from "react";

import {
  marketStakePlan,
  marketUnstakePlan,
  openMarketPlan,
  quoteSwap,
  readMarket,
  type AlphaPosition,
  type MarketHotkey,
} from "../chain/market";
import type { NamedSubnet } from "../chain/identities";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { sameAccount } from "../lib/accounts";
import {
  checkStakeAmount,
  checkUnstakeAlpha,
  DEFAULT_TOLERANCE,
  describeLimit,
  describePosition,
  describeQuote,
  formatAlpha,
  formatPrice,
  limitPrice,
  parseTolerance,
  type Side,
  type SwapQuote,
} from "../lib/market";
import { shortAddress } from "../lib/metagraph";
import { formatTao } from "../lib/units";
import type { Checked } from "../lib/values";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";

/** The quote of `amount` on `side`, read again as the amount or the chain changes; the answer
 * carries its amount, so a quote of an earlier amount is never shown as this one's. */
function useQuote(suite: Suite, side: Side, netuid: number, amount: Checked<bigint>, open: boolean, revision: number) {
  const value = amount.ok ? amount.value : undefined;
  const quote = useChain(
    () =>
      value !== undefined && open
        ? quoteSwap(suite, side, netuid, value).then((answer) => ({ amount: value, answer }))
        : Promise.resolve(undefined),
    [suite, side, netuid, value, open, revision],
  );
  return quote.value && quote.value.amount === value ? quote.value.answer : undefined;
}

/** The slippage a swap on `side` accepts, in percent. */
function SlippageInput(props: { side: Side; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      slippage{" "}
      <input
        aria-label={`slippage for ${props.side === "stake" ? "staking" : "unstaking"} (%)`}
        size={5}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />{" "}
      %
    </label>
  );
}

/** A quote before signing: what comes out, the fee, the price after and how far it moves, and
 * the limit the swap will be sent with. */
function QuotePreview(props: {
  side: Side;
  testid: string;
  amount: Checked<bigint>;
  tolerance: Checked<bigint>;
  price: bigint;
  quote?: SwapQuote | string;
}) {
  const { side, amount, tolerance, quote } = props;
  if (!amount.ok) return <p className="muted" data-testid={props.testid}>{amount.error}</p>;
  if (quote === undefined) return <p className="muted" data-testid={props.testid}>quoting…</p>;
  if (typeof quote === "string") return <p className="error" data-testid={props.testid}>the market would refuse: {quote}</p>;
  const text = describeQuote(side, amount.value, props.price, quote);
  return (
    <div data-testid={props.testid}>
      <p data-testid="quote-summary">{text.summary}</p>
      <p className="muted">
        {side === "stake" ? "α out" : "TAO out"}: <span data-testid="quote-out">{text.out}</span> · fee:{" "}
        <span data-testid="quote-fee">{text.fee}</span> · price after:{" "}
        <span data-testid="quote-price-after">{text.priceAfter}</span> · impact:{" "}
        <span data-testid="quote-impact">{text.impact}</span> · limit:{" "}
        <span data-testid="quote-limit">
          {tolerance.ok ? describeLimit(side, limitPrice(side, quote, tolerance.value)) : tolerance.error}
        </span>
      </p>
    </div>
  );
}

function hotkeyOption(h: MarketHotkey) {
  return (
    <option key={h.hotkey} value={h.hotkey}>
      uid {h.uid} · {shortAddress(h.hotkey)}
    </option>
  );
}

/**
 * A subnet's market (dynamic TAO): without one, that it has none, and for the subnet's owner the
 * button that opens it; with one, its price, moving price, pool and α staked, a stake form
 * that quotes before anything is signed, and the connected account's α on the subnet's
 * hotkeys, each with what it would sell for now, and an unstake form.
 */
export function MarketPanel(props: { suite: Suite; me?: Account; subnet: NamedSubnet; revision: number; onDone(): void }) {
  const { suite, me, subnet, revision } = props;
  const { netuid } = subnet;
  const reading = useChain(() => readMarket(suite, netuid, me?.address), [suite, netuid, me?.address, revision]);
  const market = reading.value;
  const state = market?.state;
  const open = state !== undefined;

  const [stakeHotkey, setStakeHotkey] = useState("");
  const [taoText, setTaoText] = useState("");
  const [stakeTolerance, setStakeTolerance] = useState(DEFAULT_TOLERANCE);
  const [unstakeHotkey, setUnstakeHotkey] = useState("");
  const [alphaText, setAlphaText] = useState("");
  const [allOfIt, setAllOfIt] = useState(false);
  const [unstakeTolerance, setUnstakeTolerance] = useState(DEFAULT_TOLERANCE);

  const hotkeys = market?.hotkeys ?? [];
  const positions = market?.positions ?? [];
  const chosenStake = hotkeys.some((h) => h.hotkey === stakeHotkey) ? stakeHotkey : (hotkeys[0]?.hotkey ?? "");
  const chosenUnstake = positions.some((p) => p.hotkey === unstakeHotkey) ? unstakeHotkey : (positions[0]?.hotkey ?? "");
  const position: AlphaPosition | undefined = positions.find((p) => p.hotkey === chosenUnstake);

  const stakeAmount = checkStakeAmount(taoText, market?.balance);
  const unstakeAmount: Checked<bigint> = !position
    ? { ok: false, error: "no α to unstake" }
    : allOfIt
      ? { ok: true, value: position.alpha }
      : checkUnstakeAlpha(alphaText, position.alpha);
  const stakeToleranceChecked = parseTolerance(stakeTolerance);
  const unstakeToleranceChecked = parseTolerance(unstakeTolerance);
  const stakeQuote = useQuote(suite, "stake", netuid, stakeAmount, open, revision);
  const unstakeQuote = useQuote(suite, "unstake", netuid, unstakeAmount, open, revision);

  const owns = sameAccount(me?.address, subnet.owner);

  const stakePlan = () => {
    if (!me) return "connect an account first";
    if (!open) return `subnet ${netuid} has no market`;
    if (!chosenStake) return "choose a hotkey to stake on";
    if (!stakeAmount.ok) return stakeAmount.error;
    if (!stakeToleranceChecked.ok) return stakeToleranceChecked.error;
    return marketStakePlan(suite, me, {
      hotkey: chosenStake,
      netuid,
      amount: stakeAmount.value,
      tolerancePpm: stakeToleranceChecked.value,
    });
  };

  const unstakePlan = () => {
    if (!me) return "connect an account first";
    if (!position) return "no α to unstake";
    if (!unstakeAmount.ok) return unstakeAmount.error;
    if (!unstakeToleranceChecked.ok) return unstakeToleranceChecked.error;
    return marketUnstakePlan(suite, me, {
      hotkey: position.hotkey,
      netuid,
      amount: unstakeAmount.value,
      tolerancePpm: unstakeToleranceChecked.value,
    });
  };

  const stateName = !market ? "reading" : open ? "open" : "none";
  return (
    <div data-testid="market" data-netuid={netuid} data-state={stateName}>
      <h3>Market of subnet {netuid}</h3>
      {reading.error && <p className="error">{reading.error}</p>}
      {!market && !reading.error && <p className="muted">reading the market…</p>}
      {market && !state && (
        <>
          <p data-testid="market-status">
            subnet {netuid} has no market yet: its owner opens it, and its lock of {formatTao(market.lock)} TAO becomes the
            pool, against as much α (1 TAO per α)
          </p>
          {owns && me && (
            <div data-testid="open-market">
              <Transaction
                me={me}
                label="open market"
                plan={() => Promise.resolve(openMarketPlan(suite, me, netuid, market.lock))}
                onDone={props.onDone}
              />
            </div>
          )}
        </>
      )}
      {market && state && (
        <>
          <table className="facts" data-testid="market-state">
            <tbody>
              <tr><th>price</th><td data-testid="market-price" title={`${state.price} rao per α`}>{formatPrice(state.price)}</td></tr>
              <tr><th>moving price</th><td data-testid="market-moving-price" title={`${state.movingPrice} rao per α`}>{formatPrice(state.movingPrice)}</td></tr>
              <tr><th>pool TAO</th><td data-testid="market-tao-reserve">{formatTao(state.taoReserve)} TAO</td></tr>
              <tr><th>pool α</th><td data-testid="market-alpha-reserve">{formatAlpha(state.alphaReserve)}</td></tr>
              <tr><th>α staked</th><td data-testid="market-alpha-staked">{formatAlpha(state.alphaStaked)}</td></tr>
              <tr><th>opened at block</th><td data-testid="market-opened-at">{state.openedAt}</td></tr>
              <tr><th>emitted so far</th><td data-testid="market-emitted">{formatTao(state.taoEmitted)} TAO into the pool, {formatAlpha(state.alphaEmitted)} (epochs paid in α)</td></tr>
              <tr><th>root dividends so far</th><td data-testid="market-root-dividends">{formatAlpha(state.rootAlphaSold)} sold for {formatTao(state.rootTaoPaid)} TAO, to validators' TAO stakers; {formatAlpha(state.rootAlphaRecycled)} recycled</td></tr>
            </tbody>
          </table>

          <h4>Stake TAO into subnet {netuid}</h4>
          <p className="muted" data-testid="market-balance">
            {me
              ? `${me.name}: ${market.balance !== undefined ? formatTao(market.balance) : "…"} TAO free`
              : "connect an account to stake"}
          </p>
          <form onSubmit={(event) => event.preventDefault()}>
            <select aria-label="stake on hotkey" value={chosenStake} onChange={(e) => setStakeHotkey(e.target.value)}>
              {hotkeys.map(hotkeyOption)}
            </select>
            <input aria-label="TAO to stake" placeholder="TAO" value={taoText} onChange={(e) => setTaoText(e.target.value)} />
            <SlippageInput side="stake" value={stakeTolerance} onChange={setStakeTolerance} />
          </form>
          {taoText.trim() !== "" && (
            <QuotePreview
              side="stake"
              testid="stake-quote"
              amount={stakeAmount}
              tolerance={stakeToleranceChecked}
              price={state.price}
              quote={stakeQuote}
            />
          )}
          <div data-testid="market-stake">
            <Transaction me={me} label="market stake" plan={stakePlan} onDone={props.onDone} />
          </div>

          <h4>Your α in subnet {netuid}</h4>
          {!me && <p className="muted">connect an account to see its α</p>}
          {me && positions.length === 0 && <p className="muted" data-testid="no-alpha">no α staked in subnet {netuid}</p>}
          {me && positions.length > 0 && (
            <table data-testid="alpha-positions">
              <thead><tr><th>uid</th><th>hotkey</th><th>α</th><th>value</th></tr></thead>
              <tbody>
                {positions.map((p) => {
                  const text = describePosition(p.alpha, p.sale);
                  return (
                    <tr key={p.hotkey} data-hotkey={p.hotkey} className={p.hotkey === chosenUnstake ? "selected" : ""}>
                      <td>{p.uid}</td>
                      <td title={p.hotkey}>{shortAddress(p.hotkey)}</td>
                      <td data-testid="alpha-held" title={`${p.alpha} rao of α`}>{text.alpha}</td>
                      <td data-testid="alpha-value">{text.value}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {/* Always there for an account, not only while it holds α: hiding it once the last
              α is sold would hide its own "done" too. Without α its review says so. */}
          {me && (
            <>
              <h4>Unstake α</h4>
              <form onSubmit={(event) => event.preventDefault()}>
                <select aria-label="unstake from hotkey" value={chosenUnstake} onChange={(e) => setUnstakeHotkey(e.target.value)}>
                  {positions.map(hotkeyOption)}
                </select>
                <input
                  aria-label="α to unstake"
                  placeholder="α"
                  value={allOfIt && position ? formatTao(position.alpha, 9) : alphaText}
                  disabled={allOfIt}
                  onChange={(e) => setAlphaText(e.target.value)}
                />
                <label>
                  <input type="checkbox" checked={allOfIt} onChange={(e) => setAllOfIt(e.target.checked)} /> all of it
                </label>
                <SlippageInput side="unstake" value={unstakeTolerance} onChange={setUnstakeTolerance} />
              </form>
              {position && (allOfIt || alphaText.trim() !== "") && (
                <QuotePreview
                  side="unstake"
                  testid="unstake-quote"
                  amount={unstakeAmount}
                  tolerance={unstakeToleranceChecked}
                  price={state.price}
                  quote={unstakeQuote}
                />
              )}
              <div data-testid="market-unstake">
                <Transaction me={me} label="market unstake" plan={unstakePlan} onDone={props.onDone} />
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
