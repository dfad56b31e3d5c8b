/**
 * Matching benchmark (DESIGN.md "Non-functional targets"; not part of `npm test`).
 *
 *   npm run bench:matching                      # demo and national size
 *   npm run bench:matching -- --size demo       # one size; --reuse keeps an already generated database
 *   npm run bench:matching -- --parts batch     # only some parts: pairs, batch, compare, search, busy, writes (default all)
 *   npm run bench:matching -- --slowest         # also name the five slowest searches and suggestions
 *
 * For each size: generates the synthetic pool into its own database (DATABASE_URL's server, or an
 * embedded PostgreSQL in .data/bench-pg), then in a fresh process measures
 *   - bringing the kept candidate pairs (`candidate_pair`) up to date for every open demand: from
 *     scratch after generating, which is every demand's search (later runs with --reuse find
 *     them current);
 *   - batch matching end to end (runMatching: SQL candidate search, scoring, exact assignment,
 *     persisting proposals and unfilled reasons): wall time, peak RSS, positions, total score,
 *     optimality and gap;
 *   - the exact solver against the greedy baseline on the same candidates (both printed), and for
 *     instances up to 300,000 candidate pairs the optimum of the HiGHS LP solver;
 *   - one candidate search (a page of ten, ranked in the database, as suggestions read it; beside
 *     it the firms with a candidate, as a demand's event reads them) and one suggestions call
 *     for 300 random open demands: p50/p95/p99; then (busy) the same while a batch run's
 *     proposals are live;
 *   - what keeping the pairs current costs the writes: a posted demand's search, and an
 *     employee's changed window searched against the current demands it reaches (p50/p95/p99).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';
import 'reflect-metadata';
import { UserRole } from '../src/auth/actor';
import { RequestContext } from '../src/common/request-context';
import { scopedManager } from '../src/database/scope';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { withDatabase } from '../src/database/database-url';
import { benchServer } from './support';
import {
  solveAssignment,
  solveGreedy,
  AssignmentInput,
} from '../src/matching/assignment/assignment.solver';
import { CandidatePairs } from '../src/matching/candidates/candidate-pairs';
import {
  findBestCandidates,
  findCurrentBestCandidates,
  findQualifiedLenders,
  forEachCandidateChunk,
  SkillFrequencies,
} from '../src/matching/candidates/candidate-search';
import {
  settleCandidatePairs,
  SystemTransaction,
} from '../src/matching/candidates/candidate-pair-table';
import { ONE_DEMAND_CURRENT_BEST_CANDIDATES_SQL } from '../src/matching/candidates/candidate.sql';
import { MatchingService } from '../src/matching/matching.service';
import { weightsOf } from '../src/matching/scoring';
import { PoolService } from '../src/pools/pool.service';
import { lpCheck } from './lp-check';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Parent: prepares each size's database, then measures it in a fresh child process. */
async function main(): Promise<void> {
  if (option('measure')) return measure(option('measure')!, option('url')!);
  const sizes = option('size') ? [option('size')!] : ['demo', 'national'];
  const { adminUrl, stop } = await benchServer();
  try {
    for (const size of sizes) {
      const name = `clp_bench_${size}`;
      const url = withDatabase(adminUrl, name);
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      const exists =
        (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
      if (!exists || !flag('reuse')) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
      }
      await admin.end();
      if (!exists || !flag('reuse')) {
        console.log(`\n== ${size}: generating synthetic data into ${name}`);
        const started = Date.now();
        const gen = spawnSync('npx', ['ts-node', 'src/cli/seed-synthetic.ts', '--size', size], {
          stdio: 'inherit',
          env: { ...process.env, DATABASE_URL: url },
        });
        if (gen.status !== 0) throw new Error(`generation failed (${gen.status})`);
        console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      const child = spawnSync(
        'npx',
        [
          'ts-node',
          'bench/matching.ts',
          '--measure',
          size,
          '--url',
          url,
          ...(option('parts') ? ['--parts', option('parts')!] : []),
          ...(flag('slowest') ? ['--slowest'] : []),
        ],
        {
          stdio: 'inherit',
          // The V8 flags of `start:prod` (a larger young generation: fewer GC pauses), and room
          // for a national run's pairs; BENCH_NODE_OPTIONS replaces them (to compare GC settings).
          env: {
            ...process.env,
            NODE_OPTIONS:
              process.env.BENCH_NODE_OPTIONS ??
              '--max-old-space-size=4096 --max-semi-space-size=64',
          },
        },
      );
      if (child.status !== 0) throw new Error(`measurement failed (${child.status})`);
    }
  } finally {
    await stop();
  }
}

async function measure(size: string, url: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'Bq7vN2xL9pR4tY8wK3mZ6cH1sD5fG0jAuE',
    DATABASE_URL: url,
    SEED_DEMO: 'false',
    RUN_MIGRATIONS: 'true',
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '4',
    // The bench settles the kept pairs itself, where it measures them: no background settling
    // (in a deployment the job processes do it, not the API instances a search runs on).
    PAIR_SETTLE_INTERVAL_MS: '0',
    // The service connects as the non-owner role clp_app (row-level security applies to it).
    DATABASE_APP_PASSWORD: 'bench-clp-app-password',
  });
  const created = await createApp(config, {
    database: { url, embedded: false, release: async () => undefined },
    keepOwnerConnection: true,
  });
  const { app, dataSource: appDataSource, close } = created;
  // Bench bookkeeping (counts, clean-up) and the direct candidate-search timings use the owner's
  // connection, planned as the service's trusted scope plans them (no policies); the service
  // calls go through the app's own connection with the actor's scope, as in production.
  const dataSource = created.ownerDataSource!;
  try {
    const [{ poolId }] = await dataSource.query(
      `SELECT pool_id AS "poolId" FROM demand_request GROUP BY pool_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const counts = (
      await dataSource.query(`SELECT (SELECT count(*) FROM company)::int AS companies, (SELECT count(*) FROM employee)::int AS employees,
        (SELECT count(*) FROM availability_window)::int AS windows, (SELECT count(*) FROM demand_request)::int AS demands,
        (SELECT count(*) FROM candidate_search)::int AS "searchRows"`)
    )[0];
    console.log(`\n== ${size}: ${JSON.stringify(counts)}`);
    await dataSource.query(`DELETE FROM match_proposal; DELETE FROM match_run;`);
    // A fresh start: no dead proposal rows from an earlier measurement in the indexes.
    await dataSource.query(`VACUUM ANALYZE`);

    const actor = {
      userId: '00000000-0000-4000-8000-000000000000',
      role: UserRole.ADMIN,
      companyId: null,
      employeeId: null,
      poolIds: [],
    };
    const ctx = () => new RequestContext(actor, scopedManager(appDataSource, actor));
    const matching = app.get(MatchingService);
    const pools = app.get(PoolService);

    /**
     * CPU time (ms) of the server processes serving this database, read from /proc: the
     * benchmark's figure that does not depend on what else the machine runs (Linux, and a
     * database server on this machine; 0 otherwise). The backends are sampled every 100 ms
     * while the run lasts, so that connections opened and closed within it (the search's
     * snapshot connections) count too, up to their last sample.
     */
    const backendCpu = async (into: Map<number, number>): Promise<void> => {
      const pids: number[] = (
        await dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
        )
      ).map((r: { pid: number }) => r.pid);
      for (const pid of pids) {
        try {
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
          into.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
        } catch {
          // not on this machine, or already gone
        }
      }
    };
    const databaseCpu = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
      const before = new Map<number, number>();
      await backendCpu(before);
      const last = new Map(before);
      const sampler = setInterval(() => void backendCpu(last).catch(() => undefined), 100);
      try {
        const result = await work();
        await backendCpu(last);
        let ms = 0;
        for (const [pid, cpu] of last) ms += cpu - (before.get(pid) ?? 0);
        return { result, ms };
      } finally {
        clearInterval(sampler);
      }
    };
    const parts = new Set((option('parts') ?? 'pairs,batch,compare,search,busy,writes').split(','));
    const now = new Date();
    const skillFrequencies = new SkillFrequencies();
    const frequencies = await skillFrequencies.get(dataSource.manager);
    // The owner's transactions, as for the direct search timings above.
    const ownerTransaction: SystemTransaction = (work) => dataSource.transaction(work);
    const settle = (demandIds: readonly string[]) =>
      settleCandidatePairs(ownerTransaction, demandIds, now, skillFrequencies);
    const openIds = async (): Promise<string[]> =>
      (await matching.openDemands(dataSource.manager, poolId, now))
        .filter((d) => d.openPositions > 0)
        .map((d) => d.id);

    // 0. The kept pairs of every open demand (from scratch after generating).
    if (parts.has('pairs')) await pairs();
    async function pairs() {
      const ids = await openIds();
      const started = Date.now();
      const { result: report, ms: dbCpu } = await databaseCpu(() => settle(ids));
      const wall = Date.now() - started;
      const [size] = await dataSource.query(
        `SELECT (SELECT count(*) FROM candidate_pair)::int AS rows,
                pg_size_pretty(pg_total_relation_size('candidate_pair')) AS size`,
      );
      console.log(
        `kept pairs for ${ids.length} open demands: ${(wall / 1000).toFixed(2)} s wall, database CPU ${(dbCpu / 1000).toFixed(1)} s; ` +
          `${JSON.stringify(report)}; candidate_pair ${size.rows} rows, ${size.size}`,
      );
      await dataSource.query(
        `VACUUM ANALYZE candidate_pair, candidate_pair_demand, candidate_pair_stale_employee,
           candidate_pair_stale_company, candidate_pair_stale_demand`,
      );
    }

    // 1. Batch matching, end to end.
    if (parts.has('batch')) await batch();
    async function batch() {
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const nodeCpuBefore = process.cpuUsage();
      const started = Date.now();
      const { result: run, ms: dbCpu } = await databaseCpu(() =>
        matching.runMatching(ctx(), poolId),
      );
      const wall = Date.now() - started;
      clearInterval(sampler);
      const nodeCpu = process.cpuUsage(nodeCpuBefore);
      console.log(
        `batch runMatching: ${(wall / 1000).toFixed(2)} s wall (solver ${(run.solverMillis / 1000).toFixed(2)} s), peak RSS ${mib(peak)}; ` +
          `${run.positionsFilled}/${run.positionsOpen} positions over ${run.demandsConsidered} demands, ${run.candidatePairs} candidate pairs, ` +
          `total score ${run.totalScore.toFixed(4)}, ${run.optimality}, bound ${run.scoreBound.toFixed(4)}, gap ${(run.gap * 100).toFixed(4)}%`,
      );
      console.log(
        `  CPU: database ${(dbCpu / 1000).toFixed(1)} s, node ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s (load-independent; wall time depends on what else runs)`,
      );
      console.log(
        `  phases: ${Object.entries(run.phaseMillis ?? {})
          .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
          .join(', ')}`,
      );
      await forgetRuns();
    }
    /** A run's proposals deleted and vacuumed away (as autovacuum would in service). */
    async function forgetRuns() {
      await dataSource.query(`DELETE FROM match_proposal; DELETE FROM match_run;`);
      await dataSource.query(`VACUUM ANALYZE match_proposal, match_run, match_unfilled`);
    }

    // 2. Exact solver against greedy on the same candidates (and the LP optimum when small enough).
    if (parts.has('compare')) await compare();
    async function compare() {
      const weights = weightsOf(await pools.termsAt(ctx(), poolId, now));
      const demands = (await matching.openDemands(dataSource.manager, poolId, now)).filter(
        (d) => d.openPositions > 0,
      );
      // The run's own search (two connections on one snapshot), kept as the run keeps it.
      await settle(demands.map((d) => d.id));
      const searchStarted = Date.now();
      const pairs = new CandidatePairs(weights);
      await dataSource.transaction('REPEATABLE READ', (m) =>
        forEachCandidateChunk(
          m,
          demands.map((d) => d.id),
          now,
          frequencies,
          (demands) => pairs.addPacked(demands),
        ),
      );
      pairs.seal();
      const searchMillis = Date.now() - searchStarted;
      const problem: AssignmentInput = {
        demands: demands.map((d, rank) => ({ id: d.id, positions: d.openPositions, rank })),
        employees: pairs.employeeIds().map((id) => ({ id })),
        edges: pairs,
      };
      const exact = solveAssignment(problem, { timeLimitMs: 45_000 });
      const greedy = solveGreedy(problem);
      console.log(
        `candidate search for all ${demands.length} demands: ${(searchMillis / 1000).toFixed(2)} s, ${pairs.length} pairs`,
      );
      console.log(
        `exact : ${exact.positionsFilled} positions, score ${exact.totalScore.toFixed(4)}, ${exact.optimality.status}, gap ${exact.optimality.gap.toFixed(6)}, ${exact.stats.millis.toFixed(0)} ms`,
      );
      console.log(
        `greedy: ${greedy.positionsFilled} positions, score ${greedy.totalScore.toFixed(4)}, ${greedy.stats.millis.toFixed(0)} ms`,
      );
      if (pairs.length <= 300_000) {
        const edges = Array.from({ length: pairs.length }, (_, i) => ({
          demandId: pairs.demandId(i),
          employeeId: pairs.employeeId(i),
          score: pairs.score(i),
        }));
        const lp = await lpCheck({ ...problem, edges }, exact);
        console.log(
          `HiGHS LP: max positions ${lp.lpPositions} (${lp.positionsEqual ? 'equal' : 'DIFFERENT'}), max score for the same filling ${lp.lpScore.toFixed(4)} (${lp.scoreEqual ? 'equal' : 'DIFFERENT'})`,
        );
      } else {
        console.log(
          `HiGHS LP: skipped (${pairs.length} pairs > 300,000); the solver's certified bound is above`,
        );
      }
    }

    // 3. One candidate search, and one suggestions call, for 300 random open demands; then the
    // same while a run's proposals are live (their employees' bookings to look up and exclude).
    if (parts.has('search')) await search('');
    if (parts.has('busy')) await busy();
    async function busy() {
      // The run analyses match_proposal once it has committed, so that the plans that the
      // searches before it cached are made again for the table as it now is.
      const run = await matching.runMatching(ctx(), poolId);
      console.log(`with the ${run.positionsFilled} proposals of a run live:`);
      await search('(busy) ');
      await forgetRuns();
    }
    async function search(label: string) {
      const sample: string[] = (
        await dataSource.query(
          `SELECT id FROM demand_request WHERE pool_id = $1 AND status = 'OPEN' ORDER BY md5(id::text) LIMIT 300`,
          [poolId],
        )
      ).map((r: { id: string }) => r.id);
      // Each operation in a loop of its own, so that one's garbage is not collected in the
      // other's timings; the bench process's own GC pauses (perf_hooks) are counted per call.
      // GC entries arrive after the fact: each call is matched with the pauses that overlap it
      // once all calls are done.
      const pauses: { from: number; to: number }[] = [];
      const gcObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          pauses.push({ from: e.startTime, to: e.startTime + e.duration });
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      // Warmed up first on 100 other demands, as a long-running service is: PostgreSQL plans a
      // prepared statement afresh on its first five runs on a connection, and V8 compiles the
      // driver's row parsing for speed only after it has run a while (after ten calls, the
      // demand with 2,530 candidates took 14-21 ms; after 100, 5.7-6.5 ms).
      const warmUp: string[] = (
        await dataSource.query(
          `SELECT id FROM demand_request WHERE pool_id = $1 AND status = 'OPEN' AND id <> ALL($2::uuid[])
           ORDER BY md5(id::text || 'warm') LIMIT 100`,
          [poolId, sample],
        )
      ).map((r: { id: string }) => r.id);
      const timed = async (work: (id: string) => Promise<unknown>) => {
        for (const id of warmUp) await work(id);
        const calls: { from: number; to: number; id: string }[] = [];
        for (const id of sample) {
          const from = performance.now();
          await work(id);
          calls.push({ from, to: performance.now(), id });
        }
        await new Promise((resolve) => setTimeout(resolve, 50)); // the last GC entries
        return calls.map((c) => ({
          ms: c.to - c.from,
          gc: pauses.some((p) => p.from < c.to && p.to > c.from),
          id: c.id,
        }));
      };
      // The search as the service runs it for a page of ten suggestions (ranked in the database:
      // the page's candidates and those near them), in a short transaction on a connection it keeps.
      const ranking = { weights: weightsOf(await pools.termsAt(ctx(), poolId, now)), first: 10 };
      const runner = dataSource.createQueryRunner();
      const searchTimes = await timed(async (id) => {
        // As the service reads: the check and the read in one statement when the demand's
        // pairs are current, else a settle and the read.
        await runner.startTransaction();
        const found = await findCurrentBestCandidates(runner.manager, id, now, ranking);
        await runner.commitTransaction();
        if (!found) {
          await settle([id]);
          await runner.startTransaction();
          await findBestCandidates(runner.manager, id, now, ranking);
          await runner.commitTransaction();
        }
      });
      // What a demand's event reads instead: the firms with a candidate (whom it tells).
      const lenderTimes = await timed(async (id) => {
        await runner.startTransaction();
        await findQualifiedLenders(runner.manager, id, now);
        await runner.commitTransaction();
      });
      // What the same transaction costs around a statement that does nothing: this machine's
      // floor under the search's figures (round trips, scheduling, the client's GC).
      const floorTimes = await timed(async () => {
        await runner.startTransaction();
        await runner.query('SELECT 1');
        await runner.commitTransaction();
      });
      const suggestTimes = await timed((id) => matching.suggestCandidates(ctx(), id, 10));
      gcObserver.disconnect();
      const report = (label: string, times: { ms: number; gc: boolean; id: string }[]) => {
        const line = (all: number[]) => {
          const sorted = [...all].sort((a, b) => a - b);
          return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (n=${sorted.length})`;
        };
        const quiet = times.filter((t) => !t.gc).map((t) => t.ms);
        console.log(`${label}: ${line(times.map((t) => t.ms))}`);
        console.log(
          `  without the ${times.length - quiet.length} calls a GC pause of this process fell in: ${line(quiet)}`,
        );
        if (flag('slowest'))
          console.log(
            `  slowest: ${[...times]
              .map((t, i) => ({ ...t, i }))
              .sort((a, b) => b.ms - a.ms)
              .slice(0, 5)
              .map((t) => `#${t.i} ${t.id} ${t.ms.toFixed(2)} ms${t.gc ? ' (GC)' : ''}`)
              .join(', ')}`,
          );
      };
      report(`${label}one candidate search (a page of ten)`, searchTimes);
      report('  the same transaction around SELECT 1 instead', floorTimes);
      report("  a demand's event instead: the firms with a candidate", lenderTimes);
      // The same statement's execution inside the database, without the round trip, the client
      // and its GC (EXPLAIN ANALYZE without per-node timing; as prepared, from its generic plan).
      await runner.query(
        `PREPARE bench_one_search(uuid, timestamptz, int, float8, float8, float8, float8) AS ${ONE_DEMAND_CURRENT_BEST_CANDIDATES_SQL}`,
      );
      // EXPLAIN takes no bind parameters: the ids (uuids read above), the time and the ranking
      // as literals.
      const { weights: w } = ranking;
      const execute = (id: string) =>
        `EXECUTE bench_one_search('${id}', '${now.toISOString()}', ${ranking.first}, ${w.skill}, ${w.coverage}, ${w.distance}, ${w.rotation})`;
      for (const id of warmUp) await runner.query(execute(id));
      const executed: number[] = [];
      for (const id of sample) {
        const [{ 'QUERY PLAN': plan }] = (await runner.query(
          `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${execute(id)}`,
        )) as { 'QUERY PLAN': { 'Execution Time': number }[] }[];
        executed.push(plan[0]['Execution Time']);
      }
      await runner.query(`DEALLOCATE bench_one_search`);
      executed.sort((a, b) => a - b);
      console.log(
        `  its execution in the database: p50 ${percentile(executed, 50).toFixed(2)} ms, p95 ${percentile(executed, 95).toFixed(2)} ms, p99 ${percentile(executed, 99).toFixed(2)} ms, max ${executed[executed.length - 1].toFixed(2)} ms`,
      );
      report(`${label}suggestCandidates`, suggestTimes);
      await runner.release();
    }

    // 4. What keeping the pairs current costs the writes.
    if (parts.has('writes')) await writes();
    async function writes() {
      const sample: string[] = (
        await dataSource.query(
          `SELECT id FROM demand_request WHERE pool_id = $1 AND status = 'OPEN' ORDER BY md5(id::text || 'w') LIMIT 100`,
          [poolId],
        )
      ).map((r: { id: string }) => r.id);
      const posted: number[] = [];
      const copies: string[] = [];
      for (const id of sample) {
        // A copy of a sampled demand, posted as a new one, then its search.
        const [{ id: copy }] = await dataSource.query(
          `INSERT INTO demand_request (company_id, pool_id, title, description, site_postcode, site_city,
             site_latitude, site_longitude, period, half_days, hours_per_week, headcount, max_travel_km,
             max_hourly_rate_cents)
           SELECT company_id, pool_id, title, description, site_postcode, site_city, site_latitude,
             site_longitude, period, half_days, hours_per_week, headcount, max_travel_km, max_hourly_rate_cents
           FROM demand_request WHERE id = $1 RETURNING id`,
          [id],
        );
        await dataSource.query(
          `INSERT INTO demand_skill_requirement (demand_id, skill_id, min_level, mandatory)
           SELECT $2, skill_id, min_level, mandatory FROM demand_skill_requirement WHERE demand_id = $1`,
          [id, copy],
        );
        copies.push(copy);
        const t = process.hrtime.bigint();
        await settle([copy]);
        posted.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      await dataSource.query(`DELETE FROM demand_request WHERE id = ANY($1::uuid[])`, [copies]);

      const windows: { id: string }[] = await dataSource.query(
        `SELECT DISTINCT ON (w.employee_id) w.id FROM availability_window w JOIN employee e ON e.id = w.employee_id
         WHERE w.pool_id = $1 AND w.status = 'ACTIVE' AND e.lendable AND upper(w.period) > $2::date
         ORDER BY w.employee_id, md5(w.id::text) LIMIT 100`,
        [poolId, now],
      );
      const written: number[] = [];
      const settled: number[] = [];
      const reached: number[] = [];
      for (const { id } of windows) {
        // One more hour a week on one window (and back below), then the employee's search.
        let t = process.hrtime.bigint();
        await dataSource.query(
          `UPDATE availability_window SET hours_per_week = hours_per_week + 1 WHERE id = $1`,
          [id],
        );
        written.push(Number(process.hrtime.bigint() - t) / 1e6);
        t = process.hrtime.bigint();
        const report = await settle([]);
        settled.push(Number(process.hrtime.bigint() - t) / 1e6);
        reached.push(report.employeeDemands);
        await dataSource.query(
          `UPDATE availability_window SET hours_per_week = hours_per_week - 1 WHERE id = $1`,
          [id],
        );
        await settle([]);
      }
      const report = (label: string, times: number[]) => {
        const sorted = [...times].sort((a, b) => a - b);
        console.log(
          `${label}: p50 ${percentile(sorted, 50).toFixed(2)}, p95 ${percentile(sorted, 95).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)} (n=${sorted.length})`,
        );
      };
      report('a posted demand, its search into the kept pairs (ms)', posted);
      report('a window changed, the UPDATE with its triggers (ms)', written);
      report('a window changed, its employee searched against the demands reached (ms)', settled);
      report('  demands reached per changed employee', reached);
    }
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
