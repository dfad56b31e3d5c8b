/**
 * Reading only what a query selects. A list that maps plain rows can leave out the columns no
 * selected field reads: the statement sends less, and `pg` parses less (on a page of 50 demands
 * with their company and skills, parsing the columns nobody asked for cost about as much as the
 * rest of the page's client work; `npm run bench:api`).
 *
 * A {@link Projection} names, for each field of one GraphQL object type, the row fields it reads:
 * its own column, or what its resolver reads. A selected field the projection does not name (a
 * resolver added in another module, say) reads the whole row, so a projection can only be too
 * generous, never short: the objects it gives are partial only in fields no selected resolver
 * reads. Columns come out in the projection's own order, so one selection always gives the same
 * statement text (prepared once per connection, see `src/database/prepared.ts`).
 */
export interface Projection<K extends string> {
  /** The SQL of each row field: a column expression with its alias (`d.title`). */
  columns: Readonly<Record<K, string>>;
  /** The row fields each GraphQL field reads; a field absent here reads every column. */
  reads: Readonly<Record<string, readonly K[]>>;
  /** Row fields read whatever is selected (the id, a list's sort key). */
  always: readonly K[];
}

/**
 * The row fields `selected` (GraphQL field names; undefined: unknown, read everything) needs
 * under `projection`, in the order of `projection.columns`.
 */
export function rowFieldsFor<K extends string>(
  projection: Projection<K>,
  selected: ReadonlySet<string> | undefined,
): K[] {
  const all = Object.keys(projection.columns) as K[];
  if (!selected) return all;
  const wanted = new Set<K>(projection.always);
  for (const field of selected) {
    const reads = projection.reads[field];
    if (!reads) return all;
    for (const key of reads) wanted.add(key);
  }
  return all.filter((key) => wanted.has(key));
}

/** The select list of the row fields `selected` needs (see {@link rowFieldsFor}). */
export function selectList<K extends string>(
  projection: Projection<K>,
  selected: ReadonlySet<string> | undefined,
): string {
  return rowFieldsFor(projection, selected)
    .map((key) => projection.columns[key])
    .join(', ');
}

/**
 * The arguments of a `json_build_object(...)` of the row fields `selected` needs: pairs of the
 * key and its expression (`projection.columns` holds bare expressions here, `c.name`).
 */
export function jsonPairs<K extends string>(
  projection: Projection<K>,
  selected: ReadonlySet<string> | undefined,
): string {
  return rowFieldsFor(projection, selected)
    .map((key) => `'${key}', ${projection.columns[key]}`)
    .join(', ');
}
