import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { Actor } from '../auth/actor';
import { RateLimitedError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { SecurityErrorReason } from './security.errors';

/** Where the counters live: this process, or Redis shared by every instance. */
export type RateLimitStore = 'memory' | 'redis';

interface Bucket {
  points: number;
  duration: number;
  prefix: string;
}

/**
 * Cost-based rate limits (rate-limiter-flexible): every operation spends its query cost (so
 * aliases count) from the bucket of its user and from the bucket of its client IP; logins are
 * throttled per email (failed attempts) and per IP (all attempts). Counters are in memory, or in
 * Redis when `REDIS_URL` is set so that all instances share them; if Redis fails, each instance
 * falls back to its own memory counters (the insurance limiter) rather than refusing service.
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis?: Redis;
  private readonly perUser: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;
  private readonly loginPerEmail: RateLimiterAbstract;
  private readonly loginPerIp: RateLimiterAbstract;
  readonly store: RateLimitStore;

  constructor(private readonly config: AppConfig) {
    if (config.REDIS_URL) {
      this.redis = new Redis(config.REDIS_URL, {
        maxRetriesPerRequest: 1,
        connectionName: 'clp-rate-limit',
        enableOfflineQueue: false,
      });
      let lastError = '';
      this.redis.on('error', (error: Error) => {
        if (error.message === lastError) return;
        lastError = error.message;
        this.logger.error(`Redis rate-limit connection: ${error.message}`);
      });
      this.redis.on('ready', () => (lastError = ''));
    }
    this.store = this.redis ? 'redis' : 'memory';
    const window = config.RATE_LIMIT_WINDOW_SECONDS;
    const loginWindow = config.LOGIN_WINDOW_SECONDS;
    this.perUser = this.limiter({
      points: config.RATE_LIMIT_USER_POINTS,
      duration: window,
      prefix: 'user',
    });
    this.perIp = this.limiter({
      points: config.RATE_LIMIT_IP_POINTS,
      duration: window,
      prefix: 'ip',
    });
    this.loginPerEmail = this.limiter({
      points: config.LOGIN_MAX_FAILURES_PER_EMAIL,
      duration: loginWindow,
      prefix: 'login-email',
    });
    this.loginPerIp = this.limiter({
      points: config.LOGIN_MAX_ATTEMPTS_PER_IP,
      duration: loginWindow,
      prefix: 'login-ip',
    });
  }

  private limiter({ points, duration, prefix }: Bucket): RateLimiterAbstract {
    const keyPrefix = `clp-rl-${prefix}`;
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    if (!this.redis) return memory;
    return new RateLimiterRedis({
      storeClient: this.redis,
      points,
      duration,
      keyPrefix,
      insuranceLimiter: memory,
    });
  }

  /**
   * Spends `cost` points of the actor's and of the IP's budget; throws RATE_LIMITED
   * (`REQUEST_BUDGET_SPENT`, with `retryAfterSeconds`) when either is spent.
   */
  async spend(actor: Actor | null, ip: string, cost: number): Promise<void> {
    const points = Math.max(1, Math.ceil(cost));
    const spends: [RateLimiterAbstract, string, string][] = [[this.perIp, ip, 'this address']];
    if (actor) spends.push([this.perUser, actor.userId, 'this user']);
    for (const [limiter, key, who] of spends) {
      await consume(limiter, key, points, (retry) => {
        return new RateLimitedError(
          `Rate limit reached for ${who}: retry in ${retry} s`,
          SecurityErrorReason.REQUEST_BUDGET_SPENT,
          retry,
        );
      });
    }
  }

  /**
   * Before checking a password: refuses (RATE_LIMITED, `LOGIN_THROTTLED`) when the email has had
   * too many failed attempts in the window, and counts the attempt against the IP.
   */
  async beforeLogin(email: string, ip: string): Promise<void> {
    const throttled = (retry: number) =>
      new RateLimitedError(
        `Too many login attempts: retry in ${retry} s`,
        SecurityErrorReason.LOGIN_THROTTLED,
        retry,
      );
    const failures = await this.loginPerEmail.get(emailKey(email));
    if (failures && failures.consumedPoints >= this.config.LOGIN_MAX_FAILURES_PER_EMAIL) {
      throw throttled(secondsOf(failures));
    }
    await consume(this.loginPerIp, ip, 1, throttled);
  }

  /** Counts a failed login against the email. */
  async loginFailed(email: string): Promise<void> {
    await this.loginPerEmail.penalty(emailKey(email), 1);
  }

  /** A successful login clears the email's failures. */
  async loginSucceeded(email: string): Promise<void> {
    await this.loginPerEmail.delete(emailKey(email));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') {
      await this.redis.quit().catch(() => this.redis?.disconnect());
    }
  }
}

/**
 * Counters are keyed by a hash of the normalised address (`A@x.nl ` and `a@x.nl` share one), so
 * no email address is stored in Redis.
 */
function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

function secondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  points: number,
  refusal: (retryAfterSeconds: number) => Error,
): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (rejection) {
    // A store failure without insurance rejects with an Error; only a RateLimiterRes means "over".
    if (rejection instanceof RateLimiterRes) throw refusal(secondsOf(rejection));
    throw rejection;
  }
}
