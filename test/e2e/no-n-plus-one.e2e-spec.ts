import { UserRole } from '../../src/auth/actor';
import { CoordinatorPools } from '../../src/auth/coordinator-pools';
import { User } from '../../src/auth/user.entity';
import { Company } from '../../src/companies/company.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import {
  newAdmin,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newHr,
  newMember,
  newPool,
  newSkill,
  newWindow,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import { SqlStatements, statementHistogram } from '../support/sql-statements';
import { Json, startTestApp, TestApp } from '../support/test-app';

/** More rows than the larger page, each with relations of its own (no two rows share them all). */
const ROWS = 55;
const PAGE_SIZES = [5, 50] as const;

const DEMANDS = `query($first: Int!) { demandRequests(first: $first) { edges { node {
  id
  company { id name memberships { status pool { id } company { id } } }
  pool { id currentTerms { version } termsHistory { id } }
  requirements { mandatory minLevel skill { id code parent { id code } children { id } } }
  priority { rank balanceHours openPositions }
} } } }`;

const EMPLOYEES = `query($first: Int!) { employees(first: $first) { edges { node {
  id hourlyCostCents
  company { id }
  skills { level skill { id code parent { id } } }
} } } }`;

const WINDOWS = `query($first: Int!) { availabilityWindows(first: $first) { edges { node {
  id startDate
  company { id } pool { id }
  employee { id skills { level skill { id code } } }
} } } }`;

// Each relation is reached through one path per query: were a loader reached from sibling paths
// that wait on different statements (a proposal's `employee.company` and its `loan.lender`), which
// path asks first (and so which keys are already cached for the other) would depend on which reply
// arrives first, and the count would wobble by one. The other queries cover those relations.
const PROPOSALS = `query($first: Int!) { matchProposals(first: $first) { edges { node {
  id status
  profile { distanceKm skills { level skill { id code } } }
  demand { id company { id } pool { id } requirements { skill { id } } }
  employee { id lastName }
  contact { lastName }
  loan { id status terms { version } }
} } } }`;

const LOANS = `query($first: Int!) { loans(first: $first) { edges { node {
  id status startDate
  lender { id } borrower { id }
  demand { id company { id } requirements { skill { id code } } }
  employee { id skills { level skill { id } } }
  contact { lastName }
  terms { version }
} } } }`;

const COMPANIES = `query($first: Int!) { companies(first: $first) { edges { node {
  id name
  memberships { status pool { id name } company { id } }
} } } }`;

const POOLS = `query($first: Int!) { pools(first: $first) { edges { node {
  id
  currentTerms { version }
  termsHistory { id }
  memberships(first: 3) { totalCount edges { node { status company { id } pool { id } } } }
} } } }`;

/** One field of `data` holds a connection; its edges. */
const edgesOf = (data: Json): unknown[] => (Object.values(data)[0] as Json).edges;

