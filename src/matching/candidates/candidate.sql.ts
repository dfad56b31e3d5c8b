import { LIVE_LOAN, LIVE_PROPOSAL, MATCHED_STATUSES } from '../priority.sql';
import { RANKING_TOLERANCE, rankingSql } from '../scoring';

/**
 * The candidate search, written as SQL because it is where the speed is.
 *
 * Two halves. The search proper ({@link REFRESH_DEMAND_PAIRS_SQL}, {@link REFRESH_EMPLOYEE_PAIRS_SQL})
 * applies the rules that only the demand, the employee and the pool terms decide and keeps the
 * pairs that pass in `candidate_pair` (see CandidatePairTable1764000000000), where
 * `settleCandidatePairs` keeps them current as either side changes. The read
 * ({@link CANDIDATES_SQL}) takes a demand's kept pairs by key and applies the rules that change
 * as lending goes on: no live loan or live proposal on a shared half-day in an overlapping
 * period, no earlier decline; and the rotation. A page of suggestions reads the same rules through
 * {@link ONE_DEMAND_BEST_CANDIDATES_SQL}: ranked in the database, and only as many candidates as
 * the page needs.
 *
 * Search parameters: $1 demand ids (uuid[]), $2 for each demand its "lead" mandatory skill, the
 * one the fewest employees hold (uuid[], null for a demand without mandatory skills), $3 now
 * (timestamptz), and for the employee variant $4 the employees (uuid[]).
 *
 * Search plan: each demand finds its candidates' availability through ONE index-only scan of the
 * covering GiST index `candidate_search_pool_id_skill_id_span_location_idx` (pool, lead skill,
 * time overlap, location inside the travel bounding box; it INCLUDEs every column read here); a
 * row there is one employee in the pool with the lead skill, their available half-days a bit
 * string (see CandidateSearchSlots1763970000000). Per row the coverage is a bit-string AND and
 * count against the demand's half-days, so no grouping follows. A demand without mandatory
 * skills scans `availability_window_pool_id_period_idx` instead and sums its windows per
 * employee. The employee variant reads the employees' rows by key instead. The remaining rules
 * are checked per pair: great-circle distance within min(demand, employee, terms) limits,
 * coverage, active membership of the lender, every mandatory skill at its level with
 * certificates valid through the demand's end, max rate.
 */
/** Great-circle distance in km from the demand's site (`d.lat`, `d.lon`) to a point(lon, lat). */
const DISTANCE = (location: string) => `(2 * 6371 * asin(sqrt(
             power(sin(radians(d.lat - (${location})[1]) / 2), 2)
             + cos(radians(d.lat)) * cos(radians((${location})[1]))
               * power(sin(radians(d.lon - (${location})[0]) / 2), 2))))`;

/**
 * The pool terms in force at `now` (else the earliest version), as a LATERAL subquery: the ones a
 * demand's travel cap and minimum coverage come from.
 */
const TERMS_AT = (pool: string, now: string) => `(
      SELECT pt.max_travel_km, pt.min_coverage FROM pool_terms pt
      WHERE pt.pool_id = ${pool}
      ORDER BY (pt.effective_from <= ${now}) DESC,
               CASE WHEN pt.effective_from <= ${now} THEN pt.version ELSE -pt.version END DESC
      LIMIT 1
    )`;

/** A demand's travel cap: the smaller of its own limit and the terms' (`t`). */
const TRAVEL_CAP = (demand: string) =>
  `LEAST(COALESCE(${demand}.max_travel_km, t.max_travel_km), t.max_travel_km)`;

/** The demands searched and their lead skills: $1 and $2 as arrays. */
const MANY = `unnest($1::uuid[], $2::uuid[])`;

