import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `app_is('SYSTEM')
        OR EXISTS (SELECT 1 FROM employee e WHERE e.id = employee_skill.employee_id)
        OR (app_is('COMPANY_HR') AND EXISTS (SELECT 1 FROM match_proposal p
              WHERE p.employee_id = employee_skill.employee_id AND p.borrower_company_id = app_company_id()))`;

/**
 * Coordinators see the proposals of their pools with the anonymous profile (skills and levels),
 * so they read the skills of employees proposed in their pools, as borrowers do for their demand.
 */
export class CoordinatorProposalSkills1763921200000 implements MigrationInterface {
  name = 'CoordinatorProposalSkills1763921200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER POLICY "employee_skill_read_policy" ON "employee_skill" USING (${BEFORE}
        OR (app_is('POOL_COORDINATOR') AND EXISTS (SELECT 1 FROM match_proposal p
              WHERE p.employee_id = employee_skill.employee_id AND p.pool_id = ANY(app_pool_ids()))))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER POLICY "employee_skill_read_policy" ON "employee_skill" USING (${BEFORE})`,
    );
  }
}
