import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Company } from '../companies/company.entity';
import { CompanyModel } from '../companies/company.model';
import { CompanyService } from '../companies/company.service';
import { Ctx } from '../common/graphql-context';
import { HalfDay, numbersToHalfDays } from '../common/half-day';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { DateScalar } from '../common/scalars';
import { Employee } from '../employees/employee.entity';
import { EmployeeModel } from '../employees/employee.model';
import { EmployeeService } from '../employees/employee.service';
import { Pool } from '../pools/pool.entity';
import { PoolModel } from '../pools/pool.model';
import { PoolService } from '../pools/pool.service';
import { AvailabilityWindow } from './availability-window.entity';
import { AvailabilityWindowsArgs, PublishAvailabilityInput } from './availability.inputs';
import { AvailabilityWindowModel } from './availability.model';
import { AvailabilityService } from './availability.service';

const AvailabilityWindowConnection = Connection(AvailabilityWindowModel);

@Resolver(() => AvailabilityWindowModel)
export class AvailabilityWindowResolver {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly employees: EmployeeService,
    private readonly companies: CompanyService,
    private readonly pools: PoolService,
  ) {}

  @Query(() => AvailabilityWindowConnection, {
    name: 'availabilityWindows',
    description:
      "Availability windows you may see, by first day: HR its own company's, a coordinator those in its pools and an admin all (both without the employee), an employee its own.",
  })
  listAvailabilityWindows(
    @Ctx() ctx: RequestContext,
    @Args() args: AvailabilityWindowsArgs,
  ): Promise<ConnectionPage<AvailabilityWindow>> {
    return this.availability.list(ctx, args);
  }

  @Mutation(() => AvailabilityWindowModel, {
    description:
      "Offer an employee's idle capacity in a pool (HR of the employee's company, an ACTIVE member). CONFLICT when the employee already has an active window in the pool on one of these half-days in an overlapping period.",
  })
  publishAvailability(
    @Ctx() ctx: RequestContext,
    @Args('input') input: PublishAvailabilityInput,
  ): Promise<AvailabilityWindow> {
    return this.availability.publish(ctx, input);
  }

  @Mutation(() => AvailabilityWindowModel, {
    description:
      "Withdraw one of your company's windows (HR); it is kept as WITHDRAWN. CONFLICT when it already is.",
  })
  withdrawAvailability(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AvailabilityWindow> {
    return this.availability.withdraw(ctx, id);
  }

  @ResolveField(() => EmployeeModel, {
    nullable: true,
    description:
      "The employee, when you may see it (its company's HR, the employee itself); null for coordinators, admins and anyone else.",
  })
  employee(@Ctx() ctx: RequestContext, @Parent() w: AvailabilityWindow): Promise<Employee | null> {
    return this.employees.visibleById(ctx).load(w.employeeId);
  }

  @ResolveField(() => CompanyModel, { description: 'The employer offering the capacity.' })
  company(@Ctx() ctx: RequestContext, @Parent() w: AvailabilityWindow): Promise<Company | null> {
    return this.companies.byId(ctx).load(w.companyId);
  }

  @ResolveField(() => PoolModel, { description: 'The pool the capacity is offered in.' })
  pool(@Ctx() ctx: RequestContext, @Parent() w: AvailabilityWindow): Promise<Pool | null> {
    return this.pools.byId(ctx).load(w.poolId);
  }

  @ResolveField(() => DateScalar, { description: 'First free day.' })
  startDate(@Parent() w: AvailabilityWindow): string {
    return w.period.start;
  }

  @ResolveField(() => DateScalar, { description: 'Last free day (inclusive).' })
  endDate(@Parent() w: AvailabilityWindow): string {
    return w.period.end;
  }

  @ResolveField(() => [HalfDay], {
    description: 'Half-days of the week the employee is free within the period.',
  })
  halfDays(@Parent() w: AvailabilityWindow): HalfDay[] {
    return numbersToHalfDays(w.halfDays);
  }
}
