import { AssignmentGraph, emptyMatching, Matching } from './assignment.graph';
import { NodeHeap } from './assignment.heap';

/**
 * Stage 3: maximum-score assignment with fixed per-demand counts, as a min-cost flow solved by
 * successive shortest paths (Dijkstra on reduced costs, Johnson potentials).
 *
 * Nodes are demands 0..D-1 and employees D..D+E-1; an arc demand -> employee costs -score (the
 * quantised integer), a matched employee has the single residual arc back to its demand. Reduced
 * costs `cost + pi[from] - pi[to]` stay non-negative, free employees keep pi = 0 and matched ones
 * pi <= 0, so `v[e] = -pi[e]` are valid employee duals for the LP bound at any time. All values
 * are integers below 2^53, so Float64Array arithmetic is exact.
 */
export class MinCostAssigner {
  readonly matching: Matching;
  private readonly pi: Float64Array;
  private readonly dist: Float64Array;
  private readonly reached: Int32Array;
  private readonly settled: Int32Array;
  /** Per employee node: the demand and slot it was reached through. */
  private readonly parentDemand: Int32Array;
  private readonly parentSlot: Int32Array;
  /** Per demand: the (matched) employee it was reached through. */
  private readonly parentEmployee: Int32Array;
  private readonly settledList: Int32Array;
  /** Per demand: candidates before this slot are all matched (employees never become free). */
  private readonly freeCursor: Int32Array;
  private readonly heap = new NodeHeap();
  private stamp = 0;

  constructor(private readonly graph: AssignmentGraph) {
    const D = graph.demandCount;
    const E = graph.employeeCount;
    this.matching = emptyMatching(graph);
    this.pi = new Float64Array(D + E);
    // The best score of each demand makes every initial reduced cost non-negative.
    for (let d = 0; d < D; d++) {
      if (graph.start[d + 1] > graph.start[d]) this.pi[d] = graph.adjScore[graph.start[d]];
    }
    this.dist = new Float64Array(D + E);
    this.reached = new Int32Array(D + E);
    this.settled = new Int32Array(D + E);
    this.parentDemand = new Int32Array(E);
    this.parentSlot = new Int32Array(E);
    this.parentEmployee = new Int32Array(D);
    this.settledList = new Int32Array(D + E);
    this.freeCursor = graph.start.slice(0, D);
  }

  /** Employee duals v[e] = -pi[e] >= 0 of the current potentials. */
  employeeDuals(): Float64Array {
    const D = this.graph.demandCount;
    const v = new Float64Array(this.graph.employeeCount);
    for (let e = 0; e < v.length; e++) v[e] = Math.max(0, -this.pi[D + e]);
    return v;
  }

  /**
   * Gives `source` one more employee along a cheapest augmenting path, keeping the matching
   * optimal for its current counts. Returns false when no augmenting path exists.
   */
  augment(source: number): boolean {
    const { demandCount: D, start, adjEmployee, adjScore } = this.graph;
    const { mate, mateSlot } = this.matching;
    const { pi, dist, reached, settled, parentDemand, parentSlot, parentEmployee, heap } = this;
    const settledList = this.settledList;
    const stamp = ++this.stamp;
    let settledCount = 0;
    // Cheapest tentative distance to a free employee: nothing at or beyond it can improve the
    // path, so it is never pushed (this also ends the search as soon as the heap empties below it).
    let bound = Infinity;
    let target = -1;
    heap.clear();
    dist[source] = 0;
    reached[source] = stamp;
    heap.push(0, source);
    bound = this.relaxBestFree(source, 0, bound, stamp);
    while (heap.size > 0) {
      const key = heap.peekKey();
      const v = heap.pop();
      if (settled[v] === stamp || key > dist[v]) continue;
      settled[v] = stamp;
      settledList[settledCount++] = v;
      if (v >= D) {
        const e = v - D;
        const owner = mate[e];
        if (owner < 0) {
          target = e;
          break;
        }
        if (settled[owner] === stamp) continue;
        const nd = key + adjScore[mateSlot[e]] - pi[owner] + pi[v];
        if (nd >= bound) continue;
        if (reached[owner] !== stamp || nd < dist[owner]) {
          reached[owner] = stamp;
          dist[owner] = nd;
          parentEmployee[owner] = e;
          heap.push(nd, owner);
          bound = this.relaxBestFree(owner, nd, bound, stamp);
        }
      } else {
        const base = key + pi[v];
        for (let k = start[v]; k < start[v + 1]; k++) {
          // Candidates come by decreasing score and pi[w] <= 0, so base - score bounds the rest
          // from below: once it reaches the best free employee's distance, none can help.
          if (base - adjScore[k] >= bound) break;
          const e = adjEmployee[k];
          if (mate[e] === v) continue;
          const w = D + e;
          if (settled[w] === stamp) continue;
          const nd = base - adjScore[k] - pi[w];
          if (nd >= bound) continue;
          if (reached[w] !== stamp || nd < dist[w]) {
            reached[w] = stamp;
            dist[w] = nd;
            parentDemand[e] = v;
            parentSlot[e] = k;
            heap.push(nd, w);
            if (mate[e] < 0) bound = nd;
          }
        }
      }
    }
    if (target < 0) return false;

    // pi += dist - dist(target) on settled nodes keeps reduced costs non-negative and leaves free
    // employees (settled only at dist(target)) at pi = 0.
    const total = dist[D + target];
    for (let i = 0; i < settledCount; i++) {
      const v = settledList[i];
      pi[v] += dist[v] - total;
    }
    let e = target;
    for (;;) {
      const d = parentDemand[e];
      mate[e] = d;
      mateSlot[e] = parentSlot[e];
      if (d === source) break;
      e = parentEmployee[d];
    }
    this.matching.filled[source]++;
    return true;
  }

  /**
   * Relaxes the arc from demand d (at tentative distance dd) to its best free candidate and
   * returns the new bound. Free employees all have pi = 0, so the best-scoring free candidate is
   * also the closest one; relaxing it as soon as d is reached, rather than when d is settled,
   * tightens the bound early and prunes most of the search. An early relaxation from a tentative
   * label is still a real path length, and d (smaller key, or equal key and smaller node id)
   * settles before that employee can, so parents and potentials stay consistent.
   */
  private relaxBestFree(d: number, dd: number, bound: number, stamp: number): number {
    const { demandCount: D, start, adjEmployee, adjScore } = this.graph;
    const { mate } = this.matching;
    const end = start[d + 1];
    let k = this.freeCursor[d];
    while (k < end && mate[adjEmployee[k]] >= 0) k++;
    this.freeCursor[d] = k;
    if (k === end) return bound;
    const nd = dd + this.pi[d] - adjScore[k];
    if (nd >= bound) return bound;
    const e = adjEmployee[k];
    const w = D + e;
    if (this.reached[w] === stamp && this.dist[w] <= nd) return bound;
    this.reached[w] = stamp;
    this.dist[w] = nd;
    this.parentDemand[e] = d;
    this.parentSlot[e] = k;
    this.heap.push(nd, w);
    return nd;
  }
}
