import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DateTimeScalar } from '../common/scalars';

/** Terms to set; omitted fields keep the previous version's value (or the default). */
@InputType({
  description:
    'Pool terms; omitted fields keep their current value (or the Dutch-practice default).',
})
export class PoolTermsInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  maxOverheadPercent?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(52)
  maxLoanWeeks?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(2160)
  minLeadTimeHours?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(90)
  recallNoticeDays?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(500)
  maxTravelKm?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0.001)
  @Max(1)
  minCoverage?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  requireEmployeeConsent?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  allowStandingConsent?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(60)
  noPoachingMonths?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(720)
  lateCancellationHours?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(200)
  lateCancellationChargeHours?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  weightSkill?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  weightCoverage?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  weightDistance?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  weightRotation?: number;
}

@InputType()
export class CreatePoolInput {
  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  region!: string;

  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  branch!: string;

  @Field(() => PoolTermsInput, {
    nullable: true,
    description: 'Initial terms; defaults follow Dutch practice.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PoolTermsInput)
  terms?: PoolTermsInput;
}

@InputType()
export class UpdatePoolTermsInput {
  @Field(() => ID)
  @IsUUID()
  poolId!: string;

  @Field(() => PoolTermsInput)
  @ValidateNested()
  @Type(() => PoolTermsInput)
  terms!: PoolTermsInput;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the new version takes effect; default now. Not in the past.',
  })
  @IsOptional()
  @IsDate()
  effectiveFrom?: Date;
}
