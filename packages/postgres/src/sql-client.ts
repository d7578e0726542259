/** What {@link SqlClient.query} resolves with. */
export interface SqlResult<R> {
  /** The rows, with columns parsed by the driver (Lifeline only asks for text, numbers, booleans and arrays). */
  rows: R[];
  /** Rows returned or changed by the statement. */
  rowCount: number;
}

/**
 * The tiny database interface every Lifeline Postgres store runs on: one parameterised statement at a
 * time, and transactions. Wrap your driver with {@link pgliteClient}, {@link pgPoolClient},
 * {@link pgClient} or {@link postgresJsClient}, or implement it for another driver.
 *
 * Guarantees an implementation must keep:
 * - `query` runs exactly one statement with `$1..$n` placeholders bound to `params`.
 * - `transaction` runs `fn` inside one transaction on one connection, commits when `fn` resolves and
 *   rolls back when it throws (re-throwing the error). The `tx` passed to `fn` runs on that connection;
 *   calling `tx.transaction` nests with a savepoint.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', (error) => console.warn('PostgreSQL: idle connection lost', error.message));
 * const sql = pgPoolClient(pool);
 * await sql.transaction(async (tx) => {
 *   await tx.query('insert into purchases (id) values ($1)', ['p_1']);
 * });
 * ```
 */
export interface SqlClient {
  /** Runs one statement with `$1..$n` bound to `params`. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs `fn` in a transaction: commit when it resolves, roll back (and re-throw) when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}
