import { Company, PoolMembership } from '../../src/companies/company.entity';
import { MembershipStatus } from '../../src/companies/company.enums';
import {
  newAdmin,
  newCompany,
  newCoordinator,
  newEmployee,
  newEmployeeUser,
  newHr,
  newMember,
  newMembership,
  newPool,
} from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('companies and memberships (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const REGISTER = `mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { id name kvkNumber kind postcode memberships { poolId status } } }`;
  const firm = (overrides: Record<string, unknown> = {}) => ({
    name: 'Installatiebedrijf Polderwarmte',
    kvkNumber: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
    postcode: '8232aa',
    city: 'Lelystad',
    latitude: 52.5185,
    longitude: 5.4714,
    ...overrides,
  });

  it('a coordinator registers a firm into its own pool, which makes it an active member', async () => {
    const pool = await newPool(sut.db);
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    const data = await coordinator.ok(REGISTER, {
      input: firm({ poolId: pool.id, kind: 'SCHOOL' }),
    });
    expect(data.registerCompany).toMatchObject({
      kind: 'SCHOOL',
      postcode: '8232 AA',
      memberships: [{ poolId: pool.id, status: 'ACTIVE' }],
    });
  });

  it('a coordinator may not register a firm into another pool or without a pool', async () => {
    const other = await newPool(sut.db);
    const coordinator = sut.as(await newCoordinator(sut.db, await newPool(sut.db)));
    expect(await coordinator.errorCode(REGISTER, { input: firm({ poolId: other.id }) })).toBe(
      'FORBIDDEN',
    );
    expect(await coordinator.errorCode(REGISTER, { input: firm() })).toBe('BAD_USER_INPUT');
  });

  it('an invalid KvK number, a bad postcode or a duplicate KvK writes nothing', async () => {
    const admin = sut.as(await newAdmin(sut.db));
    const before = await sut.db.getRepository(Company).count();
    const bad = await admin.send(REGISTER, {
      input: firm({ kvkNumber: '1234567', postcode: '12345' }),
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual([
      'kvkNumber',
      'postcode',
    ]);
    const existing = await newCompany(sut.db);
    expect(
      await admin.errorCode(REGISTER, { input: firm({ kvkNumber: existing.kvkNumber }) }),
    ).toBe('CONFLICT');
    expect(await sut.db.getRepository(Company).count()).toBe(before + 1);
  });

  it('HR sees its own firm and fellow active members of its pools, not firms outside them', async () => {
    const pool = await newPool(sut.db);
    const own = await newMember(sut.db, pool);
    const fellow = await newMember(sut.db, pool);
    const pending = await newCompany(sut.db);
    await newMembership(sut.db, pool, pending, MembershipStatus.PENDING);
    const outsider = await newCompany(sut.db);
    const hr = sut.as(await newHr(sut.db, own));
    const data = await hr.ok(
      `query($poolId: ID) { companies(first: 100, poolId: $poolId) { totalCount edges { node { id } } } }`,
      { poolId: pool.id },
    );
    const ids = data.companies.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    expect(ids).toEqual([own.id, fellow.id].sort());
    expect(data.companies.totalCount).toBe(2);
    expect(
      await hr.errorCode(`query($id: ID!) { company(id: $id) { id } }`, { id: outsider.id }),
    ).toBe('NOT_FOUND');
  });

  it('an employee sees only its own employer', async () => {
    const pool = await newPool(sut.db);
    const company = await newMember(sut.db, pool);
    await newMember(sut.db, pool);
    const employee = sut.as(await newEmployeeUser(sut.db, await newEmployee(sut.db, company)));
    const data = await employee.ok(`{ companies { edges { node { id } } } }`);
    expect(data.companies.edges).toEqual([{ node: { id: company.id } }]);
  });

  const REQUEST = `mutation($poolId: ID!) { requestMembership(poolId: $poolId) { id status } }`;
  const DECIDE = `mutation($input: DecideMembershipInput!) { decideMembership(input: $input) { id status decidedAt } }`;

  it('HR requests membership, the coordinator admits and suspends; illegal moves are CONFLICT', async () => {
    const pool = await newPool(sut.db);
    const company = await newCompany(sut.db);
    const hr = sut.as(await newHr(sut.db, company));
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    const requested = await hr.ok(REQUEST, { poolId: pool.id });
    expect(requested.requestMembership.status).toBe('PENDING');
    expect(await hr.errorCode(REQUEST, { poolId: pool.id })).toBe('CONFLICT');
    const id = requested.requestMembership.id;
    expect(await hr.errorCode(DECIDE, { input: { membershipId: id, status: 'ACTIVE' } })).toBe(
      'FORBIDDEN',
    );
    expect(
      (await coordinator.ok(DECIDE, { input: { membershipId: id, status: 'ACTIVE' } }))
        .decideMembership.status,
    ).toBe('ACTIVE');
    expect(
      (await coordinator.ok(DECIDE, { input: { membershipId: id, status: 'SUSPENDED' } }))
        .decideMembership.status,
    ).toBe('SUSPENDED');
    expect(
      await coordinator.errorCode(DECIDE, { input: { membershipId: id, status: 'PENDING' } }),
    ).toBe('BAD_USER_INPUT');
    expect(
      (await hr.ok(DECIDE, { input: { membershipId: id, status: 'LEFT' } })).decideMembership
        .status,
    ).toBe('LEFT');
    expect(
      await coordinator.errorCode(DECIDE, { input: { membershipId: id, status: 'ACTIVE' } }),
    ).toBe('CONFLICT');
    expect((await hr.ok(REQUEST, { poolId: pool.id })).requestMembership.status).toBe('PENDING');
  });

  it("a coordinator of another pool cannot see or decide this pool's memberships", async () => {
    const pool = await newPool(sut.db);
    const company = await newCompany(sut.db);
    const membership = await newMembership(sut.db, pool, company, MembershipStatus.PENDING);
    const stranger = sut.as(await newCoordinator(sut.db, await newPool(sut.db)));
    expect(
      await stranger.errorCode(DECIDE, {
        input: { membershipId: membership.id, status: 'ACTIVE' },
      }),
    ).toBe('NOT_FOUND');
    expect(
      await sut.db.getRepository(PoolMembership).findOneByOrFail({ id: membership.id }),
    ).toMatchObject({ status: 'PENDING' });
  });

  it('pool members are listed in full for coordinators and only the active ones for members', async () => {
    const pool = await newPool(sut.db);
    const active = await newMember(sut.db, pool);
    await newMembership(sut.db, pool, await newCompany(sut.db), MembershipStatus.PENDING);
    const Q = `query($id: ID!) { pool(id: $id) { memberships { totalCount edges { node { status company { id } } } } } }`;
    const coordinator = sut.as(await newCoordinator(sut.db, pool));
    expect((await coordinator.ok(Q, { id: pool.id })).pool.memberships.totalCount).toBe(2);
    const hr = sut.as(await newHr(sut.db, active));
    const asMember = await hr.ok(Q, { id: pool.id });
    expect(asMember.pool.memberships.edges).toEqual([
      { node: { status: 'ACTIVE', company: { id: active.id } } },
    ]);
    const outsider = sut.as(await newHr(sut.db, await newCompany(sut.db)));
    expect(await outsider.errorCode(Q, { id: pool.id })).toBe('FORBIDDEN');
  });
});
