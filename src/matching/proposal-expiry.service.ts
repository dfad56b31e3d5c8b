import { EventsService } from '../events/events.service';
import { proposalEvent } from '../events/domain-event';
import { Injectable } from '@nestjs/common';
import { Actor, UserRole } from '../auth/actor';
import { AuditEntityType } from '../audit/audit.enums';
import { AuditService } from '../audit/audit.service';
import { TIME_ZONE, todayIn } from '../common/calendar';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { ProposalStatus } from './matching.enums';
import { LIVE_LOAN, LIVE_PROPOSAL, MATCHED_STATUSES } from './priority.sql';

/** Why a live proposal expired. */
export enum ProposalExpiry {
  DEMAND_CANCELLED = 'DEMAND_CANCELLED',
  DEMAND_FILLED = 'DEMAND_FILLED',
  DEMAND_EXPIRED = 'DEMAND_EXPIRED',
  DEMAND_STARTED = 'DEMAND_STARTED',
  /** A loan now books the employee on one of the demand's half-days in an overlapping period. */
  EMPLOYEE_BOOKED = 'EMPLOYEE_BOOKED',
}

/** Which proposals an expiry sweep looks at (all given conditions hold). */
export interface ProposalScope {
  proposalId?: string;
  demandId?: string;
  poolIds?: readonly string[];
  /** Lender or borrower. */
  companyId?: string;
  employeeId?: string;
}

/** A proposal an expiry sweep expired. */
export interface ExpiredProposal {
  id: string;
  reason: ProposalExpiry;
}

/**
 * Live proposals that can no longer lead to a loan: the demand is no longer OPEN or
 * PARTIALLY_FILLED, or has started (`$1`, today in the Netherlands), or a live loan books the
 * employee on a shared half-day in an overlapping period. Locks them in id order (SKIP LOCKED
 * for sweeps on the read path: a proposal in the middle of a transition checks itself), expires
 * them and returns them with the reason and the status they had. Plans: the scope's index
 * (match_proposal_*_status_idx, or the partial match_proposal_demand_id_employee_id_live_key),
 * demand_request_pkey, and the loan exclusion constraint's GiST index for the overlap.
 */
function expirySql(scope: string, skipLocked: boolean): string {
  return `
WITH stale AS (
  SELECT mp.id, mp.status AS before_status, mp.version AS before_version,
         CASE WHEN d.status = 'CANCELLED' THEN 'DEMAND_CANCELLED'
              WHEN d.status = 'FILLED' THEN 'DEMAND_FILLED'
              WHEN d.status = 'EXPIRED' THEN 'DEMAND_EXPIRED'
              WHEN lower(d.period) <= $1::date THEN 'DEMAND_STARTED'
              ELSE 'EMPLOYEE_BOOKED' END AS reason
  FROM match_proposal mp
  JOIN demand_request d ON d.id = mp.demand_id
  WHERE mp.status IN ${LIVE_PROPOSAL} AND ${scope}
    AND (d.status NOT IN ${MATCHED_STATUSES} OR lower(d.period) <= $1::date
         OR EXISTS (SELECT 1 FROM loan l
                    WHERE l.employee_id = mp.employee_id AND l.status IN ${LIVE_LOAN}
                      AND l.period && d.period AND l.half_days && d.half_days))
  ORDER BY mp.id
  FOR UPDATE OF mp${skipLocked ? ' SKIP LOCKED' : ''}
),
expired AS (
  UPDATE match_proposal mp
  SET status = 'EXPIRED', version = mp.version + 1, updated_at = now()
  FROM stale
  WHERE mp.id = stale.id
  RETURNING mp.id, mp.version, mp.demand_id, mp.employee_id, mp.pool_id, mp.lender_company_id,
            mp.borrower_company_id, stale.before_status, stale.before_version, stale.reason
)
SELECT id, version, demand_id AS "demandId", employee_id AS "employeeId", pool_id AS "poolId",
       lender_company_id AS "lenderCompanyId", borrower_company_id AS "borrowerCompanyId",
       before_status AS "beforeStatus", before_version AS "beforeVersion", reason
FROM expired ORDER BY id`;
}

