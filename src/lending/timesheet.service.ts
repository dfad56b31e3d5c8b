import { AuditEntityType } from '../audit/audit.enums';
import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, UserRole } from '../auth/actor';
import { requireActor, requireRole } from '../auth/authorize';
import { TIME_ZONE, todayIn } from '../common/calendar';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { IdempotencyService, IdempotentCall } from '../idempotency/idempotency.service';
import { addDays } from '../database/transformers';
import { LoanStatus } from './lending.enums';
import { Loan } from './loan.entity';
import { TimesheetEntry } from './timesheet.entity';
import { TimesheetStatus } from './timesheet.enums';
import { TimesheetErrorReason } from './timesheet.errors';
import {
  DecideHoursArgs,
  DisputeHoursArgs,
  MAX_HOURS_PER_DAY,
  SubmitHoursInput,
  TimesheetEntriesArgs,
} from './timesheet.inputs';
import { runSerializable } from './timesheet.transaction';

/** Working Hours Act (Arbeidstijdenwet): most hours one employee works in an ISO week. */
export const MAX_HOURS_PER_WEEK = 60;

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Monday and Sunday of the ISO week of `date`. */
export function isoWeek(date: string): { monday: string; sunday: string } {
  const monday = addDays(date, 1 - isoWeekday(date));
  return { monday, sunday: addDays(monday, 6) };
}

/** Hours as whole hundredths, so sums compare exactly (input has at most two decimals). */
export function toHundredths(hours: number): number {
  return Math.round(hours * 100);
}

function formatHours(hundredths: number): string {
  return String(hundredths / 100);
}

interface WeekSums {
  dayHundredths: number;
  weekHundredths: number;
  loanWeekHundredths: number;
}

/** An entry with the loan it belongs to. */
interface EntryOnLoan {
  entry: TimesheetEntry;
  loan: Loan;
}

/**
 * Hours worked on loans. The borrower's HR registers them; the lender's HR approves them or
 * disputes them with a counter-proposal, which the borrower accepts or answers with a correction
 * (submitting the same loan and date again). Every write runs SERIALIZABLE with retries: the
 * Working Hours Act (12 h a day, 60 h an ISO week over all of an employee's loans, at whichever
 * firms) spans rows, and so does the rule that nothing changes in a month already settled.
 *
 * Visible to: the lender's and the borrower's HR, the employee (own), coordinators of the loan's
 * pool (without the comments), ADMIN.
 */
