import { DataSource } from 'typeorm';
import { UserRole } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { CompanyKind, MembershipStatus } from '../companies/company.enums';
import { insertRows, Sql } from './bulk-insert';
import {
  DEMO_FIRMS,
  DEMO_PASSWORD,
  DEMO_POOLS,
  DemoFirm,
  DemoPoolKey,
  FEATURED_EMPLOYEES,
  FeaturedEmployee,
} from './demo-data';
import {
  FLEVOLAND_TOWNS,
  FlevolandTown,
  landlineIn,
  mobileNumber,
  nearby,
  postcodeIn,
  Town,
} from './geography';
import { emailLocalPart, personName } from './names';
import { Random } from './random';
import {
  addDays,
  HOURS_PER_HALF_DAY,
  isoDate,
  mondayOf,
  planWindows,
  WeekCalendar,
} from './schedule';
import { ensureSkillTaxonomy, SkillRef } from './skill-taxonomy';
import {
  APP_USER,
  AVAILABILITY_WINDOW,
  COMPANY,
  CompanyRow,
  DEMAND_REQUEST,
  DEMAND_SKILL_REQUIREMENT,
  DemandRow,
  EMPLOYEE,
  EMPLOYEE_SKILL,
  EmployeeRow,
  EmployeeSkillRow,
  existingKvkNumbers,
  insertTerms,
  MEMBERSHIP,
  MembershipRow,
  POOL,
  PoolRow,
  RequirementRow,
  TermsRow,
  UserRow,
  WindowRow,
} from './tables';
import {
  DEMAND_TEMPLATES,
  DemandTemplate,
  HeldSkill,
  hourlyCostCents,
  SCHOOL_DEMAND_TEMPLATES,
  skillSet,
  Trade,
} from './trades';

export { DEMO_LOGINS, DEMO_PASSWORD } from './demo-data';
export type { DemoLogin } from './demo-data';

/** Seed of the demo data: change it and every installation's first start changes. */
const DEMO_SEED = 'technisch-werkgeverspool-flevoland';

/** Advisory lock key, so two callers outside the start-up lock never seed twice. */
const DEMO_SEED_LOCK = 7_355_609;

/**
 * Seeds the demo pools on first start (when there is no pool yet) and returns true; returns
 * false and writes nothing when data exists. Everything is written in one transaction, so a
 * crash leaves nothing half-seeded.
 *
 * The data is the same on every first start: it comes from a seeded generator, with dates
 * counted from the Monday of the current week (`today` defaults to now). It tells the DESIGN.md
 * story: the "Technisch Werkgeverspool Flevoland" of installation and metal firms in real
 * Flevoland towns with a vocational college that borrows part-time teachers, a second pool (an
 * Almere business circle) with some firms in both, pending and suspended memberships, a
 * technical skill taxonomy with certificates, ~450 employees with skills and availability, and
 * open peaks. Logins: {@link DEMO_LOGINS}.
 */
export async function seedDemoIfEmpty(
  dataSource: DataSource,
  options: { today?: Date } = {},
): Promise<boolean> {
  if (await hasPools(dataSource.manager)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
    if (await hasPools(manager)) return false;
    const skills = await ensureSkillTaxonomy(manager);
    const taken = await existingKvkNumbers(manager);
    await writeDemo(manager, planDemo(options.today ?? new Date(), skills, taken, passwordHash));
    return true;
  });
}

