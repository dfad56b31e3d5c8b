import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared';
import { onSharedSnapshot } from '../../database/shared-snapshot';
import { UnfilledReason } from '../matching.enums';
import type { MatchingWeights } from '../scoring';
import type { PackedDemandPairs } from './candidate-pairs';
import {
  CANDIDATES_SQL,
  DIAGNOSE_SQL,
  ONE_DEMAND_CANDIDATES_SQL,
  ONE_DEMAND_BEST_CANDIDATES_SQL,
  ONE_DEMAND_CURRENT_BEST_CANDIDATES_SQL,
  PACKED_CANDIDATES_SQL,
  QUALIFIED_LENDERS_SQL,
  SKILLS_HELD_SQL,
} from './candidate.sql';

/** One eligible (demand, employee) pair as the candidate search returns it. */
export interface CandidateRow {
  demandId: string;
  employeeId: string;
  companyId: string;
  /** The employee's hourly cost price: the rate of a loan (no margin). */
  rateCents: number;
  coverage: number;
  distanceKm: number;
  travelCapKm: number;
  skillFit: number;
  rotation: number | null;
}

/** A requested skill an employee holds, and at which level. */
export interface SkillHeld {
  skillId: string;
  level: number;
}

/** Why a demand's open positions stayed open. */
export interface UnfilledDiagnosis {
  demandId: string;
  reason: UnfilledReason;
  skillId: string | null;
  candidatesConsidered: number;
}

interface DiagnosisRow {
  demandId: string;
  anyCapacity: boolean;
  members: number;
  skilled: number;
  covering: number;
  inRange: number;
  affordable: number;
  eligible: number;
  scarcestSkillId: string | null;
}

/** Demands per candidate query: bounded statements, and bounded memory per round trip. */
const CHUNK = 250;
/**
 * Connections a batch search spreads its chunks over (the targets are set for a 2-core database
 * server); they share the caller's snapshot, so the result is the same as on one connection.
 */
const SEARCH_CONNECTIONS = 2;

/**
 * At most {@link CHUNK} demands a chunk, and at least as many chunks as connections when there
 * are enough demands, so that a short list (the demands to diagnose) keeps both busy too.
 */
export function chunked<T>(items: readonly T[]): T[][] {
  const size = Math.max(1, Math.min(CHUNK, Math.ceil(items.length / SEARCH_CONNECTIONS)));
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Skill frequencies, to pick each demand's lead skill (the mandatory skill fewest employees
 * hold), which the search then reads through its index. Cached briefly: the choice only affects
 * speed, never the result.
 */
export class SkillFrequencies {
  private cache: { at: number; counts: Map<string, number> } | undefined;

  constructor(private readonly ttlMs = 60_000) {}

  async get(manager: EntityManager): Promise<Map<string, number>> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.counts;
    const rows: { skillId: string; n: number }[] = await manager.query(
      `SELECT skill_id AS "skillId", count(*)::int AS n FROM employee_skill GROUP BY skill_id`,
    );
    this.cache = { at: Date.now(), counts: new Map(rows.map((r) => [r.skillId, r.n])) };
    return this.cache.counts;
  }
}

/** The lead (scarcest mandatory) skill of each demand, or null for a demand without one. */
export async function leadSkills(
  manager: EntityManager,
  demandIds: readonly string[],
  frequencies: Map<string, number>,
): Promise<Map<string, string | null>> {
  return (await searchPlan(manager, demandIds, frequencies)).lead;
}

/**
 * Each demand's lead skill, and the demands in the order a batch searches them: by lead skill,
 * then by where the site is (a Z-order curve over a grid of about 10 km), so that the demands of
 * one chunk, and of the two chunks searched at once, read the same part of the search index
 * (a national index does not fit in the database's shared buffers; read in priority order,
 * every demand fetched its pages afresh). The order changes no result: the chunks' rows are
 * gathered in whatever order they arrive.
 */
