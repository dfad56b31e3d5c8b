/** `text` as an ILIKE pattern matching any value that contains it; `%`, `_` and `\` are literal. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
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
}
