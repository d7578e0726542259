import type { SqlClient, SqlResult } from '../sql-client';

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
 * @example
 * ```ts
 * import postgres from 'postgres';
 * const sql = postgresJsClient(postgres(process.env.DATABASE_URL!));
 * ```
 */
export function postgresJsClient(sql: PostgresJsLike): SqlClient {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      const result = await sql.unsafe(text, bind(params));
      const rows = Array.from(result) as R[];
      return { rows, rowCount: typeof result.count === 'number' ? result.count : rows.length };
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const run = (tx: PostgresJsLike) => fn(postgresJsClient(tx));
      if (typeof sql.savepoint === 'function') return sql.savepoint(run) as Promise<T>;
      if (typeof sql.begin === 'function') return sql.begin(run) as Promise<T>;
      return Promise.reject(
        new TypeError(
          'postgresJsClient: the object has neither begin() nor savepoint(); pass the value of postgres(url) or a transaction from sql.begin',
        ),
      );
    },
  };
}
