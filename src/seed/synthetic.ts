import { DataSource, QueryRunner } from 'typeorm';
import { CompanyKind, MembershipStatus } from '../companies/company.enums';
import { BulkInserter, BulkTable, Sql } from './bulk-insert';
import { DUTCH_CITIES, mobileNumber, nearby, nearestTown, postcodeIn, Town } from './geography';
import { emailLocalPart, FIRM_SURNAMES, personName, slugify } from './names';
import { Random, SequentialIds } from './random';
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
  AVAILABILITY_WINDOW,
  COMPANY,
  DEMAND_REQUEST,
  DEMAND_SKILL_REQUIREMENT,
  EMPLOYEE,
  EMPLOYEE_SKILL,
  CompanyRow,
  existingKvkNumbers,
  insertTerms,
  MEMBERSHIP,
  MembershipRow,
  POOL,
} from './tables';
import {
  DEMAND_TEMPLATES,
  DemandTemplate,
  hourlyCostCents,
  SCHOOL_DEMAND_TEMPLATES,
  skillSet,
  Trade,
  TRADE_PROFILES,
  TRADES,
} from './trades';

/** Sizes from DESIGN.md "Non-functional targets". */
export const SYNTHETIC_SIZES = {
  small: { companies: 200, employees: 4_000, windows: 40_000, demands: 500 },
  demo: { companies: 2_000, employees: 40_000, windows: 400_000, demands: 5_000 },
  national: { companies: 10_000, employees: 200_000, windows: 2_000_000, demands: 50_000 },
} as const;

export type SyntheticSize = keyof typeof SYNTHETIC_SIZES;

export interface SyntheticOptions {
  size: SyntheticSize;
  /** Same seed and `today`, same data (ids included). Default 1. */
  seed?: number;
  /** Pools to spread the companies over (each company in one, some in two). Default 1. */
  pools?: number;
  /** Dates are counted from this day. Default now. */
  today?: Date;
  /** Rows per INSERT statement. Default 5,000. */
  batchSize?: number;
  /**
   * Connections that write staff, skills and availability windows at once (default 2, at most
   * the data source's pool size). The data does not depend on it.
   */
  workers?: number;
  onProgress?: (progress: SyntheticProgress) => void;
}

/** Rows written so far of an estimated total (the total is exact once every table is done). */
export interface SyntheticProgress {
  table: string;
  done: number;
  total: number;
}

export interface SyntheticCounts {
  pools: number;
  companies: number;
  memberships: number;
  employees: number;
  employeeSkills: number;
  windows: number;
  demands: number;
  requirements: number;
  skills: number;
}

export interface SyntheticResult {
  /** The first (with one pool, the only) pool. */
  poolId: string;
  poolIds: string[];
  counts: SyntheticCounts;
  /**
   * Milliseconds per phase (skill, pool, company, employee+skill+window, demand_request,
   * analyze) and in `total`.
   */
  millis: Record<string, number>;
}

/** A generated company, kept in memory while its staff, windows and demand are generated. */
interface SyntheticCompany {
  id: string;
  school: boolean;
  trades: Trade[];
  latitude: number;
  longitude: number;
  slug: string;
  staff: number;
  /** Pools where it publishes availability (ACTIVE or SUSPENDED members). */
  windowPools: string[];
  /** Pools where it posts demand (ACTIVE members). */
  activePools: string[];
}

/** Share of staff their employer lets be lent. */
const LENDABLE_SHARE = 0.85;

const WINDOW_OPTIONS = { firstWeek: [0, 3], maxTracks: 3 } as const;

const MEMBERSHIP_STATUS: readonly (readonly [MembershipStatus, number])[] = [
  [MembershipStatus.ACTIVE, 92],
  [MembershipStatus.PENDING, 4],
  [MembershipStatus.SUSPENDED, 3],
  [MembershipStatus.LEFT, 1],
];

