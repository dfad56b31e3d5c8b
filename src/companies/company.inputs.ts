import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  IsEnum,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { IsDutchPostcode, Trim } from '../common/validation';
import { CompanyKind, MembershipStatus } from './company.enums';

@InputType()
export class RegisterCompanyInput {
  @Field()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @Field({ description: 'KvK number: exactly 8 digits.' })
  @Trim()
  @IsString()
  @Matches(/^[0-9]{8}$/, { message: 'kvkNumber must be exactly 8 digits' })
  kvkNumber!: string;

  @Field(() => CompanyKind, { nullable: true, description: 'Default EMPLOYER.' })
  @IsOptional()
  @IsEnum(CompanyKind)
  kind?: CompanyKind;

  @Field()
  @IsString()
  @IsDutchPostcode()
  postcode!: string;

  @Field()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  city!: string;

  @Field(() => Float)
  @IsNumber()
  @Min(-90)
  @Max(90)
  latitude!: number;

  @Field(() => Float)
  @IsNumber()
  @Min(-180)
  @Max(180)
  longitude!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'Admit the company to this pool at once (required for a coordinator: one of its own pools).',
  })
  @IsOptional()
  @IsUUID()
  poolId?: string;
}

@ArgsType()
export class CompaniesArgs extends ConnectionArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only companies with a membership in this pool.',
  })
  @IsOptional()
  @IsUUID()
  poolId?: string;

  @Field(() => MembershipStatus, {
    nullable: true,
    description: 'With `poolId`: only memberships in this state.',
  })
  @IsOptional()
  @IsEnum(MembershipStatus)
  membershipStatus?: MembershipStatus;

  @Field(() => CompanyKind, { nullable: true })
  @IsOptional()
  @IsEnum(CompanyKind)
  kind?: CompanyKind;
}

@ArgsType()
export class MembershipsArgs extends ConnectionArgs {
  @Field(() => MembershipStatus, { nullable: true })
  @IsOptional()
  @IsEnum(MembershipStatus)
  status?: MembershipStatus;
}

/** Decisions a coordinator (or, for LEFT, the company itself) can take. */
export const DECIDABLE = [
  MembershipStatus.ACTIVE,
  MembershipStatus.SUSPENDED,
  MembershipStatus.LEFT,
] as const;

@InputType()
export class DecideMembershipInput {
  @Field(() => ID)
  @IsUUID()
  membershipId!: string;

  @Field(() => MembershipStatus, {
    description: 'ACTIVE (admit or reinstate), SUSPENDED, or LEFT.',
  })
  @IsIn(DECIDABLE)
  status!: MembershipStatus;
}
