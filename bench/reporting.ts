/**
 * Pool usage report benchmark (issue 5; not part of `npm test`).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/clp_report_national npm run bench:reporting
 *   npm run bench:reporting -- --runs 15 --from 2025-11-24 --to 2026-11-22
 *
 * Against DATABASE_URL (a synthetic pool from `npm run seed:synthetic`), for its largest pool:
 * 1. applies pending migrations (the report's index among them);
 * 2. tops up a year of lending history when the pool has next to no loans: an earlier copy of
 *    every demand request (moved 2 to 51 weeks back, with its skill requirements), one loan for
 *    three in four of them to a lendable employee of another ACTIVE member firm (each employee
 *    at most once, so no half-day is booked twice), a few recalled and cancelled, and a timesheet
 *    entry per worked weekday up to yesterday (mostly APPROVED), and past availability windows
 *    (around the loans, plus idle ones). All set-based INSERT ... SELECT, then ANALYZE;
 * 3. times `ReportingService.poolUsage` (the whole report: three SQL statements in one
 *    transaction) as a coordinator and as an HR manager over the last 12 months, as a coordinator
 *    over the last quarter, the companies CSV over HTTP end to end, and the rendering of the CSV
 *    and both SVG charts alone: p50/p95 over `--runs` runs after one warm-up.
 */
import { JwtService } from '@nestjs/jwt';
import 'reflect-metadata';
import { Actor, UserRole } from '../src/auth/actor';
import { TIME_ZONE, todayIn } from '../src/common/calendar';
import { RequestContext } from '../src/common/request-context';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { scopedManager } from '../src/database/scope';
import { renderReportCsv } from '../src/reporting/reporting.csv';
import { PoolUsageReportModel } from '../src/reporting/reporting.model';
import { ReportingService } from '../src/reporting/reporting.service';
import { renderLentBorrowedChart, renderUnmetDemandChart } from '../src/reporting/reporting.svg';
import { DataSource } from 'typeorm';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** Loans below which the pool is considered to have no lending history yet. */
const HISTORY_THRESHOLD = 1000;

/** An earlier copy of every demand of pool $1, its start 2..51 weeks before today. */
const HISTORY_DEMAND_SQL = `
CREATE TEMP TABLE bench_history ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, d.id AS source_id, d.company_id, d.pool_id, d.title,
       d.site_postcode, d.site_city, d.site_latitude, d.site_longitude, d.half_days,
       d.hours_per_week, d.headcount, d.max_travel_km, d.max_hourly_rate_cents,
       daterange(s.start, s.start + (upper(d.period) - lower(d.period))) AS period,
       (s.start - (3 + abs(hashtext(d.id::text || 'p')) % 20))::timestamp
         AT TIME ZONE 'Europe/Amsterdam' + interval '9 hours' AS posted_at
FROM demand_request d
CROSS JOIN LATERAL (
  SELECT CURRENT_DATE - (2 + abs(hashtext(d.id::text)) % 50) * 7 AS start
) s
WHERE d.pool_id = $1`;

const INSERT_DEMAND_SQL = `
INSERT INTO demand_request (id, company_id, pool_id, title, description, site_postcode, site_city,
  site_latitude, site_longitude, period, half_days, hours_per_week, headcount, max_travel_km,
  max_hourly_rate_cents, status, posted_at)
SELECT id, company_id, pool_id, title, 'Earlier peak (benchmark history)', site_postcode,
       site_city, site_latitude, site_longitude, period, half_days, hours_per_week, headcount,
       max_travel_km, max_hourly_rate_cents, 'EXPIRED', posted_at
FROM bench_history`;

const INSERT_REQUIREMENTS_SQL = `
INSERT INTO demand_skill_requirement (demand_id, skill_id, min_level, mandatory)
SELECT h.id, r.skill_id, r.min_level, r.mandatory
FROM bench_history h
JOIN demand_skill_requirement r ON r.demand_id = h.source_id`;