// MATERIALIZED: each demand's figures (its half-day mask above all, a set-returning function)
// are computed once, not again for every window row the index scan returns.
const DEMANDS = (source: string) => `
  d AS MATERIALIZED (
    SELECT dr.id, dr.pool_id, dr.company_id AS borrower_id, dr.period, dr.half_days, dr.hours_per_week,
           dr.site_latitude AS lat, dr.site_longitude AS lon, dr.max_hourly_rate_cents AS max_rate,
           (upper(dr.period) - 1) AS last_day, lower(dr.period) AS first_day, upper(dr.period) AS end_day,
           lower(dr.period) - DATE '2024-01-01' AS d0, upper(dr.period) - DATE '2024-01-01' AS d1,
           box(point(lower(dr.period) - DATE '2024-01-01', 0), point(upper(dr.period) - DATE '2024-01-02', 0)) AS span,
           (dr.hours_per_week * 10)::int AS tenths,
           half_day_mask(dr.half_days) AS mask,
           -- The requested half-days, two bits a day from d0 (as candidate_search.slots).
           half_day_bits(lower(dr.period) - DATE '2024-01-01', lower(dr.period) - DATE '2024-01-01',
                         upper(dr.period) - DATE '2024-01-01', upper(dr.period) - DATE '2024-01-01',
                         half_day_mask(dr.half_days)) AS bits,
           half_day_slots(lower(dr.period), upper(dr.period), half_day_mask(dr.half_days)) AS requested_slots,
           ${TRAVEL_CAP('dr')} AS travel_cap,
           t.min_coverage, lead.skill_id AS lead_skill, lr.min_level AS lead_min_level,
           -- The least coverage sum (see PAIRS) that reaches min_coverage: an integer to compare
           -- with, instead of a division per employee (NULL, matching nobody, with no half-day).
           ceil(t.min_coverage * NULLIF(half_day_slots(lower(dr.period), upper(dr.period), half_day_mask(dr.half_days)), 0)
                * (dr.hours_per_week * 10))::bigint AS min_slots,
           (SELECT count(*) FROM demand_skill_requirement r WHERE r.demand_id = dr.id AND r.mandatory) AS mandatory_count,
           ARRAY(SELECT r.skill_id FROM demand_skill_requirement r JOIN skill s ON s.id = r.skill_id
                 WHERE r.demand_id = dr.id AND r.mandatory AND s.requires_certificate) AS certificate_skills,
           -- The requirements other than the lead skill (whose level the search row holds), for
           -- the skill rule and the skill fit; and how many requirements there are in all.
           (SELECT count(*) FROM demand_skill_requirement r WHERE r.demand_id = dr.id) AS requirement_count,
           o.skills AS other_skills, o.levels AS other_levels, o.mandatory AS other_mandatory,
           o.certificate AS other_certificate
    FROM ${source} AS lead(demand_id, skill_id)
    JOIN demand_request dr ON dr.id = lead.demand_id
    LEFT JOIN demand_skill_requirement lr ON lr.demand_id = dr.id AND lr.skill_id = lead.skill_id
    CROSS JOIN LATERAL (
      SELECT COALESCE(array_agg(r.skill_id ORDER BY r.skill_id), '{}') AS skills,
             COALESCE(array_agg(r.min_level ORDER BY r.skill_id), '{}') AS levels,
             COALESCE(array_agg(r.mandatory ORDER BY r.skill_id), '{}') AS mandatory,
             COALESCE(array_agg(s.requires_certificate ORDER BY r.skill_id), '{}') AS certificate
      FROM demand_skill_requirement r JOIN skill s ON s.id = r.skill_id
      WHERE r.demand_id = dr.id AND r.skill_id IS DISTINCT FROM lead.skill_id
    ) o
    CROSS JOIN LATERAL ${TERMS_AT('dr.pool_id', '$3')} t
  )`;

/**
 * The demand's half-days a window covers, times min(window, demand) hours per week in tenths:
 * summed per pair and divided by the demand's half-days times its tenths, this is the coverage
 * (each window counts for at most the hours the demand asks for). Integers throughout.
 */
const WINDOW_SLOTS = (w: string) => `half_day_slots(GREATEST(lower(${w}.period), d.first_day),
                          LEAST(upper(${w}.period), d.end_day), ${w}.half_day_mask & d.mask)
           * LEAST((${w}.hours_per_week * 10)::int, d.tenths)`;

/** The days a candidate_search row (`cs`) shares with the demand: [SHARED_FROM, SHARED_TO). */
const SHARED_FROM = `GREATEST(cs.origin, d.d0)`;
const SHARED_TO = `LEAST(cs.finish, d.d1)`;

/** Half-days of `bits` (a row's slots or top_slots) on the shared days that the demand asks for. */
const SHARED = (bits: string) => `bit_count(
             substring(${bits} FROM 2 * (${SHARED_FROM} - cs.origin) + 1 FOR GREATEST(0, 2 * (${SHARED_TO} - ${SHARED_FROM})))
             & substring(d.bits FROM 2 * (${SHARED_FROM} - d.d0) + 1 FOR GREATEST(0, 2 * (${SHARED_TO} - ${SHARED_FROM}))))`;

/**
 * The coverage sum of a candidate_search row, as {@link WINDOW_SLOTS} summed over its windows.
 * Exact rows (at most two distinct hours a week): every shared half-day counts min(tenths_min,
 * demand) and those of the windows with the most hours the difference up to min(tenths_max,
 * demand). Other rows add their middle layers (see CandidateSearchSlots1763970000000) between
 * the two: few rows get here, as PAIRS first drops those short on the upper bound.
 */
const ROW_SLOTS = `CASE WHEN cs.tenths_max = cs.tenths_min OR d.tenths <= cs.tenths_min
            THEN ${SHARED('cs.slots')} * LEAST(cs.tenths_min, d.tenths)
            WHEN cs.exact
            THEN ${SHARED('cs.slots')} * cs.tenths_min
                 + ${SHARED('cs.top_slots')} * (LEAST(cs.tenths_max, d.tenths) - cs.tenths_min)
            ELSE ${SHARED('cs.slots')} * cs.tenths_min
                 + (SELECT COALESCE(sum(${SHARED('l.bits')} * (LEAST(l.tenths, d.tenths) - LEAST(l.below, d.tenths))), 0)
                    FROM unnest(cs.middle_layers, cs.tenths[2:cardinality(cs.tenths) - 1],
                                cs.tenths[1:cardinality(cs.tenths) - 2]) AS l(bits, tenths, below)
                    WHERE l.below < d.tenths)
                 + ${SHARED('cs.top_slots')}
                   * (LEAST(cs.tenths_max, d.tenths) - LEAST(cs.tenths[cardinality(cs.tenths) - 1], d.tenths)) END`;

/** No more than the coverage sum of a candidate_search row: its half-days at its most hours. */
const ROW_SLOTS_BOUND = `${SHARED('cs.slots')} * LEAST(cs.tenths_max, d.tenths)`;

