import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { SkillModel } from '../skills/skill.model';
import { DemandStatus } from './demand.enums';

/** A skill a demand asks for, loaded with its skill (`DemandService.requirementsByDemand`). */
@ObjectType('DemandSkillRequirement', {
  description:
    'A skill a peak asks for: mandatory ones filter candidates, nice-to-haves add to the score.',
})
export class DemandSkillRequirementModel {
  @Field(() => ID, { description: 'Identifier of the skill (see `skill`).' })
  skillId!: string;

  @Field(() => Int, { description: 'Lowest acceptable level, 1 (beginner) to 5 (expert).' })
  minLevel!: number;

  @Field({ description: 'True: candidates must hold it; false: a nice-to-have.' })
  mandatory!: boolean;

  // A plain property, not a field resolver: the requirements' loader reads the skill in the same
  // statement, so no per-requirement resolver call (and its Nest wrapper) is needed.
  @Field(() => SkillModel, { description: 'The skill asked for.' })
  skill!: SkillModel;
}

/**
 * A peak. Period, half-days, requirements and the nested company and pool are resolved in
 * `DemandRequestResolver` from the stored row.
 */
@ObjectType('DemandRequest', {
  description:
    'A peak: a borrower asks its pool for hands for a period, on some half-days a week, with skill requirements. Offered to the whole pool, so it carries no personal data.',
})
export class DemandRequestModel {
  @Field(() => ID, { description: 'Identifier of the demand.' })
  id!: string;

  @Field({ description: 'Short title.' })
  title!: string;

  @Field({ description: 'The work; empty when none was given.' })
  description!: string;

  @Field({ description: 'Postcode of the work site, e.g. 8232 AA.' })
  sitePostcode!: string;

  @Field({ description: 'City of the work site.' })
  siteCity!: string;

  @Field(() => Float, { description: 'Latitude of the work site (WGS 84).' })
  siteLatitude!: number;

  @Field(() => Float, { description: 'Longitude of the work site (WGS 84).' })
  siteLongitude!: number;

  @Field(() => Float, { description: 'Hours a week per person.' })
  hoursPerWeek!: number;

  @Field(() => Int, { description: 'People needed.' })
  headcount!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Longest travel distance (km) from home base to site; null: the pool terms decide.',
  })
  maxTravelKm!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Highest hourly rate (cost price) the borrower accepts, in euro cents; null: any.',
  })
  maxHourlyRateCents!: number | null;

  @Field(() => DemandStatus, { description: 'Where the demand is in its lifecycle.' })
  status!: DemandStatus;

  @Field(() => DateTimeScalar, { description: 'When the demand was posted; lists sort by it.' })
  postedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was cancelled, if it was.' })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The borrower's reason for cancelling." })
  cancelReason!: string | null;

  @Field(() => Int, { description: 'Version of the record; every change raises it.' })
  version!: number;
}
