import { EntityManager, QueryRunner } from 'typeorm';
import { SCOPE_SETTINGS } from './transaction';

/**
 * Runs read-only tasks on up to `connections` connections that all see exactly what the caller's
 * transaction sees: the extra connections import its snapshot (`pg_export_snapshot`) and its
 * scope settings, so a long read (the batch candidate search) uses more than one core without
 * reading anything the caller could not. Results come back in task order, whatever finished
 * first. Outside a transaction, or with a single task, the tasks run one by one on `manager`.
 *
 * The caller's transaction must not have written anything yet: an importer never sees the
 * exporter's own uncommitted changes.
 */
export async function onSharedSnapshot<T>(
  manager: EntityManager,
  tasks: readonly ((m: EntityManager) => Promise<T>)[],
  connections: number,
): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const drain = async (m: EntityManager) => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i](m);
      } catch (error) {
        next = tasks.length; // the other connections stop after their current task
        throw error;
      }
    }
  };
  const extra = Math.min(connections, tasks.length) - 1;
  if (extra <= 0 || !manager.queryRunner?.isTransactionActive) {
    await drain(manager);
    return results;
  }

  const [{ snapshot }]: { snapshot: string }[] = await manager.query(
    `SELECT pg_export_snapshot() AS snapshot`,
  );
  const [scope]: Record<string, string | null>[] = await manager.query(
    `SELECT ${SCOPE_SETTINGS.map((_, i) => `current_setting($${i + 1}, true) AS s${i}`).join(', ')}`,
    SCOPE_SETTINGS,
  );
  const [{ work_mem: workMem }]: { work_mem: string }[] = await manager.query(`SHOW work_mem`);

  const runners: QueryRunner[] = [];
  try {
    for (let i = 0; i < extra; i++) {
      const runner = manager.connection.createQueryRunner();
      runners.push(runner);
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
      await runner.query(`SET TRANSACTION READ ONLY`);
      await runner.query(
        `SELECT set_config('work_mem', $1, true), ${SCOPE_SETTINGS.map((_, j) => `set_config($${2 * j + 2}, $${2 * j + 3}, true)`).join(', ')}`,
        [workMem, ...SCOPE_SETTINGS.flatMap((name, j) => [name, scope[`s${j}`] ?? ''])],
      );
    }
    const settled = await Promise.allSettled([
      drain(manager),
      ...runners.map((r) => drain(r.manager)),
    ]);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return results;
  } finally {
    for (const runner of runners) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}
