/** Reasons (`extensions.reason`) specific to pools. */
export enum PoolErrorReason {
  EFFECTIVE_FROM_IN_PAST = 'EFFECTIVE_FROM_IN_PAST',
  WEIGHTS_ALL_ZERO = 'WEIGHTS_ALL_ZERO',
  NOT_A_COORDINATOR = 'NOT_A_COORDINATOR',
}