/**
 * Generates a synthetic pool of the given size for benchmarks: companies spread over the
 * Netherlands (weighted by city size), employees living near their employer with 2-6 skills
 * from the seeded taxonomy, exactly the promised number of availability windows (1-12 weeks,
 * realistic half-day patterns, never overlapping per employee) and of open demands (1-3 skill
 * requirements, headcount 1-3, starting at least 3 days ahead).
 *
 * Rows are written with multi-row `unnest` INSERTs in a few transactions (see the phases
 * below); when the second phase fails, the pools and companies of the first are deleted again,
 * so a failed run leaves nothing but the skill taxonomy. The database keeps all its
 * indexes and triggers (candidate_search included), so what is measured afterwards is what
 * production would have. The tables are analysed at the end.
 */
export async function generateSynthetic(
  dataSource: DataSource,
  options: SyntheticOptions,
): Promise<SyntheticResult> {
  const started = Date.now();
  const size = SYNTHETIC_SIZES[options.size];
  if (!size) throw new Error(`Unknown size ${options.size}: use small, demo or national`);
  const seed = options.seed ?? 1;
  const poolCount = Math.max(1, Math.floor(options.pools ?? 1));
  const key = `synthetic:${options.size}:${poolCount}:${seed}`;
  const random = new Random(key);
  const now = options.today ?? new Date();
  const today = isoDate(now);
  const calendar = new WeekCalendar(mondayOf(now));
  const ids = new SequentialIds(new Random(`${key}:ids`), Date.parse(calendar.anchor));

  // Skills per employee and requirements per demand are random: the total is an estimate,
  // corrected as each table is done.
  const estimate = {
    memberships: Math.round(size.companies * (poolCount > 1 ? 1.1 : 1)),
    employeeSkills: size.employees * 4,
    requirements: size.demands * 2,
  };
  const progress = {
    done: 0,
    total:
      poolCount +
      size.companies +
      estimate.memberships +
      size.employees +
      estimate.employeeSkills +
      size.windows +
      size.demands +
      estimate.requirements,
  };
  const millis: Record<string, number> = {};
  const counts: SyntheticCounts = {
    pools: poolCount,
    companies: 0,
    memberships: 0,
    employees: 0,
    employeeSkills: 0,
    windows: 0,
    demands: 0,
    requirements: 0,
    skills: 0,
  };

  const inserter = <T>(sql: Sql, spec: BulkTable<T>) =>
    new BulkInserter(sql, spec, {
      batchSize: options.batchSize,
      onWrite: (rows) => {
        progress.done += rows;
        options.onProgress?.({ table: spec.table, done: progress.done, total: progress.total });
      },
    });
  const timed = async <T>(table: string, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const result = await work();
    millis[table] = Date.now() - t0;
    return result;
  };

  // Phase 1, one transaction: taxonomy, pools, companies and memberships.
  let skills = new Map<string, SkillRef>();
  let poolIds: string[] = [];
  let companies: SyntheticCompany[] = [];
  await inTransactions(dataSource, 1, async ([sql]) => {
    skills = await timed('skill', () => ensureSkillTaxonomy(sql));
    counts.skills = skills.size;
    poolIds = await timed('pool', () => writePools(sql, ids, options.size, seed, poolCount, now));
    progress.done += poolCount;
    companies = await timed('company', async () => {
      const taken = await existingKvkNumbers(sql);
      const companyRows = inserter(sql, COMPANY);
      const membershipRows = inserter(sql, MEMBERSHIP);
      const list = planCompanies(random, ids, now, size, poolIds, taken, (row) => {
        companyRows.add(row.company);
        for (const m of row.memberships) membershipRows.add(m);
      });
      counts.companies = await companyRows.close();
      counts.memberships = await membershipRows.close();
      return list;
    });
    progress.total += counts.memberships - estimate.memberships;
  });

  // Who is lendable is drawn first, from a stream of its own, so that exactly `size.windows`
  // windows can be spread over the lendable staff of publishing members while the staff is
  // generated company by company.
  const lendableDraws = new Random(`${key}:lendable`);
  const lendable = companies.map((c) =>
    Array.from({ length: c.staff }, () => lendableDraws.chance(LENDABLE_SHARE)),
  );
  const publishers = companies.reduce(
    (n, c, i) => n + (c.windowPools.length > 0 ? lendable[i].filter(Boolean).length : 0),
    0,
  );
  const windowCounts = spread(random, size.windows, publishers);

  try {
    // Phase 2: staff, skills and windows, the bulk of the work (every window also feeds
    // candidate_search through its triggers and GiST index), then the open demand. Companies
    // go round-robin, a batch at a time, to `workers` connections, each in a transaction of its
    // own, so that PostgreSQL uses more than one core; all of them commit at the end, or none.
    // Generation runs in one fixed order, so the data does not depend on the number of workers.
    await inTransactions(dataSource, workers(dataSource, options.workers), async (connections) => {
      await timed('employee+skill+window', async () => {
        const writers = connections.map((sql) => ({
          employees: inserter(sql, EMPLOYEE),
          skills: inserter(sql, EMPLOYEE_SKILL),
          windows: inserter(sql, AVAILABILITY_WINDOW),
        }));
        let w = 0;
        let published = 0;
        for (let c = 0; c < companies.length; c++) {
          const company = companies[c];
          const writer = writers[w];
          for (let n = 0; n < company.staff; n++) {
            const employee = planEmployee(random, ids, company, today, skills, lendable[c][n]);
            writer.employees.add(employee.row);
            for (const s of employee.skills) writer.skills.add(s);
            if (!employee.row.lendable || company.windowPools.length === 0) continue;
            const count = windowCounts[published++];
            for (const window of planWindows(random, count, calendar, WINDOW_OPTIONS)) {
              writer.windows.add({
                id: ids.uuid(),
                employeeId: employee.row.id,
                companyId: company.id,
                poolId:
                  company.windowPools.length === 1
                    ? company.windowPools[0]
                    : random.pick(company.windowPools),
                ...window,
              });
            }
          }
          // A connection runs its statements in the order sent: employees, then their skills
          // (while they have no windows, so the candidate_search trigger has nothing to do),
          // then all their windows in one statement, so that each employee is indexed once.
          if (writer.employees.full || writer.skills.full || writer.windows.full) {
            await writer.employees.flush();
            await writer.skills.flush();
            await writer.windows.flush();
            w = (w + 1) % writers.length;
          }
        }
        for (const writer of writers) {
          counts.employees += await writer.employees.close();
          counts.employeeSkills += await writer.skills.close();
          counts.windows += await writer.windows.close();
        }
        progress.total += counts.employeeSkills - estimate.employeeSkills;
      });

      await timed('demand_request', async () => {
        const [sql] = connections;
        const demands = inserter(sql, DEMAND_REQUEST);
        const requirements = inserter(sql, DEMAND_SKILL_REQUIREMENT);
        const borrowers = companies.filter((c) => c.activePools.length > 0);
        const cumulative = cumulate(borrowers.map((c) => (c.school ? 4 : Math.sqrt(c.staff) + 1)));
        for (let n = 0; n < size.demands; n++) {
          const borrower = borrowers[pickCumulative(random, cumulative)];
          const demand = planDemand(random, ids, borrower, today, now, skills);
          demands.add(demand.row);
          for (const r of demand.requirements) requirements.add(r);
          if (demands.full || requirements.full) {
            await demands.flush();
            await requirements.flush();
          }
        }
        counts.demands = await demands.close();
        counts.requirements = await requirements.close();
      });
    });
  } catch (error) {
    // Phase 1 is committed: take back its pools and companies (cheap: phase 2 left nothing
    // that refers to them), so that a failed run leaves only the skill taxonomy behind. The
    // original error is what the caller needs to see.
    await dataSource
      .transaction(async (sql) => {
        await sql.query(`DELETE FROM company WHERE id = ANY($1::uuid[])`, [
          companies.map((c) => c.id),
        ]);
        await sql.query(`DELETE FROM pool WHERE id = ANY($1::uuid[])`, [poolIds]);
      })
      .catch(() => undefined);
    throw error;
  }
  progress.total = progress.done;
  options.onProgress?.({ table: 'analyze', done: progress.done, total: progress.total });

  await timed('analyze', async () => {
    for (const table of [
      'company',
      'pool_membership',
      'employee',
      'employee_skill',
      'availability_window',
      'candidate_search',
      'demand_request',
      'demand_skill_requirement',
    ]) {
      // VACUUM as well: it sets the visibility map, so the candidate search's index-only scans
      // need no heap fetches right away instead of after autovacuum's next visit.
      await dataSource.query(`VACUUM (ANALYZE) "${table}"`);
    }
  });
  millis.total = Date.now() - started;
  return { poolId: poolIds[0], poolIds, counts, millis };
}

