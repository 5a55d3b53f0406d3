import { useState } from "react";

import { estimate, run, type Estimate, type Plan, type Progress } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { formatTao } from "../lib/units";

/** Native fees are in the chain's unit with 12 decimals on substrate-contracts-node. */
function formatFee(planck: bigint): string {
  return formatTao(planck / 1000n, 6);
}

/**
 * Review, then confirm: the dry run's gas and fee (or the contract's refusal, in words) before
 * anything is signed, then each step's progress until it is in a block.
 */
export function Transaction(props: {
  me?: Account;
  /** Builds the plan, or says why the input is not valid. */
  plan: () => Promise<Plan> | string;
  label: string;
  /**
   * What confirming does with the reviewed plan: by default each step once, in order; a flow
   * that repeats a call until the chain says it is complete (a coldkey swap) brings its own.
   */
  execute?: (plan: Plan, me: Account, onProgress: (progress: Progress) => void) => Promise<void>;
  onDone(): void;
}) {
  const { me } = props;
  const [review, setReview] = useState<{ plan: Plan; estimate: Estimate }>();
  const [progress, setProgress] = useState<Progress[]>([]);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setOutcome(undefined);
    setProgress([]);
    setReview(undefined);
    if (!me) return setOutcome({ ok: false, text: "connect an account first" });
    const plan = props.plan();
    if (typeof plan === "string") return setOutcome({ ok: false, text: plan });
    setBusy(true);
    try {
      const steps = await plan;
      setReview({ plan: steps, estimate: await estimate(steps, me) });
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!me || !review) return;
    setBusy(true);
    try {
      await (props.execute ?? run)(review.plan, me, (p) => setProgress((all) => [...all, p]));
      setOutcome({ ok: true, text: `${props.label}: done` });
      props.onDone();
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    } finally {
      setReview(undefined);
      setBusy(false);
    }
  };

  const { estimate: e } = review ?? {};
  return (
    <div data-testid="transaction">
      <div className="row">
        <button className="action" disabled={busy} onClick={() => void check()}>review {props.label}</button>
        {review && !e?.refusal && (
          <button className="action" disabled={busy} onClick={() => void confirm()}>confirm</button>
        )}
      </div>
      {review && e && (
        <p className={e.refusal ? "error" : "muted"} data-testid="estimate">
          {e.refusal
            ? `the contract would refuse: ${e.refusal}`
            : `${review.plan.map((s) => s.label).join(", then ")} · gas ${e.refTime.toLocaleString()} ref_time, ${e.proofSize.toLocaleString()} proof bytes · fee ≈ ${formatFee(e.fee)} (native)`}
        </p>
      )}
      {progress.length > 0 && (
        <ol className="progress" data-testid="progress">
          {progress.map((p, index) => <li key={index}>{p.step}: {p.status}</li>)}
        </ol>
      )}
      {outcome && <p className={outcome.ok ? "ok" : "error"} role="status">{outcome.text}</p>}
    </div>
  );
}
