import { createHmac } from 'node:crypto';
import request from 'supertest';
import { UserRole } from '../../src/auth/actor';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { newAdmin, newCompany, newHr, TEST_PASSWORD } from '../support/factories';
import { GqlClient, startTestApp, TestApp } from '../support/test-app';

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

const b64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so that every part of it can be wrong. */
function forge(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  secret: string,
): string {
  const body = `${b64url(header)}.${b64url(claims)}`;
  const alg = String(header.alg);
  if (alg === 'none') return `${body}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${body}.${createHmac(hash, secret).update(body).digest('base64url')}`;
}

describe('tokens: pinned algorithm, issuer, audience and expiry (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('a well-formed token is accepted; alg none, another algorithm, a wrong secret, issuer or audience, or an expired token are UNAUTHENTICATED', async () => {
    const admin = await newAdmin(sut.db);
    const { JWT_SECRET: secret, JWT_ISSUER: iss, JWT_AUDIENCE: aud } = sut.config;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: admin.id, role: UserRole.ADMIN, cid: null, eid: null, iss, aud };
    const valid = { ...claims, iat: now, exp: now + 600 };
    const header = { alg: 'HS256', typ: 'JWT' };
    const me = (token: string) => new GqlClient(sut.server, token).send(`{ me { id } }`);

    expect((await me(forge(header, valid, secret))).data?.me).toEqual({ id: admin.id });
    const rejected: Record<string, string> = {
      'alg none': forge({ alg: 'none', typ: 'JWT' }, valid, ''),
      'alg HS512': forge({ alg: 'HS512', typ: 'JWT' }, valid, secret),
      'alg HS384': forge({ alg: 'HS384', typ: 'JWT' }, valid, secret),
      'another secret': forge(header, valid, `${secret}-other`),
      'wrong issuer': forge(header, { ...valid, iss: 'someone-else' }, secret),
      'wrong audience': forge(header, { ...valid, aud: 'another-api' }, secret),
      'no expiry': forge(header, { ...claims, iat: now }, secret),
      expired: forge(header, { ...valid, iat: now - 7200, exp: now - 3600 }, secret),
      'not yet valid': forge(header, { ...valid, nbf: now + 3600 }, secret),
    };
    for (const [what, token] of Object.entries(rejected)) {
      const res = await me(token);
      expect({ what, data: res.data?.me ?? null, code: res.errors?.[0].extensions?.code }).toEqual({
        what,
        data: null,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('a token accepted before is refused once it expires (the verified-token memo honours expiry)', async () => {
    const admin = await newAdmin(sut.db);
    const { JWT_SECRET: secret, JWT_ISSUER: iss, JWT_AUDIENCE: aud } = sut.config;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: admin.id, role: UserRole.ADMIN, cid: null, eid: null, iss, aud };
    const token = forge(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, iat: now, exp: now + 2 },
      secret,
    );
    const me = () => new GqlClient(sut.server, token).send(`{ me { id } }`);
    expect((await me()).data?.me).toEqual({ id: admin.id });
    expect((await me()).data?.me).toEqual({ id: admin.id }); // the remembered verification
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    const late = await me();
    expect(late.data?.me ?? null).toBeNull();
    expect(late.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(late.errors?.[0].message).toMatch(/expired/);
  });

  it('passwords are stored as argon2id with the OWASP parameters (19 MiB, t=2, p=1)', async () => {
    const admin = await newAdmin(sut.db);
    const [{ password_hash: hash }] = await sut.db.query(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [admin.id],
    );
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain(TEST_PASSWORD);
  });
});

