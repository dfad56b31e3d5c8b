/**
 * Scale-out run (not part of `npm test`): two API processes and one matching worker against one
 * PostgreSQL and the Redis of REDIS_URL, as docker/docker-compose.yml deploys them.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench:scaleout
 *   REDIS_URL=... npm run bench:scaleout -- --requests 4000 --concurrency 32
 *
 * The database is DATABASE_URL's (migrated and seeded with the demo data if empty), or an
 * embedded PostgreSQL in a throwaway folder. Steps, each printed:
 *   1. starts api-1 and api-2 (PROCESS_ROLE=api) and a worker (PROCESS_ROLE=worker) as separate
 *      `src/main.ts` processes, on a queue prefix of their own;
 *   2. a subscriber on api-1 hears a peak posted through api-2 (Redis pub/sub);
 *   3. a load run of a fixed number of GraphQL reads at fixed concurrency, spread round-robin over
 *      both API instances: per-instance request counts (as the client sent them and as each
 *      instance's request log counts them), errors, p50/p99 latency and requests/s;
 *   4. runMatching through api-2: the API instances have no worker, so the worker ran it;
 *   5. SIGTERM to all three: each drains and exits 0.
 */
import { createClient } from 'graphql-ws';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ensureDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { dropQueueKeys } from '../test/support/redis';
import { postGraphql, ServerProcess, spawnServer } from '../test/support/server-process';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const REQUESTS = option('requests', 3000);
const CONCURRENCY = option('concurrency', 32);
/** The load run stops after this long whatever it has sent (a bound on any run). */
const MAX_LOAD_MS = 120_000;
const DEMO_PASSWORD = 'demo-pool-2026';

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const READ = `query { pools(first: 10) { edges { node { id name } } } }`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    console.error(
      'REDIS_URL is not set: the scale-out run needs a Redis (e.g. redis://127.0.0.1:6379)',
    );
    process.exit(2);
  }
  let databaseUrl = process.env.DATABASE_URL;
  let cleanup = async () => undefined as void;
  if (!databaseUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'clp-scaleout-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
    await ensureDatabase(pg.urlFor('postgres'), 'labour_pool');
    databaseUrl = pg.urlFor('labour_pool');
    cleanup = async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    say(`embedded PostgreSQL on port ${pg.port}`);
  }
  const prefix = `clp-scaleout-${randomBytes(4).toString('hex')}`;
  const common = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    DB_POOL_SIZE: '10',
    LOG_LEVEL: 'info',
  };
  const processes: Record<string, ServerProcess> = {};
  try {
    // api-1 migrates and seeds; the others start once it is up.
    processes['api-1'] = await spawnServer({
      ...common,
      PROCESS_ROLE: 'api',
      RUN_MIGRATIONS: 'true',
      SEED_DEMO: 'true',
    });
    const [api2, worker] = await Promise.all([
      spawnServer({ ...common, PROCESS_ROLE: 'api' }),
      spawnServer({ ...common, PROCESS_ROLE: 'worker' }),
    ]);
    processes['api-2'] = api2;
    processes.worker = worker;
    const api1 = processes['api-1'];
    say(`1. api-1 ${api1.url}, api-2 ${api2.url}, worker ${worker.url} (queue prefix ${prefix})`);

    const login = async (email: string) => {
      const res = await postGraphql(api1.url, LOGIN, { email, password: DEMO_PASSWORD });
      const token = res.body.data?.login?.token;
      if (!token) throw new Error(`login ${email} failed: ${JSON.stringify(res.body.errors)}`);
      return token;
    };
    const coordinator = await login('coordinator@demo.pool');
    const hr = await login('hr@vandermeer.demo');

    const poolId = await crossInstanceSubscription(api1, api2, coordinator, hr);
    await loadRun([api1, api2], ['api-1', 'api-2'], coordinator);
    await queuedMatching(api2, worker, coordinator, poolId);

    for (const proc of Object.values(processes)) proc.child.kill('SIGTERM');
    const exits = await Promise.all(
      Object.entries(processes).map(async ([name, proc]) => `${name} ${(await proc.exited).code}`),
    );
    say(`5. SIGTERM: exit codes ${exits.join(', ')}`);
  } finally {
    await Promise.all(Object.values(processes).map((p) => p.kill()));
    // Leave nothing of this run in the shared Redis.
    await dropQueueKeys(redisUrl, prefix);
    await cleanup();
  }
}

