import { useState } from "react";

import { setValidatorIdentityPlan } from "../chain/identities";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import type { DelegateRow } from "../lib/delegates";
import { emptyIdentity, VALIDATOR_IDENTITY_FIELDS } from "../lib/identity";
import { shortAddress } from "../lib/metagraph";
import { IdentityEditor } from "./IdentityEditor";

/**
 * For the owner of validator hotkeys (staking's `owner_of` is the connected account): the
 * identity delegators see for one of them. Nothing for anyone else.
 */
export function ValidatorIdentityForm(props: { suite: Suite; me?: Account; delegates: DelegateRow[]; onDone(): void }) {
  const { suite, me } = props;
  const mine = props.delegates.filter((d) => d.mine);
  const [hotkey, setHotkey] = useState("");
  const chosen = mine.find((d) => d.hotkey === hotkey) ?? mine[0];
  if (!me || !chosen) return null;
  return (
    <section data-testid="validator-identity-form">
      <h2>
        Your validator's identity{" "}
        {mine.length === 1 && <span title={chosen.hotkey}>{shortAddress(chosen.hotkey)}</span>}
      </h2>
      {mine.length > 1 && (
        <form onSubmit={(event) => event.preventDefault()}>
          <select aria-label="identity hotkey" value={chosen.hotkey} onChange={(e) => setHotkey(e.target.value)}>
            {mine.map((d) => (
              <option key={d.hotkey} value={d.hotkey}>
                {d.identity?.name ? `${d.identity.name} · ` : ""}{shortAddress(d.hotkey)}
              </option>
            ))}
          </select>
        </form>
      )}
      <IdentityEditor
        // A fresh form per hotkey: each starts from that hotkey's identity on chain.
        key={`${chosen.hotkey}:${me.address}`}
        me={me}
        subject="validator"
        fields={VALIDATOR_IDENTITY_FIELDS}
        initial={chosen.identity ?? emptyIdentity(VALIDATOR_IDENTITY_FIELDS)}
        plan={(bytes) => setValidatorIdentityPlan(suite, me, chosen.hotkey, bytes)}
        onDone={props.onDone}
      />
    </section>
  );
}
