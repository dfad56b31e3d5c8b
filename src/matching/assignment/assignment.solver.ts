import { lagrangianBound } from './assignment.bound';
import { Components, findComponents } from './assignment.components';
import {
  AssignmentGraph,
  buildAssignmentGraph,
  compareIds,
  emptyMatching,
  Matching,
  matchingScore,
} from './assignment.graph';
import { AugmentingPathSearch, greedyMatching, priorityFilling } from './assignment.matching';
import { MinCostAssigner } from './assignment.mincost';
import {
  Assignment,
  AssignmentOptions,
  AssignmentInput,
  AssignmentResult,
  edgeColumns,
  SCORE_SCALE,
  UnfilledExplanation,
} from './assignment.types';

export type {
  Assignment,
  AssignmentDemand,
  AssignmentEdge,
  AssignmentEmployee,
  AssignmentOptimality,
  AssignmentOptions,
  AssignmentInput,
  AssignmentProblem,
  AssignmentResult,
  AssignmentStats,
  EdgeColumns,
  UnfilledExplanation,
} from './assignment.types';
export { AssignmentInputError, SCORE_RESOLUTION, SCORE_SCALE } from './assignment.types';

/**
 * Assigns employees to demands, optimising lexicographically and exactly:
 * 1. as many positions filled as possible;
 * 2. among those, the fill vector by rank (rank 0 first) lexicographically maximal;
 * 3. among those, the largest total score (scores quantised to 1e-6, see `SCORE_SCALE`).
 *
 * Deterministic: the inputs are put in canonical order (demands by rank then id, employees and
 * candidates by id), so any permutation of the input arrays yields the same result.
 *
 * `options.timeLimitMs` bounds stage 3 only. When it runs out, the component being optimised keeps
 * the better of its partial optimum (completed by augmenting paths) and the stage-1 filling, the
 * components not reached keep the filling, which is never below greedy on the same counts; the
 * result is then BOUNDED with a Lagrangian (LP dual) bound, unless that bound proves it optimal.
 *
 * @throws AssignmentInputError when the problem is malformed.
 */
export function solveAssignment(
  problem: AssignmentInput,
  options: AssignmentOptions = {},
): AssignmentResult {
  const started = performance.now();
  const deadline =
    options.timeLimitMs === undefined ? Infinity : started + Math.max(0, options.timeLimitMs);
  const graph = buildAssignmentGraph(problem);
  const components = findComponents(graph);
  const fillingStarted = performance.now();
  const filling = priorityFilling(graph);
  const counts = filling.filled;
  // Salvaging after a time-out re-runs augmenting paths over at most one component (cheaper than
  // stage 1) plus linear passes for the bound, so stage 3 stops early enough for that to fit.
  const stopAt = deadline - 1.5 * (performance.now() - fillingStarted);

  const flow = new MinCostAssigner(graph);
  const { memberStart, members } = components;
  let interrupted = -1;
  search: for (let c = 0; c < components.count; c++) {
    for (let i = memberStart[c]; i < memberStart[c + 1]; i++) {
      const d = members[i];
      while (flow.matching.filled[d] < counts[d]) {
        if (performance.now() > stopAt) {
          interrupted = c;
          break search;
        }
        if (!flow.augment(d)) throw new Error('assignment: feasible counts lost a path (bug)');
      }
    }
  }

  let matching = flow.matching;
  if (interrupted >= 0) matching = salvage(graph, components, filling, flow, interrupted);
  const total = matchingScore(graph, matching);
  const bound = lagrangianBound(graph, counts, flow.employeeDuals());
  return toResult(problem, graph, components, matching, total, bound, started);
}

/**
 * The baseline: demands in priority order, each takes its best-scoring free candidates (ties by
 * employee id). Its bound is the best score each demand could get for the same counts if
 * employees were not shared; it is EXACT only when that bound is reached.
 *
 * @throws AssignmentInputError when the problem is malformed.
 */
export function solveGreedy(problem: AssignmentInput): AssignmentResult {
  const started = performance.now();
  const graph = buildAssignmentGraph(problem);
  const components = findComponents(graph);
  const matching = greedyMatching(graph);
  const total = matchingScore(graph, matching);
  const noDuals = new Float64Array(graph.employeeCount);
  const bound = lagrangianBound(graph, matching.filled, noDuals);
  return toResult(problem, graph, components, matching, total, Math.max(bound, total), started);
}

/**
 * For each demand left short of staff, in priority order: how many of its distinct candidates
 * ended up with a demand of higher priority (lower rank, ties by id). A positive count lets the
 * caller report "outranked by a higher-priority demand"; zero means the candidates were too few
 * or went to lower-priority demands that could not be served otherwise.
 */
