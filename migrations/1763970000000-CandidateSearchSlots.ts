import { MigrationInterface, QueryRunner } from 'typeorm';
import { WINDOWS_PER_ROW } from './1763950000000-GroupedCandidateSearch';

const slots = Array.from({ length: WINDOWS_PER_ROW }, (_, i) => i + 1);

/**
 * `candidate_search` keeps one row per employee, pool and skill, with the employee's available
 * half-days in that pool as a bit string, instead of up to six windows a row.
 *
 * Per row: `origin` and `finish` are the first day and the end day (exclusive) of the
 * employee's ACTIVE windows in the pool, in days since Monday 2024-01-01; `slots` has two bits per
 * day from `origin` (morning, afternoon), set where a window offers that half-day. The exclusion
 * constraint on availability_window lets no two live windows of one employee in one pool share a
 * half-day, so the OR of the windows' bits loses nothing. Coverage weighs each half-day by
 * min(window, demand) hours per week: `tenths_min` and `tenths_max` are the least and the most
 * hours (in tenths) of those windows, `top_slots` the half-days of the windows with the most.
 * With at most two distinct hours (`exact`) the coverage sum is exact from the two strings:
 *   n(slots AND demand) * min(tenths_min, d) + n(top_slots AND demand) * (min(tenths_max, d) - min(tenths_min, d)).
 * In general, `tenths` holds each distinct hours t_1 < ... < t_k and layer j the half-days of
 * the windows with at least t_j (layer 1 is `slots`, layer k `top_slots`, the others, if any, are
 * `middle_layers`): the sum over j of n(layer j AND demand) * (min(t_j, d) - min(t_{j-1}, d)).
 * n(slots AND demand) * min(tenths_max, d) bounds the sum from above: the search adds up the
 * middle layers only for the rows with more than two hours that pass the bound.
 *
 * Why: a demand summed ~3,000 window rows one window at a time and grouped them per employee
 * (~3.7 ms and ~2.6 ms of a national search, see README "Matching benchmark"); a bit-string AND
 * and count is ~0.13 µs a row, and one row per employee needs no grouping. The table falls from
 * 1.58 M rows to 0.65 M at national size.
 */
export class CandidateSearchSlots1763970000000 implements MigrationInterface {
  name = 'CandidateSearchSlots1763970000000';

