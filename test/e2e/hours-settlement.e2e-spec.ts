import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { Settlement } from '../../src/lending/settlement.entity';
import { TimesheetEntry } from '../../src/lending/timesheet.entity';
import { TimesheetStatus } from '../../src/lending/timesheet.enums';
import { Pool } from '../../src/pools/pool.entity';
import {
  newAdmin,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeUser,
  newHr,
  newMember,
  newPool,
} from '../support/factories';
import { newLoan } from '../support/matching-factories';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const SETTLEMENT = `id loanId poolId lenderCompanyId borrowerCompanyId employeeId month approvedHours entryCount
  hourlyRateCents hoursAmountCents lateCancellationHours lateCancellationAmountCents totalAmountCents`;
const CLOSE = `mutation($poolId: ID!, $month: String!, $force: Boolean) {
  closeSettlementMonth(poolId: $poolId, month: $month, force: $force) {
    id poolId month closedAt leftOutEntries settlementCount totalAmountCents
    settlements(first: 100) { totalCount edges { node { ${SETTLEMENT} } } } } }`;
const SETTLEMENTS = `query($month: String, $loanId: ID, $companyId: ID, $poolId: ID) {
  settlements(month: $month, loanId: $loanId, companyId: $companyId, poolId: $poolId) {
    totalCount edges { node { ${SETTLEMENT} } } } }`;
const SUBMIT = `mutation($input: SubmitHoursInput!) { submitHours(input: $input) { id status } }`;
const APPROVE = `mutation($id: ID!) { approveHours(id: $id) { id status } }`;
const DISPUTE = `mutation($id: ID!, $counterHours: Float!) { disputeHours(id: $id, counterHours: $counterHours, note: "Disagree") { id status } }`;
const ACCEPT = `mutation($id: ID!) { acceptCounterProposal(id: $id) { id status hours } }`;

