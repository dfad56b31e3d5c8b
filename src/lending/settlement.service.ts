import { AuditEntityType } from '../audit/audit.enums';
import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { Actor, UserRole } from '../auth/actor';
import { requireActor, requireCoordinatorOf } from '../auth/authorize';
import { TIME_ZONE, todayIn } from '../common/calendar';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { IdempotencyService, IdempotentCall } from '../idempotency/idempotency.service';
import { Pool } from '../pools/pool.entity';
import { Settlement, SettlementMonth } from './settlement.entity';
import { SettlementErrorReason } from './settlement.errors';
import { CloseSettlementMonthArgs, SettlementsArgs } from './settlement.inputs';
import { PENDING_ENTRIES_SQL, SETTLE_MONTH_SQL, TOTAL_MONTH_SQL } from './settlement.sql';
import { runSerializable } from './timesheet.transaction';

/** First day of a `YYYY-MM` month and of the month after it. */
export function monthBounds(month: string): { first: string; next: string } {
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { first: `${month}-01`, next: `${next}-01` };
}

/**
 * Monthly settlement per pool. The pool's coordinators (and ADMIN) close a month once it is over;
 * that writes one settlement per loan with something to bill and closes the month for good:
 * closing again returns the same month and settlements, and hours dated in a closed month can no
 * longer be submitted, corrected, approved or disputed (CONFLICT MONTH_CLOSED) — a closed month is
 * what the firms invoice, so it never changes afterwards. Entries still waiting for a side block
 * the close unless the coordinator forces it, which leaves them out (and says how many).
 *
 * Settlements are visible to the lender's and the borrower's HR (their own), coordinators (their
 * pools'), ADMIN (all); employees see none.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Restricts settlement alias `s` to what `actor` may see. */
  static visibleSettlementClause(actor: Actor): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case UserRole.ADMIN:
        return { sql: 'TRUE', params: {} };
      case UserRole.POOL_COORDINATOR:
        return {
          sql: 's.pool_id = ANY(CAST(:stPoolIds AS uuid[]))',
          params: { stPoolIds: [...actor.poolIds] },
        };
      case UserRole.COMPANY_HR:
        return {
          sql: '(s.lender_company_id = :stCompanyId OR s.borrower_company_id = :stCompanyId)',
          params: { stCompanyId: actor.companyId },
        };
      case UserRole.EMPLOYEE:
        return { sql: 'FALSE', params: {} };
    }
  }

  /** The settlements the actor may see, by month then id. */
  async list(
    ctx: RequestContext,
    args: SettlementsArgs & { settlementMonthId?: string },
  ): Promise<ConnectionPage<Settlement>> {
    const actor = requireActor(ctx);
    const { sql, params } = SettlementService.visibleSettlementClause(actor);
    const qb = ctx.manager.getRepository(Settlement).createQueryBuilder('s').where(sql, params);
    if (args.month) qb.andWhere('s.month = CAST(:month AS date)', { month: `${args.month}-01` });
    if (args.loanId) qb.andWhere('s.loan_id = :loanId', { loanId: args.loanId });
    if (args.poolId) qb.andWhere('s.pool_id = :poolId', { poolId: args.poolId });
    if (args.settlementMonthId) {
      qb.andWhere('s.settlement_month_id = :monthId', { monthId: args.settlementMonthId });
    }
    if (args.companyId) {
      qb.andWhere('(s.lender_company_id = :companyId OR s.borrower_company_id = :companyId)', {
        companyId: args.companyId,
      });
    }
    return paginate(qb, args, {
      sortExpression: 's.month',
      idExpression: 's.id',
      sortKey: (s) => s.month,
      id: (s) => s.id,
    });
  }

  /** Closes a pool's month (its coordinators, ADMIN); idempotent. */
  async closeMonth(
    ctx: RequestContext,
    args: CloseSettlementMonthArgs,
    idempotencyKey?: string,
  ): Promise<SettlementMonth> {
    const actor = requireCoordinatorOf(ctx, args.poolId);
    const call: IdempotentCall<SettlementMonth> = {
      key: idempotencyKey,
      operation: 'closeSettlementMonth',
      payload: args,
      resultId: (month) => month.id,
      replay: (tx, id) => tx.manager.getRepository(SettlementMonth).findOneByOrFail({ id }),
    };
    const earlier = await this.idempotency.previous(ctx, call);
    if (earlier) return earlier.result;
    if (!(await ctx.manager.getRepository(Pool).existsBy({ id: args.poolId }))) {
      throw new NotFoundError('Pool', args.poolId);
    }
    const { first, next } = monthBounds(args.month);
    if (todayIn(TIME_ZONE) < next) {
      throw BadUserInputError.field(
        'month',
        `${args.month} is not over yet; close it from ${next} on`,
        SettlementErrorReason.MONTH_NOT_OVER,
      );
    }
    // SERIALIZABLE: an approval into this month racing the close either lands before it (and
    // is billed) or fails after it (MONTH_CLOSED); never approved and left unbilled.
    return runSerializable(this.tx, ctx, (tx) =>
      this.idempotency.once(tx, call, async () => {
        const repo = tx.manager.getRepository(SettlementMonth);
        const closed = await repo.findOneBy({ poolId: args.poolId, month: first });
        if (closed) return closed;
        const [{ pending }]: { pending: number }[] = await tx.manager.query(PENDING_ENTRIES_SQL, [
          args.poolId,
          first,
          next,
        ]);
        if (pending > 0 && !args.force) {
          throw new ConflictError(
            `${pending} timesheet entries of ${args.month} still wait for approval or an answer to a dispute; settle them first, or close with force to leave them out`,
            SettlementErrorReason.PENDING_ENTRIES,
          );
        }
        const month = await repo.save(
          repo.create({
            poolId: args.poolId,
            month: first,
            closedByUserId: actor.userId,
            leftOutEntries: pending,
          }),
        );
        await tx.manager.query(SETTLE_MONTH_SQL, [month.id, args.poolId, first, next]);
        await tx.manager.query(TOTAL_MONTH_SQL, [month.id]);
        const closedMonth = await repo.findOneByOrFail({ id: month.id });
        await this.audit.record(tx, {
          action: 'settlement_month.closed',
          entityType: AuditEntityType.SETTLEMENT_MONTH,
          entityId: closedMonth.id,
          poolId: args.poolId,
          companyIds: [],
          before: null,
          after: { month: args.month, leftOutEntries: pending, force: Boolean(args.force) },
        });
        return closedMonth;
      }),
    );
  }
}
