import type { SqlClient } from '../../src/index';

/**
 * Wraps a SqlClient and counts database round trips: one per statement, plus `BEGIN` and `COMMIT` for
 * each top-level transaction (what `pgPoolClient` sends). Used to check how many round trips an
 * operation costs, end to end.
 */
export function countingSql(inner: SqlClient): {
  sql: SqlClient;
  count(): number;
  reset(): void;
  /** Round trips by the statement's first words, for finding where they go. */
  byStatement(): Record<string, number>;
} {
  let count = 0;
  let by: Record<string, number> = {};
  const wrap = (client: SqlClient, nested: boolean): SqlClient => ({
    query(text, params) {
      count++;
      const head = text.replace(/\s+/g, ' ').trim().slice(0, 60);
      by[head] = (by[head] ?? 0) + 1;
      return client.query(text, params);
    },
    transaction(fn) {
      count += nested ? 2 : 2; // BEGIN/COMMIT, or SAVEPOINT/RELEASE
      return client.transaction((tx) => fn(wrap(tx, true)));
    },
  });
  return {
    sql: wrap(inner, false),
    count: () => count,
    byStatement: () => ({ ...by }),
    reset() {
      count = 0;
      by = {};
    },
  };
}
