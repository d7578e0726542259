import { migrate, openPglite, type SqlClient } from '@lifeline/postgres';
import { type Activity, trackedSql } from './activity';
import { migrateShop } from './app/schema';
import { type DataDirPaths, lockDataDir } from './data-dir';
import { migrateRuns } from './run/run-record';

/** The open database of a data directory. */
export interface Database {
  /** Statements through it count as activity. */
  sql: SqlClient;
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
    const pglite = await openPglite({ dataDir: paths.database });
    await migrate(pglite.sql);
    await migrateShop(pglite.sql);
    await migrateRuns(pglite.sql);
    return {
      sql: trackedSql(pglite.sql, counter),
      async close() {
        try {
          await pglite.close();
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
