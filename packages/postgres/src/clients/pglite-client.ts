import type { SqlClient, SqlResult } from '../sql-client';
import { withSavepoint } from './savepoint';

/** The part of a PGlite transaction (`Transaction` from `@electric-sql/pglite`) Lifeline uses. */
export interface PgliteTransactionLike {
  /** PGlite's `query(text, params)`. */
  query<T>(query: string, params?: any[]): Promise<{ rows: T[]; affectedRows?: number; rowCount?: number }>;
}

/** The part of a `PGlite` instance Lifeline uses: structural, so this package never imports PGlite. */
export interface PgliteLike extends PgliteTransactionLike {
  /** PGlite's `transaction(callback)`. */
  transaction<T>(callback: (tx: any) => Promise<T>): Promise<T>;
}

const bind = (params: readonly unknown[] | undefined) =>
  (params ?? []).map((value) => (value === undefined ? null : value));

function wrapResult<R>(result: { rows: R[]; affectedRows?: number; rowCount?: number }): SqlResult<R> {
  return {
    rows: result.rows,
    rowCount: result.rowCount ?? Math.max(result.affectedRows ?? 0, result.rows.length),
  };
}

function transactionClient(tx: PgliteTransactionLike): SqlClient {
  const client: SqlClient = {
    query: async <R>(text: string, params?: readonly unknown[]) =>
      wrapResult(await tx.query<R>(text, bind(params))),
    transaction: (fn) => withSavepoint(client, fn),
  };
  return client;
}

/**
 * Wraps an `@electric-sql/pglite` instance, or a transaction of one (`db.transaction(async (tx) => …)`),
 * as a {@link SqlClient}. PGlite is a single connection: statements queue behind a running transaction,
 * and inside `db.transaction` you must use the `tx` it hands you, never `db` itself.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = await PGlite.create('./.lifeline-data');
 * const sql = pgliteClient(db);
 * await migrate(sql);
 * ```
 */
export function pgliteClient(db: PgliteLike | PgliteTransactionLike): SqlClient {
  if (!('transaction' in db) || typeof db.transaction !== 'function') return transactionClient(db);
  const top = db as PgliteLike;
  return {
    query: async <R>(text: string, params?: readonly unknown[]) =>
      wrapResult(await top.query<R>(text, bind(params))),
    transaction: (fn) => top.transaction((tx: PgliteTransactionLike) => fn(transactionClient(tx))),
  };
}