/**
 * One loan for three in four historical demands. Demands and lendable employees of ACTIVE
 * EMPLOYER members are each numbered in a hashed order and paired by number; pairs within one
 * firm are dropped. 2% are recalled halfway (period shortened), 3% cancelled two days after
 * they were made (a third of those late, charged 8 hours).
 */
const INSERT_LOANS_SQL = `
WITH demand AS (
  SELECT h.*, row_number() OVER (ORDER BY md5(h.id::text)) AS rn
  FROM bench_history h
  WHERE abs(hashtext(h.id::text || 'l')) % 4 <> 0
),
lender AS (
  SELECT e.id, e.company_id, e.hourly_cost_cents,
         row_number() OVER (ORDER BY md5(e.id::text)) AS rn
  FROM employee e
  JOIN pool_membership m ON m.company_id = e.company_id AND m.pool_id = $1 AND m.status = 'ACTIVE'
  JOIN company c ON c.id = e.company_id AND c.kind = 'EMPLOYER'
  WHERE e.lendable
),
pair AS (
  SELECT d.id AS demand_id, d.company_id AS borrower_id, d.period, d.half_days,
         d.hours_per_week, d.posted_at, l.id AS employee_id, l.company_id AS lender_id,
         l.hourly_cost_cents, abs(hashtext(d.id::text || 's')) % 100 AS fate,
         d.posted_at + (4 + abs(hashtext(d.id::text || 'c')) % 200) * interval '1 hour'
           AS created_at
  FROM demand d
  JOIN lender l ON l.rn = d.rn
  WHERE l.company_id <> d.company_id
)
INSERT INTO loan (demand_id, employee_id, pool_id, lender_company_id, borrower_company_id,
  terms_id, period, half_days, hours_per_week, hourly_rate_cents, status, recall_effective_date,
  ended_at, end_reason, late_cancellation_charge_hours, created_at, updated_at)
SELECT p.demand_id, p.employee_id, $1, p.lender_id, p.borrower_id,
       (SELECT t.id FROM pool_terms t WHERE t.pool_id = $1 ORDER BY t.version DESC LIMIT 1),
       CASE WHEN p.fate < 2
            THEN daterange(lower(p.period),
                           lower(p.period) + greatest(1, (upper(p.period) - lower(p.period)) / 2))
            ELSE p.period END,
       p.half_days, p.hours_per_week, p.hourly_cost_cents,
       (CASE WHEN p.fate < 2 THEN 'RECALLED'
             WHEN p.fate < 5 THEN 'CANCELLED'
             WHEN upper(p.period) <= CURRENT_DATE THEN 'COMPLETED'
             WHEN lower(p.period) <= CURRENT_DATE THEN 'ACTIVE'
             ELSE 'PLANNED' END)::loan_status,
       CASE WHEN p.fate < 2
            THEN lower(p.period) + greatest(1, (upper(p.period) - lower(p.period)) / 2) END,
       CASE WHEN p.fate < 5 THEN p.created_at + interval '2 days' END,
       CASE WHEN p.fate < 2 THEN 'Recalled (benchmark)'
            WHEN p.fate < 5 THEN 'Cancelled (benchmark)' END,
       CASE WHEN p.fate = 2 THEN 8 END,
       p.created_at, p.created_at
FROM pair p`;

/** Demand status after its loans: FILLED, PARTIALLY_FILLED, or EXPIRED / CANCELLED without any. */
const DEMAND_STATUS_SQL = `
UPDATE demand_request d
SET status = (CASE WHEN f.filled >= d.headcount THEN 'FILLED'
                   WHEN f.filled > 0 THEN 'PARTIALLY_FILLED'
                   WHEN abs(hashtext(d.id::text || 'x')) % 100 < 3 THEN 'CANCELLED'
                   ELSE 'EXPIRED' END)::demand_status,
    cancelled_at = CASE WHEN f.filled = 0 AND abs(hashtext(d.id::text || 'x')) % 100 < 3
                        THEN d.posted_at + interval '3 days' END
FROM (
  SELECT h.id, count(l.id) FILTER (WHERE l.status IN ('PLANNED', 'ACTIVE', 'COMPLETED')) AS filled
  FROM bench_history h
  LEFT JOIN loan l ON l.demand_id = h.id
  GROUP BY h.id
) f
WHERE d.id = f.id`;

