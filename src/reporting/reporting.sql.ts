/**
 * The pool usage report in SQL: every figure is an aggregate computed by PostgreSQL; JavaScript
 * only receives one row per member company (plus a pool-total row), one per skill and one per
 * loan status. Parameters of every statement: $1 pool id, $2 first day, $3 last day (both
 * included, Dutch calendar dates); of POOL_USAGE_SQL also $4, only this company's row (NULL:
 * every member's row).
 *
 * Tables read: pool_membership, company, loan, timesheet_entry, availability_window,
 * demand_request, demand_skill_requirement, skill.
 *
 * Indexes relied on (named where they are used below):
 * - loan_pool_id_status_idx: the pool's loans;
 * - timesheet_entry_loan_id_work_date_key: a loan's entries in the period;
 * - demand_request_pool_id_posted_at_id_idx: demand posted in the period (migration DemandListOrderIndexes);
 * - loan_demand_id_idx: the loans that fill a demand;
 * - availability_window_pool_id_period_idx (GiST): windows overlapping the period;
 * - pool_membership_pool_id_company_id_key, company_pkey, skill_pkey,
 *   demand_skill_requirement_pkey: lookups by key.
 */

/**
 * The report period as a date range and as the instants it begins and ends in the Netherlands.
 * WHERE clauses that should use an index repeat `daterange($2::date, $3::date, '[]')` instead of
 * reading this CTE, so the planner sees a constant it can estimate and match to the index.
 */
const BOUNDS_CTE = `
bounds AS (
  SELECT daterange($2::date, $3::date, '[]') AS period,
         ($2::date::timestamp AT TIME ZONE 'Europe/Amsterdam') AS starts_at,
         (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam') AS ends_at
)`;

/**
 * Demand posted in the period (demand_request_pool_id_posted_at_id_idx) with its filled positions:
 * loans in a filling state (PLANNED, ACTIVE, COMPLETED; a recalled or cancelled loan gave its
 * position back), at most the headcount (loan_demand_id_idx). CANCELLED demand requests none.
 */
const POSTED_DEMAND_CTES = `
posted AS (
  SELECT d.id, d.company_id, d.status, d.headcount, d.hours_per_week, d.period, d.posted_at
  FROM demand_request d, bounds b
  WHERE d.pool_id = $1 AND d.posted_at >= b.starts_at AND d.posted_at < b.ends_at
),
filling AS (
  SELECT l.demand_id, l.created_at,
         row_number() OVER (PARTITION BY l.demand_id ORDER BY l.created_at, l.id) AS position
  FROM posted p
  JOIN loan l ON l.demand_id = p.id
  WHERE l.status IN ('PLANNED', 'ACTIVE', 'COMPLETED')
),
filled_count AS (
  SELECT demand_id, count(*) AS loans FROM filling GROUP BY demand_id
),
demand_fact AS (
  SELECT p.id, p.company_id, p.status, p.hours_per_week, p.period, p.posted_at,
         CASE WHEN p.status = 'CANCELLED' THEN 0 ELSE p.headcount END AS positions,
         CASE WHEN p.status = 'CANCELLED' THEN 0 ELSE least(p.headcount, COALESCE(fc.loans, 0))
         END AS filled
  FROM posted p
  LEFT JOIN filled_count fc ON fc.demand_id = p.id
),
fill_time AS (
  SELECT p.company_id, extract(epoch FROM f.created_at - p.posted_at) / 3600.0 AS hours
  FROM posted p
  JOIN filling f ON f.demand_id = p.id AND f.position <= p.headcount
  WHERE p.status <> 'CANCELLED'
)`;

/**
 * Per member company and for the whole pool: hours, demand, capacity, recalls and cancellations.
 * The pool-total row has row_type 'pool_total' and NULL company columns; it is computed over
 * every member even when $4 keeps only one company's row.
 */
