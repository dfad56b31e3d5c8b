import {
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { requireActor } from '../auth/authorize';
import { RequestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction';
import {
  settleCandidatePairs,
  systemTransactions,
} from '../matching/candidates/candidate-pair-table';
import { findQualifiedLenders, SkillFrequencies } from '../matching/candidates/candidate-search';
import { LIVE_PROPOSAL_STATUSES } from '../matching/matching.enums';
import { baseAudience, mayHear } from './audience';
import {
  Audience,
  DemandEvent,
  DomainEvent,
  Envelope,
  EventTopic,
  recordKey,
} from './domain-event';
import { channelOf, EVENT_BUS, EventBus } from './event-bus';
import { EventStream } from './event-stream';

/**
 * Live updates: modules raise domain events after their change commits, subscribers hear the
 * ones in their scope. Publishing never fails the change that raised it (that change has
 * committed already): a failure is logged.
 *
 * How to raise an event from a write (see `domain-event.ts` for the builders):
 * - inside a transaction: `this.events.afterCommit(tx, loanEvent(loan, 'RECALLED'))` — sent when
 *   the outermost transaction commits, dropped when it rolls back, sent again by a retried one;
 * - after the work has committed: `this.events.publish(event)`.
 */
@Injectable()
export class EventsService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(EventsService.name);
  /** Events raised inside a still-open transaction, by its query runner. */
  private readonly pending = new WeakMap<QueryRunner, DomainEvent[]>();
  /** The last publication of each record, so that its events go out in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly streams = new Set<EventStream<Envelope>>();
  private readonly frequencies = new SkillFrequencies();
  private readonly commitHook: EntitySubscriberInterface;
  private stopped = false;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {
    this.commitHook = {
      afterTransactionCommit: (e: TransactionCommitEvent) => this.committed(e.queryRunner),
      afterTransactionRollback: (e: TransactionRollbackEvent) => this.rolledBack(e.queryRunner),
    };
  }

  onModuleInit(): void {
    this.dataSource.subscribers.push(this.commitHook);
  }

  /** Stop taking events and subscribers, and let the publications under way finish. */
  async onModuleDestroy(): Promise<void> {
    const index = this.dataSource.subscribers.indexOf(this.commitHook);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await this.flush();
  }

  /** After the GraphQL server has closed its sockets: release subscriptions, close the bus. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const stream of [...this.streams]) stream.close();
    await this.bus.close();
  }

  /** Which bus carries the events: `redis` when REDIS_URL is set, else `in-process`. */
  get transport(): EventBus['kind'] {
    return this.bus.kind;
  }

  /**
   * Publishes `event` when the transaction of `ctx` commits; at once when `ctx` is not in a
   * transaction (the change has committed already).
   */
  afterCommit(ctx: RequestContext, event: DomainEvent): void {
    const runner = ctx.manager.queryRunner;
    if (!runner || !runner.isTransactionActive) {
      void this.publish(event);
      return;
    }
    const list = this.pending.get(runner);
    if (list) list.push(event);
    else this.pending.set(runner, [event]);
  }

  /**
   * Publishes an event whose change has committed. Events of one record go out in the order they
   * were raised; the promise settles when this one has been handed to the bus, and never rejects.
   */
  publish(event: DomainEvent): Promise<void> {
    const key = recordKey(event);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.send(event));
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Resolves when every publication started so far has finished. */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  /**
   * The events of `topic` that the actor may hear, as an async iterator for a GraphQL
   * subscription. The bus subscription is in place when the promise resolves.
   */
  async stream(ctx: RequestContext, topic: EventTopic): Promise<AsyncIterableIterator<Envelope>> {
    const actor = requireActor(ctx);
    let id: number | undefined;
    const stream = new EventStream<Envelope>(() => {
      this.streams.delete(stream);
      if (id !== undefined) this.release(id);
    });
    this.streams.add(stream);
    try {
      id = await this.bus.subscribe(channelOf(topic), (envelope) => {
        if (mayHear(actor, envelope.audience)) stream.push(envelope);
      });
    } catch (error) {
      stream.close();
      throw error;
    }
    // Closed while subscribing (the client left, or the service is stopping): let go at once.
    if (stream.isClosed) this.release(id);
    else if (this.stopped) stream.close();
    return stream;
  }

  private release(id: number): void {
    try {
      this.bus.unsubscribe(id);
    } catch (error) {
      this.logger.warn(`Releasing subscription ${id}: ${(error as Error).message}`);
    }
  }

  private committed(runner: QueryRunner): void {
    // A released savepoint also reports a commit; only the outermost commit publishes.
    if (runner.isTransactionActive) return;
    const events = this.pending.get(runner);
    if (!events) return;
    this.pending.delete(runner);
    // Not awaited: the connection goes back to the pool first, and a slow bus never holds it.
    for (const event of events) void this.publish(event);
  }

  private rolledBack(runner: QueryRunner): void {
    if (!runner.isTransactionActive) this.pending.delete(runner);
  }

  private async send(event: DomainEvent): Promise<void> {
    try {
      const audience = await this.audienceOf(event);
      await this.bus.publish(channelOf(event.topic), { event, audience });
    } catch (error) {
      this.logger.error(
        `Publishing ${event.topic} event ${event.action}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * The parties of the record, and for demand also: lender firms with live proposals or loans
   * for it, and lender firms with a lendable employee who qualifies for it (the "saved search":
   * told when it is posted, and of its later changes too, so that they learn when it is gone),
   * found with the candidate search itself, so "qualifies" means exactly what matching means.
   */
  private async audienceOf(event: DomainEvent): Promise<Audience> {
    const audience = baseAudience(event);
    if (event.topic !== EventTopic.DEMAND) return audience;
    const system = RequestContext.system(this.dataSource.manager);
    const now = new Date();
    // The demand's kept pairs brought up to date first: for a new demand, this is its search.
    await settleCandidatePairs(
      systemTransactions(this.tx, system),
      [event.demandId],
      now,
      this.frequencies,
    );
    const { involved, qualified } = await this.tx.runAsSystem(
      system,
      'demand event audience: lender firms across the pool',
      async ({ manager }) => ({
        involved: await this.lendersInvolved(manager, event),
        qualified: await findQualifiedLenders(manager, event.demandId, now),
      }),
    );
    audience.companyIds = [...new Set([...audience.companyIds, ...involved, ...qualified])];
    audience.qualifiedCompanyIds = qualified;
    return audience;
  }

  private async lendersInvolved(manager: EntityManager, event: DemandEvent): Promise<string[]> {
    // match_proposal_demand_id_employee_id_live_key and loan_demand_id_idx serve this.
    const rows: { companyId: string }[] = await manager.query(
      `SELECT lender_company_id AS "companyId" FROM match_proposal
       WHERE demand_id = $1 AND status = ANY($2::proposal_status[])
       UNION
       SELECT lender_company_id FROM loan WHERE demand_id = $1`,
      [event.demandId, [...LIVE_PROPOSAL_STATUSES]],
    );
    return rows.map((r) => r.companyId);
  }
}
