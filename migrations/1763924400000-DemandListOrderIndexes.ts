import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `demandRequests` list is ordered by (posted_at, id) and cut at `first + 1`; without an
 * index in that order every page sorted all demands of the pool (50,000 at national size: a
 * sequential scan and a top-N sort, ~100 ms per page). (pool_id, posted_at, id) serves a page of
 * one pool (the `poolId` argument); (posted_at, id) serves the lists across pools (admins,
 * coordinators of several pools, HR), which walk it in order and filter.
 */
export class DemandListOrderIndexes1763924400000 implements MigrationInterface {
  name = 'DemandListOrderIndexes1763924400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "demand_request_pool_id_posted_at_id_idx" ON "demand_request" ("pool_id", "posted_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "demand_request_posted_at_id_idx" ON "demand_request" ("posted_at", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "demand_request_posted_at_id_idx"`);
    await q.query(`DROP INDEX "demand_request_pool_id_posted_at_id_idx"`);
  }
}
