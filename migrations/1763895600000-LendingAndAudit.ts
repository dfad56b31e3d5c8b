import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (`audit_event`), what the lending lifecycle adds to `loan` (the recall's
 * effective date and the hours a late cancellation costs the borrower) and an index of live
 * proposals by pool for their lazy expiry. Generated from the entities, then reviewed; the GIN
 * index and the comments were added by hand.
 */
export class LendingAndAudit1763895600000 implements MigrationInterface {
  name = 'LendingAndAudit1763895600000';

  async up(q: QueryRunner): Promise<void> {
    // `seq` orders events, also those of one transaction (which share `occurred_at`). No foreign
    // keys: the history outlives the records it mentions.
    await q.query(`
      CREATE TABLE "audit_event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "actor_user_id" uuid,
        "actor_role" character varying(32) NOT NULL,
        "actor_company_id" uuid,
        "action" character varying(64) NOT NULL,
        "entity_type" character varying(40) NOT NULL,
        "entity_id" uuid NOT NULL,
        "pool_id" uuid,
        "company_ids" uuid array NOT NULL DEFAULT '{}',
        "before" jsonb,
        "after" jsonb,
        CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "audit_event_actor_check" CHECK (("actor_role" = 'SYSTEM') = ("actor_user_id" IS NULL))
      )`);
    // Coordinators read by pool, everyone by record; HR by company (GIN, `company_ids @> ARRAY[..]`).
    await q.query(`CREATE INDEX "audit_event_pool_id_seq_idx" ON "audit_event" ("pool_id", "seq")`);
    await q.query(
      `CREATE INDEX "audit_event_entity_type_entity_id_seq_idx" ON "audit_event" ("entity_type", "entity_id", "seq")`,
    );
    await q.query(
      `CREATE INDEX "audit_event_company_ids_idx" ON "audit_event" USING gin ("company_ids")`,
    );

    // Live proposals of a pool: the expiry sweep before a matching run and in coordinators' lists.
    await q.query(
      `CREATE INDEX "match_proposal_pool_id_live_idx" ON "match_proposal" ("pool_id") WHERE "status" IN ('PROPOSED', 'LENDER_ACCEPTED', 'EMPLOYEE_CONSENTED')`,
    );

    await q.query(`ALTER TABLE "loan" ADD "recall_effective_date" date`);
    await q.query(`ALTER TABLE "loan" ADD "late_cancellation_charge_hours" integer`);
    await q.query(
      `ALTER TABLE "loan" ADD CONSTRAINT "loan_late_cancellation_charge_hours_check" CHECK ("late_cancellation_charge_hours" IS NULL OR "late_cancellation_charge_hours" >= 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "loan" DROP CONSTRAINT "loan_late_cancellation_charge_hours_check"`);
    await q.query(`ALTER TABLE "loan" DROP COLUMN "late_cancellation_charge_hours"`);
    await q.query(`ALTER TABLE "loan" DROP COLUMN "recall_effective_date"`);
    await q.query(`DROP INDEX "public"."match_proposal_pool_id_live_idx"`);
    await q.query(`DROP TABLE "audit_event"`);
  }
}
