import { comparePriority, DemandPriorityFacts, rankCandidates, scoreCandidate } from './scoring';

const weights = { skill: 0.4, coverage: 0.3, distance: 0.2, rotation: 0.1 };

describe('scoreCandidate', () => {
  it('is the weighted mean of skill, coverage, distance and rotation', () => {
    const sut = scoreCandidate(
      { skillFit: 1, coverage: 0.5, distanceKm: 10, travelCapKm: 40, rotation: 0 },
      weights,
    );
    expect(sut.breakdown).toEqual({ skill: 1, coverage: 0.5, distance: 0.75, rotation: 0 });
    expect(sut.score).toBeCloseTo(0.4 + 0.15 + 0.15, 6);
  });

  it('scores a nearer candidate higher, all else equal', () => {
    const near = scoreCandidate(
      { skillFit: 0.5, coverage: 1, distanceKm: 5, travelCapKm: 50, rotation: null },
      weights,
    );
    const far = scoreCandidate(
      { skillFit: 0.5, coverage: 1, distanceKm: 45, travelCapKm: 50, rotation: null },
      weights,
    );
    expect(near.score).toBeGreaterThan(far.score);
  });

  it('treats nobody-lent-yet as full rotation and keeps every part in [0, 1]', () => {
    const sut = scoreCandidate(
      { skillFit: 1.2, coverage: 1, distanceKm: 80, travelCapKm: 50, rotation: null },
      weights,
    );
    expect(sut.breakdown).toEqual({ skill: 1, coverage: 1, distance: 0, rotation: 1 });
  });

  it('follows the pool weights: with only distance weighted, the score is the distance part', () => {
    const sut = scoreCandidate(
      { skillFit: 0.2, coverage: 0.9, distanceKm: 30, travelCapKm: 60, rotation: 0.3 },
      { skill: 0, coverage: 0, distance: 1, rotation: 0 },
    );
    expect(sut.score).toBe(0.5);
  });
});

describe('comparePriority', () => {
  const demand = (
    id: string,
    balanceHours: number,
    startDate: string,
    posted: string,
  ): DemandPriorityFacts => ({
    id,
    balanceHours,
    startDate,
    postedAt: new Date(posted),
  });

  it('helps the firm that lent more first, then the earliest start, then the earliest posting', () => {
    const sorted = [
      demand('d', 0, '2027-01-04', '2026-11-01'),
      demand('c', 0, '2027-01-04', '2026-10-01'),
      demand('b', 0, '2026-12-07', '2026-11-20'),
      demand('a', 120, '2027-02-01', '2026-11-22'),
    ].sort(comparePriority);
    expect(sorted.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('rankCandidates', () => {
  it('puts the best score first, breaks ties by employee id, and cuts the page', () => {
    const row = (employeeId: string, skillFit: number) => ({
      employeeId,
      skillFit,
      coverage: 1,
      distanceKm: 0,
      travelCapKm: 50,
      rotation: null,
    });
    const sut = rankCandidates(
      [row('c', 0.5), row('b', 0.9), row('a', 0.5), row('d', 0.1)],
      { skill: 1, coverage: 0, distance: 0, rotation: 0 },
      3,
    );
    expect(sut.map((s) => [s.row.employeeId, s.score])).toEqual([
      ['b', 0.9],
      ['a', 0.5],
      ['c', 0.5],
    ]);
  });
});