/**
 * One entry per weekday a loan covers (one of its half-days falls on it), up to yesterday:
 * hours per week ÷ 5 (at most 12); 95% APPROVED, 2% COUNTER_ACCEPTED, 3% still SUBMITTED.
 */
const INSERT_HOURS_SQL = `
INSERT INTO timesheet_entry (loan_id, employee_id, work_date, hours, status, counter_hours,
  submitted_at, decided_at)
SELECT l.id, l.employee_id, day::date, least(12, round(l.hours_per_week / 5, 2)),
       (CASE WHEN h.v < 95 THEN 'APPROVED' WHEN h.v < 97 THEN 'COUNTER_ACCEPTED'
             ELSE 'SUBMITTED' END)::timesheet_status,
       CASE WHEN h.v BETWEEN 95 AND 96 THEN least(12, round(l.hours_per_week / 5, 2)) END,
       day + interval '18 hours',
       CASE WHEN h.v < 97 THEN day + interval '42 hours' END
FROM loan l
CROSS JOIN LATERAL generate_series(lower(l.period), least(upper(l.period), CURRENT_DATE) - 1,
                                   interval '1 day') AS day
CROSS JOIN LATERAL (SELECT abs(hashtext(l.id::text || day::text)) % 100 AS v) h
WHERE l.pool_id = $1 AND l.status <> 'CANCELLED'
  AND extract(isodow FROM day) <= 5
  AND l.half_days && ARRAY[(extract(isodow FROM day)::int - 1) * 2,
                           (extract(isodow FROM day)::int - 1) * 2 + 1]`;

/**
 * Past availability for the history: a window around every loan that ended two weeks or more ago
 * (from four weeks before it to two weeks after, every weekday, 8 hours a week more than lent),
 * and one idle window of 4 to 12 weeks in the last year for one in six lendable employees. Both
 * WITHDRAWN at their end, as firms withdraw availability that has passed, so they never collide
 * with the live windows in the exclusion constraint and count as capacity up to their end.
 */
const INSERT_WINDOWS_SQL = `
INSERT INTO availability_window (employee_id, company_id, pool_id, period, half_days,
  hours_per_week, status, created_at, withdrawn_at)
SELECT employee_id, company_id, $1, period, '{0,1,2,3,4,5,6,7,8,9}', hours, 'WITHDRAWN',
       (lower(period) - 7)::timestamp AT TIME ZONE 'Europe/Amsterdam',
       upper(period)::timestamp AT TIME ZONE 'Europe/Amsterdam'
FROM (
  SELECT l.employee_id, l.lender_company_id AS company_id,
         daterange(lower(l.period) - 28, upper(l.period) + 14) AS period,
         least(60, l.hours_per_week + 8) AS hours
  FROM loan l
  WHERE l.pool_id = $1 AND upper(l.period) + 14 <= CURRENT_DATE
  UNION ALL
  SELECT e.id, e.company_id,
         daterange(s.start, s.start + (4 + abs(hashtext(e.id::text || 'n')) % 9) * 7),
         16 + abs(hashtext(e.id::text || 'h')) % 25
  FROM employee e
  JOIN pool_membership m ON m.company_id = e.company_id AND m.pool_id = $1 AND m.status = 'ACTIVE'
  CROSS JOIN LATERAL (
    SELECT CURRENT_DATE - (13 + abs(hashtext(e.id::text || 'w')) % 40) * 7 AS start
  ) s
  WHERE e.lendable AND abs(hashtext(e.id::text || 'i')) % 6 = 0
    AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.employee_id = e.id AND l.pool_id = $1)
) w`;

