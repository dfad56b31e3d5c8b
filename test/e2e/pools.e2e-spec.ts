import { PoolTerms } from '../../src/pools/pool.entity';
import { newAdmin, newCompany, newCoordinator, newHr, newPool } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('pools and their versioned terms (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const CREATE = `mutation($input: CreatePoolInput!) { createPool(input: $input) { id name currentTerms { version maxLoanWeeks requireEmployeeConsent maxOverheadPercent minCoverage } } }`;
  const UPDATE = `mutation($input: UpdatePoolTermsInput!) { updatePoolTerms(input: $input) { version maxLoanWeeks maxTravelKm requireEmployeeConsent } }`;

  it('an admin creates a pool whose first terms follow Dutch practice by default', async () => {
    const admin = sut.as(await newAdmin(sut.db));
    const data = await admin.ok(CREATE, {
      input: { name: 'Pool Urk Metaal', region: 'Flevoland', branch: 'Metaal' },
    });
    expect(data.createPool.currentTerms).toEqual({
      version: 1,
      maxLoanWeeks: 26,
      requireEmployeeConsent: true,
      maxOverheadPercent: 0,
      minCoverage: 0.5,
    });
  });

  it('only an admin creates pools', async () => {
    const pool = await newPool(sut.db);
    const hr = sut.as(await newHr(sut.db, await newCompany(sut.db)));
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    const input = { name: 'Not allowed', region: 'Flevoland', branch: 'ICT' };
    expect(await hr.errorCode(CREATE, { input })).toBe('FORBIDDEN');
    expect(await coordinator.errorCode(CREATE, { input })).toBe('FORBIDDEN');
    expect(await sut.anonymous.errorCode(CREATE, { input })).toBe('UNAUTHENTICATED');
  });

  it('a coordinator publishes a new terms version that keeps unchanged values; older versions stay', async () => {
    const pool = await newPool(sut.db, {}, { maxTravelKm: 35 });
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    const v2 = await coordinator.ok(UPDATE, {
      input: { poolId: pool.id, terms: { maxLoanWeeks: 12 } },
    });
    expect(v2.updatePoolTerms).toEqual({
      version: 2,
      maxLoanWeeks: 12,
      maxTravelKm: 35,
      requireEmployeeConsent: true,
    });
    const history = await coordinator.ok(
      `query($id: ID!) { pool(id: $id) { termsHistory { version maxLoanWeeks } currentTerms { version } } }`,
      {
        id: pool.id,
      },
    );
    expect(history.pool.termsHistory).toEqual([
      { version: 1, maxLoanWeeks: 26 },
      { version: 2, maxLoanWeeks: 12 },
    ]);
    expect(history.pool.currentTerms.version).toBe(2);
  });

  it('future terms do not apply before their effectiveFrom', async () => {
    const pool = await newPool(sut.db);
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    const effectiveFrom = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await coordinator.ok(UPDATE, {
      input: { poolId: pool.id, effectiveFrom, terms: { maxLoanWeeks: 4 } },
    });
    const data = await coordinator.ok(
      `query($id: ID!) { pool(id: $id) { currentTerms { version maxLoanWeeks } } }`,
      { id: pool.id },
    );
    expect(data.pool.currentTerms).toEqual({ version: 1, maxLoanWeeks: 26 });
  });

  it('a coordinator of another pool may not change the terms, and bad values write nothing', async () => {
    const pool = await newPool(sut.db);
    const other = sut.as(await newCoordinator(sut.db, await newPool(sut.db)));
    expect(
      await other.errorCode(UPDATE, { input: { poolId: pool.id, terms: { maxLoanWeeks: 10 } } }),
    ).toBe('FORBIDDEN');
    const own = sut.as(await newCoordinator(sut.db, pool));
    const tooLong = await own.send(UPDATE, {
      input: { poolId: pool.id, terms: { maxLoanWeeks: 60 } },
    });
    expect(tooLong.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'terms.maxLoanWeeks' }],
    });
    const zeroWeights = await own.send(UPDATE, {
      input: {
        poolId: pool.id,
        terms: { weightSkill: 0, weightCoverage: 0, weightDistance: 0, weightRotation: 0 },
      },
    });
    expect(zeroWeights.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'WEIGHTS_ALL_ZERO',
    });
    const past = await own.send(UPDATE, {
      input: { poolId: pool.id, effectiveFrom: '2020-01-01T00:00:00Z', terms: {} },
    });
    expect(past.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'EFFECTIVE_FROM_IN_PAST',
    });
    expect(await sut.db.getRepository(PoolTerms).countBy({ poolId: pool.id })).toBe(1);
  });

  it('concurrent term updates get consecutive versions, never the same one twice', async () => {
    const pool = await newPool(sut.db);
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        coordinator.ok(UPDATE, { input: { poolId: pool.id, terms: { maxLoanWeeks: n } } }),
      ),
    );
    expect(results.map((r) => r.updatePoolTerms.version).sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('pools are listed by name with cursors that page through all of them exactly once', async () => {
    const admin = sut.as(await newAdmin(sut.db));
    for (let i = 0; i < 7; i++)
      await newPool(sut.db, { name: `Paging pool ${String(i).padStart(2, '0')}` });
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: {
        pools: {
          totalCount: number;
          edges: { node: { name: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      } = (await admin.ok(
        `query($after: String) { pools(first: 3, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`,
        {
          after,
        },
      )) as never;
      total = page.pools.totalCount;
      seen.push(...page.pools.edges.map((e) => e.node.name));
      if (!page.pools.pageInfo.hasNextPage) break;
      after = page.pools.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
    expect(seen.filter((n) => n.startsWith('Paging pool'))).toHaveLength(7);
  });

  it('a page size over 100 or a forged cursor is BAD_USER_INPUT; an unknown or malformed id is NOT_FOUND/BAD_USER_INPUT', async () => {
    const admin = sut.as(await newAdmin(sut.db));
    expect(await admin.errorCode(`{ pools(first: 101) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await admin.errorCode(`{ pools(after: "bm9wZQ") { totalCount } }`)).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await admin.errorCode(`{ pool(id: "00000000-0000-4000-8000-000000000000") { id } }`),
    ).toBe('NOT_FOUND');
    expect(await admin.errorCode(`{ pool(id: "not-a-uuid") { id } }`)).toBe('BAD_USER_INPUT');
  });
});
