import { setSubnetIdentityPlan, type NamedSubnet } from "../chain/identities";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { sameAccount } from "../lib/accounts";
import { emptyIdentity, SUBNET_IDENTITY_FIELDS } from "../lib/identity";
import { shortAddress } from "../lib/metagraph";
import { IdentityEditor } from "./IdentityEditor";
import { WebLink } from "./WebLink";

/** A subnet as its owner presents it, and, for the owner, the form to change that. */
export function SubnetDetail(props: { suite: Suite; me?: Account; subnet: NamedSubnet; onDone(): void }) {
  const { suite, me, subnet } = props;
  const { identity } = subnet;
  const owns = sameAccount(me?.address, subnet.owner);
  return (
    <section data-testid="subnet-detail">
      <h2>
        Subnet {subnet.netuid}
        {identity?.name && ` · ${identity.name}`}
      </h2>
      {identity ? (
        <>
          {identity.description && <p className="description">{identity.description}</p>}
          <p className="muted">
            {identity.url && <WebLink text={identity.url} />}
            {identity.url && identity.contact && " · "}
            {identity.contact && `contact: ${identity.contact}`}
          </p>
        </>
      ) : (
        <p className="muted">
          no identity set{owns ? "" : ` (its owner, ${shortAddress(subnet.owner)}, may set one)`}
        </p>
      )}
      {owns && me && (
        <div data-testid="subnet-identity-form">
          <h3>Your subnet's identity</h3>
          <IdentityEditor
            // A fresh form per subnet and per account: each starts from what its subnet has.
            key={`${subnet.netuid}:${me.address}`}
            me={me}
            subject="subnet"
            fields={SUBNET_IDENTITY_FIELDS}
            initial={identity ?? emptyIdentity(SUBNET_IDENTITY_FIELDS)}
            plan={(bytes) => setSubnetIdentityPlan(suite, me, subnet.netuid, bytes)}
            onDone={props.onDone}
          />
        </div>
      )}
    </section>
  );
}
