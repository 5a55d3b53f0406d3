// The suite's contract metadata, as `npm run codegen` copies it from the built contracts: what
// the typed bindings are generated from, and what the page encodes and decodes calls with.
import type { ContractMetadata } from "dedot/contracts";

import emission from "../contracts/emission/metadata.json";
import epoch from "../contracts/epoch/metadata.json";
import governance from "../contracts/governance/metadata.json";
import market from "../contracts/market/metadata.json";
import staking from "../contracts/staking/metadata.json";
import registry from "../contracts/subnet-registry/metadata.json";
import token from "../contracts/tao-token/metadata.json";
import weights from "../contracts/weights/metadata.json";

import type { SuiteMetadata } from "../lib/calls";

export const SUITE_METADATA: SuiteMetadata = {
  tao_token: token as unknown as ContractMetadata,
  staking: staking as unknown as ContractMetadata,
  subnet_registry: registry as unknown as ContractMetadata,
  weights: weights as unknown as ContractMetadata,
  emission: emission as unknown as ContractMetadata,
  epoch: epoch as unknown as ContractMetadata,
  market: market as unknown as ContractMetadata,
  governance: governance as unknown as ContractMetadata,
};
