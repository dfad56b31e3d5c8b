import { Injectable } from '@nestjs/common';
import type { onRequestHookHandler } from 'fastify';
import { ErrorCode } from '../common/errors';

/** The readiness endpoint: always served, also while draining and on a worker. */
export const HEALTH_PATH = '/health';

/**
 * Whether this process still takes new work, and how many HTTP requests are in flight. Graceful
 * shutdown (src/health/graceful-shutdown.ts) sets `draining`; `/health` then answers 503 so that a
 * load balancer stops routing here, and new requests are turned away while in-flight ones finish.
 */
@Injectable()
export class ServiceState {
  private drainingSince: Date | null = null;
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  /** True once shutdown has begun. */
  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Requests (other than `/health`) that have started and not yet finished. */
  get inFlight(): number {
    return this.active;
  }

  /** When draining began, for `/health`. */
  get drainingSinceIso(): string | null {
    return this.drainingSince?.toISOString() ?? null;
  }

  /** Stops taking new work. Idempotent. */
  startDraining(): void {
    this.drainingSince ??= new Date();
  }

  /** Resolves when no request is in flight, or with `false` after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(done);
    });
  }

  /**
   * Fastify `onRequest` hook: counts in-flight requests and, while draining, answers new ones with
   * 503 and a GraphQL-shaped SERVICE_UNAVAILABLE error (`/health` always passes, to report
   * draining). A request counts until its response closes, also when the client went away.
   */
  readonly onRequest: onRequestHookHandler = (request, reply, done) => {
    if (request.routeOptions.url === HEALTH_PATH) return done();
    if (this.draining) {
      void reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', '1')
        .send({
          errors: [
            {
              message: 'The server is shutting down; retry on another instance',
              extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason: 'SHUTTING_DOWN' },
            },
          ],
        });
      return;
    }
    this.active++;
    let finished = false;
    reply.raw.once('close', () => {
      if (finished) return;
      finished = true;
      this.active--;
      if (this.active === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
    });
    done();
  };
}
