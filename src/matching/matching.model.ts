import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars';
import { Optimality, ProposalStatus, UnfilledReason } from './matching.enums';

@ObjectType('ScoreBreakdown', {
  description:
    'The parts of a match score, each in [0, 1]; the score is their mean weighted by the pool terms.',
})
export class ScoreBreakdownModel {
  @Field(() => Float, {
    description:
      'Skill fit: mandatory skills met (0.5) plus levels above the minimum; nice-to-haves held.',
  })
  skill!: number;

  @Field(() => Float, {
    description:
      'Share of the requested hours (period and half-days) the candidate is available for.',
  })
  coverage!: number;

  @Field(() => Float, { description: '1 at the site, 0 at the travel limit.' })
  distance!: number;

  @Field(() => Float, {
    description: "Rotation: 1 for the firm's colleague lent out least in the last 12 months.",
  })
  rotation!: number;
}

@ObjectType('SkillLevel', {
  description: 'A skill a candidate holds that the demand asks for, with its level.',
})
export class SkillLevelModel {
  @Field(() => ID)
  skillId!: string;

  @Field(() => Int, { description: 'Level 1-5.' })
  level!: number;
}

@ObjectType('AnonymousProfile', {
  description:
    'What a borrower sees of a candidate before the employee consented and the borrower confirmed: no name, no contact, no cost details beyond the rate.',
})
export class AnonymousProfileModel {
  @Field(() => [SkillLevelModel], {
    description: 'The requested skills the candidate holds, with levels.',
  })
  skills!: SkillLevelModel[];

  @Field(() => Int, { description: 'Travel distance to the site, rounded to whole km.' })
  distanceKm!: number;

  @Field(() => Float, { description: 'Share of the requested hours covered, in [0, 1].' })
  coverage!: number;

  @Field(() => Int, { description: 'Hourly rate in euro cents: the cost price, never a margin.' })
  rateCents!: number;
}

@ObjectType('CandidateSuggestion', { description: 'A ranked candidate for a demand (anonymous).' })
export class CandidateSuggestionModel {
  @Field(() => Int, { description: '1 for the best candidate.' })
  rank!: number;

  @Field(() => Float, { description: 'Match score in [0, 1].' })
  score!: number;

  @Field(() => ScoreBreakdownModel)
  breakdown!: ScoreBreakdownModel;

  @Field(() => AnonymousProfileModel)
  profile!: AnonymousProfileModel;
}

@ObjectType('MatchProposal', { description: 'One employee proposed for one demand.' })
export class MatchProposalModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  demandId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The run that made it; null for a proposal made by hand.',
  })
  runId!: string | null;

  @Field(() => ProposalStatus)
  status!: ProposalStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was declined or refused, when a reason was given.',
  })
  declineReason!: string | null;

  @Field(() => Int, {
    description:
      'Version of the record; every move raises it. Pass it as `expectedVersion` to the moves.',
  })
  version!: number;

  @Field(() => Float)
  score!: number;

  @Field(() => ScoreBreakdownModel)
  scoreBreakdown!: ScoreBreakdownModel;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType('UnfilledPosition', {
  description:
    'Positions of a demand that a run could not fill, with the reason ("when everyone is busy").',
})
export class UnfilledPositionModel {
  @Field(() => ID)
  demandId!: string;

  @Field(() => Int, { description: 'Open positions left unfilled by this run.' })
  positions!: number;

  @Field(() => UnfilledReason)
  reason!: UnfilledReason;

  @Field(() => ID, { nullable: true, description: 'With NO_SKILL: the scarce mandatory skill.' })
  skillId!: string | null;

  @Field(() => Int, { description: 'Employees of active members with capacity that were checked.' })
  candidatesConsidered!: number;
}

@ObjectType('MatchRun', { description: 'A batch matching run over all open demand of a pool.' })
export class MatchRunModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  poolId!: string;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => DateTimeScalar)
  finishedAt!: Date;

  @Field(() => Int, { description: 'Open demands with open positions.' })
  demandsConsidered!: number;

  @Field(() => Int)
  positionsOpen!: number;

  @Field(() => Int, { description: 'As many as possible: the first goal of the assignment.' })
  positionsFilled!: number;

  @Field(() => Int, { description: 'Eligible (demand, employee) pairs the solver chose from.' })
  candidatePairs!: number;

  @Field(() => Float, { description: 'Sum of the scores of the proposals.' })
  totalScore!: number;

  @Field(() => Optimality)
  optimality!: Optimality;

  @Field(() => Float, {
    description:
      'Certified upper bound on the total score for this filling (equals it when EXACT).',
  })
  scoreBound!: number;

  @Field(() => Float, {
    description: 'scoreBound - totalScore, relative to scoreBound (0 when EXACT).',
  })
  gap!: number;

  @Field(() => Int)
  solverMillis!: number;

  @Field(() => Int)
  totalMillis!: number;
}

@ObjectType('DemandPriority', {
  description:
    'Why a demand is helped before or after others: reciprocity (hours lent minus borrowed by the borrower in this pool over the last 12 months), then the earliest start, then posting time.',
})
export class DemandPriorityModel {
  @Field(() => Float, {
    description: 'Hours the borrower lent minus hours it borrowed in this pool, last 12 months.',
  })
  balanceHours!: number;

  @Field(() => Int, {
    nullable: true,
    description: '1 = helped first among the open demands of the pool; null when not open.',
  })
  rank!: number | null;

  @Field(() => Int, { description: 'Headcount minus live loans and live proposals.' })
  openPositions!: number;
}
