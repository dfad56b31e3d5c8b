import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** What one process of the service does; see {@link AppConfig.PROCESS_ROLE}. */
export type ProcessRole = 'all' | 'api' | 'worker';

/** The development default for JWT_SECRET; refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-please-0123456789';

/** The development password of the app's database role; refused with DATABASE_URL in production. */
export const DEV_DATABASE_APP_PASSWORD = 'clp-app-dev-only-password';

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? !['false', '0', 'no', 'off', ''].includes(value.toLowerCase())
    : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/**
 * The service's whole configuration, read once from the environment and validated at start.
 * Nothing else in the code base reads `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** When unset, an embedded PostgreSQL is started (see src/database/embedded-postgres.ts). */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /**
   * The application's own connection: a role that owns no table, so that row-level security
   * applies to it (`clp_app`, created by the migrations, or a role granted it). When unset, it is
   * `DATABASE_URL` (or the embedded server's URL) with user `clp_app` and `DATABASE_APP_PASSWORD`.
   */
  @IsOptional()
  @IsString()
  DATABASE_APP_URL?: string;

  /** Password of `clp_app`; set on the role at start when the owner may and it does not match. */
  @IsString()
  @MinLength(12, { message: 'DATABASE_APP_PASSWORD must be at least 12 characters' })
  DATABASE_APP_PASSWORD = DEV_DATABASE_APP_PASSWORD;

  /** Data folder of the embedded PostgreSQL; git-ignored, kept across restarts. */
  @IsString()
  EMBEDDED_PG_DIR = '.data/pg';

  /** Port of the embedded PostgreSQL; 0 picks a free one. Never 5432 by default. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = DEV_JWT_SECRET;

  @IsString()
  JWT_ISSUER = 'collegial-labour-pool';

  @IsString()
  JWT_AUDIENCE = 'collegial-labour-pool-api';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = true;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  /** How long an idempotency key is remembered (see SECURITY.md, "Idempotency"). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;

  /**
   * What this process does: `api` serves requests (and, with REDIS_URL, queues batch matching),
   * `worker` runs queued matching jobs (and serves only /health to be monitored), `all` both.
   */
  @IsIn(['all', 'api', 'worker'])
  PROCESS_ROLE: ProcessRole = 'all';

  /**
   * How often a process that runs jobs settles the marks writes leave on the kept candidate
   * pairs (`src/matching/candidates/candidate-pair-settler.ts`); 0 leaves them to the reads.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  PAIR_SETTLE_INTERVAL_MS = 1000;

  /** Key prefix of the BullMQ queues in Redis, so that deployments can share one Redis. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'clp';

  /** How long `runMatching` waits for its queued job before answering SERVICE_UNAVAILABLE. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  MATCHING_JOB_TIMEOUT_MS = 120_000;

  /** Matching jobs one worker process runs at once (each holds one database connection). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  MATCHING_WORKER_CONCURRENCY = 1;

  /**
   * On SIGTERM, how long in-flight requests and jobs may take to finish before the process
   * closes them and exits with status 1.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 25_000;

  /**
   * Deepest field nesting a GraphQL document may have. Introspection is not exempt, and the
   * standard introspection query of the IDEs and code generators is 15 deep.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 15;

  /** Most aliases in one GraphQL document. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 15;

  /** Most directives in one GraphQL document. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_DIRECTIVES = 10;

  /** Most lexical tokens in one GraphQL document (the parser stops counting beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(100000)
  GRAPHQL_MAX_TOKENS = 2000;

  /**
   * Runs of one query document (Apollo's cached, validated copy) after which it is executed by a
   * compiled function (graphql-jit) instead of graphql-js; 0 never compiles. See
   * src/common/jit-executor.ts.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_JIT_AFTER = 2;

  /** Highest cost of one operation: one point per field, times the page size under a list. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  GRAPHQL_MAX_COST = 10000;

  /** Cost points an authenticated user may spend per rate-limit window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_USER_POINTS = 50000;

  /** Cost points one client IP may spend per rate-limit window (all its users together). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_IP_POINTS = 100000;

  /** Length of the rate-limit window in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Failed logins per email address within the login window before it is throttled. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_EMAIL = 5;

  /** Login attempts (failed or not) per client IP within the login window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 30;

  /** Length of the login-throttle window in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /**
   * Reverse proxies in front of the service whose `X-Forwarded-For` is trusted for the client IP
   * (Express `trust proxy` hop count); 0 uses the socket address.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  /** OpenTelemetry tracing (http, graphql and pg spans); off costs nothing. */
  @Transform(toBool)
  @IsBoolean()
  OTEL_ENABLED = false;

  /** Base URL of the OTLP/HTTP collector; spans go to `<endpoint>/v1/traces`. */
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT = 'http://localhost:4318';

  /** `service.name` of the spans. */
  @IsString()
  OTEL_SERVICE_NAME = 'collegial-labour-pool';

  /** Whether this process serves the GraphQL API. */
  get servesApi(): boolean {
    return this.PROCESS_ROLE !== 'worker';
  }

  /** Whether this process runs queued matching jobs (only meaningful with REDIS_URL). */
  get runsJobs(): boolean {
    return this.PROCESS_ROLE !== 'api';
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** Introspection and the GraphQL IDE are on outside production unless configured. */
  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }
}

/** Fewest different characters a production JWT_SECRET must contain. */
export const MIN_DISTINCT_SECRET_CHARS = 10;

/**
 * A secret that is long enough but clearly not random: few different characters (`aaaa…`,
 * `abcabc…`) or built around a placeholder word. 32 random hex digits hold about 14 different
 * characters, so the check refuses no real secret (`openssl rand -hex 32` included).
 */
export function isWeakSecret(secret: string): boolean {
  if (new Set(secret).size < MIN_DISTINCT_SECRET_CHARS) return true;
  return /change.?me|secret|password|example|default|dev.?only/i.test(secret);
}

/** Raised when the environment holds a bad value; the message names every bad variable. */
export class ConfigError extends Error {}

/** Every environment variable the service reads (the ones with defaults and the optional ones). */
export function configKeys(): string[] {
  return [
    ...Object.keys(new AppConfig()),
    'DATABASE_URL',
    'DATABASE_APP_URL',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'REDIS_URL',
    'GRAPHQL_INTROSPECTION',
  ];
}

/** Reads and validates the configuration; throws {@link ConfigError} with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of configKeys()) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (m) => `${e.property}=${JSON.stringify(raw[e.property] ?? '')}: ${m}`,
    ),
  );
  if (config.isProduction && config.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push('JWT_SECRET: the development default may not be used in production');
  } else if (config.isProduction && isWeakSecret(config.JWT_SECRET)) {
    problems.push(
      `JWT_SECRET: too guessable for production (use at least ${MIN_DISTINCT_SECRET_CHARS} different characters, e.g. \`openssl rand -base64 48\`)`,
    );
  }
  if (
    config.isProduction &&
    config.DATABASE_URL &&
    !config.DATABASE_APP_URL &&
    config.DATABASE_APP_PASSWORD === DEV_DATABASE_APP_PASSWORD
  ) {
    problems.push(
      'DATABASE_APP_PASSWORD: the development default may not be used in production (or set DATABASE_APP_URL)',
    );
  }
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (config.PROCESS_ROLE === 'worker' && !config.REDIS_URL) {
    problems.push('PROCESS_ROLE=worker needs REDIS_URL: the worker takes its jobs from Redis');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
