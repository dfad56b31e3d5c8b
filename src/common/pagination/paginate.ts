import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../errors';
import { ConnectionArgs, ConnectionPage, DEFAULT_PAGE_SIZE } from './connection';

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
  const hasNextPage = rows.length > first;
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({
    node,
    cursor: encodeCursor(order.sortKey(node), order.id(node)),
  }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    // A getter, so the count query runs only when a client selects `totalCount`.
    get totalCount() {
      return (total ??= countQuery.getCount());
    },
  };
}
