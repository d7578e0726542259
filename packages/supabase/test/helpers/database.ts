import { readFileSync } from 'node:fs';
import pg from 'pg';
import { MIGRATION_FILE } from '../../scripts/compose-migration';

/** The roles Supabase's API switches to, by the `role` claim of the request's JWT. */
export const SUPABASE_ROLES = ['anon', 'authenticated', 'service_role'] as const;
/** One of {@link SUPABASE_ROLES}. */
export type SupabaseRole = (typeof SUPABASE_ROLES)[number];

/** The shipped migration, exactly as `supabase db push` would apply it. */
export const migrationSql = () =>
  readFileSync(new URL(`../../supabase/migrations/${MIGRATION_FILE}`, import.meta.url), 'utf8');

/**
 * What a Supabase project has before any user migration, as far as Lifeline relies on it: `auth.jwt()`
 * and `auth.uid()` reading the claims PostgREST sets (nullif: a transaction-local setting reads '' after
 * its transaction), and Supabase's default privileges, which hand every new table and function in
 * `public` to anon: the migration must take that back for its own functions.
 */
const SUPABASE_BASELINE = `
CREATE SCHEMA auth;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                  nullif(current_setting('request.jwt.claims', true), ''))::jsonb
$$;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                  nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid
$$;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA auth TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
`;

const codeOf = (error: unknown) => (error as { code?: string }).code;

/**
 * Creates Supabase's API roles if missing and makes the connecting role a member, so it can
 * `SET ROLE` to them as PostgREST's `authenticator` does. Works as a non-superuser with CREATEROLE
 * (CI's `lifeline_test`); roles are cluster-wide, so concurrent test files may race: "already exists"
 * and concurrent-update errors are expected and retried. Unlike Supabase's, this `service_role` has no
 * BYPASSRLS (only a superuser may grant it): the migration's explicit policies must let it in.
 */
async function ensureRoles(client: pg.Client): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const { rows } = await client.query<{ rolname: string; member: boolean }>(
        `SELECT rolname, pg_has_role(current_user, oid, 'MEMBER') AS member FROM pg_roles WHERE rolname = ANY($1)`,
        [SUPABASE_ROLES],
      );
      for (const role of SUPABASE_ROLES) {
        if (!rows.some((row) => row.rolname === role))
          await client.query(`CREATE ROLE ${role} NOLOGIN NOINHERIT`);
      }
      const missing = SUPABASE_ROLES.filter(
        (role) => !rows.some((row) => row.rolname === role && row.member),
      );
      if (missing.length > 0) await client.query(`GRANT ${missing.join(', ')} TO CURRENT_USER`);
      return;
    } catch (error) {
      const raced = ['42710', '23505', 'XX000', '40001'].includes(codeOf(error) ?? '');
      if (!raced || attempt >= 10) throw error;
    }
  }
}

/** A fresh database on the server, owned by the connecting role, with Supabase's roles and baseline. */
export interface TestDatabase {
  /** Connection string of the fresh database. */
  url: string;
  /** Connections as the owner of the database (the role `supabase db push` would run as). */
  pool: pg.Pool;
  /** Drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh random database (no state shared with other runs or test files), with Supabase's roles and
 * baseline, and the shipped migration applied in one transaction unless `migrate: false`.
 */
export async function freshSupabaseDatabase(
  baseUrl: string,
  options: { poolSize?: number; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const name = `lifeline_sb_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    await ensureRoles(admin);
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: options.poolSize ?? 12 });
  let closing = false;
  // An idle connection still shutting down when the database is dropped is told so: expected then.
  pool.on('error', (error) => {
    if (!closing) console.error('idle test database connection failed', error);
  });
  const close = async () => {
    closing = true;
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await pool.query(SUPABASE_BASELINE);
    // One simple-protocol query: the whole file in one implicit transaction, as `supabase db push` does.
    if (options.migrate !== false) await pool.query(migrationSql());
  } catch (error) {
    await close();
    throw error;
  }
  return { url: url.toString(), pool, close };
}