/** Connections for phase 2: as asked (default 2), within the data source's pool. */
function workers(dataSource: DataSource, requested: number | undefined): number {
  const poolMax = Number((dataSource.options as { extra?: { max?: number } }).extra?.max ?? 10);
  return Math.max(1, Math.min(requested ?? 2, poolMax));
}

/**
 * Runs `work` with `count` connections, each in a transaction of its own; commits them all
 * when it succeeds and rolls them all back when it fails.
 */
async function inTransactions(
  dataSource: DataSource,
  count: number,
  work: (connections: Sql[]) => Promise<void>,
): Promise<void> {
  const runners: QueryRunner[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const runner = dataSource.createQueryRunner();
      runners.push(runner);
      await runner.connect();
      await runner.startTransaction();
    }
    await work(runners.map((r) => r.manager));
    for (const runner of runners) await runner.commitTransaction();
  } catch (error) {
    for (const runner of runners) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    }
    throw error;
  } finally {
    for (const runner of runners) await runner.release();
  }
}

async function writePools(
  sql: Sql,
  ids: SequentialIds,
  size: SyntheticSize,
  seed: number,
  count: number,
  now: Date,
): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: ids.uuid(),
    name: `Synthetic ${size} pool${count > 1 ? ` ${i + 1} of ${count}` : ''} (seed ${seed})`,
    region: 'Nederland',
    branch: 'Techniek (synthetic benchmark data)',
  }));
  const existing = await sql.query<{ name: string }[]>(
    `SELECT name FROM pool WHERE name = ANY($1::text[])`,
    [rows.map((r) => r.name)],
  );
  if (existing.length > 0) {
    throw new Error(
      `Pool "${existing[0].name}" exists already: generate into a fresh database or use another seed`,
    );
  }
  const inserter = new BulkInserter(sql, POOL);
  for (const row of rows) inserter.add(row);
  await inserter.close();
  const effectiveFrom = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  await insertTerms(
    sql,
    rows.map((r) => ({
      id: ids.uuid(),
      poolId: r.id,
      version: 1,
      effectiveFrom,
      createdByUserId: null,
    })),
  );
  return rows.map((r) => r.id);
}

