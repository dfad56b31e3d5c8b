/** Reasons (`extensions.reason`) specific to idempotency keys. */
export enum IdempotencyErrorReason {
  /** The key was used earlier (within the retention) for another operation or another payload. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}
