import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { HEALTH_PATH, ServiceState } from './service-state';

/** How long the database round trip of `/health` may take before the database counts as down. */
const DATABASE_TIMEOUT_MS = 2000;

/**
 * `/health`: readiness. 200 when the database answers `SELECT 1` within 2 s and the process is
 * not shutting down; otherwise 503 with the details (`database` down with the driver's message,
 * `lifecycle` down while draining). It never waits on the database longer than that timeout, so
 * it keeps answering while PostgreSQL is gone.
 */
@Controller(HEALTH_PATH.slice(1))
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly state: ServiceState,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.lifecycle(), () => this.database()]);
  }

  private lifecycle(): HealthIndicatorResult {
    const indicator = this.indicators.check('lifecycle');
    return this.state.draining
      ? indicator.down({
          draining: true,
          since: this.state.drainingSinceIso,
          inFlight: this.state.inFlight,
        })
      : indicator.up({ draining: false });
  }

  private async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        // A pooled connection that the server dropped (a restart, pg_terminate_backend) fails
        // once and leaves the pool; the second try gets a fresh one, so a healthy database is
        // not reported down for a stale connection.
        this.dataSource.query('SELECT 1').catch(() => this.dataSource.query('SELECT 1')),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${DATABASE_TIMEOUT_MS} ms`)),
            DATABASE_TIMEOUT_MS,
          );
        }),
      ]);
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
