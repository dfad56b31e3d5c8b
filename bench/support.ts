import path from 'node:path';
import { findFreePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';

/**
 * The server the benchmarks put their databases on: `DATABASE_URL`'s, or an embedded PostgreSQL
 * in `.data/bench-pg` on a free port, stopped by `stop`.
 */
export async function benchServer(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) return { adminUrl: given, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: path.resolve('.data/bench-pg'),
    port: await findFreePort(),
    ephemeral: true,
  });
  return { adminUrl: server.urlFor('postgres'), stop: () => server.stop() };
}
