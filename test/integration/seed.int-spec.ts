import { DataSource } from 'typeorm';
import { verifyPassword } from '../../src/auth/password';
import { openDatabase } from '../../src/database/data-source';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoIfEmpty } from '../../src/seed/demo-seed';
import { generateSynthetic, SyntheticProgress, SyntheticResult } from '../../src/seed/synthetic';
import { createTestDatabase, TestDatabase } from '../support/database';

/** Half-days (times skills) the candidate search holds: the set bits of its rows. */
const SEARCHABLE_WINDOW_SKILLS = `(SELECT COALESCE(sum(bit_count(cs.slots)), 0) FROM candidate_search cs`;

/** Half-days (times skills) that should be searchable: ACTIVE windows of lendable staff. */
const WINDOW_SKILLS = `(SELECT sum(half_day_slots(aw.period, aw.half_days)) FROM availability_window aw
  JOIN employee e ON e.id = aw.employee_id AND e.lendable
  JOIN employee_skill es ON es.employee_id = e.id WHERE aw.status = 'ACTIVE'`;

/** One number (or string) per row of a query that returns a single row. */
async function one<T extends Record<string, unknown>>(
  db: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T> {
  const rows: T[] = await db.query(sql, params);
  return rows[0];
}

async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  return one(
    db,
    `SELECT (SELECT count(*) FROM pool)::int AS pools, (SELECT count(*) FROM pool_terms)::int AS terms,
            (SELECT count(*) FROM company)::int AS companies, (SELECT count(*) FROM pool_membership)::int AS memberships,
            (SELECT count(*) FROM skill)::int AS skills, (SELECT count(*) FROM employee)::int AS employees,
            (SELECT count(*) FROM employee_skill)::int AS "employeeSkills",
            (SELECT count(*) FROM availability_window)::int AS windows,
            (SELECT count(*) FROM demand_request)::int AS demands,
            (SELECT count(*) FROM demand_skill_requirement)::int AS requirements,
            (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM pool_coordinator)::int AS coordinators`,
  );
}

/** A digest of everything the demo writes, ids included, in a stable order. */
async function fingerprint(db: DataSource): Promise<Record<string, string>> {
  return one(
    db,
    `SELECT
       (SELECT md5(string_agg(concat_ws('|', id, name, kvk_number, kind, postcode, city, latitude, longitude), ',' ORDER BY id)) FROM company) AS companies,
       (SELECT md5(string_agg(concat_ws('|', pool_id, company_id, status, requested_at, decided_at), ',' ORDER BY id)) FROM pool_membership) AS memberships,
       (SELECT md5(string_agg(concat_ws('|', id, code, parent_id), ',' ORDER BY code)) FROM skill) AS skills,
       (SELECT md5(string_agg(concat_ws('|', id, first_name, last_name, work_email, work_phone, home_postcode, home_latitude, home_longitude, max_travel_km, lendable, hourly_cost_cents, standing_consent_date), ',' ORDER BY id)) FROM employee) AS employees,
       (SELECT md5(string_agg(concat_ws('|', employee_id, skill_id, level, valid_until), ',' ORDER BY employee_id, skill_id)) FROM employee_skill) AS "employeeSkills",
       (SELECT md5(string_agg(concat_ws('|', id, employee_id, pool_id, period, half_days, hours_per_week), ',' ORDER BY id)) FROM availability_window) AS windows,
       (SELECT md5(string_agg(concat_ws('|', id, company_id, pool_id, title, site_postcode, site_latitude, period, half_days, headcount, max_travel_km, max_hourly_rate_cents, posted_at), ',' ORDER BY id)) FROM demand_request) AS demands,
       (SELECT md5(string_agg(concat_ws('|', id, email, role, company_id, employee_id), ',' ORDER BY email)) FROM app_user) AS users`,
  );
}

