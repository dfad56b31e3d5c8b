import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { DataSource, QueryFailedError } from 'typeorm';
import { Actor, UserRole } from '../auth/actor';
import { PoolCoordinator } from '../auth/user.entity';
import { mapPostgresError } from '../common/error-mapping';
import { DomainError, ErrorCode, FieldProblem, ServiceUnavailableError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { MatchRun } from './match-run.entity';
import { MatchingService } from './matching.service';

/** Name of the BullMQ queue of batch matching runs (keys live under `QUEUE_PREFIX`). */
export const MATCHING_QUEUE = 'matching';

/** A queued run: the pool, and who asked as their verified token said (scope is re-derived). */
export interface MatchingJobData {
  poolId: string;
  actor: Pick<Actor, 'userId' | 'role' | 'companyId' | 'employeeId'>;
}

/** A domain error raised on the worker, carried back to the API instance that awaits it. */
export interface MatchingJobFailure {
  code: ErrorCode;
  message: string;
  reason?: string;
  fields?: FieldProblem[];
}

/** What a matching job returns: the run it made, or the client's error (never an exception). */
export type MatchingJobResult = { runId: string } | { error: MatchingJobFailure };

/** A {@link DomainError} raised on a worker, re-raised with the same code where it was awaited. */
export class QueuedJobError extends DomainError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    reason?: string,
    fields?: FieldProblem[],
  ) {
    super(message, reason, fields);
  }
}

/**
 * Batch matching, in-process or queued. Without `REDIS_URL` a run happens in the request as
 * before. With it, an API process (`PROCESS_ROLE` `api` or `all`) puts the run on the BullMQ
 * queue and awaits its result for up to `MATCHING_JOB_TIMEOUT_MS`, and a worker process
 * (`worker` or `all`) takes it and calls {@link MatchingService.runMatching} as the original
 * actor, so authorisation is checked again where the work is done. The GraphQL contract stays:
 * `runMatching` returns the run, read back through {@link MatchingService.run} for the caller.
 */
@Injectable()
export class MatchingJobService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MatchingJobService.name);
  private queue?: Queue<MatchingJobData, MatchingJobResult>;
  private queueEvents?: QueueEvents;
  private worker?: Worker<MatchingJobData, MatchingJobResult>;

  constructor(
    private readonly config: AppConfig,
    private readonly matching: MatchingService,
    private readonly dataSource: DataSource,
  ) {}

  /** `queued` when runs go through Redis, `in-process` otherwise. */
  get mode(): 'queued' | 'in-process' {
    return this.queue ? 'queued' : 'in-process';
  }

  async onModuleInit(): Promise<void> {
    const url = this.config.REDIS_URL;
    if (!url) return;
    // BullMQ's blocking commands need maxRetriesPerRequest null; each class opens its own client.
    const connection = { url, maxRetriesPerRequest: null };
    const prefix = this.config.QUEUE_PREFIX;
    if (this.config.servesApi) {
      this.queue = new Queue(MATCHING_QUEUE, { connection, prefix });
      this.queueEvents = new QueueEvents(MATCHING_QUEUE, { connection, prefix });
      this.logErrors('queue', this.queue);
      this.logErrors('queue events', this.queueEvents);
      await Promise.all([this.queue.waitUntilReady(), this.queueEvents.waitUntilReady()]);
    }
    if (this.config.runsJobs) {
      this.worker = new Worker(MATCHING_QUEUE, (job) => this.process(job), {
        connection,
        prefix,
        concurrency: this.config.MATCHING_WORKER_CONCURRENCY,
        name: `${hostname()}:${process.pid}`,
      });
      this.logErrors('worker', this.worker);
      await this.worker.waitUntilReady();
    }
  }

  /** Lets a running job finish (the worker stops taking new ones first), then disconnects. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queueEvents?.close();
    await this.queue?.close();
  }

  /** Runs batch matching over `poolId` for the actor of `ctx`; see the class comment. */
  async runMatching(ctx: RequestContext, poolId: string): Promise<MatchRun> {
    if (!this.queue || !this.queueEvents) return this.matching.runMatching(ctx, poolId);
    const { userId, role, companyId, employeeId } = ctx.user;
    const job = await this.queue.add(
      'run',
      { poolId, actor: { userId, role, companyId, employeeId } },
      { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
    );
    const timeoutMs = this.config.MATCHING_JOB_TIMEOUT_MS;
    let result: MatchingJobResult;
    try {
      result = await job.waitUntilFinished(this.queueEvents, timeoutMs);
    } catch (error) {
      const state = await job.getState().catch(() => 'unknown');
      if (state === 'failed') throw new Error(`Matching job ${job.id} failed: ${String(error)}`);
      // Not started yet: withdraw it so that nobody gets a run they stopped waiting for.
      if (state === 'waiting' || state === 'delayed') await job.remove().catch(() => undefined);
      throw new ServiceUnavailableError(
        `No matching worker finished the run within ${timeoutMs} ms; try again later`,
        'MATCHING_TIMEOUT',
      );
    }
    if ('error' in result) {
      const { code, message, reason, fields } = result.error;
      throw new QueuedJobError(code, message, reason, fields);
    }
    return this.matching.run(ctx, result.runId);
  }

  /** The worker's side: the run as the original actor, with a scope read afresh. */
  private async process(job: Job<MatchingJobData, MatchingJobResult>): Promise<MatchingJobResult> {
    const { poolId, actor } = job.data;
    const poolIds =
      actor.role === UserRole.POOL_COORDINATOR
        ? (
            await this.dataSource
              .getRepository(PoolCoordinator)
              .find({ where: { userId: actor.userId } })
          ).map((c) => c.poolId)
        : [];
    const ctx = new RequestContext({ ...actor, poolIds }, this.dataSource.manager);
    try {
      const run = await this.matching.runMatching(ctx, poolId);
      return { runId: run.id };
    } catch (error) {
      const failure = clientFailure(error);
      if (failure) return { error: failure };
      throw error;
    }
  }

  private logErrors(what: string, emitter: { on(event: 'error', fn: (e: Error) => void): void }) {
    let last = '';
    emitter.on('error', (error: Error) => {
      // A down Redis repeats the same error on every retry; say it once per change.
      if (error.message === last) return;
      last = error.message;
      this.logger.error(`Matching ${what}: ${error.message}`);
    });
  }
}

/** The client's share of a failure (a domain error or a mapped constraint violation), if any. */
function clientFailure(error: unknown): MatchingJobFailure | undefined {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, reason: error.reason, fields: error.fields };
  }
  if (error instanceof QueryFailedError) {
    return mapPostgresError(error.driverError as Parameters<typeof mapPostgresError>[0]);
  }
  return undefined;
}
