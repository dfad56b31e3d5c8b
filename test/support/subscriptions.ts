import { JwtService } from '@nestjs/jwt';
import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { User } from '../../src/auth/user.entity';
import { loadConfig } from '../../src/config/app-config';
import { createApp, CreatedApp } from '../../src/create-app';
import { GqlClient, Json, TestApp } from './test-app';

type Actor = Pick<User, 'id' | 'role' | 'companyId' | 'employeeId'>;

/** A bearer token for `user`, minted by the app's own JwtService. */
export function tokenFor(app: CreatedApp, user: Actor): string {
  return app.app
    .get(JwtService)
    .sign({ sub: user.id, role: user.role, cid: user.companyId, eid: user.employeeId });
}

/** Makes the app listen on a free port of 127.0.0.1 and returns its GraphQL WebSocket URL. */
export async function listen(app: CreatedApp): Promise<string> {
  const server = app.app.getHttpServer();
  if (!server.listening) await app.app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}/graphql`;
}

/** A second API instance on the database of `sut` (as behind a load balancer). */
export interface SecondInstance {
  created: CreatedApp;
  as(user: Actor): GqlClient;
  close(): Promise<void>;
}

export async function startSecondInstance(
  sut: TestApp,
  env: Record<string, string> = {},
): Promise<SecondInstance> {
  const url = sut.created.databaseUrl;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    SEED_DEMO: 'false',
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '5',
    QUEUE_PREFIX: sut.config.QUEUE_PREFIX,
    ...env,
  });
  const created = await createApp(config, {
    database: { url, embedded: false, release: async () => undefined },
  });
  const server = created.app.getHttpServer();
  return {
    created,
    as: (user) => new GqlClient(server, tokenFor(created, user)),
    close: () => created.close(),
  };
}

/** One subscription: everything it received, and a way to wait for what is still to come. */
export class Subscription {
  readonly received: Json[] = [];
  readonly errors: unknown[] = [];
  private waiters: { test: (data: Json) => boolean; resolve: (data: Json) => void }[] = [];
  private dispose: () => void = () => undefined;

  constructor(private readonly field: string) {}

  start(client: Client, query: string): this {
    this.dispose = client.subscribe<Json>(
      { query },
      {
        next: (result) => {
          if (result.errors) this.errors.push(result.errors);
          const data = result.data?.[this.field] as Json | undefined;
          if (!data) return;
          this.received.push(data);
          this.waiters = this.waiters.filter((w) => {
            if (!w.test(data)) return true;
            w.resolve(data);
            return false;
          });
        },
        error: (error) => this.errors.push(error),
        complete: () => undefined,
      },
    );
    return this;
  }

  /** The first event (already received or still to come) that passes `test`. */
  next(test: (data: Json) => boolean = () => true, timeoutMs = 10_000): Promise<Json> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `No ${this.field} event passed the test within ${timeoutMs} ms; received ${JSON.stringify(this.received)}, errors ${JSON.stringify(this.errors)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
      });
    });
  }

  stop(): void {
    this.dispose();
  }
}

/** A graphql-ws client over a real WebSocket, as a frontend would open one. */
export class SubscriptionClient {
  private constructor(
    readonly client: Client,
    readonly closed: Promise<{ code: number; reason: string }>,
  ) {}

  /** Connects; resolves once the server acknowledged, rejects with the close code if refused. */
  static async connect(url: string, token?: string): Promise<SubscriptionClient> {
    let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
    let onConnected: () => void = () => undefined;
    const connected = new Promise<void>((resolve) => (onConnected = resolve));
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      on: {
        connected: () => onConnected(),
        closed: (event) => {
          const e = event as { code?: number; reason?: string };
          onClosed({ code: e.code ?? 0, reason: String(e.reason ?? '') });
        },
      },
    });
    const outcome = await Promise.race([
      connected.then(() => 'connected' as const),
      closed.then((e) => e),
    ]);
    if (outcome !== 'connected') {
      await client.dispose();
      throw Object.assign(new Error(`Connection refused: ${outcome.code} ${outcome.reason}`), {
        closeCode: outcome.code,
      });
    }
    return new SubscriptionClient(client, closed);
  }

  subscribe(field: string, query: string): Subscription {
    return new Subscription(field).start(this.client, query);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/**
 * Waits until `subscription` is live on the server: sends probes (`probe` raises an event the
 * subscriber may hear, marked by `isProbe`) until one arrives. A subscription has no
 * acknowledgement in graphql-ws, and with Redis the SUBSCRIBE completes asynchronously.
 */
export async function untilLive(
  subscription: Subscription,
  probe: () => Promise<void>,
  isProbe: (data: Json) => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const heard = subscription
    .next(isProbe, timeoutMs)
    .then(() => true)
    .catch(() => false);
  while (Date.now() < deadline) {
    await probe();
    const done = await Promise.race([heard, new Promise((r) => setTimeout(() => r(false), 100))]);
    if (done) return;
  }
  throw new Error('The subscription did not become live in time');
}

/** Lets events still in flight arrive before asserting that something did not. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
