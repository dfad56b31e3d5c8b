import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pools and their versioned terms, companies and memberships, the skill taxonomy, employees and
 * their skills, availability windows, demand with its skill requirements, users and coordinator
 * appointments. Generated from the entities, then reviewed and edited by hand: extensions, GiST
 * indexes and the availability exclusion constraint were added or checked here.
 */
export class InitialSchema1763884800000 implements MigrationInterface {
  name = 'InitialSchema1763884800000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist: uuid equality inside GiST exclusion constraints; intarray: half-day overlap.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS intarray`);

    await q.query(`
      CREATE TABLE "pool" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(200) NOT NULL,
        "region" character varying(100) NOT NULL,
        "branch" character varying(100) NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pool_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "pool_name_key" UNIQUE ("name")
      )`);

    await q.query(`
      CREATE TABLE "pool_terms" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "pool_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "effective_from" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "max_overhead_percent" numeric(5,2) NOT NULL DEFAULT '0',
        "max_loan_weeks" integer NOT NULL DEFAULT '26',
        "min_lead_time_hours" integer NOT NULL DEFAULT '48',
        "recall_notice_days" integer NOT NULL DEFAULT '5',
        "max_travel_km" integer NOT NULL DEFAULT '50',
        "min_coverage" numeric(4,3) NOT NULL DEFAULT '0.5',
        "require_employee_consent" boolean NOT NULL DEFAULT true,
        "allow_standing_consent" boolean NOT NULL DEFAULT true,
        "no_poaching_months" integer NOT NULL DEFAULT '6',
        "late_cancellation_hours" integer NOT NULL DEFAULT '48',
        "late_cancellation_charge_hours" integer NOT NULL DEFAULT '8',
        "weight_skill" numeric(4,3) NOT NULL DEFAULT '0.4',
        "weight_coverage" numeric(4,3) NOT NULL DEFAULT '0.3',
        "weight_distance" numeric(4,3) NOT NULL DEFAULT '0.2',
        "weight_rotation" numeric(4,3) NOT NULL DEFAULT '0.1',
        "created_by_user_id" uuid,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pool_terms_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "pool_terms_pool_id_version_key" UNIQUE ("pool_id", "version"),
        CONSTRAINT "pool_terms_version_check" CHECK ("version" >= 1),
        CONSTRAINT "pool_terms_max_overhead_percent_check" CHECK ("max_overhead_percent" >= 0 AND "max_overhead_percent" <= 100),
        CONSTRAINT "pool_terms_max_loan_weeks_check" CHECK ("max_loan_weeks" BETWEEN 1 AND 52),
        CONSTRAINT "pool_terms_min_lead_time_hours_check" CHECK ("min_lead_time_hours" BETWEEN 0 AND 2160),
        CONSTRAINT "pool_terms_recall_notice_days_check" CHECK ("recall_notice_days" BETWEEN 0 AND 90),
        CONSTRAINT "pool_terms_max_travel_km_check" CHECK ("max_travel_km" BETWEEN 1 AND 500),
        CONSTRAINT "pool_terms_min_coverage_check" CHECK ("min_coverage" > 0 AND "min_coverage" <= 1),
        CONSTRAINT "pool_terms_no_poaching_months_check" CHECK ("no_poaching_months" BETWEEN 0 AND 60),
        CONSTRAINT "pool_terms_late_cancellation_check" CHECK ("late_cancellation_hours" BETWEEN 0 AND 720 AND "late_cancellation_charge_hours" BETWEEN 0 AND 200),
        CONSTRAINT "pool_terms_weights_check" CHECK ("weight_skill" >= 0 AND "weight_coverage" >= 0 AND "weight_distance" >= 0 AND "weight_rotation" >= 0 AND ("weight_skill" + "weight_coverage" + "weight_distance" + "weight_rotation") > 0)
      )`);
    await q.query(
      `CREATE INDEX "pool_terms_pool_id_effective_from_idx" ON "pool_terms" ("pool_id", "effective_from")`,
    );

