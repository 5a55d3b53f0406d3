// The deployed suite, read and written through typed contract bindings (generated from the
// built contracts by `npm run codegen`) over a dedot client.
import { LegacyClient, WsProvider } from "dedot";
import { Contract } from "dedot/contracts";
import type { ISubmittableResult } from "dedot/types";

import type { EmissionContractApi } from "../contracts/emission";
import type { EpochContractApi } from "../contracts/epoch";
import type { GovernanceContractApi } from "../contracts/governance";
import type { MarketContractApi } from "../contracts/market";
import type { StakingContractApi } from "../contracts/staking";
import type { SubnetRegistryContractApi } from "../contracts/subnet-registry";
import type { TaoTokenContractApi } from "../contracts/tao-token";

import type { AddressBook } from "../lib/deployment";
import { explainError } from "../lib/errors";
import { withMargin, type Gas } from "../lib/gas";
import type { NeuronRow, ValidatorRow } from "../lib/metagraph";
import { formatTao } from "../lib/units";
import { SUITE_METADATA } from "./metadata";
import type { Account } from "./wallet";

/** Reads need an origin; this address (the development key //Alice's) signs nothing. */
const READER = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
/** The registry's page size for neuron reads. */
export const PAGE = 256;

export interface Suite {
  client: LegacyClient;
  book: AddressBook;
  token: Contract<TaoTokenContractApi>;
  staking: Contract<StakingContractApi>;
  registry: Contract<SubnetRegistryContractApi>;
  emission: Contract<EmissionContractApi>;
  /** The Yuma epoch: running epochs and bonds (emission keeps issuance, shares and pending emission). */
  epoch: Contract<EpochContractApi>;
  /** Dynamic TAO: each opened subnet's TAO/α pool, and the α staked from it on hotkeys. */
  market: Contract<MarketContractApi>;
  governance: Contract<GovernanceContractApi>;
}

export async function connect(book: AddressBook): Promise<Suite> {
  const client = await LegacyClient.new(new WsProvider(book.url));
  const options = { defaultCaller: READER };
  const { addresses } = book;
  const m = SUITE_METADATA;
  return {
    client,
    book,
    token: new Contract<TaoTokenContractApi>(client, m.tao_token, addresses.tao_token, options),
    staking: new Contract<StakingContractApi>(client, m.staking, addresses.staking, options),
    registry: new Contract<SubnetRegistryContractApi>(client, m.subnet_registry, addresses.subnet_registry, options),
    emission: new Contract<EmissionContractApi>(client, m.emission, addresses.emission, options),
    epoch: new Contract<EpochContractApi>(client, m.epoch, addresses.epoch, options),
    market: new Contract<MarketContractApi>(client, m.market, addresses.market, options),
    governance: new Contract<GovernanceContractApi>(client, m.governance, addresses.governance, options),
  };
}

export async function bestBlock(suite: Suite): Promise<number> {
  const header = await suite.client.rpc.chain_getHeader();
  return header?.number ?? 0;
}

export interface SubnetView {
  netuid: number;
  owner: string;
  neurons: number;
  tempo: number;
  pending: bigint;
}

export async function readSubnets(suite: Suite): Promise<SubnetView[]> {
  const { data: netuids } = await suite.registry.query.subnetRegistryNetuids();
  return Promise.all(
    netuids.map(async (netuid) => {
      const [{ data: info }, { data: params }, { data: pending }] = await Promise.all([
        suite.registry.query.subnetRegistrySubnet(netuid),
        suite.registry.query.subnetRegistryHyperparameters(netuid),
        suite.emission.query.emissionPendingEmission(netuid),
      ]);
      return {
        netuid,
        owner: info?.owner.address() ?? "",
        neurons: info?.neuronCount ?? 0,
        tempo: params?.tempo ?? 0,
        pending,
      };
    }),
  );
}

export interface Metagraph {
  rows: NeuronRow[];
  validators: ValidatorRow[];
}

/** A subnet's neurons with their last epoch's results, and its validators as delegates. */
export async function readMetagraph(suite: Suite, netuid: number, me?: string): Promise<Metagraph> {
  const [{ data: neurons }, { data: results }] = await Promise.all([
    suite.registry.query.subnetRegistryNeurons(netuid, 0, PAGE),
    suite.registry.query.results(netuid, 0, PAGE),
  ]);
  const hotkeys = neurons.map((neuron) => neuron.hotkey.address());
  const { data: stakes } = await suite.staking.query.stakingTotalStakes(hotkeys);
  const rows: NeuronRow[] = neurons.map((neuron, index) => {
    const result = results.find((r) => r.uid === neuron.uid);
    return {
      uid: neuron.uid,
      hotkey: hotkeys[index],
      stake: stakes[index] ?? 0n,
      validatorTrust: result?.validatorTrust ?? 0,
      consensus: result?.consensus ?? 0,
      incentive: result?.incentive ?? 0,
      dividends: result?.dividends ?? 0,
      emission: result?.emission ?? 0n,
      validatorPermit: neuron.validatorPermit,
    };
  });
  // Delegates: neurons with stake (validators hold it; a fresh subnet's validators have no
  // permit until its first epoch), the subnet owner's hotkey excluded when it holds none.
  const delegates = rows.filter((row) => row.stake > 0n || row.validatorPermit);
  const validators = await Promise.all(
    delegates.map(async (row): Promise<ValidatorRow> => {
      const [{ data: take }, { data: nominators }, mine] = await Promise.all([
        suite.staking.query.stakingTakeOf(row.hotkey),
        suite.staking.query.nominatorCount(row.hotkey),
        me ? suite.staking.query.stakingStakeOf(row.hotkey, me) : Promise.resolve({ data: 0n }),
      ]);
      return {
        hotkey: row.hotkey,
        uid: row.uid,
        take,
        totalStake: row.stake,
        nominators,
        myStake: mine.data,
      };
    }),
  );
  return { rows, validators };
}

