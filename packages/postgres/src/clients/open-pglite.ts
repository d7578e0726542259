import { ConfigurationError } from '@lifeline/core';
import type { SqlClient } from '../sql-client';
import { type PgliteLike, pgliteClient } from './pglite-client';

/** Options of {@link openPglite}. */
export interface OpenPgliteOptions {
  /**
   * Where PGlite keeps its files (e.g. `./.lifeline-data`); omitted, the database lives in memory and is
   * gone when the process ends. Never open one data directory from two PGlite instances (two processes,
   * or twice in one process): nothing stops it, and the two copies silently corrupt each other.
   */
  dataDir?: string;
}

/** An open embedded database: the {@link SqlClient} for stores, the PGlite instance, and `close`. */
export interface PgliteHandle {
  sql: SqlClient;
  db: PgliteLike;
  /** Closes the database (flushes a file-backed one to disk). */
  close(): Promise<void>;
}

/**
 * Opens an embedded PGlite database (Postgres in WebAssembly): the zero-install default for
 * development, demos and single-process apps, with the `pg_trgm` extension loaded (dead-letter search is
 * indexed). Loads `@electric-sql/pglite` only when called, so apps on
 * `pg` or postgres.js never need it. Creating an instance takes a few seconds; share one per process.
 *
 * Never open one `dataDir` from two instances at once (two processes, or two calls): nothing stops it,
 * and the two copies silently corrupt each other.
 *
 * @example
 * ```ts
 * const { sql, close } = await openPglite({ dataDir: './.lifeline-data' });
 * await migrate(sql);
 * const deadLetters = postgresDeadLetterStore(sql);
 * ```
 */
export async function openPglite(options: OpenPgliteOptions = {}): Promise<PgliteHandle> {
  let module: {
    PGlite: {
      create(options: {
        dataDir?: string;
        extensions?: Record<string, unknown>;
      }): Promise<PgliteLike & { close(): Promise<void> }>;
    };
  };
  try {
    module = (await import('@electric-sql/pglite')) as unknown as typeof module;
  } catch (error) {
    throw new ConfigurationError(
      'openPglite needs the optional peer dependency @electric-sql/pglite: npm install @electric-sql/pglite@0.5.16',
      {
        cause: error,
      },
    );
  }
  // pg_trgm (shipped inside @electric-sql/pglite) lets migration 004 index dead-letter search.
  const trigram = (await import('@electric-sql/pglite/contrib/pg_trgm').catch(() => undefined)) as
    | { pg_trgm: unknown }
    | undefined;
  const db = await module.PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(trigram ? { extensions: { pg_trgm: trigram.pg_trgm } } : {}),
  });
  return { sql: pgliteClient(db), db, close: () => db.close() };
}
