import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { IdempotencyArgs } from '../idempotency/idempotency.inputs';
import { DateScalar } from '../common/scalars';
import { TimesheetEntry } from './timesheet.entity';
import {
  DecideHoursArgs,
  DisputeHoursArgs,
  SubmitHoursInput,
  TimesheetEntriesArgs,
} from './timesheet.inputs';
import { TimesheetEntryModel } from './timesheet.model';
import { TimesheetService } from './timesheet.service';

const TimesheetEntryConnection = Connection(TimesheetEntryModel);

@Resolver(() => TimesheetEntryModel)
export class TimesheetResolver {
  constructor(private readonly timesheets: TimesheetService) {}

  @Query(() => TimesheetEntryConnection, {
    description:
      "Hours on loans you may see, by date: your company's as lender or borrower (HR), your own (employee), your pools' (coordinators, without comments), all (admins).",
  })
  timesheetEntries(
    @Ctx() ctx: RequestContext,
    @Args() args: TimesheetEntriesArgs,
  ): Promise<ConnectionPage<TimesheetEntry>> {
    return this.timesheets.list(ctx, args);
  }

  @Mutation(() => TimesheetEntryModel, {
    description:
      "Register hours worked on a loan (the borrower's HR), or correct an entry still SUBMITTED or DISPUTED (answering a dispute). Limits: the loan's hours per week (CONFLICT LOAN_WEEK_HOURS) and the Working Hours Act over all the employee's loans, 12 h a day and 60 h an ISO week (CONFLICT WORKING_HOURS_DAY / WORKING_HOURS_WEEK); not into a closed settlement month (CONFLICT MONTH_CLOSED).",
  })
  submitHours(
    @Ctx() ctx: RequestContext,
    @Args('input') input: SubmitHoursInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
  ): Promise<TimesheetEntry> {
    return this.timesheets.submit(ctx, input, idempotencyKey);
  }

  @Mutation(() => TimesheetEntryModel, {
    description:
      "Approve SUBMITTED (or your DISPUTED) hours as submitted (the lender's HR); they are then billed.",
  })
  approveHours(@Ctx() ctx: RequestContext, @Args() args: DecideHoursArgs): Promise<TimesheetEntry> {
    return this.timesheets.approve(ctx, args);
  }

  @Mutation(() => TimesheetEntryModel, {
    description:
      "Dispute SUBMITTED hours with a counter-proposal (the lender's HR); the borrower accepts it (`acceptCounterProposal`) or answers with a correction (`submitHours`).",
  })
  disputeHours(
    @Ctx() ctx: RequestContext,
    @Args() args: DisputeHoursArgs,
  ): Promise<TimesheetEntry> {
    return this.timesheets.dispute(ctx, args);
  }

  @Mutation(() => TimesheetEntryModel, {
    description:
      "Accept the lender's counter-proposal on DISPUTED hours (the borrower's HR): the counter hours are billed.",
  })
  acceptCounterProposal(
    @Ctx() ctx: RequestContext,
    @Args() args: DecideHoursArgs,
  ): Promise<TimesheetEntry> {
    return this.timesheets.acceptCounterProposal(ctx, args);
  }

  @ResolveField(() => DateScalar, { description: 'The day worked.' })
  date(@Parent() t: TimesheetEntry): string {
    return t.workDate;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "The borrower's comment (not shown to coordinators).",
  })
  note(@Ctx() ctx: RequestContext, @Parent() t: TimesheetEntry): string | null {
    return TimesheetService.maySeeComments(ctx.user) ? t.note : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "The lender's comment with its dispute (not shown to coordinators).",
  })
  disputeNote(@Ctx() ctx: RequestContext, @Parent() t: TimesheetEntry): string | null {
    return TimesheetService.maySeeComments(ctx.user) ? t.disputeNote : null;
  }
}
