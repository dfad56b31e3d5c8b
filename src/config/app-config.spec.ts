import { ConfigError, DEV_JWT_SECRET, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults: port 3000, embedded database, demo seeding on', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({
      PORT: 3000,
      SEED_DEMO: true,
      EMBEDDED_PG_PORT: 0,
    });
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.introspection).toBe(true);
  });

  it('reads PORT, SEED_DEMO=false and DATABASE_URL', () => {
    const sut = loadConfig({ PORT: '4010', SEED_DEMO: 'false', DATABASE_URL: 'postgres://u@h/db' });
    expect(sut).toMatchObject({ PORT: 4010, SEED_DEMO: false, DATABASE_URL: 'postgres://u@h/db' });
  });

  it('names every bad variable in one clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT="eighty".*\n.*LOG_LEVEL="loud"/s,
    );
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow(
      /JWT_SECRET/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'q7Vb2LxN9pR4tY8wK3mZ6cH1sD5fG0jA' })
        .introspection,
    ).toBe(false);
  });

  it('refuses a long but guessable JWT secret in production, not in development', () => {
    for (const weak of [
      'x'.repeat(40),
      'abcd'.repeat(10),
      'please-change-me-this-is-our-jwt-secret',
    ]) {
      expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: weak })).toThrow(
        /JWT_SECRET: too guessable/,
      );
      expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: weak }).JWT_SECRET).toBe(weak);
    }
  });

  it('reads the query and rate limits, with safe defaults', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      GRAPHQL_MAX_DEPTH: 15,
      GRAPHQL_MAX_ALIASES: 15,
      GRAPHQL_MAX_TOKENS: 2000,
      GRAPHQL_MAX_COST: 10000,
      LOGIN_MAX_FAILURES_PER_EMAIL: 5,
    });
    expect(loadConfig({ GRAPHQL_MAX_DEPTH: '8', RATE_LIMIT_USER_POINTS: '10' })).toMatchObject({
      GRAPHQL_MAX_DEPTH: 8,
      RATE_LIMIT_USER_POINTS: 10,
    });
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH/);
  });

  it('reads the process role and queue settings, and refuses a worker without Redis', () => {
    expect(loadConfig({})).toMatchObject({
      PROCESS_ROLE: 'all',
      servesApi: true,
      runsJobs: true,
      QUEUE_PREFIX: 'clp',
      OTEL_ENABLED: false,
    });
    const api = loadConfig({ PROCESS_ROLE: 'api', REDIS_URL: 'redis://r:6379' });
    expect([api.servesApi, api.runsJobs]).toEqual([true, false]);
    const worker = loadConfig({ PROCESS_ROLE: 'worker', REDIS_URL: 'redis://r:6379' });
    expect([worker.servesApi, worker.runsJobs]).toEqual([false, true]);
    expect(() => loadConfig({ PROCESS_ROLE: 'worker' })).toThrow(
      /PROCESS_ROLE=worker needs REDIS_URL/,
    );
    expect(() => loadConfig({ PROCESS_ROLE: 'both' })).toThrow(/PROCESS_ROLE="both"/);
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.nl' })).toThrow(/set together/);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.nl', ADMIN_PASSWORD: 'long enough' }).ADMIN_EMAIL).toBe(
      'a@b.nl',
    );
  });
});
