import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables of marks that writes leave. */
const MARKS = [
  'candidate_pair_stale_employee',
  'candidate_pair_stale_company',
  'candidate_pair_stale_demand',
];

/** Statuses under which a demand is matched (OPEN_DEMANDS_SQL). */
const SEARCHABLE = `('OPEN', 'PARTIALLY_FILLED')`;

/**
 * `candidate_pair` keeps, for each searched demand, the employees who pass the rules that depend
 * only on the demand, the employee, the lender's membership and the pool terms (other firm, active
 * member, lendable, mandatory skills at their levels, certificates, coverage, travel, maximum
 * rate), with the figures the score needs. A search then reads a demand's pairs by key, and a
 * batch run reads its millions of pairs instead of searching 50,000 demands (see README "Matching
 * benchmark"). The rules that change as lending goes on (live loans and proposals, declines,
 * rotation) are still applied when the pairs are read.
 *
 * `candidate_pair_demand` says which demands' pairs are current, and with which terms
 * (`travel_cap`, `min_coverage`: a new terms version changes them, and the pairs are then
 * searched again). A demand without a row there, or with other terms now, is searched when read.
 * It also holds what the search in reverse needs (pool, lead skill, days, site), under one GiST
 * index: a changed employee is searched against the current demands found there.
 *
 * Writes do not search; they leave marks, which the next read settles
 * (`src/matching/candidates/candidate-pair-table.ts`):
 *  - `candidate_pair_stale_employee`: an employee whose windows, skills, lendability, location,
 *    travel limit, cost or employer changed (the inputs of `candidate_search`, and the windows
 *    themselves for demands without a mandatory skill). Settled by searching that employee
 *    against the current demands whose pool and period the employee's windows reach.
 *  - `candidate_pair_stale_company`: a firm whose location or pool membership changed; settled
 *    by marking its employees (the settle sees them all, the writer may not).
 *  - `candidate_pair_stale_demand`: a demand whose own figures, requirements or matched status
 *    changed, or one of whose skills changed its certificate rule. Settled by dropping its pairs.
 * The marks are rows, so a write that commits while a settle runs leaves its mark for the next
 * one (the settle deletes the marks it takes, and a concurrent mark waits for that delete).
 *
 * Only the trusted scope (`runAsSystem`) reads or writes the pairs; any role may leave a mark
 * (its triggers run as the writer), and only the trusted scope reads or takes them.
 */
