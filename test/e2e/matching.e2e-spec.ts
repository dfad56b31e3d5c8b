import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { MatchProposal } from '../../src/matching/match-proposal.entity';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import {
  inDays,
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
import { startTestApp, TestApp } from '../support/test-app';

const RUN = `mutation($poolId: ID!) { runMatching(poolId: $poolId) {
  id positionsOpen positionsFilled demandsConsidered candidatePairs totalScore optimality scoreBound gap
  proposals { demandId status score scoreBreakdown { skill coverage distance rotation } profile { distanceKm rateCents skills { level skill { code } } } }
  unfilled { demandId positions reason skill { code } }
} }`;

describe('matching engine (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  async function welderOf(company: Company, pool: Pool, skill: Skill, level = 3, overrides = {}) {
    const employee = await newEmployee(db, company, overrides);
    await newEmployeeSkill(db, employee, skill, level);
    await newWindow(db, employee, pool, { period: { start: inDays(7), end: inDays(60) } });
    return employee;
  }

  /** A completed loan in the past months, so that `lender` has lent and `borrower` has borrowed. */
  async function pastLending(pool: Pool, lender: Company, borrower: Company, skill: Skill) {
    const past = await newDemand(
      db,
      borrower,
      pool,
      { period: { start: inDays(-120), end: inDays(-30) } },
      [{ skill }],
    );
    const employee = await newEmployee(db, lender, { lendable: false });
    await newLoan(db, employee, past, { status: LoanStatus.COMPLETED, hoursPerWeek: 40 });
  }

  it('when supply is short, the firm that has lent much is served before the one that only borrows', async () => {
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const generous = await newMember(db, pool);
    const taker = await newMember(db, pool);
    const supplier = await newMember(db, pool);
    await pastLending(pool, generous, taker, welding);
    // The taker posted earlier and starts earlier: only reciprocity can put the generous firm first.
    const takerDemand = await newDemand(
      db,
      taker,
      pool,
      { period: { start: inDays(14), end: inDays(30) } },
      [{ skill: welding }],
    );
    const generousDemand = await newDemand(
      db,
      generous,
      pool,
      { period: { start: inDays(21), end: inDays(35) } },
      [{ skill: welding }],
    );
    await welderOf(supplier, pool, welding);

    const coordinator = sut.as(await newCoordinator(db, pool));
    const PRIORITY = `query($id: ID!) { demandRequest(id: $id) { priority { balanceHours rank openPositions } } }`;
    const before = await coordinator.ok(PRIORITY, { id: generousDemand.id });
    expect(before.demandRequest.priority).toEqual({
      balanceHours: expect.any(Number),
      rank: 1,
      openPositions: 1,
    });
    expect(before.demandRequest.priority.balanceHours).toBeGreaterThan(400);
    expect(
      (await coordinator.ok(PRIORITY, { id: takerDemand.id })).demandRequest.priority,
    ).toMatchObject({ rank: 2 });

    const data = await coordinator.ok(RUN, { poolId: pool.id });
    const run = data.runMatching;
    expect(run).toMatchObject({
      positionsOpen: 2,
      positionsFilled: 1,
      optimality: 'EXACT',
      gap: 0,
    });
    expect(run.proposals.map((p: { demandId: string }) => p.demandId)).toEqual([generousDemand.id]);
    expect(run.unfilled).toEqual([
      { demandId: takerDemand.id, positions: 1, reason: 'OUTRANKED', skill: null },
    ]);

    const priority = await sut
      .as(await newCoordinator(db, pool))
      .ok(`query($poolId: ID!) { matchRuns(poolId: $poolId) { totalCount } }`, { poolId: pool.id });
    expect(priority.matchRuns.totalCount).toBe(1);
  });

  it("leaves its proposals analysed, so that every connection's plans see them at once", async () => {
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    await newDemand(db, borrower, pool, { period: { start: inDays(14), end: inDays(28) } }, [
      { skill: welding },
    ]);
    await welderOf(lender, pool, welding);
    // A proposal written without any analyse: the planner's count is behind the table's.
    const elsewhere = await newDemand(db, borrower, pool, {}, [{ skill: welding }]);
    await newProposal(db, await newEmployee(db, lender), elsewhere);
    const counts = async () =>
      (
        await db.query(
          `SELECT c.reltuples::int AS planned, (SELECT count(*)::int FROM match_proposal) AS actual
           FROM pg_class c WHERE c.oid = 'match_proposal'::regclass`,
        )
      )[0];
    const before = await counts();
    expect(before.planned).not.toBe(before.actual);

    const run = (await sut.as(await newCoordinator(db, pool)).ok(RUN, { poolId: pool.id }))
      .runMatching;
    expect(run.positionsFilled).toBe(1);
    const after = await counts();
    expect(after.actual).toBe(before.actual + 1);
    expect(after.planned).toBe(after.actual);
  });

  it('fills as many positions as possible where a greedy pass by score would fill fewer', async () => {
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const plc = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    // The first-ranked demand (earliest start) prefers the expert welder, who is also the only
    // one who can do the second demand: only an exact assignment staffs both.
    const first = await newDemand(
      db,
      borrower,
      pool,
      { period: { start: inDays(14), end: inDays(28) } },
      [{ skill: welding, minLevel: 2 }],
    );
    const second = await newDemand(
      db,
      borrower,
      pool,
      { period: { start: inDays(15), end: inDays(28) } },
      [{ skill: plc, minLevel: 1 }],
    );
    const expert = await welderOf(lender, pool, welding, 5);
    await newEmployeeSkill(db, expert, plc, 3);
    const novice = await welderOf(lender, pool, welding, 2);

    const { runMatching: run } = await sut
      .as(await newCoordinator(db, pool))
      .ok(RUN, { poolId: pool.id });
    expect(run.positionsFilled).toBe(2);
    const proposals = await db.getRepository(MatchProposal).findBy({ runId: run.id });
    const byDemand = Object.fromEntries(proposals.map((p) => [p.demandId, p.employeeId]));
    expect(byDemand).toEqual({ [first.id]: novice.id, [second.id]: expert.id });
  });

  it('gives each employee at most one proposal per run and never proposes for filled positions twice', async () => {
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    await newDemand(db, borrower, pool, { headcount: 3 }, [{ skill: welding }]);
    await newDemand(db, borrower, pool, { headcount: 2 }, [{ skill: welding }]);
    for (let i = 0; i < 4; i++) await welderOf(lender, pool, welding);
    const coordinator = sut.as(await newCoordinator(db, pool));
    const { runMatching: run } = await coordinator.ok(RUN, { poolId: pool.id });
    expect(run).toMatchObject({ positionsOpen: 5, positionsFilled: 4 });
    const proposals = await db.getRepository(MatchProposal).findBy({ runId: run.id });
    expect(new Set(proposals.map((p) => p.employeeId)).size).toBe(4);
    const again = (await coordinator.ok(RUN, { poolId: pool.id })).runMatching;
    expect(again).toMatchObject({ positionsOpen: 1, positionsFilled: 0 });
    expect(again.unfilled[0].reason).toBe('ALL_BOOKED');
  });

  it('is deterministic: the same data gives the same proposals', async () => {
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const borrowers = [await newMember(db, pool), await newMember(db, pool)];
    const lender = await newMember(db, pool);
    for (let i = 0; i < 6; i++) {
      await newDemand(db, borrowers[i % 2], pool, { headcount: 1 + (i % 2) }, [
        { skill: welding, minLevel: 1 + (i % 3) },
      ]);
    }
    for (let i = 0; i < 7; i++)
      await welderOf(lender, pool, welding, 1 + (i % 5), { hourlyCostCents: 4000 + i });
    const coordinator = sut.as(await newCoordinator(db, pool));
    const pairs = async () => {
      const { runMatching: run } = await coordinator.ok(RUN, { poolId: pool.id });
      const proposals = await db.getRepository(MatchProposal).findBy({ runId: run.id });
      await db
        .getRepository(MatchProposal)
        .update({ runId: run.id }, { status: ProposalStatus.WITHDRAWN });
      return proposals.map((p) => `${p.demandId}:${p.employeeId}:${p.score}`).sort();
    };
    const first = await pairs();
    expect(first.length).toBeGreaterThan(0);
    expect(await pairs()).toEqual(first);
  });

  it('reports each unfilled position with its reason', async () => {
    const pool = await newPool(db, {}, { maxTravelKm: 30 });
    const welding = await newSkill(db, { code: `WELD_${Date.now() % 100000}` });
    const rare = await newSkill(db, { code: `RARE_${Date.now() % 100000}` });
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    const noSkill = await newDemand(db, borrower, pool, {}, [{ skill: rare }]);
    const farAway = await newDemand(
      db,
      borrower,
      pool,
      { siteLatitude: 53.2194, siteLongitude: 6.5665 },
      [{ skill: welding }],
    );
    const tooCheap = await newDemand(db, borrower, pool, { maxHourlyRateCents: 1000 }, [
      { skill: welding },
    ]);
    const nobodyThen = await newDemand(
      db,
      borrower,
      pool,
      { period: { start: inDays(200), end: inDays(210) } },
      [{ skill: welding }],
    );
    const welder = await welderOf(lender, pool, welding, 3, { hourlyCostCents: 5000 });
    // The welder holds `safety` below the level asked for: of the two mandatory skills, `safety`
    // is the one no member holds, so it is the one reported.
    const safety = await newSkill(db, { code: `SAFE_${Date.now() % 100000}` });
    await newEmployeeSkill(db, welder, safety, 2);
    const underQualified = await newDemand(db, borrower, pool, {}, [
      { skill: welding, minLevel: 1 },
      { skill: safety, minLevel: 5 },
    ]);
    // The only welder is booked on these half-days by an earlier loan.
    const bookedDemand = await newDemand(db, borrower, pool, { halfDays: [0, 1] }, [
      { skill: welding },
    ]);
    await newLoan(
      db,
      welder,
      await newDemand(db, borrower, pool, { halfDays: [0] }, [{ skill: welding }]),
      {
        halfDays: [0],
        status: LoanStatus.PLANNED,
      },
    );
    // Leave the other demands unstaffed by making the welder's hours fully booked there too.
    const { runMatching: run } = await sut
      .as(await newCoordinator(db, pool))
      .ok(RUN, { poolId: pool.id });
    const reasons = Object.fromEntries(
      run.unfilled.map((u: { demandId: string; reason: string }) => [u.demandId, u.reason]),
    );
    expect(reasons[noSkill.id]).toBe('NO_SKILL');
    expect(
      run.unfilled.find((u: { demandId: string }) => u.demandId === noSkill.id).skill.code,
    ).toBe(rare.code);
    expect(reasons[underQualified.id]).toBe('NO_SKILL');
    expect(
      run.unfilled.find((u: { demandId: string }) => u.demandId === underQualified.id).skill.code,
    ).toBe(safety.code);
    expect(reasons[farAway.id]).toBe('OUT_OF_RANGE');
    expect(reasons[tooCheap.id]).toBe('OVER_MAX_RATE');
    expect(reasons[nobodyThen.id]).toBe('NO_CANDIDATES');
    expect(reasons[bookedDemand.id]).toBe('ALL_BOOKED');
  });

  it('only coordinators of the pool may run matching', async () => {
    const pool = await newPool(db);
    const hr = sut.as(await newHr(db, await newMember(db, pool)));
    const stranger = sut.as(await newCoordinator(db, await newPool(db)));
    expect(await hr.errorCode(RUN, { poolId: pool.id })).toBe('FORBIDDEN');
    expect(await stranger.errorCode(RUN, { poolId: pool.id })).toBe('FORBIDDEN');
  });

  const SUGGEST = `query($demandId: ID!, $first: Int) { suggestCandidates(demandId: $demandId, first: $first) {
    rank score breakdown { skill coverage distance rotation } profile { distanceKm coverage rateCents skills { level skill { code } } }
  } }`;

  it("suggests ranked anonymous candidates to the demand's HR, nearest and best first", async () => {
    const pool = await newPool(db);
    const welding = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    await welderOf(lender, pool, welding, 3, { homeLatitude: 52.525, homeLongitude: 5.7181 }); // Dronten, ~17 km
    await welderOf(lender, pool, welding, 5, {
      homeLatitude: 52.5185,
      homeLongitude: 5.4714,
      hourlyCostCents: 5150,
    }); // on site
    const demand = await newDemand(db, borrower, pool, {}, [{ skill: welding, minLevel: 2 }]);
    const res = await sut
      .as(await newHr(db, borrower))
      .send(SUGGEST, { demandId: demand.id, first: 5 });
    expect(res.errors).toBeUndefined();
    const list = res.data!.suggestCandidates;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      rank: 1,
      profile: { distanceKm: 0, rateCents: 5150, skills: [{ level: 5 }] },
    });
    expect(list[1].profile.distanceKm).toBe(17);
    expect(list[0].score).toBeGreaterThan(list[1].score);
    expect(JSON.stringify(res.data)).not.toMatch(/Sanne|de Vries|example\.nl/);
  });

  it("does not show a demand's candidates to other firms", async () => {
    const pool = await newPool(db);
    const demand: DemandRequest = await newDemand(db, await newMember(db, pool), pool);
    const otherHr = sut.as(await newHr(db, await newMember(db, pool)));
    expect(await otherHr.errorCode(SUGGEST, { demandId: demand.id })).toBe('NOT_FOUND');
    expect(await otherHr.errorCode(SUGGEST, { demandId: demand.id, first: 500 })).toBe(
      'BAD_USER_INPUT',
    );
  });
});
