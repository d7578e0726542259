/**
 * Keeps a reconciliation cursor between runs, so each run starts where the last one left off.
 *
 * Guarantees: `get` returns the last value `set` for the key (or `undefined`); a `set` that resolved is
 * seen by every later `get`. `@lifeline/postgres` has a durable one; {@link memoryCursorStore} lives in
 * memory (lost on restart, so the next run falls back to its look-back window).
 */
export interface CursorStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
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
export function memoryCursorStore(
  initial: Record<string, string> = {},
): CursorStore & { entries(): Record<string, string> } {
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
