import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { UserRole } from '../auth/actor';
import { Company } from '../companies/company.entity';
import { CompanyModel } from '../companies/company.model';
import { CompanyService } from '../companies/company.service';
import { Ctx } from '../common/graphql-context';
import { HalfDay, numbersToHalfDays } from '../common/half-day';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { DateScalar } from '../common/scalars';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandRequestModel } from '../demand/demand.model';
import { DemandService } from '../demand/demand.service';
import { Employee } from '../employees/employee.entity';
import { EmployeeModel } from '../employees/employee.model';
import { EmployeeService } from '../employees/employee.service';
import { PoolTerms } from '../pools/pool.entity';
import { PoolTermsModel } from '../pools/pool.model';
import { PoolService } from '../pools/pool.service';
import { EmployeeContactModel, employeeContacts } from './employee-contact';
import { Loan } from './loan.entity';
import { EndLoanArgs, LoansArgs } from './loan.inputs';
import { LoanModel } from './loan.model';
import { LoanService } from './loan.service';

const LoanConnection = Connection(LoanModel);

@Resolver(() => LoanModel)
export class LoanResolver {
  constructor(
    private readonly lending: LoanService,
    private readonly companies: CompanyService,
    private readonly demands: DemandService,
    private readonly employees: EmployeeService,
    private readonly pools: PoolService,
  ) {}

  @Query(() => LoanConnection, {
    description:
      "Loans you are party to, by start date: your company's as lender or borrower (HR), your own (employee), your pools' without the employee (coordinator), or all (ADMIN).",
  })
  loans(@Ctx() ctx: RequestContext, @Args() args: LoansArgs): Promise<ConnectionPage<Loan>> {
    return this.lending.list(ctx, args);
  }

  @Query(() => LoanModel, {
    description: 'One loan you may see; NOT_FOUND for anyone else (existence is not revealed).',
  })
  loan(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<Loan> {
    return this.lending.get(ctx, id);
  }

  @Mutation(() => LoanModel, {
    description:
      "The lender's HR calls its employee back with the notice of the loan's terms (`recallNoticeDays`): RECALLED, the period ending the day before the effective date; a loan that would only start on or after that date is CANCELLED instead (with `recallEffectiveDate` set). CONFLICT when the loan is not PLANNED or ACTIVE (ILLEGAL_STATUS) or ends before the recall would take effect (ENDS_BEFORE_RECALL).",
  })
  recallLoan(@Ctx() ctx: RequestContext, @Args() args: EndLoanArgs): Promise<Loan> {
    return this.lending.recall(ctx, args);
  }

  @Mutation(() => LoanModel, {
    description:
      "The borrower's HR cancels a PLANNED or ACTIVE loan: CANCELLED; a started loan ends today. Within the terms' `lateCancellationHours` of the start (or later) the terms' `lateCancellationChargeHours` are recorded for settlement. The demand's status follows.",
  })
  cancelLoan(@Ctx() ctx: RequestContext, @Args() args: EndLoanArgs): Promise<Loan> {
    return this.lending.cancel(ctx, args);
  }

  @ResolveField(() => DateScalar, { description: 'First day of the loan.' })
  startDate(@Parent() l: Loan): string {
    return l.period.start;
  }

  @ResolveField(() => DateScalar, {
    description: 'Last day of the loan (inclusive); a recall moves it forward.',
  })
  endDate(@Parent() l: Loan): string {
    return l.period.end;
  }

  @ResolveField(() => [HalfDay], { description: 'Half-days of the week the employee is booked.' })
  halfDays(@Parent() l: Loan): HalfDay[] {
    return numbersToHalfDays(l.halfDays);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      "Hourly rate in euro cents: the employee's cost price at confirmation (never a margin). Null for the employee, who does not see its own cost price.",
  })
  hourlyRateCents(@Ctx() ctx: RequestContext, @Parent() l: Loan): number | null {
    return ctx.user.role === UserRole.EMPLOYEE ? null : l.hourlyRateCents;
  }

  @ResolveField(() => CompanyModel, { description: 'The lender (the employer).' })
  lender(@Ctx() ctx: RequestContext, @Parent() l: Loan): Promise<Company | null> {
    return this.companies.byId(ctx).load(l.lenderCompanyId);
  }

  @ResolveField(() => CompanyModel, { description: 'The borrower.' })
  borrower(@Ctx() ctx: RequestContext, @Parent() l: Loan): Promise<Company | null> {
    return this.companies.byId(ctx).load(l.borrowerCompanyId);
  }

  @ResolveField(() => DemandRequestModel, {
    nullable: true,
    description: 'The demand the loan fills, if you may see it (employees do not).',
  })
  demand(@Ctx() ctx: RequestContext, @Parent() l: Loan): Promise<DemandRequest | null> {
    return this.demands.visibleById(ctx).load(l.demandId);
  }

  @ResolveField(() => PoolTermsModel, { description: 'The terms version the loan was made under.' })
  async terms(@Ctx() ctx: RequestContext, @Parent() l: Loan): Promise<PoolTerms | undefined> {
    const versions = await this.pools.termsByPool(ctx).load(l.poolId);
    return versions.find((t) => t.id === l.termsId);
  }

  @ResolveField(() => EmployeeModel, {
    nullable: true,
    description:
      "The employee's full record: for the lender's HR and the employee only. The borrower sees `contact`; coordinators neither.",
  })
  employee(@Ctx() ctx: RequestContext, @Parent() l: Loan): Promise<Employee | null> {
    return this.employees.visibleById(ctx).load(l.employeeId);
  }

  @ResolveField(() => EmployeeContactModel, {
    nullable: true,
    description:
      "Name and work contact of the employee: for the lender's HR, the borrower's HR and the employee; null for coordinators and admins.",
  })
  async contact(
    @Ctx() ctx: RequestContext,
    @Parent() l: Loan,
  ): Promise<EmployeeContactModel | null> {
    if (!LoanService.mayIdentify(ctx.user, l)) return null;
    return employeeContacts(ctx).load(l.employeeId);
  }
}
