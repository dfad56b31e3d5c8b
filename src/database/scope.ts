import { DatabaseError, type Pool, type PoolClient } from 'pg';
import {
  DataSource,
  EntityManager,
  QueryRunner,
  TransactionNotStartedError,
  TypeORMError,
} from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { Actor } from '../auth/actor';
import { SYSTEM_ROLE } from './app-role';
import { preparedName } from './prepared';

/** Who the database policies see: an actor, the trusted system scope, or nobody. */
export type DatabaseScope = Actor | typeof SYSTEM_ROLE | null;

/**
 * Sets the scope the row-level security policies read, for the current transaction only
 * (`set_config(..., true)`): role, user, company, employee and a coordinator's pools. Without an
 * actor every setting is empty, which the policies read as NULL: no protected row is visible.
 */
export const SET_SCOPE_SQL = `SELECT set_config('app.role', $1, true), set_config('app.user_id', $2, true),
  set_config('app.company_id', $3, true), set_config('app.employee_id', $4, true),
  set_config('app.pool_ids', $5, true)`;

/**
 * The scope in force, as the parameters of {@link SET_SCOPE_SQL} (column `setting`), and the
 * role set with `SET LOCAL ROLE` (`none` when none is), for {@link SET_ROLE_SQL}.
 */
export const CURRENT_SCOPE_SQL = `SELECT ARRAY[
  COALESCE(current_setting('app.role', true), ''), COALESCE(current_setting('app.user_id', true), ''),
  COALESCE(current_setting('app.company_id', true), ''), COALESCE(current_setting('app.employee_id', true), ''),
  COALESCE(current_setting('app.pool_ids', true), '')] AS setting, current_setting('role') AS role`;

/** `SET LOCAL ROLE $1` (`none` returns to the login role). */
export const SET_ROLE_SQL = `SELECT set_config('role', $1, true)`;

/** The parameters of {@link SET_SCOPE_SQL} for `scope`. */
export function scopeParams(scope: DatabaseScope): string[] {
  if (scope === SYSTEM_ROLE) return [SYSTEM_ROLE, '', '', '', ''];
  if (!scope) return ['', '', '', '', ''];
  return [
    scope.role,
    scope.userId,
    scope.companyId ?? '',
    scope.employeeId ?? '',
    scope.poolIds.join(','),
  ];
}

/**
 * {@link SET_SCOPE_SQL} for the session (`set_config(..., false)`): the scope a pooled connection
 * keeps between statements, set only by {@link checkoutScoped} (see there).
 */
export const SET_SESSION_SCOPE_SQL = `SELECT set_config('app.role', $1, false), set_config('app.user_id', $2, false),
  set_config('app.company_id', $3, false), set_config('app.employee_id', $4, false),
  set_config('app.pool_ids', $5, false)`;

type Release = (err?: unknown) => void;
type RawConnect = () => Promise<PoolClient>;

/** A session scope a connection holds: its {@link scopeKey} and the user it belongs to ('' none). */
interface HeldScope {
  key: string;
  userId: string;
}

/** The session scope each pooled connection holds; absent means unknown. */
const sessionScopes = new WeakMap<PoolClient, HeldScope>();
/** The pool's own `connect`, kept by {@link guardScope} before it replaces it. */
const rawConnects = new WeakMap<Pool, RawConnect>();

const scopeKey = (params: readonly string[]): string => params.join('\u0000');

/**
 * Takes a connection from the data source's pool with `scope` as its session scope. A connection
 * keeps the session scope it was last given (remembered per connection), so a statement pays
 * the extra round trip only when the connection last served another scope (or one we do not
 * know: a new connection). The settings are set outside any transaction, so no rollback can undo
 * them behind our back; a connection that comes back inside a transaction (a leak elsewhere) is
 * refused and discarded. Unscoped checkouts (`scope` null) reset a scoped connection to the empty
 * scope, which the policies read as NULL. Only this function sets the session scope: nothing
 * else may call `set_config(..., false)` on these settings, or the memo would lie.
 */
export function checkoutScoped(
  dataSource: DataSource,
  scope: DatabaseScope,
): Promise<[PoolClient, Release]> {
  return checkout(guardScope(dataSource), scope);
}

