import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_ROLE } from './app-role';

/** How the application's pool connects: an explicit URL, or the owner's URL as `clp_app`. */
export interface AppConnectionSettings {
  DATABASE_APP_URL?: string;
  DATABASE_APP_PASSWORD: string;
}

/** Raised when the application's database role could bypass row-level security. */
export class PrivilegedAppRoleError extends Error {}

/**
 * The URL of the application's own connection. Without `DATABASE_APP_URL` it is the owner's URL
 * with user `clp_app`; when `clp_app` cannot log in with the configured password (a new role, or
 * a fresh embedded server), the owner sets the password first, if it may manage roles.
 */
export async function appDatabaseUrl(
  owner: DataSource,
  ownerUrl: string,
  settings: AppConnectionSettings,
): Promise<string> {
  if (settings.DATABASE_APP_URL) return settings.DATABASE_APP_URL;
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = settings.DATABASE_APP_PASSWORD;
  const appUrl = url.toString();
  if (await canLogIn(appUrl)) return appUrl;
  const [{ statement }] = (await owner.query(
    `SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $1::text, $2::text) AS statement`,
    [APP_ROLE, settings.DATABASE_APP_PASSWORD],
  )) as { statement: string }[];
  await owner.query(statement);
  return appUrl;
}

/** Whether `url` logs in; false on a wrong password (28P01) or a role that may not log in. */
async function canLogIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '28P01' || code === '28000') return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Refuses an application connection that row-level security would not bind: a superuser, a role
 * with BYPASSRLS, or a role that owns (or inherits ownership of) a table of the schema.
 */
export async function assertUnprivilegedAppRole(dataSource: DataSource): Promise<void> {
  const [role] = (await dataSource.query(
    `SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
               AND pg_has_role(current_user, c.relowner, 'USAGE')) AS "ownedTables"
     FROM pg_roles r WHERE r.rolname = current_user`,
  )) as { name: string; superuser: boolean; bypassRls: boolean; ownedTables: number }[];
  if (role.superuser || role.bypassRls || role.ownedTables > 0) {
    throw new PrivilegedAppRoleError(
      `The application's database role "${role.name}" would bypass row-level security ` +
        `(superuser: ${role.superuser}, BYPASSRLS: ${role.bypassRls}, owns ${role.ownedTables} tables); ` +
        `connect it as "${APP_ROLE}" (DATABASE_APP_URL) instead`,
    );
  }
}
