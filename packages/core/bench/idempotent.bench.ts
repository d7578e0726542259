import { idempotent } from '../src/idempotency/idempotent';
import { memoryIdempotencyStore } from '../src/memory/memory-idempotency-store';
import { type BenchResult, compare, measureInterleaved } from './harness';

/** A first claim through `idempotent()` on the in-memory store may cost at most this much more than a bare Map dedupe. */
const GOAL = 3;

const FIRST = 'idempotent() first claim (claim, run, complete)';
const FIRST_FLOOR = 'Map dedupe, first time';
const DUPLICATE = 'idempotent() duplicate (stored result)';
const DUPLICATE_FLOOR = 'Map dedupe, duplicate';
const KEYS_PER_STORE = 10_000;

/** The floor: remember each key's result in a Map, nothing else (no leases, no fingerprints, no copies). */
function mapDedupe() {
  const results = new Map<string, unknown>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (results.has(key)) return results.get(key) as T;
    const result = await fn();
    results.set(key, result);
    return result;
  };
}

/**
 * Claims per second of `idempotent()` on `memoryIdempotencyStore()` against a bare Map-based dedupe
 * of the same keys, in the same process, in interleaved rounds: once for first-time keys (claim, run,
 * complete) and once for keys already done (the stored result comes back). The work itself is a
 * resolved promise of a small JSON object, so the figures are the bookkeeping alone.
 *
 * The goal applies to first claims; the duplicate row is for information. What `idempotent()` does
 * beyond the Map: validates the key, reads the clock twice, issues a lease token, awaits the store
 * three times instead of once, and stores the result as JSON (and parses it for each duplicate), so
 * no caller can change a stored result through its own reference, as with a database.
 */
export async function benchIdempotent(): Promise<BenchResult[]> {
  const store = memoryIdempotencyStore();
  const floor = mapDedupe();
  const work = async () => ({ receiptId: 're_123', sent: true });
  // First claims: both sides start a fresh store every KEYS_PER_STORE keys, so the run measures
  // claiming rather than the garbage collector coping with an ever larger heap.
  let fresh = memoryIdempotencyStore();
  let freshFloor = mapDedupe();
  let next = 0;
  let nextFloor = 0;
  const DONE_KEYS = 1_000;
  for (let i = 0; i < DONE_KEYS; i++) {
    await idempotent(store, `done:${i}`, work);
    await floor(`done:${i}`, work);
  }
  let hit = 0;
  let hitFloor = 0;
  const results = await measureInterleaved(
    {
      [FIRST]: () => {
        if (++next % KEYS_PER_STORE === 0) fresh = memoryIdempotencyStore();
        return idempotent(fresh, `order:${next}`, work);
      },
      [FIRST_FLOOR]: () => {
        if (++nextFloor % KEYS_PER_STORE === 0) freshFloor = mapDedupe();
        return freshFloor(`order:${nextFloor}`, work);
      },
      [DUPLICATE]: () => idempotent(store, `done:${hit++ % DONE_KEYS}`, work),
      [DUPLICATE_FLOOR]: () => floor(`done:${hitFloor++ % DONE_KEYS}`, work),
    },
    { iterations: 10_000, warmup: 10_000, rounds: 10, batch: 200 },
  );
  return [
    compare(results[FIRST]!, results[FIRST_FLOOR]!, GOAL),
    compare(results[DUPLICATE]!, results[DUPLICATE_FLOOR]!),
  ];
}
