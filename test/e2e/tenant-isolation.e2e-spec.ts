import { DataSource } from 'typeorm';
import { Actor, UserRole } from '../../src/auth/actor';
import { User } from '../../src/auth/user.entity';
import { AvailabilityWindow } from '../../src/availability/availability-window.entity';
import { RequestContext } from '../../src/common/request-context';
import { scopedManager } from '../../src/database/scope';
import { Employee, EmployeeSkill } from '../../src/employees/employee.entity';
import { Loan } from '../../src/lending/loan.entity';
import { MatchProposal } from '../../src/matching/match-proposal.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import {
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newMember,
  newPool,
  newSkill,
  newUser,
  newWindow,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const EMPLOYEE = `query($id: ID!) { employee(id: $id) { id firstName lastName } }`;
const EMPLOYEES = `query($companyId: ID) {
  employees(companyId: $companyId, first: 100) { totalCount edges { node { id lastName } } } }`;
const WINDOWS = `query { availabilityWindows(first: 100) {
  edges { node { id employee { id lastName } } } } }`;
const PROPOSALS = `query { matchProposals(first: 100) {
  edges { node { id demand { id } employee { id lastName } contact { lastName } } } } }`;
const LOANS = `query { loans(first: 100) { edges { node { id employee { id lastName } } } } }`;
const LOAN = `query($id: ID!) { loan(id: $id) { id employee { id lastName } } }`;
const SUGGEST = `query($demandId: ID!) { suggestCandidates(demandId: $demandId, first: 50) {
  rank score profile { distanceKm rateCents coverage skills { level } } } }`;

/**
 * Every path to another firm's employee: through the API (which checks) and through the request's
 * own entity manager with no filter at all (what a resolver with a missing WHERE would run), which
 * row-level security answers with nothing.
 */
describe('tenant isolation: every path to another firm’s employee (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  let lent: Employee;
  let idle: Employee;
  let spare: Employee;
  let loan: Loan;
  let lenderId: string;
  let outsiderHr: User;
  let outsider: GqlClient;
  let borrower: GqlClient;
  let openDemandId: string;

  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrowerFirm = await newMember(db, pool);
    const outsiderFirm = await newMember(db, pool);
    lenderId = lender.id;
    const skill = await newSkill(db);
    // `lent` is on a loan to the borrower; `idle` is only proposed (not yet confirmed); `spare`
    // is a candidate for the borrower's open demand.
    lent = await newEmployee(db, lender, { lastName: 'Lentname' });
    idle = await newEmployee(db, lender, { lastName: 'Idlename' });
    spare = await newEmployee(db, lender, { lastName: 'Sparename' });
    for (const e of [lent, idle, spare]) {
      await newEmployeeSkill(db, e, skill, 4);
      await newWindow(db, e, pool);
    }
    const filled = await newDemand(db, borrowerFirm, pool);
    await newProposal(db, lent, filled, ProposalStatus.CONFIRMED);
    loan = await newLoan(db, lent, filled);
    const open = await newDemand(db, borrowerFirm, pool, {}, [{ skill }]);
    openDemandId = open.id;
    await newProposal(db, idle, open, ProposalStatus.PROPOSED);
    outsiderHr = await newUser(db, UserRole.COMPANY_HR, { company: outsiderFirm });
    outsider = sut.as(outsiderHr);
    borrower = sut.as(await newUser(db, UserRole.COMPANY_HR, { company: borrowerFirm }));
  });
  afterAll(async () => {
    await sut.close();
  });

  const mentions = (data: Json, ...employees: Employee[]) =>
    employees.filter(
      (e) => JSON.stringify(data).includes(e.id) || JSON.stringify(data).includes(e.lastName),
    );

  it("employee(id) of another firm's employee is NOT_FOUND", async () => {
    expect(await outsider.errorCode(EMPLOYEE, { id: lent.id })).toBe('NOT_FOUND');
    expect(await borrower.errorCode(EMPLOYEE, { id: idle.id })).toBe('NOT_FOUND');
  });

  it("the employees list never shows another firm's staff, even when asked for that firm", async () => {
    const data = await outsider.ok(EMPLOYEES, { companyId: lenderId });
    expect(data.employees.totalCount).toBe(0);
    expect(mentions(await outsider.ok(EMPLOYEES, {}), lent, idle, spare)).toEqual([]);
  });

  it("windows, proposals and loans show an outsider nothing of the firm's employees", async () => {
    for (const query of [WINDOWS, PROPOSALS, LOANS]) {
      expect({ query, leaked: mentions(await outsider.ok(query), lent, idle, spare) }).toEqual({
        query,
        leaked: [],
      });
    }
    expect(await outsider.errorCode(LOAN, { id: loan.id })).toBe('NOT_FOUND');
  });

  it('the borrower sees a proposed employee anonymously, with no nested employee or contact', async () => {
    const data = await borrower.ok(PROPOSALS);
    const proposal = data.matchProposals.edges
      .map((e: Json) => e.node)
      .find((p: Json) => p.demand.id === openDemandId);
    expect(proposal).toMatchObject({ employee: null, contact: null });
    expect(JSON.stringify(data)).not.toContain(idle.lastName);
  });

  it('candidate suggestions are anonymous: no name and no id of the candidates', async () => {
    const data = await borrower.ok(SUGGEST, { demandId: openDemandId });
    expect(data.suggestCandidates.length).toBeGreaterThan(0);
    expect(mentions(data, lent, idle, spare)).toEqual([]);
  });

  it("a resolver that forgot its WHERE still reads none of another firm's rows", async () => {
    const actor: Actor = {
      userId: outsiderHr.id,
      role: UserRole.COMPANY_HR,
      companyId: outsiderHr.companyId,
      employeeId: null,
      poolIds: [],
    };
    const ctx = new RequestContext(actor, scopedManager(sut.created.dataSource, actor));
    const m = ctx.manager;
    const leaked = {
      employees: await m.getRepository(Employee).find(),
      skills: await m.getRepository(EmployeeSkill).find(),
      windows: await m.getRepository(AvailabilityWindow).find(),
      proposals: await m.getRepository(MatchProposal).find(),
      loans: await m.getRepository(Loan).find(),
      candidateRows: await m.query(`SELECT * FROM candidate_search`),
    };
    expect(leaked).toEqual({
      employees: [],
      skills: [],
      windows: [],
      proposals: [],
      loans: [],
      candidateRows: [],
    });
    // The same unfiltered reads as the lender's HR do find its staff: the check can fail.
    const own = { ...actor, companyId: lenderId };
    const ownManager = scopedManager(sut.created.dataSource, own);
    expect(await ownManager.getRepository(Employee).count()).toBe(3);
  });
});
