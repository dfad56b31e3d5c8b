import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsArray,
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
  ArrayMaxSize,
} from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { DateScalar } from '../common/scalars';
import { MaxDecimals, Trim } from '../common/validation';
import { TimesheetStatus } from './timesheet.enums';

/** Most hours one day holds under the Working Hours Act. */
export const MAX_HOURS_PER_DAY = 12;

@InputType({
  description:
    "Hours worked on a loan on one date, registered by the borrower's HR. Submitting again for the same loan and date corrects an entry that is still SUBMITTED or DISPUTED.",
})
export class SubmitHoursInput {
  @Field(() => ID, { description: 'The loan.' })
  @IsUUID()
  loanId!: string;

  @Field(() => DateScalar, {
    description:
      "The day worked: within the loan's period, on a weekday of its half-days, not in the future.",
  })
  @IsString()
  date!: string;

  @Field(() => Float, {
    description: `Hours worked, above 0 and at most ${MAX_HOURS_PER_DAY}, at most two decimals (7.25 = 7 h 15 min).`,
  })
  @IsNumber()
  @MaxDecimals(2)
  @IsPositive()
  @Max(MAX_HOURS_PER_DAY)
  hours!: number;

  @Field(() => String, { nullable: true, description: 'A comment, at most 1000 characters.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

@ArgsType()
export class DecideHoursArgs {
  @Field(() => ID, { description: 'The timesheet entry.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version you decided on; CONFLICT (STALE_VERSION) when the entry changed since (recommended).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@ArgsType()
export class DisputeHoursArgs extends DecideHoursArgs {
  @Field(() => Float, {
    description: `The hours you hold were worked, above 0 and at most ${MAX_HOURS_PER_DAY}, at most two decimals.`,
  })
  @IsNumber()
  @MaxDecimals(2)
  @IsPositive()
  @Max(MAX_HOURS_PER_DAY)
  counterHours!: number;

  @Field({ description: 'Why, 2-1000 characters.' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  note!: string;
}

@ArgsType()
export class TimesheetEntriesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only entries of this loan.' })
  @IsOptional()
  @IsUUID()
  loanId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only days on or after this one.' })
  @IsOptional()
  @IsString()
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only days on or before this one.' })
  @IsOptional()
  @IsString()
  to?: string;

  @Field(() => [TimesheetStatus], { nullable: true, description: 'Only entries in these states.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(TimesheetStatus, { each: true })
  status?: TimesheetStatus[];
}
