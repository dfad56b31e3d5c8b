import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
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
import { AppConfig } from './config/app-config';
import { openDatabase, withStartupLock } from './database/data-source';
import { DatabaseTarget, resolveDatabase } from './database/database-url';
import { rejectBatchedRequests } from './security/batch-requests';
import { seedDemoIfEmpty } from './seed/demo-seed';

/** Largest request body accepted; larger ones get 413 with a GraphQL-shaped error. */
export const BODY_LIMIT = '1mb';

/** A running (or ready to listen) application and how to shut it down cleanly. */
export interface CreatedApp {
  app: INestApplication;
  dataSource: DataSource;
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
  options: { database?: DatabaseTarget; logDestination?: DestinationStream } = {},
): Promise<CreatedApp> {
  const bootLog = new Logger('Bootstrap');
  const target = options.database ?? (await resolveDatabase(config, (line) => bootLog.log(line)));
  const dataSource = await openDatabase(target.url, {
    migrate: config.RUN_MIGRATIONS,
    poolSize: config.DB_POOL_SIZE,
  });

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, dataSource, { logDestination: options.logDestination }),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  app.useLogger(app.get(PinoLogger));
  app.disable('x-powered-by');
  app.use(json({ limit: BODY_LIMIT }));
  app.use(bodyErrorHandler);
  app.use('/graphql', rejectBatchedRequests);
  app.useGlobalPipes(
    new ValidationPipe({
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
  app.enableShutdownHooks();

  await app.init();
  await withStartupLock(dataSource, async () => {
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      await app.get(AuthService).ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    }
    if (config.SEED_DEMO) {
      const seeded = await seedDemoIfEmpty(dataSource);
      if (seeded) bootLog.log('Seeded the demo data (see README for the demo logins)');
    }
  });

  let closed = false;
  return {
    app,
    dataSource,
    databaseUrl: target.url,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      if (!options.database) await target.release();
    },
  };
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
