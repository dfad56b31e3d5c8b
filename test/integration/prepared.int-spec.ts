import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { preparedQuery } from '../../src/database/prepared';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('preparedQuery (integration)', () => {
  let database: TestDatabase;
  let db: DataSource;
  const SQL = `SELECT $1::int * 2 AS doubled, pg_backend_pid() AS pid`;
  const prepared = `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase(database.url, { migrate: false, poolSize: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('prepares a statement once per connection and reuses it in later transactions', async () => {
    const runner = db.createQueryRunner();
    try {
      const results: { doubled: number; pid: number }[] = [];
      for (const value of [1, 2, 3]) {
        await runner.startTransaction();
        results.push(
          ...(await preparedQuery<{ doubled: number; pid: number }>(runner.manager, SQL, [value])),
        );
        await runner.commitTransaction();
      }
      expect(results.map((r) => r.doubled)).toEqual([2, 4, 6]);
      expect(new Set(results.map((r) => r.pid)).size).toBe(1);
      const [{ n }] = await runner.query(prepared, [SQL]);
      expect(n).toBe(1);
    } finally {
      await runner.release();
    }
  });

  it('outside a transaction runs an ordinary query and prepares nothing', async () => {
    const runner = db.createQueryRunner();
    try {
      const once = `SELECT $1::int * 2 AS doubled -- once`;
      const [row] = await preparedQuery<{ doubled: number }>(runner.manager, once, [21]);
      expect(row.doubled).toBe(42);
      const [{ n }] = await runner.query(prepared, [once]);
      expect(n).toBe(0);
    } finally {
      await runner.release();
    }
  });
});
