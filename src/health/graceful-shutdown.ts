import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { ServiceState } from './service-state';

/** How a graceful shutdown went. */
export interface ShutdownOutcome {
  /** Every in-flight request finished before the timeout. */
  drained: boolean;
  /** Requests still running when the timeout struck (0 when drained). */
  abandoned: number;
}

/**
 * Drains one process: marks it draining (`/health` answers 503, new requests get 503
 * SERVICE_UNAVAILABLE), waits up to `timeoutMs` for in-flight requests, then closes idle
 * keep-alive connections. Closing the application (database pool, Redis, queue worker, which
 * lets its running job finish) is the caller's next step, and only sensible when drained: a
 * request still running holds a database connection that would keep the pool from closing, so
 * the caller exits instead and PostgreSQL rolls that request's transaction back.
 */
export async function drain(app: INestApplication, timeoutMs: number): Promise<ShutdownOutcome> {
  const state = app.get(ServiceState);
  state.startDraining();
  const drained = await state.whenIdle(timeoutMs);
  const server = app.getHttpServer() as Server;
  server.closeIdleConnections();
  return { drained, abandoned: drained ? 0 : state.inFlight };
}
