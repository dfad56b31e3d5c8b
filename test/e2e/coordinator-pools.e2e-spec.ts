import { PoolCoordinator, User } from '../../src/auth/user.entity';
import { Pool } from '../../src/pools/pool.entity';
import { newCoordinator, newDemand, newMember, newPool, newSkill } from '../support/factories';
import { SqlStatements } from '../support/sql-statements';
import { Json, startTestApp, TestApp } from '../support/test-app';

/** Selects only fields whose resolvers never read the pools in code (deferredPoolsPlugin). */
const LIST = `query { demandRequests(first: 50) { edges { node {
  id title company { id name } requirements { minLevel skill { id code } } } } } }`;
/** `pool` is read through code that checks the coordinator's pools: they are read first. */
const LIST_WITH_POOL = `query { demandRequests(first: 50) { edges { node { id pool { id } } } } }`;
const BY_ID = `query($id: ID!) { demandRequest(id: $id) { id title } }`;

const LOOKUP = /FROM pool_coordinator WHERE user_id/;

describe("a coordinator's pools, read per request or per statement (e2e)", () => {
  let sut: TestApp;
  let sql: SqlStatements;
  let poolA: Pool;
  let poolB: Pool;
  let coordinator: User;
  const demandsIn: Record<string, string[]> = {};

  beforeAll(async () => {
    sut = await startTestApp();
    sql = SqlStatements.attach(sut.created.dataSource);
    const db = sut.db;
    poolA = await newPool(db);
    poolB = await newPool(db);
    const skill = await newSkill(db);
    for (const pool of [poolA, poolB]) {
      demandsIn[pool.id] = [];
      for (let i = 0; i < 3; i++) {
        const borrower = await newMember(db, pool);
        const demand = await newDemand(db, borrower, pool, {}, [{ skill, minLevel: 2 }]);
        demandsIn[pool.id].push(demand.id);
      }
    }
    coordinator = await newCoordinator(db, poolA);
  }, 60_000);

  afterAll(() => sut.close());

  const ids = (data: Json): string[] =>
    data.demandRequests.edges.map((e: Json) => e.node.id as string).sort();

  it('a list that needs the pools only in SQL sends no look-up and shows only its pools', async () => {
    const { result, statements } = await sql.during(() => sut.as(coordinator).ok(LIST));
    expect(ids(result)).toEqual([...demandsIn[poolA.id]].sort());
    expect(result.demandRequests.edges[0].node.requirements).toHaveLength(1);
    expect(statements.filter((s) => LOOKUP.test(s))).toEqual([]);
    expect(statements).toHaveLength(1);
  });

  it('a field outside the list of fields without pools reads them first, with the same rows', async () => {
    const { result, statements } = await sql.during(() => sut.as(coordinator).ok(LIST_WITH_POOL));
    expect(ids(result)).toEqual([...demandsIn[poolA.id]].sort());
    expect(result.demandRequests.edges.every((e: Json) => e.node.pool.id === poolA.id)).toBe(true);
    expect(statements.filter((s) => LOOKUP.test(s))).toHaveLength(1);
  });

  it('an appointment and its end take effect from the next request, by id and in the list', async () => {
    const client = sut.as(coordinator);
    const inB = demandsIn[poolB.id][0];
    expect((await client.send(BY_ID, { id: inB })).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    await sut.db
      .getRepository(PoolCoordinator)
      .insert({ userId: coordinator.id, poolId: poolB.id });
    expect(ids(await client.ok(LIST))).toEqual(
      [...demandsIn[poolA.id], ...demandsIn[poolB.id]].sort(),
    );
    expect((await client.ok(BY_ID, { id: inB })).demandRequest.id).toBe(inB);

    await sut.db.getRepository(PoolCoordinator).delete({ userId: coordinator.id });
    expect(ids(await client.ok(LIST))).toEqual([]);
    expect((await client.send(BY_ID, { id: inB })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(ids(await client.ok(LIST_WITH_POOL))).toEqual([]);
  });
});