async function hasPools(sql: Sql): Promise<boolean> {
  const rows = await sql.query<{ exists: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM pool) AS exists`,
  );
  return rows[0].exists;
}

/** Every row of the demo, planned in memory (a few thousand) before one write. */
interface DemoPlan {
  pools: PoolRow[];
  terms: TermsRow[];
  companies: CompanyRow[];
  memberships: MembershipRow[];
  users: UserRow[];
  coordinators: { email: string; poolId: string }[];
  employees: EmployeeRow[];
  employeeSkills: EmployeeSkillRow[];
  windows: WindowRow[];
  employeeUsers: UserRow[];
  demands: DemandRow[];
  requirements: RequirementRow[];
}

/** Placed firm: the static description with its ids and location. */
interface PlacedFirm extends DemoFirm {
  id: string;
  hrUserId: string;
  place: Town;
  latitude: number;
  longitude: number;
  /** Pools where the firm may publish availability (ACTIVE, or SUSPENDED since). */
  windowPools: string[];
  /** Pools where the firm may post demand. */
  activePools: DemoPoolKey[];
}

function planDemo(
  now: Date,
  skills: Map<string, SkillRef>,
  takenKvk: Set<string>,
  passwordHash: string,
): DemoPlan {
  const random = new Random(DEMO_SEED);
  const ids = new Random(`${DEMO_SEED}:ids`);
  // KvK numbers from a stream of their own: one taken already does not change the rest.
  const kvk = new Random(`${DEMO_SEED}:kvk`);
  const today = isoDate(now);
  const anchor = mondayOf(now);
  const calendar = new WeekCalendar(anchor);
  const instant = (daysFromAnchor: number, hour = 9, minute = 0) =>
    `${addDays(anchor, daysFromAnchor)}T${pad(hour)}:${pad(minute)}:00Z`;
  const skillId = (code: string) => {
    const skill = skills.get(code);
    if (!skill) throw new Error(`Demo data refers to unknown skill ${code}`);
    return skill.id;
  };

  const plan: DemoPlan = {
    pools: [],
    terms: [],
    companies: [],
    memberships: [],
    users: [],
    coordinators: [],
    employees: [],
    employeeSkills: [],
    windows: [],
    employeeUsers: [],
    demands: [],
    requirements: [],
  };
  const user = (email: string, role: UserRole, companyId: string | null = null) => {
    const row = { id: ids.uuid(), email, passwordHash, role, companyId, employeeId: null };
    plan.users.push(row);
    return row;
  };

  const admin = user('admin@demo.pool', UserRole.ADMIN);
  const poolIds = {} as Record<DemoPoolKey, string>;
  const coordinatorIds = {} as Record<DemoPoolKey, string>;
  for (const key of Object.keys(DEMO_POOLS) as DemoPoolKey[]) {
    const pool = DEMO_POOLS[key];
    poolIds[key] = ids.uuid();
    plan.pools.push({
      id: poolIds[key],
      name: pool.name,
      region: pool.region,
      branch: pool.branch,
    });
    coordinatorIds[key] = user(pool.coordinator, UserRole.POOL_COORDINATOR).id;
    plan.coordinators.push({ email: pool.coordinator, poolId: poolIds[key] });
  }
  // The Flevoland pool raised its terms once (a small overhead surcharge, more travel); the
  // Almere circle keeps travel short.
  plan.terms.push(
    {
      id: ids.uuid(),
      poolId: poolIds.flevoland,
      version: 1,
      effectiveFrom: instant(-365),
      createdByUserId: admin.id,
    },
    {
      id: ids.uuid(),
      poolId: poolIds.flevoland,
      version: 2,
      effectiveFrom: instant(-56),
      createdByUserId: coordinatorIds.flevoland,
      changes: { maxOverheadPercent: 8, maxTravelKm: 60 },
    },
    {
      id: ids.uuid(),
      poolId: poolIds.almere,
      version: 1,
      effectiveFrom: instant(-200),
      createdByUserId: admin.id,
      changes: { maxTravelKm: 40 },
    },
  );

  const firms: PlacedFirm[] = DEMO_FIRMS.map((firm) => {
    const place = FLEVOLAND_TOWNS[firm.town];
    const site = nearby(random, place.latitude, place.longitude, 1.2, 3);
    let kvkNumber: string;
    do kvkNumber = String(kvk.int(10_000_000, 99_999_999));
    while (takenKvk.has(kvkNumber));
    takenKvk.add(kvkNumber);
    const id = ids.uuid();
    plan.companies.push({
      id,
      name: firm.name,
      kvkNumber,
      kind: firm.school ? CompanyKind.SCHOOL : CompanyKind.EMPLOYER,
      postcode: postcodeIn(random, place),
      city: place.name,
      ...site,
    });
    const windowPools: string[] = [];
    const activePools: DemoPoolKey[] = [];
    for (const [key, status] of Object.entries(firm.memberships) as [
      DemoPoolKey,
      MembershipStatus,
    ][]) {
      const pending = status === MembershipStatus.PENDING;
      const requested = pending ? -random.int(2, 20) : -random.int(120, 380);
      plan.memberships.push({
        id: ids.uuid(),
        poolId: poolIds[key],
        companyId: id,
        status,
        requestedAt: instant(requested, random.int(8, 17), random.int(0, 59)),
        decidedAt: pending
          ? null
          : instant(requested + random.int(1, 14), random.int(8, 17), random.int(0, 59)),
        decidedByUserId: pending ? null : coordinatorIds[key],
      });
      if (status === MembershipStatus.ACTIVE) activePools.push(key);
      if (status === MembershipStatus.ACTIVE || status === MembershipStatus.SUSPENDED) {
        windowPools.push(poolIds[key]);
      }
    }
    const hrUserId = user(`hr@${firm.slug}.demo`, UserRole.COMPANY_HR, id).id;
    return { ...firm, id, hrUserId, place, ...site, windowPools, activePools };
  });

  for (const firm of firms) planStaff(firm);
  planDemand();
  return plan;

  function planStaff(firm: PlacedFirm): void {
    const featured = FEATURED_EMPLOYEES.filter((f) => f.firm === firm.slug);
    const emails = new Set<string>();
    for (let n = 0; n < firm.employees; n++) {
      const star: FeaturedEmployee | undefined = featured[n];
      const name = star ?? personName(random);
      let local = emailLocalPart(name);
      for (let k = 2; emails.has(local); k++) local = `${emailLocalPart(name)}${k}`;
      emails.add(local);
      const held: HeldSkill[] = star
        ? star.skills.map((s) => ({
            code: s.code,
            level: s.level,
            validUntil: s.validForDays === undefined ? null : addDays(today, s.validForDays),
          }))
        : skillSet(random, firm.trades, { min: 2, max: 5, today });
      const home = homeTown(firm.town);
      const location = nearby(random, home.latitude, home.longitude, 1.5, 4);
      const lendable = star !== undefined || random.chance(0.85);
      const topLevel = Math.max(...held.map((s) => s.level));
      const employee: EmployeeRow = {
        id: ids.uuid(),
        companyId: firm.id,
        firstName: name.firstName,
        lastName: name.lastName,
        workEmail: `${local}@${firm.slug}.demo`,
        workPhone: random.chance(0.6) ? mobileNumber(random) : landlineIn(random, firm.place),
        homePostcode: postcodeIn(random, home),
        homeLatitude: location.latitude,
        homeLongitude: location.longitude,
        maxTravelKm: 5 * random.int(4, 12),
        lendable,
        hourlyCostCents: hourlyCostCents(random, topLevel),
        standingConsentDate: (star ? star.standingConsent : lendable && random.chance(0.3))
          ? addDays(anchor, -random.int(30, 1500))
          : null,
      };
      plan.employees.push(employee);
      for (const skill of held) {
        plan.employeeSkills.push({
          employeeId: employee.id,
          skillId: skillId(skill.code),
          level: skill.level,
          validUntil: skill.validUntil,
        });
      }
      if (star) {
        plan.employeeUsers.push({
          id: ids.uuid(),
          email: employee.workEmail as string,
          passwordHash,
          role: UserRole.EMPLOYEE,
          companyId: firm.id,
          employeeId: employee.id,
        });
      }
      if (!lendable || firm.windowPools.length === 0 || (!star && random.chance(0.2))) continue;
      const count = star ? 2 : random.weighted([1, 2, 3], (c) => [50, 35, 15][c - 1]);
      for (const window of planWindows(random, count, calendar, {
        firstWeek: [0, 4],
        maxTracks: 1,
      })) {
        plan.windows.push({
          id: ids.uuid(),
          employeeId: employee.id,
          companyId: firm.id,
          poolId: random.pick(firm.windowPools),
          ...window,
        });
      }
    }
  }

  /** Where an employee of a firm in `town` lives: mostly the same town, else one within reach. */
  function homeTown(town: FlevolandTown): Town {
    const base = FLEVOLAND_TOWNS[town];
    if (random.chance(0.6)) return base;
    const near = Object.values(FLEVOLAND_TOWNS).filter(
      (t) => Math.hypot(t.latitude - base.latitude, (t.longitude - base.longitude) * 0.61) < 0.32,
    );
    return random.weighted(near, (t) => t.weight);
  }

  function planDemand(): void {
    const school = firms.find((f) => f.school);
    const employers = (pool: DemoPoolKey) =>
      firms.filter((f) => !f.school && f.activePools.includes(pool));
    // A quarter of the peaks are outside the firm's own trade (an installer short of an
    // electrician); only the shipyard asks for shipbuilders.
    const poolTrades: Record<DemoPoolKey, Trade[]> = {
      flevoland: ['INSTALLATION', 'ELECTRICAL', 'METAL', 'MACHINING', 'MAINTENANCE', 'AUTOMATION'],
      almere: ['ICT', 'AUTOMATION', 'ELECTRICAL', 'CONSTRUCTION', 'INSTALLATION'],
    };
    const sites: Record<DemoPoolKey, FlevolandTown[]> = {
      flevoland: [
        'almere',
        'lelystad',
        'dronten',
        'zeewolde',
        'emmeloord',
        'urk',
        'biddinghuizen',
        'swifterbant',
        'marknesse',
      ],
      almere: ['almere', 'almere', 'almere', 'lelystad', 'zeewolde'],
    };
    for (const [pool, count] of [
      ['flevoland', 32],
      ['almere', 10],
    ] as const) {
      const borrowers = employers(pool);
      for (let n = 0; n < count; n++) {
        const borrower = random.weighted(borrowers, (f) => f.employees);
        const trade = random.chance(0.75)
          ? random.pick(borrower.trades)
          : random.pick(poolTrades[pool]);
        const town = random.chance(0.6) ? borrower.town : random.pick(sites[pool]);
        addDemand(borrower, pool, random.pick(DEMAND_TEMPLATES[trade]), town, random.int(2, 6));
      }
    }
    if (!school) return;
    // The college asks for teachers from the start of a term: a few fixed half-days a week.
    SCHOOL_DEMAND_TEMPLATES.forEach((template, n) => {
      const pool: DemoPoolKey = template.requirements[0].code.startsWith('ICT_')
        ? 'almere'
        : 'flevoland';
      addDemand(school, pool, template, n % 2 === 0 ? 'lelystad' : 'almere', 2 + (n % 3) * 2);
    });
  }

  function addDemand(
    borrower: PlacedFirm,
    pool: DemoPoolKey,
    template: DemandTemplate,
    town: FlevolandTown,
    startWeek: number,
  ): void {
    const place = FLEVOLAND_TOWNS[town];
    const site = nearby(random, place.latitude, place.longitude, 1.5, 4);
    const weeks = random.int(template.weeks[0], template.weeks[1]);
    const id = ids.uuid();
    plan.demands.push({
      id,
      companyId: borrower.id,
      poolId: poolIds[pool],
      title: borrower.school ? template.title : `${template.title}, ${place.name}`,
      description: template.description,
      sitePostcode: postcodeIn(random, place),
      siteCity: place.name,
      siteLatitude: site.latitude,
      siteLongitude: site.longitude,
      from: calendar.monday(startWeek),
      until: calendar.monday(startWeek + weeks),
      halfDays: [...template.halfDays],
      hoursPerWeek: template.halfDays.length * HOURS_PER_HALF_DAY,
      headcount: random.int(template.headcount[0], template.headcount[1]),
      maxTravelKm: random.chance(0.2) ? random.pick([25, 30, 40]) : null,
      maxHourlyRateCents: random.chance(0.15) ? 100 * random.int(55, 70) : null,
      postedAt: instant(-random.int(1, 12), random.int(7, 17), random.int(0, 59)),
      postedByUserId: borrower.hrUserId,
    });
    for (const r of template.requirements) {
      plan.requirements.push({
        demandId: id,
        skillId: skillId(r.code),
        minLevel: r.minLevel,
        mandatory: r.mandatory,
      });
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

async function writeDemo(sql: Sql, plan: DemoPlan): Promise<void> {
  await insertRows(sql, POOL, plan.pools);
  await insertTerms(sql, plan.terms);
  await insertRows(sql, COMPANY, plan.companies);
  await insertRows(sql, MEMBERSHIP, plan.memberships);
  // ensureAdmin may have created one of these addresses already (ADMIN_EMAIL): keep that one.
  await insertRows(sql, APP_USER, plan.users, { suffix: 'ON CONFLICT DO NOTHING' });
  await sql.query(
    `INSERT INTO pool_coordinator (user_id, pool_id)
     SELECT u.id, c.pool_id FROM unnest($1::text[], $2::uuid[]) AS c(email, pool_id)
     JOIN app_user u ON u.email = c.email AND u.role = 'POOL_COORDINATOR'`,
    [plan.coordinators.map((c) => c.email), plan.coordinators.map((c) => c.poolId)],
  );
  await insertRows(sql, EMPLOYEE, plan.employees);
  // Skills first: the candidate_search triggers then rebuild each employee once, with the windows.
  await insertRows(sql, EMPLOYEE_SKILL, plan.employeeSkills);
  await insertRows(sql, AVAILABILITY_WINDOW, plan.windows);
  await insertRows(sql, APP_USER, plan.employeeUsers, { suffix: 'ON CONFLICT DO NOTHING' });
  await insertRows(sql, DEMAND_REQUEST, plan.demands);
  await insertRows(sql, DEMAND_SKILL_REQUIREMENT, plan.requirements);
}
