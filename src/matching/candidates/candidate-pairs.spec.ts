import { solveAssignment } from '../assignment/assignment.solver';
import { scoreCandidate } from '../scoring';
import { CandidatePairs, PackedDemandPairs } from './candidate-pairs';
import { CandidateRow } from './candidate-search';

const weights = { skill: 0.4, coverage: 0.3, distance: 0.2, rotation: 0.1 };

function row(demandId: string, employeeId: string, seed: number): CandidateRow {
  return {
    demandId,
    employeeId,
    companyId: `company-of-${employeeId}`,
    rateCents: 4000 + seed,
    coverage: 0.5 + ((seed * 0.0377) % 0.5),
    distanceKm: (seed * 3.14159) % 40,
    travelCapKm: 50,
    skillFit: (seed * 0.1234567) % 1,
    rotation: seed % 3 === 0 ? null : (seed * 0.3) % 1,
  };
}

describe('CandidatePairs', () => {
  // Two chunks, as the search hands them over: each demand's rows together, sorted by demand.
  const chunks = [
    [row('d1', 'e1', 1), row('d1', 'e2', 2), row('d2', 'e2', 3)],
    [row('d3', 'e1', 4), row('d3', 'e3', 5), row('d3', 'e4', 6), row('d4', 'e4', 7)],
  ];
  const rows = chunks.flat();
  const pairs = new CandidatePairs(weights);
  chunks.forEach((chunk) => pairs.add(chunk));
  pairs.seal();

  it('keeps every pair with its score, exactly as scoring gives it', () => {
    expect(pairs.length).toBe(rows.length);
    rows.forEach((r, i) => {
      expect([pairs.demandId(i), pairs.employeeId(i)]).toEqual([r.demandId, r.employeeId]);
      expect(pairs.score(i)).toBe(scoreCandidate(r, weights).score);
    });
    expect([...pairs.employeeIds()].sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(Object.fromEntries(pairs.countByDemand())).toEqual({ d1: 2, d2: 1, d3: 3, d4: 1 });
  });

  it("gives a pair's proposal figures: lender, rate, breakdown, coverage and distance as stored", () => {
    for (const r of rows) {
      const { score, breakdown } = scoreCandidate(r, weights);
      expect(pairs.figures(r.demandId, r.employeeId)).toEqual({
        companyId: r.companyId,
        rateCents: r.rateCents,
        score,
        breakdown,
        coverage: Math.round(r.coverage * 1e6) / 1e6,
        distanceKm: Math.round(r.distanceKm * 100) / 100,
      });
    }
    expect(pairs.figures('d2', 'e1')).toBeUndefined();
    expect(pairs.figures('unknown', 'e1')).toBeUndefined();
  });

  it('is an edge list the solver reads like the same pairs given as objects', () => {
    const demands = ['d1', 'd2', 'd3', 'd4'].map((id, rank) => ({ id, positions: 1, rank }));
    const employees = ['e1', 'e2', 'e3', 'e4'].map((id) => ({ id }));
    const asObjects = solveAssignment({
      demands,
      employees,
      edges: rows.map((r) => ({
        demandId: r.demandId,
        employeeId: r.employeeId,
        score: scoreCandidate(r, weights).score,
      })),
    });
    const asColumns = solveAssignment({ demands, employees, edges: pairs });
    expect(asColumns).toEqual({
      ...asObjects,
      stats: { ...asObjects.stats, millis: expect.any(Number) },
    });
    expect(asColumns.positionsFilled).toBe(4);
  });

  it('refuses to be read before it is sealed or added to after', () => {
    const open = new CandidatePairs(weights);
    open.add([row('d1', 'e1', 1)]);
    expect(() => open.score(0)).toThrow(/before seal/);
    open.seal();
    expect(() => open.add([row('d2', 'e1', 2)])).toThrow(/after seal/);
  });

  it('reads packed pairs (one string a demand, as the batch query writes them) as the same pairs', () => {
    const uuid = (name: string) => `00000000-0000-4000-8000-${name.padStart(12, '0')}`;
    const asUuids = (r: CandidateRow): CandidateRow => ({
      ...r,
      demandId: uuid(r.demandId),
      employeeId: uuid(r.employeeId),
      companyId: uuid(`c${r.employeeId}`),
    });
    const pack = (chunk: CandidateRow[]): PackedDemandPairs[] => {
      const byDemand = new Map<string, CandidateRow[]>();
      for (const r of chunk) byDemand.set(r.demandId, [...(byDemand.get(r.demandId) ?? []), r]);
      return [...byDemand].map(([demandId, demandRows]) => ({
        demandId,
        travelCapKm: demandRows[0].travelCapKm,
        pairs: demandRows
          .map((r) =>
            [
              r.employeeId,
              r.companyId,
              r.rateCents,
              r.coverage,
              r.distanceKm,
              r.skillFit,
              r.rotation ?? '',
            ].join(','),
          )
          .join(';'),
      }));
    };
    const uuidChunks = chunks.map((chunk) => chunk.map(asUuids));
    const unpacked = new CandidatePairs(weights);
    uuidChunks.forEach((chunk) => unpacked.add(chunk));
    unpacked.seal();
    const packed = new CandidatePairs(weights);
    uuidChunks.forEach((chunk) => packed.addPacked(pack(chunk)));
    packed.seal();
    expect(packed.length).toBe(unpacked.length);
    for (let i = 0; i < packed.length; i++) {
      expect([packed.demandId(i), packed.employeeId(i), packed.score(i)]).toEqual([
        unpacked.demandId(i),
        unpacked.employeeId(i),
        unpacked.score(i),
      ]);
      expect(packed.figures(packed.demandId(i), packed.employeeId(i))).toEqual(
        unpacked.figures(unpacked.demandId(i), unpacked.employeeId(i)),
      );
    }
    expect(() =>
      new CandidatePairs(weights).addPacked([{ demandId: 'd', travelCapKm: 1, pairs: 'x' }]),
    ).toThrow(/malformed/);
  });
});
