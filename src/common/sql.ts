/** `text` as an ILIKE pattern matching any value that contains it; `%`, `_` and `\` are literal. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * Constant values written into a statement as an SQL list, `('A', 'B')`: the enum states that a
 * query shares with code (`status IN ${...}`), kept in one place. Not for input: values come
 * from the code.
 */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
}

/**
 * The positional parameters of a statement written as SQL: `add` keeps a value and returns its
 * placeholder (`$3`), so clauses can be composed in any order.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /**
   * `column` equal to one of `ids` (uuids): `column = $n` for a single id, else
   * `column = ANY($n)`. A DataLoader's batch is often one id, and for a prepared statement only
   * the scalar form gets a generic plan: with an array PostgreSQL's generic plan assumes ten
   * elements, costs more than a custom plan for one, and so the statement is planned again on
   * every execution (under the row-level security policies, 1.5-2 ms of planning for a demand by
   * id, against 0.1 ms from the cached plan).
   */
  anyOf(column: string, ids: readonly string[]): string {
    return ids.length === 1
      ? `${column} = CAST(${this.add(ids[0])} AS uuid)`
      : `${column} = ANY(CAST(${this.add([...ids])} AS uuid[]))`;
  }
}