interface ExpiredRow {
  id: string;
  version: number;
  demandId: string;
  employeeId: string;
  poolId: string;
  lenderCompanyId: string;
  borrowerCompanyId: string;
  beforeStatus: ProposalStatus;
  beforeVersion: number;
  reason: ProposalExpiry;
}

/**
 * Lazy expiry of proposals: a live proposal expires once its demand has started, is filled,
 * cancelled or expired, or a loan books its employee on one of the demand's half-days in an
 * overlapping period. Each move checks its own proposal first (`ProposalWorkflowService`); lists
 * and matching runs catch up on many at once here.
 */
@Injectable()
export class ProposalExpiryService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /**
   * Expires the stale live proposals in `scope` (see {@link expirySql}) and records each, in one
   * transaction (the caller's, when it has one). `system` records the expiry as the service's
   * own doing (catching up with time or an earlier change) rather than the actor's.
   */
  async expireStale(
    ctx: RequestContext,
    scope: ProposalScope,
    options: { skipLocked: boolean; system: boolean },
  ): Promise<ExpiredProposal[]> {
    return this.tx.run(ctx, async (tx) => {
      const params: unknown[] = [todayIn(TIME_ZONE)];
      const where: string[] = ['TRUE'];
      const add = (condition: (param: string) => string, value: unknown) => {
        params.push(value);
        where.push(condition(`$${params.length}`));
      };
      if (scope.proposalId) add((p) => `mp.id = ${p}`, scope.proposalId);
      if (scope.demandId) add((p) => `mp.demand_id = ${p}`, scope.demandId);
      if (scope.poolIds) add((p) => `mp.pool_id = ANY(${p}::uuid[])`, [...scope.poolIds]);
      if (scope.employeeId) add((p) => `mp.employee_id = ${p}`, scope.employeeId);
      if (scope.companyId) {
        add(
          (p) => `(mp.lender_company_id = ${p} OR mp.borrower_company_id = ${p})`,
          scope.companyId,
        );
      }
      // The proposals are the caller's (`scope`); what makes them stale (a loan of the employee
      // at another borrower) is not the caller's to read.
      const rows = (await this.tx.runAsSystem(tx, 'proposal expiry', (sys) =>
        sys.manager.query(expirySql(where.join(' AND '), options.skipLocked), params),
      )) as ExpiredRow[];
      await this.audit.record(
        tx,
        ...rows.map((r) => ({
          action: 'proposal.expired',
          entityType: AuditEntityType.MATCH_PROPOSAL,
          entityId: r.id,
          poolId: r.poolId,
          companyIds: [r.lenderCompanyId, r.borrowerCompanyId],
          before: { status: r.beforeStatus, version: r.beforeVersion, demandId: r.demandId },
          after: {
            status: ProposalStatus.EXPIRED,
            version: r.version,
            demandId: r.demandId,
            expiry: r.reason,
          },
          system: options.system,
        })),
      );
      for (const r of rows) {
        this.events.afterCommit(
          tx,
          proposalEvent({ ...r, status: ProposalStatus.EXPIRED }, 'EXPIRED'),
        );
      }
      return rows.map((r) => ({ id: r.id, reason: r.reason }));
    });
  }

  /**
   * Catches up on expiry for the proposals a list would show the actor (its scope, optionally
   * one demand), skipping any in the middle of a transition.
   */
  async expireStaleVisibleTo(
    ctx: RequestContext,
    actor: Actor,
    demandId?: string,
  ): Promise<ExpiredProposal[]> {
    const scope: ProposalScope = { demandId };
    if (actor.role === UserRole.POOL_COORDINATOR) scope.poolIds = actor.poolIds;
    if (actor.role === UserRole.COMPANY_HR) scope.companyId = actor.companyId ?? undefined;
    if (actor.role === UserRole.EMPLOYEE) scope.employeeId = actor.employeeId ?? undefined;
    return this.expireStale(ctx, scope, { skipLocked: true, system: true });
  }
}