interface PlannedCompanyRows {
  company: CompanyRow;
  memberships: MembershipRow[];
}

/** Companies over the country, their memberships, and how many employees each has. */
function planCompanies(
  random: Random,
  ids: SequentialIds,
  now: Date,
  size: { companies: number; employees: number },
  poolIds: readonly string[],
  takenKvk: Set<string>,
  emit: (rows: PlannedCompanyRows) => void,
): SyntheticCompany[] {
  const companies: SyntheticCompany[] = [];
  const weights: number[] = [];
  // KvK numbers from a stream of their own: one taken already does not change the rest.
  const kvk = new Random(`${random.uint32()}:kvk`);
  const cities = cumulate(DUTCH_CITIES.map((c) => c.weight));
  const trades = cumulate(TRADES.map((t) => TRADE_PROFILES[t].share));
  for (let i = 0; i < size.companies; i++) {
    const city = DUTCH_CITIES[pickCumulative(random, cities)];
    const school = random.chance(0.02);
    const main = TRADES[pickCumulative(random, trades)];
    const second = random.chance(0.35) ? TRADES[pickCumulative(random, trades)] : main;
    const firmTrades = school ? [] : second === main ? [main] : [main, second];
    const name = school ? `MBO Techniekcollege ${city.name}` : firmName(random, main, city);
    let kvkNumber: string;
    do kvkNumber = String(kvk.int(10_000_000, 99_999_999));
    while (takenKvk.has(kvkNumber));
    takenKvk.add(kvkNumber);
    const location = nearby(random, city.latitude, city.longitude, 5, 15);
    const id = ids.uuid();

    const homePool = poolIds[i % poolIds.length];
    const memberships: PlannedCompanyRows['memberships'] = [];
    const join = (poolId: string, status: MembershipStatus) => {
      const requestedDays =
        status === MembershipStatus.PENDING ? random.int(1, 20) : random.int(60, 900);
      const requestedAt = new Date(now.getTime() - requestedDays * 86_400_000);
      memberships.push({
        id: ids.uuid(),
        poolId,
        companyId: id,
        status,
        requestedAt: requestedAt.toISOString(),
        decidedAt:
          status === MembershipStatus.PENDING
            ? null
            : new Date(requestedAt.getTime() + random.int(1, 14) * 86_400_000).toISOString(),
        decidedByUserId: null,
      });
    };
    join(homePool, random.weighted(MEMBERSHIP_STATUS, (s) => s[1])[0]);
    if (poolIds.length > 1 && random.chance(0.1)) {
      const other = poolIds[(i + random.int(1, poolIds.length - 1)) % poolIds.length];
      join(other, MembershipStatus.ACTIVE);
    }
    emit({
      company: {
        id,
        name,
        kvkNumber,
        kind: school ? CompanyKind.SCHOOL : CompanyKind.EMPLOYER,
        postcode: postcodeIn(random, city),
        city: city.name,
        ...location,
      },
      memberships,
    });
    companies.push({
      id,
      school,
      trades: firmTrades,
      ...location,
      slug: slugify(name),
      staff: 0,
      windowPools: memberships
        .filter(
          (m) => m.status === MembershipStatus.ACTIVE || m.status === MembershipStatus.SUSPENDED,
        )
        .map((m) => m.poolId),
      activePools: memberships
        .filter((m) => m.status === MembershipStatus.ACTIVE)
        .map((m) => m.poolId),
    });
    // Firm sizes are skewed: many small firms, a few large ones. Schools lend no one.
    weights.push(school ? 0 : Math.exp(1.1 * random.gaussian()));
  }
  const staff = allocate(size.employees, weights);
  companies.forEach((c, i) => (c.staff = staff[i]));
  return companies;
}

