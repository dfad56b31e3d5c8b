import fc from 'fast-check';
import { Client } from 'pg';
import { bestCandidates } from '../../src/matching/candidates/candidate.sql';
import { CandidateFigures, MatchingWeights, rankCandidates } from '../../src/matching/scoring';
import { connectTestDatabase } from '../support/database';

interface Figures extends CandidateFigures {
  employeeId: string;
  /** Free for the demand (no booking, no decline): only free candidates may be suggested. */
  free: boolean;
}

/** The page the service shows from these rows: of the free ones, as it ranks them. */
function page(rows: Figures[], weights: MatchingWeights, first: number): string[] {
  return rankCandidates(
    rows.filter((row) => row.free),
    weights,
    first,
  ).map((s) => s.row.employeeId);
}

/**
 * Figures on coarse grids (thirds, sevenths, ...) moved by up to 3e-6, so that many candidates'
 * scores lie closer together than scoreCandidate's rounding to 6 decimals: the near ties where
 * the database's unrounded ranking and node's rounded one disagree, which its cut must allow for.
 */
const near = (steps: number[]) =>
  fc
    .tuple(fc.constantFrom(...steps), fc.nat(), fc.integer({ min: -30, max: 30 }))
    .map(([n, k, jitter]) => Math.min(1, Math.max(0, (k % (n + 1)) / n + jitter * 1e-7)));

describe("a page's best candidates, ranked in the database (integration, real SQL)", () => {
  let client: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close } = await connectTestDatabase());
  });
  afterAll(() => close());

  /** bestCandidates over the given rows ($1, $2: the demand and now, unused here). */
  const SQL = bestCandidates(
    `SELECT NULL::uuid AS "demandId", x.e AS "employeeId", NULL::uuid AS "companyId", 0 AS "rateCents",
            x.c AS "coverage", x.dk AS "distanceKm", x.cap AS "travelCapKm", x.s AS "skillFit",
            x.r AS "rotation", x.free
     FROM unnest($8::uuid[], $9::float8[], $10::float8[], $11::int[], $12::float8[], $13::float8[],
                 $14::bool[]) AS x(e, c, dk, cap, s, r, free)
     WHERE $1::uuid IS NULL AND $2::timestamptz IS NOT NULL`,
    (row) => `${row}.free`,
  );

  async function inDatabase(rows: Figures[], weights: MatchingWeights, first: number) {
    const { rows: read } = await client.query<{ employeeId: string }>(SQL, [
      null,
      new Date(),
      first,
      weights.skill,
      weights.coverage,
      weights.distance,
      weights.rotation,
      rows.map((r) => r.employeeId),
      rows.map((r) => r.coverage),
      rows.map((r) => r.distanceKm),
      rows.map((r) => r.travelCapKm),
      rows.map((r) => r.skillFit),
      rows.map((r) => r.rotation),
      rows.map((r) => r.free),
    ]);
    const byId = new Map(rows.map((r) => [r.employeeId, r]));
    return read.map((r) => byId.get(r.employeeId)!);
  }

  it('reads every candidate of the page node would show, and no one booked, for any figures, weights and page size', async () => {
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const cases = fc.sample(
      fc.record({
        figures: fc.array(
          fc.record({
            skillFit: near([2, 3, 4, 6, 7]),
            coverage: near([3, 7, 12, 40]).map((x) => Math.max(x, 0.025)),
            distanceKm: fc
              .tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: -30, max: 30 }))
              .map(([km, jitter]) => Math.max(0, km / 3 + jitter * 1e-5)),
            travelCapKm: fc.constantFrom(0, 7, 30, 50, 120),
            rotation: fc.option(near([3, 6, 7]), { nil: null }),
            free: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
          }),
          { minLength: 0, maxLength: 150, size: 'max' },
        ),
        weights: fc
          .tuple(near([3, 10]), near([3, 10]), near([3, 10]), near([3, 10]))
          .filter((w) => w[0] + w[1] + w[2] + w[3] > 0)
          .map(([skill, coverage, distance, rotation]) => ({
            skill,
            coverage,
            distance,
            rotation,
          })),
        first: fc.integer({ min: 1, max: 20 }),
      }),
      { numRuns: 1000, seed: 20261207 },
    );
    let onePass = 0;
    let nearTies = 0;
    for (const c of cases) {
      const rows = c.figures.map((f, i) => ({ ...f, employeeId: id(i) }));
      const read = await inDatabase(rows, c.weights, c.first);
      expect(read.every((r) => r.free)).toBe(true);
      expect(page(read, c.weights, c.first)).toEqual(page(rows, c.weights, c.first));
      if (read.length === c.first + 1 && rows.filter((r) => r.free).length > c.first + 1) onePass++;
      if (read.length > c.first + 1) nearTies++;
    }
    // Both ways of reading are taken, and both leave candidates out (else the check above would
    // prove little).
    expect(onePass).toBeGreaterThan(500);
    expect(nearTies).toBeGreaterThan(20);
  });

  it('reads the page and the next one, or, when that one is near the last, all those near it', async () => {
    const weights = { skill: 1, coverage: 0, distance: 0, rotation: 0 };
    const rows = [0.9, 0.8, 0.7, 0.7, 0.7, 0.6, 0.5].map((skillFit, i) => ({
      employeeId: `00000000-0000-4000-8000-00000000000${i}`,
      skillFit,
      coverage: 1,
      distanceKm: 0,
      travelCapKm: 50,
      rotation: null,
      free: true,
    }));
    const skills = async (first: number) => {
      const read = await inDatabase(rows, weights, first);
      expect(page(read, weights, first)).toEqual(page(rows, weights, first));
      return read.map((r) => r.skillFit).sort();
    };
    expect(await skills(2)).toEqual([0.7, 0.8, 0.9]);
    expect(await skills(3)).toEqual([0.7, 0.7, 0.7, 0.8, 0.9]);
    expect(await skills(7)).toHaveLength(7);
  });
});
