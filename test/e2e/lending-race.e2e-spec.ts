import { Client } from 'pg';
import { DataSource, In } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Company } from '../../src/companies/company.entity';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { Employee } from '../../src/employees/employee.entity';
import { LIVE_LOAN_STATUSES } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { MatchProposal } from '../../src/matching/match-proposal.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { Pool, PoolTerms } from '../../src/pools/pool.entity';
import { inDays, newDemand, newEmployee, newHr, newMember, newPool } from '../support/factories';
import { newProposal } from '../support/matching-factories';
import { GqlClient, GqlResponse, Json, startTestApp, TestApp } from '../support/test-app';

const CONFIRM = `mutation($id: ID!) { confirmProposal(id: $id) { id status halfDays } }`;
const PERIOD = { start: inDays(14), end: inDays(41) };
const TUESDAY = [2, 3];
const THURSDAY = [6, 7];

/**
 * Many borrowers confirm the same employee at once. The database decides: the exclusion
 * constraint `loan_employee_period_half_days_excl` never lets two live loans share a half-day in
 * overlapping periods, whatever the application does.
 */
describe('no double booking under concurrent confirmations (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    // Enough connections for every request in a burst to hold its own transaction.
    sut = await startTestApp({ DB_POOL_SIZE: '24' });
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  interface Contender {
    demand: DemandRequest;
    proposal: MatchProposal;
    hr: GqlClient;
  }

  /** One employee of a lender, consented to `count` demands of different borrowers. */
  async function contenders(
    count: number,
    halfDays: (i: number) => number[] = () => TUESDAY,
  ): Promise<{ pool: Pool; employee: Employee; lender: Company; all: Contender[] }> {
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    const all: Contender[] = [];
    for (let i = 0; i < count; i++) {
      const borrower = await newMember(db, pool);
      const demand = await newDemand(db, borrower, pool, {
        period: PERIOD,
        halfDays: halfDays(i),
        hoursPerWeek: 8,
      });
      const proposal = await newProposal(db, employee, demand, ProposalStatus.EMPLOYEE_CONSENTED);
      all.push({ demand, proposal, hr: sut.as(await newHr(db, borrower)) });
    }
    return { pool, employee, lender, all };
  }

  const liveLoans = (employeeId: string) =>
    db.getRepository(Loan).findBy({ employeeId, status: In([...LIVE_LOAN_STATUSES]) });
  const auditCount = (action: string, entityIds: string[]) =>
    db.getRepository(AuditEvent).countBy({ action, entityId: In(entityIds) });

  function split(responses: GqlResponse<Json>[]) {
    return {
      won: responses.filter((r) => r.data?.confirmProposal),
      lost: responses.filter((r) => r.errors?.length),
    };
  }

  it('fires many confirmations for one employee on the same half-days: exactly one loan, clean CONFLICTs for the rest', async () => {
    const { employee, all } = await contenders(12);
    const responses = await Promise.all(all.map((c) => c.hr.send(CONFIRM, { id: c.proposal.id })));

    const { won, lost } = split(responses);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(11);
    for (const res of lost) {
      expect(res.status).toBe(200);
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(['PROPOSAL_EXPIRED', 'loan_employee_period_half_days_excl']).toContain(
        res.errors?.[0].extensions?.reason,
      );
      expect(res.errors?.[0].message).toMatch(/booked/);
    }
    const loans = await liveLoans(employee.id);
    expect(loans).toHaveLength(1);
    expect(loans[0].id).toBe(won[0].data?.confirmProposal.id);

    const ids = all.map((c) => c.proposal.id);
    expect(await auditCount('proposal.confirmed', ids)).toBe(1);
    expect(await auditCount('loan.created', [loans[0].id])).toBe(1);
    const statuses = await db.getRepository(MatchProposal).findBy({ id: In(ids) });
    expect(statuses.filter((p) => p.status === ProposalStatus.CONFIRMED)).toHaveLength(1);
    expect(statuses.filter((p) => p.status === ProposalStatus.EXPIRED)).toHaveLength(11);
  });

  it('books loans on different half-days of the same weeks concurrently; a shared half-day is refused', async () => {
    const { employee, all } = await contenders(3, (i) => [TUESDAY, THURSDAY, [3]][i]);
    const [tuesday, thursday, tuesdayAfternoon] = all;
    const responses = await Promise.all(
      [tuesday, thursday].map((c) => c.hr.send(CONFIRM, { id: c.proposal.id })),
    );
    expect(responses.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(responses.map((r) => r.data?.confirmProposal.halfDays)).toEqual([
      ['TUESDAY_MORNING', 'TUESDAY_AFTERNOON'],
      ['THURSDAY_MORNING', 'THURSDAY_AFTERNOON'],
    ]);
    expect(await liveLoans(employee.id)).toHaveLength(2);

    const shared = await tuesdayAfternoon.hr.send(CONFIRM, { id: tuesdayAfternoon.proposal.id });
    expect(shared.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await liveLoans(employee.id)).toHaveLength(2);
  });

  it('when a loan is being written elsewhere at the same moment, the exclusion constraint refuses the confirmation and its audit rows roll back with it', async () => {
    const { pool, employee, lender, all } = await contenders(6);
    // Another writer (a script, an import, a second service) books the employee in a
    // transaction that has not committed yet: no check in the application can see it.
    const outsideDemand = await newDemand(db, await newMember(db, pool), pool, {
      period: PERIOD,
      halfDays: TUESDAY,
    });
    const terms = await db.getRepository(PoolTerms).findOneByOrFail({ poolId: pool.id });
    const outside = new Client({ connectionString: sut.created.databaseUrl });
    await outside.connect();
    try {
      await outside.query('BEGIN');
      await outside.query(
        `INSERT INTO loan (demand_id, employee_id, pool_id, lender_company_id, borrower_company_id,
                           terms_id, period, half_days, hours_per_week, hourly_rate_cents)
         VALUES ($1, $2, $3, $4, $5, $6, daterange($7::date, $8::date, '[]'), $9, 8, 4500)`,
        [
          outsideDemand.id,
          employee.id,
          pool.id,
          lender.id,
          outsideDemand.companyId,
          terms.id,
          PERIOD.start,
          PERIOD.end,
          TUESDAY,
        ],
      );
      const pending = Promise.all(all.map((c) => c.hr.send(CONFIRM, { id: c.proposal.id })));
      // Wait until every confirmation is blocked: one on the constraint, the rest queued behind it.
      await waitFor(async () => {
        const { rows } = await outside.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].waiting >= all.length;
      });
      await outside.query('COMMIT');
      const responses = await pending;

      const { won, lost } = split(responses);
      expect(won).toHaveLength(0);
      expect(lost.map((r) => r.errors?.[0].extensions?.code)).toEqual(all.map(() => 'CONFLICT'));
      const byConstraint = lost.filter(
        (r) => r.errors?.[0].extensions?.reason === 'loan_employee_period_half_days_excl',
      );
      expect(byConstraint).toHaveLength(1);
      expect(byConstraint[0].errors?.[0].message).toBe(
        'This employee is already booked on one of these half-days in an overlapping period',
      );
      expect(await liveLoans(employee.id)).toHaveLength(1);
      // The refused confirmation had recorded `proposal.confirmed` before its insert failed.
      expect(
        await auditCount(
          'proposal.confirmed',
          all.map((c) => c.proposal.id),
        ),
      ).toBe(0);
      expect(
        await db.getRepository(AuditEvent).countBy({ action: 'loan.created', poolId: pool.id }),
      ).toBe(0);
    } finally {
      await outside.end();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}
