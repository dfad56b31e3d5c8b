import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `candidate_search`: one row per live availability window of a lendable employee and skill the
 * employee holds, with everything the candidate search filters on (pool, skill, level, certificate
 * expiry, period, half-days, home location, travel limit, cost price). One GiST index over
 * (pool, skill, period, location) answers "who in this pool has skill S, is free in this period
 * and lives near this site" with a single index scan. Triggers keep it in step with its sources,
 * in the same transaction; it has no entity because the application never writes it.
 */
export class CandidateSearch1763892000000 implements MigrationInterface {
  name = 'CandidateSearch1763892000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "candidate_search" (
        "window_id" uuid NOT NULL,
        "skill_id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "pool_id" uuid NOT NULL,
        "level" smallint NOT NULL,
        "valid_until" date,
        "period" daterange NOT NULL,
        "half_days" integer[] NOT NULL,
        "hours_per_week" numeric(4,1) NOT NULL,
        "location" point NOT NULL,
        "max_travel_km" integer NOT NULL,
        "hourly_cost_cents" integer NOT NULL,
        CONSTRAINT "candidate_search_pkey" PRIMARY KEY ("window_id", "skill_id"),
        CONSTRAINT "candidate_search_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "availability_window"("id") ON DELETE CASCADE
      )`);
    // location is point(longitude, latitude); searched with a bounding box around the site.
    await q.query(
      `CREATE INDEX "candidate_search_pool_id_skill_id_period_location_idx" ON "candidate_search" USING gist ("pool_id", "skill_id", "period", "location")`,
    );
    await q.query(
      `CREATE INDEX "candidate_search_employee_id_idx" ON "candidate_search" ("employee_id")`,
    );

    // Rebuilds the rows of the given employees (all their windows and skills), set-based.
    await q.query(`
      CREATE FUNCTION candidate_search_refresh(p_employee_ids uuid[]) RETURNS void
      LANGUAGE sql AS $$
        DELETE FROM candidate_search WHERE employee_id = ANY(p_employee_ids);
        INSERT INTO candidate_search (window_id, skill_id, employee_id, company_id, pool_id, level, valid_until,
                                      period, half_days, hours_per_week, location, max_travel_km, hourly_cost_cents)
        SELECT w.id, es.skill_id, e.id, e.company_id, w.pool_id, es.level, es.valid_until,
               w.period, w.half_days, w.hours_per_week,
               point(COALESCE(e.home_longitude, c.longitude), COALESCE(e.home_latitude, c.latitude)),
               e.max_travel_km, e.hourly_cost_cents
        FROM employee e
        JOIN company c ON c.id = e.company_id
        JOIN availability_window w ON w.employee_id = e.id AND w.status = 'ACTIVE'
        JOIN employee_skill es ON es.employee_id = e.id
        WHERE e.id = ANY(p_employee_ids) AND e.lendable;
      $$`);

    // Statement-level triggers on windows and skills (bulk inserts refresh each employee once
    // per statement); row-level ones on the rarely updated employee and company rows.
    await q.query(`
      CREATE FUNCTION candidate_search_sync_rows() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM candidate_search_refresh(ARRAY(SELECT DISTINCT employee_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM candidate_search_refresh(ARRAY(SELECT DISTINCT employee_id FROM old_rows));
        ELSE
          PERFORM candidate_search_refresh(ARRAY(
            SELECT employee_id FROM new_rows UNION SELECT employee_id FROM old_rows));
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const table of ['availability_window', 'employee_skill']) {
      await q.query(`
        CREATE TRIGGER candidate_search_${table}_insert_trg AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_sync_rows()`);
      await q.query(`
        CREATE TRIGGER candidate_search_${table}_update_trg AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_sync_rows()`);
      await q.query(`
        CREATE TRIGGER candidate_search_${table}_delete_trg AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_sync_rows()`);
    }
    await q.query(`
      CREATE FUNCTION candidate_search_sync_owner() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'company' THEN
          PERFORM candidate_search_refresh(ARRAY(SELECT id FROM employee WHERE company_id = NEW.id));
        ELSE
          PERFORM candidate_search_refresh(ARRAY[NEW.id]);
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER candidate_search_employee_trg
      AFTER UPDATE OF lendable, home_latitude, home_longitude, max_travel_km, hourly_cost_cents, company_id ON employee
      FOR EACH ROW EXECUTE FUNCTION candidate_search_sync_owner()`);
    await q.query(`
      CREATE TRIGGER candidate_search_company_trg
      AFTER UPDATE OF latitude, longitude ON company
      FOR EACH ROW EXECUTE FUNCTION candidate_search_sync_owner()`);

    await q.query(`SELECT candidate_search_refresh(ARRAY(SELECT id FROM employee WHERE lendable))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER candidate_search_company_trg ON company`);
    await q.query(`DROP TRIGGER candidate_search_employee_trg ON employee`);
    for (const table of ['availability_window', 'employee_skill']) {
      for (const op of ['insert', 'update', 'delete']) {
        await q.query(`DROP TRIGGER candidate_search_${table}_${op}_trg ON ${table}`);
      }
    }
    await q.query(`DROP FUNCTION candidate_search_sync_owner()`);
    await q.query(`DROP FUNCTION candidate_search_sync_rows()`);
    await q.query(`DROP FUNCTION candidate_search_refresh(uuid[])`);
    await q.query(`DROP TABLE "candidate_search"`);
  }
}
