import { EventsService } from '../events/events.service';
import { DemandAction, demandEvent, loanEvent } from '../events/domain-event';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { SelectQueryBuilder } from 'typeorm';
import { Actor, UserRole } from '../auth/actor';
import { requireActor, requireRole } from '../auth/authorize';
import { AuditEntityType } from '../audit/audit.enums';
import { AuditService } from '../audit/audit.service';
import { startOfDayIn, TIME_ZONE, todayIn } from '../common/calendar';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { loadVisible, rowLoader, visibleByIdLoader } from '../common/loaders';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { addDays } from '../database/transformers';
import { TransactionRunner } from '../database/transaction';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandStatus } from '../demand/demand.enums';
import { PoolTerms } from '../pools/pool.entity';
import { LendingErrorReason } from './lending.errors';
import { LoanStatus } from './lending.enums';
import { demandState, loanState } from './loan.audit';
import { Loan } from './loan.entity';
import { EndLoanArgs, LoansArgs } from './loan.inputs';

/** Loan states from which a loan is recalled or cancelled. */
export const ENDABLE_LOAN_STATUSES: readonly LoanStatus[] = [LoanStatus.PLANNED, LoanStatus.ACTIVE];

/**
 * Loan states that fill a position of the demand. A RECALLED loan gives its position back (the
 * borrower needs someone else from the effective date), a CANCELLED one too.
 */
export const FILLING_LOAN_STATUSES: readonly LoanStatus[] = [
  LoanStatus.PLANNED,
  LoanStatus.ACTIVE,
  LoanStatus.COMPLETED,
];

/** Demand states that follow the loans; CANCELLED and EXPIRED demand stays as it is. */
const FILL_FOLLOWING: readonly DemandStatus[] = [
  DemandStatus.OPEN,
  DemandStatus.PARTIALLY_FILLED,
  DemandStatus.FILLED,
];

const DEMAND_ACTIONS: Record<string, string> = {
  [DemandStatus.OPEN]: 'demand.reopened',
  [DemandStatus.PARTIALLY_FILLED]: 'demand.partially_filled',
  [DemandStatus.FILLED]: 'demand.filled',
};

/** What `book` needs: all of it read and checked by the caller in the same transaction. */
export interface BookLoan {
  proposalId: string;
  demand: DemandRequest;
  employeeId: string;
  lenderCompanyId: string;
  terms: PoolTerms;
  hourlyRateCents: number;
}

function staleVersion(id: string): ConflictError {
  return new ConflictError(
    `Loan ${id} was changed by someone else meanwhile; reload it and try again`,
    LendingErrorReason.STALE_VERSION,
  );
}

/**
 * Loans: booking one from a confirmed proposal, recall by the lender, cancellation by the
 * borrower, and reading them. The lender's HR, the borrower's HR and the employee see their
 * loans; coordinators their pools' loans (without the employee); ADMIN all. Anyone else gets
 * NOT_FOUND. Every change locks the demand first (the one lock order of lending), writes its
 * audit event in the same transaction, and lets the demand's status follow its loans.
 */
