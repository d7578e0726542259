/**
 * Keeps a reconciliation cursor between runs, so each run starts where the last one left off.
 *
 * Guarantees: `get` returns the last value `set` for the key (or `undefined`); a `set` that resolved is
 * seen by every later `get`. `@lifeline/postgres` has a durable one; {@link memoryCursorStore} lives in
 * memory (lost on restart, so the next run falls back to its look-back window).
 */
export interface CursorStore {
  /** The value last stored under `key`, or `undefined`. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: string): Promise<void>;
}

/** A {@link CursorStore} in memory, with a look at its contents for tests. */
export interface MemoryCursorStore extends CursorStore {
  /** Every key and value stored, as a plain object. */
  entries(): Record<string, string>;
}

/**
 * A {@link CursorStore} in memory: for tests, development and single-process apps.
 *
 * @example
 * ```ts
 * const cursors = memoryCursorStore();
 * await reconcileCheckouts({ stripe, lifeline, operation: checkout.completed, isFulfilled, cursorStore: cursors });
 * ```
 */
export function memoryCursorStore(initial: Record<string, string> = {}): MemoryCursorStore {
  const values = new Map(Object.entries(initial));
  return {
    async get(key) {
      return values.get(key);
    },
    async set(key, value) {
      values.set(key, value);
    },
    entries: () => Object.fromEntries(values),
  };
}
