import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hours and settlement: timesheet entries (one per loan and date, with the dispute and counter-
 * proposal), closed settlement months per pool, and per-loan monthly settlements at cost price in
 * integer cents. Generated from the entities, then reviewed; comments added by hand.
 */
export class HoursAndSettlement1763899200000 implements MigrationInterface {
  name = 'HoursAndSettlement1763899200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."timesheet_status" AS ENUM('SUBMITTED', 'APPROVED', 'DISPUTED', 'COUNTER_ACCEPTED')`,
    );
    await q.query(`
      CREATE TABLE "timesheet_entry" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "loan_id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "work_date" date NOT NULL,
        "hours" numeric(4,2) NOT NULL,
        "status" "public"."timesheet_status" NOT NULL DEFAULT 'SUBMITTED',
        "counter_hours" numeric(4,2),
        "note" character varying(1000),
        "dispute_note" character varying(1000),
        "submitted_by_user_id" uuid,
        "submitted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "decided_by_user_id" uuid,
        "decided_at" TIMESTAMP(3) WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT '1',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "timesheet_entry_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "timesheet_entry_loan_id_work_date_key" UNIQUE ("loan_id", "work_date"),
        -- No single day holds more than the Working Hours Act's 12 hours.
        CONSTRAINT "timesheet_entry_hours_check" CHECK ("hours" > 0 AND "hours" <= 12),
        CONSTRAINT "timesheet_entry_counter_hours_check" CHECK ("counter_hours" IS NULL OR ("counter_hours" > 0 AND "counter_hours" <= 12)),
        CONSTRAINT "timesheet_entry_dispute_check" CHECK ("status" <> 'DISPUTED' OR "counter_hours" IS NOT NULL),
        CONSTRAINT "timesheet_entry_version_check" CHECK ("version" >= 1)
      )`);
    // The Working Hours Act check sums one employee's hours per day and ISO week over all loans.
    await q.query(
      `CREATE INDEX "timesheet_entry_employee_id_work_date_idx" ON "timesheet_entry" ("employee_id", "work_date")`,
    );

    await q.query(`
      CREATE TABLE "settlement_month" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "pool_id" uuid NOT NULL,
        "month" date NOT NULL,
        "closed_by_user_id" uuid,
        "closed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "left_out_entries" integer NOT NULL DEFAULT '0',
        "settlement_count" integer NOT NULL DEFAULT '0',
        "total_amount_cents" bigint NOT NULL DEFAULT '0',
        CONSTRAINT "settlement_month_pkey" PRIMARY KEY ("id"),
        -- A pool's month is closed once.
        CONSTRAINT "settlement_month_pool_id_month_key" UNIQUE ("pool_id", "month"),
        CONSTRAINT "settlement_month_month_check" CHECK (EXTRACT(DAY FROM "month") = 1),
        CONSTRAINT "settlement_month_counts_check" CHECK ("left_out_entries" >= 0 AND "settlement_count" >= 0 AND "total_amount_cents" >= 0)
      )`);

    await q.query(`
      CREATE TABLE "settlement" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "settlement_month_id" uuid NOT NULL,
        "loan_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "lender_company_id" uuid NOT NULL,
        "borrower_company_id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "month" date NOT NULL,
        "approved_hours" numeric(6,2) NOT NULL,
        "entry_count" integer NOT NULL,
        "hourly_rate_cents" integer NOT NULL,
        "hours_amount_cents" integer NOT NULL,
        "late_cancellation_hours" integer NOT NULL DEFAULT '0',
        "late_cancellation_amount_cents" integer NOT NULL DEFAULT '0',
        "total_amount_cents" integer NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "settlement_pkey" PRIMARY KEY ("id"),
        -- One settlement per loan and month: closing again cannot duplicate it.
        CONSTRAINT "settlement_loan_id_month_key" UNIQUE ("loan_id", "month"),
        CONSTRAINT "settlement_month_check" CHECK (EXTRACT(DAY FROM "month") = 1),
        CONSTRAINT "settlement_hours_check" CHECK ("approved_hours" >= 0 AND "entry_count" >= 0),
        CONSTRAINT "settlement_hourly_rate_cents_check" CHECK ("hourly_rate_cents" > 0),
        -- The total is exactly hours plus late cancellation: no margin hides in it.
        CONSTRAINT "settlement_amounts_check" CHECK ("hours_amount_cents" >= 0 AND "late_cancellation_hours" >= 0 AND "late_cancellation_amount_cents" >= 0 AND "total_amount_cents" = "hours_amount_cents" + "late_cancellation_amount_cents"),
        CONSTRAINT "settlement_parties_check" CHECK ("lender_company_id" <> "borrower_company_id")
      )`);
    await q.query(
      `CREATE INDEX "settlement_settlement_month_id_idx" ON "settlement" ("settlement_month_id")`,
    );
    await q.query(
      `CREATE INDEX "settlement_pool_id_month_idx" ON "settlement" ("pool_id", "month")`,
    );
    await q.query(
      `CREATE INDEX "settlement_lender_company_id_month_idx" ON "settlement" ("lender_company_id", "month")`,
    );
    await q.query(
      `CREATE INDEX "settlement_borrower_company_id_month_idx" ON "settlement" ("borrower_company_id", "month")`,
    );

    const fk = (table: string, column: string, ref: string) =>
      q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_${column}_fkey" FOREIGN KEY ("${column}") REFERENCES "${ref}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    await fk('timesheet_entry', 'loan_id', 'loan');
    await fk('timesheet_entry', 'employee_id', 'employee');
    await fk('settlement_month', 'pool_id', 'pool');
    await fk('settlement', 'settlement_month_id', 'settlement_month');
    await fk('settlement', 'loan_id', 'loan');
    await fk('settlement', 'pool_id', 'pool');
    await fk('settlement', 'lender_company_id', 'company');
    await fk('settlement', 'borrower_company_id', 'company');
    await fk('settlement', 'employee_id', 'employee');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "settlement"`);
    await q.query(`DROP TABLE "settlement_month"`);
    await q.query(`DROP TABLE "timesheet_entry"`);
    await q.query(`DROP TYPE "public"."timesheet_status"`);
  }
}
