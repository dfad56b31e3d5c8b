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
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).introspection).toBe(
      false,
    );
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.nl' })).toThrow(/set together/);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.nl', ADMIN_PASSWORD: 'long enough' }).ADMIN_EMAIL).toBe(
      'a@b.nl',
    );
  });
});