/** Windows that began a month or more ago: the synthetic generator only makes current ones. */
const PAST_WINDOWS_SQL = `
SELECT count(*)::int AS windows FROM availability_window
WHERE pool_id = $1 AND lower(period) < CURRENT_DATE - 30`;

async function topUpWindows(dataSource: DataSource, poolId: string): Promise<void> {
  const [{ windows }]: { windows: number }[] = await dataSource.query(PAST_WINDOWS_SQL, [poolId]);
  if (windows >= HISTORY_THRESHOLD) return;
  const started = Date.now();
  await dataSource.transaction(async (m) => {
    // The insert trigger rebuilds candidate_search for the employees touched, which holds live
    // (ACTIVE) windows only: for WITHDRAWN windows it would rewrite the same rows for a third of
    // the national pool's employees. Replica mode skips it (and the foreign key checks, which the
    // SELECT satisfies by construction) for this transaction only.
    await m.query(`SET LOCAL session_replication_role = replica`);
    await m.query(INSERT_WINDOWS_SQL, [poolId]);
  });
  await dataSource.query('ANALYZE availability_window');
  console.log(`  past availability windows: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function topUp(dataSource: DataSource, poolId: string): Promise<void> {
  const [{ loans }]: { loans: number }[] = await dataSource.query(
    'SELECT count(*)::int AS loans FROM loan WHERE pool_id = $1',
    [poolId],
  );
  if (loans >= HISTORY_THRESHOLD) {
    console.log(`pool has ${loans} loans: no top-up`);
    return;
  }
  const started = Date.now();
  await dataSource.transaction(async (m) => {
    const step = async (what: string, sql: string, params: unknown[] = [poolId]) => {
      const t = Date.now();
      await m.query(sql, params);
      console.log(`  ${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    };
    await step('history demand (temp)', HISTORY_DEMAND_SQL);
    await step('demand_request', INSERT_DEMAND_SQL, []);
    await step('demand_skill_requirement', INSERT_REQUIREMENTS_SQL, []);
    await step('loan', INSERT_LOANS_SQL);
    await step('demand status', DEMAND_STATUS_SQL, []);
    await step('timesheet_entry', INSERT_HOURS_SQL);
  });
  for (const table of ['demand_request', 'demand_skill_requirement', 'loan', 'timesheet_entry']) {
    await dataSource.query(`ANALYZE ${table}`);
  }
  console.log(`top-up done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time<T>(
  runs: number,
  work: () => Promise<T> | T,
): Promise<{ p50: number; p95: number; last: T }> {
  let last = await work(); // warm-up: plans cached, pages in memory
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    last = await work();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), last };
}

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    // The service connects as the non-owner role clp_app (row-level security applies to it).
    DATABASE_APP_PASSWORD: 'bench-clp-app-password',
  });
  if (!config.DATABASE_URL) throw new Error('Set DATABASE_URL to the database to measure');
  const runs = Number(option('runs') ?? 10);
  const to = option('to') ?? todayIn(TIME_ZONE);
  const from =
    option('from') ??
    new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const created = await createApp(config, { keepOwnerConnection: true });
  try {
    // Bench bookkeeping (the top-ups, which need the owner's session_replication_role, and the
    // counts) uses the owner's connection; the service calls go through the app's own connection
    // with the actor's scope, as in production.
    const ds = created.ownerDataSource!;
    const [pool]: { id: string; members: number }[] = await ds.query(
      `SELECT pool_id AS id, count(*)::int AS members FROM pool_membership
       GROUP BY pool_id ORDER BY count(*) DESC LIMIT 1`,
    );
    if (!pool) throw new Error('No pool in this database: run npm run seed:synthetic first');
    await topUp(ds, pool.id);
    await topUpWindows(ds, pool.id);
    const [size] = await ds.query(
      `SELECT (SELECT count(*) FROM pool_membership WHERE pool_id = $1)::int AS members,
              (SELECT count(*) FROM availability_window WHERE pool_id = $1)::int AS windows,
              (SELECT count(*) FROM demand_request WHERE pool_id = $1)::int AS demands,
              (SELECT count(*) FROM loan WHERE pool_id = $1)::int AS loans,
              (SELECT count(*) FROM timesheet_entry t JOIN loan l ON l.id = t.loan_id
                WHERE l.pool_id = $1)::int AS timesheet_entries`,
      [pool.id],
    );
    const [hr]: { company_id: string }[] = await ds.query(
      `SELECT lender_company_id AS company_id FROM loan WHERE pool_id = $1
       GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [pool.id],
    );
    const service = created.app.get(ReportingService);
    const args = { poolId: pool.id, from, to };
    const ctx = (role: UserRole, companyId: string | null) => {
      const actor: Actor = {
        userId: '00000000-0000-4000-8000-00000000bec0',
        role,
        companyId,
        employeeId: null,
        poolIds: [],
      };
      return new RequestContext(actor, scopedManager(created.dataSource, actor));
    };
    console.log(`pool ${pool.id}: ${JSON.stringify(size)}; period ${from} to ${to}; ${runs} runs`);
    const coordinator = await time(runs, () => service.poolUsage(ctx(UserRole.ADMIN, null), args));
    const own = await time(runs, () =>
      service.poolUsage(ctx(UserRole.COMPANY_HR, hr?.company_id ?? null), args),
    );
    const quarterArgs = {
      ...args,
      from: new Date(Date.parse(`${to}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10),
    };
    const quarter = await time(runs, () =>
      service.poolUsage(ctx(UserRole.ADMIN, null), quarterArgs),
    );
    const report: PoolUsageReportModel = coordinator.last;
    // The CSV export end to end over HTTP: token check, report, rendering, 2 MB response.
    await created.app.listen(0, '127.0.0.1');
    const token = created.app.get(JwtService).sign({
      sub: '00000000-0000-4000-8000-00000000bec0',
      role: UserRole.ADMIN,
      cid: null,
      eid: null,
    });
    const url = `${await created.app.getUrl()}${report.downloads.companiesCsvUrl}`;
    const http = await time(runs, async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`CSV export answered ${res.status}`);
      return res.text();
    });
    const csv = await time(runs, () => renderReportCsv(report, 'companies'));
    const svg = await time(
      runs,
      () => renderLentBorrowedChart(report) + renderUnmetDemandChart(report),
    );
    const rows: [string, { p50: number; p95: number }, string][] = [
      [
        'poolUsage, coordinator (all members)',
        coordinator,
        `${report.companies.length} company rows`,
      ],
      ['poolUsage, HR (own company)', own, `${own.last.companies.length} company row`],
      [
        `poolUsage, coordinator, last quarter (${quarterArgs.from} to ${to})`,
        quarter,
        `${quarter.last.companies.length} company rows`,
      ],
      [
        'GET companies.csv over HTTP (coordinator, 12 months)',
        http,
        `${(Buffer.byteLength(http.last) / 1024).toFixed(0)} KiB`,
      ],
      ['companies CSV rendering', csv, `${(Buffer.byteLength(csv.last) / 1024).toFixed(0)} KiB`],
      ['both SVG charts rendering', svg, `${(Buffer.byteLength(svg.last) / 1024).toFixed(0)} KiB`],
    ];
    console.log('\n| what | p50 ms | p95 ms | output |\n| --- | --- | --- | --- |');
    for (const [what, t, out] of rows) {
      console.log(`| ${what} | ${t.p50.toFixed(0)} | ${t.p95.toFixed(0)} | ${out} |`);
    }
    console.log('\ntotals:', JSON.stringify(report.totals));
  } finally {
    await created.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