export async function searchPlan(
  manager: EntityManager,
  demandIds: readonly string[],
  frequencies: Map<string, number>,
): Promise<{ lead: Map<string, string | null>; order: string[] }> {
  const rows: { demandId: string; skillIds: string[] | null; lat: number; lon: number }[] =
    await manager.query(
      `SELECT dr.id AS "demandId", dr.site_latitude::float8 AS lat, dr.site_longitude::float8 AS lon,
              array_agg(r.skill_id) FILTER (WHERE r.mandatory) AS "skillIds"
       FROM demand_request dr
       LEFT JOIN demand_skill_requirement r ON r.demand_id = dr.id
       WHERE dr.id = ANY($1::uuid[])
       GROUP BY dr.id`,
      [demandIds],
    );
  const lead = new Map<string, string | null>(demandIds.map((id) => [id, null]));
  const cell = new Map<string, number>();
  for (const row of rows) {
    let best: string | null = null;
    for (const skillId of row.skillIds ?? []) {
      const n = frequencies.get(skillId) ?? 0;
      const bestN = best ? (frequencies.get(best) ?? 0) : Infinity;
      if (!best || n < bestN || (n === bestN && skillId < best)) best = skillId;
    }
    lead.set(row.demandId, best);
    cell.set(row.demandId, zOrder(row.lat, row.lon));
  }
  // Plain code-unit order (ids are ASCII): the same on every machine, unlike a locale's.
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const order = [...demandIds].sort(
    (a, b) =>
      byText(lead.get(a) ?? '', lead.get(b) ?? '') ||
      (cell.get(a) ?? 0) - (cell.get(b) ?? 0) ||
      byText(a, b),
  );
  return { lead, order };
}

/** Position on a Z-order curve of the ~10 km grid cell holding (lat, lon). */
export function zOrder(lat: number, lon: number): number {
  const y = Math.min(0xffff, Math.max(0, Math.floor((lat + 90) * 10)));
  const x = Math.min(0xffff, Math.max(0, Math.floor((lon + 180) * 7)));
  let z = 0;
  for (let bit = 15; bit >= 0; bit--) z = z * 4 + ((y >> bit) & 1) * 2 + ((x >> bit) & 1);
  return z;
}

/**
 * Runs {@link CANDIDATES_SQL} (the chunk's demand ids, now) for each chunk of the demands and
 * hands each chunk's rows and the lead skills to `each`; inside a transaction that has not written
 * yet, the chunks run on several connections at once. Results in chunk order (the order of
 * {@link searchPlan}, not the order of `demandIds`).
 */
async function searchChunks<R, T>(
  manager: EntityManager,
  demandIds: readonly string[],
  now: Date,
  frequencies: Map<string, number>,
  sql: string,
  each: (
    rows: R[],
    lead: Map<string, string | null>,
    m: EntityManager,
    chunk: string[],
  ) => T | Promise<T>,
): Promise<T[]> {
  const plan = await searchPlan(manager, demandIds, frequencies);
  return onSharedSnapshot(
    manager,
    chunked(plan.order).map((chunk) => async (m: EntityManager) => {
      const rows = (await m.query(sql, [chunk, now])) as R[];
      return each(rows, plan.lead, m, chunk);
    }),
    SEARCH_CONNECTIONS,
  );
}

/**
 * Every eligible candidate of the given demands (DESIGN.md "Matching", point 1), from their
 * pairs in `candidate_pair`, which the caller has settled for them first
 * (`settleCandidatePairs`). One demand runs as a prepared statement, planned once per connection.
 * The plain form of what the service reads in other shapes, which the tests compare them with: a
 * run reads it packed ({@link forEachCandidateChunk}), a page ranked ({@link findBestCandidates}),
 * an event only the firms ({@link findQualifiedLenders}).
 */
