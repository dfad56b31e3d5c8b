import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../../src/database/embedded-postgres';

const ROOT = path.resolve(__dirname, '../..');

/** A real server process (`src/main.ts` through ts-node), as a deployment runs it. */
export interface ServerProcess {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  child: ChildProcess;
  /** Settles when the process exits, with its exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (pino JSON lines on stdout). */
  output(): string;
  /** Kills it if it still runs. */
  kill(): Promise<void>;
}

/**
 * Starts `src/main.ts` in a child process on a free port with exactly `env` (plus PATH and HOME)
 * and resolves once `/health` answers (any status), so tests can watch its real lifecycle:
 * signals, exit codes, logs.
 */
export async function spawnServer(
  env: Record<string, string>,
  readyTimeoutMs = 90_000,
): Promise<ServerProcess> {
  const port = await findFreePort();
  let log = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'info',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`The server exited before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server was not ready within ${readyTimeoutMs} ms:\n${log}`);
    }
    const ok = await fetch(`${url}/health`).then(
      () => true,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    child,
    exited,
    output: () => log,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** POSTs a GraphQL operation; returns the HTTP status and the parsed body. */
export async function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  signal?: AbortSignal,
): Promise<{ status: number; body: GraphqlBody }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  return { status: res.status, body: (await res.json()) as GraphqlBody };
}

/** A GraphQL response body as these tests read it. */
export interface GraphqlBody {
  data?: Record<string, { id?: string; token?: string } | null> | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
}

/** `/health` as status and body. */
export async function health(url: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

/** The parts of the terminus `/health` body the tests read. */
export interface HealthBody {
  status: string;
  details: Record<string, { status: string; [key: string]: unknown }>;
}