describe('no N+1: nested lists cost the same number of SQL statements at any page size (e2e)', () => {
  let sut: TestApp;
  let sql: SqlStatements;
  let pool: Pool;
  let lenderHr: User;
  let coordinator: User;
  let admin: User;

  beforeAll(async () => {
    sut = await startTestApp();
    // The app's own pool (it connects as the non-owner role), not the fixtures' owner connection.
    sql = SqlStatements.attach(sut.created.dataSource);
    const db = sut.db;

    pool = await newPool(db);
    const lender = await newMember(db, pool, { name: 'Lender' });
    lenderHr = await newHr(db, lender);
    coordinator = await newCoordinator(db, pool);
    admin = await newAdmin(db);

    // Every row has skills of its own, disjoint from every other path's: a loader's cache hit
    // across paths (a demand's skill that an employee also holds) would save a statement at one page
    // size and not at the other. Parents are shared, so `parent` has a batch of its own to load.
    const parents: Skill[] = [];
    for (let i = 0; i < 4; i++) parents.push(await newSkill(db));
    const ownSkill = (i: number) => newSkill(db, { parentId: parents[i % 4].id });

    for (let i = 0; i < ROWS; i++) {
      const borrower: Company = await newMember(db, pool);
      const demand = await newDemand(db, borrower, pool, {}, [
        { skill: await ownSkill(i), minLevel: 2, mandatory: true },
        { skill: await ownSkill(i), mandatory: false },
      ]);
      const employee = await newEmployee(db, lender);
      await newEmployeeSkill(db, employee, await ownSkill(i), 3);
      await newEmployeeSkill(db, employee, await ownSkill(i), 2);
      await newWindow(db, employee, pool);
      const proposal = await newProposal(db, employee, demand, ProposalStatus.CONFIRMED);
      await newLoan(db, employee, demand, { proposalId: proposal.id });
      // More pools for the admin's pool list, each with members of its own.
      const other = await newPool(db);
      await newMember(db, other);
    }
  }, 120_000);

  afterAll(async () => {
    await sut.close();
  });

  /** Runs `query` at each page size and returns the statement counts, page by page. */
  async function statementsPerPage(user: User, query: string): Promise<number[]> {
    const client = sut.as(user);
    const counts: number[] = [];
    const logs: string[][] = [];
    // Warm up first: one-time look-ups cached per process (the trusted scope's role check) are
    // not per-request statements and would count only in the first measured request.
    await client.ok(query, { first: PAGE_SIZES[0] });
    if (user.role === UserRole.POOL_COORDINATOR) {
      // A coordinator's pools are read per request until the process listens for their changes
      // (src/auth/coordinator-pools.ts), then once more and kept.
      const pools = sut.created.app.get(CoordinatorPools);
      const deadline = Date.now() + 5_000;
      while (!pools.isListening && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(pools.isListening).toBe(true);
      await client.ok(query, { first: PAGE_SIZES[0] });
    }
    for (const first of PAGE_SIZES) {
      const { result, statements } = await sql.during(() => client.ok(query, { first }));
      expect(edgesOf(result)).toHaveLength(first);
      counts.push(statements.length);
      logs.push(statements);
    }
    if (new Set(counts).size !== 1) {
      // Name the statements that grew with the page, so the failure says which relation it was.
      const histograms = logs.map((l) => statementHistogram(l).slice(0, 5));
      throw new Error(
        `statements per page size ${PAGE_SIZES.join('/')}: ${counts.join('/')}\n` +
          JSON.stringify(histograms, null, 2),
      );
    }
    return counts;
  }

  it.each([
    ['demandRequests with company, pool, requirements, skills and priority', DEMANDS],
    ['employees with company and skills', EMPLOYEES],
    ['availabilityWindows with employee and its skills', WINDOWS],
    ['matchProposals with profile, demand, employee, contact and loan', PROPOSALS],
    ['loans with companies, demand, employee, contact and terms', LOANS],
    ['companies with memberships', COMPANIES],
  ])('HR: %s', async (_name, query) => {
    const [small, large] = await statementsPerPage(lenderHr, query);
    expect(large).toBe(small);
  });

  it.each([
    ['demandRequests with company, requirements, skills and priority', DEMANDS],
    ['matchProposals (anonymous) with profile skills and demand', PROPOSALS],
    ['loans with companies, demand and terms', LOANS],
    ['availabilityWindows (without the employee)', WINDOWS],
  ])('coordinator: %s', async (_name, query) => {
    const [small, large] = await statementsPerPage(coordinator, query);
    expect(large).toBe(small);
  });

  it('admin: pools with terms and their first members', async () => {
    const [small, large] = await statementsPerPage(admin, POOLS);
    expect(large).toBe(small);
  });

  it('batched member pages are the pages each pool would give alone: order, cursor, totalCount', async () => {
    const Q = `query($after: String) { pools(first: 100) { edges { node { id
      memberships(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { companyId } } } } } } }`;
    const memberIds = (
      await sut.db.query(
        `SELECT company_id FROM pool_membership WHERE pool_id = $1 ORDER BY company_id, id`,
        [pool.id],
      )
    ).map((r: { company_id: string }) => r.company_id);
    expect(memberIds).toHaveLength(ROWS + 1);
    const pageOf = (data: Json, poolId: string) =>
      data.pools.edges.find((e: Json) => e.node.id === poolId).node.memberships;

    const first = await sut.as(admin).ok(Q);
    const mine = pageOf(first, pool.id);
    expect(mine.edges.map((e: Json) => e.node.companyId)).toEqual(memberIds.slice(0, 2));
    expect(mine.totalCount).toBe(ROWS + 1);
    expect(mine.pageInfo.hasNextPage).toBe(true);
    const others = first.pools.edges.filter((e: Json) => e.node.id !== pool.id);
    expect(others.length).toBeGreaterThanOrEqual(ROWS);
    for (const other of others) {
      expect(other.node.memberships.totalCount).toBe(1);
      expect(other.node.memberships.edges).toHaveLength(1);
      expect(other.node.memberships.pageInfo.hasNextPage).toBe(false);
    }

    const second = pageOf(await sut.as(admin).ok(Q, { after: mine.pageInfo.endCursor }), pool.id);
    expect(second.edges.map((e: Json) => e.node.companyId)).toEqual(memberIds.slice(2, 4));
  });

  it('the counter counts every statement sent, so a per-row query would show', async () => {
    const client = sut.as(lenderHr);
    const query = `{ employees(first: 5) { edges { node { id } } } }`;
    const once = await sql.during(() => client.ok(query));
    const thrice = await sql.during(async () => {
      for (let i = 0; i < 3; i++) await client.ok(query);
    });
    expect(once.statements.length).toBeGreaterThan(0);
    expect(thrice.statements).toHaveLength(3 * once.statements.length);
  });
});
