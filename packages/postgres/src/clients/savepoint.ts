import type { SqlClient } from '../sql-client';

let counter = 0;

/**
 * @internal Runs `fn` inside a savepoint of the transaction `tx` is already in, so a nested
 * `transaction()` rolls back only its own work when it throws.
 */
export async function withSavepoint<T>(tx: SqlClient, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  const name = `lifeline_sp_${++counter}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
