import { Args, ID, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Company } from '../companies/company.entity';
import { CompanyModel } from '../companies/company.model';
import { CompanyService } from '../companies/company.service';
import { Ctx, GraphQLContext } from '../common/graphql-context';
import { HalfDay, numbersToHalfDays } from '../common/half-day';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { selectedFields, selectsPath } from '../common/selection';
import { IdempotencyArgs } from '../idempotency/idempotency.inputs';
import { DateScalar } from '../common/scalars';
import { Pool } from '../pools/pool.entity';
import { PoolModel } from '../pools/pool.model';
import { PoolService } from '../pools/pool.service';
import { DemandRequest } from './demand-request.entity';
import { CancelDemandArgs, DemandRequestsArgs, PostDemandInput } from './demand.inputs';
import { DemandRequestModel, DemandSkillRequirementModel } from './demand.model';
import { DemandService, LoadedDemand, RequirementWithSkill } from './demand.service';

const DemandRequestConnection = Connection(DemandRequestModel);

@Resolver(() => DemandRequestModel)
export class DemandRequestResolver {
  constructor(
    private readonly demand: DemandService,
    private readonly companies: CompanyService,
    private readonly pools: PoolService,
  ) {}

  @Query(() => DemandRequestConnection, {
    name: 'demandRequests',
    description:
      "Peaks you may see, oldest posting first: your company's own and those in pools your company is an ACTIVE member of (HR), your pools' (coordinators), all (admins).",
  })
  listDemandRequests(
    @Ctx() ctx: RequestContext,
    @Args() args: DemandRequestsArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionPage<LoadedDemand>> {
    // The page's statement reads the relations the client selected (one statement per page),
    // which the field resolvers below then return as they are, and only the columns the
    // selected fields read (src/common/projection.ts).
    return this.demand.list(ctx, args, {
      company: selectsPath(info, ['edges', 'node', 'company']),
      requirements: selectsPath(info, ['edges', 'node', 'requirements']),
      fields: selectedFields(info, ['edges', 'node']),
      companyFields: selectedFields(info, ['edges', 'node', 'company']),
      skillFields: selectedFields(info, ['edges', 'node', 'requirements', 'skill']),
    });
  }

  @Query(() => DemandRequestModel, {
    description: 'One peak you may see; NOT_FOUND for anyone else (existence is not revealed).',
  })
  demandRequest(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<DemandRequest> {
    return this.demand.get(ctx, id);
  }

  @Mutation(() => DemandRequestModel, {
    description:
      'Post a peak in a pool (HR of an ACTIVE member, employer or school) under the pool terms in force: lead time (reason LEAD_TIME) and longest loan (reason TOO_LONG).',
  })
  postDemand(
    @Ctx() ctx: RequestContext,
    @Args('input') input: PostDemandInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
  ): Promise<DemandRequest> {
    return this.demand.post(ctx, input, idempotencyKey);
  }

  @Mutation(() => DemandRequestModel, {
    description:
      "Cancel your company's OPEN or PARTIALLY_FILLED peak (HR of the borrower); CONFLICT (ILLEGAL_STATUS) in any other state.",
  })
  cancelDemand(@Ctx() ctx: RequestContext, @Args() args: CancelDemandArgs): Promise<DemandRequest> {
    return this.demand.cancel(ctx, args);
  }

  // The field resolvers below take GraphQL's own arguments (parent, args, context) and no parameter
  // decorators: @nestjs/graphql then calls them directly instead of through its per-call context
  // creator (param factories, pipes), which they do not need; they run once per item of a list.

  @ResolveField(() => CompanyModel, { description: 'The borrower.' })
  company(
    d: LoadedDemand,
    _args: unknown,
    { ctx }: GraphQLContext,
  ): Company | Promise<Company | null> {
    return d.company ?? this.companies.byId(ctx).load(d.companyId);
  }

  @ResolveField(() => PoolModel, { description: 'The pool the peak is posted in.' })
  pool(d: DemandRequest, _args: unknown, { ctx }: GraphQLContext): Promise<Pool | null> {
    return this.pools.byId(ctx).load(d.poolId);
  }

  @ResolveField(() => DateScalar, { description: 'First day of the work.' })
  startDate(d: DemandRequest): string {
    return d.period.start;
  }

  @ResolveField(() => DateScalar, { description: 'Last day of the work (inclusive).' })
  endDate(d: DemandRequest): string {
    return d.period.end;
  }

  @ResolveField(() => [HalfDay], { description: 'Half-days of the week the work needs.' })
  halfDays(d: DemandRequest): HalfDay[] {
    return numbersToHalfDays(d.halfDays);
  }

  @ResolveField(() => [DemandSkillRequirementModel], {
    description: 'Skills asked for, mandatory ones first.',
  })
  requirements(
    d: LoadedDemand,
    _args: unknown,
    { ctx }: GraphQLContext,
  ): RequirementWithSkill[] | Promise<RequirementWithSkill[]> {
    return d.requirements ?? this.demand.requirementsByDemand(ctx).load(d.id);
  }
}
