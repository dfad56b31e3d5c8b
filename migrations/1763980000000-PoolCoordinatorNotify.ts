import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to `pool_coordinator` notifies channel `clp_pool_coordinator` with the user id
 * whose pools changed (an empty payload after TRUNCATE: every user's). The API keeps each
 * coordinator's pools in memory while it listens on that channel (`src/auth/coordinator-pools.ts`)
 * instead of reading them on every request; a notification is sent when the change commits, so
 * it also covers changes made outside the API (a cascade from a deleted pool or user, an
 * operator's SQL).
 */
export class PoolCoordinatorNotify1763980000000 implements MigrationInterface {
  name = 'PoolCoordinatorNotify1763980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "pool_coordinator_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('clp_pool_coordinator', '');
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM pg_notify('clp_pool_coordinator', OLD."user_id"::text);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          PERFORM pg_notify('clp_pool_coordinator', NEW."user_id"::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "pool_coordinator_notify" AFTER INSERT OR UPDATE OR DELETE ON "pool_coordinator"
        FOR EACH ROW EXECUTE FUNCTION "pool_coordinator_notify"()`);
    await q.query(`
      CREATE TRIGGER "pool_coordinator_notify_truncate" AFTER TRUNCATE ON "pool_coordinator"
        FOR EACH STATEMENT EXECUTE FUNCTION "pool_coordinator_notify"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "pool_coordinator_notify_truncate" ON "pool_coordinator"`);
    await q.query(`DROP TRIGGER "pool_coordinator_notify" ON "pool_coordinator"`);
    await q.query(`DROP FUNCTION "pool_coordinator_notify"()`);
  }
}