/**
 * One row per (demand, employee) with the demand's columns and the figures every rule and score
 * needs: by lead skill from candidate_search (one row per employee), else from the windows,
 * grouped per employee. With `prefilter` (the search) the travel box, the maximum rate, the lead
 * skill's level and certificate and an upper bound of the coverage are applied per row, so that
 * the exact coverage and the rules below run for few rows; without it (the diagnosis) every row
 * of the lead skill counts, so that each rule can be blamed in turn. The location is the
 * employee's (home or employer).
 */
const PAIRS = (prefilter: boolean, employees = false) => `
  pairs AS (
    SELECT d.*, d.id AS demand_id, g.employee_id, g.company_id, g.cost_cents, g.employee_travel_km, g.lead_ok,
           g.lead_level,
           LEAST(1, g.slots::numeric / NULLIF(d.requested_slots * d.tenths, 0)) AS coverage,
           ${DISTANCE('point(g.lon, g.lat)')} AS distance_km
    FROM d
    CROSS JOIN LATERAL (
      SELECT cs.employee_id, cs.company_id, cs.hourly_cost_cents AS cost_cents,
             cs.max_travel_km AS employee_travel_km, ${ROW_SLOTS} AS slots,
             cs.location[0] AS lon, cs.location[1] AS lat, cs.level AS lead_level,
             -- The lead skill held at its level, certificate valid through the end: the skill
             -- rule needs no look-up for it.
             cs.level >= d.lead_min_level AND cs.valid_thru >= d.last_day
               AND (cs.certified OR d.lead_skill <> ALL(d.certificate_skills)) AS lead_ok
      FROM candidate_search cs
      WHERE d.lead_skill IS NOT NULL
        AND cs.pool_id = d.pool_id AND cs.skill_id = d.lead_skill
        ${
          // The time and travel boxes are the GiST index's conditions; the employee variant reads
          // its few rows by key instead (with them PostgreSQL chose the GiST and filtered the
          // skill's rows for the employees), and coverage and distance are checked anyway.
          employees ? '' : 'AND cs.span && d.span'
        }
        ${
          prefilter && !employees
            ? `AND cs.location <@ box(
               point(d.lon - d.travel_cap / (111.2 * cos(radians(d.lat))), d.lat - d.travel_cap / 111.2),
               point(d.lon + d.travel_cap / (111.2 * cos(radians(d.lat))), d.lat + d.travel_cap / 111.2))`
            : ''
        }
        ${
          prefilter
            ? `AND (d.max_rate IS NULL OR cs.hourly_cost_cents <= d.max_rate)
        AND cs.level >= d.lead_min_level AND cs.valid_thru >= d.last_day
        AND (cs.certified OR d.lead_skill <> ALL(d.certificate_skills))
        AND ${ROW_SLOTS_BOUND} >= d.min_slots`
            : ''
        }
        AND cs.company_id <> d.borrower_id${employees ? ' AND cs.employee_id = ANY($4::uuid[])' : ''}
      UNION ALL
      SELECT h.employee_id, h.company_id, min(h.hourly_cost_cents), min(h.max_travel_km), sum(h.slots),
             min(h.location[0]), min(h.location[1]), NULL::smallint, true
      FROM (
        SELECT e.id AS employee_id, e.company_id, ${WINDOW_SLOTS('w')} AS slots,
               point(COALESCE(e.home_longitude, c.longitude), COALESCE(e.home_latitude, c.latitude)) AS location,
               e.max_travel_km, e.hourly_cost_cents
        FROM (SELECT aw.*, half_day_mask(aw.half_days) AS half_day_mask FROM availability_window aw) w
        JOIN employee e ON e.id = w.employee_id AND e.lendable
        JOIN company c ON c.id = e.company_id
        WHERE d.lead_skill IS NULL
          AND w.pool_id = d.pool_id AND w.status = 'ACTIVE' AND w.period && d.period
          AND w.half_days && d.half_days AND w.company_id <> d.borrower_id
          ${employees ? 'AND w.employee_id = ANY($4::uuid[])' : ''}
      ) h
      GROUP BY h.employee_id, h.company_id
    ) g
    ${
      // The search drops pairs short on coverage, too far or too dear here, so that the rules
      // that need a look-up (membership, skills, bookings) run only for the few that remain.
      prefilter
        ? `WHERE g.slots >= d.min_slots
      AND (d.max_rate IS NULL OR g.cost_cents <= d.max_rate)
      AND ${DISTANCE('point(g.lon, g.lat)')} <= LEAST(d.travel_cap, g.employee_travel_km)`
        : ''
    }
  )`;

/** A requirement's share of the skill fit: 0.5 for meeting the minimum, up to 0.5 more above it. */
const LEVEL_FIT = (level: string, minLevel: string) =>
  `CASE WHEN ${level} >= ${minLevel} THEN 0.5 + 0.5 * (${level} - ${minLevel})::float8 / GREATEST(5 - ${minLevel}, 1) ELSE 0 END`;

/** The lender (`company`) is an ACTIVE member of the pool. */
const MEMBER = (pool: string, company: string) => `EXISTS (SELECT 1 FROM pool_membership m
                   WHERE m.pool_id = ${pool} AND m.company_id = ${company} AND m.status = 'ACTIVE')`;

/**
 * The employee is free for the demand (`demand`: an alias with its id, period and half_days, or
 * those three expressions): no live loan or live proposal sharing a half-day in an overlapping
 * period, and not declined for it before. With `probe`, each look-up stays a probe of its own
 * (OFFSET 0: PostgreSQL does not turn such a subquery into a join), for rows checked one by one
 * until enough pass: as a join, the planner may read every live proposal into a hash first.
 */