export function unfilledExplanations(
  problem: AssignmentInput,
  result: AssignmentResult,
): UnfilledExplanation[] {
  const demands = [...problem.demands].sort((a, b) => a.rank - b.rank || compareIds(a.id, b.id));
  const priority = new Map<string, number>();
  demands.forEach((d, i) => priority.set(d.id, i));
  const assignedTo = new Map<string, string>();
  for (const a of result.assignments) assignedTo.set(a.employeeId, a.demandId);
  const candidates = new Map<string, Set<string>>();
  const edges = edgeColumns(problem.edges);
  for (let i = 0; i < edges.length; i++) {
    let set = candidates.get(edges.demandId(i));
    if (!set) candidates.set(edges.demandId(i), (set = new Set()));
    set.add(edges.employeeId(i));
  }

  const explanations: UnfilledExplanation[] = [];
  for (const [i, demand] of demands.entries()) {
    const unfilled = demand.positions - (result.filledByDemand.get(demand.id) ?? 0);
    if (unfilled <= 0) continue;
    const own = candidates.get(demand.id) ?? new Set<string>();
    let taken = 0;
    for (const employeeId of own) {
      const holder = assignedTo.get(employeeId);
      if (holder !== undefined && (priority.get(holder) ?? Infinity) < i) taken++;
    }
    explanations.push({
      demandId: demand.id,
      unfilled,
      candidatesTakenByHigherPriority: taken,
      candidatesTotal: own.size,
    });
  }
  return explanations;
}

/**
 * After a time-out, picks per component the better feasible assignment with the stage-2 counts:
 * optimised components keep the flow; the interrupted one keeps its partial optimum completed by
 * plain augmenting paths unless the stage-1 filling scores more; the others get the filling.
 *
 * The greedy baseline needs no separate candidate: wherever its counts match the filling's, the
 * filling made exactly the same choices (both take the best free candidate, and the filling only
 * deviates where greedy finds no free candidate and so falls short), hence never below greedy.
 */
function salvage(
  graph: AssignmentGraph,
  components: Components,
  filling: Matching,
  flow: MinCostAssigner,
  interrupted: number,
): Matching {
  const { memberStart, members, ofEmployee } = components;
  const counts = filling.filled;
  let started = false;
  for (let i = memberStart[interrupted]; i < memberStart[interrupted + 1]; i++) {
    if (flow.matching.filled[members[i]] > 0) started = true;
  }
  // Completing an untouched component would merely rebuild the filling: skip that work.
  if (started) {
    const completion = new AugmentingPathSearch(graph, flow.matching);
    for (let i = memberStart[interrupted]; i < memberStart[interrupted + 1]; i++) {
      const d = members[i];
      while (flow.matching.filled[d] < counts[d]) {
        if (!completion.augment(d))
          throw new Error('assignment: feasible counts lost a path (bug)');
      }
    }
  }
  const flowScore = componentScores(graph, components, flow.matching);
  const fillingScore = componentScores(graph, components, filling);
  const result = emptyMatching(graph);
  for (let e = 0; e < graph.employeeCount; e++) {
    const c = ofEmployee[e];
    if (c < 0) continue;
    const useFlow =
      c < interrupted || (c === interrupted && started && flowScore[c] >= fillingScore[c]);
    const from = useFlow ? flow.matching : filling;
    if (from.mate[e] < 0) continue;
    result.mate[e] = from.mate[e];
    result.mateSlot[e] = from.mateSlot[e];
    result.filled[from.mate[e]]++;
  }
  return result;
}

function componentScores(
  graph: AssignmentGraph,
  components: Components,
  matching: Matching,
): Float64Array {
  const scores = new Float64Array(components.count);
  for (let e = 0; e < graph.employeeCount; e++) {
    const slot = matching.mateSlot[e];
    if (slot >= 0) scores[components.ofEmployee[e]] += graph.adjScore[slot];
  }
  return scores;
}

function toResult(
  problem: AssignmentInput,
  graph: AssignmentGraph,
  components: Components,
  matching: Matching,
  total: number,
  bound: number,
  started: number,
): AssignmentResult {
  const { demandCount: D, employeeCount: E, demandIds, employeeIds } = graph;
  const { mate, mateSlot, filled } = matching;
  const edges = edgeColumns(problem.edges);
  // Bucket employees by demand; scanning employees in index order sorts each bucket by id.
  const offset = new Int32Array(D + 1);
  for (let d = 0; d < D; d++) offset[d + 1] = offset[d] + filled[d];
  const cursor = offset.slice(0, D);
  const byDemand = new Int32Array(offset[D]);
  for (let e = 0; e < E; e++) if (mate[e] >= 0) byDemand[cursor[mate[e]]++] = e;

  const assignments: Assignment[] = new Array<Assignment>(byDemand.length);
  const filledByDemand = new Map<string, number>();
  for (let d = 0; d < D; d++) {
    filledByDemand.set(demandIds[d], filled[d]);
    for (let i = offset[d]; i < offset[d + 1]; i++) {
      const e = byDemand[i];
      assignments[i] = {
        demandId: demandIds[d],
        employeeId: employeeIds[e],
        score: edges.score(graph.adjSource[mateSlot[e]]),
      };
    }
  }
  return {
    assignments,
    filledByDemand,
    positionsFilled: byDemand.length,
    totalScore: total / SCORE_SCALE,
    optimality: {
      status: bound > total ? 'BOUNDED' : 'EXACT',
      bound: bound / SCORE_SCALE,
      gap: (bound - total) / SCORE_SCALE,
    },
    stats: {
      components: components.count,
      edges: graph.adjEmployee.length,
      millis: performance.now() - started,
    },
  };
}
