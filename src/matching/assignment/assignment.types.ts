/** A demand to staff: `positions` employees wanted, `rank` 0 is the highest priority. */
export interface AssignmentDemand {
  id: string;
  /** Number of employees wanted (a non-negative integer). */
  positions: number;
  /** 0 = highest priority; unique ranks (equal ranks are ordered by id). */
  rank: number;
}

/** An employee who may be lent out, to at most one demand per run. */
export interface AssignmentEmployee {
  id: string;
}

/** A candidate pair; the same pair given twice keeps its highest score. */
export interface AssignmentEdge {
  demandId: string;
  employeeId: string;
  /** Match quality in [0, 1]; optimised at a resolution of {@link SCORE_RESOLUTION}. */
  score: number;
}

/**
 * Candidate pairs as columns, for runs too large to hold one object per pair: pair `i` is
 * (`demandId(i)`, `employeeId(i)`) with `score(i)`.
 */
export interface EdgeColumns {
  readonly length: number;
  demandId(i: number): string;
  employeeId(i: number): string;
  score(i: number): number;
}

export interface AssignmentProblem {
  demands: AssignmentDemand[];
  employees: AssignmentEmployee[];
  /** candidate pairs; score in [0, 1] */
  edges: AssignmentEdge[];
}

/** What the solver takes: a problem whose pairs may also be given as columns. */
export type AssignmentInput = Omit<AssignmentProblem, 'edges'> & {
  edges: readonly AssignmentEdge[] | EdgeColumns;
};

/** The pairs of a problem as columns, whichever way they were given. */
export function edgeColumns(edges: AssignmentInput['edges']): EdgeColumns {
  if (!Array.isArray(edges)) return edges as EdgeColumns;
  const list = edges as readonly AssignmentEdge[];
  return {
    length: list.length,
    demandId: (i) => list[i].demandId,
    employeeId: (i) => list[i].employeeId,
    score: (i) => list[i].score,
  };
}

export interface Assignment {
  demandId: string;
  employeeId: string;
  /** The candidate pair's score as given (not rounded). */
  score: number;
}

export interface AssignmentOptimality {
  /** EXACT: the total score is proven optimal for this filling; BOUNDED: stopped by the time limit. */
  status: 'EXACT' | 'BOUNDED';
  /** upper bound on total score for this filling (LP dual), equals totalScore when EXACT */
  bound: number;
  /** `bound - totalScore`, 0 when EXACT. */
  gap: number;
}

export interface AssignmentStats {
  /** Connected components of the candidate graph that hold at least one edge. */
  components: number;
  /** Distinct candidate pairs after merging duplicates. */
  edges: number;
  millis: number;
}

export interface AssignmentResult {
  /** sorted by demand rank then employee id */
  assignments: Assignment[];
  /** Every demand, in rank order, with the number of positions it got (0 included). */
  filledByDemand: Map<string, number>;
  positionsFilled: number;
  /**
   * Sum of the assigned scores at the solver's resolution ({@link SCORE_RESOLUTION}); it can differ
   * from summing `assignments[].score` by at most half the resolution per assignment.
   */
  totalScore: number;
  optimality: AssignmentOptimality;
  stats: AssignmentStats;
}

export interface AssignmentOptions {
  /**
   * Wall-clock budget for the whole call. Only the score optimisation (stage 3) honours it: the
   * filling (stages 1 and 2) is always computed exactly because it decides who gets staff at all.
   */
  timeLimitMs?: number;
}

export interface UnfilledExplanation {
  demandId: string;
  unfilled: number;
  /** Distinct candidates of this demand assigned to a demand of higher priority (lower rank). */
  candidatesTakenByHigherPriority: number;
  /** Distinct candidates of this demand. */
  candidatesTotal: number;
}

/**
 * Scores are optimised as integers `round(score * SCORE_SCALE)`: integer arithmetic keeps the
 * optimum exact and tie-breaking reproducible, at the price of treating scores closer than
 * 1e-6 as equal.
 */
export const SCORE_SCALE = 1_000_000;
export const SCORE_RESOLUTION = 1 / SCORE_SCALE;

/** Thrown when the problem is malformed (unknown ids, bad scores or positions, duplicate ids). */
export class AssignmentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssignmentInputError';
  }
}