const FREE = (
  employee: string,
  demand: string | { id: string; period: string; halfDays: string },
  probe = false,
) => {
  const d =
    typeof demand === 'string'
      ? { id: `${demand}.id`, period: `${demand}.period`, halfDays: `${demand}.half_days` }
      : demand;
  const each = probe ? ' OFFSET 0' : '';
  return `NOT EXISTS (SELECT 1 FROM loan l
                            WHERE l.employee_id = ${employee} AND l.status IN ${LIVE_LOAN}
                              AND l.period && ${d.period} AND l.half_days && ${d.halfDays}${each})
                AND NOT EXISTS (SELECT 1 FROM match_proposal mp JOIN demand_request od ON od.id = mp.demand_id
                                WHERE mp.employee_id = ${employee}
                                  AND mp.status IN ${LIVE_PROPOSAL}
                                  AND od.period && ${d.period} AND od.half_days && ${d.halfDays}${each})
                AND NOT EXISTS (SELECT 1 FROM match_proposal mp
                                WHERE mp.demand_id = ${d.id} AND mp.employee_id = ${employee} AND mp.status = 'DECLINED'${each})`;
};

/**
 * Rule flags per pair, kept apart so that unfilled positions can say which rule bit. The
 * requirements other than the lead skill (if any) are looked up once per pair, by key, for both
 * the skill rule (each mandatory one at its level, certificates valid through the end) and the
 * skill fit.
 */
const CHECKED = `
  checked AS (
    SELECT p.*, other.fit AS other_fit,
           ${MEMBER('p.pool_id', 'p.company_id')} AS member_ok,
           CASE WHEN p.mandatory_count = 0 THEN true
                WHEN p.lead_ok IS NOT TRUE THEN false
                ELSE other.mandatory_met = p.mandatory_count - 1 END AS skill_ok,
           p.coverage >= p.min_coverage AS coverage_ok,
           p.distance_km <= LEAST(p.travel_cap, p.employee_travel_km) AS travel_ok,
           (p.max_rate IS NULL OR p.cost_cents <= p.max_rate) AS rate_ok,
           -- Bookings are looked up only for pairs that pass the cheap rules (CASE evaluates
           -- lazily); every count that uses this flag requires those rules too.
           CASE WHEN p.coverage >= p.min_coverage AND p.distance_km <= LEAST(p.travel_cap, p.employee_travel_km)
                     AND (p.max_rate IS NULL OR p.cost_cents <= p.max_rate)
           THEN ${FREE('p.employee_id', 'p')}
           ELSE false END AS free_ok
    FROM pairs p
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE r.mandatory AND es.level >= r.min_level
                                AND (es.valid_until IS NULL OR es.valid_until >= p.last_day)
                                AND (es.valid_until IS NOT NULL OR NOT r.certificate)) AS mandatory_met,
             COALESCE(sum(${LEVEL_FIT('es.level', 'r.min_level')}), 0) AS fit
      FROM unnest(p.other_skills, p.other_levels, p.other_mandatory, p.other_certificate)
             AS r(skill_id, min_level, mandatory, certificate)
      JOIN employee_skill es ON es.employee_id = p.employee_id AND es.skill_id = r.skill_id
      WHERE cardinality(p.other_skills) > 0
    ) other
  )`;

/** Only the pairs of matched demands are kept current. */
const SEARCHABLE = MATCHED_STATUSES;

/**
 * The pairs that pass the rules kept in `candidate_pair`, with their figures. Only the figures,
 * not the flags: selecting a flag would run its sub-plan again per row; the booking flag, not
 * referenced, is not computed at all.
 */
const STATIC_OK = `
  ok AS (
    SELECT demand_id, employee_id, company_id, cost_cents, coverage, distance_km,
           CASE WHEN requirement_count = 0 THEN 1 ELSE (
             CASE WHEN lead_skill IS NULL THEN 0 ELSE ${LEVEL_FIT('lead_level', 'lead_min_level')} END + other_fit
           ) / requirement_count END AS skill_fit
    FROM checked
    WHERE member_ok AND skill_ok AND coverage_ok AND travel_ok AND rate_ok
  )`;

/** Writes {@link STATIC_OK}'s pairs; a pair a concurrent settle wrote first is kept as it is. */
const INSERT_PAIRS = `
INSERT INTO candidate_pair (demand_id, employee_id, company_id, cost_cents, coverage, distance_km, skill_fit)
SELECT demand_id, employee_id, company_id, cost_cents, coverage::float8, distance_km::float8, skill_fit::float8
FROM ok
ORDER BY demand_id, employee_id
ON CONFLICT (demand_id, employee_id) DO NOTHING`;

/**
 * The pairs of the demands $1 (lead skills $2, terms at $3) that pass the rules a demand, an
 * employee and the pool terms decide, with their figures, into `candidate_pair`; the demands are
 * marked current in `candidate_pair_demand` with the terms they were searched under. The caller
 * has deleted the demands' earlier pairs. Skill fit: the mean over the demand's requirements of
 * {@link LEVEL_FIT}; a nice-to-have not held counts 0; no requirements is a perfect fit.
 */