function firmName(random: Random, trade: Trade, city: Town): string {
  const word = random.pick(TRADE_PROFILES[trade].firmWords);
  const owner = random.chance(0.8) ? random.pick(FIRM_SURNAMES) : city.name;
  const place = owner !== city.name && random.chance(0.2) ? ` ${city.name}` : '';
  return `${owner} ${word}${place}${random.chance(0.3) ? ' B.V.' : ''}`;
}

function planEmployee(
  random: Random,
  ids: SequentialIds,
  company: SyntheticCompany,
  today: string,
  skills: Map<string, SkillRef>,
  lendable: boolean,
) {
  const name = personName(random);
  const home = nearby(random, company.latitude, company.longitude, 7, 35);
  const town = nearestTown(DUTCH_CITIES, home.latitude, home.longitude);
  const held = skillSet(random, company.trades, { min: 2, max: 6, today });
  const topLevel = Math.max(...held.map((s) => s.level));
  const row = {
    id: ids.uuid(),
    companyId: company.id,
    firstName: name.firstName,
    lastName: name.lastName,
    workEmail: `${emailLocalPart(name)}@${company.slug}.example`,
    workPhone: mobileNumber(random),
    homePostcode: postcodeIn(random, town),
    homeLatitude: home.latitude,
    homeLongitude: home.longitude,
    maxTravelKm: 5 * random.int(4, 12),
    lendable,
    hourlyCostCents: hourlyCostCents(random, topLevel),
    standingConsentDate:
      lendable && random.chance(0.3) ? addDays(today, -random.int(30, 2000)) : null,
  };
  return {
    row,
    skills: held.map((s) => ({
      employeeId: row.id,
      skillId: skillRef(skills, s.code).id,
      level: s.level,
      validUntil: s.validUntil,
    })),
  };
}

const HEADCOUNT_WEIGHT = [0, 60, 28, 12];

