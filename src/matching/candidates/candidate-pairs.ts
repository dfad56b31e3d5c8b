import { EdgeColumns } from '../assignment/assignment.types';
import { MatchingWeights, scoreCandidate } from '../scoring';
import { CandidateRow } from './candidate-search';

/** What a run keeps of one candidate pair for its proposal, besides the pair itself. */
export interface PairFigures {
  companyId: string;
  rateCents: number;
  score: number;
  breakdown: MatchingWeights;
  /** Rounded to 6 decimals. */
  coverage: number;
  /** Rounded to 2 decimals. */
  distanceKm: number;
}

const COLUMNS = [
  'demand',
  'employee',
  'score',
  'skill',
  'coverage',
  'distance',
  'rotation',
] as const;
const EXTRA = ['distanceCentiKm', 'rateCents'] as const;
type Column = (typeof COLUMNS)[number] | (typeof EXTRA)[number];

/**
 * The scored candidate pairs of a batch run, as columns of integers: a national run has millions
 * of pairs, and one object per pair (with its own copies of three uuids) did not fit in memory.
 * Ids are stored once (an index per demand and per employee; the company per employee), scores
 * and their parts in millionths (they are rounded to 6 decimals, so nothing is lost), distances
 * in hundredths of a km. Pairs are added a chunk at a time as the search returns them, then
 * `seal`ed; it is then the solver's edge list ({@link EdgeColumns}).
 */
export class CandidatePairs implements EdgeColumns {
  private readonly demandIds: string[] = [];
  private readonly demandIndex = new Map<string, number>();
  private readonly employeeIdList: string[] = [];
  private readonly employeeIndex = new Map<string, number>();
  private readonly companyOfEmployee: string[] = [];
  private blocks: Record<Column, Int32Array>[] = [];
  private columns: Record<Column, Int32Array> | undefined;
  /** Each demand's pairs are contiguous (a demand belongs to one chunk, sorted by demand). */
  private readonly demandRange = new Map<number, [number, number]>();
  private count = 0;

  constructor(private readonly weights: MatchingWeights) {}

  /** Adds one chunk of the search's rows (all rows of each of its demands, sorted by demand). */
  add(rows: readonly CandidateRow[]): void {
    if (this.columns) throw new Error('CandidatePairs: add after seal');
    const block = Object.fromEntries(
      [...COLUMNS, ...EXTRA].map((c) => [c, new Int32Array(rows.length)]),
    ) as Record<Column, Int32Array>;
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j];
      const { score, breakdown } = scoreCandidate(row, this.weights);
      const d = this.intern(row.demandId, this.demandIds, this.demandIndex);
      const e = this.intern(row.employeeId, this.employeeIdList, this.employeeIndex);
      this.companyOfEmployee[e] ??= row.companyId;
      const at = this.count + j;
      const range = this.demandRange.get(d);
      this.demandRange.set(d, range ? [range[0], at + 1] : [at, at + 1]);
      block.demand[j] = d;
      block.employee[j] = e;
      block.score[j] = Math.round(score * 1e6);
      block.skill[j] = Math.round(breakdown.skill * 1e6);
      block.coverage[j] = Math.round(breakdown.coverage * 1e6);
      block.distance[j] = Math.round(breakdown.distance * 1e6);
      block.rotation[j] = Math.round(breakdown.rotation * 1e6);
      block.distanceCentiKm[j] = Math.round(row.distanceKm * 100);
      block.rateCents[j] = row.rateCents;
    }
    this.blocks.push(block);
    this.count += rows.length;
  }

  /** Ends the adding: the chunks become one column each. */
  seal(): this {
    const columns = {} as Record<Column, Int32Array>;
    for (const c of [...COLUMNS, ...EXTRA]) {
      const all = new Int32Array(this.count);
      let at = 0;
      for (const block of this.blocks) {
        all.set(block[c], at);
        at += block[c].length;
      }
      columns[c] = all;
    }
    this.columns = columns;
    this.blocks = [];
    return this;
  }

  get length(): number {
    return this.count;
  }

  demandId(i: number): string {
    return this.demandIds[this.sealed().demand[i]];
  }

  employeeId(i: number): string {
    return this.employeeIdList[this.sealed().employee[i]];
  }

  score(i: number): number {
    return this.sealed().score[i] / 1e6;
  }

  /** Every employee with at least one pair. */
  employeeIds(): readonly string[] {
    return this.employeeIdList;
  }

  /** Pairs per demand (demands without any are absent). */
  countByDemand(): Map<string, number> {
    return new Map(
      [...this.demandRange].map(([d, [from, to]]) => [this.demandIds[d], to - from] as const),
    );
  }

  /** The figures of the pair (demand, employee); undefined when it is not a candidate pair. */
  figures(demandId: string, employeeId: string): PairFigures | undefined {
    const c = this.sealed();
    const d = this.demandIndex.get(demandId);
    const e = this.employeeIndex.get(employeeId);
    const range = d === undefined ? undefined : this.demandRange.get(d);
    if (e === undefined || !range) return undefined;
    for (let i = range[0]; i < range[1]; i++) {
      if (c.employee[i] !== e) continue;
      return {
        companyId: this.companyOfEmployee[e],
        rateCents: c.rateCents[i],
        score: c.score[i] / 1e6,
        breakdown: {
          skill: c.skill[i] / 1e6,
          coverage: c.coverage[i] / 1e6,
          distance: c.distance[i] / 1e6,
          rotation: c.rotation[i] / 1e6,
        },
        coverage: c.coverage[i] / 1e6,
        distanceKm: c.distanceCentiKm[i] / 100,
      };
    }
    return undefined;
  }

  private sealed(): Record<Column, Int32Array> {
    if (!this.columns) throw new Error('CandidatePairs: read before seal');
    return this.columns;
  }

  private intern(id: string, list: string[], index: Map<string, number>): number {
    let i = index.get(id);
    if (i === undefined) {
      i = list.length;
      list.push(id);
      index.set(id, i);
    }
    return i;
  }
}
