import { EntityManager } from 'typeorm';
import { RequestContext } from '../../common/request-context';
import { TransactionRunner } from '../../database/transaction';
import { chunked, searchPlan, SkillFrequencies } from './candidate-search';
import {
  NOT_CURRENT_SQL,
  REACHED_DEMANDS_SQL,
  REFRESH_DEMAND_PAIRS_SQL,
  REFRESH_EMPLOYEE_PAIRS_SQL,
} from './candidate.sql';

/**
 * Runs `work` in a transaction of its own in the trusted scope, committed when it returns (the
 * pair table is the system's: see the migration CandidatePairTable1764000000000).
 */
export type SystemTransaction = <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>;

/** {@link SystemTransaction}s of the service: `ctx` must not be inside a transaction. */
export function systemTransactions(tx: TransactionRunner, ctx: RequestContext): SystemTransaction {
  return (work) => tx.runAsSystem(ctx, 'candidate pairs: settle', (sys) => work(sys.manager));
}

/** What one settle did. */
export interface SettleReport {
  /** Marked demands whose pairs were dropped. */
  demandsDropped: number;
  /** Marked employees searched again (or whose demands were dropped, see below). */
  employees: number;
  /** Current demands those employees were searched against. */
  employeeDemands: number;
  /** Demands searched because their pairs were not current. */
  demandsSearched: number;
}

/**
 * Above this many marked employees (a bulk load), the demands they reach are searched afresh
 * when read instead of employee by employee: one index scan per demand beats a key look-up per
 * employee and demand once most of a demand's candidates changed.
 */
const EMPLOYEE_SEARCH_LIMIT = 200;
/** Transactions a settle searches demands on at once (as the batch search, see candidate-search). */
const SETTLE_CONNECTIONS = 2;

/**
 * Settles on one lock: the marks are taken under it exclusively, the demands are searched under
 * it shared. So a demand's search never commits pairs that a settle of the marks its snapshot
 * missed could not see (that settle waits for it), and searches run side by side.
 */
const LOCK = `hashtextextended('candidate_pair', 0)`;

/**
 * Brings `candidate_pair` up to date for the demands about to be read: settles the marks that
 * writes left (dropping marked demands' pairs, searching marked employees against the current
 * demands they reach), then searches those of `demandIds` whose pairs are not current. Each step
 * commits on its own, before the caller's read; a write committed after that is settled by the
 * next read. Reading a current demand costs one query here.
 */
export async function settleCandidatePairs(
  transaction: SystemTransaction,
  demandIds: readonly string[],
  now: Date,
  skillFrequencies: SkillFrequencies,
): Promise<SettleReport> {
  const report: SettleReport = {
    demandsDropped: 0,
    employees: 0,
    employeeDemands: 0,
    demandsSearched: 0,
  };
  const [{ marked, stale }] = await transaction(
    (m) =>
      m.query(
        `SELECT EXISTS (SELECT 1 FROM candidate_pair_stale_employee)
                OR EXISTS (SELECT 1 FROM candidate_pair_stale_demand) AS marked,
                ARRAY(${NOT_CURRENT_SQL}) AS stale`,
        [demandIds, now],
      ) as Promise<{ marked: boolean; stale: string[] }[]>,
  );
  if (!marked && stale.length === 0) return report;
  const frequencies = await transaction((m) => skillFrequencies.get(m));
  let toSearch = stale;
  if (marked) {
    await transaction((m) => settleMarks(m, now, frequencies, report));
    toSearch = (
      (await transaction((m) => m.query(NOT_CURRENT_SQL, [demandIds, now]))) as { id: string }[]
    ).map((r) => r.id);
  }
  if (toSearch.length === 0) return report;

  const plan = await transaction((m) => searchPlan(m, toSearch, frequencies));
  const chunks = chunked(plan.order);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      await transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock_shared(${LOCK})`);
        await m.query(`DELETE FROM candidate_pair WHERE demand_id = ANY($1::uuid[])`, [chunk]);
        await m.query(REFRESH_DEMAND_PAIRS_SQL, [
          chunk,
          chunk.map((id) => plan.lead.get(id) ?? null),
          now,
        ]);
      });
      report.demandsSearched += chunk.length;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(SETTLE_CONNECTIONS, chunks.length) }, () => worker()),
  );
  return report;
}

/** Takes and settles every mark, under the exclusive lock, in the caller's transaction. */
async function settleMarks(
  m: EntityManager,
  now: Date,
  frequencies: Map<string, number>,
  report: SettleReport,
): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
  const demands = (
    (await m.query(`DELETE FROM candidate_pair_stale_demand RETURNING demand_id AS id`)) as [
      { id: string }[],
      number,
    ]
  )[0].map((r) => r.id);
  if (demands.length > 0) await dropDemands(m, demands);
  report.demandsDropped = demands.length;

  const employees = (
    (await m.query(`DELETE FROM candidate_pair_stale_employee RETURNING employee_id AS id`)) as [
      { id: string }[],
      number,
    ]
  )[0].map((r) => r.id);
  report.employees = employees.length;
  if (employees.length === 0) return;
  await m.query(`DELETE FROM candidate_pair WHERE employee_id = ANY($1::uuid[])`, [employees]);
  const reached = ((await m.query(REACHED_DEMANDS_SQL, [employees])) as { id: string }[]).map(
    (r) => r.id,
  );
  if (employees.length > EMPLOYEE_SEARCH_LIMIT) {
    await dropDemands(m, reached);
    return;
  }
  report.employeeDemands = reached.length;
  const plan = await searchPlan(m, reached, frequencies);
  for (const chunk of chunked(plan.order)) {
    await m.query(REFRESH_EMPLOYEE_PAIRS_SQL, [
      chunk,
      chunk.map((id) => plan.lead.get(id) ?? null),
      now,
      employees,
    ]);
  }
}

/** Forgets the pairs of some demands: they are searched again when next read. */
async function dropDemands(m: EntityManager, demandIds: readonly string[]): Promise<void> {
  await m.query(`DELETE FROM candidate_pair_demand WHERE demand_id = ANY($1::uuid[])`, [demandIds]);
  await m.query(`DELETE FROM candidate_pair WHERE demand_id = ANY($1::uuid[])`, [demandIds]);
}
