import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../common/graphql-context';
import { Connection, ConnectionPage } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { Skill } from './skill.entity';
import { CreateSkillInput, SkillsArgs } from './skill.inputs';
import { SkillModel } from './skill.model';
import { SkillService } from './skill.service';

const SkillConnection = Connection(SkillModel);

@Resolver(() => SkillModel)
export class SkillResolver {
  constructor(private readonly skills: SkillService) {}

  @Query(() => SkillConnection, {
    name: 'skills',
    description: 'The skill taxonomy, sorted by code (any signed-in user).',
  })
  listSkills(@Ctx() ctx: RequestContext, @Args() args: SkillsArgs): Promise<ConnectionPage<Skill>> {
    return this.skills.list(ctx, args);
  }

  @Query(() => SkillModel, { description: 'One entry of the skill taxonomy.' })
  skill(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<Skill> {
    return this.skills.get(ctx, id);
  }

  @Mutation(() => SkillModel, {
    description: 'Add an entry to the skill taxonomy (ADMIN or POOL_COORDINATOR).',
  })
  createSkill(@Ctx() ctx: RequestContext, @Args('input') input: CreateSkillInput): Promise<Skill> {
    return this.skills.create(ctx, input);
  }

  @ResolveField(() => SkillModel, {
    nullable: true,
    description: 'The broader skill this one specialises, if any.',
  })
  async parent(@Ctx() ctx: RequestContext, @Parent() skill: Skill): Promise<Skill | null> {
    return skill.parentId ? this.skills.byId(ctx).load(skill.parentId) : null;
  }

  @ResolveField(() => [SkillModel], {
    description: 'The skills that specialise this one, by code.',
  })
  children(@Ctx() ctx: RequestContext, @Parent() skill: Skill): Promise<Skill[]> {
    return this.skills.childrenByParent(ctx).load(skill.id);
  }
}
