import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { DemandStatus } from '../demand/demand.enums';
import { LoanStatus } from '../lending/lending.enums';
import { ProposalStatus } from '../matching/matching.enums';

@ObjectType('ProposalUpdate', {
  description:
    'A match proposal changed. Anonymous like the proposal itself: who is proposed shows only through `proposal`, under the usual privacy rules.',
})
export class ProposalUpdateModel {
  @Field(() => ID, { description: 'Unique per event.' })
  eventId!: string;

  @Field({
    description: 'What happened, e.g. PROPOSED, ACCEPTED, DECLINED, CONSENTED, CONFIRMED, EXPIRED.',
  })
  action!: string;

  @Field(() => DateTimeScalar, { description: 'When the change committed.' })
  occurredAt!: Date;

  @Field(() => ID, { description: 'The proposal.' })
  proposalId!: string;

  @Field(() => ID, { description: 'The demand it proposes someone for.' })
  demandId!: string;

  @Field(() => ID, { description: 'The pool.' })
  poolId!: string;

  @Field(() => ProposalStatus, { description: 'Its state after the change.' })
  status!: ProposalStatus;
}

@ObjectType('LoanUpdate', {
  description:
    'A loan changed (confirmed, recalled, cancelled, completed...). Ids only; fetch `loan(id)` for the details you may see.',
})
export class LoanUpdateModel {
  @Field(() => ID, { description: 'Unique per event.' })
  eventId!: string;

  @Field({ description: 'What happened, e.g. CONFIRMED, RECALLED, CANCELLED, COMPLETED.' })
  action!: string;

  @Field(() => DateTimeScalar, { description: 'When the change committed.' })
  occurredAt!: Date;

  @Field(() => ID, { description: 'The loan.' })
  loanId!: string;

  @Field(() => ID, { description: 'The demand it fills.' })
  demandId!: string;

  @Field(() => ID, { description: 'The pool.' })
  poolId!: string;

  @Field(() => ID, { description: 'The employee lent.' })
  employeeId!: string;

  @Field(() => ID, { description: 'The lending company.' })
  lenderCompanyId!: string;

  @Field(() => ID, { description: 'The borrowing company.' })
  borrowerCompanyId!: string;

  @Field(() => LoanStatus, { description: 'Its state after the change.' })
  status!: LoanStatus;
}

@ObjectType('DemandUpdate', {
  description:
    'A peak was posted, cancelled or changed state. A lender hears of demand in its pools that one of its lendable employees qualifies for (the "saved search"): when it is posted, and of its later changes.',
})
export class DemandUpdateModel {
  @Field(() => ID, { description: 'Unique per event.' })
  eventId!: string;

  @Field({ description: 'What happened: POSTED, CANCELLED or STATUS_CHANGED.' })
  action!: string;

  @Field(() => DateTimeScalar, { description: 'When the change committed.' })
  occurredAt!: Date;

  @Field(() => ID, { description: 'The demand.' })
  demandId!: string;

  @Field(() => ID, { description: 'The pool it is posted in.' })
  poolId!: string;

  @Field(() => DemandStatus, { description: 'Its state after the change.' })
  status!: DemandStatus;

  @Field({
    description:
      'True when one of your lendable employees qualifies for this demand (lender HR; the reason you hear of it); false otherwise.',
  })
  qualifies!: boolean;
}
