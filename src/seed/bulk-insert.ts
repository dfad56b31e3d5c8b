import { EntityManager } from 'typeorm';

/** Anything that runs SQL: a data source's or a transaction's entity manager. */
export type Sql = Pick<EntityManager, 'query'>;

/**
 * One column of a bulk insert: its name, the element type of the array parameter it travels in,
 * optionally how to turn that element into the column's type, and how to read it from a row.
 * Arrays of arrays cannot travel in one `unnest` parameter (unnest flattens them), so `int[]`
 * columns travel as their text literal (`'{0,1}'`) and are cast back, as do `daterange` literals
 * (`'[2026-01-05,2026-02-02)'`).
 */
export interface BulkColumn<T> {
  name: string;
  type: string;
  cast?: string;
  value: (row: T) => unknown;
}

/** A table and the columns a generator writes. */
export interface BulkTable<T> {
  table: string;
  columns: readonly BulkColumn<T>[];
}

/** Rows per statement: large enough to amortise the round trip, small enough for the parser. */
export const DEFAULT_BATCH_SIZE = 5000;

/**
 * Collects rows column by column and writes them with one
 * `INSERT ... SELECT ... FROM unnest($1::type[], ...)` statement per batch, which is nearly as
 * fast as COPY without needing pg-copy-streams. While one batch is in flight the caller builds
 * the next one; at most one statement is outstanding, so memory stays bounded.
 */
export class BulkInserter<T> {
  private readonly values: unknown[][];
  private readonly statement: string;
  private rows = 0;
  private inFlight: Promise<unknown> | null = null;
  /** Rows sent to the database so far. */
  written = 0;

  constructor(
    private readonly sql: Sql,
    private readonly spec: BulkTable<T>,
    private readonly options: {
      batchSize?: number;
      onWrite?: (rows: number) => void;
      /** Appended to the statement, e.g. `ON CONFLICT DO NOTHING`. */
      suffix?: string;
    } = {},
  ) {
    const { columns } = spec;
    this.values = columns.map(() => []);
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    const selects = columns.map((c, i) => (c.cast ? `c${i}::${c.cast}` : `c${i}`)).join(', ');
    const suffix = options.suffix ? ` ${options.suffix}` : '';
    this.statement = `INSERT INTO "${spec.table}" (${names}) SELECT ${selects} FROM unnest(${params}) AS u(${aliases})${suffix}`;
  }

  /** True when a batch is full; the caller then awaits {@link flush}. */
  get full(): boolean {
    return this.rows >= (this.options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  /** Queues one row. */
  add(row: T): void {
    const { columns } = this.spec;
    for (let i = 0; i < columns.length; i++) this.values[i].push(columns[i].value(row));
    this.rows++;
  }

  /** Sends the queued rows, after the previous statement has finished. */
  async flush(): Promise<void> {
    await this.settle();
    if (this.rows === 0) return;
    const parameters = this.values.map((column) => column.splice(0));
    const count = this.rows;
    this.rows = 0;
    const sent = this.sql.query(this.statement, parameters).then(() => {
      this.written += count;
      this.options.onWrite?.(count);
    });
    // Marked handled here; the error still surfaces from the next settle().
    sent.catch(() => undefined);
    this.inFlight = sent;
  }

  /** Sends what is left and waits until everything is written; returns the rows sent. */
  async close(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.written;
  }

  private async settle(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = null;
    if (pending) await pending;
  }
}

/** Writes `rows` in batches and returns how many were sent. */
export async function insertRows<T>(
  sql: Sql,
  spec: BulkTable<T>,
  rows: Iterable<T>,
  options: { suffix?: string } = {},
): Promise<number> {
  const inserter = new BulkInserter(sql, spec, options);
  for (const row of rows) {
    inserter.add(row);
    if (inserter.full) await inserter.flush();
  }
  return inserter.close();
}

/** `'{0,1,2}'`: an int[] literal, for a column with `cast: 'int[]'`. */
export function intArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** `'[2026-01-05,2026-02-02)'`: a daterange literal, `from` included, `until` excluded. */
export function dateRangeLiteral(from: string, until: string): string {
  return `[${from},${until})`;
}