export const REFRESH_DEMAND_PAIRS_SQL = `
WITH ${DEMANDS(MANY)}, ${PAIRS(true)}, ${CHECKED}, ${STATIC_OK},
  current AS (
    INSERT INTO candidate_pair_demand (demand_id, travel_cap, min_coverage, pool_id, lead_skill_id, span, site)
    SELECT id, travel_cap, min_coverage, pool_id, lead_skill, span, point(lon, lat) FROM d
    ON CONFLICT (demand_id) DO UPDATE
      SET travel_cap = EXCLUDED.travel_cap, min_coverage = EXCLUDED.min_coverage,
          pool_id = EXCLUDED.pool_id, lead_skill_id = EXCLUDED.lead_skill_id, span = EXCLUDED.span,
          site = EXCLUDED.site, refreshed_at = now()
  )
${INSERT_PAIRS}`;

/**
 * {@link REFRESH_DEMAND_PAIRS_SQL} for the employees $4 only, against demands that are current:
 * their rows are read by key (employee, pool, lead skill), not through the demand's index scan.
 * The caller has deleted those employees' earlier pairs.
 */
export const REFRESH_EMPLOYEE_PAIRS_SQL = `
WITH ${DEMANDS(MANY)}, ${PAIRS(true, true)}, ${CHECKED}, ${STATIC_OK}
${INSERT_PAIRS}`;

/**
 * Of the demands $1, those whose pairs are not current at $2: never searched, searched under
 * other terms, or not matched now (their pairs are searched on every read, never kept current).
 */
const NOT_CURRENT = (source: string) => `
SELECT x.id
FROM ${source} AS x(id)
JOIN demand_request dr ON dr.id = x.id
LEFT JOIN candidate_pair_demand s ON s.demand_id = dr.id
CROSS JOIN LATERAL ${TERMS_AT('dr.pool_id', '$2')} t
WHERE s.demand_id IS NULL OR dr.status NOT IN ${SEARCHABLE}
   OR s.travel_cap <> ${TRAVEL_CAP('dr')} OR s.min_coverage <> t.min_coverage`;

export const NOT_CURRENT_SQL = NOT_CURRENT('unnest($1::uuid[])');

/** Any mark waiting to be settled. */
export const MARKED_SQL = `EXISTS (SELECT 1 FROM candidate_pair_stale_employee)
       OR EXISTS (SELECT 1 FROM candidate_pair_stale_company)
       OR EXISTS (SELECT 1 FROM candidate_pair_stale_demand)`;

/**
 * The current (matched) demands that employees $1 may pair with, found through
 * `candidate_pair_demand`'s GiST index: for each of their candidate_search rows (pool, skill,
 * days, location), the demands of that pool led by that skill whose days overlap and whose site
 * is within the employee's own travel limit (a bounding box; the search applies the exact
 * distance). Every candidate of a demand holds its lead skill, so none is missed. Demands
 * without a mandatory skill are found from the employees' ACTIVE windows instead.
 */
export const REACHED_DEMANDS_SQL = `
SELECT r.id
FROM (
SELECT s.demand_id AS id
FROM candidate_search cs
JOIN candidate_pair_demand s
  ON s.pool_id = cs.pool_id AND s.lead_skill_id = cs.skill_id AND s.span && cs.span
 AND s.site <@ box(
       point(cs.location[0] - cs.max_travel_km / (111.2 * cos(radians(cs.location[1]))), cs.location[1] - cs.max_travel_km / 111.2),
       point(cs.location[0] + cs.max_travel_km / (111.2 * cos(radians(cs.location[1]))), cs.location[1] + cs.max_travel_km / 111.2))
WHERE cs.employee_id = ANY($1::uuid[])
UNION
SELECT s.demand_id
FROM availability_window w
JOIN employee e ON e.id = w.employee_id AND e.lendable
JOIN candidate_pair_demand s
  ON s.pool_id = w.pool_id AND s.lead_skill_id IS NULL
 AND s.span && box(point(lower(w.period) - DATE '2024-01-01', 0), point(upper(w.period) - DATE '2024-01-02', 0))
WHERE w.employee_id = ANY($1::uuid[]) AND w.status = 'ACTIVE'
) r
JOIN demand_request dr ON dr.id = r.id AND dr.status IN ${SEARCHABLE}`;

/**
 * Hours lent in the 12 months before $2 by each employee of `source` (a relation with
 * `employee_id`) who lent at all. Index: loan_employee_id_idx (an empty table never builds the
 * array).
 */
const LENT = (source: string) => `
    SELECT l.employee_id,
           sum(l.hours_per_week * (upper(l.period * daterange(($2::date - 365), $2::date))
                                   - lower(l.period * daterange(($2::date - 365), $2::date))) / 7.0) AS hours
    FROM loan l
    WHERE l.employee_id = ANY (ARRAY(SELECT employee_id FROM ${source})) AND l.status <> 'CANCELLED'
      AND l.period && daterange(($2::date - 365), $2::date)
    GROUP BY l.employee_id`;

/**
 * The rotation from `lent` (the candidate's hours) and `most` (the most-lent candidate of the same
 * firm): 1 for lent least, 0 for the most-lent, null when nobody of the firm lent.
 */
const ROTATION = `(1 - COALESCE(lent.hours, 0) / NULLIF(most.hours, 0))::float8`;

/**
 * The candidates of the demands in `source` (ids, current in `candidate_pair`) with their score
 * inputs, now ($2): the kept pairs whose employee is free (no live loan or live proposal sharing a
 * half-day in an overlapping period, not declined for the demand before: {@link FREE}'s rule).
 * Rotation: among the same firm's candidates for the same demand, hours lent in the last 12 months
 * relative to the most-lent colleague (1 = lent least).
 *
 * The bookings are looked up once for all the candidates (`booked`: one index scan per table over
 * the candidates' ids; `declined`: by demand), then anti-joined by hash; a look-up per candidate cost ~4 µs
 * even against empty tables (an executor rescan each), 10 ms for a demand with 2,500 candidates.
 */
