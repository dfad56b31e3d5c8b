import { AvailabilityWindow } from '../../src/availability/availability-window.entity';
import { AvailabilityStatus } from '../../src/availability/availability.enums';
import { MembershipStatus } from '../../src/companies/company.enums';
import { Company } from '../../src/companies/company.entity';
import { Employee } from '../../src/employees/employee.entity';
import { Pool } from '../../src/pools/pool.entity';
import {
  inDays,
  newAdmin,
  newCompany,
  newCoordinator,
  newEmployee,
  newEmployeeUser,
  newHr,
  newMember,
  newMembership,
  newPool,
  newWindow,
} from '../support/factories';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const FIELDS = `id startDate endDate halfDays hoursPerWeek status createdAt withdrawnAt
  employee { id lastName } company { id } pool { id }`;
const PUBLISH = `mutation($input: PublishAvailabilityInput!) { publishAvailability(input: $input) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawAvailability(id: $id) { ${FIELDS} } }`;
const WINDOWS = `query($first: Int, $after: String, $poolId: ID, $companyId: ID, $employeeId: ID,
    $status: AvailabilityStatus, $overlapsFrom: Date, $overlapsTo: Date) {
  availabilityWindows(first: $first, after: $after, poolId: $poolId, companyId: $companyId,
      employeeId: $employeeId, status: $status, overlapsFrom: $overlapsFrom, overlapsTo: $overlapsTo) {
    totalCount
    edges { cursor node { id startDate employee { id } company { id } } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

interface Edge {
  node: { id: string; employee: { id: string } | null };
}
const ids = (data: Json): string[] => data.availabilityWindows.edges.map((e: Edge) => e.node.id);

describe('availability windows (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  /** A pool with one member firm, its HR and one lendable employee. */
  async function lender(): Promise<{
    pool: Pool;
    company: Company;
    employee: Employee;
    hr: GqlClient;
  }> {
    const pool = await newPool(sut.db);
    const company = await newMember(sut.db, pool);
    const employee = await newEmployee(sut.db, company);
    const hr = sut.as(await newHr(sut.db, company));
    return { pool, company, employee, hr };
  }

  const input = (employee: Employee, pool: Pool, overrides: Record<string, unknown> = {}) => ({
    employeeId: employee.id,
    poolId: pool.id,
    startDate: inDays(7),
    endDate: inDays(34),
    hoursPerWeek: 32,
    ...overrides,
  });

  const windowsOf = (employee: Employee) =>
    sut.db.getRepository(AvailabilityWindow).countBy({ employeeId: employee.id });

  describe('publishAvailability', () => {
    it('HR publishes a window whose half-days default to Monday to Friday, both halves', async () => {
      const { pool, company, employee, hr } = await lender();
      const data = await hr.ok(PUBLISH, { input: input(employee, pool) });
      expect(data.publishAvailability).toMatchObject({
        startDate: inDays(7),
        endDate: inDays(34),
        hoursPerWeek: 32,
        status: 'ACTIVE',
        withdrawnAt: null,
        employee: { id: employee.id, lastName: employee.lastName },
        company: { id: company.id },
        pool: { id: pool.id },
      });
      expect(data.publishAvailability.halfDays).toEqual([
        'MONDAY_MORNING',
        'MONDAY_AFTERNOON',
        'TUESDAY_MORNING',
        'TUESDAY_AFTERNOON',
        'WEDNESDAY_MORNING',
        'WEDNESDAY_AFTERNOON',
        'THURSDAY_MORNING',
        'THURSDAY_AFTERNOON',
        'FRIDAY_MORNING',
        'FRIDAY_AFTERNOON',
      ]);
      const stored = await sut.db
        .getRepository(AvailabilityWindow)
        .findOneByOrFail({ id: data.publishAvailability.id });
      expect(stored).toMatchObject({
        companyId: company.id,
        period: { start: inDays(7), end: inDays(34) },
        halfDays: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      });
    });

    it('a part-time window keeps the given half-days in week order', async () => {
      const { pool, employee, hr } = await lender();
      const data = await hr.ok(PUBLISH, {
        input: input(employee, pool, {
          halfDays: ['THURSDAY_AFTERNOON', 'TUESDAY_MORNING'],
          hoursPerWeek: 8,
        }),
      });
      expect(data.publishAvailability.halfDays).toEqual(['TUESDAY_MORNING', 'THURSDAY_AFTERNOON']);
      expect(data.publishAvailability.hoursPerWeek).toBe(8);
    });

    it('coordinators, admins and employees may not publish (FORBIDDEN); nothing is written', async () => {
      const { pool, employee } = await lender();
      const others = [
        await newCoordinator(sut.db, pool),
        await newAdmin(sut.db),
        await newEmployeeUser(sut.db, employee),
      ];
      for (const user of others) {
        expect(await sut.as(user).errorCode(PUBLISH, { input: input(employee, pool) })).toBe(
          'FORBIDDEN',
        );
      }
      expect(await windowsOf(employee)).toBe(0);
    });

    it("another firm's HR cannot publish for an employee it does not employ (NOT_FOUND)", async () => {
      const { pool, employee } = await lender();
      const otherHr = sut.as(await newHr(sut.db, await newMember(sut.db, pool)));
      expect(await otherHr.errorCode(PUBLISH, { input: input(employee, pool) })).toBe('NOT_FOUND');
      expect(await windowsOf(employee)).toBe(0);
    });

    it('a firm that is not an ACTIVE member of the pool may not offer capacity in it', async () => {
      const pool = await newPool(sut.db);
      const suspended = await newCompany(sut.db);
      await newMembership(sut.db, pool, suspended, MembershipStatus.SUSPENDED);
      const outsider = await newCompany(sut.db);
      for (const company of [suspended, outsider]) {
        const employee = await newEmployee(sut.db, company);
        const res = await sut
          .as(await newHr(sut.db, company))
          .send(PUBLISH, { input: input(employee, pool) });
        expect(res.errors?.[0].extensions).toMatchObject({
          code: 'FORBIDDEN',
          reason: 'NOT_ACTIVE_MEMBER',
        });
        expect(await windowsOf(employee)).toBe(0);
      }
    });

    it('an employee who is not lendable cannot be offered (BAD_USER_INPUT, NOT_LENDABLE)', async () => {
      const pool = await newPool(sut.db);
      const company = await newMember(sut.db, pool);
      const employee = await newEmployee(sut.db, company, { lendable: false });
      const res = await sut
        .as(await newHr(sut.db, company))
        .send(PUBLISH, { input: input(employee, pool) });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'NOT_LENDABLE',
      });
      expect(await windowsOf(employee)).toBe(0);
    });

    const invalid: [string, Record<string, unknown>, string, string | undefined][] = [
      [
        'an end before the start',
        { startDate: inDays(10), endDate: inDays(9) },
        'BAD_USER_INPUT',
        'END_BEFORE_START',
      ],
      ['a start in the past', { startDate: inDays(-1) }, 'BAD_USER_INPUT', 'START_IN_PAST'],
      [
        'a period over 52 weeks',
        { startDate: inDays(1), endDate: inDays(1 + 52 * 7) },
        'BAD_USER_INPUT',
        'TOO_LONG',
      ],
      ['negative hours', { hoursPerWeek: -4 }, 'BAD_USER_INPUT', undefined],
      ['zero hours', { hoursPerWeek: 0 }, 'BAD_USER_INPUT', undefined],
      [
        'more than 60 hours',
        {
          hoursPerWeek: 61,
          halfDays: [
            'MONDAY_MORNING',
            'MONDAY_AFTERNOON',
            'TUESDAY_MORNING',
            'TUESDAY_AFTERNOON',
            'WEDNESDAY_MORNING',
            'WEDNESDAY_AFTERNOON',
            'THURSDAY_MORNING',
            'THURSDAY_AFTERNOON',
            'FRIDAY_MORNING',
            'FRIDAY_AFTERNOON',
            'SATURDAY_MORNING',
            'SATURDAY_AFTERNOON',
            'SUNDAY_MORNING',
            'SUNDAY_AFTERNOON',
          ],
        },
        'BAD_USER_INPUT',
        undefined,
      ],
      [
        'more than 4.5 hours per half-day',
        { hoursPerWeek: 9.5, halfDays: ['MONDAY_MORNING', 'MONDAY_AFTERNOON'] },
        'BAD_USER_INPUT',
        'TOO_MANY_HOURS',
      ],
      ['hours with two decimals', { hoursPerWeek: 8.25 }, 'BAD_USER_INPUT', undefined],
      ['no half-days', { halfDays: [] }, 'BAD_USER_INPUT', undefined],
      [
        'a half-day given twice',
        { halfDays: ['MONDAY_MORNING', 'MONDAY_MORNING'] },
        'BAD_USER_INPUT',
        undefined,
      ],
      ['an unknown half-day', { halfDays: ['MONDAY_EVENING'] }, 'BAD_USER_INPUT', undefined],
      ['a malformed date', { startDate: '2026-02-30' }, 'BAD_USER_INPUT', undefined],
      [
        'an unknown pool',
        { poolId: '00000000-0000-4000-8000-000000000000' },
        'NOT_FOUND',
        undefined,
      ],
      [
        'an unknown employee',
        { employeeId: '00000000-0000-4000-8000-000000000000' },
        'NOT_FOUND',
        undefined,
      ],
      ['a pool id that is no uuid', { poolId: 'pool-1' }, 'BAD_USER_INPUT', undefined],
    ];

    it.each(invalid)(
      '%s is rejected and writes nothing',
      async (_name, overrides, code, reason) => {
        const { pool, employee, hr } = await lender();
        const res = await hr.send(PUBLISH, { input: input(employee, pool, overrides) });
        expect(res.errors?.[0].extensions?.code).toBe(code);
        if (reason) expect(res.errors?.[0].extensions?.reason).toBe(reason);
        expect(res.data?.publishAvailability ?? null).toBeNull();
        expect(await windowsOf(employee)).toBe(0);
      },
    );

    it('4.5 hours per half-day and exactly 52 weeks are accepted', async () => {
      const { pool, employee, hr } = await lender();
      const data = await hr.ok(PUBLISH, {
        input: input(employee, pool, {
          startDate: inDays(1),
          endDate: inDays(52 * 7),
          halfDays: ['MONDAY_MORNING', 'MONDAY_AFTERNOON'],
          hoursPerWeek: 9,
        }),
      });
      expect(data.publishAvailability.status).toBe('ACTIVE');
    });
  });

  describe('the overlap guarantee', () => {
    it('a window sharing a half-day with an overlapping one of the same employee in the pool is a CONFLICT and writes nothing', async () => {
      const { pool, employee, hr } = await lender();
      await hr.ok(PUBLISH, {
        input: input(employee, pool, {
          halfDays: ['TUESDAY_MORNING', 'TUESDAY_AFTERNOON'],
          hoursPerWeek: 8,
        }),
      });
      const res = await hr.send(PUBLISH, {
        input: input(employee, pool, {
          startDate: inDays(30),
          endDate: inDays(60),
          halfDays: ['TUESDAY_AFTERNOON', 'WEDNESDAY_MORNING'],
          hoursPerWeek: 8,
        }),
      });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'availability_window_employee_pool_period_half_days_excl',
      });
      expect(res.errors?.[0].message).toMatch(/already has availability/);
      expect(await windowsOf(employee)).toBe(1);
    });

    it('windows on different half-days of the same weeks are both accepted', async () => {
      const { pool, employee, hr } = await lender();
      const tuesday = await hr.ok(PUBLISH, {
        input: input(employee, pool, {
          halfDays: ['TUESDAY_MORNING', 'TUESDAY_AFTERNOON'],
          hoursPerWeek: 8,
        }),
      });
      const thursday = await hr.ok(PUBLISH, {
        input: input(employee, pool, {
          halfDays: ['THURSDAY_MORNING', 'THURSDAY_AFTERNOON'],
          hoursPerWeek: 8,
        }),
      });
      expect(tuesday.publishAvailability.status).toBe('ACTIVE');
      expect(thursday.publishAvailability.status).toBe('ACTIVE');
      expect(await windowsOf(employee)).toBe(2);
    });

    it('consecutive periods on the same half-days are both accepted (end dates are inclusive)', async () => {
      const { pool, employee, hr } = await lender();
      await hr.ok(PUBLISH, {
        input: input(employee, pool, { startDate: inDays(7), endDate: inDays(13) }),
      });
      await hr.ok(PUBLISH, {
        input: input(employee, pool, { startDate: inDays(14), endDate: inDays(20) }),
      });
      const res = await hr.send(PUBLISH, {
        input: input(employee, pool, { startDate: inDays(20), endDate: inDays(21) }),
      });
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await windowsOf(employee)).toBe(2);
    });

    it('the same half-days may be offered in another pool', async () => {
      const { pool, company, employee, hr } = await lender();
      const second = await newPool(sut.db);
      await newMembership(sut.db, second, company);
      await hr.ok(PUBLISH, { input: input(employee, pool) });
      await hr.ok(PUBLISH, { input: input(employee, second) });
      expect(await windowsOf(employee)).toBe(2);
    });

    it('of two simultaneous identical publications exactly one succeeds', async () => {
      const { pool, employee, hr } = await lender();
      const results = await Promise.all([
        hr.send(PUBLISH, { input: input(employee, pool) }),
        hr.send(PUBLISH, { input: input(employee, pool) }),
      ]);
      const codes = results.map((r) => r.errors?.[0].extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      expect(await windowsOf(employee)).toBe(1);
    });

    it('after withdrawing a window a new one on the same half-days is accepted', async () => {
      const { pool, employee, hr } = await lender();
      const first = await hr.ok(PUBLISH, { input: input(employee, pool) });
      await hr.ok(WITHDRAW, { id: first.publishAvailability.id });
      const second = await hr.ok(PUBLISH, { input: input(employee, pool) });
      expect(second.publishAvailability.status).toBe('ACTIVE');
      expect(await windowsOf(employee)).toBe(2);
    });
  });

  describe('withdrawAvailability', () => {
    it('marks the window WITHDRAWN with the time; withdrawing it again is a CONFLICT', async () => {
      const { pool, employee, hr } = await lender();
      const window = await newWindow(sut.db, employee, pool);
      const before = Date.now();
      const data = await hr.ok(WITHDRAW, { id: window.id });
      expect(data.withdrawAvailability).toMatchObject({ id: window.id, status: 'WITHDRAWN' });
      expect(Date.parse(data.withdrawAvailability.withdrawnAt)).toBeGreaterThanOrEqual(
        before - 5_000,
      );
      const again = await hr.send(WITHDRAW, { id: window.id });
      expect(again.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ALREADY_WITHDRAWN',
      });
    });

    it("only the employer's HR withdraws: another firm's HR gets NOT_FOUND, others FORBIDDEN", async () => {
      const { pool, employee } = await lender();
      const window = await newWindow(sut.db, employee, pool);
      const otherHr = sut.as(await newHr(sut.db, await newMember(sut.db, pool)));
      expect(await otherHr.errorCode(WITHDRAW, { id: window.id })).toBe('NOT_FOUND');
      for (const user of [
        await newCoordinator(sut.db, pool),
        await newAdmin(sut.db),
        await newEmployeeUser(sut.db, employee),
      ]) {
        expect(await sut.as(user).errorCode(WITHDRAW, { id: window.id })).toBe('FORBIDDEN');
      }
      const stored = await sut.db
        .getRepository(AvailabilityWindow)
        .findOneByOrFail({ id: window.id });
      expect(stored.status).toBe(AvailabilityStatus.ACTIVE);
      expect(stored.withdrawnAt).toBeNull();
    });
  });

  describe('availabilityWindows', () => {
    /** Two member firms of one pool, each with one window, plus a window in another pool. */
    async function market() {
      const pool = await newPool(sut.db);
      const otherPool = await newPool(sut.db);
      const a = await newMember(sut.db, pool);
      const b = await newMember(sut.db, pool);
      await newMembership(sut.db, otherPool, a);
      const alice = await newEmployee(sut.db, a);
      const bob = await newEmployee(sut.db, b);
      const aliceWindow = await newWindow(sut.db, alice, pool);
      const bobWindow = await newWindow(sut.db, bob, pool);
      const elsewhere = await newWindow(sut.db, alice, otherPool);
      return { pool, otherPool, a, b, alice, bob, aliceWindow, bobWindow, elsewhere };
    }

    it("HR sees its own company's windows with the employee, and no other firm's", async () => {
      const m = await market();
      const data = await sut.as(await newHr(sut.db, m.a)).ok(WINDOWS, { first: 100 });
      expect(ids(data).sort()).toEqual([m.aliceWindow.id, m.elsewhere.id].sort());
      expect(data.availabilityWindows.totalCount).toBe(2);
      for (const edge of data.availabilityWindows.edges) {
        expect(edge.node.employee).toEqual({ id: m.alice.id });
        expect(edge.node.company).toEqual({ id: m.a.id });
      }
    });

    it('a coordinator sees the windows in its pools without the employee (no personal data)', async () => {
      const m = await market();
      const data = await sut.as(await newCoordinator(sut.db, m.pool)).ok(WINDOWS, { first: 100 });
      expect(ids(data).sort()).toEqual([m.aliceWindow.id, m.bobWindow.id].sort());
      for (const edge of data.availabilityWindows.edges) expect(edge.node.employee).toBeNull();
      const other = await sut
        .as(await newCoordinator(sut.db, await newPool(sut.db)))
        .ok(WINDOWS, { first: 100 });
      expect(other.availabilityWindows.totalCount).toBe(0);
    });

    it('an employee sees only its own windows', async () => {
      const m = await market();
      const data = await sut.as(await newEmployeeUser(sut.db, m.bob)).ok(WINDOWS, { first: 100 });
      expect(ids(data)).toEqual([m.bobWindow.id]);
      expect(data.availabilityWindows.edges[0].node.employee).toEqual({ id: m.bob.id });
    });

    it('an admin sees every window, without the employee', async () => {
      const m = await market();
      const data = await sut
        .as(await newAdmin(sut.db))
        .ok(WINDOWS, { first: 100, poolId: m.pool.id });
      expect(ids(data).sort()).toEqual([m.aliceWindow.id, m.bobWindow.id].sort());
      for (const edge of data.availabilityWindows.edges) expect(edge.node.employee).toBeNull();
    });

    it('filters by pool, company, employee, status and period overlap', async () => {
      const pool = await newPool(sut.db);
      const company = await newMember(sut.db, pool);
      const other = await newMember(sut.db, pool);
      const employee = await newEmployee(sut.db, company);
      const colleague = await newEmployee(sut.db, company);
      const early = await newWindow(sut.db, employee, pool, {
        period: { start: inDays(7), end: inDays(13) },
      });
      const late = await newWindow(sut.db, employee, pool, {
        period: { start: inDays(28), end: inDays(34) },
      });
      const withdrawn = await newWindow(sut.db, colleague, pool, {
        period: { start: inDays(10), end: inDays(30) },
        status: AvailabilityStatus.WITHDRAWN,
        withdrawnAt: new Date(),
      });
      const foreign = await newWindow(sut.db, await newEmployee(sut.db, other), pool);
      const coordinator = sut.as(await newCoordinator(sut.db, pool));
      const query = async (args: Record<string, unknown>) =>
        ids(await coordinator.ok(WINDOWS, { first: 100, poolId: pool.id, ...args })).sort();

      expect(await query({})).toEqual([early.id, late.id, withdrawn.id, foreign.id].sort());
      expect(await query({ companyId: company.id })).toEqual(
        [early.id, late.id, withdrawn.id].sort(),
      );
      expect(await query({ employeeId: employee.id })).toEqual([early.id, late.id].sort());
      expect(await query({ status: 'WITHDRAWN' })).toEqual([withdrawn.id]);
      expect(await query({ companyId: company.id, status: 'ACTIVE' })).toEqual(
        [early.id, late.id].sort(),
      );
      // Inclusive bounds: a window ending on overlapsFrom, or starting on overlapsTo, overlaps.
      expect(
        await query({ companyId: company.id, overlapsFrom: inDays(13), overlapsTo: inDays(14) }),
      ).toEqual([early.id, withdrawn.id].sort());
      expect(await query({ companyId: company.id, overlapsFrom: inDays(31) })).toEqual([late.id]);
      expect(await query({ companyId: company.id, overlapsTo: inDays(9) })).toEqual([early.id]);
      const reversed = await coordinator.send(WINDOWS, {
        overlapsFrom: inDays(9),
        overlapsTo: inDays(8),
      });
      expect(reversed.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'OVERLAP_BOUNDS_REVERSED',
      });
    });

    it('pages by first day then id with cursors and a totalCount of the whole list', async () => {
      const pool = await newPool(sut.db);
      const company = await newMember(sut.db, pool);
      const employee = await newEmployee(sut.db, company);
      const made: AvailabilityWindow[] = [];
      for (const start of [21, 7, 14, 7, 28]) {
        // Distinct half-days keep same-period windows apart under the exclusion constraint.
        made.push(
          await newWindow(sut.db, employee, pool, {
            period: { start: inDays(start), end: inDays(start + 3) },
            halfDays: [made.length],
            hoursPerWeek: 4,
          }),
        );
      }
      const expected = [...made]
        .sort((x, y) => x.period.start.localeCompare(y.period.start) || x.id.localeCompare(y.id))
        .map((w) => w.id);
      const hr = sut.as(await newHr(sut.db, company));
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const data = await hr.ok(WINDOWS, { first: 2, after });
        expect(data.availabilityWindows.totalCount).toBe(5);
        expect(data.availabilityWindows.pageInfo.hasPreviousPage).toBe(after !== undefined);
        seen.push(...ids(data));
        pages++;
        if (!data.availabilityWindows.pageInfo.hasNextPage) break;
        after = data.availabilityWindows.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
      expect(await hr.errorCode(WINDOWS, { after: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
    });

    it('anonymous callers are UNAUTHENTICATED', async () => {
      expect(await sut.anonymous.errorCode(WINDOWS, {})).toBe('UNAUTHENTICATED');
    });
  });
});
