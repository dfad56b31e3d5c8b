import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plain indexes on the employee foreign keys of windows and loans: the exclusion indexes that
 * lead with employee_id are partial (live rows only), so deleting an employee (cascade, or the
 * RESTRICT check of loans) scanned the whole table.
 */
export class EmployeeForeignKeyIndexes1763902800000 implements MigrationInterface {
  name = 'EmployeeForeignKeyIndexes1763902800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "availability_window_employee_id_idx" ON "availability_window" ("employee_id")`,
    );
    await q.query(`CREATE INDEX "loan_employee_id_idx" ON "loan" ("employee_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "loan_employee_id_idx"`);
    await q.query(`DROP INDEX "availability_window_employee_id_idx"`);
  }
}
