import { getIntrospectionQuery } from 'graphql';
import type { Server } from 'node:http';
import request from 'supertest';
import { newAdmin, newCompany, newHr, newMember, newPool } from '../support/factories';
import { startSecondInstance, tokenFor } from '../support/subscriptions';
import { REQUEST_TIMEOUT_MS } from '../../src/create-app';
import { RateLimitService } from '../../src/security/rate-limit.service';
import { Json, startTestApp, TestApp } from '../support/test-app';

/** POSTs a raw body to /graphql, as a hostile client would. */
async function post(sut: TestApp, body: unknown, token?: string) {
  const req = request(sut.server).post('/graphql').set('content-type', 'application/json');
  if (token) req.set('authorization', `Bearer ${token}`);
  return req.send(body as object);
}

/** `companies { edges { node { memberships { company { memberships { company ...` n times. */
function deepCompanies(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `memberships { company { ${inner} } }`;
  return `{ companies(first: 1) { edges { node { ${inner} } } } }`;
}

function aliases(n: number, field = 'me { id }'): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

describe('query limits (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const reasonOf = (res: { body: Json }) => res.body.errors?.[0]?.extensions;

  it('a query nested deeper than GRAPHQL_MAX_DEPTH is refused with 400 BAD_USER_INPUT/QUERY_TOO_DEEP, one within runs', async () => {
    const admin = await newAdmin(sut.db);
    const token = sut.as(admin);
    expect((await token.send(deepCompanies(5))).errors).toBeUndefined(); // depth 14
    const res = await token.send(deepCompanies(6)); // depth 16
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'QUERY_TOO_DEEP',
    });
    expect(res.errors?.[0].message).toMatch(/depth limit of 15 exceeded, found 16/);
  });

  it('introspection is not exempt: the IDE introspection query runs, a deeper one is refused', async () => {
    const ide = await post(sut, { query: getIntrospectionQuery() });
    expect(ide.status).toBe(200);
    expect(ide.body.data.__schema.queryType.name).toBe('Query');
    let ofType = 'name';
    for (let i = 0; i < 15; i++) ofType = `ofType { ${ofType} }`;
    const deep = await post(sut, {
      query: `{ __schema { types { fields { type { ${ofType} } } } } }`,
    });
    expect(deep.status).toBe(400);
    expect(reasonOf(deep)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' });
  });

  it('an alias bomb is refused with TOO_MANY_ALIASES before anything runs', async () => {
    const admin = await newAdmin(sut.db);
    expect((await sut.as(admin).send(aliases(15))).errors).toBeUndefined();
    const res = await sut.as(admin).send(aliases(200));
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_ALIASES',
    });
  });

  it('too many directives are refused with TOO_MANY_DIRECTIVES', async () => {
    const admin = await newAdmin(sut.db);
    const res = await sut
      .as(admin)
      .send(`{ me { id ${Array.from({ length: 50 }, () => '@include(if: true)').join(' ')} } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.reason).toBe('TOO_MANY_DIRECTIVES');
  });

  it('a batch of operations in one request is refused with 400 BATCH_NOT_ALLOWED and runs none', async () => {
    const admin = await newAdmin(sut.db);
    const res = await post(
      sut,
      [
        { query: '{ me { id } }' },
        { query: `mutation { createSkill(input: { code: "BATCH-1", name: "Batched" }) { id } }` },
      ],
      tokenFor(sut.created, admin),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'BATCH_NOT_ALLOWED',
    });
    expect(await sut.db.query(`SELECT 1 FROM skill WHERE code = 'BATCH-1'`)).toHaveLength(0);
  });

  it('bodies GraphQL never sees, and paths with no route, answer GraphQL-shaped errors with a reason and the request id', async () => {
    const raw = (path: string, type: string, body: string) =>
      request(sut.server)
        .post(path)
        .set('content-type', type)
        .set('x-request-id', 'refused-1')
        .send(body);
    const refusals = [
      [await raw('/graphql', 'application/json', '{"query": '), 400, 'MALFORMED_BODY'],
      [await raw('/graphql', 'application/json', ''), 400, 'MALFORMED_BODY'],
      [await raw('/graphql', 'application/json', '{"__proto__": {"x": 1}}'), 400, 'MALFORMED_BODY'],
      [await raw('/graphql', 'application/xml', '<query/>'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await raw('/graphql-v2', 'application/json', '{}'), 404, 'NO_ROUTE'],
    ] as const;
    for (const [res, status, reason] of refusals) {
      expect([res.status, res.body.errors[0].extensions]).toEqual([
        status,
        { code: status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT', reason },
      ]);
      expect(res.headers['x-request-id']).toBe('refused-1');
    }
    // Fastify would wait for a trickled request forever; node's bound is set again.
    expect((sut.server as Server).requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    // A text/plain POST is a "simple" request a browser sends cross-site: Apollo refuses it (CSRF).
    const simple = await raw('/graphql', 'text/plain', JSON.stringify({ query: '{ __typename }' }));
    expect(simple.status).toBe(400);
    expect(simple.body.data).toBeUndefined();
  });

  it('cost follows the page size: nested connections of 100 x 100 are refused with QUERY_TOO_COSTLY, small pages pass', async () => {
    const pool = await newPool(sut.db);
    await newMember(sut.db, pool);
    const admin = await newAdmin(sut.db);
    const nested = `query($outer: Int, $inner: Int) { pools(first: $outer) { edges { node { id name
      memberships(first: $inner) { edges { node { id status company { id name kvkNumber } } } } } } } }`;
    const small = await sut.as(admin).send(nested, { outer: 5, inner: 5 });
    expect(small.errors).toBeUndefined();
    expect(small.data?.pools.edges.length).toBeGreaterThan(0);
    const big = await sut.as(admin).send(nested, { outer: 100, inner: 100 });
    expect(big.status).toBe(400);
    expect(big.data).toBeUndefined();
    expect(big.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'QUERY_TOO_COSTLY',
    });
    expect(big.errors?.[0].message).toMatch(/Query cost \d+ exceeds the maximum of 10000/);
  });

  it('a document with a huge number of tokens is refused by the parser with TOO_MANY_TOKENS', async () => {
    const admin = await newAdmin(sut.db);
    const res = await sut.as(admin).send(`{ me { ${'id '.repeat(5000)} } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_TOKENS',
    });
  });

  it('malformed requests get a 4xx with a stable code, never a 5xx', async () => {
    const admin = await newAdmin(sut.db);
    const token = tokenFor(sut.created, admin);
    const bodies: unknown[] = [
      { query: '{ me { id ' },
      { query: 42 },
      { query: '{ me { id } }', variables: 'not an object' },
      { query: 'query A { me { id } } query B { me { id } }' },
      { query: '{ me { id } }', operationName: 'Missing' },
      { query: 'mutation($x: Int!) { __typename }', variables: { x: 'seven' } },
      {
        query: 'query { me { id } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } },
      },
      {},
    ];
    for (const body of bodies) {
      const res = await post(sut, body, token);
      const code = res.body.errors?.[0]?.extensions?.code;
      expect({ body, status: res.status < 500, code }).toEqual({
        body,
        status: true,
        code: 'BAD_USER_INPUT',
      });
    }
  });

  it('field suggestions are hidden and no stack trace is sent', async () => {
    const admin = await newAdmin(sut.db);
    const res = await sut.as(admin).send(`{ mee { id } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toBe('Cannot query field "mee" on type "Query".');
    expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean|stacktrace|at .*\.js/);
  });
});

describe('rate limits (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ RATE_LIMIT_USER_POINTS: '45', RATE_LIMIT_IP_POINTS: '100' });
  });
  afterAll(async () => {
    await sut.close();
  });

  it('every alias is paid for: a user spends its budget, gets 429 RATE_LIMITED with Retry-After, and other users still pass until the IP budget is spent', async () => {
    const company = await newCompany(sut.db);
    const first = await newHr(sut.db, company);
    const second = await newHr(sut.db, company);
    const client = sut.as(first);
    // { me { id } } costs 2; with 10 aliases it costs 20.
    expect((await client.send(aliases(10))).errors).toBeUndefined(); // user 20, ip 20
    expect((await client.send(aliases(10))).errors).toBeUndefined(); // user 40, ip 40
    const limited = await post(sut, { query: aliases(3) }, tokenFor(sut.created, first)); // user 46 > 45
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.data).toBeUndefined();
    expect(limited.body.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'REQUEST_BUDGET_SPENT',
      retryAfterSeconds: expect.any(Number),
    });
    expect(limited.body.errors[0].message).toMatch(/this user/);

    // The second user has its own budget, but shares the address (ip now 46 of 100).
    const other = sut.as(second);
    expect((await other.send(aliases(10))).errors).toBeUndefined(); // ip 66
    expect((await other.send(aliases(10))).errors).toBeUndefined(); // ip 86
    const byIp = await other.send(aliases(10)); // ip 106 > 100
    expect(byIp.status).toBe(429);
    expect(byIp.errors?.[0].message).toMatch(/this address/);
    const anonymous = await sut.anonymous.send(`{ __typename }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('production settings (e2e)', () => {
  const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'q7Vb2LxN9pR4tY8wK3mZ6cH1sD5fG0jA' };
  const INTROSPECT = `{ __schema { queryType { name } } }`;

  it('introspection is off in production, suggestions are hidden and an internal failure shows no stack', async () => {
    const sut = await startTestApp(PRODUCTION);
    try {
      const introspection = await post(sut, { query: INTROSPECT });
      expect(introspection.status).toBe(400);
      expect(introspection.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(introspection.body.errors[0].message).toMatch(/introspection is not allowed/i);
      const typo = await post(sut, { query: `{ pols { totalCount } }` });
      expect(typo.body.errors[0].message).toBe('Cannot query field "pols" on type "Query".');
      // A query the database cannot answer (its schema dropped) is an internal error.
      const admin = await newAdmin(sut.db);
      await sut.db.query('ALTER TABLE pool RENAME TO pool_gone');
      try {
        const failed = await sut.as(admin).send(`{ pools { totalCount } }`);
        expect(failed.errors?.[0]).toEqual({
          message: 'Internal server error',
          locations: expect.any(Array),
          path: ['pools'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      } finally {
        await sut.db.query('ALTER TABLE pool_gone RENAME TO pool');
      }
    } finally {
      await sut.close();
    }
  });

  it('GRAPHQL_INTROSPECTION=true turns introspection on in production (and false off in development)', async () => {
    const on = await startTestApp({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' });
    try {
      expect((await post(on, { query: INTROSPECT })).body.data.__schema.queryType.name).toBe(
        'Query',
      );
    } finally {
      await on.close();
    }
    const off = await startTestApp({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' });
    try {
      expect((await post(off, { query: INTROSPECT })).status).toBe(400);
    } finally {
      await off.close();
    }
  });
});

const REDIS_URL = process.env.REDIS_URL;
const describeWithRedis = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) {
  console.warn(
    'Skipped "rate limits shared through Redis": REDIS_URL is not set (.ci/run sets it to the Redis on this machine).',
  );
}

describeWithRedis('rate limits shared through Redis (e2e)', () => {
  it('a user who spent its budget on instance A is refused on instance B', async () => {
    const env = { REDIS_URL: REDIS_URL as string, RATE_LIMIT_USER_POINTS: '45' };
    const a = await startTestApp(env);
    const b = await startSecondInstance(a, env);
    try {
      expect(a.created.app.get(RateLimitService).store).toBe('redis');
      const hr = await newHr(a.db, await newCompany(a.db));
      expect((await a.as(hr).send(aliases(10))).errors).toBeUndefined(); // 20 of 45
      expect((await b.as(hr).send(aliases(10))).errors).toBeUndefined(); // 40 of 45
      const refused = await b.as(hr).send(aliases(5)); // 50 > 45, counted across both
      expect(refused.status).toBe(429);
      expect(refused.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await b.close();
      await a.close();
    }
  });
});
