/** Reasons (`extensions.reason`) specific to authentication and users. */
export enum AuthErrorReason {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  SCOPE_MISMATCH = 'SCOPE_MISMATCH',
}
