/** Reasons (`extensions.reason`) specific to timesheets. */
export enum TimesheetErrorReason {
  /** Only the borrower's HR registers hours and answers a dispute. */
  NOT_BORROWER = 'NOT_BORROWER',
  /** Only the lender's HR approves or disputes hours. */
  NOT_LENDER = 'NOT_LENDER',
  /** The loan was CANCELLED before that date (a loan cancelled mid-way keeps the days before). */
  LOAN_CANCELLED = 'LOAN_CANCELLED',
  /** The date lies outside the loan's period. */
  OUTSIDE_PERIOD = 'OUTSIDE_PERIOD',
  /** The loan has no half-day on that weekday. */
  NOT_A_LOAN_DAY = 'NOT_A_LOAN_DAY',
  /** Hours are registered for days that have begun, not ahead. */
  FUTURE_DATE = 'FUTURE_DATE',
  /** The loan's hours per week would be exceeded in that ISO week. */
  LOAN_WEEK_HOURS = 'LOAN_WEEK_HOURS',
  /** Working Hours Act: more than 12 hours on one day over all the employee's loans. */
  WORKING_HOURS_DAY = 'WORKING_HOURS_DAY',
  /** Working Hours Act: more than 60 hours in one ISO week over all the employee's loans. */
  WORKING_HOURS_WEEK = 'WORKING_HOURS_WEEK',
  /** The entry's state does not allow this move. */
  ILLEGAL_STATUS = 'ILLEGAL_STATUS',
  /** The entry changed since the version given; reload and decide again. */
  STALE_VERSION = 'STALE_VERSION',
  /** The pool has closed the settlement month of that date. */
  MONTH_CLOSED = 'MONTH_CLOSED',
  /** A counter-proposal equal to the submitted hours: approve instead. */
  SAME_HOURS = 'SAME_HOURS',
  /** `to` lies before `from`. */
  BOUNDS_REVERSED = 'BOUNDS_REVERSED',
}