@Injectable()
export class LoanService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /** Restricts a loan alias to what `actor` may see. */
  static visibleLoanClause(
    actor: Actor,
    alias: string,
  ): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case UserRole.ADMIN:
        return { sql: 'TRUE', params: {} };
      case UserRole.POOL_COORDINATOR:
        return {
          sql: `${alias}.pool_id = ANY(CAST(:loanVisPools AS uuid[]))`,
          params: { loanVisPools: [...actor.poolIds] },
        };
      case UserRole.COMPANY_HR:
        // loan_lender_company_id_idx, loan_borrower_company_id_idx
        return {
          sql: `(${alias}.lender_company_id = :loanVisCompany OR ${alias}.borrower_company_id = :loanVisCompany)`,
          params: { loanVisCompany: actor.companyId },
        };
      case UserRole.EMPLOYEE:
        return {
          sql: `${alias}.employee_id = :loanVisEmployee`,
          params: { loanVisEmployee: actor.employeeId },
        };
    }
  }

  private visibleQuery(ctx: RequestContext, actor: Actor): SelectQueryBuilder<Loan> {
    const { sql, params } = LoanService.visibleLoanClause(actor, 'l');
    return ctx.manager.getRepository(Loan).createQueryBuilder('l').where(sql, params);
  }

  /** The loans the actor may see, by start date. */
  async list(ctx: RequestContext, args: LoansArgs): Promise<ConnectionPage<Loan>> {
    const actor = requireActor(ctx);
    const qb = this.visibleQuery(ctx, actor);
    if (args.status?.length) {
      qb.andWhere('l.status = ANY(CAST(:statuses AS loan_status[]))', { statuses: args.status });
    }
    if (args.demandId) qb.andWhere('l.demand_id = :demandId', { demandId: args.demandId });
    if (args.poolId) qb.andWhere('l.pool_id = :poolId', { poolId: args.poolId });
    if (args.companyId) {
      qb.andWhere('(l.lender_company_id = :companyId OR l.borrower_company_id = :companyId)', {
        companyId: args.companyId,
      });
    }
    return paginate(qb, args, {
      sortExpression: 'lower(l.period)',
      idExpression: 'l.id',
      sortKey: (l) => l.period.start,
      id: (l) => l.id,
    });
  }

  async get(ctx: RequestContext, id: string): Promise<Loan> {
    requireActor(ctx);
    return loadVisible(this.visibleById(ctx), 'Loan', id);
  }

  /** Loans by id, each only if the actor may see it (null otherwise). */
  visibleById(ctx: RequestContext): DataLoader<string, Loan | null> {
    const actor = requireActor(ctx);
    return visibleByIdLoader(
      ctx,
      'lending.loanVisibleById',
      () => this.visibleQuery(ctx, actor),
      'l.id',
    );
  }

  /** Loans by the proposal they were confirmed from, each only if the actor may see it. */
  visibleByProposal(ctx: RequestContext): DataLoader<string, Loan | null> {
    const actor = requireActor(ctx);
    return rowLoader(
      ctx,
      'lending.loanVisibleByProposal',
      (ids) =>
        this.visibleQuery(ctx, actor)
          .andWhere('l.proposal_id = ANY(CAST(:ids AS uuid[]))', { ids: [...ids] })
          .getMany(),
      (l) => l.proposalId as string,
    );
  }

  /**
   * Whether the actor may know who is lent: the lender's HR, the borrower's HR (a loan exists
   * only once confirmed) and the employee; never coordinators or admins.
   */
  static mayIdentify(actor: Actor, loan: Loan): boolean {
    if (actor.role === UserRole.EMPLOYEE) return actor.employeeId === loan.employeeId;
    return (
      actor.role === UserRole.COMPANY_HR &&
      (actor.companyId === loan.lenderCompanyId || actor.companyId === loan.borrowerCompanyId)
    );
  }

  /** Locks a demand for the rest of the transaction: loans of one demand change one at a time. */
  async lockDemand(tx: RequestContext, demandId: string): Promise<DemandRequest> {
    const demand = await tx.manager
      .getRepository(DemandRequest)
      .findOne({ where: { id: demandId }, lock: { mode: 'pessimistic_write' } });
    if (!demand) throw new NotFoundError('Demand request', demandId);
    return demand;
  }

  /**
   * Inserts the loan for a confirmed proposal, in the caller's transaction, with the demand
   * already locked. The exclusion constraint `loan_employee_period_half_days_excl` is the
   * guarantee against double booking: a concurrent loan on a shared half-day fails here with
   * CONFLICT and the whole transaction rolls back.
   */
  async book(tx: RequestContext, input: BookLoan): Promise<{ loan: Loan; demand: DemandRequest }> {
    const repo = tx.manager.getRepository(Loan);
    const loan = await repo.save(
      repo.create({
        proposalId: input.proposalId,
        demandId: input.demand.id,
        employeeId: input.employeeId,
        poolId: input.demand.poolId,
        lenderCompanyId: input.lenderCompanyId,
        borrowerCompanyId: input.demand.companyId,
        termsId: input.terms.id,
        period: input.demand.period,
        halfDays: input.demand.halfDays,
        hoursPerWeek: input.demand.hoursPerWeek,
        hourlyRateCents: input.hourlyRateCents,
        status: LoanStatus.PLANNED,
        endReason: null,
        endedAt: null,
        recallEffectiveDate: null,
        lateCancellationChargeHours: null,
        version: 1,
      }),
    );
    const created = await repo.findOneByOrFail({ id: loan.id });
    await this.audit.record(tx, {
      action: 'loan.created',
      entityType: AuditEntityType.LOAN,
      entityId: created.id,
      poolId: created.poolId,
      companyIds: [created.lenderCompanyId, created.borrowerCompanyId],
      before: null,
      after: loanState(created),
    });
    this.events.afterCommit(tx, loanEvent(created, 'CREATED'));
    const demand = await this.syncDemandFill(tx, input.demand.id);
    return { loan: created, demand };
  }

  /**
   * The lender's HR recalls its employee with the notice of the loan's terms version: the
   * employee is back on today + `recallNoticeDays` (the effective date). A running or soon
   * starting loan becomes RECALLED and its period ends the day before the effective date, so
   * the half-days after it are free again. A loan that would only start on or after the
   * effective date never starts: it is CANCELLED, with the effective date recorded to tell it
   * from the borrower's cancellation, and no late-cancellation charge.
   */
  async recall(ctx: RequestContext, args: EndLoanArgs): Promise<Loan> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    return this.tx.run(ctx, async (tx) => {
      const loan = await this.lockedForChange(tx, actor, args);
      if (loan.lenderCompanyId !== actor.companyId) {
        throw new ForbiddenError(
          "Only the lender's own HR may recall its employee",
          LendingErrorReason.NOT_LENDER,
        );
      }
      requireEndable(loan);
      const terms = await tx.manager.getRepository(PoolTerms).findOneByOrFail({ id: loan.termsId });
      const effective = addDays(todayIn(TIME_ZONE), terms.recallNoticeDays);
      if (loan.period.end < effective) {
        throw new ConflictError(
          `The loan ends on ${loan.period.end}, before a recall with ${terms.recallNoticeDays} days' notice would take effect (${effective})`,
          LendingErrorReason.ENDS_BEFORE_RECALL,
        );
      }
      const neverStarts = effective <= loan.period.start;
      return this.change(tx, loan, 'loan.recalled', {
        status: neverStarts ? LoanStatus.CANCELLED : LoanStatus.RECALLED,
        period: neverStarts
          ? loan.period
          : { start: loan.period.start, end: addDays(effective, -1) },
        recallEffectiveDate: effective,
        endReason: args.reason,
        endedAt: new Date(),
      });
    });
  }

  /**
   * The borrower's HR cancels. Cancelling within the terms' `lateCancellationHours` of the start
   * (or after the start) records the terms' `lateCancellationChargeHours` on the loan, for
   * settlement to bill. A loan that has started ends today (its last day), so the days worked
   * stay on record; one that has not keeps its period.
   */
  async cancel(ctx: RequestContext, args: EndLoanArgs): Promise<Loan> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    return this.tx.run(ctx, async (tx) => {
      const loan = await this.lockedForChange(tx, actor, args);
      if (loan.borrowerCompanyId !== actor.companyId) {
        throw new ForbiddenError(
          "Only the borrower's own HR may cancel the loan",
          LendingErrorReason.NOT_BORROWER,
        );
      }
      requireEndable(loan);
      const today = todayIn(TIME_ZONE);
      if (loan.period.end < today) {
        throw new ConflictError(
          `The loan ended on ${loan.period.end}; there is nothing left to cancel`,
          LendingErrorReason.LOAN_ENDED,
        );
      }
      const terms = await tx.manager.getRepository(PoolTerms).findOneByOrFail({ id: loan.termsId });
      const now = new Date();
      const startsAt = startOfDayIn(loan.period.start, TIME_ZONE).getTime();
      const late = now.getTime() >= startsAt - terms.lateCancellationHours * 3_600_000;
      const started = loan.period.start <= today;
      return this.change(tx, loan, 'loan.cancelled', {
        status: LoanStatus.CANCELLED,
        period: started ? { start: loan.period.start, end: today } : loan.period,
        endReason: args.reason,
        endedAt: now,
        lateCancellationChargeHours: late ? terms.lateCancellationChargeHours : null,
      });
    });
  }

  /**
   * Lets the demand's status follow its loans: FILLED when the filling loans reach the headcount,
   * PARTIALLY_FILLED with some, OPEN with none. CANCELLED and EXPIRED demand is left alone. The
   * demand is locked, and the update checks the version it read.
   */
  async syncDemandFill(tx: RequestContext, demandId: string): Promise<DemandRequest> {
    const demand = await this.lockDemand(tx, demandId);
    if (!FILL_FOLLOWING.includes(demand.status)) return demand;
    // Every lender's loans fill the demand, also those the acting lender may not read.
    const [{ filled }] = (await this.tx.runAsSystem(tx, 'demand fill: all loans', (sys) =>
      sys.manager.query(
        `SELECT count(*)::int AS filled FROM loan
         WHERE demand_id = $1 AND status = ANY($2::loan_status[])`,
        [demandId, FILLING_LOAN_STATUSES],
      ),
    )) as { filled: number }[];
    const target =
      filled >= demand.headcount
        ? DemandStatus.FILLED
        : filled > 0
          ? DemandStatus.PARTIALLY_FILLED
          : DemandStatus.OPEN;
    if (target === demand.status) return demand;
    const result = await tx.manager
      .createQueryBuilder()
      .update(DemandRequest)
      .set({ status: target, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :status', {
        id: demand.id,
        version: demand.version,
        status: demand.status,
      })
      .execute();
    if (result.affected !== 1) {
      throw new ConflictError(
        `Demand request ${demand.id} was changed by someone else meanwhile; try again`,
        LendingErrorReason.STALE_VERSION,
      );
    }
    const after = { ...demand, status: target, version: demand.version + 1 };
    await this.audit.record(tx, {
      action: DEMAND_ACTIONS[target],
      entityType: AuditEntityType.DEMAND_REQUEST,
      entityId: demand.id,
      poolId: demand.poolId,
      companyIds: [demand.companyId],
      before: demandState(demand),
      after: demandState(after),
    });
    this.events.afterCommit(tx, demandEvent(after, DemandAction.STATUS_CHANGED));
    return after;
  }

  /**
   * The loan as it is once its demand is locked, if the actor may see it (NOT_FOUND otherwise),
   * at the version the client expects (CONFLICT otherwise).
   */
  private async lockedForChange(
    tx: RequestContext,
    actor: Actor,
    args: EndLoanArgs,
  ): Promise<Loan> {
    const seen = await this.visibleQuery(tx, actor)
      .andWhere('l.id = :id', { id: args.id })
      .getOne();
    if (!seen) throw new NotFoundError('Loan', args.id);
    await this.lockDemand(tx, seen.demandId);
    const loan = await tx.manager.getRepository(Loan).findOneByOrFail({ id: args.id });
    if (args.expectedVersion != null && args.expectedVersion !== loan.version) {
      throw staleVersion(loan.id);
    }
    return loan;
  }

  /**
   * Writes a change with optimistic locking that really checks (the UPDATE matches only the
   * version and status that were read), records it, and lets the demand follow.
   */
  private async change(
    tx: RequestContext,
    loan: Loan,
    action: string,
    changes: Partial<
      Pick<
        Loan,
        | 'status'
        | 'period'
        | 'endReason'
        | 'endedAt'
        | 'recallEffectiveDate'
        | 'lateCancellationChargeHours'
      >
    >,
  ): Promise<Loan> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(Loan)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :status', {
        id: loan.id,
        version: loan.version,
        status: loan.status,
      })
      .execute();
    if (result.affected !== 1) throw staleVersion(loan.id);
    const updated = await tx.manager.getRepository(Loan).findOneByOrFail({ id: loan.id });
    await this.audit.record(tx, {
      action,
      entityType: AuditEntityType.LOAN,
      entityId: loan.id,
      poolId: loan.poolId,
      companyIds: [loan.lenderCompanyId, loan.borrowerCompanyId],
      before: loanState(loan),
      after: loanState(updated),
    });
    this.events.afterCommit(tx, loanEvent(updated, action));
    await this.syncDemandFill(tx, loan.demandId);
    return updated;
  }
}

function requireEndable(loan: Loan): void {
  if (!ENDABLE_LOAN_STATUSES.includes(loan.status)) {
    throw new ConflictError(
      `A ${loan.status} loan cannot be recalled or cancelled; only ${ENDABLE_LOAN_STATUSES.join(' or ')} loans can`,
      LendingErrorReason.ILLEGAL_STATUS,
    );
  }
}
