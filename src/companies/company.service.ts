import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In, SelectQueryBuilder } from 'typeorm';
import { Actor, UserRole } from '../auth/actor';
import { coordinates, requireActor, requireRole } from '../auth/authorize';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { listLoader, rowLoader } from '../common/loaders';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate, paginateByParent } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { SqlParams } from '../common/sql';
import { queryRows } from '../database/scope';
import { TransactionRunner } from '../database/transaction';
import { Pool } from '../pools/pool.entity';
import { CompanyErrorReason } from './company.errors';
import { Company, PoolMembership } from './company.entity';
import { MembershipStatus } from './company.enums';
import {
  CompaniesArgs,
  DecideMembershipInput,
  MembershipsArgs,
  RegisterCompanyInput,
} from './company.inputs';

/** Allowed membership moves: PENDING is decided, ACTIVE and SUSPENDED switch, LEFT is final. */
const TRANSITIONS: Record<MembershipStatus, MembershipStatus[]> = {
  [MembershipStatus.PENDING]: [MembershipStatus.ACTIVE, MembershipStatus.LEFT],
  [MembershipStatus.ACTIVE]: [MembershipStatus.SUSPENDED, MembershipStatus.LEFT],
  [MembershipStatus.SUSPENDED]: [MembershipStatus.ACTIVE, MembershipStatus.LEFT],
  [MembershipStatus.LEFT]: [],
};

