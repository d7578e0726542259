import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '@lifeline/core';
import {
  migrate,
  pgListener,
  pgliteClient,
  pgliteListener,
  pgPoolClient,
  type QueueListener,
  type SqlClient,
} from '@lifeline/postgres';
import pg from 'pg';
import type { AppEnv } from './env';
import { PURCHASES_DDL } from './purchases';

/** The app's database: one `SqlClient` for the app's tables and Lifeline's stores alike. */
export interface Database {
  sql: SqlClient;
  /** LISTEN/NOTIFY on it: wakes the queue's workers as soon as a job is committed. */
  listen: QueueListener;
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
export async function openDatabase(env: AppEnv, logger: Logger): Promise<Database> {
  let database: Database;
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
    // An idle client whose connection drops (a database restart, a failover) emits 'error' on the pool:
    // without a listener that crashes the process. The pool replaces the client by itself.
    pool.on('error', (error) =>
      logger.error('database: an idle connection was lost', { error: error.message }),
    );
    database = {
      sql: pgPoolClient(pool),
      listen: pgListener(pool),
      label: 'PostgreSQL (DATABASE_URL)',
      close: () => pool.end(),
    };
  } else {
    const dataDir = path.resolve(env.LIFELINE_DATA_DIR, 'pglite');
    await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    database = {
      sql: pgliteClient(db),
      listen: pgliteListener(db),
      label: `PGlite (${dataDir})`,
      close: () => db.close(),
    };
  }
  await migrate(database.sql);
  await database.sql.query(PURCHASES_DDL);
  return database;
}
