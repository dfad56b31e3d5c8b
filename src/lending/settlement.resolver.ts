import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionArgs, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { IdempotencyArgs } from '../idempotency/idempotency.inputs';
import { Settlement, SettlementMonth } from './settlement.entity';
import { CloseSettlementMonthArgs, SettlementsArgs } from './settlement.inputs';
import { SettlementModel, SettlementMonthModel } from './settlement.model';
import { SettlementService } from './settlement.service';

const SettlementConnection = Connection(SettlementModel);

@Resolver(() => SettlementModel)
export class SettlementResolver {
  constructor(private readonly service: SettlementService) {}

  @Query(() => SettlementConnection, {
    description:
      "Monthly settlements you may see, by month: your company's as lender or borrower (HR), your pools' (coordinators), all (admins).",
  })
  settlements(
    @Ctx() ctx: RequestContext,
    @Args() args: SettlementsArgs,
  ): Promise<ConnectionPage<Settlement>> {
    return this.service.list(ctx, args);
  }

  @Mutation(() => SettlementMonthModel, {
    description:
      "Close a pool's month (its coordinators, ADMIN) once it is over: one settlement per loan with approved hours or a late-cancellation charge in it. Idempotent: closing again returns the same month and settlements. Afterwards hours of that month can no longer change (CONFLICT MONTH_CLOSED). CONFLICT PENDING_ENTRIES while entries still wait for a side, unless `force`.",
  })
  closeSettlementMonth(
    @Ctx() ctx: RequestContext,
    @Args() args: CloseSettlementMonthArgs,
    @Args() { idempotencyKey }: IdempotencyArgs,
  ): Promise<SettlementMonth> {
    return this.service.closeMonth(ctx, args, idempotencyKey);
  }

  @ResolveField(() => String, { description: 'The month, `YYYY-MM`.' })
  month(@Parent() s: Settlement): string {
    return s.month.slice(0, 7);
  }
}

@Resolver(() => SettlementMonthModel)
export class SettlementMonthResolver {
  constructor(private readonly service: SettlementService) {}

  @ResolveField(() => String, { description: 'The month, `YYYY-MM`.' })
  month(@Parent() m: SettlementMonth): string {
    return m.month.slice(0, 7);
  }

  @ResolveField(() => SettlementConnection, {
    description: "The month's settlements, by id.",
  })
  settlements(
    @Ctx() ctx: RequestContext,
    @Parent() m: SettlementMonth,
    @Args() args: ConnectionArgs,
  ): Promise<ConnectionPage<Settlement>> {
    return this.service.list(ctx, { ...args, settlementMonthId: m.id });
  }
}
