/**
 * Child process of {@link startOwnPostgres} (own-postgres.ts): starts an embedded PostgreSQL,
 * prints `READY <port>`, and stops it cleanly on SIGTERM.
 */
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  process.once('SIGTERM', () => {
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.stdout.write(`READY ${server.port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
