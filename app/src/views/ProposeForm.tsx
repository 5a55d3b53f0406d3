import { useState } from "react";

import { proposePlan } from "../chain/governance";
import { SUITE_METADATA } from "../chain/metadata";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { describeCall, encodeCall } from "../lib/calls";
import {
  checkProposal,
  formCall,
  hyperparameterChoices,
  PROPOSAL_KINDS,
  upgradableContracts,
  type FormContext,
  type ProposalForm,
} from "../lib/proposalForm";
import { Transaction } from "./Transaction";
import { useChain } from "./useChain";

const CHOICES = hyperparameterChoices(SUITE_METADATA.subnet_registry);
const UPGRADABLE = upgradableContracts(SUITE_METADATA);

/** A new proposal of one call; the call is shown as voters will read it before it is signed. */
export function ProposeForm(props: { suite: Suite; me?: Account; revision: number; onDone(): void }) {
  const { suite, me, revision } = props;
  const netuids = useChain(() => suite.registry.query.subnetRegistryNetuids().then((r) => r.data), [suite, revision]);
  const [form, setForm] = useState<ProposalForm>({
    kind: "hyperparameter",
    netuid: "",
    hyperparameter: CHOICES[0]?.name ?? "",
    value: "",
    shares: "",
    contract: UPGRADABLE[0] ?? "",
    codeHash: "",
    description: "",
  });
  const set = (field: keyof ProposalForm) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const context: FormContext = { metadata: SUITE_METADATA, netuids: netuids.value };
  const call = formCall(form, context);
  const hint = CHOICES.find((c) => c.name === form.hyperparameter)?.hint;

  const plan = () => {
    if (!me) return "connect an account first";
    const checked = checkProposal(form, context);
    return checked.ok ? Promise.resolve(proposePlan(suite, me, checked.value)) : checked.error;
  };

  return (
    <section data-testid="propose">
      <h2>New proposal</h2>
      <form className="propose" onSubmit={(event) => event.preventDefault()}>
        <select aria-label="proposal kind" value={form.kind} onChange={set("kind")}>
          {PROPOSAL_KINDS.map(({ kind, label }) => <option key={kind} value={kind}>{label}</option>)}
        </select>
        {form.kind === "hyperparameter" && (
          <>
            <input aria-label="netuid" placeholder="netuid" size={6} value={form.netuid} onChange={set("netuid")} />
            <select aria-label="hyperparameter" value={form.hyperparameter} onChange={set("hyperparameter")}>
              {CHOICES.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.hint})</option>)}
            </select>
            <input aria-label="value" placeholder={hint} value={form.value} onChange={set("value")} />
          </>
        )}
        {form.kind === "shares" && (
          <input aria-label="shares" placeholder="NETUID=PARTS, e.g. 1=1,2=3" value={form.shares} onChange={set("shares")} />
        )}
        {form.kind === "upgrade" && (
          <>
            <select aria-label="contract" value={form.contract} onChange={set("contract")}>
              {UPGRADABLE.map((name) => <option key={name} value={name}>{name}</option>)}
            </select>
            <input aria-label="code hash" placeholder="0x… (32 bytes, uploaded already)" size={40} value={form.codeHash} onChange={set("codeHash")} />
          </>
        )}
        <input aria-label="description" placeholder="what it does and why, for the voters" className="wide" value={form.description} onChange={set("description")} />
      </form>
      <p className="muted" data-testid="call-preview">
        {call.ok ? <>calls <code>{describeCall(encodeCall(call.value, suite.book, SUITE_METADATA), suite.book, SUITE_METADATA)}</code></> : call.error}
      </p>
      <Transaction me={me} plan={plan} label="propose" onDone={props.onDone} />
    </section>
  );
}
