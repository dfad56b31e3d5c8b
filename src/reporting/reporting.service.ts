import { Injectable } from '@nestjs/common';
import { UserRole } from '../auth/actor';
import { requireCoordinatorOf, requireRole } from '../auth/authorize';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { CompanyKind, MembershipStatus } from '../companies/company.enums';
import { TransactionRunner } from '../database/transaction';
import { LoanStatus } from '../lending/lending.enums';
import { ReportingErrorReason } from './reporting.errors';
import { checkReportPeriod, PoolUsageArgs } from './reporting.inputs';
import {
  CompanyUsageModel,
  PoolUsageReportModel,
  PoolUsageTotalsModel,
  ReportScope,
  UsageFiguresModel,
} from './reporting.model';
import {
  LOANS_BY_STATUS_SQL,
  LoansByStatusRow,
  POOL_USAGE_SQL,
  PoolUsageRow,
  UNMET_DEMAND_BY_SKILL_SQL,
  UnmetDemandRow,
} from './reporting.sql';

/** Where the HTTP exports of a report live (see `ReportingController`). */
export const REPORT_PATH = '/reports/pool-usage';

/** A statement of the report running longer than this is cancelled (a runaway plan, not data). */
const REPORT_STATEMENT_TIMEOUT = '60s';
/**
 * Memory per sort or hash of the report's statements: enough to aggregate a national pool's year
 * of timesheet entries and its windows without spilling to disk (PostgreSQL's default is 4MB).
 */
const REPORT_WORK_MEM = '64MB';

/** The usage figures of one report row, as the GraphQL model names them. */
function figures(row: PoolUsageRow): UsageFiguresModel {
  return {
    hoursLent: row.hours_lent,
    hoursLentToSchools: row.hours_lent_to_schools,
    hoursLentBetweenFirms: row.hours_lent_between_firms,
    hoursBorrowed: row.hours_borrowed,
    balanceHours: row.balance_hours,
    plannedHoursLent: row.planned_hours_lent,
    plannedHoursBorrowed: row.planned_hours_borrowed,
    demandsPosted: row.demands_posted,
    demandsCancelled: row.demands_cancelled,
    positionsRequested: row.positions_requested,
    positionsFilled: row.positions_filled,
    positionsUnfilled: row.positions_unfilled,
    fillRate: row.fill_rate,
    medianHoursToFill: row.median_hours_to_fill,
    capacityHoursOffered: row.capacity_hours_offered,
    capacityUtilisation: row.capacity_utilisation,
    recalls: row.recalls,
    cancellations: row.cancellations,
    lateCancellations: row.late_cancellations,
  };
}

/** The query string that names one report in its export URLs. */
function reportQuery(args: PoolUsageArgs): string {
  return new URLSearchParams({ poolId: args.poolId, from: args.from, to: args.to }).toString();
}

/**
 * Pool usage reporting for branch associations (DESIGN.md, "Reporting for branch associations").
 * Every figure is a SQL aggregate (`reporting.sql.ts`); one method reads the whole report in one
 * REPEATABLE READ transaction, so all sections describe the same moment, and the GraphQL query,
 * the CSV exports and the SVG charts all go through it with the same authorisation.
 */