async function checkout(
  pool: Pool,
  scope: DatabaseScope,
  keep?: (held: HeldScope) => boolean,
): Promise<[PoolClient, Release]> {
  const client = await (rawConnects.get(pool) as RawConnect)();
  // A checked-out connection whose server goes away between statements (pg_terminate_backend, a
  // restart) emits 'error'; pg's pool only listens while a connection is idle, and an 'error'
  // nobody listens to ends the process. Listen for as long as it is out, and hand a broken one
  // back as broken so that the pool discards it.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
    sessionScopes.delete(client);
  };
  client.on('error', onError);
  const release: Release = (err) => {
    client.removeListener('error', onError);
    client.release((err ?? broken) as Error | boolean | undefined);
  };
  const params = scopeParams(scope);
  const key = scopeKey(params);
  try {
    if (client.getTransactionStatus() !== 'I') {
      throw new Error('A pooled connection was handed out inside a transaction');
    }
    const held = sessionScopes.get(client);
    if (!held || (held.key !== key && !keep?.(held))) {
      sessionScopes.delete(client);
      await client.query(SET_SESSION_SCOPE_SQL, params);
      sessionScopes.set(client, { key, userId: params[1] });
    }
  } catch (error) {
    // Never hand out a connection whose scope is in doubt: discard it.
    sessionScopes.delete(client);
    release(error instanceof Error ? error : true);
    throw error;
  }
  return [client, release];
}

/**
 * Makes every checkout of the data source's `pg` pool go through the scope setter: the pool's
 * own `connect` (which TypeORM, `pool.query` and anything else holding the pool call) hands out
 * connections reset to the empty scope, so a connection never carries an actor's session scope
 * into an unscoped use; {@link checkoutScoped} hands out connections with an actor's. Idempotent;
 * {@link ScopedQueryRunner} installs it too, before its first checkout. Returns the pool.
 */
export function guardScope(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as PostgresDriver).master as Pool | undefined;
  if (!pool) throw new TypeORMError('Driver not Connected');
  if (rawConnects.has(pool)) return pool;
  const raw = pool.connect.bind(pool) as RawConnect;
  rawConnects.set(pool, raw);
  // pg's `connect` takes a callback (as TypeORM calls it) or returns a promise.
  const guarded = (
    callback?: (err: Error | undefined, client?: PoolClient, done?: Release) => void,
  ): Promise<PoolClient> | undefined => {
    const checkedOut = checkout(pool, null);
    if (!callback) return checkedOut.then(([client]) => client);
    checkedOut.then(
      ([client, release]) => callback(undefined, client, release),
      (error: Error) => callback(error, undefined, () => undefined),
    );
    return undefined;
  };
  (pool as { connect: unknown }).connect = guarded;
  return pool;
}

/** A query runner whose connection comes from {@link checkoutScoped} with `scope`. */
class ScopedConnectionRunner extends PostgresQueryRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: DatabaseScope,
  ) {
    super(dataSource.driver as PostgresDriver, 'master');
  }

  // TypeORM's own `connect` with another source of connections; the signature is TypeORM's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override connect(): Promise<any> {
    if (this.databaseConnection) return Promise.resolve(this.databaseConnection);
    this.databaseConnectionPromise ??= checkoutScoped(this.dataSource, this.scope).then(
      ([connection, release]) => {
        this.driver.connectedQueryRunners.push(this);
        this.databaseConnection = connection;
        // As TypeORM does: a connection that fails while checked out goes back as broken.
        const onError = (err: unknown) => {
          if (this.isReleased) return;
          this.isReleased = true;
          this.releaseCallback?.(err);
          this.releaseCallback = undefined;
          const index = this.driver.connectedQueryRunners.indexOf(this);
          if (index !== -1) this.driver.connectedQueryRunners.splice(index, 1);
        };
        this.releaseCallback = (err: unknown) => {
          connection.removeListener('error', onError);
          release(err);
        };
        connection.on('error', onError);
        return connection;
      },
    );
    return this.databaseConnectionPromise;
  }
}

/**
 * A query runner for work outside `TransactionRunner` (queries, field resolvers, DataLoaders, a
 * repository's single `save`): each statement runs on a pooled connection whose session scope is
 * the actor's ({@link checkoutScoped}), so row-level security applies to every statement and a
 * statement costs one round trip when the connection already holds that scope. A transaction
 * that TypeORM opens itself (`save` of an entity with relations) keeps one such connection until
 * it commits or rolls back.
 */
