/**
 * The login role the application's connection pool uses. It owns nothing: migrations run as the
 * owner (the `DATABASE_URL` role) and grant this role row access, and every company-scoped table
 * has row-level security that this role cannot bypass. Roles are cluster-wide, so every database
 * on one server (the parallel test databases included) shares it.
 */
export const APP_ROLE = 'clp_app';

/**
 * The trusted scope for server code that legitimately reads across companies (anonymised
 * candidate search, event audiences, background jobs). Only `TransactionRunner.runAsSystem` sets
 * it; no token can carry it.
 */
export const SYSTEM_ROLE = 'SYSTEM';

/**
 * The database role of the trusted scope: BYPASSRLS, NOLOGIN, granted to {@link APP_ROLE}, which
 * switches to it with `SET LOCAL ROLE` inside `runAsSystem` only. Present when the migrating owner
 * is a superuser (see the migration `SystemRole`); otherwise the policies' SYSTEM branch applies.
 */
export const SYSTEM_DB_ROLE = 'clp_system';
