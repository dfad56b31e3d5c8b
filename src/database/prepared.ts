import { createHash } from 'node:crypto';
import { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * Runs `text` as a named prepared statement on the connection of `manager`'s transaction, so
 * that a statement the service sends again and again (one demand's candidate search) is parsed
 * and planned once per connection instead of on every call: for the candidate search, planning
 * took longer than executing it. PostgreSQL re-plans by itself when a table, an index or the
 * role's row-level security changes. Outside a transaction it is an ordinary query.
 *
 * Use it for statements whose plan does not depend on the size of their arguments: after five
 * executions PostgreSQL may settle on one generic plan.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!(runner instanceof PostgresQueryRunner) || !runner.isTransactionActive) {
    return manager.query(text, values) as Promise<T[]>;
  }
  const client = (await runner.connect()) as PoolClient;
  const result = await client.query({ name: preparedName(text), text, values });
  return result.rows as T[];
}

/** Most statement texts prepared (one name each, kept per connection); the rest run unnamed. */
const PREPARED_TEXTS = 500;
const preparedNames = new Map<string, string>();

/**
 * The name under which `text` is prepared on every connection (the same text always gets the
 * same name), or undefined once {@link PREPARED_TEXTS} texts have names: then it runs unnamed,
 * so that statements built from varying text cannot fill the connections' memory. Under the
 * row-level security policies planning costs more than running (a page of demand took 25-40 ms
 * to plan and 3 ms to run from a cached generic plan; PostgreSQL switches a prepared statement to
 * one after five runs, and the policies read the scope at run time, so the plan serves every
 * actor).
 */
export function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < PREPARED_TEXTS) {
    name = `clp_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}
