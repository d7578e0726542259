/**
 * The PostgreSQL server the tests run against. `LIFELINE_TEST_DATABASE_URL` must be set (CI sets it to a
 * database owned by a CREATEDB + CREATEROLE role; locally e.g. postgres://postgres@127.0.0.1:5432/test).
 * Without it the server tests fail loudly, unless LIFELINE_SKIP_PG_SERVER=1 says on purpose to skip them.
 */
export function serverUrl(): string | undefined {
  const url = process.env.LIFELINE_TEST_DATABASE_URL;
  if (url) return url;
  if (process.env.LIFELINE_SKIP_PG_SERVER === '1') {
    console.warn(
      '\n!!! LIFELINE_SKIP_PG_SERVER=1: SKIPPING every @lifeline/supabase test against a real PostgreSQL server.\n' +
        '!!! The migration, Row Level Security and the supabase-js stores were NOT tested.\n',
    );
    return undefined;
  }
  throw new Error(
    'LIFELINE_TEST_DATABASE_URL is not set: the @lifeline/supabase tests need a PostgreSQL server. ' +
      'Set it, e.g. LIFELINE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test, ' +
      'or set LIFELINE_SKIP_PG_SERVER=1 to skip them on purpose.',
  );
}
