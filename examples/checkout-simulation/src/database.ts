import { PGlite } from '@electric-sql/pglite';
import {
  migrate,
  pgliteClient,
  pgliteListener,
  type QueueListener,
  type SqlClient,
} from '@lifeline/postgres';
import { type Activity, trackedSql } from './activity';
import { migrateShop } from './app/schema';
import { type DataDirPaths, lockDataDir } from './data-dir';
import { migrateRuns } from './run/run-record';

/** The open database of a data directory. */
export interface Database {
  /** Statements through it count as activity. */
  sql: SqlClient;
  /** LISTEN/NOTIFY on the database: wakes the queue's workers when a job is committed. */
  listen: QueueListener;
  /** Flushes and closes PGlite, then releases the data directory. */
  close(): Promise<void>;
}

/**
 * Opens the data directory's PGlite database (creating it on first use, ~5 s) and migrates Lifeline's
 * schema, the shop's and the simulation's. Locks the directory first: one process at a time.
 */
export async function openDatabase(paths: DataDirPaths, counter: Activity): Promise<Database> {
  const unlock = lockDataDir(paths.root);
  try {
    const db = await PGlite.create(paths.database);
    const sql = pgliteClient(db);
    await migrate(sql);
    await migrateShop(sql);
    await migrateRuns(sql);
    return {
      sql: trackedSql(sql, counter),
      listen: pgliteListener(db),
      async close() {
        try {
          await db.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