const candidates = (source: string, sorted: boolean) => `
WITH d AS (
    SELECT dr.id, dr.pool_id, dr.period, dr.half_days, s.travel_cap
    FROM ${source} AS x(id)
    JOIN demand_request dr ON dr.id = x.id
    JOIN candidate_pair_demand s ON s.demand_id = dr.id
  ),
  -- The candidates' ids, built once for both look-ups below, and only when a booking table
  -- holds rows (an empty table's scan never evaluates its filter).
  cand AS MATERIALIZED (
    SELECT ARRAY(SELECT DISTINCT p.employee_id FROM d JOIN candidate_pair p ON p.demand_id = d.id) AS ids
  ),
  -- Index: loan_employee_id_idx; match_proposal_employee_id_demand_id_live_idx.
  booked AS MATERIALIZED (
    SELECT l.employee_id, l.period, l.half_days
    FROM loan l
    WHERE l.employee_id = ANY ((SELECT ids FROM cand)::uuid[])
      AND l.status IN ${LIVE_LOAN}
    UNION ALL
    SELECT mp.employee_id, od.period, od.half_days
    FROM match_proposal mp
    JOIN demand_request od ON od.id = mp.demand_id
    WHERE mp.employee_id = ANY ((SELECT ids FROM cand)::uuid[])
      AND mp.status IN ${LIVE_PROPOSAL}
  ),
  -- Index: match_proposal_demand_id_status_idx.
  declined AS MATERIALIZED (
    SELECT mp.demand_id, mp.employee_id
    FROM d
    JOIN match_proposal mp ON mp.demand_id = d.id AND mp.status = 'DECLINED'
  ),
  ok AS (
    SELECT p.demand_id, p.employee_id, p.company_id, p.cost_cents, p.coverage, p.distance_km,
           d.travel_cap, p.skill_fit
    FROM d
    JOIN candidate_pair p ON p.demand_id = d.id
    WHERE NOT EXISTS (SELECT 1 FROM booked b
                      WHERE b.employee_id = p.employee_id
                        AND b.period && d.period AND b.half_days && d.half_days)
      AND NOT EXISTS (SELECT 1 FROM declined x
                      WHERE x.demand_id = d.id AND x.employee_id = p.employee_id)
  ),
  lent AS (${LENT('ok')}),
  -- The most-lent colleague per demand and firm, over the candidates who lent at all (without
  -- any, no row: the rotation is then null). Joined, not a window over every candidate: that
  -- sorted all of a demand's candidates by firm for the few who were lent.
  most AS (
    SELECT ok.demand_id, ok.company_id, max(lent.hours) AS hours
    FROM ok JOIN lent ON lent.employee_id = ok.employee_id
    GROUP BY ok.demand_id, ok.company_id
  )
SELECT ok.demand_id AS "demandId", ok.employee_id AS "employeeId", ok.company_id AS "companyId",
       ok.cost_cents AS "rateCents", ok.coverage AS "coverage", ok.distance_km AS "distanceKm",
       ok.travel_cap AS "travelCapKm", ok.skill_fit AS "skillFit",
       ${ROTATION} AS "rotation"
FROM ok
LEFT JOIN lent ON lent.employee_id = ok.employee_id
LEFT JOIN most ON most.demand_id = ok.demand_id AND most.company_id = ok.company_id
${sorted ? 'ORDER BY ok.demand_id, ok.employee_id' : ''}`;

/** The candidates of the demands $1 at $2. */
export const CANDIDATES_SQL = candidates('unnest($1::uuid[])', true);

/**
 * {@link CANDIDATES_SQL} with each demand's pairs packed into one string (see
 * `PackedDemandPairs`), for a batch run: one row per demand instead of one per pair, so that
 * node reads 50,000 rows instead of 8 M. Floats are written as PostgreSQL writes them to any
 * client (the shortest text that reads back as the same double), so they parse to the same
 * values as {@link CANDIDATES_SQL}'s.
 */
export const PACKED_CANDIDATES_SQL = `
SELECT c."demandId", min(c."travelCapKm") AS "travelCapKm",
       string_agg(concat_ws(',', c."employeeId", c."companyId", c."rateCents", c."coverage", c."distanceKm",
                            c."skillFit", COALESCE(c."rotation"::text, '')),
                  ';' ORDER BY c."employeeId") AS pairs
FROM (${candidates('unnest($1::uuid[])', true)}) c
GROUP BY c."demandId"
ORDER BY c."demandId"`;

/**
 * {@link CANDIDATES_SQL} for one demand, its id as a scalar ($1): all of its candidates. Prepared,
 * it runs from a generic plan, planned once per connection.
 */
export const ONE_DEMAND_CANDIDATES_SQL = candidates('(VALUES ($1::uuid))', false);

/**
 * The firms that have a candidate for one demand ($1) at $2, each once, in id order: whom a
 * demand's event tells (a few hundred firms, not the rows of its 2,500 candidates).
 */
export const QUALIFIED_LENDERS_SQL = `
SELECT DISTINCT c."companyId" FROM (${ONE_DEMAND_CANDIDATES_SQL}) c ORDER BY c."companyId"`;