export const POOL_USAGE_SQL = `
WITH ${BOUNDS_CTE},
member AS (
  -- pool_membership_pool_id_company_id_key, then company_pkey
  SELECT m.company_id, m.status AS membership_status, c.name AS company_name, c.kind AS company_kind
  FROM pool_membership m
  JOIN company c ON c.id = m.company_id
  WHERE m.pool_id = $1
),
pool_loan AS (
  -- loan_pool_id_status_idx; only loans that overlap the period or ended in it can count
  SELECT l.id, l.lender_company_id, l.borrower_company_id, l.status, l.hours_per_week,
         l.period * b.period AS clipped, l.recall_effective_date, l.ended_at,
         l.late_cancellation_charge_hours, bc.kind AS borrower_kind,
         (l.ended_at >= b.starts_at AND l.ended_at < b.ends_at) AS ended_in_period
  FROM loan l
  CROSS JOIN bounds b
  JOIN company bc ON bc.id = l.borrower_company_id
  WHERE l.pool_id = $1
    AND (l.period && daterange($2::date, $3::date, '[]')
         OR (l.ended_at >= b.starts_at AND l.ended_at < b.ends_at))
),
approved AS (
  -- timesheet_entry_loan_id_work_date_key: one range scan per loan of the pool, then grouped
  SELECT t.loan_id, sum(t.hours) AS hours
  FROM timesheet_entry t
  WHERE t.loan_id IN (SELECT id FROM pool_loan)
    AND t.work_date BETWEEN $2::date AND $3::date
    AND t.status IN ('APPROVED', 'COUNTER_ACCEPTED')
  GROUP BY t.loan_id
),
loan_fact AS (
  SELECT pl.*, COALESCE(a.hours, 0) AS approved_hours,
         CASE WHEN pl.status = 'CANCELLED' OR isempty(pl.clipped) THEN 0
              ELSE pl.hours_per_week * (upper(pl.clipped) - lower(pl.clipped)) / 7.0
         END AS planned_hours
  FROM pool_loan pl
  LEFT JOIN approved a ON a.loan_id = pl.id
),
lent AS (
  SELECT lender_company_id AS company_id,
         sum(approved_hours) AS hours,
         sum(approved_hours) FILTER (WHERE borrower_kind = 'SCHOOL') AS to_schools,
         sum(planned_hours) AS planned,
         count(*) FILTER (WHERE recall_effective_date IS NOT NULL AND ended_in_period) AS recalls
  FROM loan_fact GROUP BY lender_company_id
),
borrowed AS (
  SELECT borrower_company_id AS company_id,
         sum(approved_hours) AS hours,
         sum(planned_hours) AS planned,
         count(*) FILTER (WHERE status = 'CANCELLED' AND recall_effective_date IS NULL
                                AND ended_in_period) AS cancellations,
         count(*) FILTER (WHERE status = 'CANCELLED' AND recall_effective_date IS NULL
                                AND ended_in_period
                                AND late_cancellation_charge_hours > 0) AS late_cancellations
  FROM loan_fact GROUP BY borrower_company_id
),
capacity AS (
  -- availability_window_pool_id_period_idx (GiST on pool_id, period). A withdrawn window
  -- counts up to the day before it was withdrawn.
  SELECT w.company_id,
         sum(w.hours_per_week * COALESCE(upper(x.r) - lower(x.r), 0) / 7.0) AS hours
  FROM availability_window w
  CROSS JOIN bounds b
  CROSS JOIN LATERAL (
    SELECT w.period * b.period * CASE
             WHEN w.status = 'WITHDRAWN' THEN daterange(
               NULL, (COALESCE(w.withdrawn_at, w.created_at) AT TIME ZONE 'Europe/Amsterdam')::date)
             ELSE daterange(NULL, NULL)
           END AS r
  ) x
  WHERE w.pool_id = $1 AND w.period && daterange($2::date, $3::date, '[]')
  GROUP BY w.company_id
),
${POSTED_DEMAND_CTES},
demand AS (
  SELECT company_id,
         count(*) AS posted,
         count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
         sum(positions) AS positions,
         sum(filled) AS filled
  FROM demand_fact GROUP BY company_id
),
median_fill AS (
  SELECT company_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS hours
  FROM fill_time GROUP BY company_id
),
company_row AS (
  SELECT m.company_id, m.company_name, m.company_kind, m.membership_status,
         COALESCE(lent.hours, 0) AS hours_lent,
         COALESCE(lent.to_schools, 0) AS hours_lent_to_schools,
         COALESCE(borrowed.hours, 0) AS hours_borrowed,
         COALESCE(lent.planned, 0) AS planned_hours_lent,
         COALESCE(borrowed.planned, 0) AS planned_hours_borrowed,
         COALESCE(demand.posted, 0) AS demands_posted,
         COALESCE(demand.cancelled, 0) AS demands_cancelled,
         COALESCE(demand.positions, 0) AS positions_requested,
         COALESCE(demand.filled, 0) AS positions_filled,
         median_fill.hours AS median_hours_to_fill,
         COALESCE(capacity.hours, 0) AS capacity_hours,
         COALESCE(lent.recalls, 0) AS recalls,
         COALESCE(borrowed.cancellations, 0) AS cancellations,
         COALESCE(borrowed.late_cancellations, 0) AS late_cancellations
  FROM member m
  LEFT JOIN lent ON lent.company_id = m.company_id
  LEFT JOIN borrowed ON borrowed.company_id = m.company_id
  LEFT JOIN demand ON demand.company_id = m.company_id
  LEFT JOIN median_fill ON median_fill.company_id = m.company_id
  LEFT JOIN capacity ON capacity.company_id = m.company_id
),
report_row AS (
  SELECT 'company' AS row_type, company_id, company_name, company_kind::text AS company_kind,
         membership_status::text AS membership_status, hours_lent, hours_lent_to_schools,
         hours_borrowed, planned_hours_lent, planned_hours_borrowed, demands_posted,
         demands_cancelled, positions_requested, positions_filled, median_hours_to_fill,
         capacity_hours, recalls, cancellations, late_cancellations, NULL::bigint AS member_count
  FROM company_row
  WHERE $4::uuid IS NULL OR company_id = $4::uuid
  UNION ALL
  SELECT 'pool_total', NULL, NULL, NULL, NULL,
         sum(hours_lent), sum(hours_lent_to_schools), sum(hours_borrowed),
         sum(planned_hours_lent), sum(planned_hours_borrowed), sum(demands_posted),
         sum(demands_cancelled), sum(positions_requested), sum(positions_filled),
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM fill_time),
         sum(capacity_hours), sum(recalls), sum(cancellations), sum(late_cancellations),
         count(*) FILTER (WHERE membership_status = 'ACTIVE')
  FROM company_row
)
SELECT row_type, company_id, company_name, company_kind, membership_status,
       round(COALESCE(hours_lent, 0), 2)::float8 AS hours_lent,
       round(COALESCE(hours_lent_to_schools, 0), 2)::float8 AS hours_lent_to_schools,
       round(COALESCE(hours_lent, 0) - COALESCE(hours_lent_to_schools, 0), 2)::float8
         AS hours_lent_between_firms,
       round(COALESCE(hours_borrowed, 0), 2)::float8 AS hours_borrowed,
       round(COALESCE(hours_lent, 0) - COALESCE(hours_borrowed, 0), 2)::float8 AS balance_hours,
       round(COALESCE(planned_hours_lent, 0), 2)::float8 AS planned_hours_lent,
       round(COALESCE(planned_hours_borrowed, 0), 2)::float8 AS planned_hours_borrowed,
       COALESCE(demands_posted, 0)::int AS demands_posted,
       COALESCE(demands_cancelled, 0)::int AS demands_cancelled,
       COALESCE(positions_requested, 0)::int AS positions_requested,
       COALESCE(positions_filled, 0)::int AS positions_filled,
       (COALESCE(positions_requested, 0) - COALESCE(positions_filled, 0))::int
         AS positions_unfilled,
       round(positions_filled::numeric / NULLIF(positions_requested, 0), 4)::float8 AS fill_rate,
       round(median_hours_to_fill::numeric, 2)::float8 AS median_hours_to_fill,
       round(COALESCE(capacity_hours, 0), 2)::float8 AS capacity_hours_offered,
       round(planned_hours_lent / NULLIF(capacity_hours, 0), 4)::float8 AS capacity_utilisation,
       COALESCE(recalls, 0)::int AS recalls,
       COALESCE(cancellations, 0)::int AS cancellations,
       COALESCE(late_cancellations, 0)::int AS late_cancellations,
       member_count::int AS member_count
FROM report_row
ORDER BY row_type = 'pool_total', company_name, company_id`;