export class CandidatePairTable1764000000000 implements MigrationInterface {
  name = 'CandidatePairTable1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "candidate_pair_demand" (
        "demand_id" uuid NOT NULL,
        "travel_cap" integer NOT NULL,
        "min_coverage" numeric(4,3) NOT NULL,
        "pool_id" uuid NOT NULL,
        "lead_skill_id" uuid,
        "span" box NOT NULL,
        "site" point NOT NULL,
        "refreshed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "candidate_pair_demand_pkey" PRIMARY KEY ("demand_id"),
        CONSTRAINT "candidate_pair_demand_demand_id_fkey" FOREIGN KEY ("demand_id")
          REFERENCES "demand_request"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "candidate_pair" (
        "demand_id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "cost_cents" integer NOT NULL,
        "coverage" double precision NOT NULL,
        "distance_km" double precision NOT NULL,
        "skill_fit" double precision NOT NULL,
        CONSTRAINT "candidate_pair_pkey" PRIMARY KEY ("demand_id", "employee_id"),
        CONSTRAINT "candidate_pair_demand_id_fkey" FOREIGN KEY ("demand_id")
          REFERENCES "demand_request"("id") ON DELETE CASCADE,
        CONSTRAINT "candidate_pair_employee_id_fkey" FOREIGN KEY ("employee_id")
          REFERENCES "employee"("id") ON DELETE CASCADE,
        CONSTRAINT "candidate_pair_coverage_check" CHECK ("coverage" > 0 AND "coverage" <= 1),
        CONSTRAINT "candidate_pair_skill_fit_check" CHECK ("skill_fit" >= 0 AND "skill_fit" <= 1)
      )`);
    await q.query(
      `CREATE INDEX "candidate_pair_employee_id_idx" ON "candidate_pair" ("employee_id")`,
    );
    // The search in reverse: from an employee's candidate_search rows to the current demands
    // whose lead skill they hold, whose days they overlap, whose site is within their reach.
    await q.query(`
      CREATE INDEX "candidate_pair_demand_pool_id_lead_skill_id_span_site_idx" ON "candidate_pair_demand"
      USING gist ("pool_id", "lead_skill_id", "span", "site")`);
    await q.query(`
      CREATE TABLE "candidate_pair_stale_employee" (
        "employee_id" uuid NOT NULL,
        CONSTRAINT "candidate_pair_stale_employee_pkey" PRIMARY KEY ("employee_id")
      )`);
    await q.query(`
      CREATE TABLE "candidate_pair_stale_company" (
        "company_id" uuid NOT NULL,
        CONSTRAINT "candidate_pair_stale_company_pkey" PRIMARY KEY ("company_id")
      )`);
    await q.query(`
      CREATE TABLE "candidate_pair_stale_demand" (
        "demand_id" uuid NOT NULL,
        CONSTRAINT "candidate_pair_stale_demand_pkey" PRIMARY KEY ("demand_id")
      )`);

    const system = `app_is('SYSTEM')`;
    for (const table of ['candidate_pair', 'candidate_pair_demand']) {
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY "${table}_system_policy" ON "${table}" AS PERMISSIVE FOR ALL TO PUBLIC
        USING (${system}) WITH CHECK (${system})`);
    }
    for (const table of MARKS) {
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await q.query(`
        CREATE POLICY "${table}_system_policy" ON "${table}" AS PERMISSIVE FOR ALL TO PUBLIC
        USING (${system}) WITH CHECK (${system})`);
      await q.query(`
        CREATE POLICY "${table}_mark_policy" ON "${table}" AS PERMISSIVE FOR INSERT TO PUBLIC
        WITH CHECK (true)`);
    }

    // Employees: statement-level on windows and skills; row-level on the rarely updated employee
    // and company rows (as candidate_search's triggers) and on memberships.
    await markStatements(q, 'candidate_pair_mark_employees', 'employee', [
      'availability_window',
      'employee_skill',
    ]);
    await q.query(`
      CREATE FUNCTION candidate_pair_mark_owner() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'company' THEN
          INSERT INTO candidate_pair_stale_company (company_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        ELSIF TG_TABLE_NAME = 'pool_membership' THEN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO candidate_pair_stale_company (company_id) VALUES (OLD.company_id) ON CONFLICT DO NOTHING;
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO candidate_pair_stale_company (company_id) VALUES (NEW.company_id) ON CONFLICT DO NOTHING;
          END IF;
        ELSE
          INSERT INTO candidate_pair_stale_employee (employee_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER candidate_pair_employee_trg
      AFTER UPDATE OF lendable, home_latitude, home_longitude, max_travel_km, hourly_cost_cents, company_id ON employee
      FOR EACH ROW EXECUTE FUNCTION candidate_pair_mark_owner()`);
    await q.query(`
      CREATE TRIGGER candidate_pair_company_trg
      AFTER UPDATE OF latitude, longitude ON company
      FOR EACH ROW EXECUTE FUNCTION candidate_pair_mark_owner()`);
    await q.query(`
      CREATE TRIGGER candidate_pair_pool_membership_trg
      AFTER INSERT OR DELETE OR UPDATE OF pool_id, company_id, status ON pool_membership
      FOR EACH ROW EXECUTE FUNCTION candidate_pair_mark_owner()`);

    // Demands: their own figures and whether they are matched at all; their requirements; the
    // certificate rule of a skill they require. A new demand needs no mark: it has no pairs yet.
    await q.query(`
      CREATE FUNCTION candidate_pair_mark_demand() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO candidate_pair_stale_demand (demand_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER candidate_pair_demand_request_trg AFTER UPDATE ON demand_request
      FOR EACH ROW WHEN (
        OLD.pool_id IS DISTINCT FROM NEW.pool_id OR OLD.company_id IS DISTINCT FROM NEW.company_id
        OR OLD.period IS DISTINCT FROM NEW.period OR OLD.half_days IS DISTINCT FROM NEW.half_days
        OR OLD.hours_per_week IS DISTINCT FROM NEW.hours_per_week
        OR OLD.site_latitude IS DISTINCT FROM NEW.site_latitude
        OR OLD.site_longitude IS DISTINCT FROM NEW.site_longitude
        OR OLD.max_travel_km IS DISTINCT FROM NEW.max_travel_km
        OR OLD.max_hourly_rate_cents IS DISTINCT FROM NEW.max_hourly_rate_cents
        OR (OLD.status IN ${SEARCHABLE}) IS DISTINCT FROM (NEW.status IN ${SEARCHABLE}))
      EXECUTE FUNCTION candidate_pair_mark_demand()`);
    await markStatements(q, 'candidate_pair_mark_requirements', 'demand', [
      'demand_skill_requirement',
    ]);
    await q.query(`
      CREATE FUNCTION candidate_pair_mark_skill() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO candidate_pair_stale_demand (demand_id)
        SELECT DISTINCT demand_id FROM demand_skill_requirement WHERE skill_id = NEW.id
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER candidate_pair_skill_trg AFTER UPDATE OF requires_certificate ON skill
      FOR EACH ROW WHEN (OLD.requires_certificate IS DISTINCT FROM NEW.requires_certificate)
      EXECUTE FUNCTION candidate_pair_mark_skill()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER candidate_pair_skill_trg ON skill`);
    await q.query(`DROP FUNCTION candidate_pair_mark_skill()`);
    await dropMarkStatements(q, 'candidate_pair_mark_requirements', ['demand_skill_requirement']);
    await q.query(`DROP TRIGGER candidate_pair_demand_request_trg ON demand_request`);
    await q.query(`DROP FUNCTION candidate_pair_mark_demand()`);
    await q.query(`DROP TRIGGER candidate_pair_pool_membership_trg ON pool_membership`);
    await q.query(`DROP TRIGGER candidate_pair_company_trg ON company`);
    await q.query(`DROP TRIGGER candidate_pair_employee_trg ON employee`);
    await q.query(`DROP FUNCTION candidate_pair_mark_owner()`);
    await dropMarkStatements(q, 'candidate_pair_mark_employees', [
      'availability_window',
      'employee_skill',
    ]);
    await q.query(`DROP TABLE "candidate_pair_stale_demand"`);
    await q.query(`DROP TABLE "candidate_pair_stale_company"`);
    await q.query(`DROP TABLE "candidate_pair_stale_employee"`);
    await q.query(`DROP TABLE "candidate_pair"`);
    await q.query(`DROP TABLE "candidate_pair_demand"`);
  }
}