    await q.query(`CREATE TYPE "public"."company_kind" AS ENUM('EMPLOYER', 'SCHOOL')`);
    await q.query(`
      CREATE TABLE "company" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(200) NOT NULL,
        "kvk_number" character(8) NOT NULL,
        "kind" "public"."company_kind" NOT NULL DEFAULT 'EMPLOYER',
        "postcode" character varying(7) NOT NULL,
        "city" character varying(100) NOT NULL,
        "latitude" double precision NOT NULL,
        "longitude" double precision NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "company_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "company_kvk_number_key" UNIQUE ("kvk_number"),
        CONSTRAINT "company_kvk_number_check" CHECK ("kvk_number" ~ '^[0-9]{8}$'),
        CONSTRAINT "company_latitude_check" CHECK ("latitude" BETWEEN -90 AND 90),
        CONSTRAINT "company_longitude_check" CHECK ("longitude" BETWEEN -180 AND 180)
      )`);
    await q.query(`CREATE INDEX "company_name_idx" ON "company" ("name")`);

    await q.query(
      `CREATE TYPE "public"."membership_status" AS ENUM('PENDING', 'ACTIVE', 'SUSPENDED', 'LEFT')`,
    );
    await q.query(`
      CREATE TABLE "pool_membership" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "pool_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "status" "public"."membership_status" NOT NULL DEFAULT 'PENDING',
        "requested_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "decided_at" TIMESTAMP(3) WITH TIME ZONE,
        "decided_by_user_id" uuid,
        CONSTRAINT "pool_membership_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "pool_membership_pool_id_company_id_key" UNIQUE ("pool_id", "company_id")
      )`);
    await q.query(
      `CREATE INDEX "pool_membership_company_id_idx" ON "pool_membership" ("company_id")`,
    );

    await q.query(
      `CREATE TYPE "public"."skill_category" AS ENUM('ELECTRICAL', 'MECHANICAL', 'INSTALLATION', 'METALWORK', 'AUTOMATION', 'CONSTRUCTION', 'ICT', 'SAFETY', 'TEACHING')`,
    );
    await q.query(`
      CREATE TABLE "skill" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" character varying(40) NOT NULL,
        "name" character varying(120) NOT NULL,
        "category" "public"."skill_category" NOT NULL,
        "parent_id" uuid,
        "requires_certificate" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "skill_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "skill_code_key" UNIQUE ("code"),
        CONSTRAINT "skill_code_check" CHECK ("code" ~ '^[A-Z0-9_]{2,40}$')
      )`);
    await q.query(`CREATE INDEX "skill_parent_id_idx" ON "skill" ("parent_id")`);

    await q.query(`
      CREATE TABLE "employee" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "company_id" uuid NOT NULL,
        "first_name" character varying(100) NOT NULL,
        "last_name" character varying(100) NOT NULL,
        "work_email" character varying(254),
        "work_phone" character varying(30),
        "home_postcode" character varying(7),
        "home_latitude" double precision,
        "home_longitude" double precision,
        "max_travel_km" integer NOT NULL DEFAULT '30',
        "lendable" boolean NOT NULL DEFAULT false,
        "hourly_cost_cents" integer NOT NULL,
        "standing_consent_date" date,
        "version" integer NOT NULL DEFAULT '1',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "employee_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "employee_home_location_check" CHECK (("home_latitude" IS NULL) = ("home_longitude" IS NULL)),
        CONSTRAINT "employee_home_latitude_check" CHECK ("home_latitude" BETWEEN -90 AND 90),
        CONSTRAINT "employee_home_longitude_check" CHECK ("home_longitude" BETWEEN -180 AND 180),
        CONSTRAINT "employee_max_travel_km_check" CHECK ("max_travel_km" BETWEEN 0 AND 500),
        CONSTRAINT "employee_hourly_cost_cents_check" CHECK ("hourly_cost_cents" BETWEEN 1 AND 100000),
        CONSTRAINT "employee_version_check" CHECK ("version" >= 1)
      )`);
    await q.query(
      `CREATE INDEX "employee_company_id_last_name_idx" ON "employee" ("company_id", "last_name")`,
    );

    await q.query(`
      CREATE TABLE "employee_skill" (
        "employee_id" uuid NOT NULL,
        "skill_id" uuid NOT NULL,
        "level" smallint NOT NULL,
        "valid_until" date,
        CONSTRAINT "employee_skill_pkey" PRIMARY KEY ("employee_id", "skill_id"),
        CONSTRAINT "employee_skill_level_check" CHECK ("level" BETWEEN 1 AND 5)
      )`);
    await q.query(
      `CREATE INDEX "employee_skill_skill_id_level_idx" ON "employee_skill" ("skill_id", "level")`,
    );

