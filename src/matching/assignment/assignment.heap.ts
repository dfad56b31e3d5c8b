/**
 * Binary min-heap of (key, node) pairs on typed arrays, ordered by key then node so that pops are
 * reproducible. Stale entries are left in place (lazy deletion); callers skip them on pop.
 */
export class NodeHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  private length = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }

  /** Key of the minimum; only valid when the heap is not empty. */
  peekKey(): number {
    return this.keys[0];
  }

  push(key: number, node: number): void {
    if (this.length === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (pk < key || (pk === key && nodes[p] < node)) break;
      keys[i] = pk;
      nodes[i] = nodes[p];
      i = p;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Removes the minimum and returns its node; read its key with peekKey() first. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const n = --this.length;
    if (n === 0) return top;
    const key = keys[n];
    const node = nodes[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (keys[r] < keys[c] || (keys[r] === keys[c] && nodes[r] < nodes[c]))) c = r;
      if (key < keys[c] || (key === keys[c] && node < nodes[c])) break;
      keys[i] = keys[c];
      nodes[i] = nodes[c];
      i = c;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
