import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { RequestContext } from '../common/request-context';
import { PoolUsageArgs } from './reporting.inputs';
import { PoolUsageReportModel } from './reporting.model';
import { ReportingService } from './reporting.service';

@Resolver(() => PoolUsageReportModel)
export class ReportingResolver {
  constructor(private readonly service: ReportingService) {}

  @Query(() => PoolUsageReportModel, {
    description:
      'How a pool was used in [from, to] (both days included): hours lent and borrowed per company, demand and fill rate, capacity and its utilisation, unmet demand by skill, loans by status, recalls and cancellations, hours for schools. Coordinators of the pool and ADMIN see every firm; an HR manager of a member sees their own company and the pool totals. BAD_USER_INPUT when `to` is before `from` or the period spans more than 1096 days.',
  })
  poolUsage(
    @Ctx() ctx: RequestContext,
    @Args() args: PoolUsageArgs,
  ): Promise<PoolUsageReportModel> {
    return this.service.poolUsage(ctx, args);
  }
}