describe('demo data (seedDemoIfEmpty)', () => {
  const today = new Date();
  let database: TestDatabase;
  let sut: DataSource;
  let seeded: boolean;

  beforeAll(async () => {
    database = await createTestDatabase();
    sut = await openDatabase(database.url, { migrate: false, poolSize: 2 });
    seeded = await seedDemoIfEmpty(sut, { today });
  });

  afterAll(async () => {
    await sut?.destroy();
    await database?.drop();
  });

  it('seeds an empty database and says so', () => {
    expect(seeded).toBe(true);
  });

  it('makes two pools with terms, 20-30 firms with a school, and pending and suspended members', async () => {
    const pools: { name: string; terms: number; members: number }[] = await sut.query(
      `SELECT p.name, (SELECT count(*) FROM pool_terms t WHERE t.pool_id = p.id)::int AS terms,
              (SELECT count(*) FROM pool_membership m WHERE m.pool_id = p.id)::int AS members
       FROM pool p ORDER BY p.name`,
    );
    expect(pools.map((p) => p.name)).toEqual([
      'Bedrijvenkring Almere Techniek',
      'Technisch Werkgeverspool Flevoland',
    ]);
    expect(pools.every((p) => p.terms >= 1 && p.members >= 5)).toBe(true);

    const firms = await one<{ all: number; schools: number; inBoth: number }>(
      sut,
      `SELECT count(*)::int AS all, (count(*) FILTER (WHERE kind = 'SCHOOL'))::int AS schools,
              (count(*) FILTER (WHERE (SELECT count(*) FROM pool_membership m WHERE m.company_id = c.id) = 2))::int AS "inBoth"
       FROM company c`,
    );
    expect(firms.all).toBeGreaterThanOrEqual(20);
    expect(firms.all).toBeLessThanOrEqual(30);
    expect(firms.schools).toBeGreaterThanOrEqual(1);
    expect(firms.inBoth).toBeGreaterThanOrEqual(2);

    const statuses: { status: string }[] = await sut.query(
      `SELECT DISTINCT status FROM pool_membership ORDER BY status`,
    );
    expect(statuses.map((s) => s.status)).toEqual(
      expect.arrayContaining(['ACTIVE', 'PENDING', 'SUSPENDED']),
    );

    const places = await one<{ outside: number }>(
      sut,
      `SELECT count(*)::int AS outside FROM company
       WHERE NOT (latitude BETWEEN 52.2 AND 52.8 AND longitude BETWEEN 5.1 AND 6.0)
          OR postcode !~ '^(13[0-9]{2}|82[0-9]{2}|83[0-2][0-9]|389[0-9]) [A-Z]{2}$'`,
    );
    expect(places.outside).toBe(0);
  });

  it('seeds a technical taxonomy of at least 50 skills with parents and certificates', async () => {
    const skills: { code: string; parent: string | null; certificate: boolean }[] = await sut.query(
      `SELECT s.code, p.code AS parent, s.requires_certificate AS certificate
         FROM skill s LEFT JOIN skill p ON p.id = s.parent_id`,
    );
    expect(skills.length).toBeGreaterThanOrEqual(50);
    expect(skills.every((s) => /^[A-Z0-9_]{2,40}$/.test(s.code))).toBe(true);
    expect(skills.filter((s) => s.parent !== null).length).toBeGreaterThan(30);
    const certificates = skills.filter((s) => s.certificate).map((s) => s.code);
    expect(certificates).toEqual(
      expect.arrayContaining([
        'CERT_VCA_BASIS',
        'CERT_VCA_VOL',
        'CERT_NEN_3140_VOP',
        'CERT_NEN_1010',
        'CERT_F_GASSEN',
        'CERT_BHV',
        'CERT_SCIOS_SCOPE_8',
        'CERT_WELD_ISO_9606',
      ]),
    );
  });

  it('employs hundreds of people near their employer with 2-5 skills, cost price and consent', async () => {
    const staff = await one<Record<string, number>>(
      sut,
      `WITH per AS (SELECT e.*, (SELECT count(*) FROM employee_skill es WHERE es.employee_id = e.id) AS skills,
                           c.latitude AS clat, c.longitude AS clon
                    FROM employee e JOIN company c ON c.id = e.company_id)
       SELECT count(*)::int AS employees, (count(*) FILTER (WHERE lendable))::int AS lendable,
              min(skills)::int AS "minSkills", max(skills)::int AS "maxSkills",
              min(hourly_cost_cents) AS "minCost", max(hourly_cost_cents) AS "maxCost",
              min(max_travel_km) AS "minTravel", max(max_travel_km) AS "maxTravel",
              (count(*) FILTER (WHERE standing_consent_date IS NOT NULL))::int AS consent,
              max(111.2 * sqrt(power(home_latitude - clat, 2) + power((home_longitude - clon) * 0.61, 2)))::float8 AS "farthestKm",
              (count(*) FILTER (WHERE work_email IS NULL OR work_phone IS NULL OR home_postcode IS NULL))::int AS incomplete
       FROM per`,
    );
    expect(staff.employees).toBeGreaterThanOrEqual(300);
    expect(staff.employees).toBeLessThanOrEqual(500);
    expect(staff.lendable / staff.employees).toBeGreaterThan(0.6);
    expect(staff).toMatchObject({ minSkills: 2, maxSkills: 5, incomplete: 0 });
    expect(staff.minCost).toBeGreaterThanOrEqual(3500);
    expect(staff.maxCost).toBeLessThanOrEqual(7500);
    expect(staff.minTravel).toBeGreaterThanOrEqual(20);
    expect(staff.maxTravel).toBeLessThanOrEqual(60);
    expect(staff.consent).toBeGreaterThan(0);
    expect(staff.farthestKm).toBeLessThan(50);

    const certificates = await one<{ expired: number; valid: number; undated: number }>(
      sut,
      `SELECT (count(*) FILTER (WHERE es.valid_until < current_date))::int AS expired,
              (count(*) FILTER (WHERE es.valid_until >= current_date))::int AS valid,
              (count(*) FILTER (WHERE es.valid_until IS NULL))::int AS undated
       FROM employee_skill es JOIN skill s ON s.id = es.skill_id WHERE s.requires_certificate`,
    );
    expect(certificates.expired).toBeGreaterThan(0);
    expect(certificates.valid).toBeGreaterThan(certificates.expired);
    expect(certificates.undated).toBe(0);
  });

  it('offers availability in the coming weeks, with ~4 hours per half-day, where the firm is a member', async () => {
    const windows = await one<Record<string, number>>(
      sut,
      `SELECT count(*)::int AS windows, count(DISTINCT w.employee_id)::int AS people,
              (count(*) FILTER (WHERE lower(w.period) < date_trunc('week', $1::timestamptz)::date
                                   OR upper(w.period) > current_date + 366))::int AS "outOfRange",
              (count(*) FILTER (WHERE w.hours_per_week <> 4 * cardinality(w.half_days)))::int AS "oddHours",
              (count(*) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM pool_membership m WHERE m.pool_id = w.pool_id AND m.company_id = w.company_id
                   AND m.status IN ('ACTIVE', 'SUSPENDED'))))::int AS "notMember",
              (count(*) FILTER (WHERE e.company_id <> w.company_id OR NOT e.lendable))::int AS "wrongOwner",
              ${SEARCHABLE_WINDOW_SKILLS})::int AS searchable,
              ${WINDOW_SKILLS})::int AS "windowSkills"
       FROM availability_window w JOIN employee e ON e.id = w.employee_id`,
      [today.toISOString()],
    );
    expect(windows.windows).toBeGreaterThan(200);
    expect(windows.people).toBeGreaterThan(150);
    expect(windows).toMatchObject({ outOfRange: 0, oddHours: 0, notMember: 0, wrongOwner: 0 });
    expect(windows.windowSkills).toBeGreaterThan(windows.windows);
    expect(windows.searchable).toBe(windows.windowSkills);
  });

  it('posts 30-60 open peaks with requirements, some by the school, starting at least 3 days ahead', async () => {
    const demand = await one<Record<string, number>>(
      sut,
      `SELECT count(*)::int AS demands,
              (count(*) FILTER (WHERE c.kind = 'SCHOOL'))::int AS school,
              (count(*) FILTER (WHERE c.kind = 'SCHOOL' AND cardinality(d.half_days) <= 4))::int AS "schoolPartTime",
              (count(*) FILTER (WHERE d.status <> 'OPEN'))::int AS "notOpen",
              (count(*) FILTER (WHERE lower(d.period) < current_date + 3))::int AS "tooSoon",
              (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM demand_skill_requirement r WHERE r.demand_id = d.id)))::int AS "noRequirements",
              (count(*) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM pool_membership m WHERE m.pool_id = d.pool_id AND m.company_id = d.company_id AND m.status = 'ACTIVE')))::int AS "notMember",
              (count(*) FILTER (WHERE d.posted_at > now()))::int AS "postedLater"
       FROM demand_request d JOIN company c ON c.id = d.company_id`,
    );
    expect(demand.demands).toBeGreaterThanOrEqual(30);
    expect(demand.demands).toBeLessThanOrEqual(60);
    expect(demand.school).toBeGreaterThanOrEqual(3);
    expect(demand.schoolPartTime).toBe(demand.school);
    expect(demand).toMatchObject({
      notOpen: 0,
      tooSoon: 0,
      noRequirements: 0,
      notMember: 0,
      postedLater: 0,
    });
  });

  it('creates every demo login with its role and the demo password', async () => {
    const users: { email: string; role: string; passwordHash: string }[] = await sut.query(
      `SELECT email, role, password_hash AS "passwordHash" FROM app_user`,
    );
    const byEmail = new Map(users.map((u) => [u.email, u]));
    for (const login of DEMO_LOGINS) {
      expect(byEmail.get(login.email)?.role).toBe(login.role);
      expect(login.password).toBe(DEMO_PASSWORD);
    }
    const admin = byEmail.get('admin@demo.pool');
    expect(await verifyPassword(admin?.passwordHash ?? '', DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(admin?.passwordHash ?? '', 'wrong-password')).toBe(false);
    // One hash for everyone: argon2 is slow on purpose.
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);

    const coordinators: { email: string; pool: string }[] = await sut.query(
      `SELECT u.email, p.name AS pool FROM pool_coordinator pc
       JOIN app_user u ON u.id = pc.user_id JOIN pool p ON p.id = pc.pool_id ORDER BY u.email`,
    );
    expect(coordinators).toEqual([
      { email: 'coordinator2@demo.pool', pool: 'Bedrijvenkring Almere Techniek' },
      { email: 'coordinator@demo.pool', pool: 'Technisch Werkgeverspool Flevoland' },
    ]);

    const hr = await one<{ firms: number; withHr: number; employees: number }>(
      sut,
      `SELECT (SELECT count(*) FROM company)::int AS firms,
              (SELECT count(DISTINCT company_id) FROM app_user WHERE role = 'COMPANY_HR' AND email LIKE 'hr@%.demo')::int AS "withHr",
              (SELECT count(*) FROM app_user u JOIN employee e ON e.id = u.employee_id
               WHERE u.role = 'EMPLOYEE' AND e.company_id = u.company_id AND u.email = e.work_email)::int AS employees`,
    );
    expect(hr.withHr).toBe(hr.firms);
    expect(hr.employees).toBeGreaterThanOrEqual(3);
  });

  it('does nothing and says so when pools exist', async () => {
    const before = await tableCounts(sut);
    await expect(seedDemoIfEmpty(sut, { today })).resolves.toBe(false);
    expect(await tableCounts(sut)).toEqual(before);
  });

  it('produces the same data on every first start', async () => {
    const other = await createTestDatabase();
    const db = await openDatabase(other.url, { migrate: false, poolSize: 2 });
    try {
      await expect(seedDemoIfEmpty(db, { today })).resolves.toBe(true);
      expect(await fingerprint(db)).toEqual(await fingerprint(sut));
    } finally {
      await db.destroy();
      await other.drop();
    }
  });
});

