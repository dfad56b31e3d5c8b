import { UserRole } from '../auth/actor';
import { CompanyKind, MembershipStatus } from '../companies/company.enums';
import { DEFAULT_TERMS } from '../pools/pool.service';
import { BulkTable, dateRangeLiteral, intArrayLiteral, Sql } from './bulk-insert';

/**
 * The rows the generators write, and how each travels to its table. Dates are ISO strings
 * (`YYYY-MM-DD`), instants ISO timestamps, periods `[from, until)`, half-days 0..13.
 */
export interface PoolRow {
  id: string;
  name: string;
  region: string;
  branch: string;
}

export interface CompanyRow {
  id: string;
  name: string;
  kvkNumber: string;
  kind: CompanyKind;
  postcode: string;
  city: string;
  latitude: number;
  longitude: number;
}

export interface MembershipRow {
  id: string;
  poolId: string;
  companyId: string;
  status: MembershipStatus;
  requestedAt: string;
  decidedAt: string | null;
  decidedByUserId: string | null;
}

export interface EmployeeRow {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  workEmail: string | null;
  workPhone: string | null;
  homePostcode: string | null;
  homeLatitude: number | null;
  homeLongitude: number | null;
  maxTravelKm: number;
  lendable: boolean;
  hourlyCostCents: number;
  standingConsentDate: string | null;
}

export interface EmployeeSkillRow {
  employeeId: string;
  skillId: string;
  level: number;
  validUntil: string | null;
}

export interface WindowRow {
  id: string;
  employeeId: string;
  companyId: string;
  poolId: string;
  from: string;
  until: string;
  halfDays: readonly number[];
  hoursPerWeek: number;
}

export interface DemandRow {
  id: string;
  companyId: string;
  poolId: string;
  title: string;
  description: string;
  sitePostcode: string;
  siteCity: string;
  siteLatitude: number;
  siteLongitude: number;
  from: string;
  until: string;
  halfDays: readonly number[];
  hoursPerWeek: number;
  headcount: number;
  maxTravelKm: number | null;
  maxHourlyRateCents: number | null;
  postedAt: string;
  postedByUserId: string | null;
}

export interface RequirementRow {
  demandId: string;
  skillId: string;
  minLevel: number;
  mandatory: boolean;
}

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  role: UserRole;
  companyId: string | null;
  employeeId: string | null;
}

export const POOL: BulkTable<PoolRow> = {
  table: 'pool',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'region', type: 'text', value: (r) => r.region },
    { name: 'branch', type: 'text', value: (r) => r.branch },
  ],
};

export const COMPANY: BulkTable<CompanyRow> = {
  table: 'company',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'kvk_number', type: 'text', value: (r) => r.kvkNumber },
    { name: 'kind', type: 'company_kind', value: (r) => r.kind },
    { name: 'postcode', type: 'text', value: (r) => r.postcode },
    { name: 'city', type: 'text', value: (r) => r.city },
    { name: 'latitude', type: 'float8', value: (r) => r.latitude },
    { name: 'longitude', type: 'float8', value: (r) => r.longitude },
  ],
};

export const MEMBERSHIP: BulkTable<MembershipRow> = {
  table: 'pool_membership',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'pool_id', type: 'uuid', value: (r) => r.poolId },
    { name: 'company_id', type: 'uuid', value: (r) => r.companyId },
    { name: 'status', type: 'membership_status', value: (r) => r.status },
    { name: 'requested_at', type: 'timestamptz', value: (r) => r.requestedAt },
    { name: 'decided_at', type: 'timestamptz', value: (r) => r.decidedAt },
    { name: 'decided_by_user_id', type: 'uuid', value: (r) => r.decidedByUserId },
  ],
};

export const EMPLOYEE: BulkTable<EmployeeRow> = {
  table: 'employee',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'company_id', type: 'uuid', value: (r) => r.companyId },
    { name: 'first_name', type: 'text', value: (r) => r.firstName },
    { name: 'last_name', type: 'text', value: (r) => r.lastName },
    { name: 'work_email', type: 'text', value: (r) => r.workEmail },
    { name: 'work_phone', type: 'text', value: (r) => r.workPhone },
    { name: 'home_postcode', type: 'text', value: (r) => r.homePostcode },
    { name: 'home_latitude', type: 'float8', value: (r) => r.homeLatitude },
    { name: 'home_longitude', type: 'float8', value: (r) => r.homeLongitude },
    { name: 'max_travel_km', type: 'int4', value: (r) => r.maxTravelKm },
    { name: 'lendable', type: 'bool', value: (r) => r.lendable },
    { name: 'hourly_cost_cents', type: 'int4', value: (r) => r.hourlyCostCents },
    { name: 'standing_consent_date', type: 'date', value: (r) => r.standingConsentDate },
  ],
};

