/**
 * What row-level security costs a read: one employee by id, sequentially, as the owner (no
 * policies), through the request's scoped manager as `clp_app` (each statement in its own short
 * transaction with the scope set), and inside one scoped transaction (the policies alone).
 * Usage: npx ts-node bench/scoped-reads.ts postgres://postgres@127.0.0.1:5432/<scratch database>
 * (the database is migrated and gets one company and one employee).
 */
import { randomInt } from 'node:crypto';
import 'reflect-metadata';
import { UserRole } from '../src/auth/actor';
import { loadConfig } from '../src/config/app-config';
import { appDatabaseUrl } from '../src/database/app-connection';
import { openDatabase } from '../src/database/data-source';
import { scopedManager, SET_SCOPE_SQL, scopeParams } from '../src/database/scope';
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
  } finally {
    await app.destroy();
    await owner.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