    await q.query(`CREATE TYPE "public"."availability_status" AS ENUM('ACTIVE', 'WITHDRAWN')`);
    await q.query(`
      CREATE TABLE "availability_window" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "employee_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "period" daterange NOT NULL,
        "half_days" integer array NOT NULL,
        "hours_per_week" numeric(4,1) NOT NULL,
        "status" "public"."availability_status" NOT NULL DEFAULT 'ACTIVE',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "withdrawn_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "availability_window_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "availability_window_period_check" CHECK (NOT isempty("period") AND NOT lower_inf("period") AND NOT upper_inf("period")),
        CONSTRAINT "availability_window_half_days_check" CHECK (cardinality("half_days") BETWEEN 1 AND 14 AND "half_days" <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13}'::int[]),
        CONSTRAINT "availability_window_hours_per_week_check" CHECK ("hours_per_week" > 0 AND "hours_per_week" <= 60),
        -- One employee's live windows in one pool never share a half-day in overlapping periods.
        CONSTRAINT "availability_window_employee_pool_period_half_days_excl" EXCLUDE USING gist (
          "employee_id" WITH =, "pool_id" WITH =, "period" WITH &&, "half_days" gist__int_ops WITH &&
        ) WHERE ("status" = 'ACTIVE')
      )`);
    await q.query(
      `CREATE INDEX "availability_window_company_id_idx" ON "availability_window" ("company_id")`,
    );
    await q.query(
      `CREATE INDEX "availability_window_pool_id_period_idx" ON "availability_window" USING gist ("pool_id", "period") WHERE ("status" = 'ACTIVE')`,
    );

    await q.query(
      `CREATE TYPE "public"."user_role" AS ENUM('ADMIN', 'POOL_COORDINATOR', 'COMPANY_HR', 'EMPLOYEE')`,
    );
    await q.query(`
      CREATE TABLE "app_user" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying(254) NOT NULL,
        "password_hash" character varying(255) NOT NULL,
        "role" "public"."user_role" NOT NULL,
        "company_id" uuid,
        "employee_id" uuid,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "app_user_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "app_user_email_key" UNIQUE ("email"),
        CONSTRAINT "app_user_employee_id_key" UNIQUE ("employee_id"),
        CONSTRAINT "app_user_email_check" CHECK ("email" = lower("email") AND "email" LIKE '%_@_%'),
        CONSTRAINT "app_user_scope_check" CHECK (("role" = 'COMPANY_HR' AND "company_id" IS NOT NULL AND "employee_id" IS NULL)
   OR ("role" = 'EMPLOYEE' AND "company_id" IS NOT NULL AND "employee_id" IS NOT NULL)
   OR ("role" IN ('ADMIN', 'POOL_COORDINATOR') AND "company_id" IS NULL AND "employee_id" IS NULL))
      )`);
    await q.query(`CREATE INDEX "app_user_company_id_idx" ON "app_user" ("company_id")`);

    await q.query(`
      CREATE TABLE "pool_coordinator" (
        "user_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pool_coordinator_pkey" PRIMARY KEY ("user_id", "pool_id")
      )`);
    await q.query(`CREATE INDEX "pool_coordinator_pool_id_idx" ON "pool_coordinator" ("pool_id")`);