/** A coordinator subscribed on api-1 hears a peak that an HR manager posts through api-2. */
async function crossInstanceSubscription(
  api1: ServerProcess,
  api2: ServerProcess,
  coordinator: string,
  hr: string,
): Promise<string> {
  const pools = await postGraphql(
    api2.url,
    `query { pools(first: 10) { edges { node { id name } } } skills(first: 1) { edges { node { id } } } }`,
    {},
    hr,
  );
  const data = pools.body.data as unknown as {
    pools: { edges: { node: { id: string; name: string } }[] };
    skills: { edges: { node: { id: string } }[] };
  };
  const pool = data.pools.edges.find((e) => e.node.name.includes('Flevoland'))?.node;
  if (!pool) throw new Error('The demo pool "Technisch Werkgeverspool Flevoland" is missing');
  const client = createClient({
    url: `${api1.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${coordinator}` },
    retryAttempts: 0,
  });
  const title = `Scale-out check ${Date.now()}`;
  const heard = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no event within 10 s')), 10_000);
    client.subscribe<{ demandUpdated: { demand: { title: string } | null } }>(
      { query: `subscription { demandUpdated { action demand { title } } }` },
      {
        next: (result) => {
          if (result.data?.demandUpdated.demand?.title === title) {
            clearTimeout(timer);
            resolve(Date.now());
          }
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
  // graphql-ws has no subscription acknowledgement; let the server's SUBSCRIBE reach Redis.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sent = Date.now();
  const posted = await postGraphql(
    api2.url,
    `mutation($input: PostDemandInput!) { postDemand(input: $input) { id } }`,
    {
      input: {
        poolId: pool.id,
        title,
        sitePostcode: '1315 AA',
        siteCity: 'Almere',
        siteLatitude: 52.37,
        siteLongitude: 5.22,
        startDate: daysFromNow(21),
        endDate: daysFromNow(42),
        hoursPerWeek: 24,
        headcount: 1,
        requirements: [{ skillId: data.skills.edges[0].node.id, minLevel: 1, mandatory: true }],
      },
    },
    hr,
  );
  if (posted.body.errors) throw new Error(`postDemand: ${JSON.stringify(posted.body.errors)}`);
  const at = await heard;
  await client.dispose();
  say(`2. subscriber on api-1 heard the peak posted through api-2 after ${at - sent} ms`);
  return pool.id;
}

/** Fixed-count GraphQL reads at fixed concurrency, round-robin over the instances. */
async function loadRun(targets: ServerProcess[], names: string[], token: string): Promise<void> {
  const logged = (proc: ServerProcess) =>
    proc
      .output()
      .split('\n')
      .filter((l) => l.includes('"url":"/graphql"') && l.includes('"res":')).length;
  const before = targets.map(logged);
  const latencies: number[][] = targets.map(() => []);
  const errors = targets.map(() => 0);
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < REQUESTS && Date.now() - started < MAX_LOAD_MS) {
      const i = next++ % targets.length;
      const t0 = performance.now();
      try {
        const res = await postGraphql(targets[i].url, READ, {}, token);
        if (res.status !== 200 || res.body.errors) errors[i]++;
      } catch {
        errors[i]++;
      }
      latencies[i].push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const total = latencies.reduce((n, l) => n + l.length, 0);
  say(
    `3. load: ${total} requests at concurrency ${CONCURRENCY} in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(0)} req/s`,
  );
  say('   instance  sent  logged  errors  p50 ms  p99 ms');
  targets.forEach((proc, i) => {
    const sorted = [...latencies[i]].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    say(
      `   ${names[i].padEnd(8)}  ${String(sorted.length).padStart(4)}  ${String(logged(proc) - before[i]).padStart(6)}  ${String(errors[i]).padStart(6)}  ${at(0.5).toFixed(1).padStart(6)}  ${at(0.99).toFixed(1).padStart(6)}`,
    );
  });
}

/** runMatching through an API-only instance; only the worker can have run it. */
async function queuedMatching(
  api: ServerProcess,
  worker: ServerProcess,
  token: string,
  poolId: string,
) {
  const t0 = Date.now();
  const res = await postGraphql(
    api.url,
    `mutation($poolId: ID!) { runMatching(poolId: $poolId) { id positionsOpen positionsFilled proposals { id } unfilled { reason } } }`,
    { poolId },
    token,
  );
  if (res.body.errors) throw new Error(`runMatching: ${JSON.stringify(res.body.errors)}`);
  const run = (
    res.body.data as unknown as {
      runMatching: {
        id: string;
        positionsOpen: number;
        positionsFilled: number;
        proposals: unknown[];
      };
    }
  ).runMatching;
  const onWorker = worker.output().includes('"url":"/graphql"') ? 'no' : 'yes';
  say(
    `4. runMatching via api-2 (queued, run on the worker): run ${run.id}, ${run.positionsFilled}/${run.positionsOpen} positions, ${run.proposals.length} proposals, ${Date.now() - t0} ms; worker served no GraphQL: ${onWorker}`,
  );
}

function daysFromNow(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
