import { daysInclusive, startOfDayIn, TIME_ZONE } from '../common/calendar';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Actor, UserRole } from '../auth/actor';
import { requireActor, requireRole } from '../auth/authorize';
import { Company } from '../companies/company.entity';
import { CompanyService } from '../companies/company.service';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { halfDaysToNumbers, WORKING_WEEK } from '../common/half-day';
import { listLoader, loadVisible, rowLoader } from '../common/loaders';
import { ConnectionPage } from '../common/pagination/connection';
import { paginateSql } from '../common/pagination/paginate';
import { SqlParams } from '../common/sql';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../database/scope';
import { numericTransformer } from '../database/transformers';
import { jsonPairs, Projection, selectList } from '../common/projection';
import { TransactionRunner } from '../database/transaction';
import { IdempotencyService, IdempotentCall } from '../idempotency/idempotency.service';
import { DemandAction, demandEvent } from '../events/domain-event';
import { EventsService } from '../events/events.service';
import { PoolService } from '../pools/pool.service';
import { Skill } from '../skills/skill.entity';
import { SkillService } from '../skills/skill.service';
import { DemandRequest, DemandSkillRequirement } from './demand-request.entity';
import { DemandStatus } from './demand.enums';
import { DemandErrorReason } from './demand.errors';
import { CancelDemandArgs, DemandRequestsArgs, PostDemandInput } from './demand.inputs';

/** Most hours one half-day holds: hours per week may not exceed this times the half-days given. */
export const MAX_HOURS_PER_HALF_DAY = 4.5;

/** The states from which a borrower may cancel its demand. */
export const CANCELLABLE: readonly DemandStatus[] = [
  DemandStatus.OPEN,
  DemandStatus.PARTIALLY_FILLED,
];

function staleVersion(id: string): ConflictError {
  return new ConflictError(
    `Demand request ${id} was changed by someone else meanwhile; reload it and try again`,
    DemandErrorReason.STALE_VERSION,
  );
}

/**
 * A row of {@link DEMAND_COLUMNS}: the entity's fields with the hours as text and the period as
 * its first and last day (`demand_request_period_check` keeps both bounds finite).
 */
type DemandRow = Omit<DemandRequest, 'period' | 'hoursPerWeek'> & {
  periodStart: string;
  periodEnd: string;
  hoursPerWeek: string;
};

/**
 * A demand's columns as plain rows carry them (see {@link demandFromRow}), and the row fields each
 * field of the `DemandRequest` type reads (`priority`, in the matching module, reads them all).
 */
export const DEMAND_PROJECTION: Projection<Exclude<keyof DemandRow, 'company' | 'pool'>> = {
  columns: {
    id: 'd.id',
    companyId: 'd.company_id AS "companyId"',
    poolId: 'd.pool_id AS "poolId"',
    title: 'd.title',
    description: 'd.description',
    sitePostcode: 'd.site_postcode AS "sitePostcode"',
    siteCity: 'd.site_city AS "siteCity"',
    siteLatitude: 'd.site_latitude AS "siteLatitude"',
    siteLongitude: 'd.site_longitude AS "siteLongitude"',
    periodStart: 'lower(d.period)::text AS "periodStart"',
    periodEnd: '(upper(d.period) - 1)::text AS "periodEnd"',
    halfDays: 'd.half_days AS "halfDays"',
    hoursPerWeek: 'd.hours_per_week::text AS "hoursPerWeek"',
    headcount: 'd.headcount',
    maxTravelKm: 'd.max_travel_km AS "maxTravelKm"',
    maxHourlyRateCents: 'd.max_hourly_rate_cents AS "maxHourlyRateCents"',
    status: 'd.status',
    postedAt: 'd.posted_at AS "postedAt"',
    postedByUserId: 'd.posted_by_user_id AS "postedByUserId"',
    cancelledAt: 'd.cancelled_at AS "cancelledAt"',
    cancelReason: 'd.cancel_reason AS "cancelReason"',
    version: 'd.version',
  },
  reads: {
    __typename: [],
    id: ['id'],
    title: ['title'],
    description: ['description'],
    sitePostcode: ['sitePostcode'],
    siteCity: ['siteCity'],
    siteLatitude: ['siteLatitude'],
    siteLongitude: ['siteLongitude'],
    hoursPerWeek: ['hoursPerWeek'],
    headcount: ['headcount'],
    maxTravelKm: ['maxTravelKm'],
    maxHourlyRateCents: ['maxHourlyRateCents'],
    status: ['status'],
    postedAt: ['postedAt'],
    cancelledAt: ['cancelledAt'],
    cancelReason: ['cancelReason'],
    version: ['version'],
    // What the field resolvers of DemandRequestResolver read.
    company: ['companyId'],
    pool: ['poolId'],
    startDate: ['periodStart'],
    endDate: ['periodEnd'],
    halfDays: ['halfDays'],
    requirements: ['id'],
  },
  // The id and the list's sort key (the cursor).
  always: ['id', 'postedAt'],
};

