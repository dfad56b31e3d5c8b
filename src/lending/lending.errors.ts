/** Reasons (`extensions.reason`) specific to loans. */
export enum LendingErrorReason {
  /** Only the lender's own HR may do this (recall). */
  NOT_LENDER = 'NOT_LENDER',
  /** Only the borrower's own HR may do this (cancel). */
  NOT_BORROWER = 'NOT_BORROWER',
  /** The loan's status does not allow this (only PLANNED or ACTIVE loans are recalled or cancelled). */
  ILLEGAL_STATUS = 'ILLEGAL_STATUS',
  /** The loan changed between reading and writing it; reload and try again. */
  STALE_VERSION = 'STALE_VERSION',
  /** The loan ends before a recall with the terms' notice would take effect. */
  ENDS_BEFORE_RECALL = 'ENDS_BEFORE_RECALL',
  /** The loan's period is already over. */
  LOAN_ENDED = 'LOAN_ENDED',
}
