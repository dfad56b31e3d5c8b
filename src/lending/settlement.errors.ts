/** Reasons (`extensions.reason`) specific to settlements. */
export enum SettlementErrorReason {
  /** A month is closed after its last day, not during it. */
  MONTH_NOT_OVER = 'MONTH_NOT_OVER',
  /** Hours of the month still wait for the lender or the borrower; close with `force` to leave them out. */
  PENDING_ENTRIES = 'PENDING_ENTRIES',
}
