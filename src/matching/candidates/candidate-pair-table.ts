import { EntityManager } from 'typeorm';
import { RequestContext } from '../../common/request-context';
import { preparedQuery } from '../../database/prepared';
import { TransactionRunner } from '../../database/transaction';
import { chunked, searchPlan, SkillFrequencies } from './candidate-search';
import {
  MARKED_SQL,
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
  /** Marked employees searched again (or, in bulk, whose reach was dropped: see below). */
  employees: number;
  /** Current demands those employees were searched against (summed over groups of them). */
  employeeDemands: number;
  /** Demands searched because their pairs were not current. */
  demandsSearched: number;
}

/** Demands an employee search reads in one statement (on one connection, in one transaction). */
const DEMANDS_PER_STATEMENT = 250;
/** Marked employees searched against the demands they reach in one statement. */
const EMPLOYEE_GROUP = 50;
/**
 * Above this many marked employees (a bulk load), every current demand is dropped and searched
 * afresh when read: one index scan per demand then beats a key look-up per employee and demand.
 */
const BULK_EMPLOYEES = 5_000;
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
 * writes left (dropping marked demands' pairs, searching marked employees, and the employees of
 * marked firms, against the current demands they reach), then searches those of `demandIds` whose pairs are not current. Each step
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
  const { marked, stale } = await transaction((m) => pairState(m, demandIds, now));
  if (!marked && stale.length === 0) return report;
  let toSearch = stale;
  if (marked) {
    await transaction(async (m) => settleMarks(m, now, await skillFrequencies.get(m), report));
    toSearch = (
      (await transaction((m) => m.query(NOT_CURRENT_SQL, [demandIds, now]))) as { id: string }[]
    ).map((r) => r.id);
  }
  if (toSearch.length === 0) return report;

  const plan = await transaction(async (m) =>
    searchPlan(m, toSearch, await skillFrequencies.get(m)),
  );
  const chunks = chunked(plan.order);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      await transaction(async (m) => {
        await m.query(NO_COMMIT_WAIT);
        await m.query(`SELECT pg_advisory_xact_lock_shared(${LOCK})`);
        await m.query(`DELETE FROM candidate_pair WHERE demand_id = ANY($1::uuid[])`, [chunk]);
        await preparedQuery(m, REFRESH_DEMAND_PAIRS_SQL, [
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

/**
 * A settle's commit does not wait for its WAL to reach the disk (~5-10 ms a commit here): what a
 * crash could lose is derived data and the marks it took in the same transaction, which come
 * back with it and are settled again.
 */
const NO_COMMIT_WAIT = `SET LOCAL synchronous_commit = off`;

const PAIR_STATE_SQL = `SELECT ${MARKED_SQL} AS marked, ARRAY(${NOT_CURRENT_SQL}) AS stale`;

/**
 * Whether marks wait to be settled, and which of `demandIds` have pairs that are not current
 * (prepared: every read asks it first).
 */
async function pairState(
  m: EntityManager,
  demandIds: readonly string[],
  now: Date,
): Promise<{ marked: boolean; stale: string[] }> {
  const [state] = await preparedQuery<{ marked: boolean; stale: string[] }>(m, PAIR_STATE_SQL, [
    demandIds,
    now,
  ]);
  return state;
}

/** Takes and settles every mark, under the exclusive lock, in the caller's transaction. */
async function settleMarks(
  m: EntityManager,
  now: Date,
  frequencies: Map<string, number>,
  report: SettleReport,
): Promise<void> {
  await m.query(NO_COMMIT_WAIT);
  await m.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
  const demands = (
    (await m.query(`DELETE FROM candidate_pair_stale_demand RETURNING demand_id AS id`)) as [
      { id: string }[],
      number,
    ]
  )[0].map((r) => r.id);
  if (demands.length > 0) await dropDemands(m, demands);
  report.demandsDropped = demands.length;

  // A firm's mark stands for its employees, which only the trusted scope sees all of.
  await m.query(
    `WITH taken AS (DELETE FROM candidate_pair_stale_company RETURNING company_id)
     INSERT INTO candidate_pair_stale_employee (employee_id)
     SELECT e.id FROM employee e WHERE e.company_id IN (SELECT company_id FROM taken)
     ON CONFLICT DO NOTHING`,
  );
  const employees = (
    (await m.query(`DELETE FROM candidate_pair_stale_employee RETURNING employee_id AS id`)) as [
      { id: string }[],
      number,
    ]
  )[0].map((r) => r.id);
  report.employees = employees.length;
  if (employees.length === 0) return;
  if (employees.length > BULK_EMPLOYEES) {
    const [, dropped] = (await m.query(`DELETE FROM candidate_pair_demand`)) as [unknown, number];
    await m.query(`DELETE FROM candidate_pair`);
    report.demandsDropped += dropped;
    return;
  }
  await m.query(`DELETE FROM candidate_pair WHERE employee_id = ANY($1::uuid[])`, [employees]);
  for (let i = 0; i < employees.length; i += EMPLOYEE_GROUP) {
    const group = employees.slice(i, i + EMPLOYEE_GROUP);
    const reached = ((await m.query(REACHED_DEMANDS_SQL, [group])) as { id: string }[]).map(
      (r) => r.id,
    );
    report.employeeDemands += reached.length;
    const plan = await searchPlan(m, reached, frequencies);
    for (let at = 0; at < plan.order.length; at += DEMANDS_PER_STATEMENT) {
      const chunk = plan.order.slice(at, at + DEMANDS_PER_STATEMENT);
      await preparedQuery(m, REFRESH_EMPLOYEE_PAIRS_SQL, [
        chunk,
        chunk.map((id) => plan.lead.get(id) ?? null),
        now,
        group,
      ]);
    }
  }
}

/** Forgets the pairs of some demands: they are searched again when next read. */
async function dropDemands(m: EntityManager, demandIds: readonly string[]): Promise<void> {
  await m.query(`DELETE FROM candidate_pair_demand WHERE demand_id = ANY($1::uuid[])`, [demandIds]);
  await m.query(`DELETE FROM candidate_pair WHERE demand_id = ANY($1::uuid[])`, [demandIds]);
}
