/**
 * PostGraphile 4 over the same database, for `bench:api`'s comparison (not part of the service).
 *
 *   ts-node bench/postgraphile-server.ts --url postgres://... --port 5100 --pool 10
 *
 * Production settings: no GraphiQL, no query log, no schema watching, no mutations (the benchmark
 * only reads), no authentication or row-level security (PostGraphile runs as the connecting
 * role and sees every row). Prints `ready <port>` once it listens.
 */
import Module from 'node:module';
import { createServer } from 'node:http';
import path from 'node:path';
import { Pool } from 'pg';

// PostGraphile 4 needs graphql 15; the service needs 16, so npm installs 15 twice beside it
// (under postgraphile and under graphile-build-pg) and some PostGraphile helpers resolve the
// root's 16. Three copies fail with "Cannot use GraphQLScalarType from another realm". This
// process runs PostGraphile only, so every `graphql` import in it is pointed at PostGraphile's own.
const graphql15 = path.dirname(
  require.resolve('graphql/package.json', {
    paths: [path.dirname(require.resolve('postgraphile'))],
  }),
);
type Resolve = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  const redirected =
    request === 'graphql' || request.startsWith('graphql/')
      ? graphql15 + request.slice('graphql'.length)
      : request;
  return resolveFilename.call(this, redirected, ...rest);
};

const argv = process.argv.slice(2);
const option = (name: string): string => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0 || !argv[i + 1]) throw new Error(`--${name} is required`);
  return argv[i + 1];
};

async function main(): Promise<void> {
  const { postgraphile } = await import('postgraphile');
  const pool = new Pool({ connectionString: option('url'), max: Number(option('pool')) });
  const middleware = postgraphile(pool, 'public', {
    graphiql: false,
    disableQueryLog: true,
    watchPg: false,
    disableDefaultMutations: true,
    ignoreRBAC: false,
    setofFunctionsContainNulls: false,
    retryOnInitFail: false,
  });
  const server = createServer(middleware);
  server.listen(Number(option('port')), '127.0.0.1', () => console.log(`ready ${option('port')}`));
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
