import { ArgsType, Field, Float, ID, InputType, Int, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { DateScalar } from '../common/scalars';
import { IsDutchPostcode, IsEmailAddress, Trim } from '../common/validation';

/**
 * The field may be left out, but not sent as null: unlike `@IsOptional()`, null still has to pass
 * the other validators (for columns that have no null).
 */
function IsOmittable() {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Digits with the usual separators, optionally with a leading `+` or area code in brackets. */
const PHONE = /^[+(]?[0-9][0-9 ()./-]*$/;

@InputType({
  description:
    'A new employee of your own company (HR). The company comes from your login, never from the input.',
})
export class CreateEmployeeInput {
  @Field({ description: 'First name, 1-100 characters.' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName!: string;

  @Field({ description: 'Last name, 1-100 characters.' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Work email address.' })
  @IsOptional()
  @Trim()
  @IsEmailAddress()
  @MaxLength(254)
  workEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Work phone number, at most 30 characters.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(30)
  @Matches(PHONE, { message: 'workPhone must be a phone number such as +31 36 123 4567' })
  workPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Dutch postcode of the home base, 1234 AB.' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  @IsDutchPostcode()
  homePostcode?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Latitude of the home base (WGS 84); together with `homeLongitude` or not at all.',
  })
  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  homeLatitude?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Longitude of the home base (WGS 84); together with `homeLatitude` or not at all.',
  })
  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  homeLongitude?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Longest travel distance in km the employee accepts, 0-500 (new records: 30).',
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(500)
  maxTravelKm?: number;

  @Field({
    nullable: true,
    description: 'Offer the employee for lending (new records: false). Never for a SCHOOL.',
  })
  @IsOmittable()
  @IsBoolean()
  lendable?: boolean;

  @Field(() => Int, {
    description:
      "Employer's full cost per hour in euro cents, 1-100000. Confidential to your own company.",
  })
  @IsInt()
  @Min(1)
  @Max(100_000)
  hourlyCostCents!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Date of the lending clause in the contract (standing consent), if any.',
  })
  @IsOptional()
  @IsString()
  standingConsentDate?: string | null;
}

@InputType({
  description:
    'Changes to an employee (HR of its company). Omitted fields stay as they are; null clears an optional one.',
})
export class UpdateEmployeeInput extends PartialType(CreateEmployeeInput, {
  // Null may clear an optional field (their own @IsOptional allows it) but not a required one.
  skipNullProperties: false,
}) {
  @Field(() => ID, { description: 'The employee to change.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, {
    description:
      'The `version` you last read; a CONFLICT (STALE_VERSION) when someone changed the record since.',
  })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

@InputType({ description: 'One skill of an employee.' })
export class EmployeeSkillInput {
  @Field(() => ID, { description: 'The skill (see `skills`).' })
  @IsUUID()
  skillId!: string;

  @Field(() => Int, { description: 'Level 1 (beginner) to 5 (expert).' })
  @IsInt()
  @Min(1)
  @Max(5)
  level!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day the certificate is valid; required for certificate skills.',
  })
  @IsOptional()
  @IsString()
  validUntil?: string | null;
}

@ArgsType()
export class SetEmployeeSkillsArgs {
  @Field(() => ID, { description: 'The employee whose skills to replace.' })
  @IsUUID()
  employeeId!: string;

  @Field(() => [EmployeeSkillInput], {
    description: 'The complete new set of skills (each skill once); an empty list clears them.',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EmployeeSkillInput)
  skills!: EmployeeSkillInput[];
}

@ArgsType()
export class EmployeesArgs extends ConnectionArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only employees of this company (HR always sees only its own company anyway).',
  })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only (non-)lendable employees.' })
  @IsOptional()
  @IsBoolean()
  lendable?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only employees holding this skill.' })
  @IsOptional()
  @IsUUID()
  skillId?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'With `skillId`: only employees holding it at this level (1-5) or higher.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  minLevel?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Only employees whose first or last name contains this text (case-insensitive).',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  search?: string;
}
