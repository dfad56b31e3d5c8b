import { DataSource } from 'typeorm';
import { MembershipStatus } from '../../src/companies/company.enums';
import { openDatabase } from '../../src/database/data-source';
import { DemandRequest } from '../../src/demand/demand-request.entity';
import { Employee } from '../../src/employees/employee.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { CandidatePairs } from '../../src/matching/candidates/candidate-pairs';
import {
  CandidateRow,
  findCandidates,
  findBestCandidates,
  findCurrentBestCandidates,
  forEachCandidateChunk,
  SkillFrequencies,
} from '../../src/matching/candidates/candidate-search';
import {
  settleCandidatePairs,
  SystemTransaction,
} from '../../src/matching/candidates/candidate-pair-table';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import { createTestDatabase, TestDatabase } from '../support/database';
import {
  inDays,
  newCompany,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newMember,
  newMembership,
  newPool,
  newSkill,
  newWindow,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';

/** Lelystad (the demand's site in the factories) and places at known distances from it. */
const LELYSTAD = { lat: 52.5185, lon: 5.4714 };
const DRONTEN = { lat: 52.525, lon: 5.7181 }; // ~16.7 km east
const EMMELOORD = { lat: 52.7106, lon: 5.7481 }; // ~29 km north-east
const GRONINGEN = { lat: 53.2194, lon: 6.5665 }; // ~107 km north-east

describe('candidate search (integration, real SQL)', () => {
  let database: TestDatabase;
  let db: DataSource;
  const frequencies = new SkillFrequencies(0);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase(database.url, { migrate: false, poolSize: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const inTransaction: SystemTransaction = (work) => db.transaction((m) => work(m));
  const settle = (demandIds: string[], now = new Date()) =>
    settleCandidatePairs(inTransaction, demandIds, now, frequencies);
  const search = async (demand: DemandRequest): Promise<CandidateRow[]> => {
    const now = new Date();
    await settle([demand.id], now);
    return findCandidates(db.manager, [demand.id], now, await frequencies.get(db.manager));
  };
  const ids = (rows: CandidateRow[]) => rows.map((r) => r.employeeId).sort();
  /** A page of suggestions with room for every candidate of these small scenarios. */
  const everyone = {
    weights: { skill: 0.4, coverage: 0.3, distance: 0.2, rotation: 0.1 },
    first: 50,
  };

  /** A pool with a borrower posting a demand for a welder, and one qualified lender employee. */
  async function scenario(demandOverrides: Partial<DemandRequest> = {}, termsOverrides = {}) {
    const pool: Pool = await newPool(db, {}, termsOverrides);
    const welding: Skill = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool, { latitude: LELYSTAD.lat, longitude: LELYSTAD.lon });
    const demand = await newDemand(db, borrower, pool, demandOverrides, [
      { skill: welding, minLevel: 3 },
    ]);
    const qualified = async (overrides: Partial<Employee> = {}, company = lender, level = 3) => {
      const employee = await newEmployee(db, company, overrides);
      await newEmployeeSkill(db, employee, welding, level);
      await newWindow(db, employee, pool);
      return employee;
    };
    return { pool, welding, borrower, lender, demand, qualified };
  }

  it('finds a qualified, available employee of another active member, with rate = cost price', async () => {
    const { demand, qualified } = await scenario();
    const employee = await qualified({ hourlyCostCents: 4875 });
    const rows = await search(demand);
    expect(ids(rows)).toEqual([employee.id]);
    // The window (days 7-34) covers 21 of the demand's 28 days (days 14-41).
    expect(rows[0]).toMatchObject({ rateCents: 4875, coverage: 0.75, skillFit: 0.5 });
  });

  it("never proposes the borrower's own staff", async () => {
    const { demand, borrower, qualified } = await scenario();
    await qualified({}, borrower);
    expect(await search(demand)).toEqual([]);
  });

  it('only takes employees of ACTIVE members (not pending, suspended or left)', async () => {
    const { pool, demand, qualified } = await scenario();
    for (const status of [
      MembershipStatus.PENDING,
      MembershipStatus.SUSPENDED,
      MembershipStatus.LEFT,
    ]) {
      const firm = await newCompany(db);
      await newMembership(db, pool, firm, status);
      await qualified({}, firm);
    }
    expect(await search(demand)).toEqual([]);
  });

  it('only takes lendable employees', async () => {
    const { demand, qualified } = await scenario();
    await qualified({ lendable: false });
    expect(await search(demand)).toEqual([]);
  });

  it('needs every mandatory skill at its minimum level; nice-to-haves only add to the fit', async () => {
    const { demand, qualified, welding } = await scenario();
    const plc = await newSkill(db);
    const bonus = await newSkill(db);
    await db.query(
      `INSERT INTO demand_skill_requirement (demand_id, skill_id, min_level, mandatory) VALUES ($1, $2, 2, true), ($1, $3, 1, false)`,
      [demand.id, plc.id, bonus.id],
    );
    const weldOnly = await qualified({}, undefined, 5);
    const both = await qualified();
    await newEmployeeSkill(db, both, plc, 4);
    const bothPlusBonus = await qualified();
    await newEmployeeSkill(db, bothPlusBonus, plc, 4);
    await newEmployeeSkill(db, bothPlusBonus, bonus, 1);
    const lowLevel = await qualified({}, undefined, 2);
    await newEmployeeSkill(db, lowLevel, plc, 5);
    const rows = await search(demand);
    expect(ids(rows)).toEqual([both.id, bothPlusBonus.id].sort());
    const fit = (id: string) => rows.find((r) => r.employeeId === id)!.skillFit;
    expect(fit(bothPlusBonus.id)).toBeGreaterThan(fit(both.id));
    expect(weldOnly).toBeDefined();
    expect(welding).toBeDefined();
  });

  it('needs certificates valid through the end of the demand', async () => {
    const { pool, borrower, demand: _unused, lender } = await scenario();
    const vca = await newSkill(db, { requiresCertificate: true });
    const demand = await newDemand(db, borrower, pool, {}, [{ skill: vca, minLevel: 1 }]);
    const make = async (validUntil: string | null) => {
      const e = await newEmployee(db, lender);
      await newEmployeeSkill(db, e, vca, 3, validUntil);
      await newWindow(db, e, pool);
      return e;
    };
    const valid = await make(inDays(400));
    await make(inDays(20)); // expires during the demand (which ends in 41 days)
    await make(null); // a certificate without a date is not proven valid
    expect(ids(await search(demand))).toEqual([valid.id]);
  });

  it('counts coverage over both period and half-days, and drops those under the minimum coverage', async () => {
    const { pool, demand, lender, welding } = await scenario({}, { minCoverage: 0.5 });
    const make = async (
      period: { start: string; end: string },
      halfDays: number[],
      hoursPerWeek = 32,
    ) => {
      const e = await newEmployee(db, lender);
      await newEmployeeSkill(db, e, welding, 3);
      await newWindow(db, e, pool, { period, halfDays, hoursPerWeek });
      return e;
    };
    // The demand runs from day 14 to day 41 (4 weeks), Monday to Friday, 32 h a week.
    const mornings = await make({ start: inDays(0), end: inDays(60) }, [0, 2, 4, 6, 8], 16); // 50% of slots, 50% of hours
    const firstHalf = await make(
      { start: inDays(0), end: inDays(27) },
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    ); // 14 of 28 days
    const mondays = await make({ start: inDays(0), end: inDays(60) }, [0, 1]); // 20% of the slots
    const rows = await search(demand);
    expect(ids(rows)).toEqual([firstHalf.id].sort());
    expect(rows[0].coverage).toBeCloseTo(0.5, 1);
    expect(mornings.id).not.toBe(mondays.id);
  });

  it('sums coverage over all of an employee’s windows, each at its own hours, in one search row', async () => {
    // Every day of the week, so that coverage is a plain share of days: the demand asks for the
    // 28 days from day 14 to day 41 (periods here include their last day), 32 hours a week.
    const everyDay = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const { pool, demand, lender, welding } = await scenario(
      { halfDays: everyDay },
      { minCoverage: 0.5 },
    );
    const withWindows = async (windows: [number, number, number?][]) => {
      const e = await newEmployee(db, lender);
      await newEmployeeSkill(db, e, welding, 3);
      for (const [start, end, hoursPerWeek = 32] of windows) {
        await newWindow(db, e, pool, {
          period: { start: inDays(start), end: inDays(end) },
          halfDays: everyDay,
          hoursPerWeek,
        });
      }
      return e;
    };
    // Seven two-day windows, three days apart (days 14-33), and one of four days (36-39):
    // together 18 of the 28 days.
    const twoDays = Array.from({ length: 7 }, (_, k): [number, number] => [14 + 3 * k, 15 + 3 * k]);
    const spread = await withWindows([...twoDays, [36, 39]]);
    // Only the first six: 12 of 28 days, short of half.
    await withWindows(twoDays.slice(0, 6));
    // Two kinds of hours (the search row's exact case): half the days at 16 of the 32 hours, half
    // at 40 (counted as 32): 0.25 + 0.5 = 0.75.
    const halfAndFull = await withWindows([
      [14, 27, 16],
      [28, 41, 40],
    ]);
    // Short, though every day is offered: 0.25 + 0.125 (its upper bound, all days at 16 of 32
    // hours, would be 0.5).
    await withWindows([
      [14, 27, 8],
      [28, 41, 16],
    ]);
    // Three kinds of hours (the windows are summed): a week at 8, a week at 16, two at 24 hours:
    // (7 * 8 + 7 * 16 + 14 * 24) / (28 * 32) = 0.5625.
    const threeKinds = await withWindows([
      [14, 20, 8],
      [21, 27, 16],
      [28, 41, 24],
    ]);
    // Four kinds, the last above the demand's 32 hours (counted as 32): (8 + 16 + 24 + 32) / 128.
    const fourKinds = await withWindows([
      [14, 20, 8],
      [21, 27, 16],
      [28, 34, 24],
      [35, 41, 40],
    ]);
    // Short with three kinds: (7 * 8 + 7 * 16 + 7 * 24) / (28 * 32) = 0.375, though 21 days at
    // 24 hours (the upper bound) would be 0.5625.
    await withWindows([
      [14, 20, 8],
      [21, 27, 16],
      [28, 34, 24],
    ]);
    const rows = await search(demand);
    expect(ids(rows)).toEqual([spread.id, halfAndFull.id, threeKinds.id, fourKinds.id].sort());
    const coverage = new Map(rows.map((r) => [r.employeeId, r.coverage]));
    expect(coverage.get(spread.id)).toBeCloseTo(18 / 28, 6);
    expect(coverage.get(halfAndFull.id)).toBeCloseTo(0.75, 6);
    expect(coverage.get(threeKinds.id)).toBeCloseTo(0.5625, 6);
    expect(coverage.get(fourKinds.id)).toBeCloseTo(0.625, 6);
    const stored = (await db.query(
      `SELECT employee_id = $2 AS "threeKinds", count(*)::int AS n, bool_and(exact) AS exact
       FROM candidate_search WHERE employee_id = ANY($1) GROUP BY 1 ORDER BY 1`,
      [[spread.id, threeKinds.id], threeKinds.id],
    )) as { threeKinds: boolean; n: number; exact: boolean }[];
    expect(stored).toEqual([
      { threeKinds: false, n: 1, exact: true },
      { threeKinds: true, n: 1, exact: false },
    ]);
  });

  it('keeps each employee’s half-days in the search row: the bits of every window, none else', async () => {
    const { pool, lender, welding } = await scenario();
    const e = await newEmployee(db, lender);
    await newEmployeeSkill(db, e, welding, 3);
    // Days are counted from Monday 2024-01-01: 2026-03-02 is a Monday (day 791). Mornings of
    // Monday and Wednesday in the first week, then Friday afternoons for two weeks after a gap.
    await newWindow(db, e, pool, {
      period: { start: '2026-03-02', end: '2026-03-08' },
      halfDays: [0, 4],
      hoursPerWeek: 8,
    });
    await newWindow(db, e, pool, {
      period: { start: '2026-03-16', end: '2026-03-29' },
      halfDays: [9],
      hoursPerWeek: 4,
    });
    const [row] = (await db.query(
      `SELECT origin, finish, slots::text AS slots, top_slots::text AS top, tenths_min, tenths_max, exact,
              tenths, middle_layers::text[] AS middle
       FROM candidate_search WHERE employee_id = $1`,
      [e.id],
    )) as Record<string, unknown>[];
    const week = (halfDays: number[]) =>
      Array.from({ length: 14 }, (_, h) => (halfDays.includes(h) ? '1' : '0')).join('');
    expect(row).toEqual({
      origin: 791,
      finish: 791 + 28,
      slots: week([0, 4]) + week([]) + week([9]) + week([9]),
      top: week([0, 4]) + week([]) + week([]) + week([]),
      tenths_min: 40,
      tenths_max: 80,
      exact: true,
      tenths: [40, 80],
      middle: [],
    });
    // The columns the search reads ahead of the bit strings cannot disagree with them.
    for (const change of [
      'exact = NOT exact',
      'tenths_max = 60',
      'span = box(point(0, 0), point(1, 0))',
    ]) {
      await expect(
        db.query(`UPDATE candidate_search SET ${change} WHERE employee_id = $1`, [e.id]),
      ).rejects.toMatchObject({ code: '23514' });
    }
  });

  it('applies the smallest of the demand, employee and pool travel limits', async () => {
    const { pool, borrower, lender, welding } = await scenario({}, { maxTravelKm: 25 });
    const at = async (place: { lat: number; lon: number }, maxTravelKm: number) => {
      const e = await newEmployee(db, lender, {
        homeLatitude: place.lat,
        homeLongitude: place.lon,
        maxTravelKm,
      });
      await newEmployeeSkill(db, e, welding, 3);
      await newWindow(db, e, pool);
      return e;
    };
    const dronten = await at(DRONTEN, 40); // 16.7 km: within 25 (pool) and 40 (employee)
    await at(DRONTEN, 10); // 16.7 km: beyond the employee's own 10 km
    await at(EMMELOORD, 60); // 29 km: beyond the pool's 25 km
    const demand = await newDemand(db, borrower, pool, {}, [{ skill: welding, minLevel: 3 }]);
    const rows = await search(demand);
    expect(ids(rows)).toEqual([dronten.id]);
    expect(rows[0].distanceKm).toBeGreaterThan(15);
    expect(rows[0].distanceKm).toBeLessThan(18.5);
    const strict = await newDemand(db, borrower, pool, { maxTravelKm: 12 }, [
      { skill: welding, minLevel: 3 },
    ]);
    expect(await search(strict)).toEqual([]);
  });

  it('uses the employer location when the employee has no home base', async () => {
    const { pool, borrower, welding } = await scenario();
    const far = await newMember(db, pool, { latitude: 53.2194, longitude: 6.5665 }); // Groningen
    const e = await newEmployee(db, far, { maxTravelKm: 500 });
    await newEmployeeSkill(db, e, welding, 3);
    await newWindow(db, e, pool);
    const demand = await newDemand(db, borrower, pool, {}, [{ skill: welding, minLevel: 3 }]);
    expect(ids(await search(demand))).not.toContain(e.id);
  });

  it('respects the maximum hourly rate', async () => {
    const { demand: _d, pool, borrower, welding, qualified } = await scenario();
    const cheap = await qualified({ hourlyCostCents: 4000 });
    await qualified({ hourlyCostCents: 6500 });
    const demand = await newDemand(db, borrower, pool, { maxHourlyRateCents: 5000 }, [
      { skill: welding, minLevel: 3 },
    ]);
    expect(ids(await search(demand))).toEqual([cheap.id]);
  });

  it('skips employees on a live loan sharing a half-day, but not on other half-days of the same weeks', async () => {
    const { pool, borrower, demand, qualified, welding } = await scenario({ halfDays: [2, 3] }); // Tuesdays
    const booked = await qualified();
    const elsewhere = await qualified();
    const cancelled = await qualified();
    const other = await newDemand(db, borrower, pool, {}, [{ skill: welding }]);
    await newLoan(db, booked, other, { halfDays: [2] });
    await newLoan(db, elsewhere, other, { halfDays: [6, 7] }); // Thursdays
    await newLoan(db, cancelled, other, { halfDays: [2, 3], status: LoanStatus.CANCELLED });
    expect(ids(await search(demand))).toEqual([elsewhere.id, cancelled.id].sort());
  });

  it('skips employees declined for this demand or held by a live proposal on the same half-days', async () => {
    const { pool, borrower, demand, qualified, welding } = await scenario();
    const declined = await qualified();
    const held = await qualified();
    const free = await qualified();
    const declinedElsewhere = await qualified();
    await newProposal(db, declined, demand, ProposalStatus.DECLINED);
    const other = await newDemand(db, borrower, pool, {}, [{ skill: welding }]);
    await newProposal(db, held, other, ProposalStatus.LENDER_ACCEPTED);
    // A decline holds no half-days, and counts for its own demand only.
    await newProposal(db, declinedElsewhere, other, ProposalStatus.DECLINED);
    const expected = [free.id, declinedElsewhere.id].sort();
    expect(ids(await search(demand))).toEqual(expected);
    // The batch read (bookings of both demands' candidates at once) and the one-statement read.
    const now = new Date();
    await settle([demand.id, other.id], now);
    const batch = await findCandidates(
      db.manager,
      [demand.id, other.id],
      now,
      await frequencies.get(db.manager),
    );
    expect(ids(batch.filter((r) => r.demandId === demand.id))).toEqual(expected);
    expect(ids(batch.filter((r) => r.demandId === other.id))).toEqual(
      [declined.id, free.id].sort(),
    );
    const current = await db.transaction((m) =>
      findCurrentBestCandidates(m, demand.id, now, everyone),
    );
    expect(ids(current!)).toEqual(expected);
  });

  it("rotation: among a firm's candidates, the colleague lent least in the last 12 months ranks 1, the most-lent 0", async () => {
    const { pool, borrower, demand, qualified, welding } = await scenario();
    const most = await qualified();
    const some = await qualified();
    const none = await qualified();
    const otherFirm = await newMember(db, pool, {
      latitude: LELYSTAD.lat,
      longitude: LELYSTAD.lon,
    });
    const elsewhere = await qualified({}, otherFirm);
    const past = await newDemand(db, borrower, pool, {}, [{ skill: welding }]);
    const week = { start: inDays(-60), end: inDays(-54) }; // seven days, the end included
    await newLoan(db, most, past, { period: week, hoursPerWeek: 32, status: LoanStatus.COMPLETED });
    await newLoan(db, some, past, { period: week, hoursPerWeek: 8, status: LoanStatus.COMPLETED });
    // Cancelled and older than a year: neither counts.
    await newLoan(db, some, past, { period: week, hoursPerWeek: 32, status: LoanStatus.CANCELLED });
    await newLoan(db, none, past, {
      period: { start: inDays(-400), end: inDays(-394) },
      status: LoanStatus.COMPLETED,
    });
    const rows = await search(demand);
    const of = (id: string) => rows.find((r) => r.employeeId === id)!;
    // Lent 32 and 8 hours: relative to the most-lent colleague 1 - 32/32 and 1 - 8/32.
    expect([most, some, none, elsewhere].map((e) => of(e.id).rotation)).toEqual([
      0,
      0.75,
      1,
      null, // nobody of that firm lent: no rotation, scored as 1
    ]);
    // Ranked in the database for a page of suggestions, the rotation included (only it weighted).
    const weights = { skill: 0, coverage: 0, distance: 0, rotation: 1 };
    const page = (first: number) =>
      db.transaction((m) => findBestCandidates(m, demand.id, new Date(), { weights, first }));
    // A page of one: the two tied at 1 (either may be shown), nobody below them.
    expect(ids(await page(1))).toEqual([none.id, elsewhere.id].sort());
    // A page of two: those two, and the next one down, which shows that nobody else is near.
    expect(ids(await page(2))).toEqual([some.id, none.id, elsewhere.id].sort());
    expect(ids(await page(4))).toEqual(ids(rows));
    // With the most-lent colleague booked (a live proposal on the same days), the rotation is
    // relative to the most-lent free one, in the full read and in the ranked one alike.
    const other = await newDemand(db, borrower, pool, {}, [{ skill: welding }]);
    await newProposal(db, most, other, ProposalStatus.PROPOSED);
    const after = await search(demand);
    const sorted = (found: CandidateRow[]) =>
      [...found].sort((x, y) => x.employeeId.localeCompare(y.employeeId));
    expect(ids(after)).toEqual([some.id, none.id, elsewhere.id].sort());
    expect(after.find((r) => r.employeeId === some.id)!.rotation).toBe(0);
    expect(sorted(await page(4))).toEqual(sorted(after));
  });

  it('searches many demands in one call and returns each its own candidates', async () => {
    const a = await scenario();
    const b = await scenario();
    const ea = await a.qualified();
    const eb = await b.qualified();
    const now = new Date();
    await settle([a.demand.id, b.demand.id], now);
    const rows = await findCandidates(
      db.manager,
      [a.demand.id, b.demand.id],
      now,
      await frequencies.get(db.manager),
    );
    expect(rows.map((r) => [r.demandId, r.employeeId]).sort()).toEqual(
      [
        [a.demand.id, ea.id],
        [b.demand.id, eb.id],
      ].sort(),
    );
    // The batch's packed read: the same pairs, figure for figure.
    const weights = { skill: 0.4, coverage: 0.3, distance: 0.2, rotation: 0.1 };
    const unpacked = new CandidatePairs(weights);
    unpacked.add(rows);
    unpacked.seal();
    const packed = new CandidatePairs(weights);
    await forEachCandidateChunk(
      db.manager,
      [a.demand.id, b.demand.id],
      now,
      await frequencies.get(db.manager),
      (demands) => packed.addPacked(demands),
    );
    packed.seal();
    for (const r of rows) {
      expect(packed.figures(r.demandId, r.employeeId)).toEqual(
        unpacked.figures(r.demandId, r.employeeId),
      );
    }
    expect(packed.length).toBe(rows.length);
  });

  describe('kept pairs (candidate_pair), settled from the marks that writes leave', () => {
    const byPair = (rows: CandidateRow[]) =>
      [...rows].sort((x, y) => x.employeeId.localeCompare(y.employeeId));
    const marks = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM candidate_pair_stale_employee)::int
                  + (SELECT count(*) FROM candidate_pair_stale_demand)::int AS n`,
        )
      )[0].n as number;
    /** The demand's candidates from its kept pairs, which must equal a search from scratch. */
    const expectCandidates = async (demand: DemandRequest, expected: string[]) => {
      const kept = await search(demand);
      expect(await marks()).toBe(0);
      await db.query(`DELETE FROM candidate_pair_demand`);
      await db.query(`DELETE FROM candidate_pair`);
      const fresh = await search(demand);
      expect(byPair(kept)).toEqual(byPair(fresh));
      expect(ids(kept)).toEqual([...expected].sort());
    };

    it('follows every change to either side as a search from scratch would', async () => {
      const { pool, demand, lender, qualified } = await scenario();
      const e = await qualified({ hourlyCostCents: 4000 });
      await expectCandidates(demand, [e.id]);
      const kept = async () =>
        (
          await db.query(`SELECT count(*)::int AS n FROM candidate_pair WHERE demand_id = $1`, [
            demand.id,
          ])
        )[0].n as number;

      // The employee's side: windows, skills, lendability, location, the employer's location.
      await db.query(`UPDATE availability_window SET status = 'WITHDRAWN' WHERE employee_id = $1`, [
        e.id,
      ]);
      await expectCandidates(demand, []);
      await newWindow(db, e, pool);
      // Settled by searching the one employee against the current demand, not the demand again.
      expect(await settle([demand.id])).toEqual({
        demandsDropped: 0,
        employees: 1,
        employeeDemands: 1,
        demandsSearched: 0,
      });
      await expectCandidates(demand, [e.id]);
      await db.query(`UPDATE employee_skill SET level = 2 WHERE employee_id = $1`, [e.id]);
      await expectCandidates(demand, []);
      await db.query(`UPDATE employee_skill SET level = 5 WHERE employee_id = $1`, [e.id]);
      await expectCandidates(demand, [e.id]);
      expect((await search(demand))[0].skillFit).toBe(1);
      await db.query(`UPDATE employee SET lendable = false WHERE id = $1`, [e.id]);
      await expectCandidates(demand, []);
      await db.query(`UPDATE employee SET lendable = true WHERE id = $1`, [e.id]);
      await expectCandidates(demand, [e.id]);
      await db.query(`UPDATE employee SET home_latitude = $2, home_longitude = $3 WHERE id = $1`, [
        e.id,
        GRONINGEN.lat,
        GRONINGEN.lon,
      ]);
      await expectCandidates(demand, []); // beyond the employee's 40 km
      await db.query(
        `UPDATE employee SET home_latitude = NULL, home_longitude = NULL WHERE id = $1`,
        [e.id],
      );
      await expectCandidates(demand, [e.id]);
      await db.query(`UPDATE company SET latitude = $2, longitude = $3 WHERE id = $1`, [
        lender.id,
        GRONINGEN.lat,
        GRONINGEN.lon,
      ]);
      await expectCandidates(demand, []);
      await db.query(`UPDATE company SET latitude = $2, longitude = $3 WHERE id = $1`, [
        lender.id,
        DRONTEN.lat,
        DRONTEN.lon,
      ]);
      await expectCandidates(demand, [e.id]);
      expect((await search(demand))[0].distanceKm).toBeCloseTo(16.7, 0);

      // The demand's side: its requirements, its figures, whether it is matched at all.
      const plc = await newSkill(db);
      await db.query(
        `INSERT INTO demand_skill_requirement (demand_id, skill_id, min_level, mandatory) VALUES ($1, $2, 1, true)`,
        [demand.id, plc.id],
      );
      await expectCandidates(demand, []);
      await newEmployeeSkill(db, e, plc, 1);
      await expectCandidates(demand, [e.id]);
      await db.query(`UPDATE skill SET requires_certificate = true WHERE id = $1`, [plc.id]);
      await expectCandidates(demand, []); // held without a certificate
      await db.query(
        `DELETE FROM demand_skill_requirement WHERE demand_id = $1 AND skill_id = $2`,
        [demand.id, plc.id],
      );
      await expectCandidates(demand, [e.id]);
      await db.query(`UPDATE demand_request SET max_hourly_rate_cents = 3999 WHERE id = $1`, [
        demand.id,
      ]);
      await expectCandidates(demand, []);
      await db.query(`UPDATE demand_request SET max_hourly_rate_cents = NULL WHERE id = $1`, [
        demand.id,
      ]);
      await expectCandidates(demand, [e.id]);
      await db.query(`UPDATE demand_request SET status = 'CANCELLED' WHERE id = $1`, [demand.id]);
      await settle([]);
      expect(await kept()).toBe(0); // a demand no longer matched keeps no pairs
      await db.query(`UPDATE demand_request SET status = 'OPEN' WHERE id = $1`, [demand.id]);
      await expectCandidates(demand, [e.id]);

      // New terms: the pairs were searched under the old ones. Then a newcomer.
      await db.query(
        `INSERT INTO pool_terms (pool_id, version, effective_from, min_coverage)
         VALUES ($1, 2, now() - interval '1 minute', 0.9)`,
        [pool.id],
      );
      await expectCandidates(demand, []); // the window covers 75 %
      await db.query(
        `UPDATE pool_terms SET min_coverage = 0.5 WHERE pool_id = $1 AND version = 2`,
        [pool.id],
      );
      await expectCandidates(demand, [e.id]);
      const newcomer = await qualified();
      await expectCandidates(demand, [e.id, newcomer.id]);
      await db.query(`DELETE FROM employee_skill WHERE employee_id = $1`, [newcomer.id]);
      await expectCandidates(demand, [e.id]);
      await db.query(`DELETE FROM demand_request WHERE id = $1`, [demand.id]);
      expect(await kept()).toBe(0);
    });

    it('reads a current demand in one statement, and says when its pairs must be settled first', async () => {
      const { demand, qualified } = await scenario();
      const read = () =>
        db.transaction((m) => findCurrentBestCandidates(m, demand.id, new Date(), everyone));
      expect(await read()).toBeNull(); // never searched
      await settle([demand.id]);
      expect(await read()).toEqual([]); // current, nobody qualifies
      const e = await qualified();
      expect(await read()).toBeNull(); // the newcomer's marks wait
      await settle([]);
      expect(ids((await read())!)).toEqual([e.id]);
      expect(byPair((await read())!)).toEqual(byPair(await search(demand)));
    });

    /** `n` more lendable welders of `firm`, each with a window in `pool`, written in bulk. */
    const bulkWelders = async (
      n: number,
      s: Awaited<ReturnType<typeof scenario>>,
    ): Promise<string[]> => {
      const rows: { id: string }[] = await db.query(
        `INSERT INTO employee (company_id, first_name, last_name, hourly_cost_cents, lendable)
         SELECT $1, 'Bulk', 'Employee ' || n, 4500, true FROM generate_series(1, $2::int) n
         RETURNING id`,
        [s.lender.id, n],
      );
      const ids = rows.map((r) => r.id);
      await db.query(
        `INSERT INTO employee_skill (employee_id, skill_id, level) SELECT unnest($1::uuid[]), $2, 3`,
        [ids, s.welding.id],
      );
      await db.query(
        `INSERT INTO availability_window (employee_id, company_id, pool_id, period, half_days, hours_per_week)
         SELECT unnest($1::uuid[]), $2, $3, daterange($4::date, $5::date), '{0,1,2,3,4,5,6,7,8,9}', 32`,
        [ids, s.lender.id, s.pool.id, inDays(7), inDays(34)],
      );
      return ids;
    };

    it('searches many changed employees, a group at a time, against the demands they reach', async () => {
      const s = await scenario();
      const first = await s.qualified();
      await expectCandidates(s.demand, [first.id]);
      const bulk = await bulkWelders(201, s);
      // Five groups (50 + 50 + 50 + 50 + 1), each reaching the one current demand.
      expect(await settle([s.demand.id])).toEqual({
        demandsDropped: 0,
        employees: 201,
        employeeDemands: 5,
        demandsSearched: 0,
      });
      await expectCandidates(s.demand, [first.id, ...bulk]);
    });

    it('after a bulk load drops every kept pair, and searches each demand afresh when read', async () => {
      const s = await scenario();
      const first = await s.qualified();
      await expectCandidates(s.demand, [first.id]);
      const bulk = await bulkWelders(5_001, s);
      const report = await settle([s.demand.id]);
      expect(report).toMatchObject({ employees: 5_001, employeeDemands: 0, demandsSearched: 1 });
      expect(report.demandsDropped).toBeGreaterThanOrEqual(1);
      await expectCandidates(s.demand, [first.id, ...bulk]);
    });

    it("follows the lender's pool membership", async () => {
      const { pool, demand, lender, qualified } = await scenario();
      const e = await qualified();
      await expectCandidates(demand, [e.id]);
      for (const status of [MembershipStatus.SUSPENDED, MembershipStatus.ACTIVE]) {
        await db.query(
          `UPDATE pool_membership SET status = $3 WHERE pool_id = $1 AND company_id = $2`,
          [pool.id, lender.id, status],
        );
        await expectCandidates(demand, status === MembershipStatus.ACTIVE ? [e.id] : []);
      }
      await db.query(`DELETE FROM pool_membership WHERE pool_id = $1 AND company_id = $2`, [
        pool.id,
        lender.id,
      ]);
      await expectCandidates(demand, []);
    });
  });
});
