/**
 * The PostgreSQL server the tests run against. `LIFELINE_TEST_DATABASE_URL` must be set (CI sets it;
 * locally e.g. postgres://postgres@127.0.0.1:5432/test). Without it the server tests fail loudly,
 * unless LIFELINE_SKIP_PG_SERVER=1 says on purpose to skip them (never under CI=true: CI must run them).
 */
export function serverUrl(): string | undefined {
  const url = process.env.LIFELINE_TEST_DATABASE_URL;
  if (url) return url;
  if (process.env.LIFELINE_SKIP_PG_SERVER === '1' && process.env.CI !== 'true') {
    console.warn(
      '\n!!! LIFELINE_SKIP_PG_SERVER=1: SKIPPING every @lifeline/postgres test against a real PostgreSQL server.\n' +
        '!!! Only PGlite was tested. Set LIFELINE_TEST_DATABASE_URL to run them.\n',
    );
    return undefined;
  }
  throw new Error(
    'LIFELINE_TEST_DATABASE_URL is not set: the @lifeline/postgres server tests need a PostgreSQL server. ' +
      'Set it, e.g. LIFELINE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test, ' +
      'or set LIFELINE_SKIP_PG_SERVER=1 to skip them on purpose.',
  );
}

/** A fresh schema name for one test file's run. */
export function randomSchema(prefix = 'lt'): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
