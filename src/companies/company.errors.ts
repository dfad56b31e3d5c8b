/** Reasons (`extensions.reason`) specific to companies and memberships. */
export enum CompanyErrorReason {
  POOL_REQUIRED = 'POOL_REQUIRED',
  ILLEGAL_MEMBERSHIP_TRANSITION = 'ILLEGAL_MEMBERSHIP_TRANSITION',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  NOT_ACTIVE_MEMBER = 'NOT_ACTIVE_MEMBER',
}