describe('login throttling (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({
      LOGIN_MAX_FAILURES_PER_EMAIL: '3',
      LOGIN_MAX_ATTEMPTS_PER_IP: '12',
    });
  });
  afterAll(async () => {
    await sut.close();
  });

  const login = (email: string, password: string) => sut.anonymous.send(LOGIN, { email, password });

  it('after 3 failures an email is throttled (RATE_LIMITED, LOGIN_THROTTLED) even with the right password; other emails are not, a success clears the count, and the IP has its own limit', async () => {
    const victim = await newAdmin(sut.db);
    const other = await newAdmin(sut.db);
    for (let i = 0; i < 3; i++) {
      expect((await login(victim.email, `guess-${i}`)).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    // Case and spaces do not make a new counter.
    const throttled = await login(` ${victim.email.toUpperCase()} `, TEST_PASSWORD);
    expect(throttled.status).toBe(200);
    expect(throttled.data).toBeNull();
    expect(throttled.errors?.[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'LOGIN_THROTTLED',
      retryAfterSeconds: expect.any(Number),
    });

    // Another account from the same address: two failures, a success, then two more failures.
    expect((await login(other.email, 'nope-1')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login(other.email, 'nope-2')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login(other.email, TEST_PASSWORD)).data?.login.token).toEqual(expect.any(String));
    expect((await login(other.email, 'nope-3')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login(other.email, 'nope-4')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    // 3 + 5 attempts counted for the IP so far (the throttled one never reached the password).
    for (let i = 0; i < 4; i++) {
      const res = await sut.anonymous.send(LOGIN, { email: `nobody${i}@x.nl`, password: 'x' });
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const byIp = await login(`fresh@x.nl`, 'x');
    expect(byIp.errors?.[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'LOGIN_THROTTLED',
    });
  });
});

describe('secrets and logs', () => {
  it('the service refuses to start in production with the default or a guessable JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: the development default may not be used in production/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'secretsecretsecretsecretsecret12' }),
    ).toThrow(/JWT_SECRET: too guessable/);
  });

  it('logs of a login and a createEmployee (at trace level) hold no password, token, name or email', async () => {
    const database: TestDatabase = await createTestDatabase();
    const lines: string[] = [];
    const config: AppConfig = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SEED_DEMO: 'false',
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'trace',
      DB_POOL_SIZE: '3',
    });
    const created = await createApp(config, {
      database: { url: database.url, embedded: false, release: async () => undefined },
      logDestination: { write: (line: string) => void lines.push(line) },
      keepOwnerConnection: true,
    });
    try {
      const server = created.app.getHttpServer();
      // Fixtures through the owner's connection: the app's own role is held by row-level security.
      const company = await newCompany(created.ownerDataSource!);
      const hr = await newHr(created.ownerDataSource!, company);
      const anonymous = new GqlClient(server);
      const failed = await anonymous.send(LOGIN, { email: hr.email, password: 'Wr0ng-Secret!' });
      expect(failed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const { login } = await anonymous.ok(LOGIN, { email: hr.email, password: TEST_PASSWORD });
      const asHr = new GqlClient(server, login.token);
      const employee = {
        firstName: 'Griselda',
        lastName: 'Vanderzwaluw',
        workEmail: 'griselda.vanderzwaluw@example.nl',
        workPhone: '+31 36 987 6543',
        homePostcode: '8232 AA',
        hourlyCostCents: 4725,
      };
      const createdEmployee = await asHr.ok(
        `mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id firstName } }`,
        { input: employee },
      );
      expect(createdEmployee.createEmployee.firstName).toBe('Griselda');
      // A rejected call too: its error must not be logged with the input either.
      await asHr.send(
        `mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }`,
        { input: { ...employee, workEmail: 'not-an-email griselda' } },
      );
      // A GET request with personal data in the query string: the log keeps the path only.
      await request(server)
        .get('/graphql')
        .query({ query: `{ me { id } }`, variables: JSON.stringify({ who: employee.lastName }) })
        .set('apollo-require-preflight', 'true')
        .set('authorization', `Bearer ${login.token}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(3); // the requests were logged at all
      expect(log).toContain('request completed');
      for (const secret of [
        TEST_PASSWORD,
        'Wr0ng-Secret!',
        login.token,
        login.token.split('.')[2],
        hr.email,
        'Griselda',
        'Vanderzwaluw',
        'griselda.vanderzwaluw',
        '987 6543',
        '8232 AA',
      ]) {
        expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
      }
    } finally {
      await created.close();
      await database.drop();
    }
  });
});
