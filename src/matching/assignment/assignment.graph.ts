import {
  AssignmentInputError,
  AssignmentInput,
  EdgeColumns,
  edgeColumns,
  SCORE_SCALE,
} from './assignment.types';

/**
 * The problem in canonical form: demands sorted by (rank, id), employees by id, and a CSR
 * adjacency per demand sorted by (score desc, employee index asc). Every later stage iterates in
 * this order, which is what makes the output independent of the order of the input arrays.
 */
export interface AssignmentGraph {
  readonly demandCount: number;
  readonly employeeCount: number;
  /** Demand ids in priority order. */
  readonly demandIds: readonly string[];
  /** Employee ids in code-unit order. */
  readonly employeeIds: readonly string[];
  readonly positions: Int32Array;
  /** CSR offsets: the candidates of demand d are slots start[d] .. start[d + 1] - 1. */
  readonly start: Int32Array;
  readonly adjEmployee: Int32Array;
  /** Quantised score `round(score * SCORE_SCALE)`. */
  readonly adjScore: Int32Array;
  /** Index into `problem.edges` of the pair's (highest-scoring) input edge. */
  readonly adjSource: Int32Array;
}

/** A (partial) b-matching: each employee to at most one demand, each demand up to its positions. */
export interface Matching {
  /** Demand index of each employee, -1 when free. */
  readonly mate: Int32Array;
  /** CSR slot of the employee's assigned pair, -1 when free. */
  readonly mateSlot: Int32Array;
  /** Employees assigned per demand. */
  readonly filled: Int32Array;
}

const TWO_POW_32 = 4294967296;

/** Code-unit order, so the canonical order does not depend on the locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A matching with nobody assigned. */
export function emptyMatching(graph: AssignmentGraph): Matching {
  return {
    mate: new Int32Array(graph.employeeCount).fill(-1),
    mateSlot: new Int32Array(graph.employeeCount).fill(-1),
    filled: new Int32Array(graph.demandCount),
  };
}

/** Quantised total score of a matching. */
export function matchingScore(graph: AssignmentGraph, matching: Matching): number {
  let total = 0;
  const { mateSlot } = matching;
  for (let e = 0; e < mateSlot.length; e++) {
    if (mateSlot[e] >= 0) total += graph.adjScore[mateSlot[e]];
  }
  return total;
}

/**
 * Validates the problem and builds its canonical CSR form. Throws {@link AssignmentInputError} on
 * duplicate ids, unknown ids in edges, positions that are not non-negative integers, non-finite
 * ranks or scores outside [0, 1].
 */
export function buildAssignmentGraph(problem: AssignmentInput): AssignmentGraph {
  // Each phase is its own function: V8 optimises small hot loops far better than one long body.
  const demands = sortDemands(problem);
  const employeeIds = problem.employees.map((e) => e.id).sort(compareIds);
  const demandIndex = indexIds(
    demands.map((d) => d.id),
    'demand',
  );
  const employeeIndex = indexIds(employeeIds, 'employee');
  const D = demands.length;
  const E = employeeIds.length;
  const edges = edgeColumns(problem.edges);
  const raw = readEdges(edges, demandIndex, employeeIndex, D);
  const order = bucketByDemand(raw, D);
  const start = mergeDuplicates(edges, raw, order, D, E);
  const adjacency = sortCandidates(raw, order, start, E);
  const positions = new Int32Array(D);
  for (let d = 0; d < D; d++) positions[d] = demands[d].positions;
  return {
    demandCount: D,
    employeeCount: E,
    demandIds: demands.map((d) => d.id),
    employeeIds,
    positions,
    start,
    ...adjacency,
  };
}

function sortDemands(problem: AssignmentInput): AssignmentInput['demands'] {
  for (const d of problem.demands) {
    if (!Number.isInteger(d.positions) || d.positions < 0) {
      throw new AssignmentInputError(`demand ${d.id}: positions must be a non-negative integer`);
    }
    if (!Number.isFinite(d.rank)) {
      throw new AssignmentInputError(`demand ${d.id}: rank must be a finite number`);
    }
  }
  return [...problem.demands].sort((a, b) => a.rank - b.rank || compareIds(a.id, b.id));
}

function indexIds(ids: readonly string[], kind: string): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new AssignmentInputError(`duplicate ${kind} id ${id}`);
    index.set(id, i);
  });
  return index;
}

interface RawEdges {
  demand: Int32Array;
  employee: Int32Array;
  score: Int32Array;
  /** Input edges per demand, as prefix offsets (length D + 1). */
  bucketStart: Int32Array;
}

