import { MigrationInterface, QueryRunner } from 'typeorm';

/** Windows per `candidate_search` row (three columns each; an index holds at most 32 columns). */
export const WINDOWS_PER_ROW = 6;

const slots = Array.from({ length: WINDOWS_PER_ROW }, (_, i) => i + 1);

/**
 * `candidate_search` keeps up to six availability windows of one employee in one pool per row
 * (and skill), instead of one window per row, and only fixed-width columns in its GiST index.
 *
 * Measured on the demo-size bench (200 demands, backend CPU of the search's scan and grouping):
 * 1.64 s with one row per window, 0.63-0.78 s now. A demand read ~1,750 window rows through ~530
 * index pages; it now reads ~540 rows through ~95 pages (the index shrank from 463 MB to 113
 * MB), and with no variable-width column in the index tuple PostgreSQL reads each column at a
 * fixed offset instead of walking the tuple from its start (`nocache_index_getattr` had been the
 * top function of the profile).
 *
 * Per row: `span` is the time the row's windows cover, as a box on the x axis (days since Monday
 * 2024-01-01, closed: [first day, last day]); window i has `lo_i`/`hi_i` (its [first, end) days)
 * and `mt_i` (its half-day mask in the low 14 bits, its hours per week in tenths above them); an
 * unused slot has mask 0, which no demand matches. `mask_any` is the union of the masks.
 * Certificates: `valid_thru` (infinity when the skill has no expiry date) and `certified`
 * (an expiry date is recorded), so that no column is NULL.
 *
 * Coverage is now summed in integers (half-days times min(window, demand) hours in tenths) and
 * divided once per pair, where it summed a numeric quotient per window.
 */
export class GroupedCandidateSearch1763950000000 implements MigrationInterface {
  name = 'GroupedCandidateSearch1763950000000';

  async up(q: QueryRunner): Promise<void> {
    // Half-days of `mask` in the days [first_day, end_day), counted from Monday 2024-01-01: the
    // day-number twin of half_day_slots(date, date, int), a single expression that is inlined.
    await q.query(`
      CREATE FUNCTION half_days_between(first_day int, end_day int, mask int) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN end_day <= first_day THEN 0 ELSE (
          bit_count(mask::bit(14)) * ((end_day - first_day) / 7)
          + bit_count((((mask >> (2 * ((first_day % 7 + 7) % 7)))
                        | (mask << (14 - 2 * ((first_day % 7 + 7) % 7))))
                       & ((1 << (2 * ((end_day - first_day) % 7))) - 1))::bit(14)))::int END
      $$`);

    await q.query(`DROP INDEX "candidate_search_pool_id_skill_id_period_location_idx"`);
    await q.query(`DROP INDEX "candidate_search_employee_id_idx"`);
    await q.query(
      `ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_window_id_fkey"`,
    );
    await q.query(`ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_pkey"`);
    await q.query(`TRUNCATE "candidate_search"`);
    for (const column of [
      'window_id',
      'valid_until',
      'period',
      'half_days',
      'hours_per_week',
      'half_day_mask',
    ]) {
      await q.query(`ALTER TABLE "candidate_search" DROP COLUMN "${column}"`);
    }
    await q.query(`
      ALTER TABLE "candidate_search"
        ADD "part" smallint NOT NULL,
        ADD "valid_thru" date NOT NULL,
        ADD "certified" boolean NOT NULL,
        ADD "span" box NOT NULL,
        ADD "mask_any" integer NOT NULL,
        ${slots.map((i) => `ADD "lo${i}" integer NOT NULL, ADD "hi${i}" integer NOT NULL, ADD "mt${i}" integer NOT NULL`).join(',\n        ')}`);
    await q.query(`
      ALTER TABLE "candidate_search" ADD CONSTRAINT "candidate_search_pkey"
        PRIMARY KEY ("employee_id", "pool_id", "skill_id", "part")`);
    await q.query(refreshFunction());
    await q.query(`SELECT candidate_search_refresh(ARRAY(SELECT id FROM employee WHERE lendable))`);
    // Built after the rows are in (one sorted pass instead of an insert per row).
    await q.query(`
      CREATE INDEX "candidate_search_pool_id_skill_id_span_location_idx" ON "candidate_search"
      USING gist ("pool_id", "skill_id", "span", "location")
      INCLUDE ("employee_id", "company_id", "mask_any",
               ${slots.map((i) => `"lo${i}", "hi${i}", "mt${i}"`).join(', ')},
               "max_travel_km", "hourly_cost_cents", "level", "valid_thru", "certified")`);
    await q.query(`ANALYZE "candidate_search"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "candidate_search_pool_id_skill_id_span_location_idx"`);
    await q.query(`ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_pkey"`);
    await q.query(`TRUNCATE "candidate_search"`);
    for (const column of [
      'part',
      'valid_thru',
      'certified',
      'span',
      'mask_any',
      ...slots.flatMap((i) => [`lo${i}`, `hi${i}`, `mt${i}`]),
    ]) {
      await q.query(`ALTER TABLE "candidate_search" DROP COLUMN "${column}"`);
    }
    await q.query(`
      ALTER TABLE "candidate_search"
        ADD "window_id" uuid NOT NULL, ADD "valid_until" date, ADD "period" daterange NOT NULL,
        ADD "half_days" integer[] NOT NULL, ADD "hours_per_week" numeric(4,1) NOT NULL,
        ADD "half_day_mask" integer NOT NULL`);
    await q.query(`
      ALTER TABLE "candidate_search"
        ADD CONSTRAINT "candidate_search_pkey" PRIMARY KEY ("window_id", "skill_id"),
        ADD CONSTRAINT "candidate_search_window_id_fkey" FOREIGN KEY ("window_id")
          REFERENCES "availability_window"("id") ON DELETE CASCADE`);
    // The one-row-per-window refresh of FastCandidateSearch1763906400000.
    await q.query(`
      CREATE OR REPLACE FUNCTION candidate_search_refresh(p_employee_ids uuid[]) RETURNS void
      LANGUAGE sql AS $$
        DELETE FROM candidate_search WHERE employee_id = ANY(p_employee_ids);
        INSERT INTO candidate_search (window_id, skill_id, employee_id, company_id, pool_id, level, valid_until,
                                      period, half_days, half_day_mask, hours_per_week,
                                      location, max_travel_km, hourly_cost_cents)
        SELECT w.id, es.skill_id, e.id, e.company_id, w.pool_id, es.level, es.valid_until,
               w.period, w.half_days, half_day_mask(w.half_days), w.hours_per_week,
               point(COALESCE(e.home_longitude, c.longitude), COALESCE(e.home_latitude, c.latitude)),
               e.max_travel_km, e.hourly_cost_cents
        FROM employee e
        JOIN company c ON c.id = e.company_id
        JOIN availability_window w ON w.employee_id = e.id AND w.status = 'ACTIVE'
        JOIN employee_skill es ON es.employee_id = e.id
        WHERE e.id = ANY(p_employee_ids) AND e.lendable;
      $$`);
    await q.query(`SELECT candidate_search_refresh(ARRAY(SELECT id FROM employee WHERE lendable))`);
    await q.query(
      `CREATE INDEX "candidate_search_employee_id_idx" ON "candidate_search" ("employee_id")`,
    );
    await q.query(`
      CREATE INDEX "candidate_search_pool_id_skill_id_period_location_idx" ON "candidate_search"
      USING gist ("pool_id", "skill_id", "period", "location")
      INCLUDE ("employee_id", "company_id", "half_day_mask", "hours_per_week", "max_travel_km",
               "hourly_cost_cents", "level", "valid_until")`);
    await q.query(`DROP FUNCTION half_days_between(int, int, int)`);
  }
}