  async up(q: QueryRunner): Promise<void> {
    // The half-days of `mask` on the days [first_day, end_day), two bits a day, padded with
    // zeros to the days [origin, finish). Days are counted from Monday 2024-01-01.
    await q.query(`
      CREATE FUNCTION half_day_bits(origin int, first_day int, end_day int, finish int, mask int)
      RETURNS bit varying LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (repeat('0', 2 * (first_day - origin))
                || substr(repeat(substr(reverse(mask::bit(14)::text) || reverse(mask::bit(14)::text),
                                        2 * ((first_day % 7 + 7) % 7) + 1, 14),
                                 (end_day - first_day) / 7 + 2),
                          1, 2 * (end_day - first_day))
                || repeat('0', 2 * (finish - end_day)))::bit varying
      $$`);

    await q.query(`DROP INDEX "candidate_search_pool_id_skill_id_span_location_idx"`);
    await q.query(`ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_pkey"`);
    await q.query(`TRUNCATE "candidate_search"`);
    for (const column of [
      'part',
      'mask_any',
      ...slots.flatMap((i) => [`lo${i}`, `hi${i}`, `mt${i}`]),
    ]) {
      await q.query(`ALTER TABLE "candidate_search" DROP COLUMN "${column}"`);
    }
    await q.query(`
      ALTER TABLE "candidate_search"
        ADD "origin" integer NOT NULL,
        ADD "finish" integer NOT NULL,
        ADD "tenths_min" integer NOT NULL,
        ADD "tenths_max" integer NOT NULL,
        ADD "exact" boolean NOT NULL,
        ADD "slots" bit varying NOT NULL,
        ADD "top_slots" bit varying NOT NULL,
        ADD "tenths" integer[] NOT NULL,
        ADD "middle_layers" bit varying[] NOT NULL,
        ADD CONSTRAINT "candidate_search_slots_check"
          CHECK (length("slots") = 2 * ("finish" - "origin") AND length("top_slots") = length("slots")
                 AND cardinality("tenths") >= 1
                 AND cardinality("middle_layers") = GREATEST(cardinality("tenths") - 2, 0))`);
    await q.query(`
      ALTER TABLE "candidate_search" ADD CONSTRAINT "candidate_search_pkey"
        PRIMARY KEY ("employee_id", "pool_id", "skill_id")`);
    await q.query(REFRESH);
    await q.query(`SELECT candidate_search_refresh(ARRAY(SELECT id FROM employee WHERE lendable))`);
    // Built after the rows are in. The bit strings come last: an index tuple's columns after a
    // variable-width one are found by walking the tuple, the fixed-width ones before it are not.
    await q.query(`
      CREATE INDEX "candidate_search_pool_id_skill_id_span_location_idx" ON "candidate_search"
      USING gist ("pool_id", "skill_id", "span", "location")
      INCLUDE ("employee_id", "company_id", "origin", "finish", "tenths_min", "tenths_max", "exact",
               "max_travel_km", "hourly_cost_cents", "level", "valid_thru", "certified",
               "slots", "top_slots", "tenths", "middle_layers")`);
    await q.query(`ANALYZE "candidate_search"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "candidate_search_pool_id_skill_id_span_location_idx"`);
    await q.query(`ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_pkey"`);
    await q.query(`ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_slots_check"`);
    await q.query(`TRUNCATE "candidate_search"`);
    for (const column of [
      'origin',
      'finish',
      'tenths_min',
      'tenths_max',
      'exact',
      'slots',
      'top_slots',
      'tenths',
      'middle_layers',
    ]) {
      await q.query(`ALTER TABLE "candidate_search" DROP COLUMN "${column}"`);
    }
    await q.query(`
      ALTER TABLE "candidate_search"
        ADD "part" smallint NOT NULL,
        ADD "mask_any" integer NOT NULL,
        ${slots.map((i) => `ADD "lo${i}" integer NOT NULL, ADD "hi${i}" integer NOT NULL, ADD "mt${i}" integer NOT NULL`).join(',\n        ')}`);
    await q.query(`
      ALTER TABLE "candidate_search" ADD CONSTRAINT "candidate_search_pkey"
        PRIMARY KEY ("employee_id", "pool_id", "skill_id", "part")`);
    await q.query(GROUPED_REFRESH);
    await q.query(`SELECT candidate_search_refresh(ARRAY(SELECT id FROM employee WHERE lendable))`);
    await q.query(`
      CREATE INDEX "candidate_search_pool_id_skill_id_span_location_idx" ON "candidate_search"
      USING gist ("pool_id", "skill_id", "span", "location")
      INCLUDE ("employee_id", "company_id", "mask_any",
               ${slots.map((i) => `"lo${i}", "hi${i}", "mt${i}"`).join(', ')},
               "max_travel_km", "hourly_cost_cents", "level", "valid_thru", "certified")`);
    await q.query(`DROP FUNCTION half_day_bits(int, int, int, int, int)`);
    await q.query(`ANALYZE "candidate_search"`);
  }
}

/**
 * Rebuilds the rows of the given employees: per pool their ACTIVE windows as half-day bits,
 * times the skills they hold (lendable employees only).
 */