function readEdges(
  edges: EdgeColumns,
  demandIndex: Map<string, number>,
  employeeIndex: Map<string, number>,
  D: number,
): RawEdges {
  const m = edges.length;
  const demand = new Int32Array(m);
  const employee = new Int32Array(m);
  const score = new Int32Array(m);
  const bucketStart = new Int32Array(D + 1);
  // Callers usually list a demand's edges together; skipping the repeated lookup saves a lot.
  let lastDemandId: string | undefined;
  let lastDemand = -1;
  for (let i = 0; i < m; i++) {
    const demandId = edges.demandId(i);
    if (demandId !== lastDemandId) {
      const d = demandIndex.get(demandId);
      if (d === undefined) throw new AssignmentInputError(`edge to unknown demand ${demandId}`);
      lastDemandId = demandId;
      lastDemand = d;
    }
    const employeeId = edges.employeeId(i);
    const e = employeeIndex.get(employeeId);
    if (e === undefined) {
      throw new AssignmentInputError(`edge to unknown employee ${employeeId}`);
    }
    const s = edges.score(i);
    // Written as a negated range test so that NaN is rejected too.
    if (!(s >= 0 && s <= 1)) {
      throw new AssignmentInputError(`edge ${demandId}/${employeeId}: score ${s}`);
    }
    demand[i] = lastDemand;
    employee[i] = e;
    score[i] = Math.round(s * SCORE_SCALE);
    bucketStart[lastDemand + 1]++;
  }
  for (let d = 0; d < D; d++) bucketStart[d + 1] += bucketStart[d];
  return { demand, employee, score, bucketStart };
}

/** Counting sort of the input edges by demand; returns edge indices. */
function bucketByDemand(raw: RawEdges, D: number): Int32Array {
  const order = new Int32Array(raw.demand.length);
  const cursor = raw.bucketStart.slice(0, D);
  for (let i = 0; i < order.length; i++) order[cursor[raw.demand[i]]++] = i;
  return order;
}

/**
 * Merges duplicate pairs in place in `order` (the compacted prefix never overtakes the read
 * position) and returns the CSR offsets of the merged buckets.
 */
function mergeDuplicates(
  edges: EdgeColumns,
  raw: RawEdges,
  order: Int32Array,
  D: number,
  E: number,
): Int32Array {
  const { bucketStart, employee } = raw;
  const start = new Int32Array(D + 1);
  const seenBy = new Int32Array(E).fill(-1);
  const seenAt = new Int32Array(E);
  let w = 0;
  for (let d = 0; d < D; d++) {
    for (let j = bucketStart[d]; j < bucketStart[d + 1]; j++) {
      const i = order[j];
      const e = employee[i];
      if (seenBy[e] === d) {
        const kept = order[seenAt[e]];
        // Keep the highest original score so the reported score does not depend on input order.
        if (edges.score(i) > edges.score(kept)) order[seenAt[e]] = i;
      } else {
        seenBy[e] = d;
        seenAt[e] = w;
        order[w++] = i;
      }
    }
    start[d + 1] = w;
  }
  return start;
}

/**
 * Sorts each demand's candidates by (score desc, employee asc) through packed float keys:
 * (SCALE - score) * 2^32 + employee stays below 2^53, so the keys are exact.
 */
function sortCandidates(
  raw: RawEdges,
  order: Int32Array,
  start: Int32Array,
  E: number,
): Pick<AssignmentGraph, 'adjEmployee' | 'adjScore' | 'adjSource'> {
  const D = start.length - 1;
  const w = start[D];
  let widest = 0;
  for (let d = 0; d < D; d++) widest = Math.max(widest, start[d + 1] - start[d]);
  const keys = new Float64Array(widest);
  const sourceOf = new Int32Array(E);
  const adjEmployee = new Int32Array(w);
  const adjScore = new Int32Array(w);
  // Each bucket of `order` is read into `keys` before being overwritten, so it can hold the
  // sorted sources in place, sparing a 4-byte-per-edge array on big inputs.
  const adjSource = order.subarray(0, w);
  for (let d = 0; d < D; d++) {
    const a = start[d];
    const n = start[d + 1] - a;
    for (let j = 0; j < n; j++) {
      const i = order[a + j];
      keys[j] = (SCORE_SCALE - raw.score[i]) * TWO_POW_32 + raw.employee[i];
      sourceOf[raw.employee[i]] = i;
    }
    if (n > 1) keys.subarray(0, n).sort();
    for (let j = 0; j < n; j++) {
      const high = Math.floor(keys[j] / TWO_POW_32);
      const e = keys[j] - high * TWO_POW_32;
      adjEmployee[a + j] = e;
      adjScore[a + j] = SCORE_SCALE - high;
      adjSource[a + j] = sourceOf[e];
    }
  }
  return { adjEmployee, adjScore, adjSource };
}
