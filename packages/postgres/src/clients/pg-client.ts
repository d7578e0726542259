import type { SqlClient, SqlResult } from '../sql-client';
import { withSavepoint } from './savepoint';

/** The part of a `pg` client or pool Lifeline uses: structural, so this package never imports `pg`. */
export interface PgQueryableLike {
  /** pg's `query(text, values)`. */
  query(text: string, values?: any[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

/** A client checked out of a `pg.Pool`. */
export interface PgPoolClientLike extends PgQueryableLike {
  /** Returns the client to its pool (`true` or an error: destroy it). */
  release(error?: Error | boolean): void;
}

/** The part of a `pg.Pool` Lifeline uses. */
export interface PgPoolLike extends PgQueryableLike {
  /** Checks a client out of the pool. */
  connect(): Promise<PgPoolClientLike>;
}

const bind = (params: readonly unknown[] | undefined) =>
  (params ?? []).map((value) => (value === undefined ? null : value));

async function run<R>(
  target: PgQueryableLike,
  text: string,
  params?: readonly unknown[],
): Promise<SqlResult<R>> {
  const result = await target.query(text, bind(params));
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

/**
 * Wraps one `pg` connection that is already inside a transaction you began (for example to call
 * `outbox.enqueue` in the same transaction as your own writes). `transaction()` on it nests with a
 * savepoint; it never issues `BEGIN` or `COMMIT`, so your transaction stays yours.
 *
 * @example
 * ```ts
 * const outbox = postgresOutbox();
 * const client = await pool.connect();
 * await client.query('BEGIN');
 * await client.query('insert into purchases (id) values ($1)', ['p_1']);
 * await outbox.enqueue(pgClient(client), sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * await client.query('COMMIT');
 * client.release();
 * ```
 */
export function pgClient(client: PgQueryableLike): SqlClient {
  const sql: SqlClient = {
    query: (text, params) => run(client, text, params),
    transaction: (fn) => withSavepoint(sql, fn),
  };
  return sql;
}

/**
 * Wraps a `pg.Pool` as a {@link SqlClient}. Each `query` may run on any pooled connection;
 * `transaction` checks one connection out, runs `BEGIN … COMMIT` on it (`ROLLBACK` when `fn` throws)
 * and releases it (discarding it if even the rollback failed).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const sql = pgPoolClient(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * ```
 */
export function pgPoolClient(pool: PgPoolLike): SqlClient {
  return {
    query: (text, params) => run(pool, text, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(pgClient(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken || undefined);
      }
    },
  };
}
