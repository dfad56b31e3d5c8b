/**
 * The settlement of one pool month, in SQL. Parameters: $1 settlement_month id, $2 pool id,
 * $3 first day of the month, $4 first day of the next month.
 *
 * Per loan of the pool: the APPROVED and COUNTER_ACCEPTED hours dated in the month, times the
 * loan's hourly rate, rounded once on the total (numeric `round`, half away from zero); plus, for
 * a loan CANCELLED in that month (Dutch calendar) with a late-cancellation charge, the charged
 * hours times the rate. Only loans with something to bill get a row. Integer cents throughout;
 * the rate is the cost price the loan was made at, so no margin can enter.
 * Reads loan_pool_id_status_idx, then timesheet_entry_loan_id_work_date_key per loan.
 */
export const SETTLE_MONTH_SQL = `
WITH pool_loans AS (
  SELECT l.* FROM loan l WHERE l.pool_id = $2
),
hours AS (
  SELECT t.loan_id, sum(t.hours) AS hours, count(*)::int AS entries
  FROM timesheet_entry t
  JOIN pool_loans l ON l.id = t.loan_id
  WHERE t.work_date >= $3::date AND t.work_date < $4::date
    AND t.status IN ('APPROVED', 'COUNTER_ACCEPTED')
  GROUP BY t.loan_id
),
late AS (
  SELECT l.id AS loan_id, l.late_cancellation_charge_hours AS hours
  FROM pool_loans l
  WHERE l.status = 'CANCELLED' AND l.late_cancellation_charge_hours > 0
    AND l.ended_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
    AND l.ended_at < ($4::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
),
billed AS (
  SELECT l.id, l.pool_id, l.lender_company_id, l.borrower_company_id, l.employee_id,
         l.hourly_rate_cents,
         COALESCE(h.hours, 0) AS hours, COALESCE(h.entries, 0) AS entries,
         COALESCE(late.hours, 0) AS late_hours
  FROM pool_loans l
  LEFT JOIN hours h ON h.loan_id = l.id
  LEFT JOIN late ON late.loan_id = l.id
  WHERE h.loan_id IS NOT NULL OR late.loan_id IS NOT NULL
)
INSERT INTO settlement (settlement_month_id, loan_id, pool_id, lender_company_id,
                        borrower_company_id, employee_id, month, approved_hours, entry_count,
                        hourly_rate_cents, hours_amount_cents, late_cancellation_hours,
                        late_cancellation_amount_cents, total_amount_cents)
SELECT $1, b.id, b.pool_id, b.lender_company_id, b.borrower_company_id, b.employee_id, $3::date,
       b.hours, b.entries, b.hourly_rate_cents,
       round(b.hours * b.hourly_rate_cents)::int,
       b.late_hours, b.late_hours * b.hourly_rate_cents,
       round(b.hours * b.hourly_rate_cents)::int + b.late_hours * b.hourly_rate_cents
FROM billed b
ON CONFLICT ON CONSTRAINT settlement_loan_id_month_key DO NOTHING`;

/** Entries of the pool month still waiting for a side. Parameters: $1 pool, $2 and $3 bounds. */
export const PENDING_ENTRIES_SQL = `
SELECT count(*)::int AS pending
FROM timesheet_entry t
JOIN loan l ON l.id = t.loan_id
WHERE l.pool_id = $1 AND t.work_date >= $2::date AND t.work_date < $3::date
  AND t.status IN ('SUBMITTED', 'DISPUTED')`;

/** Counts and totals of a closed month from its settlements. Parameter: $1 settlement_month id. */
export const TOTAL_MONTH_SQL = `
UPDATE settlement_month m
SET settlement_count = s.n, total_amount_cents = s.total
FROM (SELECT count(*)::int AS n, COALESCE(sum(total_amount_cents), 0) AS total
      FROM settlement WHERE settlement_month_id = $1) s
WHERE m.id = $1`;
