// Identities read from the registry and the plans that set them. The forms check the text
// first (lib/identity.ts); the contract checks it again on the dry run and refuses with
// `InvalidIdentity`, `NotHotkeyOwner` or `NotSubnetOwner`, which the review shows in words.
import {
  decodeIdentity,
  SUBNET_IDENTITY_FIELDS,
  VALIDATOR_IDENTITY_FIELDS,
  type IdentityBytes,
  type SubnetIdentityText,
  type ValidatorIdentityText,
} from "../lib/identity";
import { shortAddress } from "../lib/metagraph";
import { readSubnets, type Plan, type Suite, type SubnetView } from "./suite";
import type { Account } from "./wallet";

export interface NamedSubnet extends SubnetView {
  identity?: SubnetIdentityText;
}

/** Every subnet, as `readSubnets` reads it, with its identity when one is set. */
export async function readNamedSubnets(suite: Suite): Promise<NamedSubnet[]> {
  const subnets = await readSubnets(suite);
  return Promise.all(
    subnets.map(async (subnet) => {
      const { data } = await suite.registry.query.subnetIdentity(subnet.netuid);
      return { ...subnet, identity: decodeIdentity(data, SUBNET_IDENTITY_FIELDS) };
    }),
  );
}

export async function readValidatorIdentity(suite: Suite, hotkey: string): Promise<ValidatorIdentityText | undefined> {
  const { data } = await suite.registry.query.validatorIdentity(hotkey);
  return decodeIdentity(data, VALIDATOR_IDENTITY_FIELDS);
}

export function setSubnetIdentityPlan(
  suite: Suite,
  me: Account,
  netuid: number,
  identity: IdentityBytes<keyof SubnetIdentityText>,
): Plan {
  const { fields } = identity;
  return [
    {
      label: `${identity.clears ? "clear" : "set"} the identity of subnet ${netuid}`,
      query: () => suite.registry.query.setSubnetIdentity(netuid, fields, { caller: me.address }),
      tx: (gasLimit) => suite.registry.tx.setSubnetIdentity(netuid, fields, { gasLimit }),
    },
  ];
}

export function setValidatorIdentityPlan(
  suite: Suite,
  me: Account,
  hotkey: string,
  identity: IdentityBytes<keyof ValidatorIdentityText>,
): Plan {
  const { fields } = identity;
  return [
    {
      label: `${identity.clears ? "clear" : "set"} the identity of ${shortAddress(hotkey)}`,
      query: () => suite.registry.query.setValidatorIdentity(hotkey, fields, { caller: me.address }),
      tx: (gasLimit) => suite.registry.tx.setValidatorIdentity(hotkey, fields, { gasLimit }),
    },
  ];
}
