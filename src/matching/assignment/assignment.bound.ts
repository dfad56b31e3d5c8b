import { AssignmentGraph } from './assignment.graph';

/**
 * Upper bound on the quantised score of any assignment giving demand d exactly `counts[d]`
 * employees, from employee duals `v >= 0` (a Lagrangian relaxation of "each employee at most
 * once"). It is the LP dual value with the best demand duals for this v:
 *
 *   sum_e v[e] + sum_d (sum of the counts[d] largest values of score(d, e) - v[e]).
 *
 * Any v >= 0 gives a valid bound; the stage-3 potentials at optimality make it tight.
 */
export function lagrangianBound(
  graph: AssignmentGraph,
  counts: Int32Array,
  v: Float64Array,
): number {
  const { start, adjEmployee, adjScore } = graph;
  let bound = 0;
  for (let e = 0; e < v.length; e++) bound += v[e];
  let scratch = new Float64Array(16);
  for (let d = 0; d < graph.demandCount; d++) {
    const k = counts[d];
    if (k === 0) continue;
    const a = start[d];
    const b = start[d + 1];
    if (k === 1) {
      let best = -Infinity;
      for (let j = a; j < b; j++) best = Math.max(best, adjScore[j] - v[adjEmployee[j]]);
      bound += best;
      continue;
    }
    if (scratch.length < b - a) scratch = new Float64Array(b - a);
    for (let j = a; j < b; j++) scratch[j - a] = adjScore[j] - v[adjEmployee[j]];
    const values = scratch.subarray(0, b - a).sort();
    for (let i = Math.max(0, values.length - k); i < values.length; i++) bound += values[i];
  }
  return bound;
}
