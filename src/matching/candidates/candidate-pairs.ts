import { EdgeColumns } from '../assignment/assignment.types';
import { CandidateFigures, MatchingWeights, scoreCandidate } from '../scoring';
import { CandidateRow } from './candidate-search';

/** Characters of a uuid as PostgreSQL writes it. */
const UUID_LENGTH = 36;

/**
 * One demand's candidate pairs packed into one string by PACKED_CANDIDATES_SQL: per pair,
 * `employee,company,rate,coverage,distance,skill fit,rotation` (rotation empty when null), pairs
 * separated by `;`, sorted by employee.
 */
export interface PackedDemandPairs {
  demandId: string;
  travelCapKm: number;
  pairs: string;
}

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
    const block = this.newBlock(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j];
      const d = this.intern(row.demandId, this.demandIds, this.demandIndex);
      const e = this.intern(row.employeeId, this.employeeIdList, this.employeeIndex);
      this.companyOfEmployee[e] ??= row.companyId;
      this.put(block, j, d, e, row, row.rateCents);
    }
    this.blocks.push(block);
    this.count += rows.length;
  }

  /**
   * Adds one chunk of demands as {@link PACKED_CANDIDATES_SQL} returns them: each demand's pairs
   * in one string, read here without a row object or a string per figure (a national run has
   * 8 M pairs). The same pairs, in the same order, as {@link add} with the unpacked rows.
   */
  addPacked(demands: readonly PackedDemandPairs[]): void {
    let n = 0;
    for (const { pairs } of demands) {
      if (pairs.length === 0) continue;
      n++;
      for (let at = pairs.indexOf(';'); at >= 0; at = pairs.indexOf(';', at + 1)) n++;
    }
    const block = this.newBlock(n);
    // One figures object, refilled per pair: scoring reads it and keeps nothing of it.
    const figures = {
      skillFit: 0,
      coverage: 0,
      distanceKm: 0,
      travelCapKm: 0,
      rotation: 0 as number | null,
    };
    let j = 0;
    for (const { demandId, travelCapKm, pairs: s } of demands) {
      if (s.length === 0) continue;
      const d = this.intern(demandId, this.demandIds, this.demandIndex);
      figures.travelCapKm = travelCapKm;
      let p = 0;
      /** The text up to the next comma, which every figure but the last is followed by. */
      const field = () => {
        const at = s.indexOf(',', p);
        if (at < 0) throw new Error(`CandidatePairs: malformed pairs of demand ${demandId}`);
        const value = s.slice(p, at);
        p = at + 1;
        return value;
      };
      while (p < s.length) {
        const employeeId = s.slice(p, p + UUID_LENGTH);
        const company = p + UUID_LENGTH + 1;
        p = company + UUID_LENGTH + 1;
        const e = this.intern(employeeId, this.employeeIdList, this.employeeIndex);
        this.companyOfEmployee[e] ??= s.slice(company, company + UUID_LENGTH);
        const rateCents = Number(field());
        figures.coverage = Number(field());
        figures.distanceKm = Number(field());
        figures.skillFit = Number(field());
        let end = s.indexOf(';', p);
        if (end < 0) end = s.length;
        figures.rotation = end === p ? null : Number(s.slice(p, end));
        p = end + 1;
        if (!Number.isFinite(rateCents + figures.coverage + figures.distanceKm + figures.skillFit))
          throw new Error(`CandidatePairs: malformed pairs of demand ${demandId}`);
        this.put(block, j++, d, e, figures, rateCents);
      }
    }
    this.blocks.push(block);
    this.count += n;
  }

  private newBlock(length: number): Record<Column, Int32Array> {
    if (this.columns) throw new Error('CandidatePairs: add after seal');
    return Object.fromEntries(
      [...COLUMNS, ...EXTRA].map((c) => [c, new Int32Array(length)]),
    ) as Record<Column, Int32Array>;
  }

  /** Scores pair `j` of the block (demand `d`, employee `e`) and stores it. */
  private put(
    block: Record<Column, Int32Array>,
    j: number,
    d: number,
    e: number,
    figures: CandidateFigures,
    rateCents: number,
  ): void {
    const { score, breakdown } = scoreCandidate(figures, this.weights);
    const at = this.count + j;
    const range = this.demandRange.get(d);
    if (range) range[1] = at + 1;
    else this.demandRange.set(d, [at, at + 1]);
    block.demand[j] = d;
    block.employee[j] = e;
    block.score[j] = Math.round(score * 1e6);
    block.skill[j] = Math.round(breakdown.skill * 1e6);
    block.coverage[j] = Math.round(breakdown.coverage * 1e6);
    block.distance[j] = Math.round(breakdown.distance * 1e6);
    block.rotation[j] = Math.round(breakdown.rotation * 1e6);
    block.distanceCentiKm[j] = Math.round(figures.distanceKm * 100);
    block.rateCents[j] = rateCents;
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
