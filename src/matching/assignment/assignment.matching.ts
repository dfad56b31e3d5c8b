import { AssignmentGraph, emptyMatching, Matching } from './assignment.graph';

/**
 * Breadth-first augmenting-path search on a b-matching, ignoring scores. Stamps instead of
 * clearing keep one search proportional to what it visits.
 */
export class AugmentingPathSearch {
  private stamp = 0;
  private readonly demandSeen: Int32Array;
  private readonly employeeSeen: Int32Array;
  /** Demand an employee was reached from, and through which slot. */
  private readonly parentDemand: Int32Array;
  private readonly parentSlot: Int32Array;
  /** Employee (currently matched to it) through which a demand was reached. */
  private readonly parentEmployee: Int32Array;
  private readonly queue: Int32Array;
  /**
   * Demands proven unable to reach a free employee. A failed search from d visits a closed set:
   * every candidate of its demands is matched inside the set. Augmentations elsewhere never free
   * an employee, so the set stays closed and later searches may skip it for good; this bounds the
   * total cost of failed searches by one pass over the graph.
   */
  private readonly dead: Uint8Array;
  /** Per demand: candidates before this slot are all matched. */
  private readonly freeCursor: Int32Array;

  constructor(
    private readonly graph: AssignmentGraph,
    private readonly matching: Matching,
  ) {
    const D = graph.demandCount;
    const E = graph.employeeCount;
    this.demandSeen = new Int32Array(D);
    this.employeeSeen = new Int32Array(E);
    this.parentDemand = new Int32Array(E);
    this.parentSlot = new Int32Array(E);
    this.parentEmployee = new Int32Array(D);
    this.queue = new Int32Array(D);
    this.dead = new Uint8Array(D);
    this.freeCursor = graph.start.slice(0, D);
  }

  /** Adds one employee to `source` along an augmenting path; false when none exists. */
  augment(source: number): boolean {
    const { start, adjEmployee } = this.graph;
    const { mate } = this.matching;
    const { demandSeen, employeeSeen, parentDemand, parentSlot, parentEmployee, queue, dead } =
      this;
    if (dead[source]) return false;
    // The best free candidate first: exactly what greedy would take.
    const direct = this.firstFree(source);
    if (direct >= 0) {
      this.take(source, direct);
      this.matching.filled[source]++;
      return true;
    }
    const stamp = ++this.stamp;
    let head = 0;
    let tail = 0;
    queue[tail++] = source;
    demandSeen[source] = stamp;
    while (head < tail) {
      const d = queue[head++];
      // Every candidate of a queued demand is matched (its free scan came up empty).
      for (let k = start[d]; k < start[d + 1]; k++) {
        const e = adjEmployee[k];
        const owner = mate[e];
        if (owner === d || employeeSeen[e] === stamp) continue;
        if (dead[owner] || demandSeen[owner] === stamp) continue;
        employeeSeen[e] = stamp;
        parentDemand[e] = d;
        parentSlot[e] = k;
        demandSeen[owner] = stamp;
        parentEmployee[owner] = e;
        // Looking ahead when a demand is discovered rather than when it is scanned finds the
        // path one BFS level earlier, which matters in saturated regions.
        const slot = this.firstFree(owner);
        if (slot >= 0) {
          this.take(owner, slot);
          this.flip(source, owner);
          return true;
        }
        queue[tail++] = owner;
      }
    }
    for (let i = 0; i < tail; i++) dead[queue[i]] = 1;
    return false;
  }

  /**
   * Slot of the best free candidate of d, or -1. Employees never become free again, so the scan
   * resumes where it stopped last time and costs one pass over the adjacency in total.
   */
  private firstFree(d: number): number {
    const end = this.graph.start[d + 1];
    const { adjEmployee } = this.graph;
    const { mate } = this.matching;
    let k = this.freeCursor[d];
    while (k < end && mate[adjEmployee[k]] >= 0) k++;
    this.freeCursor[d] = k;
    return k < end ? k : -1;
  }

  private take(d: number, slot: number): void {
    const e = this.graph.adjEmployee[slot];
    this.matching.mate[e] = d;
    this.matching.mateSlot[e] = slot;
  }

  /**
   * Shifts employees along the search tree from `end` (which just took a free employee) back to
   * `source`: every demand on the way keeps its count, `source` gains one.
   */
  private flip(source: number, end: number): void {
    const { mate, mateSlot, filled } = this.matching;
    let d = end;
    while (d !== source) {
      const e = this.parentEmployee[d];
      mate[e] = this.parentDemand[e];
      mateSlot[e] = this.parentSlot[e];
      d = this.parentDemand[e];
    }
    filled[source]++;
  }
}

/**
 * Stages 1 and 2: a maximum filling whose per-rank fill vector is lexicographically maximal.
 * Demand positions form a transversal matroid, so the matroid greedy (demands in priority order,
 * keep a position whenever an augmenting path exists) yields both. Augmenting paths never unmatch
 * a demand's positions, so earlier (higher-priority) counts are never reduced. Among free
 * candidates the best-scoring one is taken first, which makes this matching a decent fallback.
 */
export function priorityFilling(graph: AssignmentGraph): Matching {
  const matching = emptyMatching(graph);
  const search = new AugmentingPathSearch(graph, matching);
  for (let d = 0; d < graph.demandCount; d++) {
    for (let j = 0; j < graph.positions[d]; j++) {
      // A demand that fails once fails for good (its closed set stays closed).
      if (!search.augment(d)) break;
    }
  }
  return matching;
}

/** The baseline: demands in priority order, each takes its best-scoring free candidates. */
export function greedyMatching(graph: AssignmentGraph): Matching {
  const matching = emptyMatching(graph);
  const { mate, mateSlot, filled } = matching;
  const { start, adjEmployee, positions } = graph;
  for (let d = 0; d < graph.demandCount; d++) {
    for (let k = start[d]; k < start[d + 1] && filled[d] < positions[d]; k++) {
      const e = adjEmployee[k];
      if (mate[e] >= 0) continue;
      mate[e] = d;
      mateSlot[e] = k;
      filled[d]++;
    }
  }
  return matching;
}
