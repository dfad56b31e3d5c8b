import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { Pool } from '../pools/pool.entity';
import { PoolModel } from '../pools/pool.model';
import { PoolService } from '../pools/pool.service';
import { Company, PoolMembership } from './company.entity';
import {
  CompaniesArgs,
  DecideMembershipInput,
  MembershipsArgs,
  RegisterCompanyInput,
} from './company.inputs';
import { CompanyModel, PoolMembershipModel } from './company.model';
import { CompanyService } from './company.service';

const CompanyConnection = Connection(CompanyModel);
const PoolMembershipConnection = Connection(PoolMembershipModel);

@Resolver(() => CompanyModel)
export class CompanyResolver {
  constructor(private readonly companies: CompanyService) {}

  @Query(() => CompanyConnection, {
    name: 'companies',
    description:
      'Companies you may see: your own and fellow active members of your pools (coordinators: their pools).',
  })
  listCompanies(
    @Ctx() ctx: RequestContext,
    @Args() args: CompaniesArgs,
  ): Promise<ConnectionPage<Company>> {
    return this.companies.list(ctx, args);
  }

  @Query(() => CompanyModel)
  company(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Company> {
    return this.companies.get(ctx, id);
  }

  @Mutation(() => CompanyModel, {
    description:
      'Register a member firm (ADMIN, or a coordinator admitting it to one of its pools).',
  })
  registerCompany(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RegisterCompanyInput,
  ): Promise<Company> {
    return this.companies.register(ctx, input);
  }

  @Mutation(() => PoolMembershipModel, {
    description: "Ask for your company's admission to a pool (HR).",
  })
  requestMembership(
    @Ctx() ctx: RequestContext,
    @Args('poolId', { type: () => ID }) poolId: string,
  ): Promise<PoolMembership> {
    return this.companies.requestMembership(ctx, poolId);
  }

  @Mutation(() => PoolMembershipModel, {
    description:
      'Admit, suspend, reinstate or remove a member (coordinator of the pool); HR may set its own membership to LEFT.',
  })
  decideMembership(
    @Ctx() ctx: RequestContext,
    @Args('input') input: DecideMembershipInput,
  ): Promise<PoolMembership> {
    return this.companies.decideMembership(ctx, input);
  }

  @ResolveField(() => [PoolMembershipModel], {
    description: 'Memberships of this company that you may see.',
  })
  memberships(@Ctx() ctx: RequestContext, @Parent() company: Company): Promise<PoolMembership[]> {
    return this.companies.membershipsOf(ctx, company);
  }
}

@Resolver(() => PoolMembershipModel)
export class PoolMembershipResolver {
  constructor(
    private readonly companies: CompanyService,
    private readonly pools: PoolService,
  ) {}

  @ResolveField(() => PoolModel)
  async pool(@Ctx() ctx: RequestContext, @Parent() m: PoolMembership): Promise<Pool | null> {
    return this.pools.byId(ctx).load(m.poolId);
  }

  @ResolveField(() => CompanyModel)
  async company(@Ctx() ctx: RequestContext, @Parent() m: PoolMembership): Promise<Company | null> {
    return this.companies.byId(ctx).load(m.companyId);
  }
}

@Resolver(() => PoolModel)
export class PoolMembersResolver {
  constructor(private readonly companies: CompanyService) {}

  @ResolveField(() => PoolMembershipConnection, {
    description:
      'Members of the pool: all for its coordinators, the active ones for active members.',
  })
  memberships(
    @Ctx() ctx: RequestContext,
    @Parent() pool: Pool,
    @Args() args: MembershipsArgs,
  ): Promise<ConnectionPage<PoolMembership>> {
    return this.companies.poolMemberships(ctx, pool.id, args);
  }
}
