import fc from 'fast-check';
import highsLoader, { Highs } from 'highs';
import {
  AssignmentInputError,
  AssignmentProblem,
  AssignmentResult,
  SCORE_SCALE,
  solveAssignment,
  solveGreedy,
  unfilledExplanations,
} from './assignment.solver';

// ---------------------------------------------------------------------------------------------
// Independent reference implementations and checks (deliberately naive).
// ---------------------------------------------------------------------------------------------

/** Lexicographic objective: positions filled, then fill vector by priority, then score. */
interface Objective {
  filled: number;
  byPriority: number[];
  /** Quantised total score. */
  score: number;
}

function compareObjectives(a: Objective, b: Objective): number {
  if (a.filled !== b.filled) return a.filled - b.filled;
  for (let i = 0; i < a.byPriority.length; i++) {
    if (a.byPriority[i] !== b.byPriority[i]) return a.byPriority[i] - b.byPriority[i];
  }
  return a.score - b.score;
}

function byPriority(problem: AssignmentProblem): AssignmentProblem['demands'] {
  return [...problem.demands].sort(
    (a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const quantise = (score: number): number => Math.round(score * SCORE_SCALE);

/** Best quantised score per candidate pair (duplicates keep the highest). */
function pairScores(problem: AssignmentProblem): Map<string, number> {
  const best = new Map<string, number>();
  for (const { demandId, employeeId, score } of problem.edges) {
    const key = `${demandId}\u0000${employeeId}`;
    best.set(key, Math.max(best.get(key) ?? -1, quantise(score)));
  }
  return best;
}

/**
 * Asserts that the result is a feasible assignment consistent with its own summary fields, and
 * returns its objective.
 */
function checkFeasible(problem: AssignmentProblem, result: AssignmentResult): Objective {
  const pairs = pairScores(problem);
  const demands = byPriority(problem);
  const priority = new Map(demands.map((d, i) => [d.id, i]));
  const employeeIds = new Set(problem.employees.map((e) => e.id));
  const used = new Set<string>();
  const counts = new Map<string, number>();
  // Collected and asserted once: an expect() per assignment is slow on big instances.
  const violations: string[] = [];
  let score = 0;
  let previous: [number, string] | undefined;
  for (const a of result.assignments) {
    const key = `${a.demandId}\u0000${a.employeeId}`;
    const what = `${a.demandId}/${a.employeeId}`;
    if (!pairs.has(key) || !employeeIds.has(a.employeeId)) violations.push(`${what} not a pair`);
    if (quantise(a.score) !== pairs.get(key)) violations.push(`${what} score ${a.score}`);
    if (used.has(a.employeeId)) violations.push(`${a.employeeId} assigned twice`);
    used.add(a.employeeId);
    counts.set(a.demandId, (counts.get(a.demandId) ?? 0) + 1);
    score += quantise(a.score);
    const order: [number, string] = [priority.get(a.demandId) ?? -1, a.employeeId];
    if (
      previous &&
      !(previous[0] < order[0] || (previous[0] === order[0] && previous[1] < order[1]))
    ) {
      violations.push(`${what} out of order`);
    }
    previous = order;
  }
  for (const d of demands) {
    const filled = counts.get(d.id) ?? 0;
    if (filled > d.positions) violations.push(`${d.id} overfilled`);
    if (result.filledByDemand.get(d.id) !== filled) violations.push(`${d.id} miscounted`);
  }
  expect(violations).toEqual([]);
  expect([...result.filledByDemand.keys()]).toEqual(demands.map((d) => d.id));
  expect(result.positionsFilled).toBe(result.assignments.length);
  expect(Math.round(result.totalScore * SCORE_SCALE)).toBe(score);
  const { bound, gap, status } = result.optimality;
  expect(gap).toBeCloseTo(bound - result.totalScore, 9);
  expect(gap).toBeGreaterThanOrEqual(-1e-9);
  if (status === 'EXACT') expect(gap).toBeLessThanOrEqual(1e-9);
  else expect(gap).toBeGreaterThan(0);
  return {
    filled: result.assignments.length,
    byPriority: demands.map((d) => counts.get(d.id) ?? 0),
    score,
  };
}

/** Enumerates every valid assignment (each employee idle or on one of its candidate pairs). */
function bruteForce(problem: AssignmentProblem): Objective {
  const demands = byPriority(problem);
  const priority = new Map(demands.map((d, i) => [d.id, i]));
  const options = new Map<string, { demand: number; score: number }[]>();
  for (const [key, score] of pairScores(problem)) {
    const [demandId, employeeId] = key.split('\u0000');
    const list = options.get(employeeId) ?? [];
    list.push({ demand: priority.get(demandId) ?? -1, score });
    options.set(employeeId, list);
  }
  const choices = [...options.values()];
  const counts = demands.map(() => 0);
  let best: Objective = { filled: -1, byPriority: [], score: 0 };
  const visit = (i: number, filled: number, score: number): void => {
    if (i === choices.length) {
      const candidate = { filled, byPriority: [...counts], score };
      if (compareObjectives(candidate, best) > 0) best = candidate;
      return;
    }
    visit(i + 1, filled, score);
    for (const { demand, score: s } of choices[i]) {
      if (counts[demand] >= demands[demand].positions) continue;
      counts[demand]++;
      visit(i + 1, filled + 1, score + s);
      counts[demand]--;
    }
  };
  visit(0, 0, 0);
  return best;
}

/** Edmonds–Karp max flow source -> demand (positions) -> employee (1) -> sink (1). */
function maxFlow(problem: AssignmentProblem, demandIds: readonly string[]): number {
  const include = new Set(demandIds);
  const demandIndex = new Map(demandIds.map((id, i) => [id, 1 + i]));
  const employeeIndex = new Map(problem.employees.map((e, i) => [e.id, 1 + demandIds.length + i]));
  const n = 2 + demandIds.length + problem.employees.length;
  const sink = n - 1;
  const to: number[] = [];
  const cap: number[] = [];
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  const arc = (u: number, v: number, c: number): void => {
    adjacency[u].push(to.length);
    to.push(v);
    cap.push(c);
    adjacency[v].push(to.length);
    to.push(u);
    cap.push(0);
  };
  for (const d of problem.demands) {
    if (include.has(d.id)) arc(0, demandIndex.get(d.id) ?? -1, d.positions);
  }
  for (const e of problem.employees) arc(employeeIndex.get(e.id) ?? -1, sink, 1);
  for (const edge of problem.edges) {
    if (!include.has(edge.demandId)) continue;
    arc(demandIndex.get(edge.demandId) ?? -1, employeeIndex.get(edge.employeeId) ?? -1, 1);
  }
  // A greedy start (each arc saturated when possible) leaves few BFS augmentations.
  let flow = 0;
  for (const d of adjacency[0]) {
    const demandNode = to[d];
    for (const a of adjacency[demandNode]) {
      const employeeNode = to[a];
      const exit = adjacency[employeeNode].find((x) => to[x] === sink);
      if (cap[d] === 0 || cap[a] === 0 || exit === undefined || cap[exit] === 0) continue;
      for (const x of [d, a, exit]) {
        cap[x]--;
        cap[x ^ 1]++;
      }
      flow++;
    }
  }
  for (;;) {
    const via = new Array<number>(n).fill(-1);
    const queue = [0];
    via[0] = -2;
    for (let head = 0; head < queue.length && via[sink] === -1; head++) {
      for (const a of adjacency[queue[head]]) {
        if (cap[a] > 0 && via[to[a]] === -1) {
          via[to[a]] = a;
          queue.push(to[a]);
        }
      }
    }
    if (via[sink] === -1) return flow;
    for (let v = sink; v !== 0; v = to[via[v] ^ 1]) {
      cap[via[v]]--;
      cap[via[v] ^ 1]++;
    }
    flow++;
  }
}

/** LP optimum of the assignment with per-demand counts fixed, in CPLEX LP format for HiGHS. */
function lpOptimum(highs: Highs, problem: AssignmentProblem, counts: Map<string, number>): number {
  const best = new Map<string, number>();
  for (const { demandId, employeeId, score } of problem.edges) {
    const key = `${demandId}\u0000${employeeId}`;
    best.set(key, Math.max(best.get(key) ?? -1, score));
  }
  const objective: string[] = [];
  const rowsByDemand = new Map<string, string[]>();
  const rowsByEmployee = new Map<string, string[]>();
  const bounds: string[] = [];
  [...best].forEach(([key, score], i) => {
    const [demandId, employeeId] = key.split('\u0000');
    const x = `x${i}`;
    objective.push(` + ${score} ${x}`);
    rowsByDemand.set(demandId, [...(rowsByDemand.get(demandId) ?? []), x]);
    rowsByEmployee.set(employeeId, [...(rowsByEmployee.get(employeeId) ?? []), x]);
    bounds.push(` 0 <= ${x} <= 1`);
  });
  if (objective.length === 0) return 0;
  const rows: string[] = [];
  [...rowsByDemand].forEach(([demandId, xs], i) => {
    rows.push(` d${i}: ${xs.join(' + ')} = ${counts.get(demandId) ?? 0}`);
  });
  [...rowsByEmployee].forEach(([, xs], i) => rows.push(` e${i}: ${xs.join(' + ')} <= 1`));
  const lp = ['Maximize', ' obj:', ...objective, 'Subject To', ...rows, 'Bounds', ...bounds, 'End'];
  const solution = highs.solve(lp.join('\n'));
  expect(solution.Status).toBe('Optimal');
  return solution.ObjectiveValue;
}

// ---------------------------------------------------------------------------------------------
// Instance generators.
// ---------------------------------------------------------------------------------------------

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Demands and employees scattered in a unit square; a demand's candidates are nearby employees
 * with the skill. Scores sit on a 1e-3 grid so that the LP comparison is exact and ties abound.
 */
function geographicProblem(
  seed: number,
  demandCount: number,
  employeeCount: number,
  radius: number,
  maxPositions = 3,
): AssignmentProblem {
  const random = prng(seed);
  const employees = Array.from({ length: employeeCount }, (_, i) => ({
    id: `e${String(i).padStart(5, '0')}`,
    x: random(),
    y: random(),
  }));
  const ranks = shuffled(
    Array.from({ length: demandCount }, (_, i) => i),
    random,
  );
  // Grid of radius-sized cells; candidates are visited in employee order as a full scan would.
  const side = Math.max(1, Math.floor(1 / radius));
  const cellOf = (v: number): number => Math.min(side - 1, Math.floor(v * side));
  const cells = new Map<number, number[]>();
  employees.forEach((e, i) => {
    const key = cellOf(e.y) * side + cellOf(e.x);
    cells.set(key, [...(cells.get(key) ?? []), i]);
  });
  const demands: AssignmentProblem['demands'] = [];
  const edges: AssignmentProblem['edges'] = [];
  for (let i = 0; i < demandCount; i++) {
    const id = `d${String(i).padStart(5, '0')}`;
    demands.push({ id, positions: 1 + Math.floor(random() * maxPositions), rank: ranks[i] });
    const x = random();
    const y = random();
    const nearby: number[] = [];
    for (let cy = cellOf(y) - 1; cy <= cellOf(y) + 1; cy++) {
      for (let cx = cellOf(x) - 1; cx <= cellOf(x) + 1; cx++) {
        if (cx >= 0 && cy >= 0 && cx < side && cy < side) {
          nearby.push(...(cells.get(cy * side + cx) ?? []));
        }
      }
    }
    for (const index of nearby.sort((a, b) => a - b)) {
      const e = employees[index];
      const distance = Math.hypot(e.x - x, e.y - y);
      if (distance > radius || random() < 0.4) continue;
      const score = Math.round(1000 * (0.5 * random() + 0.5 * (1 - distance / radius))) / 1000;
      edges.push({ demandId: id, employeeId: e.id, score });
    }
  }
  return { demands, employees: employees.map(({ id }) => ({ id })), edges };
}

/** Small instances for brute force: at most 8 demands, 10 employees, 18 candidate pairs. */
const smallProblem: fc.Arbitrary<AssignmentProblem> = fc
  .record({
    demandCount: fc.integer({ min: 1, max: 8 }),
    employeeCount: fc.integer({ min: 1, max: 10 }),
  })
  .chain(({ demandCount, employeeCount }) =>
    fc.record({
      positions: fc.array(fc.integer({ min: 0, max: 3 }), {
        minLength: demandCount,
        maxLength: demandCount,
      }),
      ranks: fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), {
        minLength: demandCount,
        maxLength: demandCount,
      }),
      edges: fc.array(
        fc.record({
          demand: fc.nat(demandCount - 1),
          employee: fc.nat(employeeCount - 1),
          // Coarse grid for many ties, arbitrary doubles for rounding paths.
          score: fc.oneof(
            fc.integer({ min: 0, max: 10 }).map((k) => k / 10),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
        }),
        { maxLength: 18 },
      ),
      employeeCount: fc.constant(employeeCount),
    }),
  )
  .map(({ positions, ranks, edges, employeeCount }) => ({
    demands: positions.map((p, i) => ({ id: `d${i}`, positions: p, rank: ranks[i] })),
    employees: Array.from({ length: employeeCount }, (_, i) => ({ id: `e${i}` })),
    edges: edges.map((e) => ({
      demandId: `d${e.demand}`,
      employeeId: `e${e.employee}`,
      score: e.score,
    })),
  }));

/** Runs `action` with a `performance.now()` that advances 1 ms per read. */
function withTickingClock<T>(action: () => T): T {
  let now = 0;
  const clock = jest.spyOn(performance, 'now').mockImplementation(() => now++);
  try {
    return action();
  } finally {
    clock.mockRestore();
  }
}

/** Result without the wall-clock field, for equality checks. */
function comparable(result: AssignmentResult): unknown {
  return {
    ...result,
    filledByDemand: [...result.filledByDemand],
    stats: { ...result.stats, millis: 0 },
  };
}

function sameCounts(a: AssignmentResult, b: AssignmentResult): boolean {
  return [...a.filledByDemand].every(([id, n]) => b.filledByDemand.get(id) === n);
}

/** The solver is never worse than greedy: more positions, or as many and a better score. */
function expectAtLeastGreedy(problem: AssignmentProblem, result: AssignmentResult): void {
  const greedy = solveGreedy(problem);
  checkFeasible(problem, greedy);
  expect(result.positionsFilled).toBeGreaterThanOrEqual(greedy.positionsFilled);
  if (sameCounts(result, greedy)) {
    expect(quantise(result.totalScore)).toBeGreaterThanOrEqual(quantise(greedy.totalScore));
  }
}

// ---------------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------------

describe('solveAssignment', () => {
  describe('hand-made cases', () => {
    it('fills more positions than greedy by re-routing a contested employee', () => {
      // Greedy gives Ann (Alpha's best) to Alpha and leaves Beta empty; Alpha can take Bob.
      const problem: AssignmentProblem = {
        demands: [
          { id: 'alpha', positions: 1, rank: 0 },
          { id: 'beta', positions: 1, rank: 1 },
        ],
        employees: [{ id: 'ann' }, { id: 'bob' }],
        edges: [
          { demandId: 'alpha', employeeId: 'ann', score: 0.9 },
          { demandId: 'alpha', employeeId: 'bob', score: 0.5 },
          { demandId: 'beta', employeeId: 'ann', score: 0.8 },
        ],
      };
      const greedy = solveGreedy(problem);
      expect(greedy.positionsFilled).toBe(1);
      const result = solveAssignment(problem);
      expect(result.positionsFilled).toBe(2);
      expect(result.assignments).toEqual([
        { demandId: 'alpha', employeeId: 'bob', score: 0.5 },
        { demandId: 'beta', employeeId: 'ann', score: 0.8 },
      ]);
      expect(result.totalScore).toBeCloseTo(1.3, 9);
      expect(result.optimality).toEqual({ status: 'EXACT', bound: 1.3, gap: 0 });
    });

    it('gives a scarce employee to the higher-priority demand, whatever the scores', () => {
      const problem: AssignmentProblem = {
        demands: [
          { id: 'urgent', positions: 2, rank: 0 },
          { id: 'later', positions: 1, rank: 1 },
        ],
        employees: [{ id: 'carl' }, { id: 'dana' }],
        edges: [
          { demandId: 'later', employeeId: 'carl', score: 0.99 },
          { demandId: 'urgent', employeeId: 'carl', score: 0.01 },
          { demandId: 'urgent', employeeId: 'dana', score: 0.5 },
        ],
      };
      const result = solveAssignment(problem);
      expect(result.filledByDemand).toEqual(
        new Map([
          ['urgent', 2],
          ['later', 0],
        ]),
      );
      expect(result.assignments.map((a) => a.employeeId)).toEqual(['carl', 'dana']);
      expect(unfilledExplanations(problem, result)).toEqual([
        { demandId: 'later', unfilled: 1, candidatesTakenByHigherPriority: 1, candidatesTotal: 1 },
      ]);
    });

    it('maximises the total score among equal fillings', () => {
      const problem: AssignmentProblem = {
        demands: [
          { id: 'a', positions: 1, rank: 0 },
          { id: 'b', positions: 1, rank: 1 },
          { id: 'c', positions: 2, rank: 2 },
        ],
        employees: [{ id: 'x' }, { id: 'y' }, { id: 'z' }, { id: 'w' }],
        edges: [
          { demandId: 'a', employeeId: 'x', score: 0.9 },
          { demandId: 'a', employeeId: 'y', score: 0.8 },
          { demandId: 'b', employeeId: 'x', score: 0.8 },
          { demandId: 'b', employeeId: 'y', score: 0.1 },
          { demandId: 'c', employeeId: 'z', score: 0.3 },
          { demandId: 'c', employeeId: 'w', score: 0.2 },
          { demandId: 'c', employeeId: 'x', score: 0.7 },
        ],
      };
      // Greedy: a-x, b-y, c-{z,w} = 1.5; best: a-y, b-x, c-{z,w} = 2.1 (c cannot have x).
      expect(solveGreedy(problem).totalScore).toBeCloseTo(1.5, 9);
      const result = solveAssignment(problem);
      expect(result.totalScore).toBeCloseTo(2.1, 9);
      expect(result.assignments.map((a) => `${a.demandId}-${a.employeeId}`)).toEqual([
        'a-y',
        'b-x',
        'c-w',
        'c-z',
      ]);
      expect(result.optimality.status).toBe('EXACT');
      expect(result.optimality.bound).toBeCloseTo(2.1, 9);
    });

    it('is deterministic: shuffled and duplicated inputs give the identical result', () => {
      const problem = geographicProblem(7, 40, 60, 0.3);
      // Coarse scores create many equally good assignments, so tie-breaking really matters.
      problem.edges = problem.edges.map((e) => ({ ...e, score: Math.round(e.score * 4) / 4 }));
      const reference = comparable(solveAssignment(problem));
      const random = prng(99);
      for (let round = 0; round < 5; round++) {
        const edges = shuffled(problem.edges, random);
        // A duplicate pair with a lower score must not change anything.
        edges.push({ ...edges[0], score: edges[0].score / 2 });
        const permuted: AssignmentProblem = {
          demands: shuffled(problem.demands, random),
          employees: shuffled(problem.employees, random),
          edges,
        };
        expect(comparable(solveAssignment(permuted))).toEqual(reference);
      }
    });

    it('handles empty demands, idle employees and demands without candidates', () => {
      const problem: AssignmentProblem = {
        demands: [
          { id: 'none', positions: 0, rank: 0 },
          { id: 'lonely', positions: 2, rank: 1 },
          { id: 'two', positions: 3, rank: 2 },
        ],
        employees: [{ id: 'p' }, { id: 'q' }, { id: 'idle' }],
        edges: [
          { demandId: 'none', employeeId: 'p', score: 1 },
          { demandId: 'two', employeeId: 'p', score: 0.25 },
          { demandId: 'two', employeeId: 'q', score: 0 },
        ],
      };
      const result = solveAssignment(problem);
      checkFeasible(problem, result);
      expect([...result.filledByDemand]).toEqual([
        ['none', 0],
        ['lonely', 0],
        ['two', 2],
      ]);
      expect(result.stats.components).toBe(1);
      expect(unfilledExplanations(problem, result)).toEqual([
        { demandId: 'lonely', unfilled: 2, candidatesTakenByHigherPriority: 0, candidatesTotal: 0 },
        { demandId: 'two', unfilled: 1, candidatesTakenByHigherPriority: 0, candidatesTotal: 2 },
      ]);
      expect(solveAssignment({ demands: [], employees: [], edges: [] })).toMatchObject({
        assignments: [],
        positionsFilled: 0,
        totalScore: 0,
        optimality: { status: 'EXACT', bound: 0, gap: 0 },
      });
    });

    it('rejects malformed problems', () => {
      const base: AssignmentProblem = {
        demands: [{ id: 'd', positions: 1, rank: 0 }],
        employees: [{ id: 'e' }],
        edges: [{ demandId: 'd', employeeId: 'e', score: 0.5 }],
      };
      const broken: AssignmentProblem[] = [
        { ...base, edges: [{ demandId: 'd', employeeId: 'ghost', score: 0.5 }] },
        { ...base, edges: [{ demandId: 'ghost', employeeId: 'e', score: 0.5 }] },
        { ...base, edges: [{ demandId: 'd', employeeId: 'e', score: 1.5 }] },
        { ...base, edges: [{ demandId: 'd', employeeId: 'e', score: Number.NaN }] },
        { ...base, demands: [{ id: 'd', positions: 1.5, rank: 0 }] },
        { ...base, employees: [{ id: 'e' }, { id: 'e' }] },
      ];
      for (const problem of broken) {
        expect(() => solveAssignment(problem)).toThrow(AssignmentInputError);
      }
    });
  });

  describe('against brute force', () => {
    it('reaches the lexicographic optimum (count, priority vector, score) and beats greedy', () => {
      fc.assert(
        fc.property(smallProblem, (problem) => {
          const result = solveAssignment(problem);
          const objective = checkFeasible(problem, result);
          expect(objective).toEqual(bruteForce(problem));
          expect(result.optimality.status).toBe('EXACT');
          expectAtLeastGreedy(problem, result);
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('on medium geographic instances', () => {
    let highs: Highs;
    beforeAll(async () => {
      highs = await highsLoader();
    });

    it('matches the LP optimum for its counts, and max-flow for every priority prefix', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.integer({ min: 1, max: 6 }),
          (seed, maxPositions) => {
            const problem = geographicProblem(seed, 60, 150, 0.15, maxPositions);
            const result = solveAssignment(problem);
            checkFeasible(problem, result);
            expect(result.optimality.status).toBe('EXACT');
            expect(Math.abs(result.optimality.bound - result.totalScore)).toBeLessThan(1e-9);
            const lp = lpOptimum(highs, problem, result.filledByDemand);
            expect(Math.abs(lp - result.totalScore)).toBeLessThan(1e-6);

            // The fill of the top-r demands must equal their own max flow, for every r: that is
            // both maximum cardinality (r = all) and the lexicographically best priority vector.
            const ranked = byPriority(problem).map((d) => d.id);
            let prefixFilled = 0;
            for (let r = 1; r <= ranked.length; r++) {
              prefixFilled += result.filledByDemand.get(ranked[r - 1]) ?? 0;
              expect(prefixFilled).toBe(maxFlow(problem, ranked.slice(0, r)));
            }
            expectAtLeastGreedy(problem, result);
          },
        ),
        { numRuns: 50 },
      );
    });

    it('when the time limit cuts stage 3 short, stays feasible, >= greedy, with a valid bound', () => {
      let statuses = '';
      let split = 0;
      let completedBeatsFilling = false;
      const instances = [11, 12, 13, 14, 15, 16].map((seed) =>
        // Contended instances; the narrow radius splits them into components, the wide one not.
        geographicProblem(seed, 80, 120, seed % 2 ? 0.12 : 0.5),
      );
      for (const problem of instances) {
        const exact = solveAssignment(problem);
        split = Math.max(split, exact.stats.components);
        let fillingScore = 0;
        for (const budget of [0, 5, 25, 60]) {
          // Every clock read advances 1 ms: stage 3 gets fewer than `budget` augmentations.
          const cut = withTickingClock(() => solveAssignment(problem, { timeLimitMs: budget }));
          statuses += cut.optimality.status[0];
          const objective = checkFeasible(problem, cut);
          expect([...cut.filledByDemand]).toEqual([...exact.filledByDemand]);
          expect(objective.score).toBeLessThanOrEqual(quantise(exact.totalScore));
          expect(cut.optimality.bound).toBeGreaterThanOrEqual(exact.totalScore - 1e-9);
          if (cut.optimality.status === 'EXACT') {
            expect(quantise(cut.totalScore)).toBe(quantise(exact.totalScore));
          }
          expectAtLeastGreedy(problem, cut);
          // No budget at all leaves the stage-1 filling; any budget must do at least as well.
          if (budget === 0) fillingScore = objective.score;
          expect(objective.score).toBeGreaterThanOrEqual(fillingScore);
          // In a single component, beating the filling takes the completed partial optimum.
          if (exact.stats.components === 1 && objective.score > fillingScore) {
            completedBeatsFilling = true;
          }
        }
      }
      // The cut must really have happened (this is not a test of the happy path).
      expect(statuses).toContain('B');
      expect(split).toBeGreaterThan(1);
      expect(completedBeatsFilling).toBe(true);
    });
  });

  it('solves a 3,000-demand, 40,000-edge instance exactly in a fraction of a second', () => {
    const problem = geographicProblem(3, 3000, 8000, 0.03);
    expect(problem.edges.length).toBeGreaterThan(35_000);
    const started = Date.now();
    const result = solveAssignment(problem);
    const elapsed = Date.now() - started;
    checkFeasible(problem, result);
    expect(result.optimality.status).toBe('EXACT');
    expect(result.optimality.gap).toBe(0);
    expect(result.positionsFilled).toBe(
      maxFlow(
        problem,
        byPriority(problem).map((d) => d.id),
      ),
    );
    expectAtLeastGreedy(problem, result);
    // Generous for slow CI machines; it takes about 0.1 s.
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('unfilledExplanations', () => {
  it('counts candidates held by higher-priority demands only', () => {
    const problem: AssignmentProblem = {
      demands: [
        { id: 'low', positions: 3, rank: 5 },
        { id: 'high', positions: 1, rank: 1 },
        { id: 'mid', positions: 1, rank: 3 },
      ],
      employees: [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }],
      edges: [
        { demandId: 'high', employeeId: 'e1', score: 0.5 },
        { demandId: 'mid', employeeId: 'e2', score: 0.5 },
        { demandId: 'low', employeeId: 'e1', score: 0.9 },
        { demandId: 'low', employeeId: 'e2', score: 0.9 },
        { demandId: 'low', employeeId: 'e3', score: 0.9 },
        { demandId: 'low', employeeId: 'e3', score: 0.1 },
      ],
    };
    const result = solveAssignment(problem);
    expect(unfilledExplanations(problem, result)).toEqual([
      { demandId: 'low', unfilled: 2, candidatesTakenByHigherPriority: 2, candidatesTotal: 3 },
    ]);
  });
});
