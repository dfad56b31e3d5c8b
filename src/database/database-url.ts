import path from 'node:path';
import { AppConfig } from '../config/app-config';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';

/** The database the service uses, and how to release it. */
export interface DatabaseTarget {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

/** Name of the application database inside the embedded server. */
export const EMBEDDED_DATABASE = 'labour_pool';

/**
 * `DATABASE_URL` when set; otherwise an embedded PostgreSQL in `EMBEDDED_PG_DIR`, with the
 * application database created on first start.
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<DatabaseTarget> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, release: async () => undefined };
  }
  const dataDir = path.resolve(config.EMBEDDED_PG_DIR);
  log(`DATABASE_URL is not set: starting embedded PostgreSQL in ${dataDir}`);
  const server = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
  await ensureDatabase(server.urlFor('postgres'), EMBEDDED_DATABASE);
  log(`Embedded PostgreSQL listening on 127.0.0.1:${server.port}`);
  return { url: server.urlFor(EMBEDDED_DATABASE), embedded: true, release: () => server.stop() };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
