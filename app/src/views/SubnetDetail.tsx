import { setSubnetIdentityPlan, type NamedSubnet } from "../chain/identities";
import type { Suite } from "../chain/suite";
import type { Account } from "../chain/wallet";
import { sameAccount } from "../lib/accounts";
import { emptyIdentity, SUBNET_IDENTITY_FIELDS } from "../lib/identity";
import { shortAddress } from "../lib/metagraph";
import { IdentityEditor } from "./IdentityEditor";
import { MarketPanel } from "./MarketPanel";
import { WebLink } from "./WebLink";

/** A subnet as its owner presents it, and, for the owner, the form to change that; then its
 * market (dynamic TAO), to open, stake into and unstake from. */
export function SubnetDetail(props: { suite: Suite; me?: Account; subnet: NamedSubnet; revision: number; onDone(): void }) {
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
      <MarketPanel
        // A fresh panel per subnet and per account: its forms and readings are theirs.
        key={`${subnet.netuid}:${me?.address ?? ""}`}
        suite={suite}
        me={me}
        subnet={subnet}
        revision={props.revision}
        onDone={props.onDone}
      />
    </section>
  );
}
