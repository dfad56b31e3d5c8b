import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { HalfDay } from '../common/half-day';
import { ConnectionArgs } from '../common/pagination/connection';
import { DateScalar } from '../common/scalars';
import { IsDutchPostcode, MaxDecimals, Trim } from '../common/validation';
import { DemandStatus } from './demand.enums';

/** Most skill requirements one demand may list. */
export const MAX_REQUIREMENTS = 30;

@InputType({ description: 'A skill a peak asks for.' })
export class DemandSkillRequirementInput {
  @Field(() => ID, { description: 'The skill (see `skills`).' })
  @IsUUID()
  skillId!: string;

  @Field(() => Int, { description: 'Lowest acceptable level, 1 (beginner) to 5 (expert).' })
  @IsInt()
  @Min(1)
  @Max(5)
  minLevel!: number;

  @Field({
    description: 'Mandatory skills filter candidates; nice-to-haves (false) only add to the score.',
  })
  @IsBoolean()
  mandatory!: boolean;
}

@InputType({
  description:
    'A peak: your company asks the pool for hands (HR of an ACTIVE member; schools borrow too). The borrower comes from your login. Offered to the whole pool, so put no personal data in it.',
})
export class PostDemandInput {
  @Field(() => ID, { description: 'The pool to ask; your company is an ACTIVE member.' })
  @IsUUID()
  poolId!: string;

  @Field({ description: 'Short title, 2-200 characters.' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true, description: 'The work, at most 5000 characters.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @Field({ description: 'Postcode of the work site, e.g. 8232 AA.' })
  @IsString()
  @IsDutchPostcode()
  sitePostcode!: string;

  @Field({ description: 'City of the work site.' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  siteCity!: string;

  @Field(() => Float, { description: 'Latitude of the work site (WGS 84).' })
  @IsNumber()
  @Min(-90)
  @Max(90)
  siteLatitude!: number;

  @Field(() => Float, { description: 'Longitude of the work site (WGS 84).' })
  @IsNumber()
  @Min(-180)
  @Max(180)
  siteLongitude!: number;

  @Field(() => DateScalar, {
    description: "First day; at least the pool terms' `minLeadTimeHours` from now.",
  })
  @IsString()
  startDate!: string;

  @Field(() => DateScalar, {
    description: "Last day (inclusive); the period spans at most the pool terms' `maxLoanWeeks`.",
  })
  @IsString()
  endDate!: string;

  @Field(() => [HalfDay], {
    nullable: true,
    description:
      'Half-days of the week the work needs, each once (default Monday to Friday, both halves).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(14)
  @ArrayUnique()
  @IsEnum(HalfDay, { each: true })
  halfDays?: HalfDay[] | null;

  @Field(() => Float, {
    description:
      'Hours a week per person: above 0, at most 60 and at most 4.5 per half-day given; one decimal.',
  })
  @IsNumber()
  @MaxDecimals(1)
  @IsPositive()
  @Max(60)
  hoursPerWeek!: number;

  @Field(() => Int, { description: 'People needed, 1-100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  headcount!: number;

  @Field(() => [DemandSkillRequirementInput], {
    description: `Skills asked for, each skill once, at most ${MAX_REQUIREMENTS}.`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_REQUIREMENTS)
  @ValidateNested({ each: true })
  @Type(() => DemandSkillRequirementInput)
  requirements!: DemandSkillRequirementInput[];

  @Field(() => Int, {
    nullable: true,
    description:
      "Longest travel distance (km) from a candidate's home base to the site, 1-500; the pool terms and the employee's own limit also apply.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  maxTravelKm?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Highest hourly rate (cost price) you accept, in euro cents, 1-100000.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxHourlyRateCents?: number | null;
}

@ArgsType()
export class CancelDemandArgs {
  @Field(() => ID, { description: 'The demand to cancel.' })
  @IsUUID()
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why, at most 1000 characters.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

@ArgsType()
export class DemandRequestsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only demand posted in this pool.' })
  @IsOptional()
  @IsUUID()
  poolId?: string;

  @Field(() => ID, { nullable: true, description: 'Only demand of this borrower.' })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @Field(() => [DemandStatus], {
    nullable: true,
    description: 'Only demand in one of these states.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(DemandStatus, { each: true })
  status?: DemandStatus[];

  @Field(() => ID, { nullable: true, description: 'Only demand that asks for this skill.' })
  @IsOptional()
  @IsUUID()
  skillId?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only demand whose period still runs on or after this day.',
  })
  @IsOptional()
  @IsString()
  overlapsFrom?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only demand whose period has begun on or before this day.',
  })
  @IsOptional()
  @IsString()
  overlapsTo?: string;
}
