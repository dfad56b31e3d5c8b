/** Matching weights from the pool terms. */
export interface MatchingWeights {
  skill: number;
  coverage: number;
  distance: number;
  rotation: number;
}

/** The matching weights of a version of the pool terms. */
export function weightsOf(terms: {
  weightSkill: number;
  weightCoverage: number;
  weightDistance: number;
  weightRotation: number;
}): MatchingWeights {
  return {
    skill: terms.weightSkill,
    coverage: terms.weightCoverage,
    distance: terms.weightDistance,
    rotation: terms.weightRotation,
  };
}

/** What the candidate search measured for one (demand, employee) pair. */
export interface CandidateFigures {
  /** Skill fit in [0, 1]: minimum met (0.5) plus levels above it; nice-to-haves held. */
  skillFit: number;
  /** Share of the requested half-day hours the employee is available for, (0, 1]. */
  coverage: number;
  distanceKm: number;
  /** The travel limit that applied: min(demand, terms); the employee's own limit was already checked. */
  travelCapKm: number;
  /** 1 for the colleague lent out least in the last 12 months, 0 for the most; null when none was lent. */
  rotation: number | null;
}

/** The score and its parts, each in [0, 1]. */
export interface ScoredCandidate {
  score: number;
  breakdown: MatchingWeights;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Combines the parts with the pool's weights: a weighted mean, so the score stays in [0, 1].
 * Rounded to 6 decimals so the same data always gives the same score (and the same proposals).
 */
export function scoreCandidate(
  figures: CandidateFigures,
  weights: MatchingWeights,
): ScoredCandidate {
  const breakdown: MatchingWeights = {
    skill: round6(clamp01(figures.skillFit)),
    coverage: round6(clamp01(figures.coverage)),
    distance: round6(
      figures.travelCapKm > 0 ? clamp01(1 - figures.distanceKm / figures.travelCapKm) : 1,
    ),
    rotation: round6(clamp01(figures.rotation ?? 1)),
  };
  const total = weights.skill + weights.coverage + weights.distance + weights.rotation;
  const score =
    total > 0
      ? (weights.skill * breakdown.skill +
          weights.coverage * breakdown.coverage +
          weights.distance * breakdown.distance +
          weights.rotation * breakdown.rotation) /
        total
      : 0;
  return { score: round6(score), breakdown };
}

/**
 * A page of suggestions: the rows scored ({@link scoreCandidate}), best first, ties by employee
 * id (the same order on every machine), the first `first` of them.
 */
export function rankCandidates<T extends CandidateFigures & { employeeId: string }>(
  rows: readonly T[],
  weights: MatchingWeights,
  first: number,
): (ScoredCandidate & { row: T })[] {
  return rows
    .map((row) => ({ row, ...scoreCandidate(row, weights) }))
    .sort((a, b) => b.score - a.score || a.row.employeeId.localeCompare(b.row.employeeId))
    .slice(0, first);
}

/** SQL text of a float8 value. */
export type SqlFloat = string;

/**
 * How far {@link scoreCandidate}'s score may lie from {@link rankingSql}'s, with margin: its
 * rounding of each part and of the mean to 6 decimals moves it by at most 0.5e-6 each (the mean of
 * the parts' errors is no larger than the largest, the weights being non-negative: the pool terms'
 * CHECK), so by at most 1e-6, and the float operations by ~1e-15.
 */
export const RANKING_TOLERANCE = 1.5e-6;

/**
 * {@link scoreCandidate}'s score before rounding, as a SQL expression, for ranking a demand's
 * candidates in the database and sending only the best (suggestions). Read the best `first` by it,
 * and also every candidate within 2 × {@link RANKING_TOLERANCE} of the last of them: then the best
 * `first` by `scoreCandidate` are among the rows read (a row further below is beaten by `first`
 * rows whatever the rounding does), and node scores those few exactly ({@link rankCandidates}). `figures` are float8
 * expressions (`rotation` may be null), `weights` float8 ones (bind parameters).
 */
export function rankingSql(
  figures: Record<keyof CandidateFigures, SqlFloat>,
  weights: Record<keyof MatchingWeights, SqlFloat>,
): SqlFloat {
  const f = figures;
  const w = weights;
  const clamp01 = (x: SqlFloat) => `LEAST(1::float8, GREATEST(0::float8, ${x}))`;
  const distance = `CASE WHEN ${f.travelCapKm} > 0
      THEN ${clamp01(`1::float8 - ${f.distanceKm} / ${f.travelCapKm}`)} ELSE 1::float8 END`;
  // Without any weight (which the terms' CHECK forbids) every score is 0, as in scoreCandidate.
  return `COALESCE((${w.skill} * ${clamp01(f.skillFit)} + ${w.coverage} * ${clamp01(f.coverage)}
      + ${w.distance} * ${distance} + ${w.rotation} * ${clamp01(`COALESCE(${f.rotation}, 1::float8)`)})
    / NULLIF(${w.skill} + ${w.coverage} + ${w.distance} + ${w.rotation}, 0), 0::float8)`;
}

/** What decides which demand is helped first. */
export interface DemandPriorityFacts {
  id: string;
  /** Hours the borrower lent minus hours it borrowed in this pool over the last 12 months. */
  balanceHours: number;
  /** First day of the demand, `YYYY-MM-DD`. */
  startDate: string;
  postedAt: Date;
}

/**
 * Priority order: reciprocity first (firms that lend more than they borrow are helped first),
 * then urgency (earliest start), then posting time, then id so the order is total.
 */
export function comparePriority(a: DemandPriorityFacts, b: DemandPriorityFacts): number {
  return (
    b.balanceHours - a.balanceHours ||
    a.startDate.localeCompare(b.startDate) ||
    a.postedAt.getTime() - b.postedAt.getTime() ||
    a.id.localeCompare(b.id)
  );
}
