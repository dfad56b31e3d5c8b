import { Injectable } from '@nestjs/common';
import { UserRole } from '../auth/actor';
import { requireRole } from '../auth/authorize';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { AuditEvent, AuditState } from './audit-event.entity';
import { AuditEntityType, SYSTEM_ACTOR_ROLE } from './audit.enums';
import { AuditEventsArgs } from './audit.inputs';

/** One state change to record. */
export interface AuditRecord {
  /** `<entity>.<verb>`, e.g. `proposal.accepted`. */
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  /** The record's pool (its coordinators read the event). */
  poolId: string | null;
  /** The companies party to the record (their HR reads the event). */
  companyIds: readonly string[];
  /** State fields only (status, version, dates, ids, reasons): never names or contact data. */
  before: AuditState | null;
  after: AuditState | null;
  /**
   * Recorded as the service itself rather than the acting user: for changes that merely catch up
   * with time or with someone else's earlier change (a lazy expiry).
   */
  system?: boolean;
}

/**
 * The audit trail: who did what to which record, when, with the state before and after. Events
 * are written through the transaction of the change itself, so they commit or roll back with it.
 * Read by ADMIN (all), a pool's coordinators (their pools) and a company's HR (records their
 * company is party to).
 */
@Injectable()
export class AuditService {
  /**
   * Records events in the transaction `tx` (the `RequestContext` that `TransactionRunner.run`
   * hands to its work). Refuses a context without an open transaction: an event written apart
   * from its change could outlive a change that rolled back.
   */
  async record(tx: RequestContext, ...records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!tx.inTransaction) {
      throw new Error('AuditService.record needs the transaction of the change it records');
    }
    const actor = tx.actor;
    // No RETURNING (`updateEntity(false)`): reading the new rows back would put them through the
    // read policy, which an employee fails for an event recorded as the service (a lazy expiry).
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(AuditEvent)
      .updateEntity(false)
      .values(
        records.map((r) => {
          const asSystem = r.system || !actor;
          return {
            actorUserId: asSystem ? null : actor.userId,
            actorRole: asSystem ? SYSTEM_ACTOR_ROLE : actor.role,
            actorCompanyId: asSystem ? null : actor.companyId,
            action: r.action,
            entityType: r.entityType,
            entityId: r.entityId,
            poolId: r.poolId,
            companyIds: [...new Set(r.companyIds)],
            before: r.before,
            after: r.after,
          };
        }),
      )
      .execute();
  }

  /** The events the actor may read, in the order they were recorded. */
  async list(ctx: RequestContext, args: AuditEventsArgs): Promise<ConnectionPage<AuditEvent>> {
    const actor = requireRole(ctx, UserRole.ADMIN, UserRole.POOL_COORDINATOR, UserRole.COMPANY_HR);
    const qb = ctx.manager.getRepository(AuditEvent).createQueryBuilder('a');
    if (actor.role === UserRole.POOL_COORDINATOR) {
      // audit_event_pool_id_seq_idx
      qb.andWhere('a.pool_id = ANY(CAST(:scopePools AS uuid[]))', {
        scopePools: [...actor.poolIds],
      });
    } else if (actor.role === UserRole.COMPANY_HR) {
      // audit_event_company_ids_idx (GIN)
      qb.andWhere('a.company_ids @> ARRAY[CAST(:scopeCompany AS uuid)]', {
        scopeCompany: actor.companyId,
      });
    }
    if (args.entityType)
      qb.andWhere('a.entity_type = :entityType', { entityType: args.entityType });
    if (args.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: args.entityId });
    if (args.poolId) qb.andWhere('a.pool_id = :poolId', { poolId: args.poolId });
    return paginate(qb, args, {
      sortExpression: 'a.seq',
      idExpression: 'a.id',
      sortKey: (a) => a.seq,
      id: (a) => a.id,
    });
  }

  /**
   * Whether the viewer may see who acted: ADMIN always; others for their own actions and those
   * of users of their own company. Coordinators see the role only, so an employee's consent
   * never names the employee to them.
   */
  static mayIdentifyActor(ctx: RequestContext, event: AuditEvent): boolean {
    const viewer = ctx.user;
    if (viewer.role === UserRole.ADMIN || event.actorUserId === viewer.userId) return true;
    return (
      viewer.role === UserRole.COMPANY_HR &&
      event.actorCompanyId !== null &&
      event.actorCompanyId === viewer.companyId
    );
  }
}
