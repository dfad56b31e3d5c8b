import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from '../common/scalars';
import { LoanStatus } from './lending.enums';

/**
 * A lending agreement. Period, half-days, rate and the nested parties, demand, terms, employee
 * and contact are resolved in `LoanResolver`, each as far as the viewer may see it.
 */
@ObjectType('Loan', {
  description:
    'A lending agreement ("collegiaal uitlenen"): one employee of the lender works for the borrower in a period, on some half-days a week, at cost price, under the terms version in force when it was confirmed.',
})
export class LoanModel {
  @Field(() => ID, { description: 'Identifier of the loan.' })
  id!: string;

  @Field(() => LoanStatus, { description: 'Where the loan is in its lifecycle.' })
  status!: LoanStatus;

  @Field(() => ID, { description: 'The demand (peak) the loan fills.' })
  demandId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The proposal the loan was confirmed from; null for one made otherwise.',
  })
  proposalId!: string | null;

  @Field(() => ID, { description: 'The pool the loan was made in.' })
  poolId!: string;

  @Field(() => ID, { description: 'The terms version the loan was made under (see `terms`).' })
  termsId!: string;

  @Field(() => Float, { description: 'Hours a week.' })
  hoursPerWeek!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the loan was recalled or cancelled.',
  })
  endReason!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the loan was recalled or cancelled.',
  })
  endedAt!: Date | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "After a recall: the first day the employee is back with the lender (today plus the terms' `recallNoticeDays`). A loan recalled before it would have started is CANCELLED and keeps its period.",
  })
  recallEffectiveDate!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Hours the borrower owes the lender because it cancelled within the terms' `lateCancellationHours` of the start (or later); null when it owes none.",
  })
  lateCancellationChargeHours!: number | null;

  @Field(() => Int, {
    description: 'Version of the record; pass it as `expectedVersion` to recall or cancel.',
  })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When the loan was confirmed.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the loan last changed.' })
  updatedAt!: Date;
}
