import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import 'reflect-metadata';
import { loadConfig } from '../src/config/app-config';
import { appDatabaseUrl } from '../src/database/app-connection';
import { openDatabase } from '../src/database/data-source';
import { withDatabase } from '../src/database/database-url';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

/**
 * Runs once per jest run: provides a PostgreSQL server (DATABASE_URL's, or an embedded one in a
 * throwaway folder on a free port) and migrates a template database. Each test file clones the
 * template (test/support/database.ts), so tests never share data and need nothing running.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'clp-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { server, dataDir };
    adminUrl = server.urlFor('postgres');
  }
  const template = `clp_template_${process.pid}_${Date.now().toString(36)}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(template)}`);
  await client.end();

  const templateUrl = withDatabase(adminUrl, template);
  const dataSource = await openDatabase(templateUrl, { migrate: true, poolSize: 2 });
  // The app role is cluster-wide: set its password once here, not from every test file at once.
  await appDatabaseUrl(dataSource, templateUrl, loadConfig({ NODE_ENV: 'test' }));
  await dataSource.destroy();

  process.env.TEST_ADMIN_URL = adminUrl;
  process.env.TEST_TEMPLATE_DB = template;
}
