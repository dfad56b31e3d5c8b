import { DataSource, EntityManager } from 'typeorm';
import { UserRole } from '../../src/auth/actor';
import { User } from '../../src/auth/user.entity';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { APP_ROLE, SYSTEM_DB_ROLE, SYSTEM_ROLE } from '../../src/database/app-role';
import {
  assertUnprivilegedAppRole,
  PrivilegedAppRoleError,
} from '../../src/database/app-connection';
import { DatabaseScope, scopedManager, SET_SCOPE_SQL, scopeParams } from '../../src/database/scope';
import { SCOPE_SETTINGS, TransactionRunner } from '../../src/database/transaction';
import { RequestContext } from '../../src/common/request-context';
import { Company } from '../../src/companies/company.entity';
import { MembershipStatus } from '../../src/companies/company.enums';
import { Employee } from '../../src/employees/employee.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { createTestDatabase } from '../support/database';
import {
  newCompany,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newMember,
  newMembership,
  newPool,
  newSkill,
  newUser,
  newWindow,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import { startTestApp, TestApp } from '../support/test-app';

/** Every table that holds a company's private data, with its row-level security. */
const PROTECTED_TABLES = [
  'employee',
  'employee_skill',
  'availability_window',
  'candidate_search',
  'demand_request',
  'demand_skill_requirement',
  'match_unfilled',
  'match_proposal',
  'loan',
  'timesheet_entry',
  'settlement',
  'audit_event',
  'idempotency_key',
  'app_user',
  'candidate_pair',
  'candidate_pair_demand',
  'candidate_pair_stale_employee',
  'candidate_pair_stale_company',
  'candidate_pair_stale_demand',
];

/** How each table reaches one employee's rows (`$1` is the employee's id). */
const ROWS_OF_EMPLOYEE: Record<string, string> = {
  employee: 'SELECT count(*)::int AS n FROM employee WHERE id = $1',
  employee_skill: 'SELECT count(*)::int AS n FROM employee_skill WHERE employee_id = $1',
  availability_window: 'SELECT count(*)::int AS n FROM availability_window WHERE employee_id = $1',
  candidate_search: 'SELECT count(*)::int AS n FROM candidate_search WHERE employee_id = $1',
  match_proposal: 'SELECT count(*)::int AS n FROM match_proposal WHERE employee_id = $1',
  loan: 'SELECT count(*)::int AS n FROM loan WHERE employee_id = $1',
  timesheet_entry: 'SELECT count(*)::int AS n FROM timesheet_entry WHERE employee_id = $1',
  settlement: 'SELECT count(*)::int AS n FROM settlement WHERE employee_id = $1',
};

/**
 * Tenant isolation in the database itself: the application's role owns nothing and cannot bypass
 * row-level security, and the policies show each actor only its own rows, whatever SQL runs.
 */
describe('row-level security (integration)', () => {
  let sut: TestApp;
  let owner: DataSource;
  let app: DataSource;
  let lent: Employee;
  let hrOfLender: User;
  let hrOfBorrower: User;
  let hrOfOutsider: User;

  beforeAll(async () => {
    sut = await startTestApp();
    owner = sut.db;
    app = sut.created.dataSource;

    // A lender lends `lent` to a borrower; an outsider in the same pool has nothing to do with it.
    const pool = await newPool(owner);
    const lender = await newMember(owner, pool);
    const borrower = await newMember(owner, pool);
    const outsider = await newMember(owner, pool);
    const skill = await newSkill(owner);
    lent = await newEmployee(owner, lender);
    await newEmployeeSkill(owner, lent, skill, 4);
    await newWindow(owner, lent, pool);
    const demand = await newDemand(owner, borrower, pool, {}, [{ skill }]);
    await newProposal(owner, lent, demand, ProposalStatus.CONFIRMED);
    const loan = await newLoan(owner, lent, demand);
    hrOfLender = await newUser(owner, UserRole.COMPANY_HR, { company: lender });
    hrOfBorrower = await newUser(owner, UserRole.COMPANY_HR, { company: borrower });
    hrOfOutsider = await newUser(owner, UserRole.COMPANY_HR, { company: outsider });
    await owner.query(
      `INSERT INTO timesheet_entry (loan_id, employee_id, work_date, hours, submitted_at)
       VALUES ($1, $2, lower($3::daterange), 8, now())`,
      [loan.id, lent.id, `[${demand.period.start},${demand.period.end}]`],
    );
    const [month] = await owner.query(
      `INSERT INTO settlement_month (pool_id, month) VALUES ($1, '2026-01-01') RETURNING id`,
      [pool.id],
    );
    await owner.query(
      `INSERT INTO settlement (settlement_month_id, loan_id, pool_id, lender_company_id,
         borrower_company_id, employee_id, month, approved_hours, entry_count, hourly_rate_cents,
         hours_amount_cents, total_amount_cents)
       VALUES ($1, $2, $3, $4, $5, $6, '2026-01-01', 8, 1, 4500, 36000, 36000)`,
      [month.id, loan.id, pool.id, lender.id, borrower.id, lent.id],
    );
    const [run] = await owner.query(
      `INSERT INTO match_run (pool_id, finished_at, demands_considered, positions_open,
         positions_filled, candidate_pairs, total_score, optimality, score_bound, gap,
         solver_millis, total_millis)
       VALUES ($1, now(), 1, 1, 0, 0, 0, 'EXACT', 0, 0, 1, 1) RETURNING id`,
      [pool.id],
    );
    await owner.query(
      `INSERT INTO match_unfilled (run_id, demand_id, positions, reason) VALUES ($1, $2, 1, 'OUTRANKED')`,
      [run.id, demand.id],
    );
    await owner.query(
      `INSERT INTO audit_event (actor_user_id, actor_role, actor_company_id, action, entity_type,
         entity_id, pool_id, company_ids)
       VALUES ($1, 'COMPANY_HR', $2, 'employee.created', 'EMPLOYEE', $3, $4, ARRAY[$2]::uuid[])`,
      [hrOfLender.id, lender.id, lent.id, pool.id],
    );
    // Kept candidate pairs; the marks were left by the writes above (window, membership, requirement).
    await owner.query(
      `INSERT INTO candidate_pair_demand (demand_id, travel_cap, min_coverage, pool_id, span, site)
       VALUES ($1, 50, 0.5, $2, box(point(0, 0), point(1, 0)), point(5.47, 52.52))`,
      [demand.id, pool.id],
    );
    await owner.query(
      `INSERT INTO candidate_pair (demand_id, employee_id, company_id, cost_cents, coverage, distance_km, skill_fit)
       VALUES ($1, $2, $3, 4500, 1, 10, 1)`,
      [demand.id, lent.id, lender.id],
    );
    await owner.query(
      `INSERT INTO idempotency_key (user_id, key, operation, request_hash)
       VALUES ($1, 'k-1', 'postDemand', repeat('0', 64))`,
      [hrOfLender.id],
    );
  });
  afterAll(async () => {
    await sut.close();
  });

  /** Runs `work` in a transaction of the app's role with `scope` set, as TransactionRunner does. */
  async function scoped<T>(scope: DatabaseScope, work: (m: EntityManager) => Promise<T>) {
    return app.transaction(async (m) => {
      await m.query(SET_SCOPE_SQL, scopeParams(scope));
      return work(m);
    });
  }

  const asActor = (user: User) => ({
    userId: user.id,
    role: user.role,
    companyId: user.companyId,
    employeeId: user.employeeId,
    poolIds: [],
  });

  async function count(m: EntityManager | DataSource, sql: string, params: unknown[] = []) {
    const [{ n }] = (await m.query(sql, params)) as { n: number }[];
    return n;
  }

  it(`the app connects as ${APP_ROLE}, which owns no table and is neither superuser nor BYPASSRLS`, async () => {
    const [role] = await app.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls"
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(role).toEqual({ name: APP_ROLE, superuser: false, bypassRls: false });
    const owners = await app.query(
      `SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(owners.map((o: { owner: string }) => o.owner)).not.toContain(APP_ROLE);
    await expect(assertUnprivilegedAppRole(app)).resolves.toBeUndefined();
    await expect(assertUnprivilegedAppRole(owner)).rejects.toThrow(PrivilegedAppRoleError);
  });

  it('every company-scoped table has row-level security enabled and forced', async () => {
    const rows: { table: string; enabled: boolean; forced: boolean }[] = await owner.query(
      `SELECT relname AS table, relrowsecurity AS enabled, relforcerowsecurity AS forced
       FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)
       ORDER BY relname`,
      [PROTECTED_TABLES],
    );
    expect(rows).toEqual(
      [...PROTECTED_TABLES].sort().map((table) => ({ table, enabled: true, forced: true })),
    );
  });

  it('a query without the scope set returns nothing from each protected table', async () => {
    for (const table of PROTECTED_TABLES) {
      const all = `SELECT count(*)::int AS n FROM "${table}"`;
      expect({ table, owner: (await count(owner, all)) > 0 }).toEqual({ table, owner: true });
      // A bare pooled connection (no settings at all) and a transaction with an empty scope.
      expect({ table, rows: await count(app, all) }).toEqual({ table, rows: 0 });
      expect({ table, rows: await scoped(null, (m) => count(m, all)) }).toEqual({ table, rows: 0 });
    }
  });

  it("another firm's HR reaches none of a firm's employee's rows, whatever the SQL", async () => {
    for (const [table, sql] of Object.entries(ROWS_OF_EMPLOYEE)) {
      const outsider = await scoped(asActor(hrOfOutsider), (m) => count(m, sql, [lent.id]));
      const ownHr = await scoped(asActor(hrOfLender), (m) => count(m, sql, [lent.id]));
      expect({ table, outsider, ownHr: ownHr > 0 }).toEqual({ table, outsider: 0, ownHr: true });
    }
  });

  it('the borrower sees the lent employee and the loan, but not the lender’s candidate rows', async () => {
    const seen = await scoped(asActor(hrOfBorrower), async (m) => ({
      employee: await count(m, ROWS_OF_EMPLOYEE.employee, [lent.id]),
      loan: await count(m, ROWS_OF_EMPLOYEE.loan, [lent.id]),
      window: await count(m, ROWS_OF_EMPLOYEE.availability_window, [lent.id]),
      candidates: await count(m, ROWS_OF_EMPLOYEE.candidate_search, [lent.id]),
    }));
    expect(seen).toEqual({ employee: 1, loan: 1, window: 0, candidates: 0 });
  });

  it('only the trusted scope reads the kept candidate pairs and their marks; any writer leaves marks', async () => {
    const seen = await scoped(asActor(hrOfLender), async (m) => {
      // The window's UPDATE leaves the employee's mark through the trigger, as the HR's role.
      await m.query(
        `UPDATE availability_window SET hours_per_week = hours_per_week WHERE employee_id = $1`,
        [lent.id],
      );
      return {
        pairs: await count(
          m,
          `SELECT count(*)::int AS n FROM candidate_pair WHERE employee_id = $1`,
          [lent.id],
        ),
        demands: await count(m, `SELECT count(*)::int AS n FROM candidate_pair_demand`),
        marks: await count(m, `SELECT count(*)::int AS n FROM candidate_pair_stale_employee`),
      };
    });
    expect(seen).toEqual({ pairs: 0, demands: 0, marks: 0 });
    expect(
      await count(
        owner,
        `SELECT count(*)::int AS n FROM candidate_pair_stale_employee WHERE employee_id = $1`,
        [lent.id],
      ),
    ).toBe(1);
    await expect(
      scoped(asActor(hrOfLender), (m) =>
        m.query(
          `INSERT INTO candidate_pair (demand_id, employee_id, company_id, cost_cents, coverage, distance_km, skill_fit)
           SELECT demand_id, employee_id, lender_company_id, 1, 1, 1, 1 FROM match_proposal WHERE employee_id = $1`,
          [lent.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("another firm's HR can neither change a firm's employee nor add one to it", async () => {
    const updated = await scoped(asActor(hrOfOutsider), (m) =>
      m.query(`UPDATE employee SET first_name = 'Mallory' WHERE id = $1`, [lent.id]),
    );
    expect(updated[1]).toBe(0);
    await expect(
      scoped(asActor(hrOfOutsider), (m) =>
        m.query(
          `INSERT INTO employee (company_id, first_name, last_name, hourly_cost_cents)
           VALUES ($1, 'Eve', 'Intruder', 1000)`,
          [lent.companyId],
        ),
      ),
    ).rejects.toMatchObject({ driverError: { code: '42501' } });
    expect(await count(owner, ROWS_OF_EMPLOYEE.employee, [lent.id])).toBe(1);
    const [{ first_name }] = await owner.query(`SELECT first_name FROM employee WHERE id = $1`, [
      lent.id,
    ]);
    expect(first_name).not.toBe('Mallory');
  });

  it("a demand's skill requirements are visible to exactly those who see the demand", async () => {
    // Requirements carry a copy of the demand's pool and company, set by a trigger and held to
    // the demand's by the foreign key; their policy must still see what the demand's sees.
    const pool = await newPool(owner);
    const otherPool = await newPool(owner);
    const borrower = await newMember(owner, pool);
    const member = await newMember(owner, pool);
    const suspended = await newCompany(owner);
    await newMembership(owner, pool, suspended, MembershipStatus.SUSPENDED);
    const lender = await newMember(owner, otherPool);
    const stranger = await newMember(owner, otherPool);
    const [skillA, skillB] = [await newSkill(owner), await newSkill(owner)];
    const demand = await newDemand(owner, borrower, pool, {}, [
      { skill: skillA },
      { skill: skillB, mandatory: false },
    ]);
    const staff = await newEmployee(owner, lender);
    await newProposal(owner, staff, demand, ProposalStatus.PROPOSED);
    const copied = await owner.query(
      `SELECT DISTINCT pool_id, company_id FROM demand_skill_requirement WHERE demand_id = $1`,
      [demand.id],
    );
    expect(copied).toEqual([{ pool_id: pool.id, company_id: borrower.id }]);

    const hr = async (company: Company) =>
      asActor(await newUser(owner, UserRole.COMPANY_HR, { company }));
    const coordinator = async (of: typeof pool) => ({
      ...asActor(await newUser(owner, UserRole.POOL_COORDINATOR, { pools: [of] })),
      poolIds: [of.id],
    });
    const actors: Record<string, DatabaseScope> = {
      borrower: await hr(borrower),
      member: await hr(member),
      suspendedMember: await hr(suspended),
      lenderWithProposal: await hr(lender),
      stranger: await hr(stranger),
      coordinator: await coordinator(pool),
      otherCoordinator: await coordinator(otherPool),
      admin: asActor(await newUser(owner, UserRole.ADMIN)),
      nobody: null,
    };
    const seen: Record<string, { demand: number; requirements: number }> = {};
    for (const [name, scope] of Object.entries(actors)) {
      seen[name] = await scoped(scope, async (m) => ({
        demand: await count(m, 'SELECT count(*)::int AS n FROM demand_request WHERE id = $1', [
          demand.id,
        ]),
        requirements: await count(
          m,
          'SELECT count(*)::int AS n FROM demand_skill_requirement WHERE demand_id = $1',
          [demand.id],
        ),
      }));
    }
    const all = { demand: 1, requirements: 2 };
    const none = { demand: 0, requirements: 0 };
    expect(seen).toEqual({
      borrower: all,
      member: all,
      suspendedMember: none,
      lenderWithProposal: all,
      stranger: none,
      coordinator: all,
      otherCoordinator: none,
      admin: all,
      nobody: none,
    });

    // Only the demand's own HR adds requirements, whatever pool or company the row claims.
    const skillC = await newSkill(owner);
    const insert = (scope: DatabaseScope) =>
      scoped(scope, (m) =>
        m.query(
          `INSERT INTO demand_skill_requirement (demand_id, skill_id, min_level, mandatory, pool_id, company_id)
           VALUES ($1, $2, 1, true, $3, $4)`,
          [demand.id, skillC.id, otherPool.id, member.id],
        ),
      );
    await expect(insert(actors.member)).rejects.toMatchObject({ driverError: { code: '42501' } });
    await insert(actors.borrower);
    expect(
      await owner.query(
        `SELECT pool_id, company_id FROM demand_skill_requirement WHERE demand_id = $1 AND skill_id = $2`,
        [demand.id, skillC.id],
      ),
    ).toEqual([{ pool_id: pool.id, company_id: borrower.id }]);
    // The copy cannot be changed apart from the demand.
    await expect(
      owner.query(`UPDATE demand_skill_requirement SET company_id = $2 WHERE demand_id = $1`, [
        demand.id,
        member.id,
      ]),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('the trusted system scope reads across companies', async () => {
    const rows = await scoped(SYSTEM_ROLE, (m) =>
      count(m, ROWS_OF_EMPLOYEE.candidate_search, [lent.id]),
    );
    expect(rows).toBeGreaterThan(0);
  });

  it('runAsSystem switches to clp_system (BYPASSRLS, no login) for its work only', async () => {
    const runner = sut.created.app.get(TransactionRunner);
    const actor = asActor(hrOfLender);
    const ctx = new RequestContext(actor, scopedManager(app, actor));
    const whoAmI = async (m: EntityManager) =>
      (await m.query(`SELECT current_user AS "user", current_setting('app.role') AS scope`))[0] as {
        user: string;
        scope: string;
      };
    const seen = await runner.run(ctx, async (tx) => {
      const before = await whoAmI(tx.manager);
      const during = await runner.runAsSystem(tx, 'test', (sys) => whoAmI(sys.manager));
      const after = await whoAmI(tx.manager);
      return { before, during, after };
    });
    expect(seen).toEqual({
      before: { user: APP_ROLE, scope: 'COMPANY_HR' },
      during: { user: SYSTEM_DB_ROLE, scope: SYSTEM_ROLE },
      after: { user: APP_ROLE, scope: 'COMPANY_HR' },
    });
    const [role] = await owner.query(
      `SELECT rolbypassrls AS "bypassRls", rolcanlogin AS "canLogin" FROM pg_roles WHERE rolname = $1`,
      [SYSTEM_DB_ROLE],
    );
    expect(role).toEqual({ bypassRls: true, canLogin: false });
  });

  it('SCOPE_SETTINGS copied to a second connection carry the trusted scope with them', async () => {
    const runner = sut.created.app.get(TransactionRunner);
    const seen = await runner.runAsSystem(
      RequestContext.system(app.manager),
      'test',
      async (sys) => {
        const [current] = (await sys.manager.query(
          `SELECT ${SCOPE_SETTINGS.map((_, i) => `current_setting($${i + 1}, true) AS s${i}`).join(', ')}`,
          SCOPE_SETTINGS,
        )) as Record<string, string | null>[];
        return app.transaction(async (other) => {
          await other.query(
            `SELECT ${SCOPE_SETTINGS.map((_, j) => `set_config($${2 * j + 1}, $${2 * j + 2}, true)`).join(', ')}`,
            SCOPE_SETTINGS.flatMap((name, j) => [name, current[`s${j}`] ?? '']),
          );
          const [who] = await other.query(`SELECT current_user AS "user"`);
          return {
            user: who.user,
            rows: await count(other, ROWS_OF_EMPLOYEE.candidate_search, [lent.id]),
          };
        });
      },
    );
    expect(seen.user).toBe(SYSTEM_DB_ROLE);
    expect(seen.rows).toBeGreaterThan(0);
  });

  it('in the trusted scope the candidate search keeps time and location as GiST index conditions', async () => {
    // Under policies PostgreSQL would demote the non-leakproof `&&` and `<@` to filters.
    const runner = sut.created.app.get(TransactionRunner);
    const plan = await runner.runAsSystem(
      RequestContext.system(app.manager),
      'test',
      async (sys) => {
        await sys.manager.query(`SET LOCAL enable_seqscan = off`);
        await sys.manager.query(`SET LOCAL enable_bitmapscan = off`);
        const rows = (await sys.manager.query(
          `EXPLAIN SELECT * FROM candidate_search cs
         WHERE cs.pool_id = $1 AND cs.skill_id = $2 AND cs.span && box(point(1065, 0), point(1095, 0))
           AND cs.location <@ box(point(5, 52), point(6, 53))`,
          [lent.companyId, lent.companyId],
        )) as { 'QUERY PLAN': string }[];
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      },
    );
    expect(plan).toMatch(/Index Cond: .*span && .*location <@/);
  });

  it('the service refuses to start when its database role could bypass row-level security', async () => {
    const database = await createTestDatabase();
    try {
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        DATABASE_APP_URL: database.url,
        SEED_DEMO: 'false',
        RUN_MIGRATIONS: 'false',
        LOG_LEVEL: 'silent',
      });
      await expect(
        createApp(config, {
          database: { url: database.url, embedded: false, release: async () => undefined },
        }),
      ).rejects.toThrow(PrivilegedAppRoleError);
    } finally {
      await database.drop();
    }
  });
});
