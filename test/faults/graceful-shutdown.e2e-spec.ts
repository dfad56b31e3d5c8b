import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { User } from '../../src/auth/user.entity';
import { dataSourceOptions } from '../../src/database/data-source';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import { createTestDatabase, TestDatabase } from '../support/database';
import { inDays, newHr, newMember, newPool, newSkill, TEST_PASSWORD } from '../support/factories';
import { dropQueueKeys } from '../support/redis';
import { health, postGraphql, ServerProcess, spawnServer } from '../support/server-process';

const POST_DEMAND = `mutation($input: PostDemandInput!) { postDemand(input: $input) { id } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const APP = 'collegial-labour-pool';
const REDIS_URL = process.env.REDIS_URL;

/** Polls until `check` passes, at most `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > ms) throw new Error(`Not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * SIGTERM to a real server process (src/main.ts): it stops taking new work, reports not-ready,
 * finishes what is in flight, closes its database pool and exits 0; or, past the timeout,
 * exits 1 and PostgreSQL rolls the abandoned work back.
 */
describe('graceful shutdown of a server process on SIGTERM (e2e)', () => {
  let database: TestDatabase;
  let db: DataSource;
  let pool: Pool;
  let skill: Skill;
  let hr: User;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Named apart from the server's sessions, which the tests count.
    const options = dataSourceOptions(database.url, 2);
    db = await new DataSource({
      ...options,
      extra: { max: 2, application_name: 'clp-test' },
    }).initialize();
    pool = await newPool(db);
    skill = await newSkill(db);
    hr = await newHr(db, await newMember(db, pool));
  });
  const queuePrefix = `clp-test-${randomBytes(6).toString('hex')}`;
  afterEach(async () => {
    await server?.kill();
    server = undefined;
    if (REDIS_URL) await dropQueueKeys(REDIS_URL, queuePrefix);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const input = (title: string) => ({
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

  async function rowsOf(title: string) {
    const [row] = await db.query(
      `SELECT count(DISTINCT d.id)::int AS demands, count(r.skill_id)::int AS requirements
         FROM demand_request d LEFT JOIN demand_skill_requirement r ON r.demand_id = d.id
        WHERE d.title = $1`,
      [title],
    );
    return row as { demands: number; requirements: number };
  }

  /** The server's sessions on the test database, and whether one waits on a lock. */
  async function sessions(): Promise<{ total: number; waiting: number }> {
    const [row] = await db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting
         FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
      [database.name, APP],
    );
    return row as { total: number; waiting: number };
  }

  /** Starts the server, logs in, and leaves a demand mutation waiting on `lockedTable`. */
  async function startWithBlockedMutation(title: string, lockedTable: string, timeoutMs: number) {
    server = await spawnServer({
      DATABASE_URL: database.url,
      SHUTDOWN_TIMEOUT_MS: String(timeoutMs),
      DB_POOL_SIZE: '3',
      // With Redis (as CI has it) the close also covers the event bus and the matching queue.
      ...(REDIS_URL ? { REDIS_URL, QUEUE_PREFIX: queuePrefix } : {}),
    });
    const login = await postGraphql(server.url, LOGIN, {
      email: hr.email,
      password: TEST_PASSWORD,
    });
    const token = login.body.data?.login?.token as string;
    expect(token).toBeDefined();
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${lockedTable} IN SHARE MODE`);
    // Settles with the response, or with the error when the connection is cut.
    const pending = postGraphql(server.url, POST_DEMAND, { input: input(title) }, token).catch(
      (error: Error) => error,
    );
    await within(15_000, async () => (await sessions()).waiting === 1);
    return { server, blocker, pending };
  }

  it('reports draining, turns new requests away with 503, finishes the in-flight mutation, closes its pool (and Redis) and exits 0', async () => {
    const title = 'in flight at SIGTERM';
    const { server, blocker, pending } = await startWithBlockedMutation(
      title,
      'demand_request',
      20_000,
    );
    try {
      server.child.kill('SIGTERM');
      await within(5_000, async () => (await health(server.url)).status === 503);
      const status = await health(server.url);
      expect(status.body.details.lifecycle).toMatchObject({
        status: 'down',
        draining: true,
        inFlight: 1,
      });
      const turnedAway = await postGraphql(server.url, POST_DEMAND, { input: input('too late') });
      expect(turnedAway.status).toBe(503);
      expect(turnedAway.body.errors?.[0].extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'SHUTTING_DOWN',
      });
      expect(server.child.exitCode).toBeNull();
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }

    const res = await pending;
    if (res instanceof Error) throw res;
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.postDemand?.id).toBeDefined();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Drained and closed; exiting');
    expect(await rowsOf(title)).toEqual({ demands: 1, requirements: 1 });
    expect(await rowsOf('too late')).toEqual({ demands: 0, requirements: 0 });
    expect((await sessions()).total).toBe(0);
  });

  it('exits 1 when a request outlives the timeout, and PostgreSQL rolls its half-done transaction back', async () => {
    const title = 'still running at the timeout';
    // The demand row is written, then the requirement insert waits: the request is half-way.
    const { server, blocker, pending } = await startWithBlockedMutation(
      title,
      'demand_skill_requirement',
      1_000,
    );
    try {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 1, signal: null });
      expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    expect(server.output()).toContain('still running after the timeout');
    await within(5_000, async () => (await sessions()).total === 0);
    expect(await rowsOf(title)).toEqual({ demands: 0, requirements: 0 });
  });
});
