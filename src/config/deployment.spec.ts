import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configKeys, loadConfig } from './app-config';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  image?: string;
}

/** `${VAR:-default}` takes its default, `${VAR:?message}` a value that passes validation. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind, rest: string) => {
    if (kind === '-') return rest;
    if (name === 'JWT_SECRET') return 'q7Vb2LxN9pR4tY8wK3mZ6cH1sD5fG0jAqT5uE8';
    if (name === 'DATABASE_APP_PASSWORD') return 'a-clp-app-password';
    return name === 'ADMIN_PASSWORD' ? 'a-long-enough-password' : rest;
  });
}

/** Environment lines (`ENV A=1 \ B=2`) of a Dockerfile stage. */
function dockerfileEnv(stage: string): Record<string, string> {
  const env: Record<string, string> = {};
  const joined = stage.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const [, key, value] of line.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
  }
  return env;
}

/**
 * docker/ must match the code: every variable the compose file and the Dockerfile set is one that
 * src/config/app-config.ts reads, and passes its validation; ports, entry point and roles agree.
 */
describe('deployment files (docker/)', () => {
  const compose = parse(read('docker/docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const dockerfile = read('docker/Dockerfile');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  const apps = Object.entries(compose.services).filter(([, s]) => s.build);

  it('builds two API instances and a worker from docker/Dockerfile, after healthy PostgreSQL 17 and Redis 7', () => {
    const roles = apps.map(([name, s]) => [name, s.environment?.PROCESS_ROLE]);
    expect(roles).toEqual([
      ['api-1', 'api'],
      ['api-2', 'api'],
      ['worker', 'worker'],
    ]);
    for (const [, service] of apps) {
      expect(service.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(compose.services.postgres.image).toBe('postgres:17');
    expect(compose.services.redis.image).toBe('redis:7');
    expect(compose.services.postgres.healthcheck).toBeDefined();
    expect(compose.services.redis.healthcheck).toBeDefined();
  });

  it('sets only variables the service reads, with values its validation accepts', () => {
    const known = new Set(configKeys());
    const imageEnv = dockerfileEnv(runtime);
    expect(Object.keys(imageEnv).filter((k) => !known.has(k))).toEqual([]);
    for (const [name, service] of apps) {
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
      );
      expect({ name, unknown: Object.keys(env).filter((k) => !known.has(k)) }).toEqual({
        name,
        unknown: [],
      });
      const config = loadConfig({ ...imageEnv, ...env });
      expect(config.isProduction).toBe(true);
      expect(config.DATABASE_URL).toMatch(/^postgres:\/\/\w+:\w+@postgres:5432\/labour_pool$/);
      expect(config.REDIS_URL).toBe('redis://redis:6379');
      // Production refuses the development password of clp_app: the operator must set one.
      expect(service.environment?.DATABASE_APP_PASSWORD).toMatch(/^\$\{DATABASE_APP_PASSWORD:\?/);
      expect(config.DATABASE_APP_PASSWORD).toBe('a-clp-app-password');
      // The published port maps onto the port the process listens on.
      for (const mapping of service.ports ?? []) {
        expect(mapping.split(':')[1]).toBe(String(config.PORT));
      }
    }
    const db = compose.services.postgres.environment ?? {};
    expect(apps[0][1].environment?.DATABASE_URL).toBe(
      `postgres://${db.POSTGRES_USER}:${db.POSTGRES_PASSWORD}@postgres:5432/${db.POSTGRES_DB}`,
    );
  });

  it('starts the compiled entry point that nest build writes with the node flags of start:prod, as a non-root user, with a health check on /health', () => {
    const nest = JSON.parse(read('nest-cli.json')) as { entryFile: string };
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const tsconfig = JSON.parse(read('tsconfig.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: './dist', rootDir: '.' });
    // `npm run start:prod` is `node <flags> dist/<entryFile>`; the image runs the same.
    const startProd = pkg.scripts['start:prod'].split(/\s+/);
    expect(startProd[0]).toBe('node');
    expect(startProd[startProd.length - 1]).toBe(`dist/${nest.entryFile}`);
    const cmd = ['node', ...startProd.slice(1, -1), `dist/${nest.entryFile}.js`];
    expect(cmd).toContain('--max-semi-space-size=64');
    expect(runtime).toContain(`CMD [${cmd.map((a) => JSON.stringify(a)).join(', ')}]`);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/health/);
    expect(runtime).toMatch(/RUN_MIGRATIONS=true/);
    // Migrations are compiled with the sources (data-source.ts imports ../../migrations).
    const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    expect(build.include).toEqual(expect.arrayContaining(['src', 'migrations']));
    expect(dockerfile).toContain('COPY migrations ./migrations');
  });
});
