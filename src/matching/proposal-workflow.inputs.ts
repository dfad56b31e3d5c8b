import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { Trim } from '../common/validation';

@ArgsType()
export class ProposalMoveArgs {
  @Field(() => ID, { description: 'The proposal.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The `version` you read; CONFLICT (STALE_VERSION) when the proposal changed since.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@ArgsType()
export class ProposalDeclineArgs {
  @Field(() => ID, { description: 'The proposal.' })
  @IsUUID()
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, at most 1000 characters; the other side reads it.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}
