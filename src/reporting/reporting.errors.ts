/** Reasons (`extensions.reason`) of reporting errors. */
export enum ReportingErrorReason {
  /** `to` lies before `from`. */
  PERIOD_REVERSED = 'PERIOD_REVERSED',
  /** The period spans more than a report allows. */
  PERIOD_TOO_LONG = 'PERIOD_TOO_LONG',
  /** An HR manager asked about a pool their company is not a member of. */
  NOT_A_MEMBER = 'NOT_A_MEMBER',
  /** No such export table or chart. */
  UNKNOWN_EXPORT = 'UNKNOWN_EXPORT',
}
