import { CoordinatorPools } from '../../src/auth/coordinator-pools';
import { newAdmin, newCoordinator, newPool } from '../support/factories';
import { SqlStatements } from '../support/sql-statements';
import { startTestApp, TestApp } from '../support/test-app';

/** Polls `check` every 20 ms until it holds, or fails after `ms`. */
async function eventually(what: string, check: () => Promise<boolean> | boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a coordinator's pools, kept while listening for changes (e2e)", () => {
  let sut: TestApp;
  let pools: CoordinatorPools;
  let sql: SqlStatements;
  beforeAll(async () => {
    sut = await startTestApp();
    pools = sut.created.app.get(CoordinatorPools);
    sql = SqlStatements.attach(sut.created.dataSource);
  });
  afterAll(async () => {
    await sut.close();
  });

  const TERMS = `mutation($input: UpdatePoolTermsInput!) { updatePoolTerms(input: $input) { version } }`;
  const changeTerms = (poolId: string) => ({ input: { poolId, terms: { maxLoanWeeks: 10 } } });
  /** How many of the statements `work` sends read pool_coordinator. */
  const coordinatorReads = async (work: () => Promise<unknown>): Promise<number> => {
    const { statements } = await sql.during(work);
    return statements.filter((s) => s.includes('FROM pool_coordinator')).length;
  };
  const listenerPid = async (): Promise<number | undefined> => {
    const rows = await sut.db.query<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN clp_pool_coordinator'`,
    );
    return rows[0]?.pid;
  };

  it('reads them once, then from memory, and hears of rows changed outside the API', async () => {
    const [a, b] = [await newPool(sut.db), await newPool(sut.db)];
    const user = await newCoordinator(sut.db, a);
    const coordinator = sut.as(user);
    // The first request reads them (and starts listening).
    expect(await coordinatorReads(() => coordinator.ok(TERMS, changeTerms(a.id)))).toBe(1);
    await eventually('the process listens', () => pools.isListening);
    expect(await coordinatorReads(() => coordinator.ok(TERMS, changeTerms(a.id)))).toBe(1);
    const kept = await pools.poolsOf(user.id);
    expect(kept).toEqual([a.id]);
    expect(await pools.poolsOf(user.id)).toBe(kept); // the same array: not read again
    const fiveMore = async () => {
      for (let i = 0; i < 5; i++) await coordinator.ok(TERMS, changeTerms(a.id));
    };
    expect(await coordinatorReads(fiveMore)).toBe(0);

    expect(await coordinator.errorCode(TERMS, changeTerms(b.id))).toBe('FORBIDDEN');
    // An operator appoints them to b in SQL: the trigger's notification reaches the process.
    await sut.db.query('INSERT INTO pool_coordinator (user_id, pool_id) VALUES ($1, $2)', [
      user.id,
      b.id,
    ]);
    await eventually('b is among their pools', async () =>
      (await pools.poolsOf(user.id)).includes(b.id),
    );
    await coordinator.ok(TERMS, changeTerms(b.id));
    // And removes them from a (a cascade or a DELETE notifies alike).
    await sut.db.query('DELETE FROM pool_coordinator WHERE user_id = $1 AND pool_id = $2', [
      user.id,
      a.id,
    ]);
    await eventually(
      'a is no longer among their pools',
      async () => !(await pools.poolsOf(user.id)).includes(a.id),
    );
    expect(await coordinator.errorCode(TERMS, changeTerms(a.id))).toBe('FORBIDDEN');
  });

  it('an appointment through the API holds for the very next request', async () => {
    const [a, b] = [await newPool(sut.db), await newPool(sut.db)];
    const user = await newCoordinator(sut.db, a);
    const coordinator = sut.as(user);
    await eventually('the process listens', async () => {
      await coordinator.ok(TERMS, changeTerms(a.id));
      return pools.isListening;
    });
    await coordinator.ok(TERMS, changeTerms(a.id));
    expect(await coordinator.errorCode(TERMS, changeTerms(b.id))).toBe('FORBIDDEN');
    const admin = sut.as(await newAdmin(sut.db));
    await admin.ok(
      `mutation($u: ID!, $p: ID!) { appointCoordinator(userId: $u, poolId: $p) { id } }`,
      {
        u: user.id,
        p: b.id,
      },
    );
    // No waiting: the process forgot them when the appointment committed.
    await coordinator.ok(TERMS, changeTerms(b.id));
  });

  it('serves nothing from memory while the listening connection is down, and forgets all when back', async () => {
    const [a, b, c] = [await newPool(sut.db), await newPool(sut.db), await newPool(sut.db)];
    const user = await newCoordinator(sut.db, a);
    await pools.poolsOf(user.id);
    await eventually('the process listens', () => pools.isListening);
    expect(await pools.poolsOf(user.id)).toEqual([a.id]);
    const pid = await listenerPid();
    expect(pid).toBeDefined();

    // Stop the listener's backend without letting notifications through: a change made now
    // notifies nobody.
    await sut.db.query('SELECT pg_terminate_backend($1)', [pid]);
    await eventually('the loss is noticed', () => !pools.isListening);
    await sut.db.query('INSERT INTO pool_coordinator (user_id, pool_id) VALUES ($1, $2)', [
      user.id,
      b.id,
    ]);
    // Read from the table while not listening (or, if already back, after forgetting all).
    expect([...(await pools.poolsOf(user.id))].sort()).toEqual([a.id, b.id].sort());

    await eventually('the process listens again', () => pools.isListening);
    expect(await listenerPid()).not.toBe(pid);
    await pools.poolsOf(user.id);
    await sut.db.query('INSERT INTO pool_coordinator (user_id, pool_id) VALUES ($1, $2)', [
      user.id,
      c.id,
    ]);
    await eventually('c is among their pools', async () =>
      (await pools.poolsOf(user.id)).includes(c.id),
    );
  });
});
