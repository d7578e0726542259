import type { SqlClient } from '../src/index';

/** What a {@link countingSqlClient} has seen since its last `reset()`. */
export interface SqlCounts {
  /** Messages that waited for the server: each statement, plus BEGIN and COMMIT of a transaction (SAVEPOINT and RELEASE of a nested one). */
  roundTrips: number;
  /** Server transactions that ended in a commit: each statement outside a transaction is one, each `transaction()` one. */
  commits: number;
  /**
   * Statements by their first words (whitespace folded), for finding which one costs the most: how many,
   * and the ms they took in all (from the call to its answer, waiting for a pooled connection included).
   */
  byStatement: Map<string, { n: number; ms: number }>;
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
  const note = (text: string, ms: number) => {
    const seen = counts.byStatement.get(shape(text)) ?? { n: 0, ms: 0 };
    counts.byStatement.set(shape(text), { n: seen.n + 1, ms: seen.ms + ms });
  };

  const wrap = (client: SqlClient, depth: number): SqlClient => ({
    async query(text, params) {
      counts.roundTrips++;
      if (depth === 0) counts.commits++;
      const started = performance.now();
      try {
        return await client.query(text, params);
      } finally {
        note(text, performance.now() - started);
      }
    },
    async transaction(fn) {
      // BEGIN … COMMIT at the top level; SAVEPOINT … RELEASE when nested.
      counts.roundTrips += 2;
      const started = performance.now();
      try {
        const result = await client.transaction((tx) => fn(wrap(tx, depth + 1)));
        if (depth === 0) counts.commits++;
        return result;
      } finally {
        note(
          depth === 0 ? 'BEGIN … COMMIT (whole transaction)' : 'SAVEPOINT … RELEASE',
          performance.now() - started,
        );
      }
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
