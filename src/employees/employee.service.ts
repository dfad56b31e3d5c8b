import { containsPattern } from '../common/sql';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { SelectQueryBuilder } from 'typeorm';
import { Actor, UserRole } from '../auth/actor';
import { requireActor, requireRole } from '../auth/authorize';
import { CompanyKind } from '../companies/company.enums';
import { CompanyService } from '../companies/company.service';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import { listLoader, loadVisible, visibleByIdLoader } from '../common/loaders';
import { ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { SkillService } from '../skills/skill.service';
import { Employee, EmployeeSkill } from './employee.entity';
import { EmployeeErrorReason } from './employee.errors';
import {
  CreateEmployeeInput,
  EmployeesArgs,
  SetEmployeeSkillsArgs,
  UpdateEmployeeInput,
} from './employee.inputs';

/** The employee fields `updateEmployee` may change. */
type EmployeeChanges = Omit<UpdateEmployeeInput, 'id' | 'expectedVersion'>;

function staleVersion(id: string): ConflictError {
  return new ConflictError(
    `Employee ${id} was changed by someone else; reload it and apply your change again`,
    EmployeeErrorReason.STALE_VERSION,
  );
}

/** Home latitude and longitude come together or not at all (employee_home_location_check). */
function requireWholeHomeLocation(latitude: number | null, longitude: number | null): void {
  if ((latitude === null) !== (longitude === null)) {
    throw BadUserInputError.field(
      latitude === null ? 'homeLatitude' : 'homeLongitude',
      'give both home latitude and longitude, or neither',
      EmployeeErrorReason.HOME_LOCATION_INCOMPLETE,
    );
  }
}

/**
 * Employees and their skills. Name, contact, home base and cost price are personal data: only
 * the own company's HR (read and write) and the employee itself (read, without the cost price)
 * see a record; admins and coordinators see none, and a record the actor may not see is
 * NOT_FOUND, so its existence is not revealed either.
 */
@Injectable()
export class EmployeeService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly companies: CompanyService,
    private readonly skills: SkillService,
  ) {}

  /**
   * Restricts an employee alias to the records `actor` may see: HR its own company's, an
   * employee itself, admins and coordinators nothing.
   */
  static visibleEmployeeClause(
    actor: Actor,
    alias: string,
  ): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case UserRole.COMPANY_HR:
        return {
          sql: `${alias}.company_id = :visCompanyId`,
          params: { visCompanyId: actor.companyId },
        };
      case UserRole.EMPLOYEE:
        return { sql: `${alias}.id = :visEmployeeId`, params: { visEmployeeId: actor.employeeId } };
      case UserRole.ADMIN:
      case UserRole.POOL_COORDINATOR:
        return { sql: 'FALSE', params: {} };
    }
  }

  private visibleQuery(ctx: RequestContext, actor: Actor): SelectQueryBuilder<Employee> {
    const { sql, params } = EmployeeService.visibleEmployeeClause(actor, 'employee');
    return ctx.manager.getRepository(Employee).createQueryBuilder('employee').where(sql, params);
  }

  /** The employees the actor may see, by last name; an HR manager's list is its own company's. */
  async list(ctx: RequestContext, args: EmployeesArgs): Promise<ConnectionPage<Employee>> {
    const actor = requireActor(ctx);
    if (args.minLevel != null && !args.skillId) {
      throw BadUserInputError.field(
        'minLevel',
        'filters on a skill: give skillId too',
        EmployeeErrorReason.MIN_LEVEL_WITHOUT_SKILL,
      );
    }
    const qb = this.visibleQuery(ctx, actor);
    if (args.companyId)
      qb.andWhere('employee.company_id = :companyId', { companyId: args.companyId });
    if (args.lendable != null)
      qb.andWhere('employee.lendable = :lendable', { lendable: args.lendable });
    if (args.skillId) {
      // Uses employee_skill_pkey (employee_id, skill_id).
      qb.andWhere(
        `EXISTS (SELECT 1 FROM employee_skill es
                 WHERE es.employee_id = employee.id AND es.skill_id = :skillId AND es.level >= :minLevel)`,
        { skillId: args.skillId, minLevel: args.minLevel ?? 1 },
      );
    }
    if (args.search) {
      qb.andWhere(`(employee.first_name || ' ' || employee.last_name) ILIKE :search`, {
        search: containsPattern(args.search),
      });
    }
    // For HR, employee_company_id_last_name_idx serves both the filter and the order.
    return paginate(qb, args, {
      sortExpression: 'employee.last_name',
      idExpression: 'employee.id',
      sortKey: (e) => e.lastName,
      id: (e) => e.id,
    });
  }

  async get(ctx: RequestContext, id: string): Promise<Employee> {
    requireActor(ctx);
    return loadVisible(this.visibleById(ctx), 'Employee', id);
  }

  /**
   * Employees by id, each only if the actor may see it (null otherwise), for the nested
   * `employee` fields of other modules.
   */
  visibleById(ctx: RequestContext): DataLoader<string, Employee | null> {
    const actor = requireActor(ctx);
    return visibleByIdLoader(
      ctx,
      'employee.visibleById',
      () => this.visibleQuery(ctx, actor),
      'employee.id',
    );
  }

  /** The hourly cost price, for the own company's HR only; null for everyone else. */
  hourlyCostFor(ctx: RequestContext, employee: Employee): number | null {
    const actor = requireActor(ctx);
    const ownHr = actor.role === UserRole.COMPANY_HR && actor.companyId === employee.companyId;
    return ownHr ? employee.hourlyCostCents : null;
  }

  /** The skills of each employee, by skill code; for employees the actor already may see. */
  skillsByEmployee(ctx: RequestContext) {
    return listLoader(
      ctx,
      'employee.skillsByEmployee',
      (ids) =>
        ctx.manager
          .getRepository(EmployeeSkill)
          .createQueryBuilder('es')
          .innerJoin('es.skill', 'skill')
          .where('es.employee_id = ANY(CAST(:ids AS uuid[]))', { ids: [...ids] })
          .orderBy('skill.code', 'ASC')
          .getMany(),
      (es) => es.employeeId,
    );
  }

  /** HR adds an employee to its own company. */
  async create(ctx: RequestContext, input: CreateEmployeeInput): Promise<Employee> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const companyId = actor.companyId as string;
    const lendable = input.lendable ?? false;
    if (lendable) await this.requireMayLend(ctx, companyId);
    const homeLatitude = input.homeLatitude ?? null;
    const homeLongitude = input.homeLongitude ?? null;
    requireWholeHomeLocation(homeLatitude, homeLongitude);
    const repo = ctx.manager.getRepository(Employee);
    return repo.save(
      repo.create({
        companyId,
        firstName: input.firstName,
        lastName: input.lastName,
        workEmail: input.workEmail ?? null,
        workPhone: input.workPhone ?? null,
        homePostcode: input.homePostcode ?? null,
        homeLatitude,
        homeLongitude,
        maxTravelKm: input.maxTravelKm ?? 30,
        lendable,
        hourlyCostCents: input.hourlyCostCents,
        standingConsentDate: input.standingConsentDate ?? null,
        version: 1,
      }),
    );
  }

  /**
   * HR changes an employee of its own company, with optimistic locking that really checks: the
   * UPDATE only matches the version the client read, and no matched row means a stale version.
   */
  async update(ctx: RequestContext, input: UpdateEmployeeInput): Promise<Employee> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const companyId = actor.companyId as string;
    const { id, expectedVersion, ...given } = input;
    const changes = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined),
    ) as EmployeeChanges;
    const updated = await this.tx.run(ctx, async (tx) => {
      const repo = tx.manager.getRepository(Employee);
      const current = await repo.findOneBy({ id, companyId });
      if (!current) throw new NotFoundError('Employee', id);
      if (current.version !== expectedVersion) throw staleVersion(id);
      const next = { ...current, ...changes };
      if (changes.lendable) await this.requireMayLend(tx, companyId);
      requireWholeHomeLocation(next.homeLatitude ?? null, next.homeLongitude ?? null);
      const result = await tx.manager
        .createQueryBuilder()
        .update(Employee)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND company_id = :companyId AND version = :expectedVersion', {
          id,
          companyId,
          expectedVersion,
        })
        .execute();
      // Someone else's update committed between our read and this statement.
      if (result.affected !== 1) throw staleVersion(id);
      return repo.findOneByOrFail({ id });
    });
    // A later read in the same request must not see the record as it was before.
    this.visibleById(ctx).clear(id);
    return updated;
  }

  /**
   * HR replaces an employee's whole skill set in one transaction. Everything is checked before
   * the first write, and the employee row is locked so concurrent replacements queue up.
   */
  async setSkills(ctx: RequestContext, args: SetEmployeeSkillsArgs): Promise<Employee> {
    const actor = requireRole(ctx, UserRole.COMPANY_HR);
    const companyId = actor.companyId as string;
    const seen = new Set<string>();
    args.skills.forEach((s, i) => {
      if (seen.has(s.skillId)) {
        throw BadUserInputError.field(
          `skills.${i}.skillId`,
          `skill ${s.skillId} is listed more than once`,
          EmployeeErrorReason.DUPLICATE_SKILL,
        );
      }
      seen.add(s.skillId);
    });
    const employee = await this.tx.run(ctx, async (tx) => {
      const employee = await tx.manager.getRepository(Employee).findOne({
        where: { id: args.employeeId, companyId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!employee) throw new NotFoundError('Employee', args.employeeId);
      const skills = await Promise.all(
        args.skills.map((s) => this.skills.byId(tx).load(s.skillId)),
      );
      args.skills.forEach((s, i) => {
        const skill = skills[i];
        if (!skill) throw new NotFoundError('Skill', s.skillId);
        if (skill.requiresCertificate && !s.validUntil) {
          throw BadUserInputError.field(
            `skills.${i}.validUntil`,
            `${skill.code} is a certificate: give the date it is valid until`,
            EmployeeErrorReason.CERTIFICATE_EXPIRY_REQUIRED,
          );
        }
      });
      const rows = tx.manager.getRepository(EmployeeSkill);
      await rows.delete({ employeeId: employee.id });
      if (args.skills.length > 0) {
        await rows.insert(
          args.skills.map((s) => ({
            employeeId: employee.id,
            skillId: s.skillId,
            level: s.level,
            validUntil: s.validUntil ?? null,
          })),
        );
      }
      return employee;
    });
    this.skillsByEmployee(ctx).clear(employee.id);
    return employee;
  }

  /** A SCHOOL only borrows, so none of its employees may be lendable. */
  private async requireMayLend(ctx: RequestContext, companyId: string): Promise<void> {
    const company = await this.companies.byId(ctx).load(companyId);
    if (!company) throw new NotFoundError('Company', companyId);
    if (company.kind === CompanyKind.SCHOOL) {
      throw BadUserInputError.field(
        'lendable',
        'a school only borrows: its employees cannot be lendable',
        EmployeeErrorReason.SCHOOL_CANNOT_LEND,
      );
    }
  }
}
