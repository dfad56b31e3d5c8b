import { containsPattern } from '../common/sql';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UserRole } from '../auth/actor';
import { requireActor, requireRole } from '../auth/authorize';
import { NotFoundError } from '../common/errors';
import { listLoader, rowLoader } from '../common/loaders';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { Skill } from './skill.entity';
import { CreateSkillInput, SkillsArgs } from './skill.inputs';

/**
 * The skill taxonomy. It is not confidential: every authenticated user may read it, and admins
 * and coordinators extend it.
 */
@Injectable()
export class SkillService {
  async list(ctx: RequestContext, args: SkillsArgs): Promise<ConnectionPage<Skill>> {
    requireActor(ctx);
    const qb = ctx.manager.getRepository(Skill).createQueryBuilder('skill');
    if (args.category) qb.andWhere('skill.category = :category', { category: args.category });
    if (args.parentId) qb.andWhere('skill.parent_id = :parentId', { parentId: args.parentId });
    if (args.search) {
      qb.andWhere('(skill.code ILIKE :search OR skill.name ILIKE :search)', {
        search: containsPattern(args.search),
      });
    }
    // Ordered by the unique code (skill_code_key serves as its index).
    return paginate(qb, args, {
      sortExpression: 'skill.code',
      idExpression: 'skill.id',
      sortKey: (s) => s.code,
      id: (s) => s.id,
    });
  }

  async get(ctx: RequestContext, id: string): Promise<Skill> {
    requireActor(ctx);
    const skill = await this.byId(ctx).load(id);
    if (!skill) throw new NotFoundError('Skill', id);
    return skill;
  }

  /** ADMIN or a coordinator adds an entry; a duplicate code is a CONFLICT (`skill_code_key`). */
  async create(ctx: RequestContext, input: CreateSkillInput): Promise<Skill> {
    requireRole(ctx, UserRole.ADMIN, UserRole.POOL_COORDINATOR);
    const repo = ctx.manager.getRepository(Skill);
    // A friendly NOT_FOUND first; the foreign key skill_parent_id_fkey is the guarantee.
    if (input.parentId && !(await repo.existsBy({ id: input.parentId }))) {
      throw new NotFoundError('Parent skill', input.parentId);
    }
    return repo.save(
      repo.create({
        code: input.code,
        name: input.name,
        category: input.category,
        parentId: input.parentId ?? null,
        requiresCertificate: input.requiresCertificate ?? false,
      }),
    );
  }

  /** Skills by id, in one query per batch; for nested fields of any module. */
  byId(ctx: RequestContext) {
    return rowLoader(
      ctx,
      'skill.byId',
      (ids) => ctx.manager.getRepository(Skill).findBy({ id: In([...ids]) }),
      (s) => s.id,
    );
  }

  /** The direct children of each skill, by code. */
  childrenByParent(ctx: RequestContext) {
    return listLoader(
      ctx,
      'skill.childrenByParent',
      (ids) =>
        ctx.manager
          .getRepository(Skill)
          .find({ where: { parentId: In([...ids]) }, order: { code: 'ASC' } }),
      (s) => s.parentId as string,
    );
  }
}