/** Every column of a demand, for the reads that hand out whole entities. */
const DEMAND_COLUMNS = selectList(DEMAND_PROJECTION, undefined);

/**
 * The entity's values from a plain row. Field by field rather than by spreading the row: a list
 * maps every row of its page, and copying with rest and spread cost more than the rest of the
 * mapping (`npm run bench:api`, CPU profile); a row with more columns (a list's relations) then
 * passes only the demand's own. A list's row may leave out the columns no selected field reads
 * ({@link DEMAND_PROJECTION}); those fields stay undefined.
 */
function demandFromRow(row: DemandRow): DemandRequest {
  return {
    id: row.id,
    companyId: row.companyId,
    poolId: row.poolId,
    title: row.title,
    description: row.description,
    sitePostcode: row.sitePostcode,
    siteCity: row.siteCity,
    siteLatitude: row.siteLatitude,
    siteLongitude: row.siteLongitude,
    period: { start: row.periodStart, end: row.periodEnd },
    halfDays: row.halfDays,
    hoursPerWeek: numericTransformer.from(row.hoursPerWeek) as number,
    headcount: row.headcount,
    maxTravelKm: row.maxTravelKm,
    maxHourlyRateCents: row.maxHourlyRateCents,
    status: row.status,
    postedAt: row.postedAt,
    postedByUserId: row.postedByUserId,
    cancelledAt: row.cancelledAt,
    cancelReason: row.cancelReason,
    version: row.version,
  };
}

/** A requirement with its skill, as `requirementsByDemand` loads it. */
export type RequirementWithSkill = Omit<
  DemandSkillRequirement,
  'skill' | 'demand' | 'poolId' | 'companyId'
> & {
  skill: Skill;
};

/** A skill (alias `s`) as JSON, and what each field of the `Skill` type reads. */
export const SKILL_PROJECTION: Projection<Exclude<keyof Skill, 'parent'>> = {
  columns: {
    id: 's.id',
    code: 's.code',
    name: 's.name',
    category: 's.category',
    parentId: 's.parent_id',
    requiresCertificate: 's.requires_certificate',
    createdAt: 's.created_at',
  },
  reads: {
    __typename: [],
    id: ['id'],
    code: ['code'],
    name: ['name'],
    category: ['category'],
    parentId: ['parentId'],
    requiresCertificate: ['requiresCertificate'],
    createdAt: ['createdAt'],
    // SkillResolver's fields.
    parent: ['parentId'],
    children: ['id'],
  },
  always: ['id'],
};

/**
 * One requirement (alias `r`) with its skill (alias `s`) as a JSON object, the skill with the
 * fields `skillFields` (of the `Skill` type) read; undefined: all of them.
 */
function requirementJson(skillFields?: ReadonlySet<string>): string {
  const pairs = jsonPairs(SKILL_PROJECTION, skillFields);
  return `json_build_object('demandId', r.demand_id, 'skillId', r.skill_id,
    'minLevel', r.min_level, 'mandatory', r.mandatory, 'skill', json_build_object(${pairs}))`;
}

/** Every field of a requirement and its skill, for the requirements' loader. */
const REQUIREMENT_JSON = requirementJson();

