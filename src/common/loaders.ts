import DataLoader from 'dataloader';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { NotFoundError } from './errors';
import { RequestContext } from './request-context';

/**
 * A per-request DataLoader that fetches rows by key in one query and hands each key its row
 * (or null). Loaders live in the request context, so they never share data between actors.
 */
export function rowLoader<K extends string, V>(
  ctx: RequestContext,
  name: string,
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return ctx.loader(
    name,
    () =>
      new DataLoader<K, V | null>(async (keys) => {
        const rows = await fetch(keys);
        const byKey = new Map(rows.map((r) => [keyOf(r), r]));
        return keys.map((k) => byKey.get(k) ?? null);
      }),
  );
}

/** Like {@link rowLoader}, for one-to-many relations: each key gets the list of its rows. */
export function listLoader<K extends string, V>(
  ctx: RequestContext,
  name: string,
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return ctx.loader(
    name,
    () =>
      new DataLoader<K, V[]>(async (keys) => {
        const rows = await fetch(keys);
        const byKey = new Map<K, V[]>();
        for (const row of rows) {
          const key = keyOf(row);
          const list = byKey.get(key);
          if (list) list.push(row);
          else byKey.set(key, [row]);
        }
        return keys.map((k) => byKey.get(k) ?? []);
      }),
  );
}

/**
 * Rows by id through `visible`, a query that already applies the actor's visibility (its rules
 * stay with each module): one query per batch; a row the actor may not see loads as null.
 * `idColumn` is the id as the query names it (`d.id`).
 */
export function visibleByIdLoader<V extends ObjectLiteral & { id: string }>(
  ctx: RequestContext,
  name: string,
  visible: () => SelectQueryBuilder<V>,
  idColumn: string,
): DataLoader<string, V | null> {
  return rowLoader(
    ctx,
    name,
    (ids) =>
      visible()
        .andWhere(`${idColumn} = ANY(CAST(:ids AS uuid[]))`, { ids: [...ids] })
        .getMany(),
    (row) => row.id,
  );
}

/** Loads one row through a visibility loader; NOT_FOUND (never FORBIDDEN) when it is hidden. */
export async function loadVisible<V>(
  loader: DataLoader<string, V | null>,
  what: string,
  id: string,
): Promise<V> {
  const row = await loader.load(id);
  if (!row) throw new NotFoundError(what, id);
  return row;
}
