/**
 * API benchmark: our GraphQL API against PostGraphile on the same database (not part of `npm test`).
 *
 *   npm run bench:api                          # seeds clp_api_national if missing, measures once
 *   npm run bench:api -- --reuse --runs 3      # keep an existing database; three measured rounds
 *   options: --db NAME (default clp_api_national), --size national|demo|small, --connections 10,
 *            --duration 10 (seconds per measurement), --pool 10 (database connections per server),
 *            --profile (our server writes a V8 CPU profile to .data/bench-prof on exit),
 *            --only simple|nested (measure one of the two reads, e.g. to profile it alone)
 *
 * Uses DATABASE_URL's server (any database on it; the benchmark database is created beside it)
 * or an embedded PostgreSQL in .data/bench-pg. Without --reuse the database is dropped and
 * generated again with `src/cli/seed-synthetic.ts`.
 *
 * Each round measures, with autocannon at fixed concurrency and duration, p50/p99 latency and
 * requests/s of
 *   (a) a simple query: one demand by id (id, title, status);
 *   (b) a nested list: the first 50 demands of the pool (oldest posting first) with company,
 *       skill requirements and their skills;
 * against our server (a child process in production mode, logging at warn, authenticated as a
 * pool coordinator who logged in with `login`) and PostGraphile 4 (a child process over the same
 * database, no authentication: it reads as the connecting role), then the same rows through raw
 * `pg` (one statement per request, same pool size and concurrency) as the floor. Before measuring,
 * the three answers are checked to hold the same rows, and autocannon counts any response that
 * differs from the first one as a mismatch.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { deepStrictEqual } from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { hashPassword } from '../src/auth/password';
import { openDatabase } from '../src/database/data-source';
import { withDatabase } from '../src/database/database-url';
import { findFreePort } from '../src/database/embedded-postgres';
import { benchServer } from './support';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};

const DB = option('db', 'clp_api_national');
const SIZE = option('size', 'national');
const CONNECTIONS = Number(option('connections', '10'));
const DURATION = Number(option('duration', '10'));
const POOL = Number(option('pool', '10'));
const RUNS = Number(option('runs', '1'));
const PAGE = 50;
/** The reads measured: both, or the one `--only` names. */
const KINDS = (() => {
  const all = ['simple', 'nested'] as const;
  const only = option('only', '');
  if (!only) return all;
  const kind = all.find((k) => k === only);
  if (!kind) throw new Error(`--only takes simple or nested, not "${only}"`);
  return [kind];
})();

const JWT_SECRET = 'Hx4nQ8vT2mW6bK9pL3rZ7cY1sF5gD0jAeU';
const DATABASE_APP_PASSWORD = 'bench-clp-app-password';
const COORDINATOR_EMAIL = 'bench.coordinator@bench.pool';
const COORDINATOR_PASSWORD = 'bench-pool-2026';

/** The same reads in three dialects. */
const OURS = {
  simple: `query($id: ID!) { demandRequest(id: $id) { id title status } }`,
  nested: `query($poolId: ID!) { demandRequests(first: ${PAGE}, poolId: $poolId) { edges { node {
    id title hoursPerWeek headcount
    company { id name }
    requirements { minLevel mandatory skill { id code name } } } } } }`,
};
const POSTGRAPHILE = {
  simple: `query($id: UUID!) { demandRequestById(id: $id) { id title status } }`,
  nested: `query($poolId: UUID!) { allDemandRequests(first: ${PAGE}, condition: { poolId: $poolId },
      orderBy: [POSTED_AT_ASC, ID_ASC]) { nodes {
    id title hoursPerWeek headcount
    companyByCompanyId { id name }
    demandSkillRequirementsByDemandIdAndPoolIdAndCompanyId(orderBy: [MANDATORY_DESC, MIN_LEVEL_DESC, SKILL_ID_ASC]) {
      nodes { minLevel mandatory skillBySkillId { id code name } } } } } }`,
};
const RAW = {
  simple: `SELECT id, title, status FROM demand_request WHERE id = $1`,
  nested: `SELECT d.id, d.title, d.hours_per_week AS "hoursPerWeek", d.headcount,
      json_build_object('id', c.id, 'name', c.name) AS company,
      (SELECT coalesce(json_agg(json_build_object('minLevel', r.min_level, 'mandatory', r.mandatory,
                'skill', json_build_object('id', s.id, 'code', s.code, 'name', s.name))
              ORDER BY r.mandatory DESC, r.min_level DESC, r.skill_id), '[]')
         FROM demand_skill_requirement r JOIN skill s ON s.id = r.skill_id
        WHERE r.demand_id = d.id) AS requirements
    FROM demand_request d JOIN company c ON c.id = d.company_id
    WHERE d.pool_id = $1 ORDER BY d.posted_at, d.id LIMIT ${PAGE}`,
};

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  /** CPU milliseconds the server process spent per request (user + system); null for raw pg. */
  cpuMs: number | null;
  /** CPU milliseconds of the database's backends per request (see databaseCpuSince). */
  dbCpuMs?: number | null;
}

