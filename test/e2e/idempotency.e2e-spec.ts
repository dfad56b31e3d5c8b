import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { SettlementMonth } from '../../src/lending/settlement.entity';
import { TimesheetEntry } from '../../src/lending/timesheet.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { Pool } from '../../src/pools/pool.entity';
import {
  inDays,
  newCoordinator,
  newDemand,
  newEmployee,
  newHr,
  newMember,
  newPool,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import { GqlClient, GqlResponse, Json, startTestApp, TestApp } from '../support/test-app';

const POST = `mutation($input: PostDemandInput!, $key: String) {
  postDemand(input: $input, idempotencyKey: $key) { id title status version } }`;
const CONFIRM = `mutation($id: ID!, $key: String) {
  confirmProposal(id: $id, idempotencyKey: $key) { id status } }`;
const SUBMIT = `mutation($input: SubmitHoursInput!, $key: String) {
  submitHours(input: $input, idempotencyKey: $key) { id hours status version } }`;
const CLOSE = `mutation($poolId: ID!, $month: String!, $force: Boolean, $key: String) {
  closeSettlementMonth(poolId: $poolId, month: $month, force: $force, idempotencyKey: $key) {
    id month settlementCount totalAmountCents } }`;

/** Concurrent identical calls, as a client retrying on a timeout would send them. */
const BURST = 8;

/**
 * Idempotency keys: a retried mutation with the same key returns the first result and writes
 * nothing more, also when the retries arrive at the same moment; the same key with another
 * payload is refused.
 */
describe('idempotency keys (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    // Every call of a burst holds a connection of its own while it waits for the first.
    sut = await startTestApp({ DB_POOL_SIZE: '20' });
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  const demandInput = (pool: Pool, title = 'Two installers for a heat-pump retrofit') => ({
    poolId: pool.id,
    title,
    sitePostcode: '8232aa',
    siteCity: 'Lelystad',
    siteLatitude: 52.5185,
    siteLongitude: 5.4714,
    startDate: inDays(14),
    endDate: inDays(41),
    hoursPerWeek: 32,
    headcount: 2,
    requirements: [],
  });

  async function aBorrower(): Promise<{ pool: Pool; company: Company; hr: GqlClient }> {
    const pool = await newPool(db);
    const company = await newMember(db, pool);
    return { pool, company, hr: sut.as(await newHr(db, company)) };
  }

  /** Fires `count` identical requests at once. */
  const burst = (client: GqlClient, query: string, variables: Record<string, unknown>) =>
    Promise.all(Array.from({ length: BURST }, () => client.send(query, variables)));

  const dataOf = (responses: GqlResponse<Json>[]) =>
    responses.map((r) => (r.errors ? `error: ${JSON.stringify(r.errors)}` : r.data));

  it('postDemand: a replay returns the first demand and writes nothing more', async () => {
    const { pool, company, hr } = await aBorrower();
    const key = randomUUID();
    const first = await hr.ok(POST, { input: demandInput(pool), key });
    const again = await hr.ok(POST, { input: demandInput(pool), key });
    expect(again).toEqual(first);
    expect(await db.getRepository(DemandRequest).countBy({ companyId: company.id })).toBe(1);

    // Without a key every call is a new demand.
    await hr.ok(POST, { input: demandInput(pool) });
    expect(await db.getRepository(DemandRequest).countBy({ companyId: company.id })).toBe(2);
  });

  it('postDemand: the same key with another payload is CONFLICT (IDEMPOTENCY_KEY_REUSED)', async () => {
    const { pool, company, hr } = await aBorrower();
    const key = randomUUID();
    await hr.ok(POST, { input: demandInput(pool), key });
    const res = await hr.send(POST, { input: demandInput(pool, 'Another peak'), key });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await db.getRepository(DemandRequest).countBy({ companyId: company.id })).toBe(1);
  });

  it('postDemand: concurrent calls with one key make exactly one demand and answer identically', async () => {
    const { pool, company, hr } = await aBorrower();
    const responses = await burst(hr, POST, { input: demandInput(pool), key: randomUUID() });
    const answers = dataOf(responses);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ postDemand: { status: 'OPEN' } });
    expect(await db.getRepository(DemandRequest).countBy({ companyId: company.id })).toBe(1);
  });

  it('keys are per user: another HR manager may use the same key for its own demand', async () => {
    const a = await aBorrower();
    const b = await aBorrower();
    const key = randomUUID();
    const first = await a.hr.ok(POST, { input: demandInput(a.pool), key });
    const second = await b.hr.ok(POST, { input: demandInput(b.pool), key });
    expect(second.postDemand.id).not.toBe(first.postDemand.id);
  });

  it('an expired key is forgotten: the call runs again', async () => {
    const { pool, company, hr } = await aBorrower();
    const key = randomUUID();
    const first = await hr.ok(POST, { input: demandInput(pool), key });
    await db.query(
      `UPDATE idempotency_key SET created_at = now() - make_interval(hours => $2 + 1) WHERE key = $1`,
      [key, sut.config.IDEMPOTENCY_KEY_TTL_HOURS],
    );
    const later = await hr.ok(POST, { input: demandInput(pool), key });
    expect(later.postDemand.id).not.toBe(first.postDemand.id);
    expect(await db.getRepository(DemandRequest).countBy({ companyId: company.id })).toBe(2);
    expect(await db.query(`SELECT 1 FROM idempotency_key WHERE key = $1`, [key])).toHaveLength(1);
  });

  it('a call that fails keeps no key', async () => {
    const { pool, hr } = await aBorrower();
    const key = randomUUID();
    const tooSoon = { ...demandInput(pool), startDate: inDays(0), endDate: inDays(3) };
    expect(await hr.errorCode(POST, { input: tooSoon, key })).toBe('BAD_USER_INPUT');
    expect(await db.query(`SELECT 1 FROM idempotency_key WHERE key = $1`, [key])).toHaveLength(0);
  });

  /** A consented proposal of a lender's employee for a borrower's demand. */
  async function aConsentedProposal() {
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    const demand = await newDemand(db, borrower, pool);
    const proposal = await newProposal(db, employee, demand, ProposalStatus.EMPLOYEE_CONSENTED);
    return { proposal, employee, hr: sut.as(await newHr(db, borrower)) };
  }

  it('confirmProposal: concurrent confirmations with one key book one loan and answer identically', async () => {
    const { proposal, employee, hr } = await aConsentedProposal();
    const key = randomUUID();
    const answers = dataOf(await burst(hr, CONFIRM, { id: proposal.id, key }));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ confirmProposal: { status: LoanStatus.PLANNED } });
    expect(await db.getRepository(Loan).countBy({ employeeId: employee.id })).toBe(1);
    // A later retry still gets the loan, not PROPOSAL_EXPIRED or a wrong-status CONFLICT.
    expect(await hr.ok(CONFIRM, { id: proposal.id, key })).toEqual(answers[0]);
  });

  /** An active loan over September and October 2026, and the borrower's HR. */
  async function aLoan(): Promise<{ pool: Pool; loan: Loan; employee: Employee; hr: GqlClient }> {
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    const demand = await newDemand(db, borrower, pool, {
      period: { start: '2026-09-01', end: '2026-10-31' },
    });
    const loan = await newLoan(db, employee, demand, {
      status: LoanStatus.ACTIVE,
      hoursPerWeek: 40,
    });
    return { pool, loan, employee, hr: sut.as(await newHr(db, borrower)) };
  }

  it('submitHours: concurrent submissions with one key write one entry and answer identically', async () => {
    const { loan, hr } = await aLoan();
    const input = { loanId: loan.id, date: '2026-09-07', hours: 7.5 };
    const answers = dataOf(await burst(hr, SUBMIT, { input, key: randomUUID() }));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ submitHours: { hours: 7.5, version: 1 } });
    expect(await db.getRepository(TimesheetEntry).countBy({ loanId: loan.id })).toBe(1);
  });

  it('submitHours: a correction under the key of the first submission is refused', async () => {
    const { loan, hr } = await aLoan();
    const key = randomUUID();
    await hr.ok(SUBMIT, { input: { loanId: loan.id, date: '2026-09-08', hours: 6 }, key });
    const res = await hr.send(SUBMIT, {
      input: { loanId: loan.id, date: '2026-09-08', hours: 8 },
      key,
    });
    expect(res.errors?.[0].extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    const [entry] = await db.getRepository(TimesheetEntry).findBy({ loanId: loan.id });
    expect(Number(entry.hours)).toBe(6);
  });

  it('closeSettlementMonth: concurrent closes with one key settle the month once', async () => {
    const { pool, loan, hr } = await aLoan();
    await hr.ok(SUBMIT, { input: { loanId: loan.id, date: '2026-09-09', hours: 8 } });
    const coordinator = sut.as(await newCoordinator(db, pool));
    const key = randomUUID();
    const variables = { poolId: pool.id, month: '2026-09', force: true, key };
    const answers = dataOf(await burst(coordinator, CLOSE, variables));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ closeSettlementMonth: { month: '2026-09' } });
    expect(await db.getRepository(SettlementMonth).countBy({ poolId: pool.id })).toBe(1);
    const res = await coordinator.send(CLOSE, { ...variables, force: false });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('an idempotency key must be 1 to 200 printable characters', async () => {
    const { pool, hr } = await aBorrower();
    for (const key of ['', 'with space', 'x'.repeat(201)]) {
      expect(await hr.errorCode(POST, { input: demandInput(pool), key })).toBe('BAD_USER_INPUT');
    }
  });
});
