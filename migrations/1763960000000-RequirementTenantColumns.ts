import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A skill requirement carries its demand's pool and company, so that its row-level security
 * policy reads its own row instead of looking its demand up.
 *
 * Before, a requirement was visible when `EXISTS (SELECT 1 FROM demand_request d WHERE d.id =
 * demand_id)` found its demand through the demand's policies: an index look-up and a sub-plan per
 * requirement row. On the `bench:api` nested page (50 demands, ~90 requirements, a coordinator)
 * that was 0.6 of the statement's 2.1 ms (pgbench, one connection: 1.63 ms with the policy made
 * `true`, 1.38 ms with no row-level security at all).
 *
 * The copy cannot drift: the foreign key is now (demand_id, pool_id, company_id) against a unique
 * key of demand_request (ON UPDATE CASCADE), and a trigger sets both columns from the demand on
 * every insert or change of demand_id, so no writer supplies them. The policies state the demand's
 * own rules on those columns (demand_request's read and write policies, both of which apply to a
 * read), so a requirement is visible exactly when its demand is.
 */
export class RequirementTenantColumns1763960000000 implements MigrationInterface {
  name = 'RequirementTenantColumns1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "demand_skill_requirement" ADD "pool_id" uuid, ADD "company_id" uuid`,
    );
    await q.query(`
      UPDATE "demand_skill_requirement" r SET "pool_id" = d."pool_id", "company_id" = d."company_id"
      FROM "demand_request" d WHERE d."id" = r."demand_id"`);
    await q.query(`
      ALTER TABLE "demand_skill_requirement"
        ALTER "pool_id" SET NOT NULL, ALTER "company_id" SET NOT NULL`);
    await q.query(`
      ALTER TABLE "demand_request" ADD CONSTRAINT "demand_request_id_pool_id_company_id_key"
        UNIQUE ("id", "pool_id", "company_id")`);
    await q.query(`
      ALTER TABLE "demand_skill_requirement" DROP CONSTRAINT "demand_skill_requirement_demand_id_fkey"`);
    await q.query(`
      ALTER TABLE "demand_skill_requirement" ADD CONSTRAINT "demand_skill_requirement_demand_fkey"
        FOREIGN KEY ("demand_id", "pool_id", "company_id")
        REFERENCES "demand_request"("id", "pool_id", "company_id") ON DELETE CASCADE ON UPDATE CASCADE`);
    // The writer's own view of the demand: a demand it may not see leaves both NULL, and the
    // write policy then refuses the row as before.
    await q.query(`
      CREATE FUNCTION demand_skill_requirement_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT d.pool_id, d.company_id INTO NEW.pool_id, NEW.company_id
        FROM demand_request d WHERE d.id = NEW.demand_id;
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER "demand_skill_requirement_tenant"
        BEFORE INSERT OR UPDATE OF "demand_id" ON "demand_skill_requirement"
        FOR EACH ROW EXECUTE FUNCTION demand_skill_requirement_tenant()`);
    await q.query(`
      ALTER POLICY "demand_skill_requirement_read_policy" ON "demand_skill_requirement" USING (${READ})`);
    await q.query(`
      ALTER POLICY "demand_skill_requirement_write_policy" ON "demand_skill_requirement"
        USING (${WRITE}) WITH CHECK (${WRITE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The policies of RowLevelSecurity1763920800000.
    await q.query(`
      ALTER POLICY "demand_skill_requirement_read_policy" ON "demand_skill_requirement"
        USING (app_is('SYSTEM') OR EXISTS (SELECT 1 FROM demand_request d WHERE d.id = demand_skill_requirement.demand_id))`);
    const write = `app_is('SYSTEM') OR (app_is('COMPANY_HR') AND EXISTS (SELECT 1 FROM demand_request d
        WHERE d.id = demand_skill_requirement.demand_id AND d.company_id = app_company_id()))`;
    await q.query(`
      ALTER POLICY "demand_skill_requirement_write_policy" ON "demand_skill_requirement"
        USING (${write}) WITH CHECK (${write})`);
    await q.query(`DROP TRIGGER "demand_skill_requirement_tenant" ON "demand_skill_requirement"`);
    await q.query(`DROP FUNCTION demand_skill_requirement_tenant()`);
    await q.query(`
      ALTER TABLE "demand_skill_requirement" DROP CONSTRAINT "demand_skill_requirement_demand_fkey"`);
    await q.query(`
      ALTER TABLE "demand_skill_requirement" ADD CONSTRAINT "demand_skill_requirement_demand_id_fkey"
        FOREIGN KEY ("demand_id") REFERENCES "demand_request"("id") ON DELETE CASCADE`);
    await q.query(
      `ALTER TABLE "demand_request" DROP CONSTRAINT "demand_request_id_pool_id_company_id_key"`,
    );
    await q.query(
      `ALTER TABLE "demand_skill_requirement" DROP COLUMN "pool_id", DROP COLUMN "company_id"`,
    );
  }
}

/** HR of a lender with a proposal or a loan for the requirement's demand. */
const DEMAND_LENDER = `(app_is('COMPANY_HR') AND (
  EXISTS (SELECT 1 FROM match_proposal p
          WHERE p.demand_id = demand_skill_requirement.demand_id AND p.lender_company_id = app_company_id())
  OR EXISTS (SELECT 1 FROM loan l
             WHERE l.demand_id = demand_skill_requirement.demand_id AND l.lender_company_id = app_company_id())))`;

/** demand_request's read policy, on the requirement's copy of the demand's pool and company. */
const READ = `app_is('SYSTEM') OR app_is('ADMIN')
  OR (app_is('POOL_COORDINATOR') AND pool_id = ANY(app_pool_ids()))
  OR (app_is('COMPANY_HR') AND (company_id = app_company_id() OR EXISTS (SELECT 1 FROM pool_membership m
        WHERE m.pool_id = demand_skill_requirement.pool_id AND m.company_id = app_company_id()
          AND m.status = 'ACTIVE')))
  OR ${DEMAND_LENDER}`;

/** Unchanged in meaning: HR of the demand's company (now read from the row). */
const WRITE = `app_is('SYSTEM') OR (app_is('COMPANY_HR') AND company_id = app_company_id())`;
