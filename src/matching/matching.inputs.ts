import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { ProposalStatus } from './matching.enums';
import { MAX_SUGGESTIONS } from './matching.service';

@ArgsType()
export class SuggestCandidatesArgs {
  @Field(() => ID)
  @IsUUID()
  demandId!: string;

  @Field(() => Int, { defaultValue: 10, description: `How many, at most ${MAX_SUGGESTIONS}.` })
  @Min(1)
  @Max(MAX_SUGGESTIONS)
  first: number = 10;
}

@ArgsType()
export class MatchRunsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  poolId!: string;
}

@ArgsType()
export class MatchProposalsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @Field(() => ProposalStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProposalStatus)
  status?: ProposalStatus;
}