export async function findCandidates(
  manager: EntityManager,
  demandIds: readonly string[],
  now: Date,
  frequencies: Map<string, number>,
): Promise<CandidateRow[]> {
  if (demandIds.length === 1)
    return preparedQuery<CandidateRow>(manager, ONE_DEMAND_CANDIDATES_SQL, [demandIds[0], now]);
  const perChunk = await searchChunks(
    manager,
    demandIds,
    now,
    frequencies,
    CANDIDATES_SQL,
    (rows: CandidateRow[]) => rows,
  );
  return perChunk.flat();
}

/** The firms with a candidate for one demand, in id order ({@link QUALIFIED_LENDERS_SQL}). */
export async function findQualifiedLenders(
  manager: EntityManager,
  demandId: string,
  now: Date,
): Promise<string[]> {
  const rows = await preparedQuery<{ companyId: string }>(manager, QUALIFIED_LENDERS_SQL, [
    demandId,
    now,
  ]);
  return rows.map((r) => r.companyId);
}

/** What a page of suggestions ranks by, and how many it shows. */
export interface CandidateRanking {
  weights: MatchingWeights;
  first: number;
}

const rankingValues = (demandId: string, now: Date, { weights, first }: CandidateRanking) => [
  demandId,
  now,
  first,
  weights.skill,
  weights.coverage,
  weights.distance,
  weights.rotation,
];

/**
 * Of one demand's candidates ({@link findCandidates}), those a page of `first` suggestions is
 * chosen from, ranked in the database (`rankingSql`): the best `first` by `scoreCandidate`, and a
 * few more near them, in no particular order (see {@link ONE_DEMAND_BEST_CANDIDATES_SQL}). The
 * caller scores them and keeps the best `first`.
 */
export function findBestCandidates(
  manager: EntityManager,
  demandId: string,
  now: Date,
  ranking: CandidateRanking,
): Promise<CandidateRow[]> {
  return preparedQuery<CandidateRow>(
    manager,
    ONE_DEMAND_BEST_CANDIDATES_SQL,
    rankingValues(demandId, now, ranking),
  );
}

/**
 * {@link findBestCandidates} if the demand's kept pairs may be read as they are; null if they must
 * be settled first (`settleCandidatePairs`). One prepared statement: the check and the read in one
 * round trip.
 */
export async function findCurrentBestCandidates(
  manager: EntityManager,
  demandId: string,
  now: Date,
  ranking: CandidateRanking,
): Promise<CandidateRow[] | null> {
  const rows = await preparedQuery<
    Omit<CandidateRow, 'demandId'> & {
      current: boolean | null;
    }
  >(manager, ONE_DEMAND_CURRENT_BEST_CANDIDATES_SQL, rankingValues(demandId, now, ranking));
  const head = rows.find((r) => r.current !== null);
  if (!head?.current) return null;
  return rows.filter((r) => r !== head).map(({ current: _, ...row }) => ({ ...row, demandId }));
}

/** The requested skills of a demand that each of the given employees holds (a suggestion page). */
export async function skillsHeld(
  manager: EntityManager,
  demandId: string,
  employeeIds: readonly string[],
): Promise<Map<string, SkillHeld[]>> {
  const held = new Map<string, SkillHeld[]>(employeeIds.map((id) => [id, []]));
  if (employeeIds.length === 0) return held;
  const rows: (SkillHeld & { employeeId: string })[] = await manager.query(SKILLS_HELD_SQL, [
    demandId,
    employeeIds,
  ]);
  for (const { employeeId, skillId, level } of rows) held.get(employeeId)?.push({ skillId, level });
  return held;
}

/** What a batch read leaves to diagnose: the demands without any candidate, and lead skills. */
export interface CandidateRead {
  empty: string[];
  lead: Map<string, string | null>;
}

/**
 * The read of {@link findCandidates} for a batch run, handing each chunk's demands, their pairs
 * packed one string a demand ({@link PACKED_CANDIDATES_SQL}), to `visit` as soon as it arrives
 * (in no particular order), so that the caller keeps only what it needs of them; a national
 * run's pairs would not fit in memory as rows. Returns the demands that have no candidate at all
 * (their positions stay open whatever the assignment does), for {@link startDiagnosis}.
 */