async function failure(client: GqlClient, query: string, variables: Record<string, unknown>) {
  const res = await client.send(query, variables);
  if (!res.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(res.data)}`);
  return { code: res.errors[0].extensions?.code, reason: res.errors[0].extensions?.reason };
}

describe('monthly settlement at cost price (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  interface Party {
    loan: Loan;
    lender: Company;
    borrower: Company;
    employee: Employee;
    lenderHr: GqlClient;
    borrowerHr: GqlClient;
  }

  /** A loan in `pool` at `rateCents` an hour over September and October 2026. */
  async function aLoan(
    pool: Pool,
    rateCents: number,
    overrides: Partial<Loan> = {},
  ): Promise<Party> {
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const employee = await newEmployee(db, lender, { hourlyCostCents: rateCents });
    const demand = await newDemand(db, borrower, pool, {
      period: { start: '2026-09-01', end: '2026-10-31' },
    });
    const loan = await newLoan(db, employee, demand, {
      status: LoanStatus.ACTIVE,
      hoursPerWeek: 40,
      hourlyRateCents: rateCents,
      ...overrides,
    });
    return {
      loan,
      lender,
      borrower,
      employee,
      lenderHr: sut.as(await newHr(db, lender)),
      borrowerHr: sut.as(await newHr(db, borrower)),
    };
  }

  /** Hours registered by the borrower and, unless `status` says otherwise, approved by the lender. */
  async function hours(
    p: Party,
    date: string,
    value: number,
    status: 'APPROVED' | 'SUBMITTED' | 'COUNTER_ACCEPTED' = 'APPROVED',
    counter?: number,
  ): Promise<string> {
    const { submitHours } = await p.borrowerHr.ok(SUBMIT, {
      input: { loanId: p.loan.id, date, hours: value },
    });
    if (status === 'APPROVED') await p.lenderHr.ok(APPROVE, { id: submitHours.id });
    if (status === 'COUNTER_ACCEPTED') {
      await p.lenderHr.ok(DISPUTE, { id: submitHours.id, counterHours: counter });
      await p.borrowerHr.ok(ACCEPT, { id: submitHours.id });
    }
    return submitHours.id;
  }

  /** A loan the borrower cancelled at `endedAt`, with the charge the lending module recorded. */
  async function cancelledLoan(
    pool: Pool,
    rateCents: number,
    endedAt: string,
    charge: number | null,
  ) {
    return aLoan(pool, rateCents, {
      status: LoanStatus.CANCELLED,
      period: { start: '2026-09-21', end: '2026-10-16' },
      endedAt: new Date(endedAt),
      lateCancellationChargeHours: charge,
    });
  }

  const byLoan = (month: Json) =>
    Object.fromEntries(
      month.settlements.edges.map((e: Json) => [e.node.loanId, e.node] as [string, Json]),
    );

  it('bills approved hours × the loan rate per loan, plus late cancellation, in whole cents and without margin', async () => {
    const pool = await newPool(db);
    const coordinator = sut.as(await newCoordinator(db, pool));
    const first = await aLoan(pool, 4567);
    await hours(first, '2026-09-07', 7.25);
    await hours(first, '2026-09-08', 8);
    await hours(first, '2026-09-09', 8, 'COUNTER_ACCEPTED', 6);
    await hours(first, '2026-10-05', 4); // October: not in September's settlement
    const second = await aLoan(pool, 4321);
    await hours(second, '2026-09-14', 8);
    await hours(second, '2026-09-30', 2.5);
    const late = await cancelledLoan(pool, 3999, '2026-09-20T10:00:00Z', 8);
    // Cancelled on 1 October at 00:30 in the Netherlands: October's charge.
    const lateInOctober = await cancelledLoan(pool, 3000, '2026-09-30T22:30:00Z', 8);
    const inTime = await cancelledLoan(pool, 3000, '2026-09-10T10:00:00Z', null);
    const elsewhere = await aLoan(await newPool(db), 5000);
    await hours(elsewhere, '2026-09-07', 8);

    const { closeSettlementMonth: month } = await coordinator.ok(CLOSE, {
      poolId: pool.id,
      month: '2026-09',
    });
    // 21.25 h × 4567 = 97,048.75 → 97,049; 10.5 h × 4321 = 45,370.5 → 45,371 (half away from
    // zero); late cancellation 8 h × 3999 = 31,992. Total 174,412.
    expect(month).toMatchObject({
      poolId: pool.id,
      month: '2026-09',
      leftOutEntries: 0,
      settlementCount: 3,
      totalAmountCents: 174_412,
    });
    const rows = byLoan(month);
    expect(Object.keys(rows).sort()).toEqual([first.loan.id, second.loan.id, late.loan.id].sort());
    expect(rows[first.loan.id]).toEqual({
      id: expect.any(String),
      loanId: first.loan.id,
      poolId: pool.id,
      lenderCompanyId: first.lender.id,
      borrowerCompanyId: first.borrower.id,
      employeeId: first.employee.id,
      month: '2026-09',
      approvedHours: 21.25,
      entryCount: 3,
      hourlyRateCents: 4567,
      hoursAmountCents: 97_049,
      lateCancellationHours: 0,
      lateCancellationAmountCents: 0,
      totalAmountCents: 97_049,
    });
    expect(rows[second.loan.id]).toMatchObject({
      approvedHours: 10.5,
      entryCount: 2,
      hoursAmountCents: 45_371,
      totalAmountCents: 45_371,
    });
    expect(rows[late.loan.id]).toMatchObject({
      approvedHours: 0,
      entryCount: 0,
      hourlyRateCents: 3999,
      hoursAmountCents: 0,
      lateCancellationHours: 8,
      lateCancellationAmountCents: 31_992,
      totalAmountCents: 31_992,
    });
    expect(rows[lateInOctober.loan.id]).toBeUndefined();
    expect(rows[inTime.loan.id]).toBeUndefined();

    const october = await coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-10' });
    const octoberRows = byLoan(october.closeSettlementMonth);
    expect(octoberRows[first.loan.id]).toMatchObject({
      approvedHours: 4,
      totalAmountCents: 18_268,
    });
    expect(octoberRows[lateInOctober.loan.id]).toMatchObject({
      lateCancellationAmountCents: 24_000,
    });
  });

  it('closing a month twice gives the same result and no duplicates', async () => {
    const pool = await newPool(db);
    const p = await aLoan(pool, 5000);
    await hours(p, '2026-09-07', 8);
    const coordinator = sut.as(await newCoordinator(db, pool));
    const once = await coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-09' });
    const twice = await coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-09' });
    const byAdmin = await sut
      .as(await newAdmin(db))
      .ok(CLOSE, { poolId: pool.id, month: '2026-09' });
    expect(twice).toEqual(once);
    expect(byAdmin).toEqual(once);
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-08' })),
    );
    expect(new Set(concurrent.map((c) => c.closeSettlementMonth.id)).size).toBe(1);
    expect(await db.getRepository(Settlement).countBy({ loanId: p.loan.id })).toBe(1);
    expect(once.closeSettlementMonth.totalAmountCents).toBe(40_000);
  });

  it('refuses to close while hours wait for a side unless forced; hours of a closed month can no longer change', async () => {
    const pool = await newPool(db);
    const coordinator = sut.as(await newCoordinator(db, pool));
    const p = await aLoan(pool, 5000);
    await hours(p, '2026-09-07', 8);
    const pending = await hours(p, '2026-09-08', 6, 'SUBMITTED');
    const disputed = await hours(p, '2026-09-09', 6, 'SUBMITTED');
    await p.lenderHr.ok(DISPUTE, { id: disputed, counterHours: 5 });

    expect(await failure(coordinator, CLOSE, { poolId: pool.id, month: '2026-09' })).toEqual({
      code: 'CONFLICT',
      reason: 'PENDING_ENTRIES',
    });
    const forced = await coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-09', force: true });
    expect(forced.closeSettlementMonth).toMatchObject({
      leftOutEntries: 2,
      settlementCount: 1,
      totalAmountCents: 40_000,
    });

    const closed = { code: 'CONFLICT', reason: 'MONTH_CLOSED' };
    expect(await failure(p.lenderHr, APPROVE, { id: pending })).toEqual(closed);
    expect(await failure(p.borrowerHr, ACCEPT, { id: disputed })).toEqual(closed);
    expect(
      await failure(p.borrowerHr, SUBMIT, {
        input: { loanId: p.loan.id, date: '2026-09-10', hours: 4 },
      }),
    ).toEqual(closed);
    expect(
      await failure(p.borrowerHr, SUBMIT, {
        input: { loanId: p.loan.id, date: '2026-09-08', hours: 4 },
      }),
    ).toEqual(closed);
    // October is still open.
    await hours(p, '2026-10-01', 4);
    const entry = await db.getRepository(TimesheetEntry).findOneByOrFail({ id: pending });
    expect(entry.status).toBe(TimesheetStatus.SUBMITTED);
  });

  it('approvals racing a close are either billed or refused, never approved and left out', async () => {
    const pool = await newPool(db);
    const coordinator = sut.as(await newCoordinator(db, pool));
    const parties = await Promise.all([aLoan(pool, 4000), aLoan(pool, 4100), aLoan(pool, 4200)]);
    const entries: { party: Party; id: string }[] = [];
    for (const party of parties) {
      for (const date of ['2026-09-14', '2026-09-15']) {
        entries.push({ party, id: await hours(party, date, 7.5, 'SUBMITTED') });
      }
    }
    const results = await Promise.all([
      ...entries.map((e) => e.party.lenderHr.send(APPROVE, { id: e.id })),
      coordinator.send(CLOSE, { poolId: pool.id, month: '2026-09', force: true }),
    ]);
    for (const r of results.slice(0, -1)) {
      if (r.errors) expect(r.errors[0].extensions).toMatchObject({ reason: 'MONTH_CLOSED' });
    }
    expect(results[results.length - 1].errors).toBeUndefined();
    const [{ approved }] = await db.query(
      `SELECT COALESCE(sum(t.hours), 0)::float8 AS approved FROM timesheet_entry t
       JOIN loan l ON l.id = t.loan_id WHERE l.pool_id = $1 AND t.status = 'APPROVED'`,
      [pool.id],
    );
    const [{ settled, left }] = await db.query(
      `SELECT COALESCE(sum(s.approved_hours), 0)::float8 AS settled,
              (SELECT left_out_entries FROM settlement_month WHERE pool_id = $1) AS left
       FROM settlement s WHERE s.pool_id = $1`,
      [pool.id],
    );
    expect(settled).toBe(approved);
    expect(left).toBe(entries.length - approved / 7.5);
  });

  it('only the pool coordinators and ADMIN close a month, and only a month that is over', async () => {
    const pool = await newPool(db);
    const p = await aLoan(pool, 5000);
    const args = { poolId: pool.id, month: '2026-09' };
    expect(await failure(p.lenderHr, CLOSE, args)).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await failure(sut.as(await newCoordinator(db, await newPool(db))), CLOSE, args),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(sut.as(await newEmployeeUser(db, p.employee)), CLOSE, args)).toMatchObject(
      { code: 'FORBIDDEN' },
    );
    expect(await failure(sut.anonymous, CLOSE, args)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const coordinator = sut.as(await newCoordinator(db, pool));
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(await failure(coordinator, CLOSE, { poolId: pool.id, month: thisMonth })).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'MONTH_NOT_OVER',
    });
    expect((await failure(coordinator, CLOSE, { poolId: pool.id, month: '2026-13' })).code).toBe(
      'BAD_USER_INPUT',
    );
    const admin = sut.as(await newAdmin(db));
    expect(
      (
        await failure(admin, CLOSE, {
          poolId: '00000000-0000-4000-8000-000000000000',
          month: '2026-09',
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect(await db.query(`SELECT 1 FROM settlement_month WHERE pool_id = $1`, [pool.id])).toEqual(
      [],
    );
  });

  it('settlements: lender and borrower see their own, coordinators their pools’, employees and strangers none', async () => {
    const pool = await newPool(db);
    const a = await aLoan(pool, 4000);
    const b = await aLoan(pool, 4500);
    await hours(a, '2026-09-07', 8);
    await hours(a, '2026-10-05', 2);
    await hours(b, '2026-09-07', 4);
    const coordinator = sut.as(await newCoordinator(db, pool));
    await coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-09' });
    await coordinator.ok(CLOSE, { poolId: pool.id, month: '2026-10' });

    const seen = async (client: GqlClient, args: Record<string, unknown> = {}) =>
      (await client.ok(SETTLEMENTS, args)).settlements.edges.map(
        (e: Json) => `${e.node.loanId === a.loan.id ? 'a' : 'b'}:${e.node.month}`,
      );
    expect(await seen(a.lenderHr)).toEqual(['a:2026-09', 'a:2026-10']);
    expect(await seen(a.borrowerHr, { month: '2026-10' })).toEqual(['a:2026-10']);
    expect(await seen(b.borrowerHr)).toEqual(['b:2026-09']);
    expect((await seen(coordinator, { month: '2026-09' })).sort()).toEqual([
      'a:2026-09',
      'b:2026-09',
    ]);
    expect(await seen(coordinator, { loanId: b.loan.id })).toEqual(['b:2026-09']);
    expect(await seen(coordinator, { companyId: a.lender.id })).toEqual(['a:2026-09', 'a:2026-10']);
    expect(await seen(sut.as(await newCoordinator(db, await newPool(db))))).toEqual([]);
    expect(await seen(sut.as(await newEmployeeUser(db, a.employee)))).toEqual([]);
    expect(await seen(sut.as(await newHr(db, await newMember(db, pool))))).toEqual([]);
    expect(await seen(a.lenderHr, { companyId: b.lender.id })).toEqual([]);
  });
});
