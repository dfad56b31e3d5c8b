import { CompanyKind, MembershipStatus } from '../../src/companies/company.enums';
import { Company, PoolMembership } from '../../src/companies/company.entity';
import { DemandRequest, DemandSkillRequirement } from '../../src/demand/demand-request.entity';
import { DemandStatus } from '../../src/demand/demand.enums';
import { Pool, PoolTerms } from '../../src/pools/pool.entity';
import { DEFAULT_TERMS } from '../../src/pools/pool.service';
import { Skill } from '../../src/skills/skill.entity';
import {
  inDays,
  newAdmin,
  newCompany,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeUser,
  newHr,
  newMember,
  newMembership,
  newPool,
  newSkill,
} from '../support/factories';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const FIELDS = `id title description sitePostcode siteCity siteLatitude siteLongitude startDate endDate
  halfDays hoursPerWeek headcount maxTravelKm maxHourlyRateCents status postedAt cancelledAt
  cancelReason version company { id } pool { id }
  requirements { skillId minLevel mandatory skill { id code } }`;
const POST = `mutation($input: PostDemandInput!) { postDemand(input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelDemand(id: $id, reason: $reason) { ${FIELDS} } }`;
const DEMAND = `query($id: ID!) { demandRequest(id: $id) { id title company { id } } }`;
const DEMANDS = `query($first: Int, $after: String, $poolId: ID, $companyId: ID, $status: [DemandStatus!],
    $skillId: ID, $overlapsFrom: Date, $overlapsTo: Date) {
  demandRequests(first: $first, after: $after, poolId: $poolId, companyId: $companyId, status: $status,
      skillId: $skillId, overlapsFrom: $overlapsFrom, overlapsTo: $overlapsTo) {
    totalCount
    edges { cursor node { id postedAt } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

interface Edge {
  node: { id: string };
}
const ids = (data: Json): string[] => data.demandRequests.edges.map((e: Edge) => e.node.id);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('demand requests (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  /** A pool (with `terms`) and a borrowing member firm with its HR. */
  async function borrower(
    terms: Partial<PoolTerms> = {},
    company: Partial<Company> = {},
  ): Promise<{ pool: Pool; company: Company; hr: GqlClient; skill: Skill }> {
    const pool = await newPool(sut.db, {}, terms);
    const member = await newMember(sut.db, pool, company);
    return {
      pool,
      company: member,
      hr: sut.as(await newHr(sut.db, member)),
      skill: await newSkill(sut.db),
    };
  }

  const input = (pool: Pool, skill: Skill | null, overrides: Record<string, unknown> = {}) => ({
    poolId: pool.id,
    title: 'Two installers for a heat-pump retrofit',
    description: 'Forty homes in Lelystad-Zuid',
    sitePostcode: '8232aa',
    siteCity: 'Lelystad',
    siteLatitude: 52.5185,
    siteLongitude: 5.4714,
    startDate: inDays(14),
    endDate: inDays(41),
    hoursPerWeek: 32,
    headcount: 2,
    requirements: skill ? [{ skillId: skill.id, minLevel: 3, mandatory: true }] : [],
    ...overrides,
  });

  const demandsOf = (company: Company) =>
    sut.db.getRepository(DemandRequest).countBy({ companyId: company.id });

  describe('postDemand', () => {
    it('HR of an active member posts a peak with its requirements, OPEN at version 1', async () => {
      const { pool, company, hr, skill } = await borrower();
      const nice = await newSkill(sut.db);
      const data = await hr.ok(POST, {
        input: input(pool, skill, {
          requirements: [
            { skillId: nice.id, minLevel: 2, mandatory: false },
            { skillId: skill.id, minLevel: 3, mandatory: true },
          ],
          maxTravelKm: 40,
          maxHourlyRateCents: 6000,
        }),
      });
      expect(data.postDemand).toMatchObject({
        title: 'Two installers for a heat-pump retrofit',
        sitePostcode: '8232 AA',
        startDate: inDays(14),
        endDate: inDays(41),
        hoursPerWeek: 32,
        headcount: 2,
        maxTravelKm: 40,
        maxHourlyRateCents: 6000,
        status: 'OPEN',
        cancelledAt: null,
        version: 1,
        company: { id: company.id },
        pool: { id: pool.id },
        requirements: [
          {
            skillId: skill.id,
            minLevel: 3,
            mandatory: true,
            skill: { id: skill.id, code: skill.code },
          },
          {
            skillId: nice.id,
            minLevel: 2,
            mandatory: false,
            skill: { id: nice.id, code: nice.code },
          },
        ],
      });
      expect(data.postDemand.halfDays).toHaveLength(10);
      expect(data.postDemand.halfDays[0]).toBe('MONDAY_MORNING');
      expect(
        await sut.db
          .getRepository(DemandSkillRequirement)
          .countBy({ demandId: data.postDemand.id }),
      ).toBe(2);
    });

    it('a school borrows: a few fixed half-days a week, no requirements needed', async () => {
      const { pool, hr } = await borrower({}, { kind: CompanyKind.SCHOOL });
      const data = await hr.ok(POST, {
        input: input(pool, null, {
          title: 'Guest teacher PLC programming',
          halfDays: ['WEDNESDAY_MORNING', 'FRIDAY_MORNING'],
          hoursPerWeek: 8,
          headcount: 1,
        }),
      });
      expect(data.postDemand).toMatchObject({
        halfDays: ['WEDNESDAY_MORNING', 'FRIDAY_MORNING'],
        requirements: [],
        description: 'Forty homes in Lelystad-Zuid',
      });
    });

    it('coordinators, admins and employees may not post (FORBIDDEN)', async () => {
      const { pool, company, skill } = await borrower();
      for (const user of [
        await newCoordinator(sut.db, pool),
        await newAdmin(sut.db),
        await newEmployeeUser(sut.db, await newEmployee(sut.db, company)),
      ]) {
        expect(await sut.as(user).errorCode(POST, { input: input(pool, skill) })).toBe('FORBIDDEN');
      }
      expect(await sut.db.getRepository(DemandRequest).countBy({ poolId: pool.id })).toBe(0);
    });

    it('HR of a firm that is not an ACTIVE member of the pool may not post there', async () => {
      const { pool, skill } = await borrower();
      for (const status of [MembershipStatus.PENDING, MembershipStatus.SUSPENDED, null]) {
        const company = await newCompany(sut.db);
        if (status) await newMembership(sut.db, pool, company, status);
        const res = await sut
          .as(await newHr(sut.db, company))
          .send(POST, { input: input(pool, skill) });
        expect(res.errors?.[0].extensions).toMatchObject({
          code: 'FORBIDDEN',
          reason: 'NOT_ACTIVE_MEMBER',
        });
        expect(await demandsOf(company)).toBe(0);
      }
    });

    const tooManyRequirements = () =>
      Array.from({ length: 31 }, (_, i) => ({
        skillId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        minLevel: 1,
        mandatory: true,
      }));

    const invalid: [
      string,
      (skill: Skill) => Record<string, unknown>,
      string,
      string | undefined,
    ][] = [
      [
        'an end before the start',
        () => ({ startDate: inDays(20), endDate: inDays(19) }),
        'BAD_USER_INPUT',
        'END_BEFORE_START',
      ],
      ['negative hours', () => ({ hoursPerWeek: -8 }), 'BAD_USER_INPUT', undefined],
      [
        'more hours than the half-days hold',
        () => ({ hoursPerWeek: 10, halfDays: ['MONDAY_MORNING', 'MONDAY_AFTERNOON'] }),
        'BAD_USER_INPUT',
        'TOO_MANY_HOURS',
      ],
      ['a headcount of 0', () => ({ headcount: 0 }), 'BAD_USER_INPUT', undefined],
      ['a headcount of 101', () => ({ headcount: 101 }), 'BAD_USER_INPUT', undefined],
      [
        'a skill level of 7',
        (s) => ({ requirements: [{ skillId: s.id, minLevel: 7, mandatory: true }] }),
        'BAD_USER_INPUT',
        undefined,
      ],
      [
        'the same skill twice',
        (s) => ({
          requirements: [
            { skillId: s.id, minLevel: 2, mandatory: true },
            { skillId: s.id, minLevel: 3, mandatory: false },
          ],
        }),
        'BAD_USER_INPUT',
        'DUPLICATE_SKILL',
      ],
      [
        '31 requirements',
        () => ({ requirements: tooManyRequirements() }),
        'BAD_USER_INPUT',
        undefined,
      ],
      [
        'an unknown skill',
        () => ({ requirements: [{ skillId: UNKNOWN_ID, minLevel: 1, mandatory: true }] }),
        'NOT_FOUND',
        undefined,
      ],
      ['an unknown pool', () => ({ poolId: UNKNOWN_ID }), 'NOT_FOUND', undefined],
      ['a 100 kB title', () => ({ title: 'x'.repeat(100 * 1024) }), 'BAD_USER_INPUT', undefined],
      ['a blank title', () => ({ title: '   ' }), 'BAD_USER_INPUT', undefined],
      [
        'a site postcode that is not Dutch',
        () => ({ sitePostcode: '12345' }),
        'BAD_USER_INPUT',
        undefined,
      ],
      ['a latitude of 91', () => ({ siteLatitude: 91 }), 'BAD_USER_INPUT', undefined],
      ['no half-days', () => ({ halfDays: [] }), 'BAD_USER_INPUT', undefined],
      ['a max travel distance of 0 km', () => ({ maxTravelKm: 0 }), 'BAD_USER_INPUT', undefined],
      ['a max hourly rate of 0', () => ({ maxHourlyRateCents: 0 }), 'BAD_USER_INPUT', undefined],
    ];

    it.each(invalid)(
      '%s is rejected and writes nothing',
      async (_name, overrides, code, reason) => {
        const { pool, company, hr, skill } = await borrower();
        const requirementsBefore = await sut.db.getRepository(DemandSkillRequirement).count();
        const res = await hr.send(POST, { input: input(pool, skill, overrides(skill)) });
        expect(res.errors?.[0].extensions?.code).toBe(code);
        if (reason) expect(res.errors?.[0].extensions?.reason).toBe(reason);
        expect(res.data?.postDemand ?? null).toBeNull();
        expect(await demandsOf(company)).toBe(0);
        expect(await sut.db.getRepository(DemandSkillRequirement).count()).toBe(requirementsBefore);
      },
    );

    it("a start closer than the terms' minimum lead time is LEAD_TIME; further ahead is accepted", async () => {
      const { pool, company, hr, skill } = await borrower({ minLeadTimeHours: 240 });
      const soon = await hr.send(POST, {
        input: input(pool, skill, { startDate: inDays(8), endDate: inDays(20) }),
      });
      expect(soon.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'LEAD_TIME',
        fields: [{ field: 'startDate' }],
      });
      expect(await demandsOf(company)).toBe(0);
      await hr.ok(POST, {
        input: input(pool, skill, { startDate: inDays(12), endDate: inDays(20) }),
      });
      expect(await demandsOf(company)).toBe(1);
    });

    it("a period longer than the terms' maxLoanWeeks is TOO_LONG; exactly that long is accepted", async () => {
      const { pool, company, hr, skill } = await borrower({ maxLoanWeeks: 4 });
      const tooLong = await hr.send(POST, {
        input: input(pool, skill, { startDate: inDays(14), endDate: inDays(14 + 28) }),
      });
      expect(tooLong.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'TOO_LONG',
      });
      expect(await demandsOf(company)).toBe(0);
      await hr.ok(POST, {
        input: input(pool, skill, { startDate: inDays(14), endDate: inDays(14 + 27) }),
      });
      expect(await demandsOf(company)).toBe(1);
    });

    it('the terms version in force applies, not an older or a future one', async () => {
      const { pool, company, hr, skill } = await borrower({
        maxLoanWeeks: 26,
        effectiveFrom: new Date(Date.now() - 10 * 86_400_000),
      });
      const version = (n: number, effectiveFrom: Date, maxLoanWeeks: number) =>
        sut.db
          .getRepository(PoolTerms)
          .insert({ ...DEFAULT_TERMS, poolId: pool.id, version: n, effectiveFrom, maxLoanWeeks });
      await version(2, new Date(Date.now() - 86_400_000), 2);
      await version(3, new Date(Date.now() + 30 * 86_400_000), 52);
      const threeWeeks = input(pool, skill, { startDate: inDays(14), endDate: inDays(14 + 20) });
      const res = await hr.send(POST, { input: threeWeeks });
      expect(res.errors?.[0].extensions?.reason).toBe('TOO_LONG');
      expect(await demandsOf(company)).toBe(0);
    });
  });

  describe('who sees demand', () => {
    /** A peak in a pool with an active fellow member, a pending member and an outsider. */
    async function offered() {
      const pool = await newPool(sut.db);
      const borrowerFirm = await newMember(sut.db, pool);
      const fellow = await newMember(sut.db, pool);
      const pending = await newCompany(sut.db);
      await newMembership(sut.db, pool, pending, MembershipStatus.PENDING);
      const outsider = await newCompany(sut.db);
      const demand = await newDemand(sut.db, borrowerFirm, pool);
      return { pool, borrowerFirm, fellow, pending, outsider, demand };
    }

    it("the borrower's HR, a fellow active member's HR, the pool's coordinator and an admin see the peak", async () => {
      const o = await offered();
      for (const user of [
        await newHr(sut.db, o.borrowerFirm),
        await newHr(sut.db, o.fellow),
        await newCoordinator(sut.db, o.pool),
        await newAdmin(sut.db),
      ]) {
        const client = sut.as(user);
        const one = await client.ok(DEMAND, { id: o.demand.id });
        expect(one.demandRequest).toMatchObject({
          id: o.demand.id,
          company: { id: o.borrowerFirm.id },
        });
        expect(ids(await client.ok(DEMANDS, { poolId: o.pool.id }))).toEqual([o.demand.id]);
      }
    });

    it("HR of a non-member or pending firm, another pool's coordinator and employees get NOT_FOUND and an empty list", async () => {
      const o = await offered();
      for (const user of [
        await newHr(sut.db, o.outsider),
        await newHr(sut.db, o.pending),
        await newCoordinator(sut.db, await newPool(sut.db)),
        await newEmployeeUser(sut.db, await newEmployee(sut.db, o.borrowerFirm)),
      ]) {
        const client = sut.as(user);
        expect(await client.errorCode(DEMAND, { id: o.demand.id })).toBe('NOT_FOUND');
        const list = await client.ok(DEMANDS, { poolId: o.pool.id });
        expect(list.demandRequests.totalCount).toBe(0);
        expect(ids(list)).toEqual([]);
      }
    });

    it('a firm whose membership is suspended still sees its own peak but no longer its fellows’', async () => {
      const o = await offered();
      const fellowDemand = await newDemand(sut.db, o.fellow, o.pool);
      await sut.db
        .getRepository(PoolMembership)
        .update(
          { poolId: o.pool.id, companyId: o.borrowerFirm.id },
          { status: MembershipStatus.SUSPENDED },
        );
      const hr = sut.as(await newHr(sut.db, o.borrowerFirm));
      expect(ids(await hr.ok(DEMANDS, { poolId: o.pool.id }))).toEqual([o.demand.id]);
      expect(await hr.errorCode(DEMAND, { id: fellowDemand.id })).toBe('NOT_FOUND');
    });
  });

  describe('demandRequests filters and pagination', () => {
    it('filters by status list, skill, borrower and period overlap', async () => {
      const pool = await newPool(sut.db);
      const a = await newMember(sut.db, pool);
      const b = await newMember(sut.db, pool);
      const welding = await newSkill(sut.db);
      const plc = await newSkill(sut.db);
      const open = await newDemand(
        sut.db,
        a,
        pool,
        { period: { start: inDays(14), end: inDays(20) } },
        [{ skill: welding }],
      );
      const partial = await newDemand(
        sut.db,
        a,
        pool,
        { status: DemandStatus.PARTIALLY_FILLED, period: { start: inDays(21), end: inDays(27) } },
        [{ skill: welding, mandatory: false }, { skill: plc }],
      );
      const filled = await newDemand(sut.db, b, pool, {
        status: DemandStatus.FILLED,
        period: { start: inDays(35), end: inDays(41) },
      });
      const cancelled = await newDemand(sut.db, b, pool, {
        status: DemandStatus.CANCELLED,
        period: { start: inDays(14), end: inDays(41) },
      });
      const coordinator = sut.as(await newCoordinator(sut.db, pool));
      const query = async (args: Record<string, unknown>) =>
        ids(await coordinator.ok(DEMANDS, { first: 100, poolId: pool.id, ...args })).sort();

      expect(await query({})).toEqual([open.id, partial.id, filled.id, cancelled.id].sort());
      expect(await query({ status: ['OPEN', 'PARTIALLY_FILLED'] })).toEqual(
        [open.id, partial.id].sort(),
      );
      expect(await query({ status: ['FILLED'] })).toEqual([filled.id]);
      expect(await query({ status: [] })).toEqual([]);
      expect(await query({ skillId: welding.id })).toEqual([open.id, partial.id].sort());
      expect(await query({ skillId: plc.id })).toEqual([partial.id]);
      expect(await query({ companyId: b.id })).toEqual([filled.id, cancelled.id].sort());
      expect(await query({ overlapsFrom: inDays(28), overlapsTo: inDays(34) })).toEqual([
        cancelled.id,
      ]);
      expect(await query({ overlapsFrom: inDays(20), overlapsTo: inDays(21) })).toEqual(
        [open.id, partial.id, cancelled.id].sort(),
      );
      expect(await query({ overlapsFrom: inDays(36) })).toEqual([filled.id, cancelled.id].sort());
      expect(await query({ overlapsTo: inDays(13) })).toEqual([]);
      const reversed = await coordinator.send(DEMANDS, {
        overlapsFrom: inDays(9),
        overlapsTo: inDays(8),
      });
      expect(reversed.errors?.[0].extensions?.reason).toBe('OVERLAP_BOUNDS_REVERSED');
    });

    it('pages by posting time then id with cursors and a totalCount of the whole list', async () => {
      const pool = await newPool(sut.db);
      const company = await newMember(sut.db, pool);
      const base = Date.now() - 3_600_000;
      const made: DemandRequest[] = [];
      for (const minutes of [30, 10, 20, 10, 40]) {
        const demand = await newDemand(sut.db, company, pool);
        const postedAt = new Date(base + minutes * 60_000);
        await sut.db.getRepository(DemandRequest).update({ id: demand.id }, { postedAt });
        made.push({ ...demand, postedAt });
      }
      const expected = [...made]
        .sort((x, y) => x.postedAt.getTime() - y.postedAt.getTime() || x.id.localeCompare(y.id))
        .map((d) => d.id);
      const hr = sut.as(await newHr(sut.db, company));
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const data = await hr.ok(DEMANDS, { first: 2, after, poolId: pool.id });
        expect(data.demandRequests.totalCount).toBe(5);
        seen.push(...ids(data));
        pages++;
        if (!data.demandRequests.pageInfo.hasNextPage) break;
        after = data.demandRequests.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
    });
  });

  describe('demandRequests reads company and requirements in the page statement', () => {
    it('answers exactly what the per-demand loaders answer, through aliases and fragments', async () => {
      const pool = await newPool(sut.db);
      const a = await newMember(sut.db, pool);
      const b = await newMember(sut.db, pool);
      const parent = await newSkill(sut.db);
      const welding = await newSkill(sut.db, { parentId: parent.id });
      const plc = await newSkill(sut.db);
      const made = [
        await newDemand(sut.db, a, pool, {}, [
          { skill: welding, minLevel: 2, mandatory: false },
          { skill: plc, minLevel: 4 },
        ]),
        await newDemand(sut.db, b, pool, {}, [{ skill: plc, minLevel: 1, mandatory: false }]),
        await newDemand(sut.db, b, pool),
      ];
      const RELATIONS = `company { id name kvkNumber city } requirements { skillId minLevel mandatory
        skill { id code name category requiresCertificate parent { id } } }`;
      const coordinator = sut.as(await newCoordinator(sut.db, pool));
      const listed = await coordinator.ok(
        `query($poolId: ID!) { demandRequests(first: 10, poolId: $poolId) { edges { ...E } } }
         fragment E on DemandRequestEdge { node { id ... on DemandRequest { ${RELATIONS} } } }`,
        { poolId: pool.id },
      );
      // demandRequest(id) reads the same relations through the loaders, one demand at a time.
      const one = async (id: string) =>
        (
          await coordinator.ok(`query($id: ID!) { demandRequest(id: $id) { id ${RELATIONS} } }`, {
            id,
          })
        ).demandRequest;
      const expected = [];
      for (const demand of made) expected.push(await one(demand.id));
      expect(listed.demandRequests.edges.map((e: Json) => e.node)).toEqual(expected);
      expect(expected[0].requirements.map((r: Json) => r.skill.code)).toEqual([
        plc.code,
        welding.code,
      ]);
      expect(expected[0].requirements[1].skill.parent).toEqual({ id: parent.id });
      expect(expected[2].requirements).toEqual([]);
    });
  });

  describe('cancelDemand', () => {
    /** Resolves once an UPDATE of demand_request in this test's database waits for a row lock. */
    async function waitForBlockedUpdate(): Promise<void> {
      for (let i = 0; i < 100; i++) {
        const [{ waiting }] = await sut.db.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND query ILIKE 'UPDATE "demand_request"%'`,
        );
        if (waiting > 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('The cancellation never reached its UPDATE');
    }

    it("the borrower's HR cancels an open peak with a reason; cancelling again is ILLEGAL_STATUS", async () => {
      const { pool, company, hr } = await borrower();
      const demand = await newDemand(sut.db, company, pool);
      const data = await hr.ok(CANCEL, { id: demand.id, reason: '  Project postponed  ' });
      expect(data.cancelDemand).toMatchObject({
        id: demand.id,
        status: 'CANCELLED',
        cancelReason: 'Project postponed',
        version: 2,
      });
      expect(data.cancelDemand.cancelledAt).not.toBeNull();
      const again = await hr.send(CANCEL, { id: demand.id });
      expect(again.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ILLEGAL_STATUS',
      });
    });

    it('a partially filled peak may be cancelled, a filled or expired one not', async () => {
      const { pool, company, hr } = await borrower();
      const partial = await newDemand(sut.db, company, pool, {
        status: DemandStatus.PARTIALLY_FILLED,
      });
      expect((await hr.ok(CANCEL, { id: partial.id })).cancelDemand).toMatchObject({
        status: 'CANCELLED',
        cancelReason: null,
      });
      for (const status of [DemandStatus.FILLED, DemandStatus.EXPIRED]) {
        const demand = await newDemand(sut.db, company, pool, { status });
        const res = await hr.send(CANCEL, { id: demand.id });
        expect(res.errors?.[0].extensions).toMatchObject({
          code: 'CONFLICT',
          reason: 'ILLEGAL_STATUS',
        });
        const stored = await sut.db.getRepository(DemandRequest).findOneByOrFail({ id: demand.id });
        expect(stored).toMatchObject({ status, version: 1, cancelledAt: null });
      }
    });

    it("only the borrower's HR cancels: a fellow member's HR and the coordinator are FORBIDDEN, an outsider gets NOT_FOUND", async () => {
      const { pool, company } = await borrower();
      const demand = await newDemand(sut.db, company, pool);
      const fellowHr = sut.as(await newHr(sut.db, await newMember(sut.db, pool)));
      const res = await fellowHr.send(CANCEL, { id: demand.id });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_BORROWER',
      });
      expect(
        await sut.as(await newCoordinator(sut.db, pool)).errorCode(CANCEL, { id: demand.id }),
      ).toBe('FORBIDDEN');
      expect(
        await sut
          .as(await newHr(sut.db, await newCompany(sut.db)))
          .errorCode(CANCEL, { id: demand.id }),
      ).toBe('NOT_FOUND');
      const stored = await sut.db.getRepository(DemandRequest).findOneByOrFail({ id: demand.id });
      expect(stored).toMatchObject({ status: DemandStatus.OPEN, version: 1 });
    });

    it('of two simultaneous cancellations exactly one wins; the other is a CONFLICT', async () => {
      const { pool, company, hr } = await borrower();
      const demand = await newDemand(sut.db, company, pool);
      const results = await Promise.all([
        hr.send(CANCEL, { id: demand.id, reason: 'first' }),
        hr.send(CANCEL, { id: demand.id, reason: 'second' }),
      ]);
      const codes = results.map((r) => r.errors?.[0].extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      const stored = await sut.db.getRepository(DemandRequest).findOneByOrFail({ id: demand.id });
      expect(stored.version).toBe(2);
    });

    it('a change committed after the read makes the cancellation a STALE_VERSION conflict', async () => {
      const { pool, company, hr } = await borrower();
      const demand = await newDemand(sut.db, company, pool);
      // An uncommitted version bump holds the row: the cancellation reads version 1, its
      // UPDATE ... WHERE version = 1 waits, and after the commit it matches no row.
      const runner = sut.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(`UPDATE demand_request SET version = version + 1 WHERE id = $1`, [
          demand.id,
        ]);
        const pending = hr.send(CANCEL, { id: demand.id });
        await waitForBlockedUpdate();
        await runner.commitTransaction();
        const res = await pending;
        expect(res.errors?.[0].extensions).toMatchObject({
          code: 'CONFLICT',
          reason: 'STALE_VERSION',
        });
      } finally {
        await runner.release();
      }
      const stored = await sut.db.getRepository(DemandRequest).findOneByOrFail({ id: demand.id });
      expect(stored).toMatchObject({ status: DemandStatus.OPEN, version: 2 });
    });
  });
});