/** Requirements in their order: mandatory ones first, then by level and skill. */
const REQUIREMENT_ORDER = 'r.mandatory DESC, r.min_level DESC, r.skill_id';

/** An instant JSON carries as text, or undefined when the projection left it out. */
function instantFromJson(value: string | Date): Date {
  // Undefined stays undefined: no selected field reads it (see src/common/projection.ts).
  return (value === undefined ? value : new Date(value)) as Date;
}

/** A requirement from {@link requirementJson} (JSON carries the instant as text). */
function requirementFromJson(
  json: RequirementWithSkill & { skill: { createdAt: string | Date } },
): RequirementWithSkill {
  const skill = json.skill;
  return {
    demandId: json.demandId,
    skillId: json.skillId,
    minLevel: json.minLevel,
    mandatory: json.mandatory,
    skill: {
      id: skill.id,
      code: skill.code,
      name: skill.name,
      category: skill.category,
      parentId: skill.parentId,
      requiresCertificate: skill.requiresCertificate,
      createdAt: instantFromJson(skill.createdAt),
    },
  };
}

/** The borrower (alias `c`) as JSON, and what each field of the `Company` type reads. */
export const COMPANY_PROJECTION: Projection<keyof Company & string> = {
  columns: {
    id: 'c.id',
    name: 'c.name',
    kvkNumber: 'c.kvk_number',
    kind: 'c.kind',
    postcode: 'c.postcode',
    city: 'c.city',
    latitude: 'c.latitude',
    longitude: 'c.longitude',
    createdAt: 'c.created_at',
  },
  reads: {
    __typename: [],
    id: ['id'],
    name: ['name'],
    kvkNumber: ['kvkNumber'],
    kind: ['kind'],
    postcode: ['postcode'],
    city: ['city'],
    latitude: ['latitude'],
    longitude: ['longitude'],
    createdAt: ['createdAt'],
    // CompanyResolver's field.
    memberships: ['id'],
  },
  always: ['id'],
};

/** The borrower from its JSON (JSON carries the instant as text). */
function companyFromJson(json: Company & { createdAt: string | Date }): Company {
  return {
    id: json.id,
    name: json.name,
    kvkNumber: json.kvkNumber,
    kind: json.kind,
    postcode: json.postcode,
    city: json.city,
    latitude: json.latitude,
    longitude: json.longitude,
    createdAt: instantFromJson(json.createdAt),
  };
}

/** A demand with the relations its list read in the same statement, when it read them. */
export type LoadedDemand = DemandRequest & { requirements?: RequirementWithSkill[] };

/**
 * What a demand list reads, from the fields the client selected: the fields of each demand, of
 * its company and of its requirements' skills (GraphQL field names; undefined: all), and whether
 * its statement also reads the company and the requirements.
 */
export interface DemandListIncludes {
  company?: boolean;
  requirements?: boolean;
  fields?: ReadonlySet<string>;
  companyFields?: ReadonlySet<string>;
  skillFields?: ReadonlySet<string>;
}

/**
 * Peaks (demand requests). A peak is offered to its whole pool, so besides the borrower's own
 * HR the HR of every ACTIVE member, the pool's coordinators and admins see it; anyone else gets
 * NOT_FOUND, so its existence is not revealed.
 */
