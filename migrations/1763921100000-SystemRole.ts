import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `clp_system`: the role of the trusted scope (`TransactionRunner.runAsSystem`), which the app role
 * switches to with `SET LOCAL ROLE` for that work only. It has BYPASSRLS, so cross-company work
 * (candidate search above all) is planned exactly as without row-level security: PostgreSQL never
 * uses a non-leakproof operator such as `&&` on ranges or `<@` on points as an index condition on
 * a table with policies, which would demote the candidate search's GiST conditions to filters.
 * Only a superuser may create a BYPASSRLS role: under another owner the role is left out and the
 * trusted scope falls back to `app.role = 'SYSTEM'` in the policies (correct, slower). The role is
 * cluster-wide, created only when missing and never dropped.
 */
export class SystemRole1763921100000 implements MigrationInterface {
  name = 'SystemRole1763921100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clp_system')
           AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          CREATE ROLE clp_system NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        END IF;
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
      END
      $$`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clp_system') THEN
          GRANT USAGE ON SCHEMA public TO clp_system;
          GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO clp_system;
          GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO clp_system;
          REVOKE ALL ON "migration" FROM clp_system;
          REVOKE UPDATE, DELETE ON "audit_event" FROM clp_system;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO clp_system;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO clp_system;
          IF NOT pg_has_role('clp_app', 'clp_system', 'MEMBER') THEN
            GRANT clp_system TO clp_app;
          END IF;
        END IF;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clp_system') THEN
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM clp_system;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public
            REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM clp_system;
          REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM clp_system;
          REVOKE ALL ON ALL TABLES IN SCHEMA public FROM clp_system;
          REVOKE USAGE ON SCHEMA public FROM clp_system;
        END IF;
      END
      $$`);
  }
}
