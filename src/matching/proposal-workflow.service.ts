import { EventsService } from '../events/events.service';
import { proposalEvent } from '../events/domain-event';
import { Injectable } from '@nestjs/common';
import { Actor, UserRole } from '../auth/actor';
import { requireRole } from '../auth/authorize';
import { AuditState } from '../audit/audit-event.entity';
import { AuditEntityType } from '../audit/audit.enums';
import { AuditService } from '../audit/audit.service';
import { daysInclusive, startOfDayIn, TIME_ZONE, todayIn } from '../common/calendar';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { IdempotencyService, IdempotentCall } from '../idempotency/idempotency.service';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandStatus } from '../demand/demand.enums';
import { Employee } from '../employees/employee.entity';
import { Loan } from '../lending/loan.entity';
import { LoanService } from '../lending/loan.service';
import { PoolService } from '../pools/pool.service';
import { ProposalErrorReason } from './matching.errors';
import { LIVE_PROPOSAL_STATUSES, ProposalStatus } from './matching.enums';
import { MatchProposal } from './match-proposal.entity';
import { ProposalDeclineArgs, ProposalMoveArgs } from './proposal-workflow.inputs';
import { ProposalExpiry, ProposalExpiryService } from './proposal-expiry.service';
import { ProposalService } from './proposal.service';

const EXPIRY_TEXT: Record<ProposalExpiry, string> = {
  [ProposalExpiry.DEMAND_CANCELLED]: 'its demand was cancelled',
  [ProposalExpiry.DEMAND_FILLED]: 'its demand is filled',
  [ProposalExpiry.DEMAND_EXPIRED]: 'its demand expired',
  [ProposalExpiry.DEMAND_STARTED]: 'its demand has started',
  [ProposalExpiry.EMPLOYEE_BOOKED]:
    'the employee was booked meanwhile on one of these half-days in an overlapping period',
};

/** Why consent was not asked of the employee. */
type ConsentBasis = 'NOT_REQUIRED' | 'STANDING_CONSENT';

/** A transition's result: done, or the proposal turned out to have expired (and now is). */
type Outcome<T> = { done: T } | { expired: ProposalExpiry };

/** The state of a proposal as the audit trail keeps it: no employee, no names. */
function proposalState(p: MatchProposal, extra: AuditState = {}): AuditState {
  return { status: p.status, version: p.version, demandId: p.demandId, ...extra };
}

function staleVersion(id: string): ConflictError {
  return new ConflictError(
    `Proposal ${id} was changed by someone else meanwhile; reload it and try again`,
    ProposalErrorReason.STALE_VERSION,
  );
}

function requireStatus(p: MatchProposal, allowed: readonly ProposalStatus[], verb: string): void {
  if (allowed.includes(p.status)) return;
  if (p.status === ProposalStatus.EXPIRED) {
    throw new ConflictError(`Proposal ${p.id} has expired`, ProposalErrorReason.PROPOSAL_EXPIRED);
  }
  throw new ConflictError(
    `A ${p.status} proposal cannot be ${verb}; only a ${allowed.join(' or ')} one can`,
    ProposalErrorReason.ILLEGAL_STATUS,
  );
}

function requireVersion(p: MatchProposal, expected: number | undefined): void {
  if (expected != null && expected !== p.version) throw staleVersion(p.id);
}

/**
 * The proposal workflow: PROPOSED → LENDER_ACCEPTED (lender's HR) → EMPLOYEE_CONSENTED (the
 * employee, or skipped where the terms in force allow it) → CONFIRMED with a Loan (borrower's
 * HR), or DECLINED by either company or the employee, or EXPIRED.
 *
 * Each move runs in one transaction: it locks the proposal (confirm locks the demand first, the
 * lock order of lending), checks who may move it (NOT_FOUND for a proposal the actor may not see,
 * FORBIDDEN for a party without the right), then whether it has expired, then its state, and
 * writes with optimistic locking that really checks (`UPDATE ... WHERE id AND version AND
 * status`, row count checked) together with its audit event. Expiry is lazy: a move on a stale
 * proposal commits the expiry (recorded as SYSTEM) and answers CONFLICT (PROPOSAL_EXPIRED);
 * `ProposalExpiryService` catches up on many at once for lists and matching runs.
 */
