import type { SqlClient } from '../src/index';

/** What a {@link countingSqlClient} has seen since its last `reset()`. */
export interface SqlCounts {
  /** Messages that waited for the server: each statement, plus BEGIN and COMMIT of a transaction (SAVEPOINT and RELEASE of a nested one). */
  roundTrips: number;
  /** Server transactions that ended in a commit: each statement outside a transaction is one, each `transaction()` one. */
  commits: number;
  /** Statements by their first words (whitespace folded), for finding which one costs the most. */
  byStatement: Map<string, number>;
}

/** The first words of a statement: enough to tell the queue's, the log's and the idempotency store's apart. */
const shape = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 90);

/**
 * Wraps a {@link SqlClient} and counts what it sends: round trips, commits and statements by shape.
 * It counts at the `SqlClient` boundary, where every Lifeline store talks to the database, so it sees
 * exactly what the stores and the queue ask for (a LISTEN connection held by a listener is not counted:
 * notifications arrive without a round trip).
 */
export function countingSqlClient(inner: SqlClient): SqlClient & { counts(): SqlCounts; reset(): void } {
  let counts: SqlCounts = { roundTrips: 0, commits: 0, byStatement: new Map() };
  const note = (text: string) =>
    counts.byStatement.set(shape(text), (counts.byStatement.get(shape(text)) ?? 0) + 1);

  const wrap = (client: SqlClient, depth: number): SqlClient => ({
    query(text, params) {
      counts.roundTrips++;
      if (depth === 0) counts.commits++;
      note(text);
      return client.query(text, params);
    },
    async transaction(fn) {
      // BEGIN … COMMIT at the top level; SAVEPOINT … RELEASE when nested.
      counts.roundTrips += 2;
      note(depth === 0 ? 'BEGIN … COMMIT' : 'SAVEPOINT … RELEASE');
      const result = await client.transaction((tx) => fn(wrap(tx, depth + 1)));
      if (depth === 0) counts.commits++;
      return result;
    },
  });

  return {
    ...wrap(inner, 0),
    counts: () => counts,
    reset() {
      counts = { roundTrips: 0, commits: 0, byStatement: new Map() };
    },
  };
}
