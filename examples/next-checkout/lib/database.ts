import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { migrate, openPglite, pgPoolClient, type SqlClient } from '@lifeline/postgres';
import pg from 'pg';
import type { AppEnv } from './env';
import { PURCHASES_DDL } from './purchases';

/** The app's database: one `SqlClient` for the app's tables and Lifeline's stores alike. */
export interface Database {
  sql: SqlClient;
  /** For the log: which database this is (never the connection string, which holds a password). */
  label: string;
  close(): Promise<void>;
}

/**
 * Opens the database and brings both schemas up to date: Lifeline's (`migrate`, safe on every start and
 * from many processes at once) and the app's `purchases` table.
 *
 * `DATABASE_URL` set: PostgreSQL through a `pg` pool (Supabase: use the project's connection string).
 * Unset: embedded PGlite in `LIFELINE_DATA_DIR/pglite`. PGlite is one process's database: never point
 * two running apps (say `next dev` and `next start`) at the same data folder.
 */
export async function openDatabase(env: AppEnv): Promise<Database> {
  let database: Database;
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
    database = { sql: pgPoolClient(pool), label: 'PostgreSQL (DATABASE_URL)', close: () => pool.end() };
  } else {
    const dataDir = path.resolve(env.LIFELINE_DATA_DIR, 'pglite');
    await mkdir(dataDir, { recursive: true });
    const pglite = await openPglite({ dataDir });
    database = { sql: pglite.sql, label: `PGlite (${dataDir})`, close: pglite.close };
  }
  await migrate(database.sql);
  await database.sql.query(PURCHASES_DDL);
  return database;
}
