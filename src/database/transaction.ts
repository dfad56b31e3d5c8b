import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { RequestContext } from '../common/request-context';

/** The transaction-local settings that carry the actor's scope (read by database policies). */
export const SCOPE_SETTINGS = ['app.user_id', 'app.role', 'app.company_id', 'app.employee_id'];

/**
 * Runs a unit of work in one transaction: everything it writes (rows, audit events) commits or
 * rolls back together. Nested calls join the open transaction. The actor's scope is set as
 * transaction-local settings so that database policies can see who is acting.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(
    ctx: RequestContext,
    work: (tx: RequestContext) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    if (ctx.inTransaction) return work(ctx);
    return this.dataSource.transaction(isolation, async (manager) => {
      const actor = ctx.actor;
      await manager.query(
        `SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true),
                set_config('app.company_id', $3, true), set_config('app.employee_id', $4, true)`,
        [
          actor?.userId ?? '',
          actor?.role ?? 'SYSTEM',
          actor?.companyId ?? '',
          actor?.employeeId ?? '',
        ],
      );
      return work(ctx.withManager(manager));
    });
  }
}
