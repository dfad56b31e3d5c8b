import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { startTracing } from './observability/tracing';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // Tracing patches http, graphql and pg as they load, so it starts before the
  // application modules are imported (hence the dynamic imports below).
  const tracing = await startTracing(config);
  const { createApp } = await import('./create-app');
  const { drain } = await import('./health/graceful-shutdown');
  const log = new Logger('Bootstrap');

  const created = await createApp(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Closing the pool and Redis gets a little time of its own after the drain.
    setTimeout(() => {
      log.error('Shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 10_000).unref();
    log.log(`${signal}: draining (at most ${config.SHUTDOWN_TIMEOUT_MS} ms)`);
    const outcome = await drain(created.app, config.SHUTDOWN_TIMEOUT_MS);
    if (!outcome.drained) {
      // Their database connections die with the process; PostgreSQL rolls their work back.
      log.error(`${outcome.abandoned} request(s) still running after the timeout; exiting`);
      await tracing?.shutdown();
      process.exit(1);
    }
    await created.close();
    await tracing?.shutdown();
    log.log('Drained and closed; exiting');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Every interface, as node's own servers do: Fastify would listen on localhost only, out of
  // reach of a load balancer or another container.
  await created.app.listen(config.PORT, '0.0.0.0');
  log.log(
    config.servesApi
      ? `Listening on http://localhost:${config.PORT}/graphql (health: /health), role ${config.PROCESS_ROLE}`
      : `Matching worker; health on http://localhost:${config.PORT}/health`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