/**
 * Of the rows `rows` (the columns of {@link candidates}, and what `free` reads), those that pass
 * `free` (a condition on the row's alias) and that a page of the best $3 (first, at least 1) by
 * `scoreCandidate` under the weights $4-$7 (skill, coverage, distance, rotation) is chosen from,
 * for the caller to score and cut: so a demand with 2,500 candidates sends a dozen rows, not 2,500
 * (formatting, sending and reading them was most of a search's time, and their garbage its GC
 * pauses). Ranked by `rankingSql`, the score before its rounding:
 *  - one pass sorts the rows and takes the best $3 + 1 that are free, checking `free` in that
 *    order only until it has them (a demand's bookings are looked up for a dozen candidates, not
 *    for all of them); when the one after the best $3 ranks more than twice the tolerance below
 *    the last of them, no other candidate can score into the page, and those rows are the answer;
 *  - else (near ties at the cut, rare) a second pass reads every free row ranked within twice the
 *    tolerance of the last of the best $3. It runs only then (its one-time filter is false
 *    otherwise).
 */
export const bestCandidates = (rows: string, free: (row: string) => string) => {
  const ranking = rankingSql(
    {
      skillFit: 'r."skillFit"',
      coverage: 'r."coverage"',
      distanceKm: 'r."distanceKm"',
      travelCapKm: 'r."travelCapKm"',
      rotation: 'r."rotation"',
    },
    { skill: '$4::float8', coverage: '$5::float8', distance: '$6::float8', rotation: '$7::float8' },
  );
  const first = 'GREATEST($3::int, 1)';
  const near = `${2 * RANKING_TOLERANCE}::float8`;
  const columns = (t: string) =>
    `${t}."demandId", ${t}."employeeId", ${t}."companyId", ${t}."rateCents", ${t}."coverage",
       ${t}."distanceKm", ${t}."travelCapKm", ${t}."skillFit", ${t}."rotation"`;
  return `
WITH top AS MATERIALIZED (
    -- OFFSET 0: \`free\` is checked on the sorted rows, not pushed below the sort onto every row.
    SELECT s.* FROM (SELECT r.*, ${ranking} AS ranking FROM (${rows}) r ORDER BY ranking DESC OFFSET 0) s
    WHERE ${free('s')}
    LIMIT ${first} + 1
  ),
  -- The last of the best $3 (null when there are fewer), and whether the next one is near it.
  edge AS MATERIALIZED (
    SELECT cut.ranking AS cut, count(*) > ${first} AND min(top.ranking) >= cut.ranking - ${near} AS near
    FROM top
    LEFT JOIN (SELECT ranking FROM top ORDER BY ranking DESC LIMIT 1 OFFSET ${first} - 1) cut ON true
    GROUP BY cut.ranking
  )
SELECT ${columns('top')} FROM top WHERE NOT (SELECT near FROM edge)
UNION ALL
SELECT ${columns('s')} FROM (SELECT r.*, ${ranking} AS ranking FROM (${rows}) r) s
WHERE (SELECT near FROM edge) AND s.ranking >= (SELECT cut FROM edge) - ${near} AND ${free('s')}`;
};

/**
 * One demand's ($1) kept pairs at $2 with {@link candidates}' columns and rotation, before the
 * rules that move with lending (live loans and proposals, declines): {@link ONE_DEMAND_FREE}
 * checks those on the rows a page needs. The rotation is the same as {@link candidates}' (relative
 * to the most-lent free colleague of the same firm): the bookings are looked up for the colleagues
 * who lent only.
 */
const ONE_DEMAND_PAIRS = `
WITH d AS (
    SELECT dr.id, dr.period, dr.half_days, s.travel_cap
    FROM demand_request dr
    JOIN candidate_pair_demand s ON s.demand_id = dr.id
    WHERE dr.id = $1
  ),
  -- Read where used, not kept in a work table first (the look-ups below read it only when
  -- \`loan\` has rows).
  pairs AS NOT MATERIALIZED (
    SELECT p.employee_id, p.company_id, p.cost_cents, p.coverage, p.distance_km, p.skill_fit
    FROM candidate_pair p
    WHERE p.demand_id = $1
  ),
  lent AS (${LENT('pairs')}),
  most AS (
    SELECT p.company_id, max(lent.hours) AS hours
    FROM d
    JOIN pairs p ON true
    JOIN lent ON lent.employee_id = p.employee_id
    WHERE ${FREE('p.employee_id', 'd', true)}
    GROUP BY p.company_id
  )
SELECT d.id AS "demandId", p.employee_id AS "employeeId", p.company_id AS "companyId",
       p.cost_cents AS "rateCents", p.coverage AS "coverage", p.distance_km AS "distanceKm",
       d.travel_cap AS "travelCapKm", p.skill_fit AS "skillFit", ${ROTATION} AS "rotation"
FROM d
JOIN pairs p ON true
LEFT JOIN lent ON lent.employee_id = p.employee_id
LEFT JOIN most ON most.company_id = p.company_id`;

/**
 * {@link FREE} on a row of {@link ONE_DEMAND_PAIRS}; the demand's period and half-days are read
 * once per statement (init plans), not carried on every row through the sort.
 */
const ONE_DEMAND_FREE = (row: string) =>
  FREE(
    `${row}."employeeId"`,
    {
      id: '$1::uuid',
      period: '(SELECT dr.period FROM demand_request dr WHERE dr.id = $1)',
      halfDays: '(SELECT dr.half_days FROM demand_request dr WHERE dr.id = $1)',
    },
    true,
  );

