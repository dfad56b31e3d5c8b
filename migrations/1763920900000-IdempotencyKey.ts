import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idempotency_key`: the keys of the mutations users retry (see `IdempotencyService`). A key is
 * claimed by an INSERT in the mutation's own transaction; the unique constraint makes a concurrent
 * call with the same key wait for the first and then replay its result. It has no entity: the
 * service reads and writes it with SQL. Row-level security: a user sees only its own keys.
 */
export class IdempotencyKey1763920900000 implements MigrationInterface {
  name = 'IdempotencyKey1763920900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "idempotency_key" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "key" character varying(200) NOT NULL,
        "operation" character varying(64) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "result_id" uuid,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "idempotency_key_user_id_key_key" UNIQUE ("user_id", "key"),
        CONSTRAINT "idempotency_key_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    // The cleanup deletes a user's expired keys: (user_id, created_at).
    await q.query(
      `CREATE INDEX "idempotency_key_user_id_created_at_idx" ON "idempotency_key" ("user_id", "created_at")`,
    );
    await q.query(`ALTER TABLE "idempotency_key" ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "idempotency_key" FORCE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY "idempotency_key_tenant_policy" ON "idempotency_key" AS PERMISSIVE FOR ALL TO PUBLIC
      USING (app_is('SYSTEM') OR user_id = app_user_id())
      WITH CHECK (app_is('SYSTEM') OR user_id = app_user_id())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
  }
}
