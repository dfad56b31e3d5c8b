import { DataSource, EntityManager } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { onSharedSnapshot } from '../../src/database/shared-snapshot';
import { createTestDatabase, TestDatabase } from '../support/database';
import { newSkill } from '../support/factories';

describe('onSharedSnapshot (integration)', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase(database.url, { migrate: false, poolSize: 4 });
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const probe = (tag: number) => async (m: EntityManager) => {
    const [row] = await m.query(
      `SELECT pg_backend_pid() AS pid, current_setting('app.company_id', true) AS company,
              (SELECT count(*)::int FROM skill WHERE code LIKE 'SNAP_%') AS skills, $1::int AS tag,
              pg_sleep(0.05) IS NULL AS slept`,
      [tag],
    );
    return row as { pid: number; company: string; skills: number; tag: number };
  };

  it('spreads tasks over several connections that all read the caller snapshot and scope', async () => {
    await newSkill(db, { code: 'SNAP_BEFORE' });
    const results = await db.transaction('REPEATABLE READ', async (m) => {
      await m.query(`SELECT set_config('app.company_id', 'company-42', true)`);
      await m.query(`SELECT count(*) FROM skill`); // fixes the transaction's snapshot
      await newSkill(db, { code: 'SNAP_AFTER' }); // committed by another connection afterwards
      return onSharedSnapshot(
        m,
        Array.from({ length: 8 }, (_, i) => probe(i)),
        2,
      );
    });
    expect(results.map((r) => r.tag)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(results.every((r) => r.company === 'company-42')).toBe(true);
    expect(results.every((r) => r.skills === 1)).toBe(true); // SNAP_AFTER is invisible to all
  });

  it('runs on the one connection outside a transaction, and passes a failure on', async () => {
    const plain = await onSharedSnapshot(db.manager, [probe(1), probe(2)], 2);
    expect(plain.map((r) => r.tag)).toEqual([1, 2]);

    await expect(
      db.transaction('REPEATABLE READ', (m) =>
        onSharedSnapshot(
          m,
          [probe(1), async (x: EntityManager) => x.query(`SELECT 1 / 0`), probe(3)],
          2,
        ),
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('division by zero') });
  });
});