const REFRESH = `
  CREATE OR REPLACE FUNCTION candidate_search_refresh(p_employee_ids uuid[]) RETURNS void
  LANGUAGE sql AS $$
    DELETE FROM candidate_search WHERE employee_id = ANY(p_employee_ids);
    WITH w AS (
      SELECT aw.employee_id, aw.pool_id, (aw.hours_per_week * 10)::int AS tenths,
             half_day_bits(min(lower(aw.period) - DATE '2024-01-01') OVER p, lower(aw.period) - DATE '2024-01-01',
                           upper(aw.period) - DATE '2024-01-01', max(upper(aw.period) - DATE '2024-01-01') OVER p,
                           half_day_mask(aw.half_days)) AS bits,
             min(lower(aw.period) - DATE '2024-01-01') OVER p AS origin,
             max(upper(aw.period) - DATE '2024-01-01') OVER p AS finish
      FROM availability_window aw
      WHERE aw.employee_id = ANY(p_employee_ids) AND aw.status = 'ACTIVE'
      WINDOW p AS (PARTITION BY aw.employee_id, aw.pool_id)
    ),
    -- Layer t: the half-days of the windows with at least t tenths, for each t the windows have.
    layer AS (
      SELECT lv.employee_id, lv.pool_id, lv.tenths, min(w.origin) AS origin, min(w.finish) AS finish,
             bit_or(w.bits) AS bits
      FROM (SELECT DISTINCT employee_id, pool_id, tenths FROM w) lv
      JOIN w ON w.employee_id = lv.employee_id AND w.pool_id = lv.pool_id AND w.tenths >= lv.tenths
      GROUP BY lv.employee_id, lv.pool_id, lv.tenths
    ),
    g AS (
      SELECT employee_id, pool_id, min(origin) AS origin, min(finish) AS finish,
             array_agg(tenths ORDER BY tenths) AS tenths, array_agg(bits ORDER BY tenths) AS layers
      FROM layer
      GROUP BY employee_id, pool_id
    )
    INSERT INTO candidate_search (employee_id, pool_id, skill_id, company_id, level, valid_thru, certified,
                                  span, location, max_travel_km, hourly_cost_cents,
                                  origin, finish, tenths_min, tenths_max, exact, slots, top_slots, tenths, middle_layers)
    SELECT g.employee_id, g.pool_id, es.skill_id, e.company_id, es.level,
           COALESCE(es.valid_until, 'infinity'), es.valid_until IS NOT NULL,
           box(point(g.origin, 0), point(g.finish - 1, 0)),
           point(COALESCE(e.home_longitude, c.longitude), COALESCE(e.home_latitude, c.latitude)),
           e.max_travel_km, e.hourly_cost_cents,
           g.origin, g.finish, g.tenths[1], g.tenths[cardinality(g.tenths)], cardinality(g.tenths) <= 2,
           g.layers[1], g.layers[cardinality(g.layers)], g.tenths,
           COALESCE(g.layers[2:cardinality(g.layers) - 1], '{}')
    FROM g
    JOIN employee e ON e.id = g.employee_id AND e.lendable
    JOIN company c ON c.id = e.company_id
    JOIN employee_skill es ON es.employee_id = e.id;
  $$`;

/** GroupedCandidateSearch1763950000000's refresh (six windows a row), restated for down(). */
const GROUPED_REFRESH = `
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
      SELECT w.employee_id, w.pool_id, w.n / ${WINDOWS_PER_ROW} AS part, min(w.lo) AS first_day,
             max(w.hi) AS end_day, bit_or(w.mask) AS mask_any,
             ${slots
               .flatMap((i) =>
                 ['lo', 'hi', 'mt'].map(
                   (c) =>
                     `COALESCE(min(w.${c}) FILTER (WHERE w.n % ${WINDOWS_PER_ROW} = ${i - 1}), 0) AS ${c}${i}`,
                 ),
               )
               .join(',\n             ')}
      FROM (
        SELECT aw.employee_id, aw.pool_id,
               lower(aw.period) - DATE '2024-01-01' AS lo, upper(aw.period) - DATE '2024-01-01' AS hi,
               half_day_mask(aw.half_days) AS mask,
               half_day_mask(aw.half_days) | ((aw.hours_per_week * 10)::int << 14) AS mt,
               (row_number() OVER (PARTITION BY aw.employee_id, aw.pool_id
                                   ORDER BY lower(aw.period), aw.id) - 1)::int AS n
        FROM availability_window aw
        WHERE aw.employee_id = ANY(p_employee_ids) AND aw.status = 'ACTIVE'
      ) w
      GROUP BY w.employee_id, w.pool_id, w.n / ${WINDOWS_PER_ROW}
    ) g
    JOIN employee e ON e.id = g.employee_id AND e.lendable
    JOIN company c ON c.id = e.company_id
    JOIN employee_skill es ON es.employee_id = e.id;
  $$`;