/**
 * Unmet demand by mandatory skill: for demand posted in the period and not CANCELLED, its
 * unfilled positions (headcount minus filling loans) and their hours (unfilled positions × the
 * demand's hours per week × the weeks of its whole period), counted under every mandatory skill
 * the demand requires (demand_skill_requirement_pkey, skill_pkey). Scarcest first.
 */
export const UNMET_DEMAND_BY_SKILL_SQL = `
WITH ${BOUNDS_CTE},
${POSTED_DEMAND_CTES},
unmet AS (
  SELECT d.id, d.positions - d.filled AS positions,
         (d.positions - d.filled) * d.hours_per_week * (upper(d.period) - lower(d.period)) / 7.0
           AS hours
  FROM demand_fact d
  WHERE d.positions > d.filled
)
SELECT s.id AS skill_id, s.code AS skill_code, s.name AS skill_name,
       count(*)::int AS demands, sum(u.positions)::int AS positions,
       round(sum(u.hours), 2)::float8 AS hours
FROM unmet u
JOIN demand_skill_requirement r ON r.demand_id = u.id AND r.mandatory
JOIN skill s ON s.id = r.skill_id
GROUP BY s.id, s.code, s.name
ORDER BY sum(u.hours) DESC, s.code`;

/**
 * The pool's loans whose period overlaps the report period, by current status; every status is
 * listed, with 0 where none (loan_pool_id_status_idx).
 */
