import type { Logger } from '@lifeline/core';
import type { SqlClient, SqlResult } from '../sql-client';
import { asStoreUnavailable } from './connection-lost';
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
  /** pg's EventEmitter `on`: Lifeline listens for 'error' while it holds the client. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** pg's EventEmitter `removeListener`. */
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of a `pg.Pool` Lifeline uses. */
export interface PgPoolLike extends PgQueryableLike {
  /** Checks a client out of the pool. */
  connect(): Promise<PgPoolClientLike>;
  /** pg's EventEmitter `on`: Lifeline listens for the pool's 'error' (an idle connection broke). */
  on?(event: 'error', listener: (error: Error, client: any) => void): unknown;
  /** pg's EventEmitter `listenerCount`. */
  listenerCount?(event: 'error'): number;
}

/** Options of {@link pgPoolClient}. */
export interface PgPoolClientOptions {
  /**
   * Where a broken idle connection is reported (`warn`). Default: `console`, and only when the pool has
   * no 'error' listener of yours; a logger given here is always used.
   */
  logger?: Pick<Logger, 'warn'>;
}

const bind = (params: readonly unknown[] | undefined) =>
  (params ?? []).map((value) => (value === undefined ? null : value));

async function run<R>(
  target: PgQueryableLike,
  text: string,
  params: readonly unknown[] | undefined,
  during: string,
): Promise<SqlResult<R>> {
  try {
    const result = await target.query(text, bind(params));
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  } catch (error) {
    throw asStoreUnavailable(error, during);
  }
}

/**
 * Wraps one `pg` connection that is already inside a transaction you began (for example to call
 * `outbox.enqueue` in the same transaction as your own writes). `transaction()` on it nests with a
 * savepoint; it never issues `BEGIN` or `COMMIT`, so your transaction stays yours.
 *
 * A lost or refused connection rejects with core's `StoreUnavailableError` (the driver's error as
 * `cause`). The connection itself stays yours: `pg` gives a checked-out client no 'error' listener, so
 * attach one while you hold it, or a server restart in that window crashes the process (an unhandled
 * 'error' event), and release a broken client with the error so the pool discards it.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', (error) => console.warn('idle PostgreSQL connection lost', error.message));
 *
 * const outbox = postgresOutbox();
 * const client = await pool.connect();
 * let lost: Error | undefined;
 * const onLost = (error: Error) => { lost = error; };
 * client.on('error', onLost);
 * try {
 *   await client.query('BEGIN');
 *   await client.query('insert into purchases (id) values ($1)', ['p_1']);
 *   await outbox.enqueue(pgClient(client), sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 *   await client.query('COMMIT');
 * } catch (error) {
 *   if (!lost) await client.query('ROLLBACK').catch(() => {});
 *   throw error;
 * } finally {
 *   client.off('error', onLost);
 *   client.release(lost);
 * }
 * ```
 */
export function pgClient(client: PgQueryableLike): SqlClient {
  const sql: SqlClient = {
    query: (text, params) => run(client, text, params, 'query'),
    transaction: (fn) => withSavepoint(sql, fn),
  };
  return sql;
}

/** Pools that already have Lifeline's 'error' listener, so wrapping a pool twice adds one listener. */
const listening = new WeakSet<object>();

function listenForIdleErrors(pool: PgPoolLike, logger: PgPoolClientOptions['logger']): void {
  if (typeof pool.on !== 'function' || listening.has(pool)) return;
  listening.add(pool);
  pool.on('error', (error) => {
    // pg-pool has already removed the broken client; the next query opens a new connection.
    const others = (pool.listenerCount?.('error') ?? 1) - 1;
    if (logger)
      logger.warn('lifeline postgres: an idle pooled connection was lost', { error: error.message });
    else if (others === 0)
      console.warn(
        `lifeline postgres: an idle pooled connection was lost (${error.message}); the pool opens a new one on the next query`,
      );
  });
}

/**
 * Wraps a `pg.Pool` as a {@link SqlClient}. Each `query` may run on any pooled connection;
 * `transaction` checks one connection out, runs `BEGIN … COMMIT` on it (`ROLLBACK` when `fn` throws)
 * and releases it.
 *
 * A lost connection never crashes the process: while a transaction holds a client, an 'error' listener
 * is attached to it (a backend terminated or a server stopped mid-transaction rejects the transaction and
 * the client is released with the error, so the pool discards it), and the pool gets one 'error' listener
 * for connections that break while idle (`pg` throws an unhandled 'error' event without one). A lost or
 * refused connection rejects with core's `StoreUnavailableError` (the driver's error as `cause`), which the
 * runtime treats as a store outage, not as a failure of the work. Add your own `pool.on('error', …)` to
 * log idle losses your way; Lifeline's listener then stays quiet.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', (error) => console.warn('idle PostgreSQL connection lost', error.message));
 * const sql = pgPoolClient(pool);
 * ```
 */
export function pgPoolClient(pool: PgPoolLike, options: PgPoolClientOptions = {}): SqlClient {
  listenForIdleErrors(pool, options.logger);
  return {
    query: (text, params) => run(pool, text, params, 'query'),
    async transaction(fn) {
      let client: PgPoolClientLike;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asStoreUnavailable(error, 'connect');
      }
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost ??= error;
      };
      client.on?.('error', onError);
      let broken = false;
      try {
        await run(client, 'BEGIN', undefined, 'BEGIN');
        const result = await fn(pgClient(client));
        await run(client, 'COMMIT', undefined, 'COMMIT');
        return result;
      } catch (error) {
        if (!lost) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
        }
        throw asStoreUnavailable(error, 'transaction');
      } finally {
        client.removeListener?.('error', onError);
        client.release(lost ?? (broken || undefined));
      }
    },
  };
}
