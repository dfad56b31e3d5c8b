import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionArgs, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { Pool, PoolTerms } from './pool.entity';
import { CreatePoolInput, UpdatePoolTermsInput } from './pool.inputs';
import { PoolModel, PoolTermsModel } from './pool.model';
import { PoolService } from './pool.service';

const PoolConnection = Connection(PoolModel);

@Resolver(() => PoolModel)
export class PoolResolver {
  constructor(private readonly pools: PoolService) {}

  @Query(() => PoolConnection, { name: 'pools', description: 'All pools, by name.' })
  listPools(
    @Ctx() ctx: RequestContext,
    @Args() args: ConnectionArgs,
  ): Promise<ConnectionPage<Pool>> {
    return this.pools.list(ctx, args);
  }

  @Query(() => PoolModel, { description: 'One pool.' })
  pool(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<Pool> {
    return this.pools.get(ctx, id);
  }

  @Mutation(() => PoolModel, { description: 'Create a pool with its first terms (ADMIN).' })
  createPool(@Ctx() ctx: RequestContext, @Args('input') input: CreatePoolInput): Promise<Pool> {
    return this.pools.create(ctx, input);
  }

  @Mutation(() => PoolTermsModel, {
    description:
      'Publish a new version of the pool terms (coordinator of the pool). Existing loans keep their version.',
  })
  updatePoolTerms(
    @Ctx() ctx: RequestContext,
    @Args('input') input: UpdatePoolTermsInput,
  ): Promise<PoolTerms> {
    return this.pools.updateTerms(ctx, input);
  }

  @Mutation(() => PoolModel, { description: 'Appoint a POOL_COORDINATOR user to a pool (ADMIN).' })
  appointCoordinator(
    @Ctx() ctx: RequestContext,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('poolId', { type: () => ID }) poolId: string,
  ): Promise<Pool> {
    return this.pools.appointCoordinator(ctx, userId, poolId);
  }

  @ResolveField(() => PoolTermsModel, { description: 'The terms in force now.' })
  currentTerms(@Ctx() ctx: RequestContext, @Parent() pool: Pool): Promise<PoolTerms> {
    return this.pools.termsAt(ctx, pool.id);
  }

  @ResolveField(() => [PoolTermsModel], {
    description: 'Every version of the terms, oldest first (future ones included).',
  })
  termsHistory(@Ctx() ctx: RequestContext, @Parent() pool: Pool): Promise<PoolTerms[]> {
    return this.pools.termsByPool(ctx).load(pool.id);
  }
}