const EVENTS = ['insert', 'update', 'delete'] as const;

/**
 * Statement-level triggers on `tables` (a bulk insert marks each id once) that mark the
 * `<kind>_id` of every row a statement inserts, changes or deletes in
 * `candidate_pair_stale_<kind>`, through the function `name`.
 */
async function markStatements(
  q: QueryRunner,
  name: string,
  kind: 'employee' | 'demand',
  tables: readonly string[],
): Promise<void> {
  const mark = (rows: string) => `
        INSERT INTO candidate_pair_stale_${kind} (${kind}_id)
        SELECT DISTINCT ${kind}_id FROM ${rows} ON CONFLICT DO NOTHING;`;
  await q.query(`
    CREATE FUNCTION ${name}() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('INSERT', 'UPDATE') THEN${mark('new_rows')}
      END IF;
      IF TG_OP IN ('DELETE', 'UPDATE') THEN${mark('old_rows')}
      END IF;
      RETURN NULL;
    END
    $$`);
  const transition = {
    insert: 'NEW TABLE AS new_rows',
    update: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    delete: 'OLD TABLE AS old_rows',
  };
  for (const table of tables) {
    for (const event of EVENTS) {
      await q.query(`
        CREATE TRIGGER candidate_pair_${table}_${event}_trg AFTER ${event.toUpperCase()} ON ${table}
        REFERENCING ${transition[event]} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    }
  }
}

/** Undoes {@link markStatements}. */
async function dropMarkStatements(
  q: QueryRunner,
  name: string,
  tables: readonly string[],
): Promise<void> {
  for (const table of tables) {
    for (const event of EVENTS) {
      await q.query(`DROP TRIGGER candidate_pair_${table}_${event}_trg ON ${table}`);
    }
  }
  await q.query(`DROP FUNCTION ${name}()`);
}