@Injectable()
export class ReportingService {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * The usage report of a pool for [from, to]. Coordinators of the pool and ADMIN get every
   * member firm by name; the HR manager of a member company (ACTIVE, SUSPENDED or LEFT; not
   * PENDING) gets only their own company's row
   * plus the pool-wide totals and the anonymous sections (skills, loan statuses). Employees and
   * anyone else: FORBIDDEN. BAD_USER_INPUT for a reversed or over-long period, NOT_FOUND for an
   * unknown pool.
   */
  async poolUsage(ctx: RequestContext, args: PoolUsageArgs): Promise<PoolUsageReportModel> {
    const actor = requireRole(ctx, UserRole.ADMIN, UserRole.POOL_COORDINATOR, UserRole.COMPANY_HR);
    const ownCompanyOnly = actor.role === UserRole.COMPANY_HR;
    if (!ownCompanyOnly) requireCoordinatorOf(ctx, args.poolId);
    checkReportPeriod(args.from, args.to);

    // Trusted scope: the pool-wide totals an HR manager sees sum every firm's rows, which the
    // row-level security policies would hide; what each role may see is decided here, in code.
    return this.tx.runAsSystem(
      ctx,
      'poolUsage: pool-wide aggregates',
      async (tx) => {
        const m = tx.manager;
        await m.query(`SET LOCAL statement_timeout = '${REPORT_STATEMENT_TIMEOUT}'`);
        await m.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
        const [pool]: { name: string }[] = await m.query('SELECT name FROM pool WHERE id = $1', [
          args.poolId,
        ]);
        if (ownCompanyOnly) {
          const [member]: unknown[] = await m.query(
            // A firm still PENDING admission has not joined the pool yet.
            `SELECT 1 FROM pool_membership
             WHERE pool_id = $1 AND company_id = $2 AND status <> 'PENDING'`,
            [args.poolId, actor.companyId],
          );
          // Same answer for an unknown pool, so HR cannot probe which pools exist.
          if (!pool || !member) {
            throw new ForbiddenError(
              'Only members of this pool may read its usage',
              ReportingErrorReason.NOT_A_MEMBER,
            );
          }
        } else if (!pool) {
          throw new NotFoundError('Pool', args.poolId);
        }

        const period = [args.poolId, args.from, args.to];
        const ownCompany = ownCompanyOnly ? actor.companyId : null;
        const rows: PoolUsageRow[] = await m.query(POOL_USAGE_SQL, [...period, ownCompany]);
        const unmet: UnmetDemandRow[] = await m.query(UNMET_DEMAND_BY_SKILL_SQL, period);
        const loans: LoansByStatusRow[] = await m.query(LOANS_BY_STATUS_SQL, period);
        const [{ now }]: { now: Date }[] = await m.query('SELECT now() AS now');

        const total = rows.find((r) => r.row_type === 'pool_total');
        if (!total) throw new Error('The pool usage query returned no total row');
        const totals: PoolUsageTotalsModel = {
          ...figures(total),
          activeMembers: total.member_count ?? 0,
        };
        const companies: CompanyUsageModel[] = rows
          .filter((r) => r.row_type === 'company')
          .map((r) => ({
            ...figures(r),
            companyId: r.company_id as string,
            companyName: r.company_name as string,
            companyKind: r.company_kind as CompanyKind,
            membershipStatus: r.membership_status as MembershipStatus,
          }));
        const query = reportQuery(args);
        return {
          poolId: args.poolId,
          poolName: pool.name,
          from: args.from,
          to: args.to,
          generatedAt: now,
          scope: ownCompanyOnly ? ReportScope.OWN_COMPANY : ReportScope.POOL,
          totals,
          companies,
          unmetDemandBySkill: unmet.map((u) => ({
            skillId: u.skill_id,
            skillCode: u.skill_code,
            skillName: u.skill_name,
            demands: u.demands,
            positions: u.positions,
            hours: u.hours,
          })),
          loansByStatus: loans.map((l) => ({ status: l.status as LoanStatus, loans: l.loans })),
          charts: {
            lentBorrowedSvgUrl: `${REPORT_PATH}/lent-borrowed.svg?${query}`,
            unmetDemandSvgUrl: `${REPORT_PATH}/unmet-demand.svg?${query}`,
          },
          downloads: {
            companiesCsvUrl: `${REPORT_PATH}/companies.csv?${query}`,
            unmetDemandBySkillCsvUrl: `${REPORT_PATH}/unmet-demand-by-skill.csv?${query}`,
            loansByStatusCsvUrl: `${REPORT_PATH}/loans-by-status.csv?${query}`,
          },
        };
      },
      'REPEATABLE READ',
    );
  }
}
