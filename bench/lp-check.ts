/**
 * Independent check of the assignment with the HiGHS LP solver (npm `highs`). Bipartite
 * b-matching LPs are integral, so their optima are the true optima:
 *   1. max positions filled (no priority) must equal the solver's positions filled;
 *   2. with each demand's count fixed to the solver's, max total score must equal its score.
 */
import {
  AssignmentProblem,
  AssignmentResult,
  SCORE_SCALE,
} from '../src/matching/assignment/assignment.solver';

type Highs = {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
};

function lpText(
  problem: AssignmentProblem,
  objective: (score: number) => number,
  counts?: Map<string, number>,
): string {
  const demandIndex = new Map(problem.demands.map((d, i) => [d.id, i]));
  const employeeIndex = new Map(problem.employees.map((e, i) => [e.id, i]));
  const byDemand: string[][] = problem.demands.map(() => []);
  const byEmployee: string[][] = problem.employees.map(() => []);
  const terms: string[] = [];
  const bounds: string[] = [];
  problem.edges.forEach((edge, k) => {
    const v = `x${k}`;
    terms.push(`${objective(edge.score)} ${v}`);
    byDemand[demandIndex.get(edge.demandId)!].push(v);
    byEmployee[employeeIndex.get(edge.employeeId)!].push(v);
    bounds.push(`0 <= ${v} <= 1`);
  });
  const rows: string[] = [];
  problem.demands.forEach((d, i) => {
    if (byDemand[i].length === 0) return;
    const sum = byDemand[i].join(' + ');
    rows.push(
      counts ? ` d${i}: ${sum} = ${counts.get(d.id) ?? 0}` : ` d${i}: ${sum} <= ${d.positions}`,
    );
  });
  byEmployee.forEach((vars, j) => {
    if (vars.length > 1) rows.push(` e${j}: ${vars.join(' + ')} <= 1`);
  });
  const wrap = (s: string) => s.replace(/(.{1,200})( \+ |$)/g, '$1$2\n');
  return `Maximize\n obj: ${wrap(terms.join(' + '))}\nSubject To\n${rows.map(wrap).join('')}Bounds\n${bounds.join('\n')}\nEnd\n`;
}

/** Solves both LPs and returns their optima next to the solver's figures. */
export async function lpCheck(
  problem: AssignmentProblem,
  result: AssignmentResult,
): Promise<{ lpPositions: number; lpScore: number; positionsEqual: boolean; scoreEqual: boolean }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const highs: Highs = await (require('highs') as () => Promise<Highs>)();
  const positions = highs.solve(lpText(problem, () => 1));
  const scored = highs.solve(
    lpText(problem, (s) => Math.round(s * SCORE_SCALE), result.filledByDemand),
  );
  const lpPositions = Math.round(positions.ObjectiveValue);
  const lpScore = scored.ObjectiveValue / SCORE_SCALE;
  return {
    lpPositions,
    lpScore,
    positionsEqual: lpPositions === result.positionsFilled,
    scoreEqual: Math.abs(lpScore - result.totalScore) <= 1e-6 * Math.max(1, result.positionsFilled),
  };
}
