import { daysInclusive, TIME_ZONE, todayIn } from '../common/calendar';
import { Injectable } from '@nestjs/common';
import { Actor, UserRole } from '../auth/actor';
import { requireActor, requireRole } from '../auth/authorize';
import { CompanyService } from '../companies/company.service';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { halfDaysToNumbers, WORKING_WEEK } from '../common/half-day';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { Employee } from '../employees/employee.entity';
import { PoolService } from '../pools/pool.service';
import { AvailabilityWindow } from './availability-window.entity';
import { AvailabilityStatus } from './availability.enums';
import { AvailabilityErrorReason } from './availability.errors';
import { AvailabilityWindowsArgs, PublishAvailabilityInput } from './availability.inputs';

/** Longest window one `publishAvailability` may offer. */
export const MAX_WINDOW_WEEKS = 52;

/** Most hours one half-day holds: hours per week may not exceed this times the half-days given. */
export const MAX_HOURS_PER_HALF_DAY = 4.5;

/**
 * Availability windows: idle capacity an employer offers in a pool. HR manages its own
 * company's windows; coordinators and admins see windows without the employee (no personal
 * data); an employee sees its own.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly companies: CompanyService,
    private readonly pools: PoolService,
  ) {}

  /**
   * Restricts a window alias to what `actor` may see: ADMIN all, a coordinator the windows in
   * its pools, HR its own company's, an employee its own.
   */
  static visibleWindowClause(
    actor: Actor,
    alias: string,
  ): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case UserRole.ADMIN:
        return { sql: 'TRUE', params: {} };
      case UserRole.POOL_COORDINATOR:
        return {
          sql: `${alias}.pool_id = ANY(CAST(:windowVisPoolIds AS uuid[]))`,
          params: { windowVisPoolIds: [...actor.poolIds] },
        };
      case UserRole.COMPANY_HR:
        return {
          sql: `${alias}.company_id = :windowVisCompanyId`,
          params: { windowVisCompanyId: actor.companyId },
        };
      case UserRole.EMPLOYEE:
        return actor.employeeId
          ? {
              sql: `${alias}.employee_id = :windowVisEmployeeId`,
              params: { windowVisEmployeeId: actor.employeeId },
            }
          : { sql: 'FALSE', params: {} };
    }
  }

  /** The windows the actor may see, by first day then id. */
  async list(
    ctx: RequestContext,
    args: AvailabilityWindowsArgs,
  ): Promise<ConnectionPage<AvailabilityWindow>> {
    const actor = requireActor(ctx);
    const { sql, params } = AvailabilityService.visibleWindowClause(actor, 'w');
    const qb = ctx.manager
      .getRepository(AvailabilityWindow)
      .createQueryBuilder('w')
      .where(sql, params);
    if (args.poolId) qb.andWhere('w.pool_id = :poolId', { poolId: args.poolId });
    if (args.companyId) qb.andWhere('w.company_id = :companyId', { companyId: args.companyId });
    if (args.employeeId)
      qb.andWhere('w.employee_id = :employeeId', { employeeId: args.employeeId });
    if (args.status) qb.andWhere('w.status = :status', { status: args.status });
    if (args.overlapsFrom || args.overlapsTo) {
      if (args.overlapsFrom && args.overlapsTo && args.overlapsFrom > args.overlapsTo) {
        throw BadUserInputError.field(
          'overlapsTo',
          'must not lie before overlapsFrom',
          AvailabilityErrorReason.OVERLAP_BOUNDS_REVERSED,
        );
      }
      // A missing bound is open-ended. For ACTIVE windows of one pool the partial GiST index
      // availability_window_pool_id_period_idx (pool_id, period) serves this.
      qb.andWhere(
        `w.period && daterange(CAST(:overlapsFrom AS date), CAST(:overlapsTo AS date), '[]')`,
        {
          overlapsFrom: args.overlapsFrom ?? null,
          overlapsTo: args.overlapsTo ?? null,
        },
      );
    }
    return paginate(qb, args, {
      sortExpression: 'lower(w.period)',
      idExpression: 'w.id',
      sortKey: (w) => w.period.start,
      id: (w) => w.id,
    });
  }

  /**
   * HR offers an employee's idle capacity in a pool. The exclusion constraint
   * `availability_window_employee_pool_period_half_days_excl` guarantees that the employee's
   * active windows in the pool never share a half-day in overlapping periods; its violation is
   * mapped centrally to a CONFLICT with a clear message. There is no pre-check: the insert is a
   * single statement, and a pre-check would only add a query and a second reason for the same
   * outcome.
   */
  async publish(ctx: RequestContext, input: PublishAvailabilityInput): Promise<AvailabilityWindow> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const halfDays = halfDaysToNumbers(input.halfDays ?? WORKING_WEEK);
    this.checkPeriod(input.startDate, input.endDate);
    if (input.hoursPerWeek > halfDays.length * MAX_HOURS_PER_HALF_DAY) {
      throw BadUserInputError.field(
        'hoursPerWeek',
        `${halfDays.length} half-days a week hold at most ${halfDays.length * MAX_HOURS_PER_HALF_DAY} hours`,
        AvailabilityErrorReason.TOO_MANY_HOURS,
      );
    }
    // Another company's employee is NOT_FOUND, so its existence is not revealed.
    const employee = await ctx.manager
      .getRepository(Employee)
      .findOneBy({ id: input.employeeId, companyId: actor.companyId as string });
    if (!employee) throw new NotFoundError('Employee', input.employeeId);
    if (!(await this.pools.byId(ctx).load(input.poolId))) {
      throw new NotFoundError('Pool', input.poolId);
    }
    await this.companies.requireActiveMember(ctx, employee.companyId, input.poolId);
    if (!employee.lendable) {
      throw BadUserInputError.field(
        'employeeId',
        'the employee is not offered for lending: make the employee lendable first',
        AvailabilityErrorReason.NOT_LENDABLE,
      );
    }
    const repo = ctx.manager.getRepository(AvailabilityWindow);
    return repo.save(
      repo.create({
        employeeId: employee.id,
        companyId: employee.companyId,
        poolId: input.poolId,
        period: { start: input.startDate, end: input.endDate },
        halfDays,
        hoursPerWeek: input.hoursPerWeek,
        status: AvailabilityStatus.ACTIVE,
        withdrawnAt: null,
      }),
    );
  }

  /**
   * HR withdraws one of its company's windows; it stays for history but no longer blocks a new
   * window on the same half-days. The status condition in the UPDATE makes a second (or a
   * concurrent) withdrawal a CONFLICT.
   */
  async withdraw(ctx: RequestContext, id: string): Promise<AvailabilityWindow> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const repo = ctx.manager.getRepository(AvailabilityWindow);
    const window = await repo.findOneBy({ id, companyId: actor.companyId as string });
    if (!window) throw new NotFoundError('Availability window', id);
    const result = await ctx.manager
      .createQueryBuilder()
      .update(AvailabilityWindow)
      .set({ status: AvailabilityStatus.WITHDRAWN, withdrawnAt: () => 'now()' })
      .where('id = :id AND status = :active', { id, active: AvailabilityStatus.ACTIVE })
      .execute();
    if (result.affected !== 1) {
      throw new ConflictError(
        `Availability window ${id} is already withdrawn`,
        AvailabilityErrorReason.ALREADY_WITHDRAWN,
      );
    }
    return repo.findOneByOrFail({ id });
  }

  /** End on or after start, start not before today, at most {@link MAX_WINDOW_WEEKS} weeks. */
  private checkPeriod(start: string, end: string): void {
    if (end < start) {
      throw BadUserInputError.field(
        'endDate',
        'must not lie before startDate',
        AvailabilityErrorReason.END_BEFORE_START,
      );
    }
    if (start < todayIn(TIME_ZONE)) {
      throw BadUserInputError.field(
        'startDate',
        'must not lie in the past',
        AvailabilityErrorReason.START_IN_PAST,
      );
    }
    if (daysInclusive(start, end) > MAX_WINDOW_WEEKS * 7) {
      throw BadUserInputError.field(
        'endDate',
        `a window covers at most ${MAX_WINDOW_WEEKS} weeks`,
        AvailabilityErrorReason.TOO_LONG,
      );
    }
  }
}
