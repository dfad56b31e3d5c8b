/** Matching weights from the pool terms. */
export interface MatchingWeights {
  skill: number;
  coverage: number;
  distance: number;
  rotation: number;
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