/**
 * CPU time of a process so far, in milliseconds (Linux /proc: utime + stime in clock ticks of
 * 10 ms). Less sensitive than latency to other work on a shared machine.
 */
function cpuMillis(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
/**
 * CPU milliseconds spent so far by each PostgreSQL backend of the benchmark database (processes
 * titled `postgres: [cluster: ]<user> <db> ...`), by process id; empty when the server is not on
 * this machine.
 */
function databaseCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').split(' ');
      if (words[0] !== 'postgres:' || !words.slice(1, 4).includes(DB)) continue;
      cpu.set(Number(pid), cpuMillis(Number(pid)));
    } catch {
      // A process that ended meanwhile.
    }
  }
  return cpu;
}

/**
 * The database CPU milliseconds spent between two {@link databaseCpu} readings: by backends that
 * lived through both, and all of those that started in between (idle connections of the other
 * server may close meanwhile; they did no work). Null when there were no backends to read.
 */
function databaseCpuSince(before: Map<number, number>): number | null {
  const after = databaseCpu();
  if (after.size === 0) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

type Kind = 'simple' | 'nested';
interface Round {
  load: [number, number];
  figures: Record<Kind, { ours: Figures; postgraphile: Figures; raw: Figures }>;
}

/** Creates and seeds the benchmark database unless it exists and --reuse is given. */
async function ensureDatabase(adminUrl: string): Promise<string> {
  const url = withDatabase(adminUrl, DB);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const exists =
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount === 1;
  const generate = !exists || !flag('reuse');
  if (generate) {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(DB)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(DB)}`);
  }
  await admin.end();
  if (generate) {
    console.log(`generating the ${SIZE} data set into ${DB}`);
    const started = Date.now();
    const gen = spawnSync('npx', ['ts-node', 'src/cli/seed-synthetic.ts', '--size', SIZE], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: url },
    });
    if (gen.status !== 0) throw new Error(`generation failed (${gen.status})`);
    console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return url;
}

/**
 * Compiles both servers to JavaScript (as `npm run start:prod` runs ours), into
 * `.data/bench-dist`: under ts-node a server process also loads node's `domain` module (ts-node's
 * REPL requires it), which slows every event emitted in that process (~7 % of our CPU on (b)).
 */
function buildServers(): string {
  const outDir = path.resolve('.data/bench-dist');
  const started = Date.now();
  const tsc = spawnSync(
    'npx',
    [
      'tsc',
      '-p',
      'tsconfig.json',
      '--outDir',
      outDir,
      '--incremental',
      'false',
      '--sourceMap',
      'false',
    ],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed (${tsc.status})`);
  console.log(
    `built both servers into ${outDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return outDir;
}

/** Starts `args` under node and resolves once `ready()` answers true. */
async function startChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: () => Promise<boolean>,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (await ready().catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not start within 180 s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<{ body: string; data: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.text();
  const json = JSON.parse(body) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (res.status !== 200 || json.errors?.length || !json.data)
    throw new Error(`${url} answered ${res.status}: ${body.slice(0, 500)}`);
  return { body, data: json.data };
}

/**
 * A pool coordinator of the pool, made once per database on the owner's connection (`url`, not
 * the service's clp_app pool), logged in through the API.
 */
async function coordinatorToken(url: string, apiUrl: string, poolId: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const found = await db.query<{ id: string }>('SELECT id FROM app_user WHERE email = $1', [
      COORDINATOR_EMAIL,
    ]);
    const userId =
      found.rows[0]?.id ??
      (
        await db.query<{ id: string }>(
          `INSERT INTO app_user (email, password_hash, role) VALUES ($1, $2, 'POOL_COORDINATOR') RETURNING id`,
          [COORDINATOR_EMAIL, await hashPassword(COORDINATOR_PASSWORD)],
        )
      ).rows[0].id;
    await db.query(
      `INSERT INTO pool_coordinator (user_id, pool_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [userId, poolId],
    );
  } finally {
    await db.end();
  }
  const { data } = await graphql(
    apiUrl,
    `
      mutation ($email: String!, $password: String!) {
        login(email: $email, password: $password) {
          token
        }
      }
    `,
    { email: COORDINATOR_EMAIL, password: COORDINATOR_PASSWORD },
  );
  return (data.login as { token: string }).token;
}