export async function forEachCandidateChunk(
  manager: EntityManager,
  demandIds: readonly string[],
  now: Date,
  frequencies: Map<string, number>,
  visit: (demands: PackedDemandPairs[]) => void,
): Promise<CandidateRead> {
  let lead = new Map<string, string | null>();
  const perChunk = await searchChunks(
    manager,
    demandIds,
    now,
    frequencies,
    PACKED_CANDIDATES_SQL,
    (rows: PackedDemandPairs[], leads, _m, chunk) => {
      lead = leads;
      visit(rows);
      const found = new Set(rows.map((r) => r.demandId));
      return chunk.filter((id) => !found.has(id));
    },
  );
  return { empty: perChunk.flat(), lead };
}

/**
 * Diagnoses demands without any candidate rule by rule ({@link diagnose}) on `manager`'s
 * connection, a chunk at a time, and resolves to their reasons. The first chunk's statement is on
 * its way to the database when this returns (after a turn of the event loop), so that the caller
 * may run the solver, which holds node's thread, while the database works: the reasons cost the
 * run no time of their own.
 */
export async function startDiagnosis(
  manager: EntityManager,
  read: CandidateRead,
  now: Date,
): Promise<{ reasons: Promise<Map<string, UnfilledDiagnosis>> }> {
  const reasons = (async () => {
    const out = new Map<string, UnfilledDiagnosis>();
    for (let at = 0; at < read.empty.length; at += CHUNK) {
      const chunk = read.empty.slice(at, at + CHUNK);
      for (const d of await diagnoseOn(manager, chunk, read.lead, now)) out.set(d.demandId, d);
    }
    return out;
  })();
  // Handled here too: should the caller fail before awaiting it, no rejection goes unhandled.
  reasons.catch(() => undefined);
  // Let the query reach the socket before the caller blocks the thread.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return { reasons };
}

/** {@link DIAGNOSE_SQL} for some demands on one connection, their lead skills known. */
async function diagnoseOn(
  m: EntityManager,
  demandIds: string[],
  lead: Map<string, string | null>,
  now: Date,
): Promise<UnfilledDiagnosis[]> {
  const rows = (await m.query(DIAGNOSE_SQL, [
    demandIds,
    demandIds.map((id) => lead.get(id) ?? null),
    now,
  ])) as DiagnosisRow[];
  return rows.map((row) => diagnose(row, lead.get(row.demandId) ?? null));
}

/**
 * The reason each demand's positions stayed open, checked rule by rule in the order a person
 * would ask: is anyone offering capacity, has anyone the skill, enough of the hours, near enough,
 * cheap enough, still free – and if all that holds, the candidates went to other demands.
 */
function diagnose(row: DiagnosisRow, leadSkill: string | null): UnfilledDiagnosis {
  const base = { demandId: row.demandId, skillId: null, candidatesConsidered: row.members };
  if (row.members === 0) {
    if (leadSkill && row.anyCapacity)
      return { ...base, reason: UnfilledReason.NO_SKILL, skillId: leadSkill };
    return { ...base, reason: UnfilledReason.NO_CANDIDATES };
  }
  if (row.skilled === 0)
    return { ...base, reason: UnfilledReason.NO_SKILL, skillId: row.scarcestSkillId ?? leadSkill };
  if (row.covering === 0) return { ...base, reason: UnfilledReason.INSUFFICIENT_COVERAGE };
  if (row.inRange === 0) return { ...base, reason: UnfilledReason.OUT_OF_RANGE };
  if (row.affordable === 0) return { ...base, reason: UnfilledReason.OVER_MAX_RATE };
  if (row.eligible === 0) return { ...base, reason: UnfilledReason.ALL_BOOKED };
  return { ...base, reason: UnfilledReason.OUTRANKED };
}
