/** Reasons (`extensions.reason`) specific to the audit trail. */
export enum AuditErrorReason {
  /** Only coordinators, HR managers and admins read the audit trail. */
  NOT_AN_AUDIT_READER = 'NOT_AN_AUDIT_READER',
}
