/**
 * Prints the SQL that would bring a freshly migrated database in line with the entities
 * (TypeORM's schema diff), as a starting point for a hand-reviewed migration.
 * Usage: npm run migration:diff
 */
import { loadConfig } from '../config/app-config';
import { resolveDatabase } from '../database/database-url';
import { openDatabase } from '../database/data-source';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = await resolveDatabase(config, (l) => console.error(l));
  const dataSource = await openDatabase(target.url, { migrate: true });
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log('-- entities and migrations agree');
    }
    for (const q of sql.upQueries) console.log(`${q.query};`);
    console.log('-- down');
    for (const q of sql.downQueries.reverse()) console.log(`${q.query};`);
  } finally {
    await dataSource.destroy();
    await target.release();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
