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
    extra: { max: poolSize, application_name: 'collegial-labour-pool' },
  };
}

/** Opens a data source, runs pending migrations, and returns it. */
export async function openDatabase(
  url: string,
  options: { migrate: boolean; poolSize?: number },
): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, options.poolSize));
  await dataSource.initialize();
  if (options.migrate) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
