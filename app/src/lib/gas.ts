// The gas a transaction is submitted with.

export interface Gas {
  refTime: bigint;
  proofSize: bigint;
}

/**
 * What a dry run required, and half again. A dry run over RPC does not record a storage proof
 * the way block import does, so a call that makes cross-contract calls can need more proof size
 * in its block than the dry run reported; and the keeper's epochs change storage between the
 * dry run and the block. Submitted at exactly the dry run's figure, a vote or a loan of voting
 * power could fail with `Contracts::OutOfGas`. The unused part is refunded. The same rule as the
 * `inktensor` command's (deploy/src/node.rs, with_margin).
 */
export function withMargin(required: Gas): Gas {
  return { refTime: required.refTime + required.refTime / 2n, proofSize: required.proofSize + required.proofSize / 2n };
}
