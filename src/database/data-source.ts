import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming.strategy';

/** TypeORM options for a database URL. Migrations only: `synchronize` is never on. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'collegial-labour-pool',
      // JIT compiling pays off for long analytical scans, not for this service's short queries:
      // on the candidate search (a nested loop the planner costs high) it spent seconds
      // compiling what then ran in milliseconds.
      options: '-c jit=off',
      // A server that does not answer (stopped, or a network cut) fails a checkout after 5 s
      // instead of queueing requests forever; the pool reconnects by itself when it is back.
      connectionTimeoutMillis: 5000,
    },
  };
}

/** Key of the advisory lock that serialises start-up work across instances. */
const STARTUP_LOCK = 7_355_608;

/**
 * Runs `work` while holding a session-level advisory lock, so that several instances starting
 * at once against one database migrate and seed one after the other, never concurrently.
 */
export async function withStartupLock<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** Opens a data source, runs pending migrations (under the start-up lock), and returns it. */
export async function openDatabase(
  url: string,
  options: { migrate: boolean; poolSize?: number },
): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, options.poolSize));
  await dataSource.initialize();
  if (options.migrate) {
    await withStartupLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  }
  return dataSource;
}