/**
 * A demand's best candidates for a page ({@link bestCandidates}): $1 the demand, $2 now, $3
 * first, $4-$7 the weights. Equal, as a set, to the best of {@link ONE_DEMAND_CANDIDATES_SQL}.
 */
export const ONE_DEMAND_BEST_CANDIDATES_SQL = bestCandidates(ONE_DEMAND_PAIRS, ONE_DEMAND_FREE);

/**
 * {@link ONE_DEMAND_BEST_CANDIDATES_SQL} only if the demand's kept pairs may be read as they are
 * (no mark waits, the demand is current), asked in the same statement, so that a search is one
 * round trip. One head row says which (`current`, not null only there); the candidate rows follow,
 * if current.
 */
export const ONE_DEMAND_CURRENT_BEST_CANDIDATES_SQL = `
WITH state AS MATERIALIZED (
    SELECT NOT (${MARKED_SQL}) AND NOT EXISTS (${NOT_CURRENT('(VALUES ($1::uuid))')}) AS current
  ),
  found AS (
    SELECT c.* FROM (${ONE_DEMAND_BEST_CANDIDATES_SQL}) c WHERE (SELECT current FROM state)
  )
SELECT state.current, NULL::uuid AS "employeeId", NULL::uuid AS "companyId", NULL::int AS "rateCents",
       NULL::float8 AS "coverage", NULL::float8 AS "distanceKm", NULL::int AS "travelCapKm",
       NULL::float8 AS "skillFit", NULL::float8 AS "rotation"
FROM state
UNION ALL
SELECT NULL, found."employeeId", found."companyId", found."rateCents", found."coverage",
       found."distanceKm", found."travelCapKm", found."skillFit", found."rotation"
FROM found`;

/**
 * The requested skills (demand $1) that each of the employees $2 holds, with their levels: what a
 * suggestion's anonymous profile shows, looked up for the page shown only.
 */
export const SKILLS_HELD_SQL = `
SELECT es.employee_id AS "employeeId", es.skill_id AS "skillId", es.level
FROM demand_skill_requirement r
JOIN employee_skill es ON es.skill_id = r.skill_id AND es.employee_id = ANY($2::uuid[])
WHERE r.demand_id = $1
ORDER BY es.employee_id, es.skill_id`;

/**
 * For demands with open positions after a run: how far the candidates got through the rules, in
 * the order the reasons are reported. The lead skill decides NO_SKILL before any window is read,
 * so hits here are found without the travel box (a demand without windows at all in reach is
 * OUT_OF_RANGE only when people exist further away).
 */
export const DIAGNOSE_SQL = `
WITH ${DEMANDS(MANY)}, ${PAIRS(false)}, ${CHECKED},
  -- Kept once for the two passes below, with only what they read (not every demand column).
  flags AS MATERIALIZED (
    SELECT demand_id, employee_id, member_ok, skill_ok, coverage_ok, travel_ok, rate_ok, free_ok
    FROM checked
  ),
  tally AS (
    SELECT c.demand_id,
           count(*) FILTER (WHERE c.member_ok)::int AS members,
           count(*) FILTER (WHERE c.member_ok AND c.skill_ok)::int AS skilled,
           count(*) FILTER (WHERE c.member_ok AND c.skill_ok AND c.coverage_ok)::int AS covering,
           count(*) FILTER (WHERE c.member_ok AND c.skill_ok AND c.coverage_ok AND c.travel_ok)::int AS in_range,
           count(*) FILTER (WHERE c.member_ok AND c.skill_ok AND c.coverage_ok AND c.travel_ok AND c.rate_ok)::int
             AS affordable,
           count(*) FILTER (WHERE c.member_ok AND c.skill_ok AND c.coverage_ok AND c.travel_ok AND c.rate_ok
                            AND c.free_ok)::int AS eligible
    FROM flags c
    GROUP BY c.demand_id
  ),
  -- For a demand whose members all lack a mandatory skill: how many of them hold each mandatory
  -- skill at its level, so that the scarcest one can be named. One pass over those demands' pairs.
  holders AS (
    SELECT c.demand_id, r.skill_id, count(es.employee_id) AS n
    FROM flags c
    JOIN demand_skill_requirement r ON r.demand_id = c.demand_id AND r.mandatory
    LEFT JOIN employee_skill es
      ON es.employee_id = c.employee_id AND es.skill_id = r.skill_id AND es.level >= r.min_level
    WHERE c.member_ok AND c.demand_id IN (SELECT demand_id FROM tally WHERE members > 0 AND skilled = 0)
    GROUP BY c.demand_id, r.skill_id
  ),
  scarcest AS (
    SELECT DISTINCT ON (demand_id) demand_id, skill_id FROM holders ORDER BY demand_id, n, skill_id
  )
SELECT d.id AS "demandId",
       EXISTS (SELECT 1 FROM availability_window w
               WHERE w.pool_id = d.pool_id AND w.status = 'ACTIVE' AND w.period && d.period
                 AND w.half_days && d.half_days AND w.company_id <> d.borrower_id) AS "anyCapacity",
       COALESCE(t.members, 0) AS "members", COALESCE(t.skilled, 0) AS "skilled",
       COALESCE(t.covering, 0) AS "covering", COALESCE(t.in_range, 0) AS "inRange",
       COALESCE(t.affordable, 0) AS "affordable", COALESCE(t.eligible, 0) AS "eligible",
       sc.skill_id AS "scarcestSkillId"
FROM d
LEFT JOIN tally t ON t.demand_id = d.id
LEFT JOIN scarcest sc ON sc.demand_id = d.id`;
