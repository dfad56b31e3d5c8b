import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { createApp, CreatedApp } from '../../src/create-app';
import { ensureDatabase } from '../../src/database/embedded-postgres';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import { inDays, newHr, newMember, newPool, newSkill } from '../support/factories';
import { OwnPostgres, startOwnPostgres } from '../support/own-postgres';
import { health, postGraphql } from '../support/server-process';
import { tokenFor } from '../support/subscriptions';

const POST_DEMAND = `mutation($input: PostDemandInput!) { postDemand(input: $input) { id } }`;
const APP = 'collegial-labour-pool';
const DATABASE = 'faults';

/**
 * Faults of the database under a real, listening API: this file owns its PostgreSQL (an embedded
 * server in a throwaway folder on a free port), so it can kill its connections, stop it and start
 * it again. The shared test server and the system PostgreSQL are never touched.
 */
describe('database faults (e2e, PostgreSQL owned by the test)', () => {
  let dataDir: string;
  let pg: OwnPostgres;
  let created: CreatedApp;
  let db: DataSource;
  let url: string;
  let token: string;
  let pool: Pool;
  let skill: Skill;

  /** A superuser connection to the test's own server, for killing and inspecting sessions. */
  async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: pg.urlFor(DATABASE) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  const demandInput = (title: string) => ({
    poolId: pool.id,
    title,
    sitePostcode: '8232 AA',
    siteCity: 'Lelystad',
    siteLatitude: 52.5185,
    siteLongitude: 5.4714,
    startDate: inDays(14),
    endDate: inDays(41),
    hoursPerWeek: 32,
    headcount: 1,
    requirements: [{ skillId: skill.id, minLevel: 2, mandatory: true }],
  });
  const post = (title: string, signal?: AbortSignal) =>
    postGraphql(url, POST_DEMAND, { input: demandInput(title) }, token, signal);

  /** Rows of `title`: the demand and its requirements (zero or all, never a part). */
  const rowsOf = (title: string) =>
    admin(async (c) => {
      const { rows } = await c.query<{ demands: number; requirements: number }>(
        `SELECT count(DISTINCT d.id)::int AS demands, count(r.skill_id)::int AS requirements
           FROM demand_request d LEFT JOIN demand_skill_requirement r ON r.demand_id = d.id
          WHERE d.title = $1`,
        [title],
      );
      return rows[0];
    });

  /** Polls until `check` passes; returns how long that took. */
  async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (!(await check().catch(() => false))) {
      if (Date.now() - started > ms) throw new Error(`Not within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Date.now() - started;
  }

  /** The backend of the API that is waiting on a lock (the mutation under test). */
  const blockedBackend = () =>
    admin(async (c) => {
      const { rows } = await c.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = $1 AND application_name = $2 AND wait_event_type = 'Lock'`,
        [DATABASE, APP],
      );
      return rows[0]?.pid;
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'clp-faults-pg-'));
    pg = await startOwnPostgres(dataDir);
    await ensureDatabase(pg.urlFor('postgres'), DATABASE);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.urlFor(DATABASE),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '4',
    });
    created = await createApp(config, {
      database: { url: pg.urlFor(DATABASE), embedded: false, release: async () => undefined },
      keepOwnerConnection: true,
    });
    await created.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(created.app.getHttpServer().address() as AddressInfo).port}`;
    // Fixtures through the owner's connection: the app's own role is held by row-level security.
    db = created.ownerDataSource!;
    pool = await newPool(db);
    skill = await newSkill(db);
    const company = await newMember(db, pool);
    token = tokenFor(created, await newHr(db, company));
  }, 120_000);

  afterAll(async () => {
    await created?.close();
    await pg?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps answering /health while its connections are killed (pg_terminate_backend) and carries on without a restart', async () => {
    expect((await post('before the kill')).body.data?.postDemand?.id).toBeDefined();
    const killed = await admin(async (c) => {
      const { rows } = await c.query<{ pid: number }>(
        `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND application_name = $2`,
        [DATABASE, APP],
      );
      return rows.map((r) => r.pid);
    });
    expect(killed.length).toBeGreaterThan(0);
    // pg_terminate_backend only signals; wait until those sessions are really gone.
    await within(5_000, () =>
      admin(async (c) => {
        const { rows } = await c.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1)',
          [killed],
        );
        return rows[0].n === 0;
      }),
    );

    const started = Date.now();
    const status = await health(url);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(status.status).toBe(200);
    expect(status.body.details.database.status).toBe('up');
    const after = await post('after the kill');
    expect(after.body.errors).toBeUndefined();
    expect(await rowsOf('before the kill')).toEqual({ demands: 1, requirements: 1 });
    expect(await rowsOf('after the kill')).toEqual({ demands: 1, requirements: 1 });
  });

  it('reports the database down while PostgreSQL is stopped, recovers on its own when it is back, and loses no committed write', async () => {
    const committed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const title = `committed before the stop ${i}`;
      const res = await post(title);
      expect(res.body.errors).toBeUndefined();
      committed.push(title);
    }
    const port = pg.port;
    await pg.stop();

    const started = Date.now();
    const down = await health(url);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down.status).toBe(503);
    expect(down.body.details.database).toMatchObject({ status: 'down' });
    expect(down.body.details.lifecycle).toMatchObject({ status: 'up' });
    // A request that needs the database fails fast with an error; the server stays up.
    const failed = await post('while PostgreSQL is stopped');
    expect(failed.status).toBe(200);
    expect(failed.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect((await health(url)).status).toBe(503);

    pg = await startOwnPostgres(dataDir, port);
    const recoveredIn = await within(20_000, async () => (await health(url)).status === 200);
    expect(recoveredIn).toBeLessThan(20_000);
    expect((await post('after the restart')).body.errors).toBeUndefined();
    for (const title of committed) {
      expect(await rowsOf(title)).toEqual({ demands: 1, requirements: 1 });
    }
    expect(await rowsOf('while PostgreSQL is stopped')).toEqual({ demands: 0, requirements: 0 });
  });

  it('a mutation whose database connection is killed mid-transaction leaves nothing half-written', async () => {
    const title = 'connection killed mid-transaction';
    const blocker = new Client({ connectionString: pg.urlFor(DATABASE) });
    await blocker.connect();
    try {
      // The demand row goes in, then the requirement insert waits on this lock.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE demand_skill_requirement IN SHARE MODE');
      const pending = post(title);
      await within(10_000, async () => (await blockedBackend()) !== undefined);
      const pid = await blockedBackend();
      await admin((c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
      const res = await pending;
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    expect(await rowsOf(title)).toEqual({ demands: 0, requirements: 0 });
    expect((await health(url)).status).toBe(200);
  });

  it('a mutation whose client disconnects mid-transaction is all or nothing: it completes whole', async () => {
    const title = 'client gone mid-transaction';
    const blocker = new Client({ connectionString: pg.urlFor(DATABASE) });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE demand_skill_requirement IN SHARE MODE');
      const abort = new AbortController();
      const pending = post(title, abort.signal).catch((error: Error) => error);
      await within(10_000, async () => (await blockedBackend()) !== undefined);
      // Half-way: the demand row is written, its requirement is not. The client goes away.
      abort.abort();
      expect(await pending).toMatchObject({ name: 'AbortError' });
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    // The server finishes the unit of work it started: the demand with its requirement.
    await within(10_000, async () => (await rowsOf(title)).demands === 1);
    expect(await rowsOf(title)).toEqual({ demands: 1, requirements: 1 });
  });
});