/**
 * Rebuilds the rows of the given employees: their ACTIVE windows per pool in order of start,
 * six to a row, times the skills they hold (lendable employees only).
 */
function refreshFunction(): string {
  const n = WINDOWS_PER_ROW;
  return `
    CREATE OR REPLACE FUNCTION candidate_search_refresh(p_employee_ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
      DELETE FROM candidate_search WHERE employee_id = ANY(p_employee_ids);
      INSERT INTO candidate_search (employee_id, pool_id, part, skill_id, company_id, level, valid_thru, certified,
                                    span, location, max_travel_km, hourly_cost_cents, mask_any,
                                    ${slots.map((i) => `lo${i}, hi${i}, mt${i}`).join(', ')})
      SELECT g.employee_id, g.pool_id, g.part, es.skill_id, e.company_id, es.level,
             COALESCE(es.valid_until, 'infinity'), es.valid_until IS NOT NULL,
             box(point(g.first_day, 0), point(g.end_day - 1, 0)),
             point(COALESCE(e.home_longitude, c.longitude), COALESCE(e.home_latitude, c.latitude)),
             e.max_travel_km, e.hourly_cost_cents, g.mask_any,
             ${slots.map((i) => `g.lo${i}, g.hi${i}, g.mt${i}`).join(', ')}
      FROM (
        SELECT w.employee_id, w.pool_id, w.n / ${n} AS part, min(w.lo) AS first_day, max(w.hi) AS end_day,
               bit_or(w.mask) AS mask_any,
               ${slots
                 .map((i) =>
                   ['lo', 'hi', 'mt']
                     .map(
                       (c) =>
                         `COALESCE(min(w.${c}) FILTER (WHERE w.n % ${n} = ${i - 1}), 0) AS ${c}${i}`,
                     )
                     .join(', '),
                 )
                 .join(',\n               ')}
        FROM (
          SELECT aw.employee_id, aw.pool_id,
                 lower(aw.period) - DATE '2024-01-01' AS lo, upper(aw.period) - DATE '2024-01-01' AS hi,
                 half_day_mask(aw.half_days) AS mask,
                 half_day_mask(aw.half_days) | ((aw.hours_per_week * 10)::int << 14) AS mt,
                 (row_number() OVER (PARTITION BY aw.employee_id, aw.pool_id ORDER BY lower(aw.period), aw.id) - 1)::int AS n
          FROM availability_window aw
          WHERE aw.employee_id = ANY(p_employee_ids) AND aw.status = 'ACTIVE'
        ) w
        GROUP BY w.employee_id, w.pool_id, w.n / ${n}
      ) g
      JOIN employee e ON e.id = g.employee_id AND e.lendable
      JOIN company c ON c.id = e.company_id
      JOIN employee_skill es ON es.employee_id = e.id;
    $$`;
}