/** Member firms and their pool memberships. */
@Injectable()
export class CompanyService {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Restricts `alias` (a company id expression) to what the actor may see: ADMIN everything, a
   * coordinator the members of its pools, HR its own company and fellow active members of its
   * pools, an employee its own employer.
   */
  static visibleCompanyClause(
    actor: Actor,
    companyIdSql: string,
  ): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case UserRole.ADMIN:
        return { sql: 'TRUE', params: {} };
      case UserRole.POOL_COORDINATOR:
        return {
          sql: `EXISTS (SELECT 1 FROM pool_membership vm WHERE vm.company_id = ${companyIdSql} AND vm.pool_id = ANY(CAST(:visPoolIds AS uuid[])))`,
          params: { visPoolIds: [...actor.poolIds] },
        };
      case UserRole.COMPANY_HR:
        return {
          sql: `(${companyIdSql} = :visOwn OR EXISTS (
                  SELECT 1 FROM pool_membership vm
                  JOIN pool_membership mine ON mine.pool_id = vm.pool_id AND mine.company_id = :visOwn AND mine.status = 'ACTIVE'
                  WHERE vm.company_id = ${companyIdSql} AND vm.status = 'ACTIVE'))`,
          params: { visOwn: actor.companyId },
        };
      case UserRole.EMPLOYEE:
        return { sql: `${companyIdSql} = :visOwn`, params: { visOwn: actor.companyId } };
    }
  }

  async list(ctx: RequestContext, args: CompaniesArgs): Promise<ConnectionPage<Company>> {
    const actor = requireActor(ctx);
    const qb = ctx.manager.getRepository(Company).createQueryBuilder('company');
    this.restrict(qb, actor);
    if (args.kind) qb.andWhere('company.kind = :kind', { kind: args.kind });
    if (args.poolId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM pool_membership fm WHERE fm.company_id = company.id AND fm.pool_id = :poolId
           AND (CAST(:mstatus AS membership_status) IS NULL OR fm.status = CAST(:mstatus AS membership_status)))`,
        { poolId: args.poolId, mstatus: args.membershipStatus ?? null },
      );
    }
    return paginate(qb, args, {
      sortExpression: 'company.name',
      idExpression: 'company.id',
      sortKey: (c) => c.name,
      id: (c) => c.id,
    });
  }

  async get(ctx: RequestContext, id: string): Promise<Company> {
    const actor = requireActor(ctx);
    const qb = ctx.manager
      .getRepository(Company)
      .createQueryBuilder('company')
      .where('company.id = :id', { id });
    this.restrict(qb, actor);
    const company = await qb.getOne();
    if (!company) throw new NotFoundError('Company', id);
    return company;
  }

  private restrict(qb: SelectQueryBuilder<Company>, actor: Actor): void {
    const { sql, params } = CompanyService.visibleCompanyClause(actor, 'company.id');
    qb.andWhere(sql, params);
  }

  /** Companies by id, for nested fields of records the actor already may see. */
  /** Companies by id (reference data, visible to every actor): one statement per batch. */
  byId(ctx: RequestContext): DataLoader<string, Company | null> {
    return rowLoader(
      ctx,
      'company.byId',
      (ids) => {
        const params = new SqlParams();
        return queryRows<Company>(
          ctx.manager,
          `SELECT c.id, c.name, c.kvk_number AS "kvkNumber", c.kind, c.postcode, c.city,
                  c.latitude, c.longitude, c.created_at AS "createdAt"
           FROM company c WHERE ${params.anyOf('c.id', ids)}`,
          params.values,
        );
      },
      (c) => c.id,
    );
  }

  membershipsByCompany(ctx: RequestContext) {
    return listLoader(
      ctx,
      'company.membershipsByCompany',
      (ids) =>
        ctx.manager
          .getRepository(PoolMembership)
          .find({ where: { companyId: In([...ids]) }, order: { requestedAt: 'ASC' } }),
      (m) => m.companyId,
    );
  }

  /** The memberships of a company the actor may see (its own company: all of them). */
  async membershipsOf(ctx: RequestContext, company: Company): Promise<PoolMembership[]> {
    const actor = requireActor(ctx);
    const all = await this.membershipsByCompany(ctx).load(company.id);
    if (actor.role === UserRole.ADMIN || actor.companyId === company.id) return all;
    if (actor.role === UserRole.POOL_COORDINATOR)
      return all.filter((m) => actor.poolIds.includes(m.poolId));
    const mine = actor.companyId ? await this.membershipsByCompany(ctx).load(actor.companyId) : [];
    const sharedPools = new Set(
      mine.filter((m) => m.status === MembershipStatus.ACTIVE).map((m) => m.poolId),
    );
    return all.filter((m) => m.status === MembershipStatus.ACTIVE && sharedPools.has(m.poolId));
  }

  /**
   * The members of a pool: all of them for its coordinators, the active ones for active members.
   * Pages of several pools (a list of pools with their members) load in one batch.
   */
  async poolMemberships(
    ctx: RequestContext,
    poolId: string,
    args: MembershipsArgs,
  ): Promise<ConnectionPage<PoolMembership>> {
    const actor = requireActor(ctx);
    const allStatuses = coordinates(actor, poolId);
    if (!allStatuses) {
      if (!actor.companyId || !(await this.isActiveMember(ctx, actor.companyId, poolId))) {
        throw new ForbiddenError(
          'Only coordinators and active members see the members of a pool',
          CompanyErrorReason.NOT_ACTIVE_MEMBER,
        );
      }
    }
    return this.membershipPages(ctx, args, allStatuses).load(poolId);
  }

  /** Pages of pool members by pool, one loader per page request and view (all or active only). */
  private membershipPages(
    ctx: RequestContext,
    args: MembershipsArgs,
    allStatuses: boolean,
  ): DataLoader<string, ConnectionPage<PoolMembership>> {
    const key = JSON.stringify([args.first ?? null, args.after ?? null, args.status ?? null]);
    return ctx.loader(
      `company.poolMemberships:${allStatuses ? 'all' : 'active'}:${key}`,
      () =>
        new DataLoader<string, ConnectionPage<PoolMembership>>((poolIds) => {
          const qb = ctx.manager.getRepository(PoolMembership).createQueryBuilder('m');
          if (!allStatuses) qb.andWhere(`m.status = 'ACTIVE'`);
          if (args.status) qb.andWhere('m.status = :status', { status: args.status });
          return paginateByParent(
            qb,
            { expression: 'm.pool_id', ids: poolIds, of: (m) => m.poolId },
            args,
            {
              sortExpression: 'm.company_id',
              idExpression: 'm.id',
              sortKey: (m) => m.companyId,
              id: (m) => m.id,
            },
          );
        }),
    );
  }

  async isActiveMember(ctx: RequestContext, companyId: string, poolId: string): Promise<boolean> {
    const memberships = await this.membershipsByCompany(ctx).load(companyId);
    return memberships.some((m) => m.poolId === poolId && m.status === MembershipStatus.ACTIVE);
  }

  /** Throws unless the company is an ACTIVE member of the pool. */
  async requireActiveMember(
    ctx: RequestContext,
    companyId: string,
    poolId: string,
    field = 'poolId',
  ): Promise<void> {
    if (!(await this.isActiveMember(ctx, companyId, poolId))) {
      throw new ForbiddenError(
        `The company is not an active member of pool ${poolId} (${field})`,
        CompanyErrorReason.NOT_ACTIVE_MEMBER,
      );
    }
  }

  /** ADMIN (any pool or none) or a coordinator (admitting the firm to one of its pools) registers a firm. */
  async register(ctx: RequestContext, input: RegisterCompanyInput): Promise<Company> {
    const actor = requireRole(ctx, UserRole.ADMIN, UserRole.POOL_COORDINATOR);
    if (actor.role === UserRole.POOL_COORDINATOR) {
      if (!input.poolId)
        throw BadUserInputError.field(
          'poolId',
          'a coordinator registers a firm into one of its pools',
          CompanyErrorReason.POOL_REQUIRED,
        );
      if (!coordinates(actor, input.poolId))
        throw new ForbiddenError('Only a coordinator of this pool may admit firms to it');
    }
    return this.tx.run(ctx, async (tx) => {
      if (input.poolId && !(await tx.manager.getRepository(Pool).existsBy({ id: input.poolId }))) {
        throw new NotFoundError('Pool', input.poolId);
      }
      const repo = tx.manager.getRepository(Company);
      const { poolId, ...fields } = input;
      const company = await repo.save(repo.create(fields));
      if (poolId) {
        await tx.manager.getRepository(PoolMembership).insert({
          poolId,
          companyId: company.id,
          status: MembershipStatus.ACTIVE,
          decidedAt: new Date(),
          decidedByUserId: actor.userId,
        });
      }
      return company;
    });
  }

  /** An HR manager asks for its company to join a pool (again, after leaving). */
  async requestMembership(ctx: RequestContext, poolId: string): Promise<PoolMembership> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const companyId = actor.companyId as string;
    return this.tx.run(ctx, async (tx) => {
      if (!(await tx.manager.getRepository(Pool).existsBy({ id: poolId })))
        throw new NotFoundError('Pool', poolId);
      const repo = tx.manager.getRepository(PoolMembership);
      const existing = await repo.findOne({
        where: { poolId, companyId },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing && existing.status !== MembershipStatus.LEFT) {
        throw new ConflictError(
          `The company already has a ${existing.status} membership in this pool`,
          CompanyErrorReason.ALREADY_MEMBER,
        );
      }
      if (existing) {
        Object.assign(existing, {
          status: MembershipStatus.PENDING,
          requestedAt: new Date(),
          decidedAt: null,
          decidedByUserId: null,
        });
        return repo.save(existing);
      }
      return repo.save(repo.create({ poolId, companyId, status: MembershipStatus.PENDING }));
    });
  }

  /** A coordinator admits, suspends or removes a member; a company's HR may only leave. */
  async decideMembership(
    ctx: RequestContext,
    input: DecideMembershipInput,
  ): Promise<PoolMembership> {
    const actor = requireActor(ctx);
    return this.tx.run(ctx, async (tx) => {
      const repo = tx.manager.getRepository(PoolMembership);
      const membership = await repo.findOne({
        where: { id: input.membershipId },
        lock: { mode: 'pessimistic_write' },
      });
      const ownLeave =
        actor.role === UserRole.COMPANY_HR &&
        membership?.companyId === actor.companyId &&
        input.status === MembershipStatus.LEFT;
      if (
        !membership ||
        (!coordinates(actor, membership.poolId) &&
          !ownLeave &&
          actor.companyId !== membership.companyId)
      ) {
        throw new NotFoundError('Membership', input.membershipId);
      }
      if (!coordinates(actor, membership.poolId) && !ownLeave) {
        throw new ForbiddenError(
          'Only a coordinator of the pool decides on memberships; a company may only leave',
        );
      }
      if (!TRANSITIONS[membership.status].includes(input.status)) {
        throw new ConflictError(
          `A ${membership.status} membership cannot become ${input.status}`,
          CompanyErrorReason.ILLEGAL_MEMBERSHIP_TRANSITION,
        );
      }
      Object.assign(membership, {
        status: input.status,
        decidedAt: new Date(),
        decidedByUserId: actor.userId,
      });
      return repo.save(membership);
    });
  }
}
