import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { RequestContext } from '../common/request-context';
import { SYSTEM_DB_ROLE, SYSTEM_ROLE } from './app-role';
import {
  CURRENT_SCOPE_SQL,
  DatabaseScope,
  SET_ROLE_SQL,
  SET_SCOPE_SQL,
  scopeParams,
} from './scope';

/**
 * The transaction-local settings that carry the actor's scope (read by the database policies),
 * and `role` (`clp_system` inside `runAsSystem`), for code that copies the scope to another
 * connection of the same unit of work (`current_setting(name)` there, `set_config(name, v, true)`
 * here).
 */
export const SCOPE_SETTINGS = [
  'app.user_id',
  'app.role',
  'app.company_id',
  'app.employee_id',
  'app.pool_ids',
  'role',
];

/**
 * Runs a unit of work in one transaction: everything it writes (rows, audit events) commits or
 * rolls back together. Nested calls join the open transaction. The actor's scope is set as
 * transaction-local settings, which the row-level security policies read (see the migration
 * `RowLevelSecurity`); a context without an actor sees no company-scoped row.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private systemDbRole?: Promise<string>;

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(
    ctx: RequestContext,
    work: (tx: RequestContext) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    if (ctx.inTransaction) return work(ctx);
    return this.transaction(ctx, ctx.actor, work, isolation);
  }

  /**
   * The trusted scope: runs `work` with the database policies seeing every company's rows, for
   * server code that legitimately reads across companies (anonymised candidate search, event
   * audiences, background jobs). The transaction switches to the BYPASSRLS role `clp_system` when
   * it exists (so queries are planned as without row-level security) and sets `app.role` to
   * `SYSTEM`. `ctx` keeps its actor, so authorisation and audit still name who asked. Inside an
   * open transaction the scope is raised for `work` and restored after it; do not run the
   * caller's own queries concurrently with `work`. `reason` says why (logged at debug level);
   * every use is greppable as `runAsSystem(`.
   */
  async runAsSystem<T>(
    ctx: RequestContext,
    reason: string,
    work: (tx: RequestContext) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    this.logger.debug(`System scope: ${reason}`);
    if (!ctx.inTransaction) return this.transaction(ctx, SYSTEM_ROLE, work, isolation);
    // Restore exactly the scope in force before (which may already be the system's).
    const [saved] = (await ctx.manager.query(CURRENT_SCOPE_SQL)) as {
      setting: string[];
      role: string;
    }[];
    await this.setScope(ctx.manager, SYSTEM_ROLE);
    const restore = async () => {
      await ctx.manager.query(SET_ROLE_SQL, [saved.role]);
      await ctx.manager.query(SET_SCOPE_SQL, saved.setting);
    };
    let result: T;
    try {
      result = await work(ctx);
    } catch (error) {
      // An aborted transaction refuses the restore; it is rolled back anyway.
      await restore().catch(() => undefined);
      throw error;
    }
    await restore();
    return result;
  }

  private transaction<T>(
    ctx: RequestContext,
    scope: DatabaseScope,
    work: (tx: RequestContext) => Promise<T>,
    isolation: IsolationLevel,
  ): Promise<T> {
    return this.dataSource.transaction(isolation, async (manager) => {
      await this.setScope(manager, scope);
      return work(ctx.withManager(manager));
    });
  }

  private async setScope(manager: EntityManager, scope: DatabaseScope): Promise<void> {
    await manager.query(SET_SCOPE_SQL, scopeParams(scope));
    if (scope === SYSTEM_ROLE) {
      const role = await this.systemRole(manager);
      if (role !== 'none') await manager.query(SET_ROLE_SQL, [role]);
    }
  }

  /** `clp_system` when this connection's role may switch to it; `none` otherwise (checked once). */
  private systemRole(manager: EntityManager): Promise<string> {
    this.systemDbRole ??= (
      manager.query(
        `SELECT EXISTS (SELECT 1 FROM pg_roles
                        WHERE rolname = $1 AND pg_has_role(current_user, oid, 'MEMBER')) AS usable`,
        [SYSTEM_DB_ROLE],
      ) as Promise<{ usable: boolean }[]>
    ).then(
      ([{ usable }]) => (usable ? SYSTEM_DB_ROLE : 'none'),
      (error: unknown) => {
        this.systemDbRole = undefined;
        throw error;
      },
    );
    return this.systemDbRole;
  }
}