describe('synthetic data (generateSynthetic)', () => {
  let database: TestDatabase;
  let sut: DataSource;
  let result: SyntheticResult;
  const progress: SyntheticProgress[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sut = await openDatabase(database.url, { migrate: false, poolSize: 4 });
    result = await generateSynthetic(sut, {
      size: 'small',
      seed: 7,
      onProgress: (p) => progress.push(p),
    });
  });

  afterAll(async () => {
    await sut?.destroy();
    await database?.drop();
  });

  it('writes the promised counts of size small into one pool', async () => {
    expect(result.poolIds).toEqual([result.poolId]);
    expect(result.counts).toMatchObject({
      pools: 1,
      companies: 200,
      employees: 4000,
      windows: 40_000,
      demands: 500,
    });
    const actual = await one<Record<string, number>>(
      sut,
      `SELECT (SELECT count(*) FROM company)::int AS companies,
              (SELECT count(*) FROM pool_membership WHERE pool_id = $1)::int AS memberships,
              (SELECT count(*) FROM employee)::int AS employees,
              (SELECT count(*) FROM employee_skill)::int AS "employeeSkills",
              (SELECT count(*) FROM availability_window WHERE pool_id = $1 AND status = 'ACTIVE')::int AS windows,
              (SELECT count(*) FROM demand_request WHERE pool_id = $1 AND status = 'OPEN')::int AS demands,
              (SELECT count(*) FROM demand_skill_requirement)::int AS requirements`,
      [result.poolId],
    );
    expect(actual).toEqual({
      companies: 200,
      memberships: 200,
      employees: 4000,
      employeeSkills: result.counts.employeeSkills,
      windows: 40_000,
      demands: 500,
      requirements: result.counts.requirements,
    });
    const last = progress[progress.length - 1];
    expect(last.done).toBe(last.total);
  });

  it('keeps to the promised shapes: skills, windows, demand and places', async () => {
    const shape = await one<Record<string, number>>(
      sut,
      `SELECT
         (SELECT min(n) FROM (SELECT count(*) AS n FROM employee_skill GROUP BY employee_id) s)::int AS "minSkills",
         (SELECT max(n) FROM (SELECT count(*) AS n FROM employee_skill GROUP BY employee_id) s)::int AS "maxSkills",
         (SELECT min(upper(period) - lower(period)) FROM availability_window)::int AS "shortestWindow",
         (SELECT max(upper(period) - lower(period)) FROM availability_window)::int AS "longestWindow",
         (SELECT count(*) FROM availability_window WHERE hours_per_week <> 4 * cardinality(half_days))::int AS "oddHours",
         (SELECT min(n) FROM (SELECT count(*) AS n FROM demand_skill_requirement GROUP BY demand_id) r)::int AS "minRequirements",
         (SELECT max(n) FROM (SELECT count(*) AS n FROM demand_skill_requirement GROUP BY demand_id) r)::int AS "maxRequirements",
         (SELECT count(*) FROM demand_request d WHERE NOT EXISTS (SELECT 1 FROM demand_skill_requirement r WHERE r.demand_id = d.id))::int AS "noRequirements",
         (SELECT min(headcount) FROM demand_request)::int AS "minHeadcount",
         (SELECT max(headcount) FROM demand_request)::int AS "maxHeadcount",
         (SELECT count(*) FROM demand_request WHERE lower(period) < current_date + 3)::int AS "tooSoon",
         (SELECT count(*) FROM company WHERE NOT (latitude BETWEEN 50.7 AND 53.6 AND longitude BETWEEN 3.3 AND 7.3))::int AS "outsideNl",
         (SELECT count(DISTINCT city) FROM company)::int AS cities,
         ${SEARCHABLE_WINDOW_SKILLS} WHERE cs.pool_id = $1)::int AS searchable,
         ${WINDOW_SKILLS} AND aw.pool_id = $1)::int AS "windowSkills"`,
      [result.poolId],
    );
    expect(shape).toMatchObject({
      minSkills: 2,
      maxSkills: 6,
      shortestWindow: 7,
      oddHours: 0,
      minRequirements: 1,
      maxRequirements: 3,
      noRequirements: 0,
      minHeadcount: 1,
      maxHeadcount: 3,
      tooSoon: 0,
      outsideNl: 0,
    });
    expect(shape.longestWindow).toBeLessThanOrEqual(12 * 7);
    expect(shape.cities).toBeGreaterThan(20);
    expect(shape.searchable).toBeGreaterThan(40_000);
    expect(shape.searchable).toBe(shape.windowSkills);
  });

  it('refuses to write the same pool twice and leaves the database as it was', async () => {
    const before = await tableCounts(sut);
    await expect(generateSynthetic(sut, { size: 'small', seed: 7 })).rejects.toThrow(
      /exists already/,
    );
    expect(await tableCounts(sut)).toEqual(before);
  });

  it('takes back what it wrote when a run fails half-way', async () => {
    const before = await tableCounts(sut);
    const failingWindows = (p: SyntheticProgress) => {
      if (p.table === 'availability_window') throw new Error('disk full');
    };
    await expect(
      generateSynthetic(sut, { size: 'small', seed: 8, onProgress: failingWindows }),
    ).rejects.toThrow('disk full');
    expect(await tableCounts(sut)).toEqual(before);
  });
});
