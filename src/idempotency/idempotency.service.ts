import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { requireActor } from '../auth/authorize';
import { ConflictError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { IdempotencyErrorReason } from './idempotency.errors';

/** One call of a mutation that users retry, as {@link IdempotencyService.once} remembers it. */
export interface IdempotentCall<T> {
  /** The client's key; without one the work simply runs. */
  key: string | null | undefined;
  /** The mutation, e.g. `postDemand`; a key belongs to one operation. */
  operation: string;
  /** The arguments that decide the outcome (the key excluded); hashed, never stored. */
  payload: unknown;
  /** The id of the record the result is, remembered for replays; null remembers nothing. */
  resultId(result: T): string | null;
  /** Reads the first call's result again, in the replay's transaction. */
  replay(tx: RequestContext, resultId: string): Promise<T>;
}

interface StoredKey {
  operation: string;
  requestHash: string;
  resultId: string | null;
}

/**
 * Idempotency keys for the mutations users retry (a double click, a timeout, a flaky network).
 * The key is claimed by an INSERT in the mutation's own transaction, so the claim and the work
 * commit or roll back together: a concurrent call with the same key waits on the unique index
 * `idempotency_key_user_id_key_key` until the first commits, then replays its result; if the
 * first fails, the key is free again. Keys expire after `IDEMPOTENCY_KEY_TTL_HOURS`; a user's
 * expired keys are deleted whenever that user claims a new one.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly config: AppConfig) {}

  /**
   * The earlier result of this call, if its key was used before (and its work committed), read
   * before the mutation's own checks so that a late retry is not judged anew; CONFLICT when the
   * key was used for another call. `once` decides races; this only answers retries early.
   */
  async previous<T>(ctx: RequestContext, call: IdempotentCall<T>): Promise<{ result: T } | null> {
    if (call.key == null) return null;
    const stored = await this.stored(ctx, requireActor(ctx).userId, call.key);
    if (!stored || !stored.resultId) return null;
    this.requireSameCall(call, stored);
    return { result: await call.replay(ctx, stored.resultId) };
  }

  /**
   * Runs `work` once per (user, key): call it first thing inside the mutation's transaction `tx`.
   * A replay with the same operation and payload returns the first result; another operation or
   * payload under the key is CONFLICT (IDEMPOTENCY_KEY_REUSED).
   */
  async once<T>(tx: RequestContext, call: IdempotentCall<T>, work: () => Promise<T>): Promise<T> {
    if (call.key == null) return work();
    if (!tx.inTransaction) throw new Error('IdempotencyService.once runs inside a transaction');
    const userId = requireActor(tx).userId;
    const requestHash = hashOf(call.operation, call.payload);
    const m = tx.manager;
    for (let attempt = 0; attempt < 3; attempt++) {
      await m.query(
        `DELETE FROM idempotency_key
         WHERE user_id = $1 AND created_at < now() - make_interval(hours => $2)`,
        [userId, this.config.IDEMPOTENCY_KEY_TTL_HOURS],
      );
      // Waits here while another transaction holds the same (user, key).
      const claimed = (await m.query(
        `INSERT INTO idempotency_key (user_id, key, operation, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT idempotency_key_user_id_key_key DO NOTHING RETURNING id`,
        [userId, call.key, call.operation, requestHash],
      )) as { id: string }[];
      if (claimed.length > 0) {
        const result = await work();
        const resultId = call.resultId(result);
        await m.query(
          resultId
            ? `UPDATE idempotency_key SET result_id = $3 WHERE user_id = $1 AND key = $2`
            : `DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2`,
          resultId ? [userId, call.key, resultId] : [userId, call.key],
        );
        return result;
      }
      const stored = await this.stored(tx, userId, call.key);
      if (!stored) continue; // it expired and was deleted in between: claim again
      this.requireSameCall(call, stored);
      if (stored.resultId) return call.replay(tx, stored.resultId);
    }
    throw new ConflictError(
      `Idempotency key "${call.key}" is in use by a request that has not finished`,
      IdempotencyErrorReason.IDEMPOTENCY_KEY_REUSED,
    );
  }

  private async stored(
    ctx: RequestContext,
    userId: string,
    key: string,
  ): Promise<StoredKey | null> {
    const [stored] = (await ctx.manager.query(
      `SELECT operation, request_hash AS "requestHash", result_id AS "resultId"
       FROM idempotency_key
       WHERE user_id = $1 AND key = $2 AND created_at >= now() - make_interval(hours => $3)`,
      [userId, key, this.config.IDEMPOTENCY_KEY_TTL_HOURS],
    )) as StoredKey[];
    return stored ?? null;
  }

  private requireSameCall<T>(call: IdempotentCall<T>, stored: StoredKey): void {
    if (
      stored.operation === call.operation &&
      stored.requestHash === hashOf(call.operation, call.payload)
    ) {
      return;
    }
    throw new ConflictError(
      `Idempotency key "${call.key}" was already used for another request (${stored.operation} with other arguments)`,
      IdempotencyErrorReason.IDEMPOTENCY_KEY_REUSED,
    );
  }
}

/** SHA-256 of the operation and its payload in a canonical JSON form (object keys sorted). */
export function hashOf(operation: string, payload: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalJson(payload))
    .digest('hex');
}

/** JSON with object keys in sorted order and undefined members left out, so equal data hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
