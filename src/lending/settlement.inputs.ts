import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsUUID, Matches } from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';

/** A calendar month, `YYYY-MM`. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

@ArgsType()
export class CloseSettlementMonthArgs {
  @Field(() => ID, { description: 'The pool whose month to close.' })
  @IsUUID()
  poolId!: string;

  @Field({ description: 'The month, `YYYY-MM`; it must be over.' })
  @Matches(MONTH, { message: 'month must be a month such as 2026-10' })
  month!: string;

  @Field({
    defaultValue: false,
    description:
      'Close even though entries of the month are still SUBMITTED or DISPUTED; they are left out for good (counted in `leftOutEntries`).',
  })
  @IsOptional()
  @IsBoolean()
  force!: boolean;
}

@ArgsType()
export class SettlementsArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'Only this month, `YYYY-MM`.' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be a month such as 2026-10' })
  month?: string;

  @Field(() => ID, { nullable: true, description: 'Only settlements of this loan.' })
  @IsOptional()
  @IsUUID()
  loanId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Only settlements this company is a party to (as lender or borrower).',
  })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @Field(() => ID, { nullable: true, description: 'Only settlements of this pool.' })
  @IsOptional()
  @IsUUID()
  poolId?: string;
}
