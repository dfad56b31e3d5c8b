/** Reasons (`extensions.reason`) specific to demand requests. */
export enum DemandErrorReason {
  /** The period ends before it starts. */
  END_BEFORE_START = 'END_BEFORE_START',
  /** The start is closer than the pool terms' `minLeadTimeHours`. */
  LEAD_TIME = 'LEAD_TIME',
  /** The period is longer than the pool terms' `maxLoanWeeks`. */
  TOO_LONG = 'TOO_LONG',
  /** More hours per week than the half-days given can hold (4.5 hours each). */
  TOO_MANY_HOURS = 'TOO_MANY_HOURS',
  /** The same skill appears twice in the requirements. */
  DUPLICATE_SKILL = 'DUPLICATE_SKILL',
  /** The demand's status does not allow this (only OPEN or PARTIALLY_FILLED demand is cancelled). */
  ILLEGAL_STATUS = 'ILLEGAL_STATUS',
  /** The demand changed between reading and writing it; reload and try again. */
  STALE_VERSION = 'STALE_VERSION',
  /** Only the borrower's own HR may do this. */
  NOT_BORROWER = 'NOT_BORROWER',
  /** `overlapsFrom` lies after `overlapsTo`. */
  OVERLAP_BOUNDS_REVERSED = 'OVERLAP_BOUNDS_REVERSED',
}
