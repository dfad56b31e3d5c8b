/** Reasons (`extensions.reason`) specific to matching. */
export enum MatchingErrorReason {
  RUN_IN_PROGRESS = 'RUN_IN_PROGRESS',
  DEMAND_NOT_OPEN = 'DEMAND_NOT_OPEN',
}

/** Reasons (`extensions.reason`) of the proposal workflow (accept, consent, confirm, decline). */
export enum ProposalErrorReason {
  /** Only the lender's own HR may do this (accept). */
  NOT_LENDER = 'NOT_LENDER',
  /** Only the borrower's own HR may do this (confirm). */
  NOT_BORROWER = 'NOT_BORROWER',
  /** The proposal's status does not allow this move. */
  ILLEGAL_STATUS = 'ILLEGAL_STATUS',
  /** The proposal has expired (its demand started, was filled or cancelled, or the employee was booked). */
  PROPOSAL_EXPIRED = 'PROPOSAL_EXPIRED',
  /** The proposal changed between reading and writing it; reload and try again. */
  STALE_VERSION = 'STALE_VERSION',
  /** The demand starts sooner than the terms' `minLeadTimeHours` from now. */
  LEAD_TIME = 'LEAD_TIME',
  /** The demand's period is longer than the terms' `maxLoanWeeks`. */
  TOO_LONG = 'TOO_LONG',
  /** The employee's cost price is above the demand's maximum hourly rate. */
  OVER_MAX_RATE = 'OVER_MAX_RATE',
  /** The lender or the borrower is no longer an ACTIVE member of the pool. */
  MEMBERSHIP_INACTIVE = 'MEMBERSHIP_INACTIVE',
}
