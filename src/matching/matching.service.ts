import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { UserRole } from '../auth/actor';
import { coordinates, requireActor } from '../auth/authorize';
import { requireCoordinatorOf } from '../auth/authorize';
import { ConflictError, NotFoundError } from '../common/errors';
import { listLoader, rowLoader } from '../common/loaders';
import { ConnectionArgs, ConnectionPage } from '../common/pagination/connection';
import { paginate } from '../common/pagination/paginate';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandStatus } from '../demand/demand.enums';
import { PoolService } from '../pools/pool.service';
import { AssignmentInput, solveAssignment } from './assignment/assignment.solver';
import { CandidatePairs } from './candidates/candidate-pairs';
import {
  settleCandidatePairs,
  SettleReport,
  systemTransactions,
} from './candidates/candidate-pair-table';
import {
  CandidateRow,
  findBestCandidates,
  findCurrentBestCandidates,
  forEachCandidateChunk,
  SkillHeld,
  startDiagnosis,
  skillsHeld,
  SkillFrequencies,
} from './candidates/candidate-search';
import { NOT_CURRENT_SQL } from './candidates/candidate.sql';
import { MatchingErrorReason } from './matching.errors';
import { Optimality, ProposalStatus, UnfilledReason } from './matching.enums';
import { MatchProposal } from './match-proposal.entity';
import { MatchRun, MatchUnfilled } from './match-run.entity';
import { BALANCES_SQL, OPEN_DEMANDS_SQL } from './priority.sql';
import { ProposalExpiryService } from './proposal-expiry.service';
import {
  comparePriority,
  DemandPriorityFacts,
  rankCandidates,
  ScoredCandidate,
  weightsOf,
} from './scoring';

/** An open demand with the facts that rank it. */
export interface OpenDemand extends DemandPriorityFacts {
  companyId: string;
  openPositions: number;
}

/** A scored candidate for one demand. */
export interface Suggestion extends ScoredCandidate {
  rank: number;
  row: CandidateRow;
  /** The requested skills the candidate holds, with levels (the anonymous profile). */
  skills: SkillHeld[];
}

/** Time the solver may spend improving the score before it reports a certified bound instead. */
const SOLVER_TIME_LIMIT_MS = 45_000;
/** Largest `first` for suggestions. */
export const MAX_SUGGESTIONS = 50;

