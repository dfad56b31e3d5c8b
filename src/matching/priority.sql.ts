import { sqlList } from '../common/sql';
import { LIVE_LOAN_STATUSES } from '../lending/lending.enums';
import { LIVE_PROPOSAL_STATUSES } from './matching.enums';

/** Statuses under which a demand is matched: runs take it, and its candidate pairs are kept. */
export const MATCHED_STATUSES = `('OPEN', 'PARTIALLY_FILLED')`;
/** {@link LIVE_LOAN_STATUSES} as an SQL list: loans that book their employee's half-days. */
export const LIVE_LOAN = sqlList(LIVE_LOAN_STATUSES);
/** {@link LIVE_PROPOSAL_STATUSES} as an SQL list: proposals that still hold their employee. */
export const LIVE_PROPOSAL = sqlList(LIVE_PROPOSAL_STATUSES);

/** Each company's balance in the pool; shared by both queries below. */
const BALANCE = `
WITH year AS (SELECT daterange(($2::date - 365), $2::date) AS r),
  loan_hours AS (
    SELECT l.lender_company_id, l.borrower_company_id,
           l.hours_per_week * COALESCE(upper(l.period * year.r) - lower(l.period * year.r), 0) / 7.0 AS hours
    FROM loan l, year
    WHERE l.pool_id = $1 AND l.status <> 'CANCELLED' AND l.period && year.r
  ),
  balance AS (
    SELECT company_id, sum(hours)::float8 AS hours FROM (
      SELECT lender_company_id AS company_id, hours FROM loan_hours
      UNION ALL
      SELECT borrower_company_id, -hours FROM loan_hours) t
    GROUP BY company_id
  )`;

/** Hours lent minus hours borrowed per company in pool $1 over the 12 months before $2. */
export const BALANCES_SQL = `
${BALANCE}
SELECT company_id AS "companyId", hours AS "balanceHours" FROM balance`;

/**
 * Open demands of a pool with what decides their priority. $1 pool id, $2 now.
 * Balance: hours lent minus hours borrowed by the borrower in this pool over the last 12 months
 * (weekly hours times the weeks of each loan that fall in that year; cancelled loans excluded).
 * Open positions: headcount minus live loans and live proposals, so a second run never proposes
 * for positions already being worked on. Indexes: demand_request_pool_id_status_idx,
 * loan_pool_id_status_idx, loan_demand_id_idx, match_proposal_demand_id_employee_id_live_key.
 */
export const OPEN_DEMANDS_SQL = `
${BALANCE}
SELECT dr.id, dr.company_id AS "companyId", to_char(lower(dr.period), 'YYYY-MM-DD') AS "startDate",
       dr.posted_at AS "postedAt", COALESCE(b.hours, 0)::float8 AS "balanceHours",
       (dr.headcount
        - (SELECT count(*) FROM loan l WHERE l.demand_id = dr.id AND l.status IN ${LIVE_LOAN})
        - (SELECT count(*) FROM match_proposal mp
           WHERE mp.demand_id = dr.id AND mp.status IN ${LIVE_PROPOSAL}))::int
         AS "openPositions"
FROM demand_request dr
LEFT JOIN balance b ON b.company_id = dr.company_id
WHERE dr.pool_id = $1 AND dr.status IN ${MATCHED_STATUSES} AND lower(dr.period) > $2::date
  AND EXISTS (SELECT 1 FROM pool_membership m
              WHERE m.pool_id = dr.pool_id AND m.company_id = dr.company_id AND m.status = 'ACTIVE')`;
