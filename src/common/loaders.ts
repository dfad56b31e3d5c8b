import DataLoader from 'dataloader';
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
