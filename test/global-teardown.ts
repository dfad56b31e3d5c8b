import { rmSync } from 'node:fs';
import { Client } from 'pg';

/** Drops the template (and any database a crashed test file left behind) and stops the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.TEST_ADMIN_URL;
  const template = process.env.TEST_TEMPLATE_DB;
  const embedded = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as
    { server: { stop(): Promise<void> }; dataDir: string } | undefined;
  if (adminUrl && template && !embedded) {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template}_t%`],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`,
      );
    }
    await client.end();
  }
  if (embedded) {
    await embedded.server.stop();
    rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
