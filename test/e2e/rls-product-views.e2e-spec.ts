import { DataSource } from 'typeorm';
import { DemandStatus } from '../../src/demand/demand.enums';
import { LoanStatus } from '../../src/lending/lending.enums';
import { ProposalStatus } from '../../src/matching/matching.enums';
import {
  inDays,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newHr,
  newMember,
  newPool,
  newSkill,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import { startTestApp, TestApp } from '../support/test-app';

const PRIORITY = `query($id: ID!) { demandRequest(id: $id) {
  priority { rank balanceHours openPositions } } }`;
const RECALL = `mutation($id: ID!, $reason: String!) {
  recallLoan(id: $id, reason: $reason) { status demand { status } } }`;
const PROFILES = `query($demandId: ID) { matchProposals(demandId: $demandId, first: 10) {
  edges { node { profile { distanceKm skills { level } } } } } }`;

/**
 * Row-level security must not change what the product shows: pool-wide facts that are computed
 * from other firms' rows (reciprocity balances, anonymous profiles) read the same for every
 * viewer who may see them.
 */
describe('row-level security keeps the product’s pool-wide views (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  it("a demand's priority (reciprocity over all firms' loans) reads the same for its HR and the coordinator", async () => {
    const pool = await newPool(db);
    const [lender, busy, borrower] = [
      await newMember(db, pool),
      await newMember(db, pool),
      await newMember(db, pool),
    ];
    // Loans between other firms move the balances that rank the borrower's demand.
    const lent = await newEmployee(db, lender);
    const earlier = await newDemand(db, busy, pool, {
      period: { start: '2026-01-05', end: '2026-03-27' },
    });
    await newLoan(db, lent, earlier, { status: LoanStatus.COMPLETED });
    const mine = await newDemand(db, borrower, pool);
    const theirs = await newDemand(db, busy, pool);

    const coordinator = sut.as(await newCoordinator(db, pool));
    const hr = sut.as(await newHr(db, borrower));
    for (const demand of [mine, theirs]) {
      const asCoordinator = await coordinator.ok(PRIORITY, { id: demand.id });
      const asHr = await hr.ok(PRIORITY, { id: demand.id });
      expect(asHr).toEqual(asCoordinator);
    }
    const { demandRequest } = await hr.ok(PRIORITY, { id: theirs.id });
    expect(demandRequest.priority.balanceHours).toBeLessThan(0);
  });

  it("a lender's recall leaves the demand PARTIALLY_FILLED while another lender's loan still fills it", async () => {
    const pool = await newPool(db);
    const [first, second, borrower] = [
      await newMember(db, pool),
      await newMember(db, pool),
      await newMember(db, pool),
    ];
    const demand = await newDemand(db, borrower, pool, {
      headcount: 2,
      status: DemandStatus.FILLED,
      period: { start: inDays(-3), end: inDays(30) },
    });
    const recalled = await newLoan(db, await newEmployee(db, first), demand);
    await newLoan(db, await newEmployee(db, second), demand);
    const res = await sut
      .as(await newHr(db, first))
      .ok(RECALL, { id: recalled.id, reason: 'Own peak' });
    expect(res.recallLoan).toMatchObject({
      status: 'RECALLED',
      demand: { status: 'PARTIALLY_FILLED' },
    });
  });

  it('the anonymous profile shows the same skills to the borrower and the coordinator', async () => {
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const skill = await newSkill(db);
    const employee = await newEmployee(db, lender);
    await newEmployeeSkill(db, employee, skill, 4);
    const demand = await newDemand(db, borrower, pool, {}, [{ skill }]);
    await newProposal(db, employee, demand, ProposalStatus.PROPOSED);

    const asBorrower = await sut
      .as(await newHr(db, borrower))
      .ok(PROFILES, { demandId: demand.id });
    const asCoordinator = await sut
      .as(await newCoordinator(db, pool))
      .ok(PROFILES, { demandId: demand.id });
    expect(asBorrower.matchProposals.edges[0].node.profile.skills).toEqual([{ level: 4 }]);
    expect(asCoordinator).toEqual(asBorrower);
  });
});
