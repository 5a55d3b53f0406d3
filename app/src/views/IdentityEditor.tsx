import { useState } from "react";

import type { Plan } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { checkIdentity, utf8Length, type FieldRule, type IdentityBytes } from "../lib/identity";
import { Transaction } from "./Transaction";

/**
 * An identity's fields, each with its count of UTF-8 bytes against the registry's bound (what
 * the contract counts, not characters), checked before the Transaction's review asks the
 * contract. Starts from the identity on chain; emptying every field clears it.
 */
export function IdentityEditor<K extends string>(props: {
  me?: Account;
  /** Whose identity: "subnet", "validator" (names the transaction). */
  subject: string;
  fields: Record<K, FieldRule>;
  initial: Record<K, string>;
  plan(identity: IdentityBytes<K>): Plan;
  onDone(): void;
}) {
  const { fields } = props;
  const [text, setText] = useState(props.initial);
  const keys = Object.keys(fields) as K[];
  const plan = () => {
    const checked = checkIdentity(text, fields);
    return checked.ok ? Promise.resolve(props.plan(checked.value)) : checked.error;
  };

  return (
    <>
      <form className="identity" onSubmit={(event) => event.preventDefault()}>
        {keys.map((key) => {
          const rule = fields[key];
          const used = utf8Length(text[key].trim());
          const input = {
            // Not "validator name": labels are found by substring, and the stake form's is "validator".
            "aria-label": `identity ${rule.label}`,
            value: text[key],
            onChange: (event: { target: { value: string } }) => {
              const { value } = event.target;
              setText((current) => ({ ...current, [key]: value }));
            },
          };
          return (
            <label key={key}>
              {rule.label}
              {rule.multiline ? (
                <textarea rows={3} {...input} />
              ) : (
                <input placeholder={rule.web ? "https://…" : undefined} {...input} />
              )}
              <span className={used > rule.maxBytes ? "error" : "muted"}>{used}/{rule.maxBytes} bytes</span>
            </label>
          );
        })}
      </form>
      <Transaction me={props.me} plan={plan} label={`set ${props.subject} identity`} onDone={props.onDone} />
    </>
  );
}
