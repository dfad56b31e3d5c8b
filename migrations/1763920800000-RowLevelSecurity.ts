import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant isolation in the database: the application connects as the login role `clp_app`, which
 * owns nothing, and row-level security (ENABLE + FORCE) on every table that holds a company's
 * private data lets it see only what the acting user may see. `TransactionRunner` sets the actor's
 * scope per transaction (`app.role`, `app.user_id`, `app.company_id`, `app.employee_id`,
 * `app.pool_ids`, with `set_config(..., true)`); unset or empty settings read as NULL and match no
 * row. `app.role = 'SYSTEM'` is the trusted scope of server code that reads across companies
 * (`TransactionRunner.runAsSystem`).
 *
 * The role is cluster-wide, so it is created only when missing (parallel test databases and
 * several application databases on one server share it) and never dropped by `down`.
 * Migrations run as the owner (the `DATABASE_URL` role); default privileges give the app role
 * access to the tables of later migrations too, but row-level security must be enabled on each
 * new company-scoped table by its own migration.
 */
export class RowLevelSecurity1763920800000 implements MigrationInterface {
  name = 'RowLevelSecurity1763920800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clp_app') THEN
          CREATE ROLE clp_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        END IF;
      EXCEPTION
        -- Another database on this server created it at the same moment.
        WHEN duplicate_object OR unique_violation THEN NULL;
      END
      $$`);
    await q.query(`
      DO $$
      BEGIN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO clp_app', current_database());
      END
      $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO clp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO clp_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO clp_app`);
    // The migration history is the owner's; the audit trail is append-only for the app.
    await q.query(`REVOKE ALL ON "migration" FROM clp_app`);
    await q.query(`REVOKE UPDATE, DELETE ON "audit_event" FROM clp_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO clp_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO clp_app`,
    );

    // The actor's scope as the policies read it. Simple SQL functions, inlined by the planner.
    await q.query(`
      CREATE FUNCTION app_setting(p_name text) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT NULLIF(current_setting(p_name, true), '') $$`);
    await q.query(`
      CREATE FUNCTION app_is(p_role text) RETURNS boolean
      LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(app_setting('app.role') = p_role, false) $$`);
    for (const name of ['user_id', 'company_id', 'employee_id']) {
      await q.query(`
        CREATE FUNCTION app_${name}() RETURNS uuid
        LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT app_setting('app.${name}')::uuid $$`);
    }
    await q.query(`
      CREATE FUNCTION app_pool_ids() RETURNS uuid[]
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT COALESCE(string_to_array(app_setting('app.pool_ids'), ',')::uuid[], '{}')
      $$`);

    for (const [table, policies] of Object.entries(POLICIES)) {
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      for (const p of policies) await q.query(createPolicy(table, p));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, policies] of Object.entries(POLICIES).reverse()) {
      for (const p of [...policies].reverse()) {
        await q.query(`DROP POLICY "${table}_${p.name}_policy" ON "${table}"`);
      }
      await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION app_pool_ids()`);
    for (const name of ['employee_id', 'company_id', 'user_id']) {
      await q.query(`DROP FUNCTION app_${name}()`);
    }
    await q.query(`DROP FUNCTION app_is(text)`);
    await q.query(`DROP FUNCTION app_setting(text)`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM clp_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM clp_app`,
    );
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM clp_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM clp_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM clp_app`);
    await q.query(`
      DO $$
      BEGIN
        EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM clp_app', current_database());
      END
      $$`);
  }
}

/** One policy: `read` ones are FOR SELECT; `all` ones cover every command (USING = WITH CHECK). */
interface Policy {
  name: string;
  command: 'SELECT' | 'INSERT' | 'ALL';
  expression: string;
}

function createPolicy(table: string, p: Policy): string {
  const clauses =
    p.command === 'SELECT'
      ? `USING (${p.expression})`
      : p.command === 'INSERT'
        ? `WITH CHECK (${p.expression})`
        : `USING (${p.expression}) WITH CHECK (${p.expression})`;
  return `CREATE POLICY "${table}_${p.name}_policy" ON "${table}" AS PERMISSIVE FOR ${p.command} TO PUBLIC ${clauses}`;
}

const SYSTEM = `app_is('SYSTEM')`;
const ADMIN = `app_is('ADMIN')`;
const HR = `app_is('COMPANY_HR')`;
const EMPLOYEE = `app_is('EMPLOYEE')`;
const COORDINATOR_OF = (poolColumn: string) =>
  `(app_is('POOL_COORDINATOR') AND ${poolColumn} = ANY(app_pool_ids()))`;
/** Lender, borrower, the lent employee, the pool's coordinators, ADMIN. */
const PARTIES = [
  SYSTEM,
  ADMIN,
  COORDINATOR_OF('pool_id'),
  `(${HR} AND (lender_company_id = app_company_id() OR borrower_company_id = app_company_id()))`,
  `(${EMPLOYEE} AND employee_id = app_employee_id())`,
].join(' OR ');

/** HR of a lender with a proposal or a loan for the demand (alias `demand_request`). */
const DEMAND_LENDER = `(${HR} AND (
  EXISTS (SELECT 1 FROM match_proposal p
          WHERE p.demand_id = demand_request.id AND p.lender_company_id = app_company_id())
  OR EXISTS (SELECT 1 FROM loan l
             WHERE l.demand_id = demand_request.id AND l.lender_company_id = app_company_id())))`;

/**
 * The policies, mirroring the services' visibility rules (DESIGN.md, "Who uses it"). A subquery on
 * another protected table is itself filtered by that table's policies, so "the employee is
 * visible" below means exactly what the employee policy says; no policy refers back to a table
 * whose policy refers to it.
 */
