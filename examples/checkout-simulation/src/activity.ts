import type { SqlClient } from '@lifeline/postgres';

/** Counts work in flight outside the clock's timers (database calls, webhook requests). */
export interface Activity {
  /** Runs `promise` counted as in flight until it settles. */
  track<T>(promise: Promise<T>): Promise<T>;
  /** How many tracked promises have not settled yet. */
  inFlight(): number;
}

/** A new {@link Activity} counter. */
export function activity(): Activity {
  let count = 0;
  return {
    track(promise) {
      count++;
      return promise.finally(() => {
        count--;
      });
    },
    inFlight: () => count,
  };
}

/**
 * Wraps a {@link SqlClient} so each statement and transaction counts as activity. The virtual clock
 * only moves when nothing is in flight, so a database call never sees time jump under it.
 */
export function trackedSql(sql: SqlClient, counter: Activity): SqlClient {
  return {
    query: (text, params) => counter.track(sql.query(text, params)),
    transaction: (fn) => counter.track(sql.transaction(fn)),
  };
}
