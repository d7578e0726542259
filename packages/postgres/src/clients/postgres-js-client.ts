import type { SqlClient, SqlResult } from '../sql-client';
import { asStoreUnavailable } from './connection-lost';

/**
 * The part of a postgres.js `Sql` (or `TransactionSql`) Lifeline uses: structural, so this package
 * never imports `postgres`.
 */
export interface PostgresJsLike {
  /** Runs a query text with parameters (`sql.unsafe`). */
  unsafe(query: string, parameters?: any[]): PromiseLike<ArrayLike<any> & { count?: number | null }>;
  /** Starts a transaction (on an instance). */
  begin?(cb: (sql: any) => any): Promise<any>;
  /** Starts a savepoint (inside a transaction). */
  savepoint?(cb: (sql: any) => any): Promise<any>;
}

const bind = (params: readonly unknown[] | undefined) =>
  (params ?? []).map((value) => (value === undefined ? null : value));

/**
 * Wraps a postgres.js instance (`postgres(url)`), or the `tx` of `sql.begin(async (tx) => …)`, as a
 * {@link SqlClient}. `transaction` uses `sql.begin` on an instance and `tx.savepoint` inside a
 * transaction, so outbox writes can join your own `sql.begin`.
 *
 * postgres.js reports a broken connection by rejecting the query (it emits no 'error' event, so nothing
 * can crash the process) and reconnects on the next query. A lost or refused connection rejects with
 * core's `StoreUnavailableError` (the driver's error as `cause`), which the runtime treats as a store
 * outage, not as a failure of the work.
 *
 * Known driver bugs (postgres 3.4.9, seen here against a real server): a backend terminated while a
 * `sql.begin` transaction has a statement in flight throws an uncaught `TypeError` from a timer inside
 * postgres.js (porsager/postgres#1208), which no wrapper can catch; and the first query after a reconnect
 * may fail with the dead session's 57P01 (#1223, surfaced here as a store outage, so it is retried). Where
 * the database restarts or fails over, prefer `pg` with {@link pgPoolClient}.
 *
 * @example
 * ```ts
 * import postgres from 'postgres';
 * const sql = postgresJsClient(postgres(process.env.DATABASE_URL!));
 * ```
 */
export function postgresJsClient(sql: PostgresJsLike): SqlClient {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      let result: Awaited<ReturnType<PostgresJsLike['unsafe']>>;
      try {
        result = await sql.unsafe(text, bind(params));
      } catch (error) {
        throw asStoreUnavailable(error, 'query');
      }
      const rows = Array.from(result) as R[];
      return { rows, rowCount: typeof result.count === 'number' ? result.count : rows.length };
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const run = (tx: PostgresJsLike) => fn(postgresJsClient(tx));
      const outage = (error: unknown) => Promise.reject(asStoreUnavailable(error, 'transaction'));
      if (typeof sql.savepoint === 'function') return (sql.savepoint(run) as Promise<T>).catch(outage);
      if (typeof sql.begin === 'function') return (sql.begin(run) as Promise<T>).catch(outage);
      return Promise.reject(
        new TypeError(
          'postgresJsClient: the object has neither begin() nor savepoint(); pass the value of postgres(url) or a transaction from sql.begin',
        ),
      );
    },
  };
}
