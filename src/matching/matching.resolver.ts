import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandRequestModel } from '../demand/demand.model';
import { DemandService } from '../demand/demand.service';
import { Employee } from '../employees/employee.entity';
import { EmployeeModel } from '../employees/employee.model';
import { EmployeeService } from '../employees/employee.service';
import { Skill } from '../skills/skill.entity';
import { SkillModel } from '../skills/skill.model';
import { SkillService } from '../skills/skill.service';
import { MatchProposalsArgs, MatchRunsArgs, SuggestCandidatesArgs } from './matching.inputs';
import {
  AnonymousProfileModel,
  CandidateSuggestionModel,
  DemandPriorityModel,
  MatchProposalModel,
  MatchRunModel,
  SkillLevelModel,
  UnfilledPositionModel,
} from './matching.model';
import { MatchingJobService } from './matching-jobs.service';
import { MatchingService } from './matching.service';
import { MatchProposal } from './match-proposal.entity';
import { MatchRun, MatchUnfilled } from './match-run.entity';
import { ProposalService } from './proposal.service';

const MatchRunConnection = Connection(MatchRunModel);
const MatchProposalConnection = Connection(MatchProposalModel);

@Resolver(() => MatchRunModel)
export class MatchingResolver {
  constructor(
    private readonly matching: MatchingService,
    private readonly proposals: ProposalService,
    private readonly jobs: MatchingJobService,
  ) {}

  @Query(() => [CandidateSuggestionModel], {
    description:
      "Ranked candidates for one demand, as anonymous profiles (skills, distance, coverage, rate). For the demand's HR and the pool's coordinators.",
  })
  async suggestCandidates(
    @Ctx() ctx: RequestContext,
    @Args() args: SuggestCandidatesArgs,
  ): Promise<CandidateSuggestionModel[]> {
    const suggestions = await this.matching.suggestCandidates(ctx, args.demandId, args.first);
    return suggestions.map((s) => ({
      rank: s.rank,
      score: s.score,
      breakdown: s.breakdown,
      profile: {
        skills: s.skills,
        distanceKm: Math.round(s.row.distanceKm),
        coverage: Math.round(s.row.coverage * 1000) / 1000,
        rateCents: s.row.rateCents,
      },
    }));
  }

  @Mutation(() => MatchRunModel, {
    description:
      'Run batch matching over all open demand of a pool (coordinator): as many positions filled as possible, then the highest-priority demands, then the best total score; one proposal per employee per run.',
  })
  runMatching(
    @Ctx() ctx: RequestContext,
    @Args('poolId', { type: () => ID }) poolId: string,
  ): Promise<MatchRun> {
    return this.jobs.runMatching(ctx, poolId);
  }

  @Query(() => MatchRunConnection, {
    description: "A pool's matching runs, oldest first (coordinators).",
  })
  matchRuns(
    @Ctx() ctx: RequestContext,
    @Args() args: MatchRunsArgs,
  ): Promise<ConnectionPage<MatchRun>> {
    return this.matching.runs(ctx, args.poolId, args);
  }

  @Query(() => MatchRunModel)
  matchRun(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<MatchRun> {
    return this.matching.run(ctx, id);
  }

  @Query(() => MatchProposalConnection, {
    description:
      "Proposals you are party to: your employees', your demand's (anonymous), your own, or your pools' (anonymous).",
  })
  matchProposals(
    @Ctx() ctx: RequestContext,
    @Args() args: MatchProposalsArgs,
  ): Promise<ConnectionPage<MatchProposal>> {
    return this.proposals.list(ctx, args);
  }

  @ResolveField('proposals', () => [MatchProposalModel], {
    description: 'The proposals this run made.',
  })
  runProposals(@Ctx() ctx: RequestContext, @Parent() run: MatchRun): Promise<MatchProposal[]> {
    return this.matching.proposalsByRun(ctx).load(run.id);
  }

  @ResolveField(() => [UnfilledPositionModel], {
    description: 'Every position this run left open, with its reason.',
  })
  unfilled(@Ctx() ctx: RequestContext, @Parent() run: MatchRun): Promise<MatchUnfilled[]> {
    return this.matching.unfilledByRun(ctx).load(run.id);
  }
}

@Resolver(() => MatchProposalModel)
export class MatchProposalResolver {
  constructor(
    private readonly matching: MatchingService,
    private readonly demands: DemandService,
    private readonly employees: EmployeeService,
  ) {}

  @ResolveField(() => AnonymousProfileModel, {
    description: 'The candidate as the borrower sees it before confirmation.',
  })
  async profile(
    @Ctx() ctx: RequestContext,
    @Parent() p: MatchProposal,
  ): Promise<AnonymousProfileModel> {
    const skills = await this.matching.proposalSkills(ctx).load(p.id);
    return {
      skills: skills.map((s) => ({ skillId: s.skillId, level: s.level })),
      distanceKm: Math.round(p.distanceKm),
      coverage: p.coverage,
      rateCents: p.rateCents,
    };
  }

  @ResolveField(() => DemandRequestModel, {
    nullable: true,
    description: 'The demand the employee is proposed for.',
  })
  demand(@Ctx() ctx: RequestContext, @Parent() p: MatchProposal): Promise<DemandRequest | null> {
    return this.demands.visibleById(ctx).load(p.demandId);
  }

  @ResolveField(() => EmployeeModel, {
    nullable: true,
    description:
      "The employee's full record: for the lender's HR and the employee only. The borrower sees `contact` (name and work contact) once confirmed; coordinators neither.",
  })
  async employee(@Ctx() ctx: RequestContext, @Parent() p: MatchProposal): Promise<Employee | null> {
    if (!ctx.actor || !ProposalService.mayIdentify(ctx.actor, p)) return null;
    return this.employees.visibleById(ctx).load(p.employeeId);
  }
}

@Resolver(() => SkillLevelModel)
export class SkillLevelResolver {
  constructor(private readonly skills: SkillService) {}

  @ResolveField(() => SkillModel)
  async skill(@Ctx() ctx: RequestContext, @Parent() s: SkillLevelModel): Promise<Skill | null> {
    return this.skills.byId(ctx).load(s.skillId);
  }
}

@Resolver(() => UnfilledPositionModel)
export class UnfilledPositionResolver {
  constructor(
    private readonly skills: SkillService,
    private readonly demands: DemandService,
  ) {}

  @ResolveField(() => DemandRequestModel, { nullable: true })
  demand(@Ctx() ctx: RequestContext, @Parent() u: MatchUnfilled): Promise<DemandRequest | null> {
    return this.demands.visibleById(ctx).load(u.demandId);
  }

  @ResolveField(() => SkillModel, {
    nullable: true,
    description: 'With NO_SKILL: the scarce mandatory skill.',
  })
  async skill(@Ctx() ctx: RequestContext, @Parent() u: MatchUnfilled): Promise<Skill | null> {
    return u.skillId ? this.skills.byId(ctx).load(u.skillId) : null;
  }
}

@Resolver(() => DemandRequestModel)
export class DemandPriorityResolver {
  constructor(private readonly matching: MatchingService) {}

  @ResolveField(() => DemandPriorityModel, {
    description:
      'Where this demand stands in the queue of its pool (reciprocity, then start, then posting time).',
  })
  priority(
    @Ctx() ctx: RequestContext,
    @Parent() demand: DemandRequest,
  ): Promise<DemandPriorityModel> {
    return this.matching.priorityOf(ctx, demand);
  }
}
