import { DataSource, EntityManager, QueryRunner, TransactionNotStartedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { Actor } from '../auth/actor';
import { SYSTEM_ROLE } from './app-role';

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

/** Characters a scope value may hold: roles, uuids and the commas between pool ids. */
const SCOPE_VALUE = /^[A-Za-z0-9_,-]*$/;

/**
 * {@link SET_SCOPE_SQL} with the values inlined, for the simple query protocol (which takes no
 * parameters but several statements). Scope values are roles and uuids; anything else is refused
 * rather than escaped.
 */
export function inlineScopeSql(scope: DatabaseScope): string {
  const [role, userId, companyId, employeeId, poolIds] = scopeParams(scope).map((value) => {
    if (!SCOPE_VALUE.test(value)) throw new Error(`Unexpected scope value: ${value}`);
    return `'${value}'`;
  });
  return `SELECT set_config('app.role', ${role}, true), set_config('app.user_id', ${userId}, true),
    set_config('app.company_id', ${companyId}, true), set_config('app.employee_id', ${employeeId}, true),
    set_config('app.pool_ids', ${poolIds}, true)`;
}

/**
 * A query runner for work outside `TransactionRunner` (queries, field resolvers, DataLoaders, a
 * repository's single `save`): each statement runs in a short transaction of its own on a pooled
 * connection, with the actor's scope set first, so row-level security applies to every statement
 * and no setting outlives it. A transaction that TypeORM opens itself (`save` of an entity with
 * relations) gets a connection of its own with the scope set, until it commits or rolls back.
 */
export class ScopedQueryRunner extends PostgresQueryRunner {
  private open: QueryRunner | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: DatabaseScope,
  ) {
    super(dataSource.driver as PostgresDriver, 'master');
  }

  // The signature is TypeORM's (`Promise<any>`); results pass through untouched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(sql: string, parameters?: unknown[], structured = false): Promise<any> {
    if (this.open) return run(this.open, sql, parameters, structured);
    const runner = this.dataSource.createQueryRunner();
    let open = false;
    try {
      // One round trip opens the transaction and sets the scope (simple protocol, literals).
      await runner.query(`BEGIN; ${inlineScopeSql(this.scope)}`);
      open = true;
      const result: unknown = await run(runner, sql, parameters, structured);
      open = false;
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      if (open) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  override async startTransaction(isolation?: IsolationLevel): Promise<void> {
    if (this.open) return this.open.startTransaction(isolation);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction(isolation);
      await runner.query(SET_SCOPE_SQL, scopeParams(this.scope));
    } catch (error) {
      await runner.release();
      throw error;
    }
    this.open = runner;
    this.isTransactionActive = true;
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

/** An entity manager whose every statement runs with `scope` set (see {@link ScopedQueryRunner}). */
export function scopedManager(dataSource: DataSource, scope: DatabaseScope): EntityManager {
  return dataSource.createEntityManager(new ScopedQueryRunner(dataSource, scope));
}