@Injectable()
export class ProposalWorkflowService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly pools: PoolService,
    private readonly loans: LoanService,
    private readonly audit: AuditService,
    private readonly expiry: ProposalExpiryService,
    private readonly events: EventsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * The lender's HR accepts. Where the terms in force do not require the employee's consent, or
   * allow standing consent and the employee's contract has a lending clause dated today or
   * earlier, the proposal moves on to EMPLOYEE_CONSENTED at once (audited as
   * `proposal.consent_skipped` with its basis).
   */
  async accept(ctx: RequestContext, args: ProposalMoveArgs): Promise<MatchProposal> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    return this.settle(
      args.id,
      await this.tx.run(ctx, async (tx): Promise<Outcome<MatchProposal>> => {
        const p = await this.lockVisible(tx, actor, args.id);
        if (p.lenderCompanyId !== actor.companyId) {
          throw new ForbiddenError(
            "Only the lender's own HR may accept a proposal",
            ProposalErrorReason.NOT_LENDER,
          );
        }
        const expired = await this.expireIfStale(tx, p);
        if (expired) return { expired };
        requireStatus(p, [ProposalStatus.PROPOSED], 'accepted');
        requireVersion(p, args.expectedVersion);
        let next = await this.move(tx, p, ProposalStatus.LENDER_ACCEPTED, 'proposal.accepted');
        const basis = await this.consentNotNeeded(tx, next);
        if (basis) {
          next = await this.move(
            tx,
            next,
            ProposalStatus.EMPLOYEE_CONSENTED,
            'proposal.consent_skipped',
            { audit: { consentBasis: basis } },
          );
        }
        return { done: next };
      }),
    );
  }

  /** Either company's HR declines a live proposal; the employee is not proposed for it again. */
  async decline(ctx: RequestContext, args: ProposalDeclineArgs): Promise<MatchProposal> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    return this.settle(
      args.id,
      await this.tx.run(ctx, async (tx): Promise<Outcome<MatchProposal>> => {
        const p = await this.lockVisible(tx, actor, args.id);
        const side = p.lenderCompanyId === actor.companyId ? 'LENDER' : 'BORROWER';
        const expired = await this.expireIfStale(tx, p);
        if (expired) return { expired };
        requireStatus(p, LIVE_PROPOSAL_STATUSES, 'declined');
        const next = await this.move(tx, p, ProposalStatus.DECLINED, 'proposal.declined', {
          declineReason: args.reason || null,
          audit: { declinedBy: side },
        });
        return { done: next };
      }),
    );
  }

  /** The employee consents to a proposal its employer accepted. */
  async giveConsent(ctx: RequestContext, args: ProposalMoveArgs): Promise<MatchProposal> {
    const actor = requireRole(ctx, UserRole.EMPLOYEE);
    return this.settle(
      args.id,
      await this.tx.run(ctx, async (tx): Promise<Outcome<MatchProposal>> => {
        const p = await this.lockVisible(tx, actor, args.id);
        const expired = await this.expireIfStale(tx, p);
        if (expired) return { expired };
        requireStatus(p, [ProposalStatus.LENDER_ACCEPTED], 'consented to');
        requireVersion(p, args.expectedVersion);
        const next = await this.move(
          tx,
          p,
          ProposalStatus.EMPLOYEE_CONSENTED,
          'proposal.consented',
          { audit: { consentBasis: 'EMPLOYEE' } },
        );
        return { done: next };
      }),
    );
  }

  /**
   * The employee refuses, before or after its employer accepted; once it has consented (or its
   * consent was not needed) it is up to the companies.
   */
  async refuseConsent(ctx: RequestContext, args: ProposalDeclineArgs): Promise<MatchProposal> {
    const actor = requireRole(ctx, UserRole.EMPLOYEE);
    return this.settle(
      args.id,
      await this.tx.run(ctx, async (tx): Promise<Outcome<MatchProposal>> => {
        const p = await this.lockVisible(tx, actor, args.id);
        const expired = await this.expireIfStale(tx, p);
        if (expired) return { expired };
        requireStatus(
          p,
          [ProposalStatus.PROPOSED, ProposalStatus.LENDER_ACCEPTED],
          'refused by the employee',
        );
        const next = await this.move(tx, p, ProposalStatus.DECLINED, 'proposal.consent_refused', {
          declineReason: args.reason || null,
          audit: { declinedBy: 'EMPLOYEE' },
        });
        return { done: next };
      }),
    );
  }

  /**
   * The borrower's HR confirms a consented proposal, which books the Loan under the terms
   * version in force now: the rate is the employee's hourly cost price (no margin), the period,
   * half-days and hours are the demand's, which must start at least `minLeadTimeHours` from now
   * and last at most `maxLoanWeeks`. The exclusion constraint on `loan` is the guarantee that
   * two confirmations never book the employee twice on a half-day. When the demand becomes
   * FILLED, its other live proposals expire in the same transaction.
   */
  async confirm(
    ctx: RequestContext,
    args: ProposalMoveArgs,
    idempotencyKey?: string,
  ): Promise<Loan> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const call: IdempotentCall<Outcome<Loan>> = {
      key: idempotencyKey,
      operation: 'confirmProposal',
      payload: args,
      resultId: (outcome) => ('done' in outcome ? outcome.done.id : null),
      replay: async (tx, id) => ({
        done: await tx.manager.getRepository(Loan).findOneByOrFail({ id }),
      }),
    };
    const earlier = await this.idempotency.previous(ctx, call);
    if (earlier) return this.settle(args.id, earlier.result);
    return this.settle(
      args.id,
      await this.tx.run(ctx, (tx) =>
        this.idempotency.once(tx, call, async (): Promise<Outcome<Loan>> => {
          const seen = await this.visible(tx, actor, args.id);
          if (seen.borrowerCompanyId !== actor.companyId) {
            throw new ForbiddenError(
              "Only the borrower's own HR may confirm a proposal",
              ProposalErrorReason.NOT_BORROWER,
            );
          }
          const demand = await this.loans.lockDemand(tx, seen.demandId);
          const p = await this.lock(tx, args.id);
          // Confirmations for one employee queue here, so the next one sees the loan just made and
          // answers PROPOSAL_EXPIRED. Simultaneous inserts under an exclusion constraint would only
          // be told apart by deadlock detection (40P01); the constraint stays the guarantee.
          await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
            `loan:employee:${p.employeeId}`,
          ]);
          const expired = await this.expireIfStale(tx, p);
          if (expired) return { expired };
          requireStatus(p, [ProposalStatus.EMPLOYEE_CONSENTED], 'confirmed');
          requireVersion(p, args.expectedVersion);

          const now = new Date();
          const terms = await this.pools.termsAt(tx, demand.poolId, now);
          const leadMs = startOfDayIn(demand.period.start, TIME_ZONE).getTime() - now.getTime();
          if (leadMs < terms.minLeadTimeHours * 3_600_000) {
            throw new ConflictError(
              `The pool terms ask for at least ${terms.minLeadTimeHours} hours between confirmation and the start (${demand.period.start})`,
              ProposalErrorReason.LEAD_TIME,
            );
          }
          if (daysInclusive(demand.period.start, demand.period.end) > terms.maxLoanWeeks * 7) {
            throw new ConflictError(
              `The pool terms allow loans of at most ${terms.maxLoanWeeks} weeks`,
              ProposalErrorReason.TOO_LONG,
            );
          }
          // The lender's employee is not the borrower's to read; its cost price becomes the rate.
          const employee = await this.tx.runAsSystem(tx, 'confirm: cost price as rate', (sys) =>
            sys.manager.getRepository(Employee).findOneByOrFail({ id: p.employeeId }),
          );
          const rate = employee.hourlyCostCents;
          if (demand.maxHourlyRateCents != null && rate > demand.maxHourlyRateCents) {
            throw new ConflictError(
              "The employee's cost price is above the demand's maximum hourly rate",
              ProposalErrorReason.OVER_MAX_RATE,
            );
          }
          await this.requireActiveMembers(tx, demand, p.lenderCompanyId);

          await this.move(tx, p, ProposalStatus.CONFIRMED, 'proposal.confirmed');
          const booked = await this.loans.book(tx, {
            proposalId: p.id,
            demand,
            employeeId: p.employeeId,
            lenderCompanyId: p.lenderCompanyId,
            terms,
            hourlyRateCents: rate,
          });
          if (booked.demand.status === DemandStatus.FILLED) {
            await this.expiry.expireStale(
              tx,
              { demandId: demand.id },
              { skipLocked: false, system: false },
            );
          }
          return { done: booked.loan };
        }),
      ),
    );
  }

  /** The move's result, or CONFLICT (PROPOSAL_EXPIRED) once its expiry has been committed. */
  private settle<T>(id: string, outcome: Outcome<T>): T {
    if ('expired' in outcome) {
      throw new ConflictError(
        `Proposal ${id} has expired: ${EXPIRY_TEXT[outcome.expired]}`,
        ProposalErrorReason.PROPOSAL_EXPIRED,
      );
    }
    return outcome.done;
  }

  /** The proposal, if the actor may see it; NOT_FOUND otherwise (existence is not revealed). */
  private async visible(tx: RequestContext, actor: Actor, id: string): Promise<MatchProposal> {
    const p = await tx.manager.getRepository(MatchProposal).findOneBy({ id });
    if (!p || !ProposalService.visibleTo(actor, p)) throw new NotFoundError('Match proposal', id);
    return p;
  }

  private async lock(tx: RequestContext, id: string): Promise<MatchProposal> {
    return tx.manager
      .getRepository(MatchProposal)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The proposal locked for the rest of the transaction, if the actor may see it. */
  private async lockVisible(tx: RequestContext, actor: Actor, id: string): Promise<MatchProposal> {
    await this.visible(tx, actor, id);
    return this.lock(tx, id);
  }

  private async expireIfStale(
    tx: RequestContext,
    p: MatchProposal,
  ): Promise<ProposalExpiry | null> {
    if (!LIVE_PROPOSAL_STATUSES.some((s) => s === p.status)) return null;
    const [expired] = await this.expiry.expireStale(
      tx,
      { proposalId: p.id },
      { skipLocked: false, system: true },
    );
    return expired?.reason ?? null;
  }

  /**
   * One checked move: the UPDATE matches only the version and status that were read, and no
   * matched row means someone else moved the proposal first. Recorded in the same transaction.
   */
  private async move(
    tx: RequestContext,
    p: MatchProposal,
    to: ProposalStatus,
    action: string,
    options: { declineReason?: string | null; audit?: AuditState } = {},
  ): Promise<MatchProposal> {
    const changes: Partial<MatchProposal> = { status: to };
    if (options.declineReason !== undefined) changes.declineReason = options.declineReason;
    const result = await tx.manager
      .createQueryBuilder()
      .update(MatchProposal)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :status', {
        id: p.id,
        version: p.version,
        status: p.status,
      })
      .execute();
    if (result.affected !== 1) throw staleVersion(p.id);
    const next = await tx.manager.getRepository(MatchProposal).findOneByOrFail({ id: p.id });
    const reason: AuditState =
      options.declineReason !== undefined ? { reason: options.declineReason } : {};
    await this.audit.record(tx, {
      action,
      entityType: AuditEntityType.MATCH_PROPOSAL,
      entityId: p.id,
      poolId: p.poolId,
      companyIds: [p.lenderCompanyId, p.borrowerCompanyId],
      before: proposalState(p),
      after: proposalState(next, { ...reason, ...options.audit }),
    });
    this.events.afterCommit(tx, proposalEvent(next, action));
    return next;
  }

  /** Why the employee's own consent is not needed under the terms in force, or null if it is. */
  private async consentNotNeeded(
    tx: RequestContext,
    p: MatchProposal,
  ): Promise<ConsentBasis | null> {
    const terms = await this.pools.termsAt(tx, p.poolId, new Date());
    if (!terms.requireEmployeeConsent) return 'NOT_REQUIRED';
    if (!terms.allowStandingConsent) return null;
    const employee = await tx.manager.getRepository(Employee).findOneByOrFail({ id: p.employeeId });
    const clause = employee.standingConsentDate;
    return clause && clause <= todayIn(TIME_ZONE) ? 'STANDING_CONSENT' : null;
  }

  /** Lending happens only between ACTIVE members of the pool. */
  private async requireActiveMembers(
    tx: RequestContext,
    demand: DemandRequest,
    lenderCompanyId: string,
  ): Promise<void> {
    const [{ active }] = (await tx.manager.query(
      `SELECT count(*)::int AS active FROM pool_membership
       WHERE pool_id = $1 AND company_id = ANY($2::uuid[]) AND status = 'ACTIVE'`,
      [demand.poolId, [demand.companyId, lenderCompanyId]],
    )) as { active: number }[];
    if (active < 2) {
      throw new ConflictError(
        'Both the lender and the borrower must be ACTIVE members of the pool',
        ProposalErrorReason.MEMBERSHIP_INACTIVE,
      );
    }
  }
}
