import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { fieldProblems } from './common/error-mapping';
import { BadUserInputError, ErrorCode } from './common/errors';
import { HttpErrorFilter } from './common/http-error.filter';
import { InputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { appDatabaseUrl, assertUnprivilegedAppRole } from './database/app-connection';
import { openDatabase, withStartupLock } from './database/data-source';
import { DatabaseTarget, resolveDatabase } from './database/database-url';
import { guardScope } from './database/scope';
import { HEALTH_PATH, ServiceState } from './health/service-state';
import { requestIdOf } from './observability/request-id';
import { rejectBatchedRequests } from './security/batch-requests';
import { seedDemoIfEmpty } from './seed/demo-seed';

/** Largest request body accepted (1 MiB); larger ones get 413 with a GraphQL-shaped error. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** How long a client may take to send one whole request, headers and body. */
export const REQUEST_TIMEOUT_MS = 60_000;

/** A running (or ready to listen) application and how to shut it down cleanly. */
export interface CreatedApp {
  app: INestApplication;
  /** The application's pool: the non-owner role, bound by row-level security. */
  dataSource: DataSource;
  /** The owner's (migrating) connection, open only when asked for (tests' factories use it). */
  ownerDataSource: DataSource | null;
  /** The owner's URL. */
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The one start-up path for the server, the tests and the scripts: resolve the database (embedded
 * when DATABASE_URL is unset), migrate, build the Nest application, ensure the first ADMIN and
 * seed the demo data when asked to.
 */
export async function createApp(
  config: AppConfig,
  options: {
    database?: DatabaseTarget;
    keepOwnerConnection?: boolean;
    logDestination?: DestinationStream;
  } = {},
): Promise<CreatedApp> {
  const bootLog = new Logger('Bootstrap');
  const target = options.database ?? (await resolveDatabase(config, (line) => bootLog.log(line)));
  // The owner migrates and seeds; the application's pool connects as a role that owns nothing, so
  // that row-level security binds it (see SECURITY.md, "Tenant isolation in the database").
  const owner = await openDatabase(target.url, { migrate: config.RUN_MIGRATIONS, poolSize: 2 });
  const dataSource = await openDatabase(await appDatabaseUrl(owner, target.url, config), {
    migrate: false,
    poolSize: config.DB_POOL_SIZE,
  });
  // Before any use: every checkout of the pool goes through the scope setter (src/database/scope.ts).
  guardScope(dataSource);
  try {
    await assertUnprivilegedAppRole(dataSource);
  } catch (error) {
    await dataSource.destroy();
    await owner.destroy();
    throw error;
  }

  // Fastify rather than Express: its router, body parsing and reply cost less than half of
  // Express' CPU per request, a large share of what a small GraphQL read pays (README, "API
  // speed"). Its JSON parser (prototype poisoning refused) reads bodies up to the limit; a
  // text/plain body reaches Apollo, which refuses it (CSRF prevention); other types get 415.
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, dataSource, { logDestination: options.logDestination }),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      genReqId: requestIdOf,
      // Fastify turns off node's limit on receiving a request (300 s); a client that trickles
      // its headers and body gets 60 s, plenty for 1 MiB (408, then the connection closes).
      requestTimeout: REQUEST_TIMEOUT_MS,
    }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(PinoLogger));
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const state = app.get(ServiceState);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onRequest', state.onRequest);
  if (!config.servesApi) fastify.addHook('onRequest', healthOnly);
  fastify.addHook('preHandler', rejectBatchedRequests);
  // Malformed or oversized bodies (and unknown paths) answer like GraphQL errors, never as a 500.
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), BODY_LIMIT_BYTES));
  app.useGlobalPipes(
    new InputValidationPipe({
      transform: true,
      forbidUnknownValues: false,
      exceptionFactory: (errors) => {
        const fields = fieldProblems(errors);
        return new BadUserInputError(
          `Invalid input: ${fields.map((f) => f.message).join('; ')}`,
          fields,
        );
      },
    }),
  );
  // No enableShutdownHooks(): Nest would close everything at once on SIGTERM. Signals are handled
  // in main.ts, which drains in-flight requests first (src/health/graceful-shutdown.ts).

  await app.init();
  // Routes and hooks are complete: Fastify can compile them, and the server answers requests
  // from here on whether or not it listens (tests hand it to supertest without listening).
  await fastify.ready();
  await withStartupLock(owner, async () => {
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      await app.get(AuthService).ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    }
    if (config.SEED_DEMO) {
      const seeded = await seedDemoIfEmpty(owner);
      if (seeded) bootLog.log('Seeded the demo data (see README for the demo logins)');
    }
  });
  if (!options.keepOwnerConnection) await owner.destroy();

  let closed = false;
  return {
    app,
    dataSource,
    ownerDataSource: options.keepOwnerConnection ? owner : null,
    databaseUrl: target.url,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      if (owner.isInitialized) await owner.destroy();
      if (!options.database) await target.release();
    },
  };
}

/** A worker process (PROCESS_ROLE=worker) serves `/health` for its monitor and nothing else. */
const healthOnly: onRequestHookHandler = (request, reply, done) => {
  if (request.routeOptions.url === HEALTH_PATH) return done();
  void reply.code(404).send({
    errors: [
      {
        message: 'This process is a matching worker (PROCESS_ROLE=worker); it serves only /health',
        extensions: { code: ErrorCode.NOT_FOUND, reason: 'WORKER_ONLY' },
      },
    ],
  });
};
