import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { TimesheetEntry } from '../../src/lending/timesheet.entity';
import { Pool } from '../../src/pools/pool.entity';
import {
  inDays,
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

const ENTRY = 'id loanId employeeId date hours status counterHours note disputeNote version';
const SUBMIT = `mutation($input: SubmitHoursInput!) { submitHours(input: $input) { ${ENTRY} } }`;
const APPROVE = `mutation($id: ID!, $version: Int) { approveHours(id: $id, version: $version) { ${ENTRY} decidedAt } }`;
const DISPUTE = `mutation($id: ID!, $counterHours: Float!, $note: String!, $version: Int) {
  disputeHours(id: $id, counterHours: $counterHours, note: $note, version: $version) { ${ENTRY} } }`;
const ACCEPT = `mutation($id: ID!, $version: Int) { acceptCounterProposal(id: $id, version: $version) { ${ENTRY} } }`;
const LIST = `query($loanId: ID, $from: Date, $to: Date, $status: [TimesheetStatus!], $first: Int, $after: String) {
  timesheetEntries(loanId: $loanId, from: $from, to: $to, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } } } }`;

/** Monday 7 September 2026 and the days after it: a past week, so hours may be registered. */
const MON = '2026-09-07';
const TUE = '2026-09-08';
const WED = '2026-09-09';
const THU = '2026-09-10';
const FRI = '2026-09-11';
const SAT = '2026-09-12';
const WEEK = [MON, TUE, WED, THU, FRI];
const MORNINGS = [0, 2, 4, 6, 8];
const AFTERNOONS = [1, 3, 5, 7, 9];

/** The first error's code and reason. */
async function failure(client: GqlClient, query: string, variables: Record<string, unknown>) {
  const res = await client.send(query, variables);
  if (!res.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(res.data)}`);
  return { code: res.errors[0].extensions?.code, reason: res.errors[0].extensions?.reason };
}

describe('hours on loans (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  interface LoanWorld {
    pool: Pool;
    lender: Company;
    borrower: Company;
    employee: Employee;
    loan: Loan;
    lenderHr: GqlClient;
    borrowerHr: GqlClient;
  }

  /** A loan over September and October 2026 of a lender's employee to a borrower. */
  async function aLoan(
    overrides: Partial<Loan> = {},
    world: { pool?: Pool; lender?: Company; employee?: Employee } = {},
  ): Promise<LoanWorld> {
    const pool = world.pool ?? (await newPool(db));
    const lender = world.lender ?? (await newMember(db, pool));
    const borrower = await newMember(db, pool);
    const employee = world.employee ?? (await newEmployee(db, lender));
    const demand = await newDemand(db, borrower, pool, {
      period: { start: '2026-09-01', end: '2026-10-31' },
    });
    const loan = await newLoan(db, employee, demand, {
      status: LoanStatus.ACTIVE,
      hoursPerWeek: 40,
      ...overrides,
    });
    return {
      pool,
      lender,
      borrower,
      employee,
      loan,
      lenderHr: sut.as(await newHr(db, lender)),
      borrowerHr: sut.as(await newHr(db, borrower)),
    };
  }

  /** Two loans of one employee to two borrowers: mornings to the first, afternoons to the second. */
  async function twoLoans(morning: Partial<Loan> = {}, afternoon: Partial<Loan> = {}) {
    const a = await aLoan({ halfDays: MORNINGS, ...morning });
    const b = await aLoan(
      { halfDays: AFTERNOONS, ...afternoon },
      { pool: a.pool, lender: a.lender, employee: a.employee },
    );
    return { a, b };
  }

  const submit = (client: GqlClient, loan: Loan, date: string, hours: number, note?: string) =>
    client.ok(SUBMIT, { input: { loanId: loan.id, date, hours, note } });

  it('the borrower registers hours on a loan day and the lender approves them', async () => {
    const w = await aLoan();
    const data = await submit(w.borrowerHr, w.loan, MON, 7.25, 'Laid the cable trays');
    expect(data.submitHours).toEqual({
      id: expect.any(String),
      loanId: w.loan.id,
      employeeId: w.employee.id,
      date: MON,
      hours: 7.25,
      status: 'SUBMITTED',
      counterHours: null,
      note: 'Laid the cable trays',
      disputeNote: null,
      version: 1,
    });
    const approved = await w.lenderHr.ok(APPROVE, { id: data.submitHours.id, version: 1 });
    expect(approved.approveHours).toMatchObject({
      status: 'APPROVED',
      hours: 7.25,
      version: 2,
      decidedAt: expect.any(String),
    });
    const audit: { action: string; after: { status: string } }[] = await sut.db.query(
      `SELECT action, after FROM audit_event WHERE entity_type = 'TIMESHEET_ENTRY' AND entity_id = $1 ORDER BY seq`,
      [data.submitHours.id],
    );
    expect(audit.map((a) => [a.action, a.after.status])).toEqual([
      ['timesheet.submitted', 'SUBMITTED'],
      ['timesheet.approved', 'APPROVED'],
    ]);
  });

  it('refuses hours outside the loan period, on a weekday without a half-day, in the future, or of an impossible size', async () => {
    const w = await aLoan({ halfDays: [...MORNINGS, ...AFTERNOONS] });
    const attempt = (date: string, hours = 8) =>
      failure(w.borrowerHr, SUBMIT, { input: { loanId: w.loan.id, date, hours } });
    expect(await attempt('2026-08-31')).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'OUTSIDE_PERIOD',
    });
    expect(await attempt('2026-11-02')).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'OUTSIDE_PERIOD',
    });
    expect(await attempt(SAT)).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_A_LOAN_DAY' });
    expect((await attempt(MON, 0)).code).toBe('BAD_USER_INPUT');
    expect((await attempt(MON, 12.5)).code).toBe('BAD_USER_INPUT');
    expect((await attempt(MON, 7.125)).code).toBe('BAD_USER_INPUT');
    expect((await attempt('2026-09-31')).code).toBe('BAD_USER_INPUT');

    const running = await aLoan({
      halfDays: Array.from({ length: 14 }, (_, i) => i),
      period: { start: inDays(-20), end: inDays(20) },
    });
    expect(
      await failure(running.borrowerHr, SUBMIT, {
        // Two days ahead: "today" is the pool's (Amsterdam) date, a day ahead of UTC's late at night.
        input: { loanId: running.loan.id, date: inDays(2), hours: 4 },
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', reason: 'FUTURE_DATE' });
    await submit(running.borrowerHr, running.loan, inDays(-1), 4);

    const cancelledBeforeStart = await aLoan({
      status: LoanStatus.CANCELLED,
      endedAt: new Date('2026-08-25T10:00:00Z'),
    });
    expect(
      await failure(cancelledBeforeStart.borrowerHr, SUBMIT, {
        input: { loanId: cancelledBeforeStart.loan.id, date: MON, hours: 4 },
      }),
    ).toEqual({ code: 'CONFLICT', reason: 'LOAN_CANCELLED' });
    // Cancelled on Wednesday 9 September: the days worked until then can still be registered.
    const cancelledMidway = await aLoan({
      status: LoanStatus.CANCELLED,
      endedAt: new Date('2026-09-09T12:00:00Z'),
    });
    await submit(cancelledMidway.borrowerHr, cancelledMidway.loan, WED, 4);
    expect(
      await failure(cancelledMidway.borrowerHr, SUBMIT, {
        input: { loanId: cancelledMidway.loan.id, date: THU, hours: 4 },
      }),
    ).toEqual({ code: 'CONFLICT', reason: 'LOAN_CANCELLED' });
    expect(await db.getRepository(TimesheetEntry).countBy({ loanId: w.loan.id })).toBe(0);
  });

  it('only the borrower registers hours, only the lender decides on them, and others do not learn the loan exists', async () => {
    const w = await aLoan();
    const stranger = sut.as(await newHr(db, await newMember(db, w.pool)));
    const coordinator = sut.as(await newCoordinator(db, w.pool));
    const employee = sut.as(await newEmployeeUser(db, w.employee));
    const input = { input: { loanId: w.loan.id, date: MON, hours: 8 } };

    expect(await failure(w.lenderHr, SUBMIT, input)).toEqual({
      code: 'FORBIDDEN',
      reason: 'NOT_BORROWER',
    });
    expect((await failure(stranger, SUBMIT, input)).code).toBe('NOT_FOUND');
    expect((await failure(coordinator, SUBMIT, input)).code).toBe('FORBIDDEN');
    expect((await failure(employee, SUBMIT, input)).code).toBe('FORBIDDEN');
    expect((await failure(sut.anonymous, SUBMIT, input)).code).toBe('UNAUTHENTICATED');

    const { submitHours: entry } = await w.borrowerHr.ok(SUBMIT, input);
    expect(await failure(w.borrowerHr, APPROVE, { id: entry.id })).toEqual({
      code: 'FORBIDDEN',
      reason: 'NOT_LENDER',
    });
    expect((await failure(stranger, APPROVE, { id: entry.id })).code).toBe('NOT_FOUND');
    expect((await failure(coordinator, APPROVE, { id: entry.id })).code).toBe('FORBIDDEN');
    expect(
      await failure(w.borrowerHr, DISPUTE, { id: entry.id, counterHours: 6, note: 'No' }),
    ).toEqual({ code: 'FORBIDDEN', reason: 'NOT_LENDER' });
    await w.lenderHr.ok(DISPUTE, { id: entry.id, counterHours: 6, note: 'Left at 14:00' });
    expect(await failure(w.lenderHr, ACCEPT, { id: entry.id })).toEqual({
      code: 'FORBIDDEN',
      reason: 'NOT_BORROWER',
    });
    expect((await failure(stranger, ACCEPT, { id: entry.id })).code).toBe('NOT_FOUND');
    const row = await db.getRepository(TimesheetEntry).findOneByOrFail({ id: entry.id });
    expect({ status: row.status, hours: row.hours, version: row.version }).toEqual({
      status: 'DISPUTED',
      hours: 8,
      version: 2,
    });
  });

  it("keeps a loan's hours within its hours per week (ISO week); a correction replaces, never adds", async () => {
    const w = await aLoan({ hoursPerWeek: 16 });
    const { submitHours: monday } = await submit(w.borrowerHr, w.loan, MON, 8);
    await submit(w.borrowerHr, w.loan, TUE, 8);
    expect(
      await failure(w.borrowerHr, SUBMIT, { input: { loanId: w.loan.id, date: WED, hours: 0.5 } }),
    ).toEqual({ code: 'CONFLICT', reason: 'LOAN_WEEK_HOURS' });

    const corrected = await submit(w.borrowerHr, w.loan, MON, 6);
    expect(corrected.submitHours).toMatchObject({ id: monday.id, hours: 6, version: 2 });
    await submit(w.borrowerHr, w.loan, WED, 2);
    // The next ISO week starts afresh.
    await submit(w.borrowerHr, w.loan, '2026-09-14', 8);
    const week = await w.borrowerHr.ok(LIST, { loanId: w.loan.id, from: MON, to: '2026-09-13' });
    expect(week.timesheetEntries.edges.map((e: Json) => e.node.hours)).toEqual([6, 8, 2]);
  });

  it('Working Hours Act: at most 12 hours a day over all of the employee’s loans, at different borrowers', async () => {
    const { a, b } = await twoLoans();
    await submit(a.borrowerHr, a.loan, MON, 8);
    expect(
      await failure(b.borrowerHr, SUBMIT, { input: { loanId: b.loan.id, date: MON, hours: 4.5 } }),
    ).toEqual({ code: 'CONFLICT', reason: 'WORKING_HOURS_DAY' });
    const res = await b.borrowerHr.send(SUBMIT, {
      input: { loanId: b.loan.id, date: MON, hours: 4.5 },
    });
    // The other borrower's figures are not revealed.
    expect(res.errors?.[0].message).not.toMatch(/\b8\b/);
    await submit(b.borrowerHr, b.loan, MON, 4);
    // A counter-proposal must respect the limit too, or accepting it could not.
    const { submitHours: tuesday } = await submit(b.borrowerHr, b.loan, TUE, 2);
    await submit(a.borrowerHr, a.loan, TUE, 9);
    expect(
      await failure(b.lenderHr, DISPUTE, { id: tuesday.id, counterHours: 4, note: 'More' }),
    ).toEqual({ code: 'CONFLICT', reason: 'WORKING_HOURS_DAY' });
  });

  it('Working Hours Act: at most 60 hours an ISO week over all of the employee’s loans', async () => {
    const { a, b } = await twoLoans(
      { hoursPerWeek: 50 },
      { hoursPerWeek: 20, halfDays: [...AFTERNOONS, 10] },
    );
    for (const day of WEEK) {
      await submit(a.borrowerHr, a.loan, day, 10);
      await submit(b.borrowerHr, b.loan, day, 2);
    }
    expect(
      await failure(b.borrowerHr, SUBMIT, { input: { loanId: b.loan.id, date: SAT, hours: 0.25 } }),
    ).toEqual({ code: 'CONFLICT', reason: 'WORKING_HOURS_WEEK' });
    // Saturday of the next week is another ISO week.
    await submit(b.borrowerHr, b.loan, '2026-09-19', 0.25);
  });

  it('holds the 12-hour day when two borrowers submit for the same employee and day at the same moment', async () => {
    const { a, b } = await twoLoans();
    for (const day of [...WEEK, '2026-09-14', '2026-09-15', '2026-09-16']) {
      const results = await Promise.all([
        a.borrowerHr.send(SUBMIT, { input: { loanId: a.loan.id, date: day, hours: 8 } }),
        b.borrowerHr.send(SUBMIT, { input: { loanId: b.loan.id, date: day, hours: 8 } }),
      ]);
      const outcomes = results.map((r) =>
        r.errors ? `${r.errors[0].extensions?.code}/${r.errors[0].extensions?.reason}` : 'OK',
      );
      expect({ day, outcomes: outcomes.sort() }).toEqual({
        day,
        outcomes: ['CONFLICT/WORKING_HOURS_DAY', 'OK'],
      });
    }
    const days: { day: string; hours: string }[] = await db.query(
      `SELECT work_date::text AS day, sum(hours)::text AS hours FROM timesheet_entry
       WHERE employee_id = $1 GROUP BY work_date ORDER BY work_date`,
      [a.employee.id],
    );
    expect(days).toHaveLength(8);
    for (const d of days) expect(Number(d.hours)).toBeLessThanOrEqual(12);
  });

  it('a dispute carries a counter-proposal that the borrower accepts, or answers with a correction', async () => {
    const w = await aLoan();
    const { submitHours: first } = await submit(w.borrowerHr, w.loan, MON, 8);
    expect(
      await failure(w.lenderHr, DISPUTE, { id: first.id, counterHours: 8, note: 'Same' }),
    ).toEqual({ code: 'BAD_USER_INPUT', reason: 'SAME_HOURS' });
    const disputed = await w.lenderHr.ok(DISPUTE, {
      id: first.id,
      counterHours: 6,
      note: 'He left at two',
      version: 1,
    });
    expect(disputed.disputeHours).toMatchObject({
      status: 'DISPUTED',
      hours: 8,
      counterHours: 6,
      disputeNote: 'He left at two',
      version: 2,
    });
    expect(
      await failure(w.lenderHr, DISPUTE, { id: first.id, counterHours: 5, note: 'x2' }),
    ).toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_STATUS' });
    const accepted = await w.borrowerHr.ok(ACCEPT, { id: first.id, version: 2 });
    expect(accepted.acceptCounterProposal).toMatchObject({
      status: 'COUNTER_ACCEPTED',
      hours: 6,
      counterHours: 6,
      version: 3,
    });
    // Decided hours are final.
    expect(await failure(w.lenderHr, APPROVE, { id: first.id })).toEqual({
      code: 'CONFLICT',
      reason: 'ILLEGAL_STATUS',
    });
    expect(
      await failure(w.borrowerHr, SUBMIT, { input: { loanId: w.loan.id, date: MON, hours: 7 } }),
    ).toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_STATUS' });

    const { submitHours: second } = await submit(w.borrowerHr, w.loan, TUE, 8);
    await w.lenderHr.ok(DISPUTE, { id: second.id, counterHours: 7, note: 'Lunch is unpaid' });
    const answer = await submit(w.borrowerHr, w.loan, TUE, 7.5, 'Half-hour lunch');
    expect(answer.submitHours).toMatchObject({
      id: second.id,
      status: 'SUBMITTED',
      hours: 7.5,
      counterHours: null,
      disputeNote: null,
      note: 'Half-hour lunch',
      version: 3,
    });
    // The lender decided on version 2; the correction made it 3.
    expect(await failure(w.lenderHr, APPROVE, { id: second.id, version: 2 })).toEqual({
      code: 'CONFLICT',
      reason: 'STALE_VERSION',
    });
    expect(
      (await w.lenderHr.ok(APPROVE, { id: second.id, version: 3 })).approveHours,
    ).toMatchObject({ status: 'APPROVED', hours: 7.5 });
    expect(await failure(w.borrowerHr, ACCEPT, { id: second.id })).toEqual({
      code: 'CONFLICT',
      reason: 'ILLEGAL_STATUS',
    });
  });

  it('timesheetEntries: both firms and the employee see a loan’s hours, coordinators without comments, strangers nothing', async () => {
    const w = await aLoan();
    const other = await aLoan({}, { pool: w.pool, lender: w.lender });
    await submit(w.borrowerHr, w.loan, MON, 8, 'Switchboard');
    const { submitHours: tue } = await submit(w.borrowerHr, w.loan, TUE, 7, 'Testing');
    await w.lenderHr.ok(APPROVE, { id: tue.id });
    await submit(w.borrowerHr, w.loan, '2026-10-05', 6);
    await submit(other.borrowerHr, other.loan, MON, 5, 'Elsewhere');

    const dates = (data: Json) => data.timesheetEntries.edges.map((e: Json) => e.node.date);
    const onLoan = { loanId: w.loan.id };
    expect(dates(await w.borrowerHr.ok(LIST, {}))).toEqual([MON, TUE, '2026-10-05']);
    expect(dates(await w.lenderHr.ok(LIST, onLoan))).toEqual([MON, TUE, '2026-10-05']);
    expect((await w.lenderHr.ok(LIST, {})).timesheetEntries.totalCount).toBe(4);
    const own = await sut.as(await newEmployeeUser(db, w.employee)).ok(LIST, onLoan);
    expect(dates(own)).toEqual([MON, TUE, '2026-10-05']);
    const colleague = await newEmployee(db, w.lender);
    expect(dates(await sut.as(await newEmployeeUser(db, colleague)).ok(LIST, {}))).toEqual([]);

    const coordinator = await sut.as(await newCoordinator(db, w.pool)).ok(LIST, onLoan);
    expect(coordinator.timesheetEntries.edges.map((e: Json) => e.node.note)).toEqual([
      null,
      null,
      null,
    ]);
    expect(coordinator.timesheetEntries.edges[0].node).toMatchObject({ hours: 8, date: MON });
    const otherPool = await newPool(db);
    expect(dates(await sut.as(await newCoordinator(db, otherPool)).ok(LIST, {}))).toEqual([]);
    const stranger = sut.as(await newHr(db, await newMember(db, w.pool)));
    expect(dates(await stranger.ok(LIST, onLoan))).toEqual([]);

    expect(dates(await w.lenderHr.ok(LIST, { ...onLoan, status: ['APPROVED'] }))).toEqual([TUE]);
    expect(dates(await w.lenderHr.ok(LIST, { ...onLoan, from: TUE, to: '2026-09-30' }))).toEqual([
      TUE,
    ]);
    const page = await w.lenderHr.ok(LIST, { ...onLoan, first: 2 });
    expect(dates(page)).toEqual([MON, TUE]);
    expect(page.timesheetEntries.pageInfo.hasNextPage).toBe(true);
    const rest = await w.lenderHr.ok(LIST, {
      ...onLoan,
      first: 2,
      after: page.timesheetEntries.pageInfo.endCursor,
    });
    expect(dates(rest)).toEqual(['2026-10-05']);
    expect(await failure(w.lenderHr, LIST, { from: '2026-10-01', to: '2026-09-01' })).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'BOUNDS_REVERSED',
    });
  });
});
