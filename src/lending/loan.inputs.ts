import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { Trim } from '../common/validation';
import { LoanStatus } from './lending.enums';

@ArgsType()
export class LoansArgs extends ConnectionArgs {
  @Field(() => [LoanStatus], { nullable: true, description: 'Only loans in one of these states.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(LoanStatus, { each: true })
  status?: LoanStatus[];

  @Field(() => ID, { nullable: true, description: 'Only loans for this demand.' })
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only loans this company is party to (as lender or borrower).',
  })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @Field(() => ID, { nullable: true, description: 'Only loans in this pool.' })
  @IsOptional()
  @IsUUID()
  poolId?: string;
}

/** Why a loan ends early: required, because the other side and the audit trail need it. */
@ArgsType()
export class EndLoanArgs {
  @Field(() => ID, { description: 'The loan.' })
  @IsUUID()
  id!: string;

  @Field({ description: 'Why, 1-1000 characters; put no personal data (health, say) in it.' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The `version` you read; CONFLICT (STALE_VERSION) when the loan changed since.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
