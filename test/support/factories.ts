import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserRole } from '../../src/auth/actor';
import { hashPassword } from '../../src/auth/password';
import { PoolCoordinator, User } from '../../src/auth/user.entity';
import { AvailabilityWindow } from '../../src/availability/availability-window.entity';
import { Company, PoolMembership } from '../../src/companies/company.entity';
import { CompanyKind, MembershipStatus } from '../../src/companies/company.enums';
import { DemandRequest, DemandSkillRequirement } from '../../src/demand/demand-request.entity';
import { Employee, EmployeeSkill } from '../../src/employees/employee.entity';
import { Pool, PoolTerms } from '../../src/pools/pool.entity';
import { DEFAULT_TERMS } from '../../src/pools/pool.service';
import { Skill } from '../../src/skills/skill.entity';
import { SkillCategory } from '../../src/skills/skill.enums';

/**
 * Factories make valid rows with fresh ids and unique values, so every test builds exactly the
 * data it needs and no test depends on another.
 */
const unique = () => randomUUID().slice(0, 8);

/** Password every factory-made user has. */
export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export async function newPool(
  db: DataSource,
  overrides: Partial<Pool> = {},
  terms: Partial<PoolTerms> = {},
): Promise<Pool> {
  const pool = await db.getRepository(Pool).save({
    name: `Pool ${unique()}`,
    region: 'Flevoland',
    branch: 'Installatietechniek',
    ...overrides,
  });
  await db.getRepository(PoolTerms).insert({
    ...DEFAULT_TERMS,
    poolId: pool.id,
    version: 1,
    effectiveFrom: new Date(Date.now() - 86_400_000),
    ...terms,
  });
  return pool;
}

export async function newCompany(
  db: DataSource,
  overrides: Partial<Company> = {},
): Promise<Company> {
  return db.getRepository(Company).save({
    name: `Firm ${unique()}`,
    kvkNumber: String(randomInt(10_000_000, 99_999_999)),
    kind: CompanyKind.EMPLOYER,
    postcode: '1315 AB',
    city: 'Almere',
    latitude: 52.3508,
    longitude: 5.2647,
    ...overrides,
  });
}

export async function newMembership(
  db: DataSource,
  pool: Pool,
  company: Company,
  status: MembershipStatus = MembershipStatus.ACTIVE,
): Promise<PoolMembership> {
  return db.getRepository(PoolMembership).save({ poolId: pool.id, companyId: company.id, status });
}

/** A company that is an ACTIVE member of `pool`. */
export async function newMember(
  db: DataSource,
  pool: Pool,
  overrides: Partial<Company> = {},
): Promise<Company> {
  const company = await newCompany(db, overrides);
  await newMembership(db, pool, company);
  return company;
}

export async function newSkill(db: DataSource, overrides: Partial<Skill> = {}): Promise<Skill> {
  return db.getRepository(Skill).save({
    code: `SK_${unique().toUpperCase().replace(/-/g, '')}`,
    name: `Skill ${unique()}`,
    category: SkillCategory.ELECTRICAL,
    requiresCertificate: false,
    ...overrides,
  });
}

export async function newEmployee(
  db: DataSource,
  company: Company,
  overrides: Partial<Employee> = {},
): Promise<Employee> {
  return db.getRepository(Employee).save({
    companyId: company.id,
    firstName: 'Sanne',
    lastName: `de Vries ${unique()}`,
    workEmail: `sanne.${unique()}@example.nl`,
    workPhone: '+31 36 123 4567',
    maxTravelKm: 40,
    lendable: true,
    hourlyCostCents: 4500,
    ...overrides,
  });
}

export async function newEmployeeSkill(
  db: DataSource,
  employee: Employee,
  skill: Skill,
  level = 3,
  validUntil: string | null = null,
): Promise<EmployeeSkill> {
  return db
    .getRepository(EmployeeSkill)
    .save({ employeeId: employee.id, skillId: skill.id, level, validUntil });
}

/** An ISO date `days` from today. */
export function inDays(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function newWindow(
  db: DataSource,
  employee: Employee,
  pool: Pool,
  overrides: Partial<AvailabilityWindow> = {},
): Promise<AvailabilityWindow> {
  return db.getRepository(AvailabilityWindow).save({
    employeeId: employee.id,
    companyId: employee.companyId,
    poolId: pool.id,
    period: { start: inDays(7), end: inDays(34) },
    halfDays: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    hoursPerWeek: 32,
    ...overrides,
  });
}

export async function newDemand(
  db: DataSource,
  company: Company,
  pool: Pool,
  overrides: Partial<DemandRequest> = {},
  requirements: { skill: Skill; minLevel?: number; mandatory?: boolean }[] = [],
): Promise<DemandRequest> {
  const demand = await db.getRepository(DemandRequest).save({
    companyId: company.id,
    poolId: pool.id,
    title: `Peak ${unique()}`,
    description: 'Extra hands for a project',
    sitePostcode: '8232 AA',
    siteCity: 'Lelystad',
    siteLatitude: 52.5185,
    siteLongitude: 5.4714,
    period: { start: inDays(14), end: inDays(41) },
    halfDays: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    hoursPerWeek: 32,
    headcount: 1,
    ...overrides,
  });
  for (const r of requirements) {
    await db.getRepository(DemandSkillRequirement).insert({
      demandId: demand.id,
      skillId: r.skill.id,
      minLevel: r.minLevel ?? 1,
      mandatory: r.mandatory ?? true,
    });
  }
  return demand;
}

export async function newUser(
  db: DataSource,
  role: UserRole,
  scope: { company?: Company; employee?: Employee; pools?: Pool[] } = {},
  overrides: Partial<User> = {},
): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await db.getRepository(User).save({
    email: `${role.toLowerCase()}.${unique()}@example.nl`,
    passwordHash: await passwordHash,
    role,
    companyId: scope.company?.id ?? scope.employee?.companyId ?? null,
    employeeId: scope.employee?.id ?? null,
    ...overrides,
  });
  for (const pool of scope.pools ?? []) {
    await db.getRepository(PoolCoordinator).insert({ userId: user.id, poolId: pool.id });
  }
  return user;
}

export const newAdmin = (db: DataSource) => newUser(db, UserRole.ADMIN);
export const newCoordinator = (db: DataSource, ...pools: Pool[]) =>
  newUser(db, UserRole.POOL_COORDINATOR, { pools });
export const newHr = (db: DataSource, company: Company) =>
  newUser(db, UserRole.COMPANY_HR, { company });
export const newEmployeeUser = (db: DataSource, employee: Employee) =>
  newUser(db, UserRole.EMPLOYEE, { employee });