/** One demand as the three answers are compared. */
interface DemandRow {
  id: string;
  title: string;
  hoursPerWeek: number;
  headcount: number;
  company: { id: string; name: string };
  requirements: {
    minLevel: number;
    mandatory: boolean;
    skill: { id: string; code: string; name: string };
  }[];
}
/** PostGraphile's shape of the same demand. */
interface PostGraphileDemand extends Omit<DemandRow, 'company' | 'requirements' | 'hoursPerWeek'> {
  hoursPerWeek: string;
  companyByCompanyId: DemandRow['company'];
  demandSkillRequirementsByDemandIdAndPoolIdAndCompanyId: {
    nodes: (Omit<DemandRow['requirements'][number], 'skill'> & {
      skillBySkillId: DemandRow['requirements'][number]['skill'];
    })[];
  };
}

/** Numeric columns arrive as strings from PostGraphile and `pg`, as numbers from our API. */
const normalise = (rows: DemandRow[]): DemandRow[] =>
  rows.map((d) => ({ ...d, hoursPerWeek: Number(d.hoursPerWeek) }));

/** autocannon at fixed concurrency and duration; fails on errors, non-2xx or a changed body. */
async function cannon(
  server: ChildProcess,
  url: string,
  body: string,
  expected: string,
  token?: string,
): Promise<Figures> {
  const options = {
    url,
    method: 'POST' as const,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT, caches, pool connections
  const cpuBefore = cpuMillis(server.pid as number);
  const dbCpuBefore = databaseCpu();
  const result = await autocannon({ ...options, duration: DURATION, expectBody: expected });
  const cpu = cpuMillis(server.pid as number) - cpuBefore;
  const dbCpu = databaseCpuSince(dbCpuBefore);
  const failed = result.errors + result.non2xx + result.mismatches + result.timeouts;
  if (failed > 0)
    throw new Error(
      `${url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.mismatches} mismatches, ${result.timeouts} timeouts`,
    );
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    cpuMs: cpu / result.requests.total,
    dbCpuMs: dbCpu === null ? null : dbCpu / result.requests.total,
  };
}

/** The raw floor: CONNECTIONS workers sending the statement back to back for DURATION seconds. */
async function rawRate(pool: Pool, sql: string, params: unknown[]): Promise<Figures> {
  const run = async (seconds: number): Promise<number[]> => {
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          await pool.query(sql, params);
          latencies.push(performance.now() - started);
        }
      }),
    );
    return latencies;
  };
  await run(2);
  const latencies = (await run(DURATION)).sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / DURATION, cpuMs: null };
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const cell = (f: Figures) =>
  `${ms(f.p50)} / ${ms(f.p99)} ms, ${f.rps.toFixed(0)} req/s` +
  (f.cpuMs === null ? '' : `, ${f.cpuMs.toFixed(2)} ms CPU/req`) +
  (f.dbCpuMs == null ? '' : ` + ${f.dbCpuMs.toFixed(2)} ms database`);