/**
 * The matching engine: candidate search (SQL), scoring, the exact assignment and its runs.
 * See DESIGN.md "Matching".
 */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger(MatchingService.name);
  private readonly frequencies = new SkillFrequencies();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly pools: PoolService,
    private readonly expiry: ProposalExpiryService,
  ) {}

  /** Ranked anonymous candidates for one demand: its borrower's HR, its pool's coordinators. */
  async suggestCandidates(
    ctx: RequestContext,
    demandId: string,
    first: number,
  ): Promise<Suggestion[]> {
    const demand = await this.demandForBorrowerOrCoordinator(ctx, demandId);
    const now = new Date();
    const weights = weightsOf(await this.pools.termsAt(ctx, demand.poolId, now));
    const ranking = { weights, first: Math.min(first, MAX_SUGGESTIONS) };
    // Read in one transaction when the demand's kept pairs are current; else settle, then read.
    // The database ranks and sends the page's candidates and a few near them; scored here.
    const read = (settled: boolean) =>
      this.tx.runAsSystem(ctx, 'suggestCandidates: anonymised', async (sys) => {
        const rows = settled
          ? await findBestCandidates(sys.manager, demand.id, now, ranking)
          : await findCurrentBestCandidates(sys.manager, demand.id, now, ranking);
        if (!rows) return null;
        const page = rankCandidates(rows, weights, ranking.first);
        const held = await skillsHeld(
          sys.manager,
          demand.id,
          page.map((s) => s.row.employeeId),
        );
        return page.map((s, i) => ({
          ...s,
          rank: i + 1,
          skills: held.get(s.row.employeeId) ?? [],
        }));
      });
    const current = await read(false);
    if (current) return current;
    await this.settlePairs(ctx, [demand.id], now);
    return (await read(true))!;
  }

  /**
   * Brings the kept candidate pairs of some demands up to date (see `settleCandidatePairs`), in
   * transactions of their own in the trusted scope, committed before the caller reads them.
   */
  settlePairs(ctx: RequestContext, demandIds: readonly string[], now: Date): Promise<SettleReport> {
    return settleCandidatePairs(systemTransactions(this.tx, ctx), demandIds, now, this.frequencies);
  }

  private async demandForBorrowerOrCoordinator(
    ctx: RequestContext,
    demandId: string,
  ): Promise<DemandRequest> {
    const actor = requireActor(ctx);
    const demand = await ctx.manager.getRepository(DemandRequest).findOneBy({ id: demandId });
    const allowed =
      demand &&
      (coordinates(actor, demand.poolId) ||
        (actor.role === UserRole.COMPANY_HR && actor.companyId === demand.companyId));
    if (!demand || !allowed) throw new NotFoundError('Demand request', demandId);
    return demand;
  }

  /** The open demands of a pool in priority order (rank 0 first). */
  async openDemands(manager: EntityManager, poolId: string, now: Date): Promise<OpenDemand[]> {
    const rows: (Omit<OpenDemand, 'postedAt'> & { postedAt: Date })[] = await manager.query(
      OPEN_DEMANDS_SQL,
      [poolId, now],
    );
    return rows.sort(comparePriority);
  }

  /**
   * A batch run over a pool (coordinators and ADMIN): fills as many positions as possible, then
   * serves the highest-priority demands, then maximises the total score, with at most one
   * proposal per employee; persists the run, its proposals and every unfilled position with its
   * reason, all in one transaction. One run per pool at a time.
   */
  async runMatching(ctx: RequestContext, poolId: string): Promise<MatchRun> {
    const actor = requireCoordinatorOf(ctx, poolId);
    await this.pools.get(ctx, poolId);
    const started = Date.now();
    const phases = new PhaseClock();
    const now = new Date();
    // Stale proposals would hold their employees and positions: expire them first, in a
    // transaction of their own (committed whatever the run does), so that the run's own
    // transaction has written nothing when its candidate search shares its snapshot.
    await this.tx.run(ctx, (tx) =>
      this.expiry.expireStale(tx, { poolIds: [poolId] }, { skipLocked: true, system: true }),
    );
    phases.lap('expire');
    // The open demands' kept pairs brought up to date, committed before the run's snapshot.
    const open = await this.tx.runAsSystem(ctx, 'runMatching: open demands', (tx) =>
      this.openDemands(tx.manager, poolId, now),
    );
    const settle = await this.settlePairs(
      ctx,
      open.filter((d) => d.openPositions > 0).map((d) => d.id),
      now,
    );
    phases.lap('settle');
    // REPEATABLE READ: one snapshot for the whole run, which the search's extra connections import.
    const run = await this.tx.runAsSystem(
      ctx,
      'runMatching: whole pool, anonymised',
      async (tx) => {
        const m = tx.manager;
        const [{ locked }] = await m.query(
          `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
          [`match:${poolId}`],
        );
        if (!locked)
          throw new ConflictError(
            'A matching run for this pool is in progress',
            MatchingErrorReason.RUN_IN_PROGRESS,
          );
        // The candidate search groups many rows per run; keep its sorts in memory.
        await m.query(`SET LOCAL work_mem = '128MB'`);

        const weights = weightsOf(await this.pools.termsAt(tx, poolId, now));
        // A demand posted (or changed) since the settle waits for the next run.
        const openNow = (await this.openDemands(m, poolId, now)).filter((d) => d.openPositions > 0);
        const notCurrent = new Set(
          (
            (await m.query(NOT_CURRENT_SQL, [openNow.map((d) => d.id), now])) as { id: string }[]
          ).map((r) => r.id),
        );
        const demands = openNow.filter((d) => !notCurrent.has(d.id));
        const frequencies = await this.frequencies.get(m);
        phases.lap('demands');
        const pairs = new CandidatePairs(weights);
        const read = await forEachCandidateChunk(
          m,
          demands.map((d) => d.id),
          now,
          frequencies,
          (demands) => pairs.addPacked(demands),
        );
        pairs.seal();
        phases.lap('search');
        // Demands without any eligible candidate are diagnosed rule by rule by the database
        // while the solver runs; a demand that had candidates and still has open positions after
        // the assignment lost them to other demands in this run (OUTRANKED).
        const diagnosis = await startDiagnosis(m, read, now);

        const problem: AssignmentInput = {
          demands: demands.map((d, rank) => ({ id: d.id, positions: d.openPositions, rank })),
          employees: pairs.employeeIds().map((id) => ({ id })),
          edges: pairs,
        };
        const solverStarted = Date.now();
        const result = solveAssignment(problem, { timeLimitMs: SOLVER_TIME_LIMIT_MS });
        const solverMillis = Date.now() - solverStarted;
        phases.lap('solve');
        const reasons = await diagnosis.reasons;
        phases.lap('diagnose');

        const unfilledDemands = demands.filter(
          (d) => (result.filledByDemand.get(d.id) ?? 0) < d.openPositions,
        );
        const candidatesPerDemand = pairs.countByDemand();

        const positionsOpen = demands.reduce((sum, d) => sum + d.openPositions, 0);
        const bound = Math.max(result.optimality.bound, result.totalScore);
        const run = await m.getRepository(MatchRun).save({
          poolId,
          triggeredByUserId: actor.userId,
          startedAt: new Date(started),
          finishedAt: new Date(),
          demandsConsidered: demands.length,
          positionsOpen,
          positionsFilled: result.positionsFilled,
          candidatePairs: result.stats.edges,
          totalScore: round6(result.totalScore),
          optimality: result.optimality.status === 'EXACT' ? Optimality.EXACT : Optimality.BOUNDED,
          scoreBound: round6(bound),
          gap: bound > 0 ? Math.round(((bound - result.totalScore) / bound) * 1e8) / 1e8 : 0,
          solverMillis,
          totalMillis: 0,
        });

        const demandById = new Map(demands.map((d) => [d.id, d]));
        const proposals = result.assignments.map((a) => {
          const figures = pairs.figures(a.demandId, a.employeeId)!;
          return {
            runId: run.id,
            demandId: a.demandId,
            employeeId: a.employeeId,
            poolId,
            lenderCompanyId: figures.companyId,
            borrowerCompanyId: demandById.get(a.demandId)!.companyId,
            score: figures.score,
            scoreBreakdown: figures.breakdown,
            coverage: figures.coverage,
            distanceKm: figures.distanceKm,
            rateCents: figures.rateCents,
            status: ProposalStatus.PROPOSED,
          };
        });
        await insertProposals(m, proposals);
        const unfilled = unfilledDemands.map((d) => {
          const eligible = candidatesPerDemand.get(d.id);
          const diagnosis = eligible
            ? { reason: UnfilledReason.OUTRANKED, skillId: null, candidatesConsidered: eligible }
            : reasons.get(d.id);
          return {
            runId: run.id,
            demandId: d.id,
            positions: d.openPositions - (result.filledByDemand.get(d.id) ?? 0),
            reason: diagnosis?.reason ?? UnfilledReason.NO_CANDIDATES,
            skillId: diagnosis?.skillId ?? null,
            candidatesConsidered: diagnosis?.candidatesConsidered ?? 0,
          };
        });
        for (let i = 0; i < unfilled.length; i += 5000) {
          await m.getRepository(MatchUnfilled).insert(unfilled.slice(i, i + 5000));
        }
        run.totalMillis = Date.now() - started;
        await m.getRepository(MatchRun).update({ id: run.id }, { totalMillis: run.totalMillis });
        phases.lap('persist');
        run.phaseMillis = phases.laps;
        this.logger.log(
          `Run ${run.id} in pool ${poolId}: ${run.positionsFilled}/${positionsOpen} positions, ${pairs.length} pairs, ${run.optimality}, ${run.totalMillis} ms (${phases}); pairs settled: ${JSON.stringify(settle)}`,
        );
        return run;
      },
      'REPEATABLE READ',
    );
    await this.analyzeProposals(ctx);
    phases.lap('analyze');
    return run;
  }

  /**
   * Statistics of `match_proposal` brought up to date after a run has committed its proposals
   * (0.1-0.3 s at national size), so that every connection plans its reads of them again for the
   * table as it now is, instead of in a minute when autovacuum gets to it (see the migration
   * `AnalyzeProposalsFunction`). The run stands whatever this does.
   */
  private async analyzeProposals(ctx: RequestContext): Promise<void> {
    // Inside a caller's transaction nothing has committed yet (and a failure would abort it).
    if (ctx.inTransaction) return;
    try {
      await this.tx.run(ctx, (tx) => tx.manager.query(`SELECT analyze_match_proposal()`));
    } catch (error) {
      this.logger.warn(`match_proposal not analysed after a run: ${(error as Error).message}`);
    }
  }

  /** Runs of a pool, newest first is what people want; keyset on start time. */
  async runs(
    ctx: RequestContext,
    poolId: string,
    args: ConnectionArgs,
  ): Promise<ConnectionPage<MatchRun>> {
    requireCoordinatorOf(ctx, poolId);
    const qb = ctx.manager
      .getRepository(MatchRun)
      .createQueryBuilder('run')
      .where('run.pool_id = :poolId', { poolId });
    return paginate(qb, args, {
      sortExpression: 'run.started_at',
      idExpression: 'run.id',
      sortKey: (r) => r.startedAt.toISOString(),
      id: (r) => r.id,
    });
  }

  async run(ctx: RequestContext, id: string): Promise<MatchRun> {
    const actor = requireActor(ctx);
    const run = await ctx.manager.getRepository(MatchRun).findOneBy({ id });
    if (!run || !coordinates(actor, run.poolId)) throw new NotFoundError('Matching run', id);
    return run;
  }

  proposalsByRun(ctx: RequestContext) {
    return listLoader(
      ctx,
      'matching.proposalsByRun',
      (ids) =>
        ctx.manager
          .getRepository(MatchProposal)
          .find({ where: { runId: In([...ids]) }, order: { demandId: 'ASC', employeeId: 'ASC' } }),
      (p) => p.runId as string,
    );
  }

  unfilledByRun(ctx: RequestContext) {
    return listLoader(
      ctx,
      'matching.unfilledByRun',
      (ids) =>
        ctx.manager
          .getRepository(MatchUnfilled)
          .find({ where: { runId: In([...ids]) }, order: { demandId: 'ASC' } }),
      (u) => u.runId,
    );
  }

  /** The requested skills each proposal's employee holds, for the anonymous profile. */
  proposalSkills(ctx: RequestContext) {
    return listLoader(
      ctx,
      'matching.proposalSkills',
      (ids) =>
        ctx.manager.query(
          `SELECT mp.id AS "proposalId", es.skill_id AS "skillId", es.level
           FROM match_proposal mp
           JOIN demand_skill_requirement r ON r.demand_id = mp.demand_id
           JOIN employee_skill es ON es.employee_id = mp.employee_id AND es.skill_id = r.skill_id
           WHERE mp.id = ANY($1::uuid[]) ORDER BY es.skill_id`,
          [ids],
        ) as Promise<{ proposalId: string; skillId: string; level: number }[]>,
      (r) => r.proposalId,
    );
  }

  /**
   * Open demands in priority order and every company's balance, per pool: two queries per pool
   * and request, however many demands a list resolves `priority` for.
   */
  priorityByPool(ctx: RequestContext) {
    return rowLoader(
      ctx,
      'matching.priorityByPool',
      (poolIds) =>
        this.tx.runAsSystem(ctx, 'demand priority: pool-wide balances', (sys) => {
          const now = new Date();
          return Promise.all(
            poolIds.map(async (poolId) => {
              const [demands, balances] = await Promise.all([
                this.openDemands(sys.manager, poolId, now),
                sys.manager.query(BALANCES_SQL, [poolId, now]) as Promise<
                  { companyId: string; balanceHours: number }[]
                >,
              ]);
              return {
                poolId,
                demands,
                balances: new Map(balances.map((b) => [b.companyId, b.balanceHours])),
              };
            }),
          );
        }),
      (p) => p.poolId,
    );
  }

  /** A demand's priority facts; rank only while it is open and in the future. */
  async priorityOf(
    ctx: RequestContext,
    demand: DemandRequest,
  ): Promise<{ balanceHours: number; rank: number | null; openPositions: number }> {
    const entry = await this.priorityByPool(ctx).load(demand.poolId);
    const index = entry?.demands.findIndex((d) => d.id === demand.id) ?? -1;
    const balanceHours = round2(entry?.balances.get(demand.companyId) ?? 0);
    if (entry && index >= 0) {
      return { balanceHours, rank: index + 1, openPositions: entry.demands[index].openPositions };
    }
    const closed = [DemandStatus.CANCELLED, DemandStatus.EXPIRED, DemandStatus.FILLED].includes(
      demand.status,
    );
    return { balanceHours, rank: null, openPositions: closed ? 0 : demand.headcount };
  }
}

/**
 * A run's proposals in one statement per 10,000, as columns (arrays) rather than one parameter
 * per value: building and parsing a 2,000-row VALUES list cost more than the insert.
 */
async function insertProposals(
  m: EntityManager,
  proposals: (Pick<
    MatchProposal,
    | 'demandId'
    | 'employeeId'
    | 'poolId'
    | 'lenderCompanyId'
    | 'borrowerCompanyId'
    | 'score'
    | 'scoreBreakdown'
    | 'coverage'
    | 'distanceKm'
    | 'rateCents'
    | 'status'
  > & { runId: string })[],
): Promise<void> {
  for (let i = 0; i < proposals.length; i += 10_000) {
    const batch = proposals.slice(i, i + 10_000);
    await m.query(
      `INSERT INTO match_proposal (run_id, pool_id, status, demand_id, employee_id, lender_company_id,
         borrower_company_id, score, score_breakdown, coverage, distance_km, rate_cents)
       SELECT $1, $2, $3, p.* FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[],
         $8::numeric[], $9::jsonb[], $10::numeric[], $11::numeric[], $12::int[]) AS p`,
      [
        batch[0].runId,
        batch[0].poolId,
        batch[0].status,
        batch.map((p) => p.demandId),
        batch.map((p) => p.employeeId),
        batch.map((p) => p.lenderCompanyId),
        batch.map((p) => p.borrowerCompanyId),
        batch.map((p) => p.score),
        batch.map((p) => JSON.stringify(p.scoreBreakdown)),
        batch.map((p) => p.coverage),
        batch.map((p) => p.distanceKm),
        batch.map((p) => p.rateCents),
      ],
    );
  }
}

/** Milliseconds per named phase, each measured from the end of the one before. */
class PhaseClock {
  readonly laps: Record<string, number> = {};
  private last = Date.now();

  lap(name: string): void {
    const now = Date.now();
    this.laps[name] = now - this.last;
    this.last = now;
  }

  toString(): string {
    return Object.entries(this.laps)
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join(', ');
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const round2 = (x: number) => Math.round(x * 100) / 100;