export const LOANS_BY_STATUS_SQL = `
WITH ${BOUNDS_CTE},
overlapping AS (
  SELECT l.status
  FROM loan l, bounds b
  WHERE l.pool_id = $1 AND l.period && daterange($2::date, $3::date, '[]')
)
SELECT s.status::text AS status, count(o.status)::int AS loans
FROM unnest(enum_range(NULL::loan_status)) AS s(status)
LEFT JOIN overlapping o ON o.status = s.status
GROUP BY s.status
ORDER BY s.status`;

/** One row of {@link POOL_USAGE_SQL}. */
export interface PoolUsageRow {
  row_type: 'company' | 'pool_total';
  company_id: string | null;
  company_name: string | null;
  company_kind: string | null;
  membership_status: string | null;
  hours_lent: number;
  hours_lent_to_schools: number;
  hours_lent_between_firms: number;
  hours_borrowed: number;
  balance_hours: number;
  planned_hours_lent: number;
  planned_hours_borrowed: number;
  demands_posted: number;
  demands_cancelled: number;
  positions_requested: number;
  positions_filled: number;
  positions_unfilled: number;
  fill_rate: number | null;
  median_hours_to_fill: number | null;
  capacity_hours_offered: number;
  capacity_utilisation: number | null;
  recalls: number;
  cancellations: number;
  late_cancellations: number;
  member_count: number | null;
}

/** One row of {@link UNMET_DEMAND_BY_SKILL_SQL}. */
export interface UnmetDemandRow {
  skill_id: string;
  skill_code: string;
  skill_name: string;
  demands: number;
  positions: number;
  hours: number;
}

/** One row of {@link LOANS_BY_STATUS_SQL}. */
export interface LoansByStatusRow {
  status: string;
  loans: number;
}
