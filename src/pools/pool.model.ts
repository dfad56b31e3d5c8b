import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';

/** A version of a pool's agreed terms. */
@ObjectType('PoolTerms', {
  description:
    'The terms the members of a pool agreed on, versioned. A new version applies to loans made after its `effectiveFrom`; every loan keeps the version it was made under.',
})
export class PoolTermsModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Version number, 1 for the first terms of a pool.' })
  version!: number;

  @Field(() => DateTimeScalar, {
    description: 'Loans made from this instant on fall under this version.',
  })
  effectiveFrom!: Date;

  @Field(() => Float, {
    description:
      'Highest overhead surcharge on top of the hourly cost price, in percent. The rate is always cost price (plus at most this); never a profit margin.',
  })
  maxOverheadPercent!: number;

  @Field(() => Int, {
    description: 'Longest loan in weeks (default 26: lending must stay temporary help).',
  })
  maxLoanWeeks!: number;

  @Field(() => Int, { description: 'How far ahead of its start a peak must be posted, in hours.' })
  minLeadTimeHours!: number;

  @Field(() => Int, { description: 'Notice in days with which a lender may recall an employee.' })
  recallNoticeDays!: number;

  @Field(() => Int, {
    description: 'Longest travel distance (km) between home base and site the pool accepts.',
  })
  maxTravelKm!: number;

  @Field(() => Float, {
    description: 'Share (0-1] of the requested hours a candidate must be available for.',
  })
  minCoverage!: number;

  @Field({ description: "Whether lending needs the employee's consent (default true)." })
  requireEmployeeConsent!: boolean;

  @Field({
    description:
      "Whether a standing lending clause in the employee's contract may stand in for per-loan consent.",
  })
  allowStandingConsent!: boolean;

  @Field(() => Int, {
    description: 'Months during which the borrower may not hire the lent employee.',
  })
  noPoachingMonths!: number;

  @Field(() => Int, {
    description:
      'A borrower cancelling a loan this many hours or fewer before its start pays a charge.',
  })
  lateCancellationHours!: number;

  @Field(() => Int, { description: 'Hours the borrower owes the lender for a late cancellation.' })
  lateCancellationChargeHours!: number;

  @Field(() => Float, { description: 'Matching weight of skill fit.' })
  weightSkill!: number;

  @Field(() => Float, { description: 'Matching weight of coverage (period and half-days).' })
  weightCoverage!: number;

  @Field(() => Float, { description: 'Matching weight of (short) travel distance.' })
  weightDistance!: number;

  @Field(() => Float, {
    description: 'Matching weight of rotation (sharing loans fairly among colleagues).',
  })
  weightRotation!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

/** A lending pool. */
@ObjectType('Pool', {
  description:
    'A collegial lending pool ("collegiaal in- en uitlenen") run by a branch association or business circle.',
})
export class PoolModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Name of the pool.' })
  name!: string;

  @Field({ description: 'Region it serves, e.g. Flevoland.' })
  region!: string;

  @Field({ description: 'Branch, e.g. installation technology or metal.' })
  branch!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}
