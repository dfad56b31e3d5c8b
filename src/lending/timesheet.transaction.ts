import { QueryFailedError } from 'typeorm';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';

/** Attempts of a SERIALIZABLE unit of work before the serialization failure reaches the client. */
export const SERIALIZABLE_ATTEMPTS = 5;

/** True for a PostgreSQL serialization failure (40001) or deadlock (40P01): safe to retry. */
export function isSerializationFailure(error: unknown): boolean {
  const code = (error as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code;
  return error instanceof QueryFailedError && (code === '40001' || code === '40P01');
}

/**
 * Runs `work` in a SERIALIZABLE transaction and retries it on serialization failure, up to
 * {@link SERIALIZABLE_ATTEMPTS} times with a short randomised pause. Rules that span rows (hours
 * per day and week over all of an employee's loans, closing a month against late approvals) hold
 * because PostgreSQL aborts one of two transactions that would together break them; the retry
 * then sees the other's rows and answers with the rule's own error. Inside an open transaction
 * (whose isolation the caller chose) `work` runs once, as part of it.
 */
export async function runSerializable<T>(
  tx: TransactionRunner,
  ctx: RequestContext,
  work: (tx: RequestContext) => Promise<T>,
): Promise<T> {
  if (ctx.inTransaction) return work(ctx);
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx.run(ctx, work, 'SERIALIZABLE');
    } catch (error) {
      if (attempt >= SERIALIZABLE_ATTEMPTS || !isSerializationFailure(error)) throw error;
      const pauseMs = 5 * 2 ** attempt * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
