import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../errors';
import { SqlParams } from '../sql';
import { ConnectionArgs, ConnectionPage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';

type SortValue = string | number;

/** How a list is ordered: a sort expression plus the id as the tie-breaker. */
export interface KeysetOrder<E> {
  /** SQL expression of the sort key, e.g. `company.name`. */
  sortExpression: string;
  /** SQL expression of the id, e.g. `company.id`. */
  idExpression: string;
  /** Sort key of a loaded row, as stored in the cursor. */
  sortKey: (row: E) => SortValue;
  id: (row: E) => string;
}

export function encodeCursor(sortKey: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [SortValue, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (typeof value[0] === 'string' || typeof value[0] === 'number') &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw BadUserInputError.field('after', 'is not a cursor returned by this list', 'INVALID_CURSOR');
}

/**
 * Keyset pagination for any query builder: orders by (sort key, id), seeks past the cursor with a
 * row comparison (no OFFSET), fetches one extra row to know whether another page follows, and
 * counts the whole list only when `totalCount` is selected.
 */
export async function paginate<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  args: ConnectionArgs,
  order: KeysetOrder<E>,
): Promise<ConnectionPage<E>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const countQuery = qb.clone();
  const page = qb.clone();
  if (args.after) {
    const [sortKey, id] = decodeCursor(args.after);
    page.andWhere(`(${order.sortExpression}, ${order.idExpression}) > (:cursorSort, :cursorId)`, {
      cursorSort: sortKey,
      cursorId: id,
    });
  }
  page
    .orderBy(order.sortExpression, 'ASC')
    .addOrderBy(order.idExpression, 'ASC')
    .take(undefined)
    .limit(first + 1);
  const rows = first === 0 ? [] : await page.getMany();
  let total: Promise<number> | undefined;
  // A lazy count, so the count query runs only when a client selects `totalCount`.
  return pageOf(rows, first, args, order, () => (total ??= countQuery.getCount()));
}

/** A list written as SQL: columns, tables and conditions, with their positional parameters. */
export interface SqlList {
  /** The select list, e.g. `d.id, d.title`. */
  select: string;
  /** The FROM clause, e.g. `demand_request d`. */
  from: string;
  /** Conditions, joined with AND. */
  where: string[];
  params: SqlParams;
}

/**
 * {@link paginate} for a list written as SQL, whose rows `map` turns into nodes without an ORM:
 * the same keyset order, cursor, extra row and lazy count. `rows` runs one statement (the
 * request's scoped connection, see `queryRows`).
 */
export async function paginateSql<R, E>(
  rows: (sql: string, values: readonly unknown[]) => Promise<R[]>,
  list: SqlList,
  args: ConnectionArgs,
  order: KeysetOrder<E>,
  map: (row: R) => E,
): Promise<ConnectionPage<E>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const where = list.where.length > 0 ? list.where.join(' AND ') : 'TRUE';
  // The count sees the list without the cursor, as `paginate`'s does.
  const countValues = [...list.params.values];
  const pageWhere = [where];
  if (args.after) {
    const [sortKey, id] = decodeCursor(args.after);
    pageWhere.push(
      `(${order.sortExpression}, ${order.idExpression}) > (${list.params.add(sortKey)}, ${list.params.add(id)})`,
    );
  }
  // The limit is part of the text (an integer, checked) rather than a parameter: knowing it, the
  // generic plan PostgreSQL caches for the prepared statement walks the list's index and stops
  // after the page (2.6 ms for 50 demands at national size). With `LIMIT $n` the generic plan
  // expected a tenth of the table (140 ms), so every page was planned afresh instead (~37 ms
  // under the row-level security policies). At most MAX_PAGE_SIZE + 1 texts.
  const limit = first + 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE + 1) {
    throw new Error(`paginateSql: page size ${first} out of range`);
  }
  const sql = `SELECT ${list.select} FROM ${list.from} WHERE ${pageWhere.join(' AND ')}
    ORDER BY ${order.sortExpression}, ${order.idExpression} LIMIT ${limit}`;
  const nodes = first === 0 ? [] : (await rows(sql, list.params.values)).map(map);
  let total: Promise<number> | undefined;
  const count = () =>
    (total ??= rows(`SELECT count(*)::int AS n FROM ${list.from} WHERE ${where}`, countValues).then(
      (r) => (r[0] as { n: number }).n,
    ));
  return pageOf(nodes, first, args, order, count);
}

