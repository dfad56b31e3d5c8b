import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security on `app_user` (emails are personal data): a user sees itself, HR the users of
 * its own company, a coordinator the HR users of its pools' member firms (whom it may create), and
 * ADMIN everyone. Login and the first ADMIN run in the trusted scope, before any actor exists.
 */
export class AppUserRowLevelSecurity1763921000000 implements MigrationInterface {
  name = 'AppUserRowLevelSecurity1763921000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "app_user" FORCE ROW LEVEL SECURITY`);
    const visible = `app_is('SYSTEM') OR app_is('ADMIN') OR id = app_user_id()
      OR (app_is('COMPANY_HR') AND company_id = app_company_id())
      OR (app_is('POOL_COORDINATOR') AND role = 'COMPANY_HR' AND EXISTS (
            SELECT 1 FROM pool_membership m
            WHERE m.company_id = app_user.company_id AND m.pool_id = ANY(app_pool_ids())
              AND m.status <> 'LEFT'))`;
    await q.query(`
      CREATE POLICY "app_user_tenant_policy" ON "app_user" AS PERMISSIVE FOR ALL TO PUBLIC
      USING (${visible}) WITH CHECK (${visible})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY "app_user_tenant_policy" ON "app_user"`);
    await q.query(`ALTER TABLE "app_user" NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "app_user" DISABLE ROW LEVEL SECURITY`);
  }
}