@Injectable()
export class TimesheetService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Restricts entry alias `t` to what `actor` may see (loan_pkey serves the EXISTS). */
  static visibleEntryClause(actor: Actor): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case UserRole.ADMIN:
        return { sql: 'TRUE', params: {} };
      case UserRole.POOL_COORDINATOR:
        return {
          sql: `EXISTS (SELECT 1 FROM loan l WHERE l.id = t.loan_id
                          AND l.pool_id = ANY(CAST(:tsPoolIds AS uuid[])))`,
          params: { tsPoolIds: [...actor.poolIds] },
        };
      case UserRole.COMPANY_HR:
        return {
          sql: `EXISTS (SELECT 1 FROM loan l WHERE l.id = t.loan_id
                          AND (l.lender_company_id = :tsCompanyId OR l.borrower_company_id = :tsCompanyId))`,
          params: { tsCompanyId: actor.companyId },
        };
      case UserRole.EMPLOYEE:
        return { sql: 't.employee_id = :tsEmployeeId', params: { tsEmployeeId: actor.employeeId } };
    }
  }

  /** Whether `actor` may read the comments of entries it sees (everyone but coordinators). */
  static maySeeComments(actor: Actor): boolean {
    return actor.role !== UserRole.POOL_COORDINATOR;
  }

  /** The entries the actor may see, by date then id. */
  async list(
    ctx: RequestContext,
    args: TimesheetEntriesArgs,
  ): Promise<ConnectionPage<TimesheetEntry>> {
    const actor = requireActor(ctx);
    if (args.from && args.to && args.from > args.to) {
      throw BadUserInputError.field(
        'to',
        'must not lie before from',
        TimesheetErrorReason.BOUNDS_REVERSED,
      );
    }
    const { sql, params } = TimesheetService.visibleEntryClause(actor);
    const qb = ctx.manager.getRepository(TimesheetEntry).createQueryBuilder('t').where(sql, params);
    if (args.loanId) qb.andWhere('t.loan_id = :loanId', { loanId: args.loanId });
    if (args.from) qb.andWhere('t.work_date >= CAST(:from AS date)', { from: args.from });
    if (args.to) qb.andWhere('t.work_date <= CAST(:to AS date)', { to: args.to });
    if (args.status?.length) {
      qb.andWhere('t.status = ANY(CAST(:statuses AS timesheet_status[]))', {
        statuses: args.status,
      });
    }
    return paginate(qb, args, {
      sortExpression: 't.work_date',
      idExpression: 't.id',
      sortKey: (t) => t.workDate,
      id: (t) => t.id,
    });
  }

  /**
   * The borrower's HR registers hours, or corrects an entry still SUBMITTED or DISPUTED (which
   * makes it SUBMITTED again and drops the counter-proposal).
   */
  async submit(
    ctx: RequestContext,
    input: SubmitHoursInput,
    idempotencyKey?: string,
  ): Promise<TimesheetEntry> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const call: IdempotentCall<TimesheetEntry> = {
      key: idempotencyKey,
      operation: 'submitHours',
      payload: input,
      resultId: (entry) => entry.id,
      replay: (tx, id) => tx.manager.getRepository(TimesheetEntry).findOneByOrFail({ id }),
    };
    const earlier = await this.idempotency.previous(ctx, call);
    if (earlier) return earlier.result;
    const hundredths = toHundredths(input.hours);
    return runSerializable(this.tx, ctx, (tx) =>
      this.idempotency.once(tx, call, async () => {
        const loan = await this.loanOf(tx, actor, input.loanId);
        this.requireBorrower(actor, loan);
        this.checkDay(loan, input.date);
        await this.requireOpenMonth(tx, loan.poolId, input.date);
        const repo = tx.manager.getRepository(TimesheetEntry);
        const existing = await repo.findOneBy({ loanId: loan.id, workDate: input.date });
        // Decided hours are final; open ones are corrected in place.
        if (existing) {
          this.requireStatus(existing, TimesheetStatus.SUBMITTED, TimesheetStatus.DISPUTED);
        }
        await this.checkLimits(tx, loan, input.date, hundredths, existing?.id ?? null);
        if (existing) {
          return this.change(tx, loan, existing, 'timesheet.corrected', {
            hours: input.hours,
            note: input.note ?? null,
            status: TimesheetStatus.SUBMITTED,
            counterHours: null,
            disputeNote: null,
            submittedByUserId: actor.userId,
            submittedAt: () => 'now()',
            decidedByUserId: null,
            decidedAt: null,
          });
        }
        const created = await repo.save(
          repo.create({
            loanId: loan.id,
            employeeId: loan.employeeId,
            workDate: input.date,
            hours: input.hours,
            status: TimesheetStatus.SUBMITTED,
            counterHours: null,
            note: input.note ?? null,
            disputeNote: null,
            submittedByUserId: actor.userId,
            submittedAt: new Date(),
            decidedByUserId: null,
            decidedAt: null,
            version: 1,
          }),
        );
        await this.record(tx, loan, 'timesheet.submitted', null, created);
        return created;
      }),
    );
  }

  /**
   * The lender's HR approves the hours as submitted (also after disputing them, which withdraws
   * the dispute).
   */
  async approve(ctx: RequestContext, args: DecideHoursArgs): Promise<TimesheetEntry> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    return runSerializable(this.tx, ctx, async (tx) => {
      const { entry, loan } = await this.entryOf(tx, actor, args.id);
      this.requireLender(actor, loan);
      this.requireVersion(entry, args.version);
      this.requireStatus(entry, TimesheetStatus.SUBMITTED, TimesheetStatus.DISPUTED);
      await this.requireOpenMonth(tx, loan.poolId, entry.workDate);
      return this.change(tx, loan, entry, 'timesheet.approved', {
        status: TimesheetStatus.APPROVED,
        decidedByUserId: actor.userId,
        decidedAt: () => 'now()',
      });
    });
  }

  /** The lender's HR disputes submitted hours with the hours it holds were worked. */
  async dispute(ctx: RequestContext, args: DisputeHoursArgs): Promise<TimesheetEntry> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const counter = toHundredths(args.counterHours);
    return runSerializable(this.tx, ctx, async (tx) => {
      const { entry, loan } = await this.entryOf(tx, actor, args.id);
      this.requireLender(actor, loan);
      this.requireVersion(entry, args.version);
      this.requireStatus(entry, TimesheetStatus.SUBMITTED);
      if (counter === toHundredths(entry.hours)) {
        throw BadUserInputError.field(
          'counterHours',
          'equals the submitted hours; approve them instead',
          TimesheetErrorReason.SAME_HOURS,
        );
      }
      await this.requireOpenMonth(tx, loan.poolId, entry.workDate);
      // A counter-proposal above the claim must itself respect the limits, or accepting it could not.
      await this.checkLimits(tx, loan, entry.workDate, counter, entry.id);
      return this.change(tx, loan, entry, 'timesheet.disputed', {
        status: TimesheetStatus.DISPUTED,
        counterHours: args.counterHours,
        disputeNote: args.note,
        decidedByUserId: actor.userId,
        decidedAt: () => 'now()',
      });
    });
  }

  /** The borrower's HR accepts the lender's counter-proposal: the counter hours are billed. */
  async acceptCounterProposal(ctx: RequestContext, args: DecideHoursArgs): Promise<TimesheetEntry> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    return runSerializable(this.tx, ctx, async (tx) => {
      const { entry, loan } = await this.entryOf(tx, actor, args.id);
      this.requireBorrower(actor, loan);
      this.requireVersion(entry, args.version);
      this.requireStatus(entry, TimesheetStatus.DISPUTED);
      await this.requireOpenMonth(tx, loan.poolId, entry.workDate);
      const counter = entry.counterHours as number;
      await this.checkLimits(tx, loan, entry.workDate, toHundredths(counter), entry.id);
      return this.change(tx, loan, entry, 'timesheet.counter_accepted', {
        hours: counter,
        status: TimesheetStatus.COUNTER_ACCEPTED,
        decidedByUserId: actor.userId,
        decidedAt: () => 'now()',
      });
    });
  }

  /** The loan, if the actor (HR) is one of its parties; NOT_FOUND otherwise (not revealed). */
  private async loanOf(tx: RequestContext, actor: Actor, loanId: string): Promise<Loan> {
    const loan = await tx.manager.getRepository(Loan).findOneBy({ id: loanId });
    if (
      !loan ||
      (actor.companyId !== loan.lenderCompanyId && actor.companyId !== loan.borrowerCompanyId)
    ) {
      throw new NotFoundError('Loan', loanId);
    }
    return loan;
  }

  private async entryOf(tx: RequestContext, actor: Actor, id: string): Promise<EntryOnLoan> {
    const entry = await tx.manager.getRepository(TimesheetEntry).findOneBy({ id });
    const loan = entry && (await tx.manager.getRepository(Loan).findOneBy({ id: entry.loanId }));
    if (
      !entry ||
      !loan ||
      (actor.companyId !== loan.lenderCompanyId && actor.companyId !== loan.borrowerCompanyId)
    ) {
      throw new NotFoundError('Timesheet entry', id);
    }
    return { entry, loan };
  }

  private requireBorrower(actor: Actor, loan: Loan): void {
    if (actor.companyId !== loan.borrowerCompanyId) {
      throw new ForbiddenError(
        "Only the borrower's HR registers hours and answers disputes",
        TimesheetErrorReason.NOT_BORROWER,
      );
    }
  }

  private requireLender(actor: Actor, loan: Loan): void {
    if (actor.companyId !== loan.lenderCompanyId) {
      throw new ForbiddenError(
        "Only the lender's HR approves or disputes hours",
        TimesheetErrorReason.NOT_LENDER,
      );
    }
  }

  private requireVersion(entry: TimesheetEntry, version: number | undefined): void {
    if (version !== undefined && version !== entry.version) throw this.stale(entry.id);
  }

  private requireStatus(entry: TimesheetEntry, ...allowed: TimesheetStatus[]): void {
    if (!allowed.includes(entry.status)) {
      throw new ConflictError(
        `The entry is ${entry.status}; this needs ${allowed.join(' or ')}`,
        TimesheetErrorReason.ILLEGAL_STATUS,
      );
    }
  }

  private stale(id: string): ConflictError {
    return new ConflictError(
      `Timesheet entry ${id} was changed meanwhile; reload it and decide again`,
      TimesheetErrorReason.STALE_VERSION,
    );
  }

  /** The date lies in the loan's period, on one of its weekdays, and has begun. */
  private checkDay(loan: Loan, date: string): void {
    // A loan cancelled after its start keeps the days worked up to the cancellation.
    const cancelledOn =
      loan.status === LoanStatus.CANCELLED && loan.endedAt
        ? todayIn(TIME_ZONE, loan.endedAt)
        : null;
    if (loan.status === LoanStatus.CANCELLED && (!cancelledOn || date > cancelledOn)) {
      throw new ConflictError(
        `The loan was cancelled${cancelledOn ? ` on ${cancelledOn}` : ''}; no hours after that`,
        TimesheetErrorReason.LOAN_CANCELLED,
      );
    }
    if (date < loan.period.start || date > loan.period.end) {
      throw BadUserInputError.field(
        'date',
        `lies outside the loan's period ${loan.period.start} to ${loan.period.end}`,
        TimesheetErrorReason.OUTSIDE_PERIOD,
      );
    }
    // Half-day h lies on weekday floor(h / 2): 0 and 1 are Monday, 12 and 13 Sunday.
    const weekday = isoWeekday(date);
    if (!loan.halfDays.some((h) => Math.floor(h / 2) + 1 === weekday)) {
      throw BadUserInputError.field(
        'date',
        'falls on a weekday on which the loan has no half-day',
        TimesheetErrorReason.NOT_A_LOAN_DAY,
      );
    }
    if (date > todayIn(TIME_ZONE)) {
      throw BadUserInputError.field(
        'date',
        'lies in the future; register hours once they are worked',
        TimesheetErrorReason.FUTURE_DATE,
      );
    }
  }

  private async requireOpenMonth(tx: RequestContext, poolId: string, date: string): Promise<void> {
    // settlement_month_pool_id_month_key serves this (and, SERIALIZABLE, guards it against a close).
    const rows: unknown[] = await tx.manager.query(
      `SELECT 1 FROM settlement_month
       WHERE pool_id = $1 AND month = date_trunc('month', $2::date)::date`,
      [poolId, date],
    );
    if (rows.length > 0) {
      throw new ConflictError(
        `The pool has closed the settlement month of ${date}; its hours can no longer change`,
        TimesheetErrorReason.MONTH_CLOSED,
      );
    }
  }

  /**
   * With `hundredths` on `date` in place of entry `replacing` (if any): the loan's hours per
   * week, and the Working Hours Act over all of the employee's loans. Messages give no figures
   * of other loans, which belong to other firms.
   */
  private async checkLimits(
    tx: RequestContext,
    loan: Loan,
    date: string,
    hundredths: number,
    replacing: string | null,
  ): Promise<void> {
    const { monday, sunday } = isoWeek(date);
    // timesheet_entry_employee_id_work_date_idx serves this. The Act counts the employee's hours
    // at every borrower, which this borrower may not read: only the sums leave the system scope.
    const [sums]: WeekSums[] = await this.tx.runAsSystem(tx, 'Working Hours Act sums', (sys) =>
      sys.manager.query(
        `SELECT COALESCE(round(sum(t.hours) FILTER (WHERE t.work_date = $2::date) * 100), 0)::int AS "dayHundredths",
              COALESCE(round(sum(t.hours) * 100), 0)::int AS "weekHundredths",
              COALESCE(round(sum(t.hours) FILTER (WHERE t.loan_id = $3) * 100), 0)::int AS "loanWeekHundredths"
       FROM timesheet_entry t
       WHERE t.employee_id = $1 AND t.work_date BETWEEN $4::date AND $5::date
         AND t.id IS DISTINCT FROM $6::uuid`,
        [loan.employeeId, date, loan.id, monday, sunday, replacing],
      ),
    );
    if (sums.dayHundredths + hundredths > MAX_HOURS_PER_DAY * 100) {
      throw new ConflictError(
        `This would take the employee over ${MAX_HOURS_PER_DAY} hours on ${date} over all loans (Working Hours Act)`,
        TimesheetErrorReason.WORKING_HOURS_DAY,
      );
    }
    if (sums.weekHundredths + hundredths > MAX_HOURS_PER_WEEK * 100) {
      throw new ConflictError(
        `This would take the employee over ${MAX_HOURS_PER_WEEK} hours in the week of ${monday} over all loans (Working Hours Act)`,
        TimesheetErrorReason.WORKING_HOURS_WEEK,
      );
    }
    const allowed = toHundredths(loan.hoursPerWeek);
    if (sums.loanWeekHundredths + hundredths > allowed) {
      throw new ConflictError(
        `The loan allows ${formatHours(allowed)} hours a week; ${formatHours(sums.loanWeekHundredths)} are registered in the week of ${monday}`,
        TimesheetErrorReason.LOAN_WEEK_HOURS,
      );
    }
  }

  /** Optimistic update that really checks: matches only the version read. */
  private async change(
    tx: RequestContext,
    loan: Loan,
    entry: TimesheetEntry,
    action: string,
    set: QueryDeepPartialEntity<TimesheetEntry>,
  ): Promise<TimesheetEntry> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(TimesheetEntry)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: entry.id, version: entry.version })
      .execute();
    if (result.affected !== 1) throw this.stale(entry.id);
    const updated = await tx.manager
      .getRepository(TimesheetEntry)
      .findOneByOrFail({ id: entry.id });
    await this.record(tx, loan, action, entry, updated);
    return updated;
  }

  /** The audit event of a timesheet change, in the same transaction (state fields only). */
  private record(
    tx: RequestContext,
    loan: Loan,
    action: string,
    before: TimesheetEntry | null,
    after: TimesheetEntry,
  ): Promise<void> {
    const state = (e: TimesheetEntry) => ({
      status: e.status,
      version: e.version,
      loanId: e.loanId,
      workDate: e.workDate,
      hours: e.hours,
      counterHours: e.counterHours,
    });
    return this.audit.record(tx, {
      action,
      entityType: AuditEntityType.TIMESHEET_ENTRY,
      entityId: after.id,
      poolId: loan.poolId,
      companyIds: [loan.lenderCompanyId, loan.borrowerCompanyId],
      before: before && state(before),
      after: state(after),
    });
  }
}