function printRound(i: number, round: Round): void {
  console.log(
    `\nround ${i + 1} (load average 1 min: ${round.load[0].toFixed(2)} before, ${round.load[1].toFixed(2)} after; ${CONNECTIONS} connections, ${DURATION} s each)`,
  );
  console.log(
    '| query | ours: p50 / p99, rate, server CPU + database CPU | PostGraphile: same | ours ÷ PostGraphile (req/s) | raw pg: p50 / p99, rate |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const kind of KINDS) {
    const f = round.figures[kind];
    const label =
      kind === 'simple'
        ? '(a) one demand by id'
        : `(b) ${PAGE} demands + company + requirements + skills`;
    console.log(
      `| ${label} | ${cell(f.ours)} | ${cell(f.postgraphile)} | ${(f.ours.rps / f.postgraphile.rps).toFixed(2)} (CPU/req ×${((f.ours.cpuMs ?? 0) / (f.postgraphile.cpuMs ?? 1)).toFixed(1)}) | ${cell(f.raw)} |`,
    );
  }
}

async function main(): Promise<void> {
  const { adminUrl, stop } = await benchServer();
  const children: ChildProcess[] = [];
  try {
    const url = await ensureDatabase(adminUrl);
    const ourPort = await findFreePort();
    const ourUrl = `http://127.0.0.1:${ourPort}/graphql`;
    const profileDir = path.resolve('.data/bench-prof');
    if (flag('profile')) mkdirSync(profileDir, { recursive: true });
    // Pending migrations first, on the owner's connection: on the national data set they take
    // longer than the server is given to start (it would otherwise apply them itself).
    const migrating = Date.now();
    await (await openDatabase(url, { migrate: true, poolSize: 2 })).destroy(); // lock + migrations
    console.log(`migrations up to date (${((Date.now() - migrating) / 1000).toFixed(1)} s)`);
    const built = buildServers();
    console.log(`starting our server (production, LOG_LEVEL=warn, DB_POOL_SIZE=${POOL})`);
    const ourServer = await startChild(
      'our server',
      [
        // As `npm run start:prod`: a larger young generation (GC took a fifth of the CPU).
        '--max-semi-space-size=64',
        ...(flag('profile') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        path.join(built, 'src/main.js'),
      ],
      {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(ourPort),
        DATABASE_URL: url,
        JWT_SECRET,
        // The service's pool logs in as the non-owner role clp_app (row-level security binds it);
        // production refuses the development default of its password.
        DATABASE_APP_PASSWORD,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: String(POOL),
        // One user sends thousands of nested pages a minute here, far over the production budget
        // (~830 points a page): the limiter still runs and charges every request, it never refuses.
        RATE_LIMIT_USER_POINTS: '1000000000',
        RATE_LIMIT_IP_POINTS: '1000000000',
      },
      async () => (await fetch(`http://127.0.0.1:${ourPort}/health`)).status === 200,
    );
    children.push(ourServer);

    const raw = new Pool({ connectionString: url, max: POOL });
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query('ANALYZE');
    const [{ poolId, demandId }] = (
      await db.query<{ poolId: string; demandId: string }>(
        `SELECT pool_id AS "poolId", (SELECT id FROM demand_request d WHERE d.pool_id = p.pool_id ORDER BY posted_at, id LIMIT 1) AS "demandId"
           FROM demand_request p GROUP BY pool_id ORDER BY count(*) DESC LIMIT 1`,
      )
    ).rows;
    const counts = (
      await db.query(`SELECT (SELECT count(*) FROM company)::int AS companies, (SELECT count(*) FROM employee)::int AS employees,
        (SELECT count(*) FROM demand_request)::int AS demands, (SELECT count(*) FROM demand_skill_requirement)::int AS requirements`)
    ).rows[0];
    await db.end();
    console.log(`data: ${JSON.stringify(counts)}`);

    const token = await coordinatorToken(url, ourUrl, poolId);

    const pgPort = await findFreePort();
    const pgUrl = `http://127.0.0.1:${pgPort}/graphql`;
    console.log('starting PostGraphile 4.14.1 (no authentication)');
    const postgraphileServer = await startChild(
      'PostGraphile',
      [
        '--max-semi-space-size=64', // the same V8 flags as ours
        path.join(built, 'bench/postgraphile-server.js'),
        '--url',
        url,
        '--port',
        String(pgPort),
        '--pool',
        String(POOL),
      ],
      { ...process.env, NODE_ENV: 'production' },
      async () => {
        await graphql(pgUrl, '{ __typename }', {});
        return true;
      },
    );
    children.push(postgraphileServer);

    // The same rows from all three, or the comparison means nothing.
    const vars = { simple: { id: demandId }, nested: { poolId } };
    const ours = {
      simple: await graphql(ourUrl, OURS.simple, vars.simple, token),
      nested: await graphql(ourUrl, OURS.nested, vars.nested, token),
    };
    const theirs = {
      simple: await graphql(pgUrl, POSTGRAPHILE.simple, vars.simple),
      nested: await graphql(pgUrl, POSTGRAPHILE.nested, vars.nested),
    };
    const oursRows = normalise(
      (ours.nested.data.demandRequests as { edges: { node: DemandRow }[] }).edges.map(
        (e) => e.node,
      ),
    );
    const theirRows = normalise(
      (theirs.nested.data.allDemandRequests as { nodes: PostGraphileDemand[] }).nodes.map((r) => ({
        id: r.id,
        title: r.title,
        hoursPerWeek: Number(r.hoursPerWeek),
        headcount: r.headcount,
        company: r.companyByCompanyId,
        requirements: r.demandSkillRequirementsByDemandIdAndPoolIdAndCompanyId.nodes.map((q) => ({
          minLevel: q.minLevel,
          mandatory: q.mandatory,
          skill: q.skillBySkillId,
        })),
      })),
    );
    const rawRows = normalise((await raw.query<DemandRow>(RAW.nested, [poolId])).rows);
    if (oursRows.length !== PAGE)
      throw new Error(`expected ${PAGE} demands, got ${oursRows.length}`);
    deepStrictEqual(theirRows, oursRows, 'PostGraphile and our API return different rows');
    deepStrictEqual(rawRows, oursRows, 'raw SQL and our API return different rows');
    deepStrictEqual(
      theirs.simple.data.demandRequestById,
      ours.simple.data.demandRequest,
      'PostGraphile and our API return a different demand',
    );
    console.log(
      `same ${PAGE} demands (${oursRows.reduce((n, d) => n + d.requirements.length, 0)} requirements) from all three`,
    );

    const rounds: Round[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = loadavg()[0];
      const figures = {} as Round['figures'];
      for (const kind of KINDS) {
        figures[kind] = {
          ours: await cannon(
            ourServer,
            ourUrl,
            JSON.stringify({ query: OURS[kind], variables: vars[kind] }),
            ours[kind].body,
            token,
          ),
          postgraphile: await cannon(
            postgraphileServer,
            pgUrl,
            JSON.stringify({ query: POSTGRAPHILE[kind], variables: vars[kind] }),
            theirs[kind].body,
          ),
          raw: await rawRate(raw, RAW[kind], kind === 'simple' ? [demandId] : [poolId]),
        };
      }
      rounds.push({ load: [before, loadavg()[0]], figures });
      printRound(i, rounds[i]);
    }
    await raw.end();
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await stop();
  }
  if (flag('profile')) console.log(`CPU profile of our server in .data/bench-prof`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