export class ScopedQueryRunner extends PostgresQueryRunner {
  private open: QueryRunner | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: DatabaseScope,
  ) {
    super(dataSource.driver as PostgresDriver, 'master');
    if (dataSource.isInitialized) guardScope(dataSource);
  }

  // The signature is TypeORM's (`Promise<any>`); results pass through untouched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(sql: string, parameters?: unknown[], structured = false): Promise<any> {
    if (this.open) return run(this.open, sql, parameters, structured);
    const runner = new ScopedConnectionRunner(this.dataSource, this.scope);
    try {
      return await run(runner, sql, parameters, structured);
    } finally {
      await runner.release();
    }
  }

  override async startTransaction(isolation?: IsolationLevel): Promise<void> {
    if (this.open) return this.open.startTransaction(isolation);
    const runner = new ScopedConnectionRunner(this.dataSource, this.scope);
    try {
      await runner.startTransaction(isolation);
    } catch (error) {
      await runner.release();
      throw error;
    }
    this.open = runner;
    this.isTransactionActive = true;
  }

  /**
   * Runs one statement straight on a scoped connection and returns its rows, without TypeORM's
   * query wrapper: for the hot read paths that map rows themselves.
   */
  async rows<R>(sql: string, parameters: readonly unknown[]): Promise<R[]> {
    if (this.open) return (await this.open.query(sql, [...parameters])) as R[];
    return scopedRows<R>(this.dataSource, this.scope, sql, parameters);
  }

  override async commitTransaction(): Promise<void> {
    await this.finish((runner) => runner.commitTransaction());
  }

  override async rollbackTransaction(): Promise<void> {
    await this.finish((runner) => runner.rollbackTransaction());
  }

  private async finish(end: (runner: QueryRunner) => Promise<void>): Promise<void> {
    const runner = this.open;
    if (!runner) throw new TransactionNotStartedError();
    try {
      await end(runner);
    } finally {
      if (!runner.isTransactionActive) {
        this.open = null;
        this.isTransactionActive = false;
        await runner.release();
      }
    }
  }
}

function run(
  runner: QueryRunner,
  sql: string,
  parameters: unknown[] | undefined,
  structured: boolean,
): Promise<unknown> {
  return structured ? runner.query(sql, parameters, true) : runner.query(sql, parameters);
}

/**
 * One statement on a connection checked out with `scope` ({@link checkoutScoped}), its rows as
 * `pg` parses them: no TypeORM query wrapper, no entities.
 */
export async function scopedRows<R>(
  dataSource: DataSource,
  scope: DatabaseScope,
  sql: string,
  parameters: readonly unknown[],
): Promise<R[]> {
  return rowsOn(await checkoutScoped(dataSource, scope), sql, parameters);
}

async function rowsOn<R>(
  [client, release]: [PoolClient, Release],
  sql: string,
  parameters: readonly unknown[],
): Promise<R[]> {
  try {
    const { rows } = await client.query({
      name: preparedName(sql),
      text: sql,
      values: [...parameters],
    });
    release();
    return rows as R[];
  } catch (error) {
    // An error PostgreSQL reported leaves the connection usable (no transaction is open);
    // anything else (a broken connection) discards it.
    release(error instanceof DatabaseError ? undefined : error);
    throw error;
  }
}

/**
 * One statement that reads only tables without row-level security (`sql` must not touch a
 * protected one), run for the user of a verified token before its scope is known (the
 * coordinator's pools, read while authenticating). A connection that holds a session scope of
 * that same user keeps it (the result does not depend on it, and no other actor's scope is
 * involved), which spares the round trips of resetting it now and setting it again for the
 * user's next statement; a connection with another user's scope is reset to the empty scope.
 */
export async function ownUnprotectedRows<R>(
  dataSource: DataSource,
  userId: string,
  sql: string,
  parameters: readonly unknown[],
): Promise<R[]> {
  const pool = guardScope(dataSource);
  return rowsOn(await checkout(pool, null, (held) => held.userId === userId), sql, parameters);
}

/**
 * The rows of one statement through `manager`: straight on a scoped connection for a request's
 * {@link scopedManager}, through the open transaction otherwise. For reads that map plain rows.
 */
export function queryRows<R>(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<R[]> {
  const runner = manager.queryRunner;
  if (runner instanceof ScopedQueryRunner) return runner.rows<R>(sql, parameters);
  return manager.query(sql, [...parameters]) as Promise<R[]>;
}

/** An entity manager whose every statement runs with `scope` set (see {@link ScopedQueryRunner}). */
export function scopedManager(dataSource: DataSource, scope: DatabaseScope): EntityManager {
  return dataSource.createEntityManager(new ScopedQueryRunner(dataSource, scope));
}
