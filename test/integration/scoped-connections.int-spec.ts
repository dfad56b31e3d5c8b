import type { Pool as PgPool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Actor, UserRole } from '../../src/auth/actor';
import { User } from '../../src/auth/user.entity';
import { dataSourceOptions } from '../../src/database/data-source';
import {
  DatabaseScope,
  guardScope,
  ownUnprotectedRows,
  ScopedQueryRunner,
  scopedManager,
  SET_SESSION_SCOPE_SQL,
  scopeParams,
} from '../../src/database/scope';
import { Employee } from '../../src/employees/employee.entity';
import { newEmployee, newMember, newPool, newUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** Ids and the backend of the connection that answered. */
interface Seen {
  ids: string[];
  pid: number;
}

/**
 * Pooled connections keep the scope of the last actor they served (set once per checkout, only
 * when it differs: see `checkoutScoped`). These tests run on a pool of one connection, so every
 * use below gets the very connection the previous one left behind.
 */
describe('scoped connections: a pooled connection never carries one scope into another use (integration)', () => {
  let sut: TestApp;
  let single: DataSource;
  let employeeOfA: Employee;
  let employeeOfB: Employee;
  let hrOfA: User;
  let hrOfB: User;
  const ids = () => [employeeOfA.id, employeeOfB.id];
  /** Both firms' employees as far as the scope shows them, and the backend that answered. */
  const EMPLOYEES = `SELECT pg_backend_pid() AS pid,
    ARRAY(SELECT e.id::text FROM employee e WHERE e.id = ANY($1) ORDER BY e.id) AS ids`;

  const asActor = (user: User): Actor => ({
    userId: user.id,
    role: user.role,
    companyId: user.companyId,
    employeeId: user.employeeId,
    poolIds: [],
  });

  /** The backend of the pool's one connection, read without touching its scope. */
  async function backend(): Promise<number> {
    const client = await pool().connect();
    try {
      return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    } finally {
      client.release();
    }
  }

  const pool = () => (single.driver as PostgresDriver).master as PgPool;

  async function read(manager: EntityManager | DataSource): Promise<Seen> {
    const [row] = (await manager.query(EMPLOYEES, [ids()])) as Seen[];
    return row;
  }

  beforeAll(async () => {
    sut = await startTestApp();
    const db = sut.db;
    const poolOfFirms = await newPool(db);
    const firmA = await newMember(db, poolOfFirms);
    const firmB = await newMember(db, poolOfFirms);
    employeeOfA = await newEmployee(db, firmA);
    employeeOfB = await newEmployee(db, firmB);
    hrOfA = await newUser(db, UserRole.COMPANY_HR, { company: firmA });
    hrOfB = await newUser(db, UserRole.COMPANY_HR, { company: firmB });
    // The app's role (clp_app, bound by row-level security) with a pool of exactly one connection.
    const url = (sut.created.dataSource.options as { url: string }).url;
    single = new DataSource(dataSourceOptions(url, 1));
    await single.initialize();
  });

  afterAll(async () => {
    await single?.destroy();
    await sut.close();
  });

  it("a connection that served actor A, then serves actor B, shows only B's rows", async () => {
    const pid = await backend();
    const a = await read(scopedManager(single, asActor(hrOfA)));
    const b = await read(scopedManager(single, asActor(hrOfB)));
    const aAgain = await read(scopedManager(single, asActor(hrOfA)));
    expect({ a, b, aAgain }).toEqual({
      a: { ids: [employeeOfA.id], pid },
      b: { ids: [employeeOfB.id], pid },
      aAgain: { ids: [employeeOfA.id], pid },
    });
  });

  it('after a scoped use, unscoped use of the same connection shows no protected row', async () => {
    const pid = await backend();
    expect(await read(scopedManager(single, asActor(hrOfA)))).toEqual({
      ids: [employeeOfA.id],
      pid,
    });
    // The data source's own manager, a transaction of it, and a query runner of it.
    expect(await read(single)).toEqual({ ids: [], pid });
    await scopedManager(single, asActor(hrOfB)).query('SELECT 1');
    expect(await single.transaction((m) => read(m))).toEqual({ ids: [], pid });
    await scopedManager(single, asActor(hrOfA)).query('SELECT 1');
    const runner = single.createQueryRunner();
    try {
      expect((await runner.query(EMPLOYEES, [ids()]))[0]).toEqual({ ids: [], pid });
    } finally {
      await runner.release();
    }
  });

  it('the plain-rows path and a transaction TypeORM opens follow the same scope', async () => {
    const runnerOfA = scopedManager(single, asActor(hrOfA)).queryRunner as ScopedQueryRunner;
    const runnerOfB = scopedManager(single, asActor(hrOfB)).queryRunner as ScopedQueryRunner;
    const rowsOf = async (runner: ScopedQueryRunner) =>
      (await runner.rows<Seen>(EMPLOYEES, [ids()]))[0].ids;
    expect(await rowsOf(runnerOfA)).toEqual([employeeOfA.id]);
    expect(await rowsOf(runnerOfB)).toEqual([employeeOfB.id]);
    const inTransaction = await scopedManager(single, asActor(hrOfA)).transaction(
      async (m) => (await read(m)).ids,
    );
    expect(inTransaction).toEqual([employeeOfA.id]);
    expect(await rowsOf(runnerOfB)).toEqual([employeeOfB.id]);
    expect((await read(single)).ids).toEqual([]);
  });

  it('a failed statement leaves no scope behind for the next user of the connection', async () => {
    const runnerOfA = scopedManager(single, asActor(hrOfA)).queryRunner as ScopedQueryRunner;
    await expect(runnerOfA.rows('SELECT * FROM no_such_table', [])).rejects.toThrow();
    await expect(scopedManager(single, asActor(hrOfA)).query('SELECT 1/0')).rejects.toThrow();
    expect((await read(single)).ids).toEqual([]);
    expect((await read(scopedManager(single, asActor(hrOfB)))).ids).toEqual([employeeOfB.id]);
  });

  it('a connection the guard has not seen (set up before it) is reset before its first use', async () => {
    const url = (sut.created.dataSource.options as { url: string }).url;
    const fresh = new DataSource(dataSourceOptions(url, 1));
    await fresh.initialize();
    try {
      // A session scope set on the pool's connection before the guard was installed.
      const client = await ((fresh.driver as PostgresDriver).master as PgPool).connect();
      await client.query(SET_SESSION_SCOPE_SQL, scopeParams(asActor(hrOfA)));
      client.release();
      guardScope(fresh);
      expect((await read(fresh)).ids).toEqual([]);
      const scope: DatabaseScope = asActor(hrOfB);
      expect((await read(scopedManager(fresh, scope))).ids).toEqual([employeeOfB.id]);
    } finally {
      await fresh.destroy();
    }
  });

  it('a connection that already holds the scope runs the statement alone (one round trip)', async () => {
    guardScope(single);
    const sent: string[] = [];
    const client: PoolClient = await pool().connect();
    const original = client.query;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const text = args[0];
      sent.push(typeof text === 'string' ? text : (text as { text: string }).text);
      return query(...args);
    };
    client.release();
    try {
      const manager = scopedManager(single, asActor(hrOfA));
      await manager.query('SELECT 1');
      sent.length = 0;
      await manager.query('SELECT 2');
      await (manager.queryRunner as ScopedQueryRunner).rows('SELECT 3', []);
      expect(sent).toEqual(['SELECT 2', 'SELECT 3']);
      sent.length = 0;
      await scopedManager(single, asActor(hrOfB)).query('SELECT 4');
      expect(sent).toEqual([SET_SESSION_SCOPE_SQL, 'SELECT 4']);
    } finally {
      client.query = original;
    }
  });

  it("an authentication look-up keeps only its own user's scope on the connection", async () => {
    const WHO = `SELECT current_setting('app.user_id', true) AS "userId"`;
    const heldBy = async (userId: string) =>
      (await ownUnprotectedRows<{ userId: string }>(single, userId, WHO, []))[0].userId;
    await scopedManager(single, asActor(hrOfA)).query('SELECT 1');
    // Its own user's scope stays (no round trip to reset it); another user's never does.
    expect(await heldBy(hrOfA.id)).toBe(hrOfA.id);
    expect(await heldBy(hrOfB.id)).toBe('');
    await scopedManager(single, asActor(hrOfA)).query('SELECT 1');
    expect(await heldBy(hrOfB.id)).toBe('');
    expect((await read(single)).ids).toEqual([]);
  });
});
