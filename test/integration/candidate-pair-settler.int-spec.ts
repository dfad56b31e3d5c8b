import { RequestContext } from '../../src/common/request-context';
import { MatchingService } from '../../src/matching/matching.service';
import {
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newMember,
  newPool,
  newSkill,
  newWindow,
} from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** The background settler keeps the kept candidate pairs current without any read. */
describe('candidate pair settler (integration)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ PAIR_SETTLE_INTERVAL_MS: '50' });
  });
  afterAll(async () => {
    await sut.close();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    ((await sut.db.query(sql, params)) as { n: number }[])[0].n;
  const marks = () =>
    count(
      `SELECT ((SELECT count(*) FROM candidate_pair_stale_employee)
               + (SELECT count(*) FROM candidate_pair_stale_company)
               + (SELECT count(*) FROM candidate_pair_stale_demand))::int AS n`,
    );
  /** Waits until the settler has taken every mark (it runs every 50 ms). */
  async function settled(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await marks()) > 0) {
      if (Date.now() > deadline) throw new Error(`marks left: ${await marks()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("searches a newcomer against a current demand before anyone reads the demand's candidates", async () => {
    const db = sut.db;
    const pool = await newPool(db);
    const skill = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool, { latitude: 52.525, longitude: 5.7181 });
    const demand = await newDemand(db, borrower, pool, {}, [{ skill }]);
    const matching = sut.created.app.get(MatchingService);
    await matching.settlePairs(
      RequestContext.system(sut.created.dataSource.manager),
      [demand.id],
      new Date(),
    );
    await settled();
    const pairs = () =>
      count(`SELECT count(*)::int AS n FROM candidate_pair WHERE demand_id = $1`, [demand.id]);
    expect(await pairs()).toBe(0);

    const employee = await newEmployee(db, lender);
    await newEmployeeSkill(db, employee, skill, 3);
    await newWindow(db, employee, pool);
    await settled();
    expect(
      await count(
        `SELECT count(*)::int AS n FROM candidate_pair WHERE demand_id = $1 AND employee_id = $2`,
        [demand.id, employee.id],
      ),
    ).toBe(1);
  });
});
