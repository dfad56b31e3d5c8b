import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { fieldProblems } from './common/error-mapping';
import { BadUserInputError, ErrorCode } from './common/errors';
import { InputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { appDatabaseUrl, assertUnprivilegedAppRole } from './database/app-connection';
import { openDatabase, withStartupLock } from './database/data-source';
import { DatabaseTarget, resolveDatabase } from './database/database-url';
import { guardScope } from './database/scope';
import { ServiceState } from './health/service-state';
import { rejectBatchedRequests } from './security/batch-requests';
import { seedDemoIfEmpty } from './seed/demo-seed';

/** Largest request body accepted; larger ones get 413 with a GraphQL-shaped error. */
export const BODY_LIMIT = '1mb';

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

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, dataSource, { logDestination: options.logDestination }),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  app.useLogger(app.get(PinoLogger));
  app.disable('x-powered-by');
  // Express would hash every response body (SHA-1) for a weak ETag: no client revalidates a
  // GraphQL POST, and for the 25 kB page of `bench:api` (b) that is 20-50 µs a response.
  app.disable('etag');
  app.use(app.get(ServiceState).middleware);
  if (!config.servesApi) app.use(healthOnly);
  app.use(json({ limit: BODY_LIMIT }));
  app.use(bodyErrorHandler);
  app.use('/graphql', rejectBatchedRequests);
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
function healthOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/health') return next();
  res.status(404).json({
    errors: [
      {
        message: 'This process is a matching worker (PROCESS_ROLE=worker); it serves only /health',
        extensions: { code: ErrorCode.NOT_FOUND, reason: 'WORKER_ONLY' },
      },
    ],
  });
}

/** Malformed or oversized bodies answer like GraphQL errors, never as a 500. */
function bodyErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: string; status?: number; message?: string };
  if (!e || typeof e.status !== 'number' || e.status >= 500) return next(error);
  const message =
    e.type === 'entity.too.large'
      ? `Request body larger than ${BODY_LIMIT}`
      : `Malformed request body: ${e.message ?? ''}`;
  res.status(e.status).json({
    errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: e.type } }],
  });
}
