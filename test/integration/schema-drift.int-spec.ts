import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/database/data-source';
import { buildSchemaSdl } from '../../src/schema-sdl';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('schema hygiene', () => {
  it('schema.gql is what the code generates (run `npm run schema:emit` when this fails)', async () => {
    const committed = readFileSync(path.resolve(__dirname, '../../schema.gql'), 'utf8');
    expect(await buildSchemaSdl()).toBe(committed);
  });

  describe('migrations', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database.drop();
    });

    it('leave nothing for the entities to change (migration:generate --check)', async () => {
      const sut = await openDatabase(database.url, { migrate: false, poolSize: 1 });
      try {
        const pending = await sut.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await sut.destroy();
      }
    });

    it('roll back completely and apply again', async () => {
      const sut = await openDatabase(database.url, { migrate: false, poolSize: 1 });
      try {
        for (let i = 0; i < sut.migrations.length; i++)
          await sut.undoLastMigration({ transaction: 'each' });
        const [{ count }] = await sut.query(
          `SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migration'`,
        );
        expect(count).toBe(0);
        await sut.runMigrations({ transaction: 'each' });
        expect(await sut.driver.createSchemaBuilder().log()).toMatchObject({ upQueries: [] });
      } finally {
        await sut.destroy();
      }
    });
  });
});
