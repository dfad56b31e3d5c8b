import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { SET_SESSION_SCOPE_SQL } from '../../src/database/scope';

const WRAPPED = Symbol('sqlStatementsWrapped');

type CountedClient = PoolClient & { [WRAPPED]?: true };

/**
 * Records the SQL statements the application sends to PostgreSQL, at the wire (all but the
 * session scope a checkout sets, see `checkoutScoped`): every client the
 * data source's `pg` pool hands out has its `query` wrapped, so nothing the app runs (TypeORM,
 * raw `manager.query`, transactions' BEGIN/COMMIT) goes uncounted. Record one request at a time;
 * anything else the test process sends to the same pool meanwhile would be counted too.
 */
export class SqlStatements {
  private recording: string[] | null = null;

  private constructor(pool: Pool) {
    pool.on('acquire', (client: CountedClient) => {
      if (client[WRAPPED]) return;
      client[WRAPPED] = true;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const text = statementText(args[0]);
        // The session scope is set at checkout only when the connection the pool hands out last
        // served another scope, which depends on the pool's history, not on the request.
        if (text !== SET_SESSION_SCOPE_SQL) this.recording?.push(text);
        return query(...args);
      };
    });
  }

  /** Starts counting the statements of the data source's pool (call once per data source). */
  static attach(dataSource: DataSource): SqlStatements {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    return new SqlStatements(pool);
  }

  /** Runs `work` and returns its result with the statements sent while it ran, in order. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    if (this.recording) throw new Error('SqlStatements: one recording at a time');
    const statements: string[] = [];
    this.recording = statements;
    try {
      return { result: await work(), statements };
    } finally {
      this.recording = null;
    }
  }
}

function statementText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  const config = arg as Partial<QueryConfig> | null;
  return typeof config?.text === 'string' ? config.text : String(arg);
}

/**
 * Statements grouped by their text (whitespace collapsed, cut at 240 characters), most frequent
 * first: the readable explanation when two counts disagree.
 */
export function statementHistogram(statements: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of statements) {
    const key = s.replace(/\s+/g, ' ').trim().slice(0, 240);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}
