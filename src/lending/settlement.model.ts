import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';

/** A per-loan monthly settlement; `month` is resolved in `SettlementResolver`. */
@ObjectType('Settlement', {
  description:
    'What the borrower owes the lender for one loan in one month, at cost price: approved hours × the hourly rate, plus the late-cancellation charge, in euro cents. No margin.',
})
export class SettlementModel {
  @Field(() => ID, { description: 'Identifier of the settlement.' })
  id!: string;

  @Field(() => ID, { description: 'The loan.' })
  loanId!: string;

  @Field(() => ID, { description: 'The pool.' })
  poolId!: string;

  @Field(() => ID, { description: 'The lending company (receives the amount).' })
  lenderCompanyId!: string;

  @Field(() => ID, { description: 'The borrowing company (pays the amount).' })
  borrowerCompanyId!: string;

  @Field(() => ID, { description: "The loan's employee." })
  employeeId!: string;

  @Field(() => Float, {
    description: 'Sum of the APPROVED and COUNTER_ACCEPTED hours of the month.',
  })
  approvedHours!: number;

  @Field(() => Int, { description: 'Number of billed timesheet entries.' })
  entryCount!: number;

  @Field(() => Int, { description: "The loan's hourly rate (cost price), in cents." })
  hourlyRateCents!: number;

  @Field(() => Int, {
    description: 'approvedHours × hourlyRateCents, rounded to whole cents (half away from zero).',
  })
  hoursAmountCents!: number;

  @Field(() => Int, {
    description: 'Hours charged for a late cancellation (pool terms) in this month; 0 if none.',
  })
  lateCancellationHours!: number;

  @Field(() => Int, { description: 'lateCancellationHours × hourlyRateCents.' })
  lateCancellationAmountCents!: number;

  @Field(() => Int, {
    description: 'hoursAmountCents + lateCancellationAmountCents: the amount due, in cents.',
  })
  totalAmountCents!: number;

  @Field(() => DateTimeScalar, { description: 'When the month was closed.' })
  createdAt!: Date;
}

/** A closed month of a pool; `month` and `settlements` are resolved in `SettlementMonthResolver`. */
@ObjectType('SettlementMonth', {
  description:
    "A pool's closed settlement month with its per-loan settlements. Closing again returns the same record.",
})
export class SettlementMonthModel {
  @Field(() => ID, { description: 'Identifier of the closed month.' })
  id!: string;

  @Field(() => ID, { description: 'The pool.' })
  poolId!: string;

  @Field(() => DateTimeScalar, { description: 'When it was closed.' })
  closedAt!: Date;

  @Field(() => Int, {
    description: 'Entries still SUBMITTED or DISPUTED when it was closed with `force`; not billed.',
  })
  leftOutEntries!: number;

  @Field(() => Int, { description: 'Number of settlements (loans billed).' })
  settlementCount!: number;

  @Field(() => Float, {
    description:
      'Sum of all settlements, in whole cents (Float because a pool month may exceed a 32-bit Int).',
  })
  totalAmountCents!: number;
}