export const EMPLOYEE_SKILL: BulkTable<EmployeeSkillRow> = {
  table: 'employee_skill',
  columns: [
    { name: 'employee_id', type: 'uuid', value: (r) => r.employeeId },
    { name: 'skill_id', type: 'uuid', value: (r) => r.skillId },
    { name: 'level', type: 'int2', value: (r) => r.level },
    { name: 'valid_until', type: 'date', value: (r) => r.validUntil },
  ],
};

export const AVAILABILITY_WINDOW: BulkTable<WindowRow> = {
  table: 'availability_window',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'employee_id', type: 'uuid', value: (r) => r.employeeId },
    { name: 'company_id', type: 'uuid', value: (r) => r.companyId },
    { name: 'pool_id', type: 'uuid', value: (r) => r.poolId },
    {
      name: 'period',
      type: 'text',
      cast: 'daterange',
      value: (r) => dateRangeLiteral(r.from, r.until),
    },
    { name: 'half_days', type: 'text', cast: 'int[]', value: (r) => intArrayLiteral(r.halfDays) },
    { name: 'hours_per_week', type: 'numeric', value: (r) => r.hoursPerWeek },
  ],
};

export const DEMAND_REQUEST: BulkTable<DemandRow> = {
  table: 'demand_request',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'company_id', type: 'uuid', value: (r) => r.companyId },
    { name: 'pool_id', type: 'uuid', value: (r) => r.poolId },
    { name: 'title', type: 'text', value: (r) => r.title },
    { name: 'description', type: 'text', value: (r) => r.description },
    { name: 'site_postcode', type: 'text', value: (r) => r.sitePostcode },
    { name: 'site_city', type: 'text', value: (r) => r.siteCity },
    { name: 'site_latitude', type: 'float8', value: (r) => r.siteLatitude },
    { name: 'site_longitude', type: 'float8', value: (r) => r.siteLongitude },
    {
      name: 'period',
      type: 'text',
      cast: 'daterange',
      value: (r) => dateRangeLiteral(r.from, r.until),
    },
    { name: 'half_days', type: 'text', cast: 'int[]', value: (r) => intArrayLiteral(r.halfDays) },
    { name: 'hours_per_week', type: 'numeric', value: (r) => r.hoursPerWeek },
    { name: 'headcount', type: 'int4', value: (r) => r.headcount },
    { name: 'max_travel_km', type: 'int4', value: (r) => r.maxTravelKm },
    { name: 'max_hourly_rate_cents', type: 'int4', value: (r) => r.maxHourlyRateCents },
    { name: 'posted_at', type: 'timestamptz', value: (r) => r.postedAt },
    { name: 'posted_by_user_id', type: 'uuid', value: (r) => r.postedByUserId },
  ],
};

export const DEMAND_SKILL_REQUIREMENT: BulkTable<RequirementRow> = {
  table: 'demand_skill_requirement',
  columns: [
    { name: 'demand_id', type: 'uuid', value: (r) => r.demandId },
    { name: 'skill_id', type: 'uuid', value: (r) => r.skillId },
    { name: 'min_level', type: 'int2', value: (r) => r.minLevel },
    { name: 'mandatory', type: 'bool', value: (r) => r.mandatory },
  ],
};

export const APP_USER: BulkTable<UserRow> = {
  table: 'app_user',
  columns: [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'email', type: 'text', value: (r) => r.email },
    { name: 'password_hash', type: 'text', value: (r) => r.passwordHash },
    { name: 'role', type: 'user_role', value: (r) => r.role },
    { name: 'company_id', type: 'uuid', value: (r) => r.companyId },
    { name: 'employee_id', type: 'uuid', value: (r) => r.employeeId },
  ],
};

/** A version of a pool's terms: the defaults with some changes. */
export interface TermsRow {
  id: string;
  poolId: string;
  version: number;
  effectiveFrom: string;
  createdByUserId: string | null;
  changes?: Partial<typeof DEFAULT_TERMS>;
}

/** Writes versions of pool terms; every term not changed keeps its default (DEFAULT_TERMS). */
export async function insertTerms(sql: Sql, rows: readonly TermsRow[]): Promise<void> {
  const fields = Object.keys(DEFAULT_TERMS) as (keyof typeof DEFAULT_TERMS)[];
  const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const row of rows) {
    const terms = { ...DEFAULT_TERMS, ...row.changes };
    const values: unknown[] = [
      row.id,
      row.poolId,
      row.version,
      row.effectiveFrom,
      row.createdByUserId,
    ];
    const names = ['id', 'pool_id', 'version', 'effective_from', 'created_by_user_id'];
    for (const field of fields) {
      names.push(column(field));
      values.push(terms[field]);
    }
    await sql.query(
      `INSERT INTO pool_terms (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  }
}

/** KvK numbers in use, which generated companies must avoid (the column is unique). */
export async function existingKvkNumbers(sql: Sql): Promise<Set<string>> {
  const rows = await sql.query<{ kvk: string }[]>(`SELECT kvk_number AS kvk FROM company`);
  return new Set(rows.map((r) => r.kvk));
}
