import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { addDays } from '../../src/database/transformers';
import { TIME_ZONE, todayIn } from '../../src/common/calendar';
import { Company } from '../../src/companies/company.entity';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { DemandStatus } from '../../src/demand/demand.enums';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Loan } from '../../src/lending/loan.entity';
import { MatchProposal } from '../../src/matching/match-proposal.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { Pool, PoolTerms } from '../../src/pools/pool.entity';
import { DEFAULT_TERMS } from '../../src/pools/pool.service';
import {
  inDays,
  newAdmin,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newEmployeeUser,
  newHr,
  newMember,
  newPool,
  newSkill,
  newWindow,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const PROPOSAL_FIELDS = `id status version declineReason`;
const ACCEPT = `mutation($id: ID!, $v: Int) { acceptProposal(id: $id, expectedVersion: $v) { ${PROPOSAL_FIELDS} } }`;
const DECLINE = `mutation($id: ID!, $reason: String) { declineProposal(id: $id, reason: $reason) { ${PROPOSAL_FIELDS} } }`;
const CONSENT = `mutation($id: ID!) { giveConsent(id: $id) { ${PROPOSAL_FIELDS} } }`;
const REFUSE = `mutation($id: ID!, $reason: String) { refuseConsent(id: $id, reason: $reason) { ${PROPOSAL_FIELDS} } }`;
const LOAN_FIELDS = `id status startDate endDate halfDays hoursPerWeek hourlyRateCents termsId terms { id version }
  version endReason endedAt recallEffectiveDate lateCancellationChargeHours demandId proposalId
  lender { id } borrower { id } demand { id status }
  employee { id firstName homePostcode }
  contact { firstName lastName workEmail workPhone }`;
const CONFIRM = `mutation($id: ID!) { confirmProposal(id: $id) { ${LOAN_FIELDS} } }`;
const RECALL = `mutation($id: ID!, $reason: String!, $v: Int) { recallLoan(id: $id, reason: $reason, expectedVersion: $v) { ${LOAN_FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelLoan(id: $id, reason: $reason) { ${LOAN_FIELDS} } }`;
const LOAN = `query($id: ID!) { loan(id: $id) { ${LOAN_FIELDS} } }`;
const LOANS = `query($status: [LoanStatus!], $demandId: ID, $companyId: ID, $first: Int, $after: String) {
  loans(status: $status, demandId: $demandId, companyId: $companyId, first: $first, after: $after) {
    totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;
const PROPOSALS = `query($demandId: ID) { matchProposals(demandId: $demandId) { edges { node {
  id status version employee { id homePostcode } contact { firstName lastName workEmail workPhone } loan { id } } } } }`;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Party {
  pool: Pool;
  lender: Company;
  borrower: Company;
  employee: Employee;
  demand: DemandRequest;
  proposal: MatchProposal;
  lenderHr: GqlClient;
  borrowerHr: GqlClient;
  self: GqlClient;
  coordinator: GqlClient;
}

describe('lending lifecycle (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  /** A pool with a lender, a borrower, an employee of the lender and a proposal for its demand. */
  async function party(
    options: {
      terms?: Partial<PoolTerms>;
      demand?: Partial<DemandRequest>;
      employee?: Partial<Employee>;
      status?: ProposalStatus;
    } = {},
  ): Promise<Party> {
    const pool = await newPool(db, {}, options.terms ?? {});
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const employee = await newEmployee(db, lender, options.employee ?? {});
    const demand = await newDemand(db, borrower, pool, options.demand ?? {});
    const proposal = await newProposal(db, employee, demand, options.status);
    return {
      pool,
      lender,
      borrower,
      employee,
      demand,
      proposal,
      lenderHr: sut.as(await newHr(db, lender)),
      borrowerHr: sut.as(await newHr(db, borrower)),
      self: sut.as(await newEmployeeUser(db, employee)),
      coordinator: sut.as(await newCoordinator(db, pool)),
    };
  }

  /** Sends and expects one error with this code (and reason, when given). */
  async function rejects(
    client: GqlClient,
    query: string,
    variables: Record<string, unknown>,
    code: string,
    reason?: string,
  ): Promise<void> {
    const res = await client.send(query, variables);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions?.code).toBe(code);
    if (reason) expect(res.errors?.[0].extensions?.reason).toBe(reason);
  }

  const proposalRow = (id: string) => db.getRepository(MatchProposal).findOneByOrFail({ id });
  const demandRow = (id: string) => db.getRepository(DemandRequest).findOneByOrFail({ id });
  const loansOf = (employeeId: string) => db.getRepository(Loan).findBy({ employeeId });
  const auditOf = async (entityId: string) =>
    (await db.getRepository(AuditEvent).find({ where: { entityId }, order: { seq: 'ASC' } })).map(
      (e) => ({ action: e.action, actorRole: e.actorRole, before: e.before, after: e.after }),
    );

  /** Accepted by the lender and consented by the employee, through the API. */
  async function consented(p: Party): Promise<void> {
    await p.lenderHr.ok(ACCEPT, { id: p.proposal.id });
    await p.self.ok(CONSENT, { id: p.proposal.id });
  }

  describe('proposal workflow', () => {
    it('lender accepts, employee consents, borrower confirms: a PLANNED loan at cost price under the terms version in force', async () => {
      const p = await party({ employee: { hourlyCostCents: 5230 } });
      // A newer terms version took effect after posting: the loan records the one in force now.
      const v2 = await db.getRepository(PoolTerms).save({
        ...DEFAULT_TERMS,
        poolId: p.pool.id,
        version: 2,
        effectiveFrom: new Date(Date.now() - 60_000),
      });

      const accepted = (await p.lenderHr.ok(ACCEPT, { id: p.proposal.id, v: 1 })).acceptProposal;
      expect(accepted).toMatchObject({ status: 'LENDER_ACCEPTED', version: 2 });
      const consentedNow = (await p.self.ok(CONSENT, { id: p.proposal.id })).giveConsent;
      expect(consentedNow).toMatchObject({ status: 'EMPLOYEE_CONSENTED', version: 3 });
      const loan = (await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id })).confirmProposal;

      expect(loan).toMatchObject({
        status: 'PLANNED',
        startDate: p.demand.period.start,
        endDate: p.demand.period.end,
        halfDays: expect.arrayContaining(['MONDAY_MORNING', 'FRIDAY_AFTERNOON']),
        hoursPerWeek: 32,
        hourlyRateCents: 5230,
        termsId: v2.id,
        terms: { id: v2.id, version: 2 },
        version: 1,
        demandId: p.demand.id,
        proposalId: p.proposal.id,
        lender: { id: p.lender.id },
        borrower: { id: p.borrower.id },
        demand: { id: p.demand.id, status: 'FILLED' },
        lateCancellationChargeHours: null,
      });
      expect(await proposalRow(p.proposal.id)).toMatchObject({
        status: ProposalStatus.CONFIRMED,
        version: 4,
      });
      expect(await demandRow(p.demand.id)).toMatchObject({ status: DemandStatus.FILLED });
      expect((await auditOf(p.proposal.id)).map((e) => e.action)).toEqual([
        'proposal.accepted',
        'proposal.consented',
        'proposal.confirmed',
      ]);
      expect((await auditOf(loan.id)).map((e) => e.action)).toEqual(['loan.created']);
      expect(await auditOf(p.demand.id)).toEqual([
        {
          action: 'demand.filled',
          actorRole: 'COMPANY_HR',
          before: { status: 'OPEN', version: 1 },
          after: { status: 'FILLED', version: 2 },
        },
      ]);
    });

    it('skips consent where the terms in force do not require it, and records that it did', async () => {
      const p = await party({ terms: { requireEmployeeConsent: false } });
      const accepted = (await p.lenderHr.ok(ACCEPT, { id: p.proposal.id })).acceptProposal;
      expect(accepted).toMatchObject({ status: 'EMPLOYEE_CONSENTED', version: 3 });
      expect(await auditOf(p.proposal.id)).toEqual([
        expect.objectContaining({
          action: 'proposal.accepted',
          after: expect.objectContaining({ status: 'LENDER_ACCEPTED' }),
        }),
        expect.objectContaining({
          action: 'proposal.consent_skipped',
          before: expect.objectContaining({ status: 'LENDER_ACCEPTED' }),
          after: expect.objectContaining({
            status: 'EMPLOYEE_CONSENTED',
            consentBasis: 'NOT_REQUIRED',
          }),
        }),
      ]);
      await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id });
    });

    it('lets a standing lending clause stand in for consent only where the terms allow it', async () => {
      const clause = { standingConsentDate: '2024-01-15' };
      const allowed = await party({ employee: clause });
      expect(
        (await allowed.lenderHr.ok(ACCEPT, { id: allowed.proposal.id })).acceptProposal.status,
      ).toBe('EMPLOYEE_CONSENTED');
      expect((await auditOf(allowed.proposal.id))[1].after).toMatchObject({
        consentBasis: 'STANDING_CONSENT',
      });

      const notAllowed = await party({ employee: clause, terms: { allowStandingConsent: false } });
      expect(
        (await notAllowed.lenderHr.ok(ACCEPT, { id: notAllowed.proposal.id })).acceptProposal
          .status,
      ).toBe('LENDER_ACCEPTED');

      const futureClause = await party({ employee: { standingConsentDate: inDays(30) } });
      expect(
        (await futureClause.lenderHr.ok(ACCEPT, { id: futureClause.proposal.id })).acceptProposal
          .status,
      ).toBe('LENDER_ACCEPTED');
    });

    it("only the lender's HR accepts; every other actor is refused and nothing changes", async () => {
      const p = await party();
      const stranger = sut.as(await newHr(db, await newMember(db, p.pool)));
      await rejects(p.borrowerHr, ACCEPT, { id: p.proposal.id }, 'FORBIDDEN', 'NOT_LENDER');
      await rejects(p.self, ACCEPT, { id: p.proposal.id }, 'FORBIDDEN');
      await rejects(p.coordinator, ACCEPT, { id: p.proposal.id }, 'FORBIDDEN');
      await rejects(sut.as(await newAdmin(db)), ACCEPT, { id: p.proposal.id }, 'FORBIDDEN');
      await rejects(stranger, ACCEPT, { id: p.proposal.id }, 'NOT_FOUND');
      await rejects(p.lenderHr, ACCEPT, { id: UNKNOWN_ID }, 'NOT_FOUND');
      await rejects(sut.anonymous, ACCEPT, { id: p.proposal.id }, 'UNAUTHENTICATED');
      expect(await proposalRow(p.proposal.id)).toMatchObject({
        status: ProposalStatus.PROPOSED,
        version: 1,
      });
      expect(await auditOf(p.proposal.id)).toEqual([]);
    });

    it('only the employee itself consents, and only after its employer accepted', async () => {
      const p = await party();
      await rejects(p.self, CONSENT, { id: p.proposal.id }, 'CONFLICT', 'ILLEGAL_STATUS');
      await p.lenderHr.ok(ACCEPT, { id: p.proposal.id });
      await rejects(p.lenderHr, CONSENT, { id: p.proposal.id }, 'FORBIDDEN');
      await rejects(p.borrowerHr, CONSENT, { id: p.proposal.id }, 'FORBIDDEN');
      const colleague = await newEmployee(db, p.lender);
      await rejects(
        sut.as(await newEmployeeUser(db, colleague)),
        CONSENT,
        { id: p.proposal.id },
        'NOT_FOUND',
      );
      expect(await proposalRow(p.proposal.id)).toMatchObject({
        status: ProposalStatus.LENDER_ACCEPTED,
        version: 2,
      });
      await p.self.ok(CONSENT, { id: p.proposal.id });
      await rejects(p.self, CONSENT, { id: p.proposal.id }, 'CONFLICT', 'ILLEGAL_STATUS');
    });

    it("only the borrower's HR confirms, and only a consented proposal", async () => {
      const p = await party();
      await p.lenderHr.ok(ACCEPT, { id: p.proposal.id });
      await rejects(p.borrowerHr, CONFIRM, { id: p.proposal.id }, 'CONFLICT', 'ILLEGAL_STATUS');
      await p.self.ok(CONSENT, { id: p.proposal.id });
      await rejects(p.lenderHr, CONFIRM, { id: p.proposal.id }, 'FORBIDDEN', 'NOT_BORROWER');
      await rejects(p.self, CONFIRM, { id: p.proposal.id }, 'FORBIDDEN');
      await rejects(p.coordinator, CONFIRM, { id: p.proposal.id }, 'FORBIDDEN');
      expect(await loansOf(p.employee.id)).toEqual([]);
      expect(await proposalRow(p.proposal.id)).toMatchObject({ version: 3 });
      await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id });
      await rejects(p.borrowerHr, CONFIRM, { id: p.proposal.id }, 'CONFLICT', 'ILLEGAL_STATUS');
      expect(await loansOf(p.employee.id)).toHaveLength(1);
    });

    it('a stale expectedVersion is a CONFLICT that changes nothing', async () => {
      const p = await party();
      await db.getRepository(MatchProposal).update({ id: p.proposal.id }, { version: 2 });
      await rejects(p.lenderHr, ACCEPT, { id: p.proposal.id, v: 1 }, 'CONFLICT', 'STALE_VERSION');
      expect(await proposalRow(p.proposal.id)).toMatchObject({
        status: ProposalStatus.PROPOSED,
        version: 2,
      });
      expect(await auditOf(p.proposal.id)).toEqual([]);
    });

    it('either company declines a live proposal with a reason; a declined one moves no further', async () => {
      const byBorrower = await party();
      const declined = (
        await byBorrower.borrowerHr.ok(DECLINE, { id: byBorrower.proposal.id, reason: 'Too far' })
      ).declineProposal;
      expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'Too far', version: 2 });
      await rejects(
        byBorrower.lenderHr,
        ACCEPT,
        { id: byBorrower.proposal.id },
        'CONFLICT',
        'ILLEGAL_STATUS',
      );
      expect((await auditOf(byBorrower.proposal.id))[0]).toMatchObject({
        action: 'proposal.declined',
        after: { status: 'DECLINED', reason: 'Too far', declinedBy: 'BORROWER' },
      });

      const byLender = await party();
      await consented(byLender);
      expect(
        (await byLender.lenderHr.ok(DECLINE, { id: byLender.proposal.id })).declineProposal,
      ).toMatchObject({ status: 'DECLINED', declineReason: null });
      await rejects(byLender.borrowerHr, CONFIRM, { id: byLender.proposal.id }, 'CONFLICT');
      await rejects(byLender.self, DECLINE, { id: byLender.proposal.id }, 'FORBIDDEN');
    });

    it('the employee refuses consent; afterwards it cannot consent', async () => {
      const p = await party();
      await p.lenderHr.ok(ACCEPT, { id: p.proposal.id });
      const refused = (await p.self.ok(REFUSE, { id: p.proposal.id, reason: 'Own project' }))
        .refuseConsent;
      expect(refused).toMatchObject({ status: 'DECLINED', declineReason: 'Own project' });
      await rejects(p.self, CONSENT, { id: p.proposal.id }, 'CONFLICT', 'ILLEGAL_STATUS');
      await rejects(p.lenderHr, REFUSE, { id: p.proposal.id }, 'FORBIDDEN');
      expect((await auditOf(p.proposal.id)).map((e) => e.action)).toEqual([
        'proposal.accepted',
        'proposal.consent_refused',
      ]);
    });

    it('an employee answering a proposal that has gone stale gets the CONFLICT, and the expiry is audited as the service', async () => {
      const p = await party({ demand: { period: { start: inDays(-1), end: inDays(20) } } });
      await rejects(p.self, REFUSE, { id: p.proposal.id }, 'CONFLICT', 'PROPOSAL_EXPIRED');
      expect(await proposalRow(p.proposal.id)).toMatchObject({ status: ProposalStatus.EXPIRED });
      expect(await auditOf(p.proposal.id)).toEqual([
        expect.objectContaining({ action: 'proposal.expired', actorRole: 'SYSTEM' }),
      ]);
    });

    it('expires a proposal lazily once its demand has started: the move is a CONFLICT, the expiry is kept and audited', async () => {
      const p = await party({ demand: { period: { start: inDays(-1), end: inDays(20) } } });
      await rejects(p.lenderHr, ACCEPT, { id: p.proposal.id }, 'CONFLICT', 'PROPOSAL_EXPIRED');
      expect(await proposalRow(p.proposal.id)).toMatchObject({
        status: ProposalStatus.EXPIRED,
        version: 2,
      });
      await rejects(p.lenderHr, ACCEPT, { id: p.proposal.id }, 'CONFLICT', 'PROPOSAL_EXPIRED');
      expect(await auditOf(p.proposal.id)).toEqual([
        {
          action: 'proposal.expired',
          actorRole: 'SYSTEM',
          before: { status: 'PROPOSED', version: 1, demandId: p.demand.id },
          after: { status: 'EXPIRED', version: 2, demandId: p.demand.id, expiry: 'DEMAND_STARTED' },
        },
      ]);
    });

    it('expires the proposals of a cancelled demand when they are next listed or moved', async () => {
      const p = await party();
      const other = await party();
      await p.lenderHr.ok(ACCEPT, { id: p.proposal.id });
      await p.borrowerHr.ok(`mutation($id: ID!) { cancelDemand(id: $id) { status } }`, {
        id: p.demand.id,
      });
      const listed = await p.lenderHr.ok(PROPOSALS, {});
      expect(listed.matchProposals.edges).toEqual([
        { node: expect.objectContaining({ id: p.proposal.id, status: 'EXPIRED' }) },
      ]);
      expect((await auditOf(p.proposal.id)).pop()).toMatchObject({
        action: 'proposal.expired',
        actorRole: 'SYSTEM',
        after: { expiry: 'DEMAND_CANCELLED' },
      });
      // Another pool's proposal is left alone.
      expect(await proposalRow(other.proposal.id)).toMatchObject({
        status: ProposalStatus.PROPOSED,
      });
    });

    it('a matching run first expires stale proposals, so their employees can be proposed again', async () => {
      const skill = await newSkill(db);
      const p = await party({ demand: { status: DemandStatus.CANCELLED } });
      await newEmployeeSkill(db, p.employee, skill);
      await newWindow(db, p.employee, p.pool, { period: { start: inDays(7), end: inDays(60) } });
      const fresh = await newDemand(db, p.borrower, p.pool, {}, [{ skill }]);

      const { runMatching } = await p.coordinator.ok(
        `mutation($poolId: ID!) { runMatching(poolId: $poolId) { id positionsFilled } }`,
        { poolId: p.pool.id },
      );
      expect(runMatching.positionsFilled).toBe(1);
      expect(await proposalRow(p.proposal.id)).toMatchObject({ status: ProposalStatus.EXPIRED });
      expect(
        await db.getRepository(MatchProposal).findOneBy({ runId: runMatching.id }),
      ).toMatchObject({ demandId: fresh.id, employeeId: p.employee.id });
    });

    it('filling a demand expires its other live proposals in the same transaction', async () => {
      const p = await party();
      const rival = await newEmployee(db, p.lender);
      const rivalProposal = await newProposal(db, rival, p.demand, ProposalStatus.LENDER_ACCEPTED);
      await consented(p);
      await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id });
      expect(await proposalRow(rivalProposal.id)).toMatchObject({
        status: ProposalStatus.EXPIRED,
        version: 2,
      });
      expect(await auditOf(rivalProposal.id)).toEqual([
        expect.objectContaining({
          action: 'proposal.expired',
          actorRole: 'COMPANY_HR',
          after: expect.objectContaining({ expiry: 'DEMAND_FILLED' }),
        }),
      ]);
    });

    it("enforces the terms' minLeadTimeHours and maxLoanWeeks at confirmation; a refused confirmation changes nothing", async () => {
      const soon = await party({
        terms: { minLeadTimeHours: 72 },
        demand: { period: { start: inDays(2), end: inDays(20) } },
      });
      await consented(soon);
      await rejects(soon.borrowerHr, CONFIRM, { id: soon.proposal.id }, 'CONFLICT', 'LEAD_TIME');

      const long = await party({
        terms: { maxLoanWeeks: 2 },
        demand: { period: { start: inDays(14), end: inDays(41) } },
      });
      await consented(long);
      await rejects(long.borrowerHr, CONFIRM, { id: long.proposal.id }, 'CONFLICT', 'TOO_LONG');

      for (const p of [soon, long]) {
        expect(await loansOf(p.employee.id)).toEqual([]);
        expect(await proposalRow(p.proposal.id)).toMatchObject({
          status: ProposalStatus.EMPLOYEE_CONSENTED,
          version: 3,
        });
        expect((await auditOf(p.proposal.id)).map((e) => e.action)).toEqual([
          'proposal.accepted',
          'proposal.consented',
        ]);
        expect(await demandRow(p.demand.id)).toMatchObject({ status: DemandStatus.OPEN });
      }
    });

    it("refuses a rate above the demand's maximum and a lender that is no longer an active member", async () => {
      const pricey = await party({
        employee: { hourlyCostCents: 6000 },
        demand: { maxHourlyRateCents: 5000 },
      });
      await consented(pricey);
      await rejects(
        pricey.borrowerHr,
        CONFIRM,
        { id: pricey.proposal.id },
        'CONFLICT',
        'OVER_MAX_RATE',
      );

      const suspended = await party();
      await consented(suspended);
      await db.query(
        `UPDATE pool_membership SET status = 'SUSPENDED' WHERE pool_id = $1 AND company_id = $2`,
        [suspended.pool.id, suspended.lender.id],
      );
      await rejects(
        suspended.borrowerHr,
        CONFIRM,
        { id: suspended.proposal.id },
        'CONFLICT',
        'MEMBERSHIP_INACTIVE',
      );
    });

    it('a proposal whose employee was booked meanwhile on a shared half-day expires instead of double booking', async () => {
      const p = await party();
      await consented(p);
      const elsewhere = await newDemand(db, await newMember(db, p.pool), p.pool, {
        period: { start: inDays(20), end: inDays(30) },
        halfDays: [4, 5],
      });
      await newLoan(db, p.employee, elsewhere);
      const res = await p.borrowerHr.send(CONFIRM, { id: p.proposal.id });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'PROPOSAL_EXPIRED',
      });
      expect(res.errors?.[0].message).toMatch(/booked/);
      expect(await loansOf(p.employee.id)).toHaveLength(1);
      expect((await auditOf(p.proposal.id)).pop()?.after).toMatchObject({
        expiry: 'EMPLOYEE_BOOKED',
      });
    });
  });

  describe('privacy', () => {
    it('the borrower sees no name or contact before confirmation and name plus work contact after; coordinators never', async () => {
      const p = await party();
      const nodeFor = async (client: GqlClient) =>
        (await client.ok(PROPOSALS, { demandId: p.demand.id })).matchProposals.edges[0].node;
      const anonymous = { employee: null, contact: null };

      expect(await nodeFor(p.borrowerHr)).toMatchObject(anonymous);
      expect(await nodeFor(p.coordinator)).toMatchObject(anonymous);
      expect(await nodeFor(p.lenderHr)).toMatchObject({
        employee: { id: p.employee.id },
        contact: { firstName: p.employee.firstName, lastName: p.employee.lastName },
      });
      await consented(p);
      expect(await nodeFor(p.borrowerHr)).toMatchObject(anonymous);

      const loan = (await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id })).confirmProposal;
      const contact = {
        firstName: p.employee.firstName,
        lastName: p.employee.lastName,
        workEmail: p.employee.workEmail,
        workPhone: p.employee.workPhone,
      };
      // Name and work contact only: the full record (home base, cost) stays the lender's.
      expect(loan).toMatchObject({ employee: null, contact });
      expect(await nodeFor(p.borrowerHr)).toMatchObject({
        employee: null,
        contact,
        loan: { id: loan.id },
      });
      expect(await nodeFor(p.coordinator)).toMatchObject({ ...anonymous, loan: { id: loan.id } });

      const asCoordinator = (await p.coordinator.ok(LOAN, { id: loan.id })).loan;
      expect(asCoordinator).toMatchObject({ employee: null, contact: null, hourlyRateCents: 4500 });
      const asAdmin = (await sut.as(await newAdmin(db)).ok(LOAN, { id: loan.id })).loan;
      expect(asAdmin).toMatchObject({ employee: null, contact: null });
      const asLender = (await p.lenderHr.ok(LOAN, { id: loan.id })).loan;
      expect(asLender).toMatchObject({ employee: { id: p.employee.id }, contact });
      const asSelf = (await p.self.ok(LOAN, { id: loan.id })).loan;
      expect(asSelf).toMatchObject({
        employee: { id: p.employee.id },
        contact,
        hourlyRateCents: null,
        demand: null,
      });
    });
  });

  describe('loans', () => {
    /** A loan of a fresh employee for `demand`, made by the factory (like a confirmed proposal). */
    async function loanFor(p: Party, overrides: Partial<Loan> = {}, demand = p.demand) {
      const employee = await newEmployee(db, p.lender);
      const loan = await newLoan(db, employee, demand, overrides);
      await db
        .getRepository(DemandRequest)
        .update({ id: demand.id }, { status: DemandStatus.FILLED });
      return { employee, loan };
    }

    it('shows each party its loans and nobody else: NOT_FOUND, empty lists', async () => {
      const p = await party();
      await consented(p);
      const loan = (await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id })).confirmProposal;
      const visible = [p.lenderHr, p.borrowerHr, p.self, p.coordinator, sut.as(await newAdmin(db))];
      for (const client of visible) {
        expect((await client.ok(LOAN, { id: loan.id })).loan.id).toBe(loan.id);
        const list = await client.ok(LOANS, { demandId: p.demand.id });
        expect(list.loans.edges.map((e: Json) => e.node.id)).toEqual([loan.id]);
      }
      const otherPool = await party();
      const outsiders = [
        sut.as(await newHr(db, await newMember(db, p.pool))),
        otherPool.coordinator,
        otherPool.lenderHr,
        sut.as(await newEmployeeUser(db, await newEmployee(db, p.lender))),
      ];
      for (const client of outsiders) {
        await rejects(client, LOAN, { id: loan.id }, 'NOT_FOUND');
        expect((await client.ok(LOANS, { demandId: p.demand.id })).loans.totalCount).toBe(0);
      }
      const filtered = await p.lenderHr.ok(LOANS, {
        companyId: p.borrower.id,
        status: ['PLANNED'],
      });
      expect(filtered.loans.totalCount).toBe(1);
      expect((await p.lenderHr.ok(LOANS, { status: ['CANCELLED'] })).loans.totalCount).toBe(0);
    });

    it('pages loans by start date with cursors', async () => {
      const p = await party();
      const demands = [];
      for (const start of [20, 10, 30]) {
        demands.push(
          await newDemand(db, p.borrower, p.pool, {
            period: { start: inDays(start), end: inDays(start + 5) },
          }),
        );
      }
      for (const d of demands) await loanFor(p, {}, d);
      const first = await p.borrowerHr.ok(LOANS, { first: 2 });
      expect(first.loans.pageInfo.hasNextPage).toBe(true);
      const second = await p.borrowerHr.ok(LOANS, {
        first: 2,
        after: first.loans.pageInfo.endCursor,
      });
      expect(second.loans.pageInfo.hasNextPage).toBe(false);
      const ids = [...first.loans.edges, ...second.loans.edges].map((e: Json) => e.node.id);
      const loans = await db.getRepository(Loan).findBy({ borrowerCompanyId: p.borrower.id });
      const byStart = [...loans].sort((a, b) => a.period.start.localeCompare(b.period.start));
      expect(ids).toEqual(byStart.map((l) => l.id));
    });

    it('demand status follows its loans: PARTIALLY_FILLED, FILLED, and back after a cancellation', async () => {
      const p = await party({ demand: { headcount: 2 } });
      const second = await newEmployee(db, p.lender);
      const secondProposal = await newProposal(
        db,
        second,
        p.demand,
        ProposalStatus.EMPLOYEE_CONSENTED,
      );
      await consented(p);
      const first = (await p.borrowerHr.ok(CONFIRM, { id: p.proposal.id })).confirmProposal;
      expect(first.demand.status).toBe('PARTIALLY_FILLED');
      const other = (await p.borrowerHr.ok(CONFIRM, { id: secondProposal.id })).confirmProposal;
      expect(other.demand.status).toBe('FILLED');

      const cancelled = (await p.borrowerHr.ok(CANCEL, { id: other.id, reason: 'Scope cut' }))
        .cancelLoan;
      expect(cancelled).toMatchObject({
        status: 'CANCELLED',
        endReason: 'Scope cut',
        lateCancellationChargeHours: null,
        demand: { status: 'PARTIALLY_FILLED' },
        version: 2,
      });
      expect((await auditOf(p.demand.id)).map((e) => e.action)).toEqual([
        'demand.partially_filled',
        'demand.filled',
        'demand.partially_filled',
      ]);
      expect((await auditOf(other.id)).map((e) => e.action)).toEqual([
        'loan.created',
        'loan.cancelled',
      ]);
    });

    it('the lender recalls a running loan: RECALLED, ending the day before the notice runs out, the half-days after it free again', async () => {
      const p = await party({ terms: { recallNoticeDays: 5 } });
      const { employee, loan } = await loanFor(p, {
        period: { start: inDays(-3), end: inDays(30) },
      });
      const effective = addDays(todayIn(TIME_ZONE), 5);
      const recalled = (
        await p.lenderHr.ok(RECALL, { id: loan.id, reason: 'Own peak', v: loan.version })
      ).recallLoan;
      expect(recalled).toMatchObject({
        status: 'RECALLED',
        startDate: loan.period.start,
        endDate: addDays(effective, -1),
        recallEffectiveDate: effective,
        endReason: 'Own peak',
        endedAt: expect.any(String),
        version: 2,
        demand: { status: 'OPEN' },
      });
      expect((await auditOf(loan.id)).pop()).toMatchObject({
        action: 'loan.recalled',
        actorRole: 'COMPANY_HR',
        before: { status: 'PLANNED', endDate: loan.period.end },
        after: {
          status: 'RECALLED',
          endDate: addDays(effective, -1),
          recallEffectiveDate: effective,
        },
      });
      // From the effective date the employee may be booked on the same half-days again.
      await expect(
        newLoan(db, employee, p.demand, { period: { start: effective, end: inDays(30) } }),
      ).resolves.toBeDefined();
      await rejects(
        p.lenderHr,
        RECALL,
        { id: loan.id, reason: 'again' },
        'CONFLICT',
        'ILLEGAL_STATUS',
      );
    });

    it('a recall that takes effect before the loan starts cancels it, without a charge to the borrower', async () => {
      const p = await party({ terms: { recallNoticeDays: 5 } });
      const { loan } = await loanFor(p);
      const recalled = (await p.lenderHr.ok(RECALL, { id: loan.id, reason: 'Own peak' }))
        .recallLoan;
      expect(recalled).toMatchObject({
        status: 'CANCELLED',
        startDate: loan.period.start,
        endDate: loan.period.end,
        recallEffectiveDate: addDays(todayIn(TIME_ZONE), 5),
        lateCancellationChargeHours: null,
        demand: { status: 'OPEN' },
      });
    });

    it('a recall is refused when the loan ends before the notice would take effect', async () => {
      const p = await party({ terms: { recallNoticeDays: 10 } });
      const { loan } = await loanFor(p, { period: { start: inDays(-5), end: inDays(3) } });
      await rejects(
        p.lenderHr,
        RECALL,
        { id: loan.id, reason: 'Own peak' },
        'CONFLICT',
        'ENDS_BEFORE_RECALL',
      );
      expect(await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).toMatchObject({
        status: LoanStatus.PLANNED,
        version: 1,
      });
    });

    it('only the lender recalls and only the borrower cancels; a stale version is a CONFLICT', async () => {
      const p = await party();
      const { loan } = await loanFor(p);
      const args = { id: loan.id, reason: 'because' };
      await rejects(p.borrowerHr, RECALL, args, 'FORBIDDEN', 'NOT_LENDER');
      await rejects(p.lenderHr, CANCEL, args, 'FORBIDDEN', 'NOT_BORROWER');
      await rejects(p.self, CANCEL, args, 'FORBIDDEN');
      await rejects(p.coordinator, RECALL, args, 'FORBIDDEN');
      await rejects(
        sut.as(await newHr(db, await newMember(db, p.pool))),
        CANCEL,
        args,
        'NOT_FOUND',
      );
      await rejects(p.lenderHr, RECALL, { ...args, v: 7 }, 'CONFLICT', 'STALE_VERSION');
      await rejects(p.borrowerHr, CANCEL, { ...args, reason: '' }, 'BAD_USER_INPUT');
      expect(await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).toMatchObject({
        status: LoanStatus.PLANNED,
        version: 1,
      });
      expect(await auditOf(loan.id)).toEqual([]);
    });

    it('cancelling within lateCancellationHours of the start records the charge; earlier costs nothing', async () => {
      const terms = { lateCancellationHours: 72, lateCancellationChargeHours: 8 };
      const late = await party({ terms });
      const { loan: soon } = await loanFor(late, {
        period: { start: inDays(2), end: inDays(20) },
      });
      expect(
        (await late.borrowerHr.ok(CANCEL, { id: soon.id, reason: 'Client postponed' })).cancelLoan,
      ).toMatchObject({
        status: 'CANCELLED',
        lateCancellationChargeHours: 8,
        startDate: soon.period.start,
        endDate: soon.period.end,
        demand: { status: 'OPEN' },
      });

      const early = await party({ terms });
      const { loan: later } = await loanFor(early);
      expect(
        (await early.borrowerHr.ok(CANCEL, { id: later.id, reason: 'Client postponed' }))
          .cancelLoan,
      ).toMatchObject({ status: 'CANCELLED', lateCancellationChargeHours: null });
      await rejects(
        early.borrowerHr,
        CANCEL,
        { id: later.id, reason: 'twice' },
        'CONFLICT',
        'ILLEGAL_STATUS',
      );
    });

    it('cancelling a running loan ends it today and owes the charge', async () => {
      const p = await party({ terms: { lateCancellationChargeHours: 6 } });
      const { loan } = await loanFor(p, { period: { start: inDays(-3), end: inDays(20) } });
      expect(
        (await p.borrowerHr.ok(CANCEL, { id: loan.id, reason: 'Done early' })).cancelLoan,
      ).toMatchObject({
        status: 'CANCELLED',
        startDate: loan.period.start,
        endDate: todayIn(TIME_ZONE),
        lateCancellationChargeHours: 6,
      });
    });
  });
});
