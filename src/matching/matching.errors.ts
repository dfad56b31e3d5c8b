/** Reasons (`extensions.reason`) specific to matching. */
export enum MatchingErrorReason {
  RUN_IN_PROGRESS = 'RUN_IN_PROGRESS',
  DEMAND_NOT_OPEN = 'DEMAND_NOT_OPEN',
}
