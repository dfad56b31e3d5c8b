import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { RequestContext } from '../common/request-context';
import { SYSTEM_ROLE } from './app-role';
import { CURRENT_SCOPE_SQL, DatabaseScope, SET_SCOPE_SQL, scopeParams } from './scope';

/**
 * Runs a unit of work in one transaction: everything it writes (rows, audit events) commits or
 * rolls back together. Nested calls join the open transaction. The actor's scope is set as
 * transaction-local settings, which the row-level security policies read (see the migration
 * `RowLevelSecurity`); a context without an actor sees no company-scoped row.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

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
   * audiences, background jobs). `ctx` keeps its actor, so authorisation and audit still name
   * who asked. Inside an open transaction the scope is raised for `work` and restored after it;
   * do not run the caller's own queries concurrently with `work`. `reason` says why (logged at
   * debug level); every use is greppable as `runAsSystem(`.
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
    const [saved] = (await ctx.manager.query(CURRENT_SCOPE_SQL)) as { setting: string[] }[];
    await ctx.manager.query(SET_SCOPE_SQL, scopeParams(SYSTEM_ROLE));
    const restore = () => ctx.manager.query(SET_SCOPE_SQL, saved.setting);
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
      await manager.query(SET_SCOPE_SQL, scopeParams(scope));
      return work(ctx.withManager(manager));
    });
  }
}