function planDemand(
  random: Random,
  ids: SequentialIds,
  borrower: SyntheticCompany,
  today: string,
  now: Date,
  skills: Map<string, SkillRef>,
) {
  let template: DemandTemplate;
  if (borrower.school) {
    template = random.pick(SCHOOL_DEMAND_TEMPLATES);
  } else {
    const trade = random.chance(0.75)
      ? random.pick(borrower.trades)
      : random.weighted(TRADES, (t) => TRADE_PROFILES[t].share);
    template = random.pick(DEMAND_TEMPLATES[trade]);
  }
  const site = nearby(random, borrower.latitude, borrower.longitude, 8, 30);
  const town = nearestTown(DUTCH_CITIES, site.latitude, site.longitude);
  const from = addDays(today, random.int(3, 60));
  const weeks = random.int(template.weeks[0], Math.min(26, template.weeks[1]));
  const headcounts = [1, 2, 3].filter(
    (h) => h >= template.headcount[0] && h <= template.headcount[1],
  );
  const id = ids.uuid();
  // The first requirement is the job itself; the others are kept or dropped, 1-3 in all.
  const wanted = template.requirements.filter((r, i) => i === 0 || random.chance(0.75)).slice(0, 3);
  return {
    row: {
      id,
      companyId: borrower.id,
      poolId:
        borrower.activePools.length === 1
          ? borrower.activePools[0]
          : random.pick(borrower.activePools),
      title: `${template.title}, ${town.name}`,
      description: template.description,
      sitePostcode: postcodeIn(random, town),
      siteCity: town.name,
      siteLatitude: site.latitude,
      siteLongitude: site.longitude,
      from,
      until: addDays(from, 7 * weeks),
      halfDays: template.halfDays,
      hoursPerWeek: template.halfDays.length * HOURS_PER_HALF_DAY,
      headcount: random.weighted(headcounts, (h) => HEADCOUNT_WEIGHT[h]),
      maxTravelKm: random.chance(0.2) ? 5 * random.int(5, 12) : null,
      maxHourlyRateCents: random.chance(0.1) ? 100 * random.int(55, 80) : null,
      postedAt: new Date(now.getTime() - random.int(10, 14 * 24 * 60) * 60_000).toISOString(),
      postedByUserId: null,
    },
    requirements: wanted.map((r) => ({
      demandId: id,
      skillId: skillRef(skills, r.code).id,
      minLevel: skillRef(skills, r.code).requiresCertificate
        ? r.minLevel
        : Math.min(5, Math.max(1, r.minLevel + random.int(-1, 1))),
      mandatory: r.mandatory,
    })),
  };
}

function skillRef(skills: Map<string, SkillRef>, code: string): SkillRef {
  const skill = skills.get(code);
  if (!skill) throw new Error(`Skill ${code} is missing from the taxonomy`);
  return skill;
}

/** `total` split over `parts` with some variety (each at least 1), summing exactly to `total`. */
function spread(random: Random, total: number, parts: number): number[] {
  if (parts === 0) {
    if (total > 0) throw new Error('No lendable employee to give availability windows to');
    return [];
  }
  const base = Math.floor(total / parts);
  const out = Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
  // Move a few windows between employees, so that not everyone has the same number.
  for (let i = 0; i < parts; i++) {
    const j = random.int(0, parts - 1);
    const k = random.int(0, Math.min(4, out[i] - 1));
    if (out[j] + k <= 2 * base + 4) {
      out[i] -= k;
      out[j] += k;
    }
  }
  return out;
}

/** `total` split over `weights` exactly (largest remainder), at least 1 for each positive weight. */
function allocate(total: number, weights: readonly number[]): number[] {
  const positive = weights.filter((w) => w > 0).length;
  if (positive === 0) throw new Error('No employer to give employees to');
  const floor = Math.min(2, Math.floor(total / positive));
  const rest = total - floor * positive;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w > 0 ? (rest * w) / sum : 0));
  const out = weights.map((w, i) => (w > 0 ? floor + Math.floor(exact[i]) : 0));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .filter(({ i }) => weights[i] > 0)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

/** Index drawn with probability proportional to its weight, by binary search. */
function pickCumulative(random: Random, cumulative: Float64Array): number {
  const r = random.next() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
