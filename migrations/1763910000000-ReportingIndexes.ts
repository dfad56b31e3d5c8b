import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pool usage reporting reads the demand a pool's members posted in a period; without this index
 * it scanned every demand of the pool (demand_request_pool_id_status_idx has no time).
 */
export class ReportingIndexes1763910000000 implements MigrationInterface {
  name = 'ReportingIndexes1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "demand_request_pool_id_posted_at_idx" ON "demand_request" ("pool_id", "posted_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "demand_request_pool_id_posted_at_idx"`);
  }
}