/** The parent rows of one nested list and how a child row names its parent. */
export interface ParentKey<E> {
  /** SQL expression of the child's parent id, e.g. `m.pool_id`. */
  expression: string;
  /** The parents whose lists are wanted. */
  ids: readonly string[];
  /** Parent id of a loaded child row. */
  of: (row: E) => string;
}

/**
 * {@link paginate} for one nested list per parent (the members of each pool on a page of pools):
 * the first page of every parent's list in one statement, each parent's rows numbered by the
 * keyset order and cut at `first + 1`, and, when `totalCount` is selected on any of them, the
 * counts of all parents in one more. Returns the pages in the order of `parent.ids`, as a
 * DataLoader's batch function (keyed by parent) does.
 */
export async function paginateByParent<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  parent: ParentKey<E>,
  args: ConnectionArgs,
  order: KeysetOrder<E>,
): Promise<ConnectionPage<E>[]> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const scoped = qb.clone().andWhere(`${parent.expression} = ANY(CAST(:parentIds AS uuid[]))`, {
    parentIds: [...parent.ids],
  });
  const ranked = scoped.clone();
  if (args.after) {
    const [sortKey, id] = decodeCursor(args.after);
    ranked.andWhere(`(${order.sortExpression}, ${order.idExpression}) > (:cursorSort, :cursorId)`, {
      cursorSort: sortKey,
      cursorId: id,
    });
  }
  ranked
    .select(order.idExpression, 'ranked_id')
    .addSelect(
      `row_number() OVER (PARTITION BY ${parent.expression} ORDER BY ${order.sortExpression}, ${order.idExpression})`,
      'ranked_n',
    );
  const rows =
    first === 0
      ? []
      : await scoped
          .clone()
          .andWhere(
            `${order.idExpression} IN (SELECT r.ranked_id FROM (${ranked.getQuery()}) r WHERE r.ranked_n <= :rankedLimit)`,
          )
          .setParameters({ ...ranked.getParameters(), rankedLimit: first + 1 })
          .orderBy(parent.expression, 'ASC')
          .addOrderBy(order.sortExpression, 'ASC')
          .addOrderBy(order.idExpression, 'ASC')
          .getMany();

  let counts: Promise<Map<string, number>> | undefined;
  const countsOf = () =>
    (counts ??= scoped
      .clone()
      .select(parent.expression, 'parent_id')
      .addSelect('COUNT(*)::int', 'n')
      .groupBy(parent.expression)
      .getRawMany<{ parent_id: string; n: number }>()
      .then((raw) => new Map(raw.map((r) => [r.parent_id, r.n]))));

  const byParent = new Map<string, E[]>(parent.ids.map((id) => [id, []]));
  for (const row of rows) byParent.get(parent.of(row))?.push(row);
  return parent.ids.map((id) =>
    pageOf(byParent.get(id) ?? [], first, args, order, () =>
      countsOf().then((c) => c.get(id) ?? 0),
    ),
  );
}

/** A page from up to `first + 1` rows in keyset order (the extra row says another page follows). */
function pageOf<E>(
  rows: E[],
  first: number,
  args: ConnectionArgs,
  order: KeysetOrder<E>,
  count: () => Promise<number>,
): ConnectionPage<E> {
  const nodes = rows.slice(0, first);
  const cursorOf = (node: E) => encodeCursor(order.sortKey(node), order.id(node));
  // An edge's cursor is encoded only when a client selects it.
  const edges = nodes.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node);
    },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after),
      startCursor: nodes.length > 0 ? cursorOf(nodes[0]) : null,
      endCursor: nodes.length > 0 ? cursorOf(nodes[nodes.length - 1]) : null,
    },
    get totalCount() {
      return count();
    },
  };
}