const POLICIES: Record<string, Policy[]> = {
  // HR its own staff, an employee itself, the borrower the employees lent to it (name and work
  // contact after confirmation), ADMIN for user administration. Coordinators see aggregates only.
  employee: [
    {
      name: 'read',
      command: 'SELECT',
      expression: `${SYSTEM} OR ${ADMIN}
        OR (${HR} AND company_id = app_company_id())
        OR (${EMPLOYEE} AND id = app_employee_id())
        OR (${HR} AND EXISTS (SELECT 1 FROM loan l
              WHERE l.employee_id = employee.id AND l.borrower_company_id = app_company_id()))`,
    },
    {
      name: 'write',
      command: 'ALL',
      expression: `${SYSTEM} OR (${HR} AND company_id = app_company_id())`,
    },
  ],
  // Skills of visible employees, and the skills in the anonymous profile of an employee proposed
  // to the borrower's demand.
  employee_skill: [
    {
      name: 'read',
      command: 'SELECT',
      expression: `${SYSTEM}
        OR EXISTS (SELECT 1 FROM employee e WHERE e.id = employee_skill.employee_id)
        OR (${HR} AND EXISTS (SELECT 1 FROM match_proposal p
              WHERE p.employee_id = employee_skill.employee_id AND p.borrower_company_id = app_company_id()))`,
    },
    {
      name: 'write',
      command: 'ALL',
      expression: `${SYSTEM} OR (${HR} AND EXISTS (SELECT 1 FROM employee e
        WHERE e.id = employee_skill.employee_id AND e.company_id = app_company_id()))`,
    },
  ],
  availability_window: [
    {
      name: 'read',
      command: 'SELECT',
      expression: `${SYSTEM} OR ${ADMIN} OR ${COORDINATOR_OF('pool_id')}
        OR (${HR} AND company_id = app_company_id())
        OR (${EMPLOYEE} AND employee_id = app_employee_id())`,
    },
    {
      name: 'write',
      command: 'ALL',
      expression: `${SYSTEM} OR (${HR} AND company_id = app_company_id())`,
    },
  ],
  // Denormalised employees: only the trusted scope searches across companies; the owner's HR
  // keeps its own rows in step through the triggers.
  candidate_search: [
    {
      name: 'tenant',
      command: 'ALL',
      expression: `${SYSTEM} OR (${HR} AND company_id = app_company_id())`,
    },
  ],
  // The own company's demand and the demand of the pools the company is an ACTIVE member of. A
  // lender with a proposal or loan for the demand reads it and moves its status (recall, accept).
  demand_request: [
    {
      name: 'read',
      command: 'SELECT',
      expression: `${SYSTEM} OR ${ADMIN} OR ${COORDINATOR_OF('pool_id')}
        OR (${HR} AND (company_id = app_company_id() OR EXISTS (SELECT 1 FROM pool_membership m
              WHERE m.pool_id = demand_request.pool_id AND m.company_id = app_company_id()
                AND m.status = 'ACTIVE')))
        OR ${DEMAND_LENDER}`,
    },
    {
      name: 'write',
      command: 'ALL',
      expression: `${SYSTEM} OR ${ADMIN} OR ${COORDINATOR_OF('pool_id')}
        OR (${HR} AND company_id = app_company_id()) OR ${DEMAND_LENDER}`,
    },
  ],
  demand_skill_requirement: [
    {
      name: 'read',
      command: 'SELECT',
      expression: `${SYSTEM} OR EXISTS (SELECT 1 FROM demand_request d WHERE d.id = demand_skill_requirement.demand_id)`,
    },
    {
      name: 'write',
      command: 'ALL',
      expression: `${SYSTEM} OR (${HR} AND EXISTS (SELECT 1 FROM demand_request d
        WHERE d.id = demand_skill_requirement.demand_id AND d.company_id = app_company_id()))`,
    },
  ],
  // Unfilled positions name a demand and why it went unfilled.
  match_unfilled: [
    {
      name: 'tenant',
      command: 'ALL',
      expression: `${SYSTEM} OR EXISTS (SELECT 1 FROM demand_request d WHERE d.id = match_unfilled.demand_id)`,
    },
  ],
  match_proposal: [{ name: 'tenant', command: 'ALL', expression: PARTIES }],
  loan: [{ name: 'tenant', command: 'ALL', expression: PARTIES }],
  timesheet_entry: [
    {
      name: 'tenant',
      command: 'ALL',
      expression: `${SYSTEM} OR EXISTS (SELECT 1 FROM loan l WHERE l.id = timesheet_entry.loan_id)`,
    },
  ],
  settlement: [
    {
      name: 'tenant',
      command: 'ALL',
      expression: `${SYSTEM} OR ${ADMIN} OR ${COORDINATOR_OF('pool_id')}
        OR (${HR} AND (lender_company_id = app_company_id() OR borrower_company_id = app_company_id()))`,
    },
  ],
  // Append-only (UPDATE and DELETE are not granted): any scoped actor records, few read.
  audit_event: [
    {
      name: 'read',
      command: 'SELECT',
      expression: `${SYSTEM} OR ${ADMIN} OR ${COORDINATOR_OF('pool_id')}
        OR (${HR} AND company_ids @> ARRAY[app_company_id()])
        OR actor_user_id = app_user_id()`,
    },
    { name: 'append', command: 'INSERT', expression: `app_setting('app.role') IS NOT NULL` },
  ],
};
