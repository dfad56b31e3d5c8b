import { randomUUID } from 'node:crypto';
import {
  newCompany,
  newCoordinator,
  newDemand,
  newHr,
  newMember,
  newPool,
  newSkill,
} from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const PAGE = `query($poolId: ID!) { demandRequests(first: 50, poolId: $poolId) { edges { node {
  id title hoursPerWeek headcount startDate endDate halfDays
  company { id name }
  requirements { minLevel mandatory skill { id code name } }
} } pageInfo { hasNextPage endCursor } totalCount } }`;

const ONE = `query($id: ID!) { demandRequest(id: $id) { id title } }`;

/**
 * The production setting (GRAPHQL_JIT_AFTER=2; the other suites compile on the first run): a
 * query's first run goes through graphql-js and its later runs through the compiled function,
 * and a client cannot tell them apart (data, errors, codes, HTTP status).
 */
describe('compiled query execution (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ GRAPHQL_JIT_AFTER: '2' });
  });
  afterAll(async () => {
    await sut.close();
  });

  it('answers a repeated nested page, an error and a refused variable the same before and after compiling', async () => {
    const pool = await newPool(sut.db);
    const borrower = await newMember(sut.db, pool);
    const welding = await newSkill(sut.db);
    const plc = await newSkill(sut.db);
    for (let i = 0; i < 3; i++) {
      await newDemand(sut.db, borrower, pool, {}, [
        { skill: welding, minLevel: 3 },
        { skill: plc, mandatory: false },
      ]);
    }
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    // An HR manager of a firm outside the pool sees none of its demand.
    const outsider = sut.as(await newHr(sut.db, await newCompany(sut.db)));

    const missingId = randomUUID();
    const runs = async () => ({
      page: await coordinator.send(PAGE, { poolId: pool.id }),
      hidden: await outsider.send(PAGE, { poolId: pool.id }),
      missing: await coordinator.send(ONE, { id: missingId }),
      badVariable: await coordinator.send(ONE, { id: { not: 'an id' } }),
    });
    const first = await runs();
    expect(first.page.errors).toBeUndefined();
    expect(first.page.data?.demandRequests.totalCount).toBe(3);
    expect(first.page.data?.demandRequests.edges[0].node.requirements).toHaveLength(2);
    expect(first.hidden.data?.demandRequests.edges).toEqual([]);
    expect(first.missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(first.badVariable.status).toBe(400);
    expect(first.badVariable.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (let i = 0; i < 2; i++) expect(await runs()).toEqual(first);
  });
});
