import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from '../common/scalars';

/** A skill an employee holds. */
@ObjectType('EmployeeSkill', {
  description: 'A skill an employee holds, at level 1-5; certificates carry their expiry date.',
})
export class EmployeeSkillModel {
  @Field(() => ID, { description: 'Identifier of the skill (see `skill`).' })
  skillId!: string;

  @Field(() => Int, { description: 'Level 1 (beginner) to 5 (expert).' })
  level!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day the certificate is valid; null for skills without a certificate.',
  })
  validUntil!: string | null;
}

/**
 * A member firm's employee. Everything here is personal data, visible only to the own company's
 * HR and to the employee itself; other modules nest it through `EmployeeService.visibleById`.
 */
@ObjectType('Employee', {
  description:
    "An employee of a member firm. Personal data: only the own company's HR and the employee itself see it; coordinators see aggregates instead.",
})
export class EmployeeModel {
  @Field(() => ID, { description: 'Identifier of the employee.' })
  id!: string;

  @Field({ description: 'First name.' })
  firstName!: string;

  @Field({ description: 'Last name; lists are sorted by it.' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Work email address.' })
  workEmail!: string | null;

  @Field(() => String, { nullable: true, description: 'Work phone number.' })
  workPhone!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Postcode of the home base, e.g. 1312 AB (travel distance starts here).',
  })
  homePostcode!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "Latitude of the home base (WGS 84); null means the employer's location.",
  })
  homeLatitude!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Longitude of the home base (WGS 84); null means the employer's location.",
  })
  homeLongitude!: number | null;

  @Field(() => Int, { description: 'Longest travel distance (km) the employee accepts, 0-500.' })
  maxTravelKm!: number;

  @Field({
    description:
      'Whether the employer offers this employee for lending ("collegiaal uitlenen"); never for a SCHOOL.',
  })
  lendable!: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Date of the lending clause in the contract (standing consent), where the pool terms let it stand in for per-loan consent.',
  })
  standingConsentDate!: string | null;

  @Field(() => Int, {
    description: 'Version of the record; pass it as `expectedVersion` to `updateEmployee`.',
  })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the record was last changed.' })
  updatedAt!: Date;
}
