/**
 * Micro-benchmark of the exact assignment solver against the greedy baseline on a random
 * geographic instance: city clusters plus countryside, candidates among the nearest employees, and
 * demand weighted differently from staff across cities so that booming towns run short. Peak RSS
 * is the process's, so it includes the generated instance (about 650 MiB at national size).
 *
 *   npx ts-node --swc bench/assignment-solver.ts [--size demo|national] [--seed N]
 *                                               [--time-limit MS]
 */
import {
  AssignmentProblem,
  AssignmentResult,
  solveAssignment,
  solveGreedy,
} from '../src/matching/assignment/assignment.solver';

interface Size {
  demands: number;
  employees: number;
  /** Mean candidates per demand; the total edge count is about demands * meanDegree. */
  meanDegree: number;
}

const SIZES: Record<string, Size> = {
  demo: { demands: 5_000, employees: 40_000, meanDegree: 100 },
  national: { demands: 50_000, employees: 200_000, meanDegree: 100 },
};

/** Side of the square country, km. */
const COUNTRY_KM = 1000;
const CELL_KM = 5;
const MAX_TRAVEL_KM = 80;

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** mulberry32: small, seedable, good enough for synthetic data. */
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

function uuid(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function generate(size: Size, seed: number): AssignmentProblem {
  const random = prng(seed);
  const gaussian = (): number =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const cities = Array.from({ length: 80 }, (_, i) => ({
    x: random() * COUNTRY_KM,
    y: random() * COUNTRY_KM,
    // Zipf-like city sizes and spreads.
    weight: 1 / (i + 1),
    sigma: 4 + 25 * random(),
  }));
  // Demand follows its own city weights: booming towns run short of staff, others have slack.
  const demandWeights = cities.map((c) => c.weight * (0.1 + 4 * random() ** 3));
  const employeeWeights = cities.map((c) => c.weight);
  const place = (weights: number[]): [number, number] => {
    if (random() < 0.3) return [random() * COUNTRY_KM, random() * COUNTRY_KM];
    let r = random() * weights.reduce((s, w) => s + w, 0);
    let city = cities[0];
    for (const [i, c] of cities.entries()) {
      city = c;
      r -= weights[i];
      if (r <= 0) break;
    }
    const clamp = (v: number): number => Math.min(COUNTRY_KM - 1e-9, Math.max(0, v));
    return [clamp(city.x + city.sigma * gaussian()), clamp(city.y + city.sigma * gaussian())];
  };

  const side = Math.ceil(COUNTRY_KM / CELL_KM);
  const ex = new Float64Array(size.employees);
  const ey = new Float64Array(size.employees);
  const cellCount = new Int32Array(side * side + 1);
  const cellOf = (x: number, y: number): number =>
    Math.floor(y / CELL_KM) * side + Math.floor(x / CELL_KM);
  for (let e = 0; e < size.employees; e++) {
    [ex[e], ey[e]] = place(employeeWeights);
    cellCount[cellOf(ex[e], ey[e]) + 1]++;
  }
  for (let c = 0; c < side * side; c++) cellCount[c + 1] += cellCount[c];
  const cellMembers = new Int32Array(size.employees);
  const cursor = cellCount.slice(0, side * side);
  for (let e = 0; e < size.employees; e++) cellMembers[cursor[cellOf(ex[e], ey[e])]++] = e;

  const employees = Array.from({ length: size.employees }, () => ({ id: uuid(random) }));
  const ranks = Array.from({ length: size.demands }, (_, i) => i);
  for (let i = ranks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
  }
  const demands: AssignmentProblem['demands'] = [];
  const edges: AssignmentProblem['edges'] = [];
  const near: { e: number; d2: number }[] = [];
  for (let i = 0; i < size.demands; i++) {
    const demand = { id: uuid(random), positions: 1 + Math.floor(random() * 3), rank: ranks[i] };
    demands.push(demand);
    const [x, y] = place(demandWeights);
    // Look at the nearest ~3x the wanted degree; a third of them have the skill.
    const wanted = Math.round(size.meanDegree * (0.5 + random()));
    const pool = 3 * wanted;
    let ring = 0;
    near.length = 0;
    const cx = Math.floor(x / CELL_KM);
    const cy = Math.floor(y / CELL_KM);
    while (near.length < pool && ring * CELL_KM < MAX_TRAVEL_KM) {
      for (let gy = cy - ring; gy <= cy + ring; gy++) {
        for (let gx = cx - ring; gx <= cx + ring; gx++) {
          if (Math.max(Math.abs(gx - cx), Math.abs(gy - cy)) !== ring) continue;
          if (gx < 0 || gy < 0 || gx >= side || gy >= side) continue;
          const c = gy * side + gx;
          for (let k = cellCount[c]; k < cellCount[c + 1]; k++) {
            const e = cellMembers[k];
            near.push({ e, d2: (ex[e] - x) ** 2 + (ey[e] - y) ** 2 });
          }
        }
      }
      ring++;
    }
    near.sort((a, b) => a.d2 - b.d2);
    const limit = Math.min(near.length, pool);
    for (let k = 0; k < limit; k++) {
      const km = Math.sqrt(near[k].d2);
      if (km > MAX_TRAVEL_KM || random() >= 1 / 3) continue;
      const score = 0.5 * random() + 0.5 * (1 - km / MAX_TRAVEL_KM);
      edges.push({ demandId: demand.id, employeeId: employees[near[k].e].id, score });
    }
  }
  return { demands, employees, edges };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function report(name: string, result: AssignmentResult, wallMs: number): void {
  const peak = process.resourceUsage().maxRSS * 1024;
  const { status, gap, bound } = result.optimality;
  console.log(
    `${name.padEnd(16)} wall ${wallMs.toFixed(0).padStart(6)} ms  peak RSS ${mib(peak).padStart(8)}  ` +
      `filled ${result.positionsFilled}  score ${result.totalScore.toFixed(6)}  ` +
      `${status} bound ${bound.toFixed(6)} gap ${gap.toFixed(6)}`,
  );
}

function main(): void {
  const sizeName = argument('size') ?? 'demo';
  const size = SIZES[sizeName];
  if (!size) throw new Error(`unknown size ${sizeName}; use demo or national`);
  const seed = Number(argument('seed') ?? 1);
  const timeLimit = argument('time-limit');

  let t = performance.now();
  const problem = generate(size, seed);
  const positions = problem.demands.reduce((s, d) => s + d.positions, 0);
  console.log(
    `${sizeName} (seed ${seed}): ${problem.demands.length} demands / ${positions} positions, ` +
      `${problem.employees.length} employees, ${problem.edges.length} edges; generated in ` +
      `${(performance.now() - t).toFixed(0)} ms, RSS ${mib(process.memoryUsage().rss)}`,
  );

  t = performance.now();
  const exact = solveAssignment(
    problem,
    timeLimit === undefined ? {} : { timeLimitMs: Number(timeLimit) },
  );
  report('solveAssignment', exact, performance.now() - t);
  console.log(
    `${''.padEnd(16)} components ${exact.stats.components}, distinct edges ${exact.stats.edges}`,
  );
  t = performance.now();
  const greedy = solveGreedy(problem);
  report('solveGreedy', greedy, performance.now() - t);
  console.log(
    `gain over greedy: +${exact.positionsFilled - greedy.positionsFilled} positions, ` +
      `score ${(exact.totalScore - greedy.totalScore).toFixed(6)}`,
  );
}

main();