    await q.query(
      `CREATE TYPE "public"."demand_status" AS ENUM('OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED')`,
    );
    await q.query(`
      CREATE TABLE "demand_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "company_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" character varying(5000) NOT NULL DEFAULT '',
        "site_postcode" character varying(7) NOT NULL,
        "site_city" character varying(100) NOT NULL,
        "site_latitude" double precision NOT NULL,
        "site_longitude" double precision NOT NULL,
        "period" daterange NOT NULL,
        "half_days" integer array NOT NULL,
        "hours_per_week" numeric(4,1) NOT NULL,
        "headcount" integer NOT NULL,
        "max_travel_km" integer,
        "max_hourly_rate_cents" integer,
        "status" "public"."demand_status" NOT NULL DEFAULT 'OPEN',
        "posted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "posted_by_user_id" uuid,
        "cancelled_at" TIMESTAMP(3) WITH TIME ZONE,
        "cancel_reason" character varying(1000),
        "version" integer NOT NULL DEFAULT '1',
        CONSTRAINT "demand_request_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "demand_request_period_check" CHECK (NOT isempty("period") AND NOT lower_inf("period") AND NOT upper_inf("period")),
        CONSTRAINT "demand_request_half_days_check" CHECK (cardinality("half_days") BETWEEN 1 AND 14 AND "half_days" <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13}'::int[]),
        CONSTRAINT "demand_request_hours_per_week_check" CHECK ("hours_per_week" > 0 AND "hours_per_week" <= 60),
        CONSTRAINT "demand_request_headcount_check" CHECK ("headcount" BETWEEN 1 AND 100),
        CONSTRAINT "demand_request_max_travel_km_check" CHECK ("max_travel_km" IS NULL OR "max_travel_km" BETWEEN 1 AND 500),
        CONSTRAINT "demand_request_max_hourly_rate_cents_check" CHECK ("max_hourly_rate_cents" IS NULL OR "max_hourly_rate_cents" > 0),
        CONSTRAINT "demand_request_site_latitude_check" CHECK ("site_latitude" BETWEEN -90 AND 90),
        CONSTRAINT "demand_request_site_longitude_check" CHECK ("site_longitude" BETWEEN -180 AND 180),
        CONSTRAINT "demand_request_version_check" CHECK ("version" >= 1)
      )`);
    await q.query(
      `CREATE INDEX "demand_request_company_id_idx" ON "demand_request" ("company_id")`,
    );
    await q.query(
      `CREATE INDEX "demand_request_pool_id_status_idx" ON "demand_request" ("pool_id", "status")`,
    );
    await q.query(
      `CREATE INDEX "demand_request_pool_id_period_idx" ON "demand_request" USING gist ("pool_id", "period")`,
    );

    await q.query(`
      CREATE TABLE "demand_skill_requirement" (
        "demand_id" uuid NOT NULL,
        "skill_id" uuid NOT NULL,
        "min_level" smallint NOT NULL,
        "mandatory" boolean NOT NULL DEFAULT true,
        CONSTRAINT "demand_skill_requirement_pkey" PRIMARY KEY ("demand_id", "skill_id"),
        CONSTRAINT "demand_skill_requirement_min_level_check" CHECK ("min_level" BETWEEN 1 AND 5)
      )`);
    await q.query(
      `CREATE INDEX "demand_skill_requirement_skill_id_idx" ON "demand_skill_requirement" ("skill_id")`,
    );

    const fk = (table: string, column: string, ref: string, onDelete: 'CASCADE' | 'RESTRICT') =>
      q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_${column}_fkey" FOREIGN KEY ("${column}") REFERENCES "${ref}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    await fk('pool_terms', 'pool_id', 'pool', 'CASCADE');
    await fk('pool_membership', 'pool_id', 'pool', 'CASCADE');
    await fk('pool_membership', 'company_id', 'company', 'CASCADE');
    await fk('skill', 'parent_id', 'skill', 'RESTRICT');
    await fk('employee', 'company_id', 'company', 'CASCADE');
    await fk('employee_skill', 'employee_id', 'employee', 'CASCADE');
    await fk('employee_skill', 'skill_id', 'skill', 'RESTRICT');
    await fk('availability_window', 'employee_id', 'employee', 'CASCADE');
    await fk('availability_window', 'company_id', 'company', 'CASCADE');
    await fk('availability_window', 'pool_id', 'pool', 'CASCADE');
    await fk('app_user', 'company_id', 'company', 'CASCADE');
    await fk('app_user', 'employee_id', 'employee', 'CASCADE');
    await fk('pool_coordinator', 'user_id', 'app_user', 'CASCADE');
    await fk('pool_coordinator', 'pool_id', 'pool', 'CASCADE');
    await fk('demand_request', 'company_id', 'company', 'CASCADE');
    await fk('demand_request', 'pool_id', 'pool', 'CASCADE');
    await fk('demand_skill_requirement', 'demand_id', 'demand_request', 'CASCADE');
    await fk('demand_skill_requirement', 'skill_id', 'skill', 'RESTRICT');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'demand_skill_requirement',
      'demand_request',
      'pool_coordinator',
      'app_user',
      'availability_window',
      'employee_skill',
      'employee',
      'skill',
      'pool_membership',
      'company',
      'pool_terms',
      'pool',
    ]) {
      await q.query(`DROP TABLE "${table}" CASCADE`);
    }
    for (const type of [
      'demand_status',
      'user_role',
      'availability_status',
      'skill_category',
      'membership_status',
      'company_kind',
    ]) {
      await q.query(`DROP TYPE "public"."${type}"`);
    }
  }
}
