import { MigrationInterface, QueryRunner } from 'typeorm';

/** The policies that read a coordinator's pools, with their expressions as PostgreSQL prints them. */
const POLICIES_WITH_POOLS = `SELECT tablename, policyname, qual, with_check FROM pg_policies
  WHERE schemaname = 'public' AND (qual LIKE '%app_pool_ids()%' OR with_check LIKE '%app_pool_ids()%')`;

/** `app_pool_ids()` as a sub-select, as PostgreSQL prints it back. */
const ONCE_PER_STATEMENT = '( SELECT app_pool_ids() AS app_pool_ids)::uuid[]';

/**
 * Two changes that let a read-only request of a coordinator skip the statement that read its pools
 * (see `deferPools` in src/auth/actor.ts) without a slower page:
 *
 * - `app.pool_ids = '*'` makes `app_pool_ids()` read the pools from `pool_coordinator` (for the
 *   user in `app.user_id`, only while `app.role` is `POOL_COORDINATOR`; `pool_coordinator_pkey`,
 *   whose first column is the user) instead of from the list the service read before. An
 *   appointment or its end then takes effect from the next statement on. Any other value is the
 *   list, as before.
 * - The policies call it as a sub-select, `pool_id = ANY((SELECT app_pool_ids())::uuid[])`: a
 *   function with a sub-select is not inlined, and called per row it cost ~0.5 ms on a page of 50
 *   demands with their requirements; as a sub-select without outer references it runs once per
 *   statement (an InitPlan), which also spares splitting the list per row (the page's statement
 *   under the policies went from ~2.6-3.0 to ~2.0-2.4 ms, list or `'*'`).
 *
 * The policies are rewritten from their own text (pg_policies), so this names none of them.
 */
export class CoordinatorPoolsPerStatement1763955000000 implements MigrationInterface {
  name = 'CoordinatorPoolsPerStatement1763955000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION app_pool_ids() RETURNS uuid[]
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN app_setting('app.pool_ids') = '*'
          THEN ARRAY(SELECT pc.pool_id FROM pool_coordinator pc
                      WHERE pc.user_id = app_user_id() AND app_is('POOL_COORDINATOR'))
          ELSE COALESCE(string_to_array(app_setting('app.pool_ids'), ',')::uuid[], '{}')
        END
      $$`);
    await rewritePolicies(q, (e) =>
      e.replaceAll('app_pool_ids()', '(SELECT app_pool_ids())::uuid[]'),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await rewritePolicies(q, (e) => e.replaceAll(ONCE_PER_STATEMENT, 'app_pool_ids()'));
    await q.query(`
      CREATE OR REPLACE FUNCTION app_pool_ids() RETURNS uuid[]
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT COALESCE(string_to_array(app_setting('app.pool_ids'), ',')::uuid[], '{}')
      $$`);
  }
}

async function rewritePolicies(q: QueryRunner, rewrite: (expression: string) => string) {
  const policies = (await q.query(POLICIES_WITH_POOLS)) as {
    tablename: string;
    policyname: string;
    qual: string | null;
    with_check: string | null;
  }[];
  for (const p of policies) {
    const using = p.qual ? ` USING (${rewrite(p.qual)})` : '';
    const check = p.with_check ? ` WITH CHECK (${rewrite(p.with_check)})` : '';
    await q.query(`ALTER POLICY "${p.policyname}" ON "${p.tablename}"${using}${check}`);
  }
}