@Injectable()
export class DemandService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly companies: CompanyService,
    private readonly pools: PoolService,
    private readonly skills: SkillService,
    private readonly events: EventsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * Restricts a demand alias to what `actor` may see: ADMIN all, a coordinator its pools', HR
   * its own company's and those of pools its company is an ACTIVE member of, an employee none.
   * `param` keeps a value and returns its placeholder ({@link SqlParams.add}).
   */
  static visibleDemandSql(actor: Actor, alias: string, param: (value: unknown) => string): string {
    switch (actor.role) {
      case UserRole.ADMIN:
        return 'TRUE';
      case UserRole.POOL_COORDINATOR:
        return `${alias}.pool_id = ANY(CAST(${param([...actor.poolIds])} AS uuid[]))`;
      case UserRole.COMPANY_HR: {
        // pool_membership_pool_id_company_id_key serves the EXISTS.
        const own = param(actor.companyId);
        return `(${alias}.company_id = ${own} OR EXISTS (
                  SELECT 1 FROM pool_membership dvm
                  WHERE dvm.pool_id = ${alias}.pool_id AND dvm.company_id = ${own}
                    AND dvm.status = 'ACTIVE'))`;
      }
      case UserRole.EMPLOYEE:
        return 'FALSE';
    }
  }

  /**
   * The demand the actor may see, oldest posting first. With `includes`, the page's statement
   * also reads each demand's company and requirements (with skills) and hands them over on the
   * demand ({@link LoadedDemand}), so the whole page is one statement (as PostGraphile's) and the
   * `company` and `requirements` fields answer without a promise; the requirements follow the
   * same row-level security as in their loader.
   */
  async list(
    ctx: RequestContext,
    args: DemandRequestsArgs,
    includes: DemandListIncludes = {},
  ): Promise<ConnectionPage<LoadedDemand>> {
    const actor = requireActor(ctx);
    const params = new SqlParams();
    const p = (value: unknown) => params.add(value);
    const where = [DemandService.visibleDemandSql(actor, 'd', p)];
    if (args.poolId) where.push(`d.pool_id = ${p(args.poolId)}`);
    if (args.companyId) where.push(`d.company_id = ${p(args.companyId)}`);
    if (args.status) where.push(`d.status = ANY(CAST(${p(args.status)} AS demand_status[]))`);
    if (args.skillId) {
      // Uses demand_skill_requirement_pkey (demand_id, skill_id).
      where.push(`EXISTS (SELECT 1 FROM demand_skill_requirement fr
                 WHERE fr.demand_id = d.id AND fr.skill_id = ${p(args.skillId)})`);
    }
    if (args.overlapsFrom || args.overlapsTo) {
      if (args.overlapsFrom && args.overlapsTo && args.overlapsFrom > args.overlapsTo) {
        throw BadUserInputError.field(
          'overlapsTo',
          'must not lie before overlapsFrom',
          DemandErrorReason.OVERLAP_BOUNDS_REVERSED,
        );
      }
      // A missing bound is open-ended; demand_request_pool_id_period_idx (GiST) serves this.
      where.push(
        `d.period && daterange(CAST(${p(args.overlapsFrom ?? null)} AS date), CAST(${p(args.overlapsTo ?? null)} AS date), '[]')`,
      );
    }
    const select = [selectList(DEMAND_PROJECTION, includes.fields)];
    // company_pkey and demand_skill_requirement_pkey serve the subqueries, once per row.
    if (includes.company) {
      const company = jsonPairs(COMPANY_PROJECTION, includes.companyFields);
      select.push(
        `(SELECT json_build_object(${company}) FROM company c WHERE c.id = d.company_id) AS company`,
      );
    }
    if (includes.requirements) {
      const requirement = requirementJson(includes.skillFields);
      select.push(`(SELECT coalesce(json_agg(${requirement} ORDER BY ${REQUIREMENT_ORDER}), '[]')
        FROM demand_skill_requirement r JOIN skill s ON s.id = r.skill_id
        WHERE r.demand_id = d.id) AS requirements`);
    }
    type ListRow = DemandRow & {
      company?: Company & { createdAt: string | Date };
      requirements?: Parameters<typeof requirementFromJson>[0][];
    };
    // demand_request_pool_id_posted_at_id_idx (or _posted_at_id_idx) serves the order.
    return paginateSql(
      (sql, values) => queryRows<ListRow>(ctx.manager, sql, values),
      { select: select.join(', '), from: 'demand_request d', where, params },
      args,
      {
        sortExpression: 'd.posted_at',
        idExpression: 'd.id',
        sortKey: (d) => d.postedAt.toISOString(),
        id: (d) => d.id,
      },
      (row) => {
        const demand: LoadedDemand = demandFromRow(row);
        const { company, requirements } = row;
        if (company) demand.company = companyFromJson(company);
        if (requirements) demand.requirements = requirements.map(requirementFromJson);
        return demand;
      },
    );
  }

  async get(ctx: RequestContext, id: string): Promise<DemandRequest> {
    requireActor(ctx);
    return loadVisible(this.visibleById(ctx), 'Demand request', id);
  }

  /**
   * Demand by id, each only if the actor may see it (null otherwise), for the nested `demand`
   * fields of other modules. One statement per batch, rows mapped without TypeORM.
   */
  visibleById(ctx: RequestContext): DataLoader<string, DemandRequest | null> {
    const actor = requireActor(ctx);
    return rowLoader(
      ctx,
      'demand.visibleById',
      async (ids) => {
        const params = new SqlParams();
        const visible = DemandService.visibleDemandSql(actor, 'd', (v) => params.add(v));
        const rows = await queryRows<DemandRow>(
          ctx.manager,
          `SELECT ${DEMAND_COLUMNS} FROM demand_request d
           WHERE ${visible} AND ${params.anyOf('d.id', ids)}`,
          params.values,
        );
        return rows.map(demandFromRow);
      },
      (d) => d.id,
    );
  }

  /**
   * The skill requirements of each demand, mandatory ones first, each with its skill (one
   * statement per batch, plain rows); for demand already visible.
   */
  requirementsByDemand(ctx: RequestContext): DataLoader<string, RequirementWithSkill[]> {
    return listLoader(
      ctx,
      'demand.requirementsByDemand',
      async (ids) => {
        const params = new SqlParams();
        const rows = await queryRows<{ requirement: Parameters<typeof requirementFromJson>[0] }>(
          ctx.manager,
          // demand_skill_requirement_pkey (demand_id, skill_id) serves the ids; skill_pkey the join.
          `SELECT ${REQUIREMENT_JSON} AS requirement
           FROM demand_skill_requirement r JOIN skill s ON s.id = r.skill_id
           WHERE ${params.anyOf('r.demand_id', ids)}
           ORDER BY r.demand_id, ${REQUIREMENT_ORDER}`,
          params.values,
        );
        return rows.map((r) => requirementFromJson(r.requirement));
      },
      (r) => r.demandId,
    );
  }

  /**
   * HR of an ACTIVE member (an EMPLOYER or a SCHOOL) posts a peak under the pool terms in force:
   * the start lies at least `minLeadTimeHours` ahead, the period spans at most `maxLoanWeeks`.
   * Everything is checked before the first write; the demand and its requirements are written
   * in one transaction.
   */
  async post(
    ctx: RequestContext,
    input: PostDemandInput,
    idempotencyKey?: string,
  ): Promise<DemandRequest> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const call: IdempotentCall<DemandRequest> = {
      key: idempotencyKey,
      operation: 'postDemand',
      payload: input,
      resultId: (d) => d.id,
      replay: (tx, id) => tx.manager.getRepository(DemandRequest).findOneByOrFail({ id }),
    };
    const earlier = await this.idempotency.previous(ctx, call);
    if (earlier) return earlier.result;
    const companyId = actor.companyId as string;
    const halfDays = halfDaysToNumbers(input.halfDays ?? WORKING_WEEK);
    if (input.endDate < input.startDate) {
      throw BadUserInputError.field(
        'endDate',
        'must not lie before startDate',
        DemandErrorReason.END_BEFORE_START,
      );
    }
    if (input.hoursPerWeek > halfDays.length * MAX_HOURS_PER_HALF_DAY) {
      throw BadUserInputError.field(
        'hoursPerWeek',
        `${halfDays.length} half-days a week hold at most ${halfDays.length * MAX_HOURS_PER_HALF_DAY} hours`,
        DemandErrorReason.TOO_MANY_HOURS,
      );
    }
    const seen = new Set<string>();
    input.requirements.forEach((r, i) => {
      if (seen.has(r.skillId)) {
        throw BadUserInputError.field(
          `requirements.${i}.skillId`,
          `skill ${r.skillId} is listed more than once`,
          DemandErrorReason.DUPLICATE_SKILL,
        );
      }
      seen.add(r.skillId);
    });

    if (!(await this.pools.byId(ctx).load(input.poolId))) {
      throw new NotFoundError('Pool', input.poolId);
    }
    await this.companies.requireActiveMember(ctx, companyId, input.poolId);
    const now = new Date();
    const terms = await this.pools.termsAt(ctx, input.poolId, now);
    const leadMs = startOfDayIn(input.startDate, TIME_ZONE).getTime() - now.getTime();
    if (leadMs < terms.minLeadTimeHours * 3_600_000) {
      throw BadUserInputError.field(
        'startDate',
        `the pool terms ask for at least ${terms.minLeadTimeHours} hours between posting and the start`,
        DemandErrorReason.LEAD_TIME,
      );
    }
    if (daysInclusive(input.startDate, input.endDate) > terms.maxLoanWeeks * 7) {
      throw BadUserInputError.field(
        'endDate',
        `the pool terms allow at most ${terms.maxLoanWeeks} weeks`,
        DemandErrorReason.TOO_LONG,
      );
    }
    const skills = await Promise.all(
      input.requirements.map((r) => this.skills.byId(ctx).load(r.skillId)),
    );
    input.requirements.forEach((r, i) => {
      if (!skills[i]) throw new NotFoundError('Skill', r.skillId);
    });

    return this.tx.run(ctx, (tx) =>
      this.idempotency.once(tx, call, async () => {
        const repo = tx.manager.getRepository(DemandRequest);
        const demand = await repo.save(
          repo.create({
            companyId,
            poolId: input.poolId,
            title: input.title,
            description: input.description ?? '',
            sitePostcode: input.sitePostcode,
            siteCity: input.siteCity,
            siteLatitude: input.siteLatitude,
            siteLongitude: input.siteLongitude,
            period: { start: input.startDate, end: input.endDate },
            halfDays,
            hoursPerWeek: input.hoursPerWeek,
            headcount: input.headcount,
            maxTravelKm: input.maxTravelKm ?? null,
            maxHourlyRateCents: input.maxHourlyRateCents ?? null,
            status: DemandStatus.OPEN,
            postedByUserId: actor.userId,
            cancelledAt: null,
            cancelReason: null,
            version: 1,
          }),
        );
        if (input.requirements.length > 0) {
          await tx.manager.getRepository(DemandSkillRequirement).insert(
            input.requirements.map((r) => ({
              demandId: demand.id,
              skillId: r.skillId,
              minLevel: r.minLevel,
              mandatory: r.mandatory,
            })),
          );
        }
        this.events.afterCommit(tx, demandEvent(demand, DemandAction.POSTED));
        return demand;
      }),
    );
  }

  /**
   * The borrower's HR cancels an OPEN or PARTIALLY_FILLED demand. Optimistic locking that really
   * checks: the UPDATE matches only the version (and a cancellable status) that was read, and no
   * matched row means someone changed the demand in between.
   */
  async cancel(ctx: RequestContext, args: CancelDemandArgs): Promise<DemandRequest> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const demand = await this.get(ctx, args.id);
    if (demand.companyId !== actor.companyId) {
      throw new ForbiddenError(
        "Only the borrower's own HR may cancel its demand",
        DemandErrorReason.NOT_BORROWER,
      );
    }
    if (!CANCELLABLE.includes(demand.status)) {
      throw new ConflictError(
        `A ${demand.status} demand cannot be cancelled; only ${CANCELLABLE.join(' or ')} demand can`,
        DemandErrorReason.ILLEGAL_STATUS,
      );
    }
    const result = await ctx.manager
      .createQueryBuilder()
      .update(DemandRequest)
      .set({
        status: DemandStatus.CANCELLED,
        cancelledAt: () => 'now()',
        cancelReason: args.reason || null,
        version: () => 'version + 1',
      })
      .where('id = :id AND version = :version AND status IN (:...cancellable)', {
        id: demand.id,
        version: demand.version,
        cancellable: [...CANCELLABLE],
      })
      .execute();
    if (result.affected !== 1) throw staleVersion(demand.id);
    // A later read in the same request must not see the demand as it was before.
    this.visibleById(ctx).clear(demand.id);
    const cancelled = await ctx.manager
      .getRepository(DemandRequest)
      .findOneByOrFail({ id: demand.id });
    this.events.afterCommit(ctx, demandEvent(cancelled, DemandAction.CANCELLED));
    return cancelled;
  }
}
