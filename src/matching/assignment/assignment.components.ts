import { AssignmentGraph } from './assignment.graph';

/** Connected components of the candidate graph, numbered by their highest-priority demand. */
export interface Components {
  readonly count: number;
  /** Component of each demand, -1 for a demand without candidates. */
  readonly ofDemand: Int32Array;
  /** Component of each employee, -1 for an employee without candidates. */
  readonly ofEmployee: Int32Array;
  /** Demands of component c, in priority order: members[memberStart[c] .. memberStart[c + 1]). */
  readonly memberStart: Int32Array;
  readonly members: Int32Array;
}

/**
 * Splits the bipartite candidate graph into connected components with an iterative union-find
 * (path halving, union by size), so that deep graphs cannot overflow the stack.
 */
export function findComponents(graph: AssignmentGraph): Components {
  const { demandCount: D, employeeCount: E, start, adjEmployee } = graph;
  const parent = new Int32Array(D + E);
  const size = new Int32Array(D + E).fill(1);
  for (let v = 0; v < D + E; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let d = 0; d < D; d++) {
    for (let k = start[d]; k < start[d + 1]; k++) {
      let a = find(d);
      let b = find(D + adjEmployee[k]);
      if (a === b) continue;
      if (size[a] < size[b]) [a, b] = [b, a];
      parent[b] = a;
      size[a] += size[b];
    }
  }

  const idOfRoot = new Int32Array(D + E).fill(-1);
  const ofDemand = new Int32Array(D).fill(-1);
  let count = 0;
  for (let d = 0; d < D; d++) {
    if (start[d + 1] === start[d]) continue;
    const r = find(d);
    if (idOfRoot[r] < 0) idOfRoot[r] = count++;
    ofDemand[d] = idOfRoot[r];
  }
  const ofEmployee = new Int32Array(E);
  for (let e = 0; e < E; e++) ofEmployee[e] = idOfRoot[find(D + e)];

  const memberStart = new Int32Array(count + 1);
  for (let d = 0; d < D; d++) if (ofDemand[d] >= 0) memberStart[ofDemand[d] + 1]++;
  for (let c = 0; c < count; c++) memberStart[c + 1] += memberStart[c];
  const members = new Int32Array(memberStart[count]);
  const cursor = memberStart.slice(0, count);
  for (let d = 0; d < D; d++) if (ofDemand[d] >= 0) members[cursor[ofDemand[d]]++] = d;
  return { count, ofDemand, ofEmployee, memberStart, members };
}
