import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
} from 'class-validator';
import { HalfDay } from '../common/half-day';
import { ConnectionArgs } from '../common/pagination/connection';
import { DateScalar } from '../common/scalars';
import { MaxDecimals } from '../common/validation';
import { AvailabilityStatus } from './availability.enums';

@InputType({
  description:
    "Idle capacity of one of your company's employees, offered in one pool (HR). The company comes from your login.",
})
export class PublishAvailabilityInput {
  @Field(() => ID, { description: 'The employee (of your own company, `lendable`).' })
  @IsUUID()
  employeeId!: string;

  @Field(() => ID, {
    description: 'The pool to offer the capacity in; your company is an ACTIVE member.',
  })
  @IsUUID()
  poolId!: string;

  @Field(() => DateScalar, { description: 'First free day; today or later.' })
  @IsString()
  startDate!: string;

  @Field(() => DateScalar, {
    description: 'Last free day (inclusive); at most 52 weeks after `startDate`.',
  })
  @IsString()
  endDate!: string;

  @Field(() => [HalfDay], {
    nullable: true,
    description:
      'Half-days of the week the employee is free, each once (default Monday to Friday, both halves).',
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
      'Hours a week on offer: above 0, at most 60 and at most 4.5 per half-day given; one decimal.',
  })
  @IsNumber()
  @MaxDecimals(1)
  @IsPositive()
  @Max(60)
  hoursPerWeek!: number;
}

@ArgsType()
export class AvailabilityWindowsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only windows offered in this pool.' })
  @IsOptional()
  @IsUUID()
  poolId?: string;

  @Field(() => ID, { nullable: true, description: 'Only windows of employees of this company.' })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @Field(() => ID, { nullable: true, description: 'Only windows of this employee.' })
  @IsOptional()
  @IsUUID()
  employeeId?: string;

  @Field(() => AvailabilityStatus, { nullable: true, description: 'Only windows in this state.' })
  @IsOptional()
  @IsEnum(AvailabilityStatus)
  status?: AvailabilityStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only windows that still run on or after this day.',
  })
  @IsOptional()
  @IsString()
  overlapsFrom?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only windows that have begun on or before this day.',
  })
  @IsOptional()
  @IsString()
  overlapsTo?: string;
}
