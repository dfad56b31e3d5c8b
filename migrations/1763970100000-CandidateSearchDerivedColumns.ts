import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `candidate_search` keeps a few columns that its `tenths` and `origin`/`finish` determine
 * (`tenths_min`, `tenths_max`, `exact`, `span`), so that the search reads them as fixed-width
 * index columns ahead of the bit strings. This states how they follow, so that they cannot
 * disagree whatever writes the table.
 */
export class CandidateSearchDerivedColumns1763970100000 implements MigrationInterface {
  name = 'CandidateSearchDerivedColumns1763970100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "candidate_search" ADD CONSTRAINT "candidate_search_derived_check" CHECK (
        "tenths_min" = "tenths"[1]
        AND "tenths_max" = "tenths"[cardinality("tenths")]
        AND "exact" = (cardinality("tenths") <= 2)
        AND "span" ~= box(point("origin", 0), point("finish" - 1, 0)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "candidate_search" DROP CONSTRAINT "candidate_search_derived_check"`,
    );
  }
}
