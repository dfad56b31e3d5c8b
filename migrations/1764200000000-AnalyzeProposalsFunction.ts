import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch run inserts its proposals at once (50,477 at national size). Until `match_proposal` is
 * analysed, every connection's cached plans still take it for the table it was before the run
 * (empty, in a new pool), and a page of suggestions then checks each candidate's bookings by
 * scanning the whole table: suggestions took 0.5-4.4 s a call at national size in the minute
 * before autovacuum analysed it. Only the table's owner may ANALYZE it, so this function, owned
 * by the migrating role and run with its rights, lets the app role ask for it after a run;
 * nobody else may call it.
 */
export class AnalyzeProposalsFunction1764200000000 implements MigrationInterface {
  name = 'AnalyzeProposalsFunction1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "analyze_match_proposal"() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ BEGIN ANALYZE "match_proposal"; END $$`);
    await q.query(`REVOKE ALL ON FUNCTION "analyze_match_proposal"() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION "analyze_match_proposal"() TO clp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "analyze_match_proposal"()`);
  }
}
