import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { TimesheetStatus } from './timesheet.enums';

/** A timesheet entry; `date`, `note` and `disputeNote` are resolved in `TimesheetResolver`. */
@ObjectType('TimesheetEntry', {
  description:
    'Hours worked on a loan on one date: submitted by the borrower, approved or disputed (with a counter-proposal) by the lender. Coordinators see ids, dates and hours, not the comments.',
})
export class TimesheetEntryModel {
  @Field(() => ID, { description: 'Identifier of the entry.' })
  id!: string;

  @Field(() => ID, { description: 'The loan.' })
  loanId!: string;

  @Field(() => ID, { description: "The loan's employee." })
  employeeId!: string;

  @Field(() => Float, {
    description: 'Hours claimed; once a counter-proposal is accepted, the agreed hours.',
  })
  hours!: number;

  @Field(() => TimesheetStatus, { description: 'Where the entry is in its lifecycle.' })
  status!: TimesheetStatus;

  @Field(() => Float, {
    nullable: true,
    description: "The lender's counter-proposal, when it disputed the hours.",
  })
  counterHours!: number | null;

  @Field(() => DateTimeScalar, { description: 'When it was last submitted or corrected.' })
  submittedAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was last decided on (approved, disputed, counter-proposal accepted).',
  })
  decidedAt!: Date | null;

  @Field(() => Int, { description: 'Version of the record; every change raises it.' })
  version!: number;
}