/** The account's free TAO (its positions: chain/positions.ts, read from staking itself). */
export async function readBalance(suite: Suite, me: string): Promise<bigint> {
  const { data: balance } = await suite.token.query.psp22BalanceOf(me);
  return balance;
}

// ---- transactions ------------------------------------------------------------------------

/** A message dry-run as the account: the gas it required, the fee of submitting it with the
 * margin `run` adds, or the contract's refusal in words. */
export interface Estimate {
  refTime: bigint;
  proofSize: bigint;
  /** The transaction fee in the chain's native unit (planck). */
  fee: bigint;
  refusal?: string;
}

export type Step = {
  label: string;
  /** The dry run. */
  query: () => Promise<{ data: unknown; raw: { gasRequired: Gas } }>;
  /** The extrinsic with a gas limit. */
  tx: (gas: Gas) => {
    paymentInfo(account: string): Promise<{ partialFee: bigint }>;
    signAndSend(account: unknown, options: unknown, callback: (result: ISubmittableResult) => void): Promise<unknown>;
  };
};

export type Plan = Step[];

function refusalOf(data: unknown): string | undefined {
  if (data && typeof data === "object" && "isErr" in data && (data as { isErr?: boolean }).isErr) {
    return explainError((data as unknown as { err: unknown }).err);
  }
  return undefined;
}

/** Delegating needs the staking contract allowed to move the TAO first. */
export async function delegatePlan(suite: Suite, me: Account, hotkey: string, amount: bigint): Promise<Plan> {
  const caller = { caller: me.address };
  const { data: allowance } = await suite.token.query.psp22Allowance(me.address, suite.book.addresses.staking);
  const steps: Plan = [];
  if (allowance < amount) {
    steps.push({
      label: `allow staking to move ${formatTao(amount)} TAO`,
      query: () => suite.token.query.psp22Approve(suite.book.addresses.staking, amount, caller),
      tx: (gasLimit) => suite.token.tx.psp22Approve(suite.book.addresses.staking, amount, { gasLimit }),
    });
  }
  steps.push({
    label: "stake",
    query: () => suite.staking.query.stakingAddStake(hotkey, amount, caller),
    tx: (gasLimit) => suite.staking.tx.stakingAddStake(hotkey, amount, { gasLimit }),
  });
  return steps;
}

export function undelegatePlan(suite: Suite, me: Account, hotkey: string, amount: bigint): Plan {
  return [
    {
      label: "unstake",
      query: () => suite.staking.query.stakingRemoveStake(hotkey, amount, { caller: me.address }),
      tx: (gasLimit) => suite.staking.tx.stakingRemoveStake(hotkey, amount, { gasLimit }),
    },
  ];
}

/** Dry-runs the first step (later ones depend on it: staking needs the approval in place). */
export async function estimate(plan: Plan, me: Account): Promise<Estimate> {
  const step = plan[0];
  const { data, raw } = await step.query();
  const refusal = refusalOf(data);
  const fee = refusal ? 0n : (await step.tx(withMargin(raw.gasRequired)).paymentInfo(me.address)).partialFee;
  return { refTime: raw.gasRequired.refTime, proofSize: raw.gasRequired.proofSize, fee, refusal };
}

export type Progress = { step: string; status: string };

/** Runs every step in order, each dry-run again first and submitted with a margin over what the
 * dry run required, each waited for until in a block. */
export async function run(plan: Plan, me: Account, onProgress: (progress: Progress) => void): Promise<void> {
  for (const step of plan) {
    onProgress({ step: step.label, status: "checking" });
    const { data, raw } = await step.query();
    const refusal = refusalOf(data);
    if (refusal) throw new Error(`refused: ${refusal}`);
    await new Promise<void>((resolve, reject) => {
      const signer = me.pair ?? me.address;
      const options = me.signer ? { signer: me.signer } : {};
      step
        .tx(withMargin(raw.gasRequired))
        .signAndSend(signer, options, (result) => {
          const { status } = result;
          onProgress({ step: step.label, status: status.type });
          if (status.type === "BestChainBlockIncluded" || status.type === "Finalized") {
            if (result.dispatchError) reject(new Error(`the transaction failed: ${JSON.stringify(result.dispatchError)}`));
            else resolve();
          } else if (status.type === "Invalid" || status.type === "Drop") {
            reject(new Error(`the transaction was ${status.type === "Drop" ? "dropped" : "invalid"}: ${status.value.error}`));
          }
        })
        .catch(reject);
    });
  }
}
