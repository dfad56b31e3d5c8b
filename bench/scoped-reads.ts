/**
 * What row-level security costs a read: one employee by id, sequentially, as the owner (no
 * policies), through the request's scoped manager as `clp_app` (each statement in its own short
 * transaction with the scope set), and inside one scoped transaction (the policies alone).
 * Then the candidate search with and without the policies (see `candidateSearch`).
 * Usage: npx ts-node bench/scoped-reads.ts postgres://postgres@127.0.0.1:5432/<scratch database>
 * (the database is migrated and gets one company and one employee).
 */
import { randomInt } from 'node:crypto';
import 'reflect-metadata';
import { DataSource, EntityManager } from 'typeorm';
import { UserRole } from '../src/auth/actor';
import { loadConfig } from '../src/config/app-config';
import { appDatabaseUrl } from '../src/database/app-connection';
import { openDatabase } from '../src/database/data-source';
import { SYSTEM_DB_ROLE, SYSTEM_ROLE } from '../src/database/app-role';
import { scopedManager, SET_ROLE_SQL, SET_SCOPE_SQL, scopeParams } from '../src/database/scope';
import { Employee } from '../src/employees/employee.entity';

const READS = 2000;

async function perRead(label: string, read: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await read();
  const started = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) await read();
  const micros = Number(process.hrtime.bigint() - started) / 1000 / READS;
  console.log(`${label}: ${micros.toFixed(0)} µs per read`);
}

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('Usage: npx ts-node bench/scoped-reads.ts <owner database URL>');
  const owner = await openDatabase(url, { migrate: true, poolSize: 2 });
  const appUrl = await appDatabaseUrl(owner, url, loadConfig({ NODE_ENV: 'test' }));
  const app = await openDatabase(appUrl, { migrate: false, poolSize: 4 });
  try {
    const [company] = (await owner.query(
      `INSERT INTO company (name, kvk_number, kind, postcode, city, latitude, longitude)
       VALUES ('Bench', $1, 'EMPLOYER', '1315 AB', 'Almere', 52.35, 5.26) RETURNING id`,
      [String(randomInt(10_000_000, 99_999_999))],
    )) as { id: string }[];
    const [employee] = (await owner.query(
      `INSERT INTO employee (company_id, first_name, last_name, hourly_cost_cents)
       VALUES ($1, 'Bench', 'Employee', 4000) RETURNING id`,
      [company.id],
    )) as { id: string }[];
    const actor = {
      userId: '00000000-0000-4000-8000-000000000001',
      role: UserRole.COMPANY_HR,
      companyId: company.id,
      employeeId: null,
      poolIds: [],
    };
    const byId = { id: employee.id };
    await perRead('owner, no policies', () => owner.getRepository(Employee).findOneBy(byId));
    const scoped = scopedManager(app, actor);
    await perRead('clp_app, scoped statement', () =>
      scoped.getRepository(Employee).findOneBy(byId),
    );
    await app.transaction(async (tx) => {
      await tx.query(SET_SCOPE_SQL, scopeParams(actor));
      await perRead('clp_app, in one scoped transaction', () =>
        tx.getRepository(Employee).findOneBy(byId),
      );
    });
    await candidateSearch(owner, app);
  } finally {
    await app.destroy();
    await owner.destroy();
  }
}

/**
 * The candidate search's index scan (pool, skill, time span, site box) for up to 300 demands of a
 * synthetic pool (`npm run seed:synthetic` into the same database first; skipped without demand):
 * as the owner, as `clp_app` with only `app.role = 'SYSTEM'` (the policies apply, and demote the
 * non-leakproof `&&` and `<@` from index conditions to filters), and as `clp_system` (BYPASSRLS,
 * what `runAsSystem` uses).
 */
async function candidateSearch(owner: DataSource, app: DataSource): Promise<void> {
  const demands = (await owner.query(
    `SELECT d.pool_id AS "poolId", r.skill_id AS "skillId",
            lower(d.period) - DATE '2024-01-01' AS first, upper(d.period) - DATE '2024-01-02' AS last,
            d.site_longitude AS lon, d.site_latitude AS lat
     FROM demand_request d
     JOIN demand_skill_requirement r ON r.demand_id = d.id AND r.mandatory
     ORDER BY d.id LIMIT 300`,
  )) as {
    poolId: string;
    skillId: string;
    first: number;
    last: number;
    lon: number;
    lat: number;
  }[];
  if (demands.length === 0) return;
  const search = async (m: EntityManager) => {
    let rows = 0;
    const started = process.hrtime.bigint();
    for (const d of demands) {
      const [{ n }] = (await m.query(
        `SELECT count(*)::int AS n FROM candidate_search cs
         WHERE cs.pool_id = $1 AND cs.skill_id = $2 AND cs.span && box(point($3, 0), point($4, 0))
           AND cs.location <@ box(point($5 - 0.6, $6 - 0.4), point($5 + 0.6, $6 + 0.4))`,
        [d.poolId, d.skillId, d.first, d.last, d.lon, d.lat],
      )) as { n: number }[];
      rows += n;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6 / demands.length;
    return `${ms.toFixed(2)} ms per demand (${rows} rows)`;
  };
  console.log(`candidate search, ${demands.length} demands:`);
  console.log(`  owner, no policies: ${await owner.transaction(search)}`);
  const asSystem = (role: boolean) =>
    app.transaction(async (m) => {
      await m.query(SET_SCOPE_SQL, scopeParams(SYSTEM_ROLE));
      if (role) await m.query(SET_ROLE_SQL, [SYSTEM_DB_ROLE]);
      return search(m);
    });
  console.log(`  clp_app, app.role = SYSTEM under the policies: ${await asSystem(false)}`);
  console.log(`  clp_app as clp_system (runAsSystem): ${await asSystem(true)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
