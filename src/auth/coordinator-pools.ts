import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client, type Notification, type Pool, type PoolConfig } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ownUnprotectedRows } from '../database/scope';

/** The channel `pool_coordinator`'s trigger notifies (migration `PoolCoordinatorNotify`). */
export const COORDINATOR_CHANNEL = 'clp_pool_coordinator';

/** Coordinators whose pools are kept; beyond that the longest kept is dropped first. */
const CAPACITY = 10_000;
/** Waits before listening again after the connection was lost: doubled per failure, capped. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * The pools each coordinator coordinates, read from `pool_coordinator` and kept in memory while
 * this process listens on {@link COORDINATOR_CHANNEL}, so that a coordinator's request does not
 * spend a statement on them (it did on every request: a third of the statements of a simple
 * read). The table's trigger notifies the user id of every row inserted, updated or deleted when
 * the change commits, whatever made it (the API, a cascade, an operator's SQL); the notification
 * drops that user's entry, and the next request reads it again.
 *
 * Kept only while listening, so never stale by more than the notification's delivery: nothing is
 * served from memory before the first `LISTEN` has succeeded (the process listens on first use,
 * so a worker or a script never opens the connection), everything is forgotten when the
 * connection is lost and again when it is back (changes made meanwhile sent their notifications
 * to nobody), and a read that a notification (or the loss) overtook is returned to its request
 * but not kept. The API also forgets a user as soon as its own write commits ({@link forget}), so
 * that this process's next request sees the change without waiting for the notification.
 */
@Injectable()
export class CoordinatorPools implements OnModuleDestroy {
  private readonly log = new Logger(CoordinatorPools.name);
  private readonly kept = new Map<string, readonly string[]>();
  /** Bumped by every forget, loss and reconnection: a read that began before one is not kept. */
  private generation = 0;
  private listener: Client | null = null;
  /** Set once the listener's LISTEN succeeded (a listener without it is still connecting). */
  private listening = false;
  private retryMs = RETRY_FIRST_MS;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Whether entries are served from memory (the listener is up). */
  get isListening(): boolean {
    return this.listening;
  }

  /** The pool ids of coordinator `userId`. */
  async poolsOf(userId: string): Promise<readonly string[]> {
    if (this.listening) {
      const kept = this.kept.get(userId);
      if (kept) return kept;
    } else {
      this.listen();
    }
    const generation = this.generation;
    // pool_coordinator is not protected (plain rows, no entities; see ownUnprotectedRows).
    const rows = await ownUnprotectedRows<{ poolId: string }>(
      this.dataSource,
      userId,
      'SELECT pool_id AS "poolId" FROM pool_coordinator WHERE user_id = $1',
      [userId],
    );
    const pools = Object.freeze(rows.map((r) => r.poolId));
    if (this.listening && generation === this.generation) {
      if (this.kept.size >= CAPACITY) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(userId, pools);
    }
    return pools;
  }

  /** Forgets `userId`'s pools (their rows changed). */
  forget(userId: string): void {
    this.generation++;
    this.kept.delete(userId);
  }

  /** Forgets every user's pools. */
  private forgetAll(): void {
    this.generation++;
    this.kept.clear();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const listener = this.listener;
    this.lost(null);
    await listener?.end().catch(() => undefined);
  }

  /** Opens the listening connection unless it is open, opening or waiting to retry. */
  private listen(): void {
    if (this.closed || this.listener || this.retry) return;
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = new Client(pool.options as PoolConfig);
    // Until the LISTEN succeeded, a lost connection only ends this attempt.
    client.on('error', (error) => this.lostListener(client, error));
    client.on('end', () => this.lostListener(client));
    client.on('notification', (n: Notification) => this.notified(n));
    this.listener = client;
    client
      .connect()
      .then(() => client.query(`LISTEN ${COORDINATOR_CHANNEL}`))
      .then(() => {
        if (this.listener !== client) {
          void client.end().catch(() => undefined);
          return;
        }
        // Whatever changed while nobody listened is unknown: start empty.
        this.forgetAll();
        this.listening = true;
        this.retryMs = RETRY_FIRST_MS;
      })
      .catch((error: Error) => this.lostListener(client, error));
  }

  private notified(n: Notification): void {
    if (n.channel !== COORDINATOR_CHANNEL) return;
    if (n.payload) this.forget(n.payload);
    else this.forgetAll();
  }

  /** The listening connection `client` failed or ended: stop serving from memory, retry later. */
  private lostListener(client: Client, error?: Error): void {
    if (this.listener !== client) return;
    if (error && !this.closed) {
      this.log.warn(
        `Coordinator pools are read per request until listening again: ${error.message}`,
      );
    }
    this.lost(client);
    client.end().catch(() => undefined);
    if (this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.listen();
    }, wait);
    this.retry.unref();
  }

  private lost(client: Client | null): void {
    if (client === null || this.listener === client) this.listener = null;
    this.listening = false;
    this.forgetAll();
  }
}
