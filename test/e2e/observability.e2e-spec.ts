import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { User } from '../../src/auth/user.entity';
import { dataSourceOptions } from '../../src/database/data-source';
import { createTestDatabase, TestDatabase } from '../support/database';
import { newHr, newMember, newPool, TEST_PASSWORD } from '../support/factories';
import { ServerProcess, spawnServer } from '../support/server-process';

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

/** One span as OTLP/HTTP JSON carries it (the parts the test reads). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpSpan['attributes'] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

const attribute = (span: OtlpSpan, key: string) =>
  span.attributes.find((a) => a.key === key)?.value.stringValue;

/** A local OTLP/HTTP receiver: keeps every export it is sent. */
async function otlpReceiver(): Promise<{ server: Server; url: string; exports: OtlpExport[] }> {
  const exports: OtlpExport[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') exports.push(JSON.parse(body) as OtlpExport);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
  };
}

/**
 * A real server process with OTEL_ENABLED: a GraphQL request yields one trace with the HTTP
 * server span, the GraphQL operation and the pg queries, sent to the configured OTLP endpoint;
 * and every request log line carries the request id that the response echoes.
 */
describe('observability of a server process (e2e)', () => {
  let database: TestDatabase;
  let db: DataSource;
  let hr: User;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(database.url, 2)).initialize();
    hr = await newHr(db, await newMember(db, await newPool(db)));
    receiver = await otlpReceiver();
    server = await spawnServer({
      DATABASE_URL: database.url,
      OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'clp-under-test',
    });
  });
  afterAll(async () => {
    await server?.kill();
    receiver?.server.close();
    await db?.destroy();
    await database?.drop();
  });

  async function login(requestId?: string) {
    return fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      body: JSON.stringify({
        query: LOGIN,
        variables: { email: hr.email, password: TEST_PASSWORD },
      }),
    });
  }

  it('exports a trace of a GraphQL request with its HTTP, GraphQL and pg spans', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    const spans = () =>
      receiver.exports
        .flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans))
        .flatMap((s) => s.spans.map((span) => ({ scope: s.scope.name, span })));
    /** The request's trace: its HTTP server span and every span under it. */
    const requestTrace = () => {
      const all = spans();
      const http = all.find(
        (s) =>
          s.scope.includes('instrumentation-http') &&
          s.span.kind === 2 /* SERVER */ &&
          attribute(s.span, 'url.path') === '/graphql',
      );
      return all.filter((s) => http && s.span.traceId === http.span.traceId);
    };
    const pgIn = (trace: ReturnType<typeof requestTrace>) =>
      trace.filter((s) => s.scope.includes('instrumentation-pg'));
    const deadline = Date.now() + 15_000;
    while (pgIn(requestTrace()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const trace = requestTrace();
    expect(trace.length).toBeGreaterThan(0);
    const graphql = trace.filter((s) => s.scope.includes('instrumentation-graphql'));
    expect(graphql.map((s) => s.span.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^mutation/)]),
    );
    const pg = pgIn(trace);
    expect(pg.map((s) => s.span.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^pg\.query:SELECT/)]),
    );
    expect(pg.map((s) => attribute(s.span, 'db.query.text'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/FROM "app_user"/)]),
    );
    const resource = receiver.exports[0].resourceSpans[0].resource.attributes;
    expect(resource).toEqual(
      expect.arrayContaining([{ key: 'service.name', value: { stringValue: 'clp-under-test' } }]),
    );
  });

  it('echoes a given x-request-id, makes one up otherwise, and logs each request with its id', async () => {
    const given = await login('trace-me-123');
    expect(given.headers.get('x-request-id')).toBe('trace-me-123');
    const made = await login();
    const id = made.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await login('not ok; rm -rf');
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const deadline = Date.now() + 5_000;
    const logged = (reqId: string) =>
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string } })
        .some((entry) => entry.req?.id === reqId && entry.req.url === '/graphql');
    while (!(logged('trace-me-123') && logged(id as string)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(logged('trace-me-123')).toBe(true);
    expect(logged(id as string)).toBe(true);
    // The bearer token and the body (with the password) never reach the log.
    expect(server.output()).not.toContain(TEST_PASSWORD);
  });
});
