import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching runs with their unfilled positions, match proposals, and loans with the guarantee that
 * no employee is booked twice for the same half-day. Also `half_day_slots`, which counts the
 * (date, half-day) slots of a period and half-day set, for exact coverage in candidate search.
 * Generated from the entities, then reviewed; the function and comments were added by hand.
 */
export class MatchingAndLoans1763888400000 implements MigrationInterface {
  name = 'MatchingAndLoans1763888400000';

  async up(q: QueryRunner): Promise<void> {
    // Slots in [lower, upper) on the given half-days (0 = Monday morning ... 13 = Sunday afternoon):
    // for each half-day h the number of dates whose weekday is h / 2, counted arithmetically.
    await q.query(`
      CREATE FUNCTION half_day_slots(p daterange, hd int[]) RETURNS int
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN isempty(p) THEN 0 ELSE COALESCE(sum(
                 CASE WHEN k >= n THEN 0 ELSE (n - 1 - k) / 7 + 1 END), 0)::int END
        FROM (SELECT upper(p) - lower(p) AS n,
                     (h / 2 - (extract(isodow FROM lower(p))::int - 1) + 7) % 7 AS k
              FROM unnest(hd) AS h) AS s
      $$`);

    await q.query(`CREATE TYPE "public"."match_optimality" AS ENUM('EXACT', 'BOUNDED')`);
    await q.query(`
      CREATE TABLE "match_run" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "pool_id" uuid NOT NULL,
        "triggered_by_user_id" uuid,
        "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "demands_considered" integer NOT NULL,
        "positions_open" integer NOT NULL,
        "positions_filled" integer NOT NULL,
        "candidate_pairs" integer NOT NULL,
        "total_score" numeric(14,6) NOT NULL,
        "optimality" "public"."match_optimality" NOT NULL,
        "score_bound" numeric(14,6) NOT NULL,
        "gap" numeric(10,8) NOT NULL,
        "solver_millis" integer NOT NULL,
        "total_millis" integer NOT NULL,
        CONSTRAINT "match_run_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "match_run_counts_check" CHECK ("positions_filled" >= 0 AND "positions_filled" <= "positions_open" AND "demands_considered" >= 0)
      )`);
    await q.query(
      `CREATE INDEX "match_run_pool_id_started_at_idx" ON "match_run" ("pool_id", "started_at")`,
    );

    await q.query(
      `CREATE TYPE "public"."match_unfilled_reason" AS ENUM('NO_SKILL', 'ALL_BOOKED', 'OUT_OF_RANGE', 'OVER_MAX_RATE', 'INSUFFICIENT_COVERAGE', 'OUTRANKED', 'NO_CANDIDATES')`,
    );
    await q.query(`
      CREATE TABLE "match_unfilled" (
        "run_id" uuid NOT NULL,
        "demand_id" uuid NOT NULL,
        "positions" integer NOT NULL,
        "reason" "public"."match_unfilled_reason" NOT NULL,
        "skill_id" uuid,
        "candidates_considered" integer NOT NULL DEFAULT '0',
        CONSTRAINT "match_unfilled_pkey" PRIMARY KEY ("run_id", "demand_id"),
        CONSTRAINT "match_unfilled_positions_check" CHECK ("positions" >= 1)
      )`);
    await q.query(`CREATE INDEX "match_unfilled_demand_id_idx" ON "match_unfilled" ("demand_id")`);

    await q.query(
      `CREATE TYPE "public"."proposal_status" AS ENUM('PROPOSED', 'LENDER_ACCEPTED', 'EMPLOYEE_CONSENTED', 'CONFIRMED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')`,
    );
    await q.query(`
      CREATE TABLE "match_proposal" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "run_id" uuid,
        "demand_id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "lender_company_id" uuid NOT NULL,
        "borrower_company_id" uuid NOT NULL,
        "score" numeric(7,6) NOT NULL,
        "score_breakdown" jsonb NOT NULL,
        "coverage" numeric(7,6) NOT NULL,
        "distance_km" numeric(7,2) NOT NULL,
        "rate_cents" integer NOT NULL,
        "status" "public"."proposal_status" NOT NULL DEFAULT 'PROPOSED',
        "decline_reason" character varying(1000),
        "version" integer NOT NULL DEFAULT '1',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "match_proposal_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "match_proposal_score_check" CHECK ("score" >= 0 AND "score" <= 1),
        CONSTRAINT "match_proposal_coverage_check" CHECK ("coverage" > 0 AND "coverage" <= 1),
        CONSTRAINT "match_proposal_rate_cents_check" CHECK ("rate_cents" > 0),
        CONSTRAINT "match_proposal_parties_check" CHECK ("lender_company_id" <> "borrower_company_id"),
        CONSTRAINT "match_proposal_version_check" CHECK ("version" >= 1)
      )`);
    await q.query(`CREATE INDEX "match_proposal_run_id_idx" ON "match_proposal" ("run_id")`);
    await q.query(
      `CREATE INDEX "match_proposal_borrower_company_id_status_idx" ON "match_proposal" ("borrower_company_id", "status")`,
    );
    await q.query(
      `CREATE INDEX "match_proposal_lender_company_id_status_idx" ON "match_proposal" ("lender_company_id", "status")`,
    );
    await q.query(
      `CREATE INDEX "match_proposal_employee_id_status_idx" ON "match_proposal" ("employee_id", "status")`,
    );
    // At most one live proposal per demand and employee.
    await q.query(
      `CREATE UNIQUE INDEX "match_proposal_demand_id_employee_id_live_key" ON "match_proposal" ("demand_id", "employee_id") WHERE "status" IN ('PROPOSED', 'LENDER_ACCEPTED', 'EMPLOYEE_CONSENTED')`,
    );

    await q.query(
      `CREATE TYPE "public"."loan_status" AS ENUM('PLANNED', 'ACTIVE', 'RECALLED', 'CANCELLED', 'COMPLETED')`,
    );
    await q.query(`
      CREATE TABLE "loan" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "proposal_id" uuid,
        "demand_id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "lender_company_id" uuid NOT NULL,
        "borrower_company_id" uuid NOT NULL,
        "terms_id" uuid NOT NULL,
        "period" daterange NOT NULL,
        "half_days" integer array NOT NULL,
        "hours_per_week" numeric(4,1) NOT NULL,
        "hourly_rate_cents" integer NOT NULL,
        "status" "public"."loan_status" NOT NULL DEFAULT 'PLANNED',
        "end_reason" character varying(1000),
        "ended_at" TIMESTAMP(3) WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT '1',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "loan_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "loan_proposal_id_key" UNIQUE ("proposal_id"),
        CONSTRAINT "loan_period_check" CHECK (NOT isempty("period") AND NOT lower_inf("period") AND NOT upper_inf("period")),
        CONSTRAINT "loan_half_days_check" CHECK (cardinality("half_days") BETWEEN 1 AND 14 AND "half_days" <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13}'::int[]),
        CONSTRAINT "loan_hours_per_week_check" CHECK ("hours_per_week" > 0 AND "hours_per_week" <= 60),
        CONSTRAINT "loan_hourly_rate_cents_check" CHECK ("hourly_rate_cents" > 0),
        CONSTRAINT "loan_parties_check" CHECK ("lender_company_id" <> "borrower_company_id"),
        CONSTRAINT "loan_version_check" CHECK ("version" >= 1),
        -- An employee is never booked twice for the same half-day: live loans never share a
        -- half-day in overlapping periods. Different half-days of the same weeks are fine.
        CONSTRAINT "loan_employee_period_half_days_excl" EXCLUDE USING gist (
          "employee_id" WITH =, "period" WITH &&, "half_days" gist__int_ops WITH &&
        ) WHERE ("status" IN ('PLANNED', 'ACTIVE', 'RECALLED'))
      )`);
    await q.query(`CREATE INDEX "loan_pool_id_status_idx" ON "loan" ("pool_id", "status")`);
    await q.query(`CREATE INDEX "loan_demand_id_idx" ON "loan" ("demand_id")`);
    await q.query(`CREATE INDEX "loan_borrower_company_id_idx" ON "loan" ("borrower_company_id")`);
    await q.query(`CREATE INDEX "loan_lender_company_id_idx" ON "loan" ("lender_company_id")`);

    const fk = (
      table: string,
      column: string,
      ref: string,
      onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL',
    ) =>
      q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_${column}_fkey" FOREIGN KEY ("${column}") REFERENCES "${ref}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    await fk('match_run', 'pool_id', 'pool', 'CASCADE');
    await fk('match_unfilled', 'run_id', 'match_run', 'CASCADE');
    await fk('match_unfilled', 'demand_id', 'demand_request', 'CASCADE');
    await fk('match_proposal', 'run_id', 'match_run', 'SET NULL');
    await fk('match_proposal', 'demand_id', 'demand_request', 'CASCADE');
    await fk('match_proposal', 'employee_id', 'employee', 'CASCADE');
    await fk('match_proposal', 'pool_id', 'pool', 'CASCADE');
    await fk('match_proposal', 'lender_company_id', 'company', 'CASCADE');
    await fk('match_proposal', 'borrower_company_id', 'company', 'CASCADE');
    await fk('loan', 'proposal_id', 'match_proposal', 'SET NULL');
    await fk('loan', 'demand_id', 'demand_request', 'RESTRICT');
    await fk('loan', 'employee_id', 'employee', 'RESTRICT');
    await fk('loan', 'pool_id', 'pool', 'RESTRICT');
    await fk('loan', 'lender_company_id', 'company', 'RESTRICT');
    await fk('loan', 'borrower_company_id', 'company', 'RESTRICT');
    await fk('loan', 'terms_id', 'pool_terms', 'RESTRICT');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['loan', 'match_proposal', 'match_unfilled', 'match_run']) {
      await q.query(`DROP TABLE "${table}" CASCADE`);
    }
    for (const type of [
      'loan_status',
      'proposal_status',
      'match_unfilled_reason',
      'match_optimality',
    ]) {
      await q.query(`DROP TYPE "public"."${type}"`);
    }
    await q.query(`DROP FUNCTION half_day_slots(daterange, int[])`);
  }
}
