import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UserRole } from '../auth/actor';
import { requireActor, requireCoordinatorOf, requireRole } from '../auth/authorize';
import { CoordinatorPools } from '../auth/coordinator-pools';
import { PoolCoordinator, User } from '../auth/user.entity';
import { BadUserInputError, NotFoundError } from '../common/errors';
import { listLoader, rowLoader } from '../common/loaders';
import { ConnectionArgs, ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { PoolErrorReason } from './pool.errors';
import { Pool, PoolTerms } from './pool.entity';
import { CreatePoolInput, PoolTermsInput, UpdatePoolTermsInput } from './pool.inputs';

/** Pools, their versioned terms and their coordinators. */
@Injectable()
export class PoolService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly coordinatorPools: CoordinatorPools,
  ) {}

  /** Every authenticated user may see pools: name, region, branch and terms are not confidential. */
  async list(ctx: RequestContext, args: ConnectionArgs): Promise<ConnectionPage<Pool>> {
    requireActor(ctx);
    const qb = ctx.manager.getRepository(Pool).createQueryBuilder('pool');
    return paginate(qb, args, {
      sortExpression: 'pool.name',
      idExpression: 'pool.id',
      sortKey: (p) => p.name,
      id: (p) => p.id,
    });
  }

  async get(ctx: RequestContext, id: string): Promise<Pool> {
    requireActor(ctx);
    const pool = await this.byId(ctx).load(id);
    if (!pool) throw new NotFoundError('Pool', id);
    return pool;
  }

  byId(ctx: RequestContext) {
    return rowLoader(
      ctx,
      'pool.byId',
      (ids) => ctx.manager.getRepository(Pool).findBy({ id: In([...ids]) }),
      (p) => p.id,
    );
  }

  /** All term versions of each pool, oldest first. */
  termsByPool(ctx: RequestContext) {
    return listLoader(
      ctx,
      'pool.termsByPool',
      (ids) =>
        ctx.manager
          .getRepository(PoolTerms)
          .find({ where: { poolId: In([...ids]) }, order: { version: 'ASC' } }),
      (t) => t.poolId,
    );
  }

  /** The version in force at `at`: the newest one already effective (or the first, if none is yet). */
  async termsAt(ctx: RequestContext, poolId: string, at: Date = new Date()): Promise<PoolTerms> {
    const versions = await this.termsByPool(ctx).load(poolId);
    if (versions.length === 0) throw new NotFoundError('Terms of pool', poolId);
    const effective = versions.filter((v) => v.effectiveFrom.getTime() <= at.getTime());
    return effective[effective.length - 1] ?? versions[0];
  }

  async create(ctx: RequestContext, input: CreatePoolInput): Promise<Pool> {
    const actor = requireRole(ctx, UserRole.ADMIN);
    return this.tx.run(ctx, async (tx) => {
      const pool = await tx.manager.getRepository(Pool).save(
        tx.manager.getRepository(Pool).create({
          name: input.name.trim(),
          region: input.region.trim(),
          branch: input.branch.trim(),
        }),
      );
      const terms = termsFrom(undefined, input.terms ?? {});
      await tx.manager.getRepository(PoolTerms).insert({
        ...terms,
        poolId: pool.id,
        version: 1,
        effectiveFrom: new Date(),
        createdByUserId: actor.userId,
      });
      return pool;
    });
  }

  async updateTerms(ctx: RequestContext, input: UpdatePoolTermsInput): Promise<PoolTerms> {
    const actor = requireCoordinatorOf(ctx, input.poolId);
    const effectiveFrom = input.effectiveFrom ?? new Date();
    if (effectiveFrom.getTime() < Date.now() - 60_000) {
      throw BadUserInputError.field(
        'effectiveFrom',
        'may not lie in the past',
        PoolErrorReason.EFFECTIVE_FROM_IN_PAST,
      );
    }
    return this.tx.run(ctx, async (tx) => {
      const repo = tx.manager.getRepository(PoolTerms);
      // Lock the pool row so two concurrent updates cannot both take the same next version.
      const locked = await tx.manager
        .getRepository(Pool)
        .findOne({ where: { id: input.poolId }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw new NotFoundError('Pool', input.poolId);
      const latest = await repo.findOne({
        where: { poolId: input.poolId },
        order: { version: 'DESC' },
      });
      const terms = termsFrom(latest ?? undefined, input.terms);
      const created = repo.create({
        ...terms,
        poolId: input.poolId,
        version: (latest?.version ?? 0) + 1,
        effectiveFrom,
        createdByUserId: actor.userId,
      });
      return repo.save(created);
    });
  }

  async appointCoordinator(ctx: RequestContext, userId: string, poolId: string): Promise<Pool> {
    requireRole(ctx, UserRole.ADMIN);
    const pool = await this.tx.run(ctx, async (tx) => {
      const user = await tx.manager.getRepository(User).findOneBy({ id: userId });
      if (!user) throw new NotFoundError('User', userId);
      if (user.role !== UserRole.POOL_COORDINATOR) {
        throw BadUserInputError.field(
          'userId',
          'is not a POOL_COORDINATOR user',
          PoolErrorReason.NOT_A_COORDINATOR,
        );
      }
      const pool = await tx.manager.getRepository(Pool).findOneBy({ id: poolId });
      if (!pool) throw new NotFoundError('Pool', poolId);
      await tx.manager
        .getRepository(PoolCoordinator)
        .upsert({ userId, poolId }, ['userId', 'poolId']);
      return pool;
    });
    // Committed (unless the caller's own transaction is still open; then the notification is what
    // tells, a moment after that commits): this process's next request of the coordinator reads
    // its pools again, without waiting for the notification the other processes hear.
    this.coordinatorPools.forget(userId);
    return pool;
  }
}

const TERM_FIELDS = [
  'maxOverheadPercent',
  'maxLoanWeeks',
  'minLeadTimeHours',
  'recallNoticeDays',
  'maxTravelKm',
  'minCoverage',
  'requireEmployeeConsent',
  'allowStandingConsent',
  'noPoachingMonths',
  'lateCancellationHours',
  'lateCancellationChargeHours',
  'weightSkill',
  'weightCoverage',
  'weightDistance',
  'weightRotation',
] as const satisfies readonly (keyof PoolTermsInput & keyof PoolTerms)[];

/** Defaults that follow Dutch practice: temporary help (26 weeks), cost price, consent required. */
export const DEFAULT_TERMS: Required<PoolTermsInput> = {
  maxOverheadPercent: 0,
  maxLoanWeeks: 26,
  minLeadTimeHours: 48,
  recallNoticeDays: 5,
  maxTravelKm: 50,
  minCoverage: 0.5,
  requireEmployeeConsent: true,
  allowStandingConsent: true,
  noPoachingMonths: 6,
  lateCancellationHours: 48,
  lateCancellationChargeHours: 8,
  weightSkill: 0.4,
  weightCoverage: 0.3,
  weightDistance: 0.2,
  weightRotation: 0.1,
};

function termsFrom(
  previous: PoolTerms | undefined,
  input: PoolTermsInput,
): Required<PoolTermsInput> {
  const result = { ...DEFAULT_TERMS };
  for (const field of TERM_FIELDS) {
    const value = input[field] ?? previous?.[field];
    if (value !== undefined) (result as Record<string, unknown>)[field] = value;
  }
  if (
    result.weightSkill + result.weightCoverage + result.weightDistance + result.weightRotation <=
    0
  ) {
    throw BadUserInputError.field(
      'terms',
      'at least one matching weight must be above zero',
      PoolErrorReason.WEIGHTS_ALL_ZERO,
    );
  }
  return result;
}
