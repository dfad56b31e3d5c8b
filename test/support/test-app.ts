import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UserRole } from '../../src/auth/actor';
import { User } from '../../src/auth/user.entity';
import { AppConfig, DEV_DATABASE_APP_PASSWORD, loadConfig } from '../../src/config/app-config';
import { createApp, CreatedApp } from '../../src/create-app';
import { APP_ROLE } from '../../src/database/app-role';
import { createTestDatabase, TestDatabase } from './database';
import { dropQueueKeys } from './redis';

/**
 * JSON as the tests read it. Responses are dynamic, and tests assert on them with `expect`, so
 * a loose type here is deliberate (and confined to this client).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A GraphQL response as the client sees it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; reason?: string; fields?: { field: string }[] };
  }[];
}

/** A small typed client that speaks GraphQL over HTTP as one actor. */
export class GqlClient {
  constructor(
    private readonly server: Parameters<typeof request>[0],
    private readonly token?: string,
  ) {}

  async send<T = Json>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResponse<T>> {
    const req = request(this.server).post('/graphql').set('content-type', 'application/json');
    if (this.token) req.set('authorization', `Bearer ${this.token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors };
  }

  /** Sends and fails the test on any GraphQL error; returns `data`. */
  async ok<T = Json>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.send<T>(query, variables);
    if (res.errors?.length)
      throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
    return res.data as T;
  }

  /** Sends, expects exactly one error, and returns its `extensions.code`. */
  async errorCode(query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
    const res = await this.send(query, variables);
    if (!res.errors?.length)
      throw new Error(`Expected an error, got data ${JSON.stringify(res.data)}`);
    return res.errors[0].extensions?.code;
  }
}

/** The application under test on its own cloned database. */
export interface TestApp {
  created: CreatedApp;
  /** The owner's connection (not bound by row-level security): factories and checks use it. */
  db: DataSource;
  config: AppConfig;
  server: Parameters<typeof request>[0];
  anonymous: GqlClient;
  /** A client acting as `user` (a token minted for it). */
  as(user: Pick<User, 'id' | 'role' | 'companyId' | 'employeeId'>): GqlClient;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SEED_DEMO: 'false',
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DB_POOL_SIZE: '5',
    // Every query compiled on its first run (production waits for the second), so that the
    // suite runs its queries through graphql-jit (src/common/jit-executor.ts).
    GRAPHQL_JIT_AFTER: '1',
    // No background settling of the kept candidate pairs: the reads settle them, and the tests
    // that count a request's statements count the whole pool's (see candidate-pair-settler's own test).
    PAIR_SETTLE_INTERVAL_MS: '0',
    // Each app (and its second instances) has its own queues, so that test files and parallel
    // runs sharing one Redis never take each other's jobs.
    QUEUE_PREFIX: `clp-test-${randomBytes(6).toString('hex')}`,
    // Production refuses the development password of the app role unless the app's URL is given
    // explicitly; give it, with the password the global setup set (changing the role's password
    // here would race the other test files, which share the role).
    ...(env.NODE_ENV === 'production' ? { DATABASE_APP_URL: appUrl(database.url) } : {}),
    ...env,
  });
  const created = await createApp(config, {
    database: { url: database.url, embedded: false, release: async () => undefined },
    keepOwnerConnection: true,
  });
  const server = created.app.getHttpServer();
  const jwt = created.app.get(JwtService);
  return {
    created,
    db: created.ownerDataSource as DataSource,
    config,
    server,
    anonymous: new GqlClient(server),
    as: (user) =>
      new GqlClient(
        server,
        jwt.sign({ sub: user.id, role: user.role, cid: user.companyId, eid: user.employeeId }),
      ),
    close: async () => {
      await created.close();
      await database.drop();
      if (config.REDIS_URL) await dropQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
    },
  };
}

export { UserRole };

/** The test database's URL as the app role `clp_app` with its development password. */
function appUrl(url: string): string {
  const u = new URL(url);
  u.username = APP_ROLE;
  u.password = DEV_DATABASE_APP_PASSWORD;
  return u.toString();
}
