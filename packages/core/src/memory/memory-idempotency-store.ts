import { randomUUID } from 'node:crypto';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from '../contracts/idempotency-store';
import { incrementalSweep } from './incremental-sweep';
import { jsonCopy } from './json-copy';

/** Options of {@link memoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /**
   * Most keys kept (about 290 bytes each). Beyond it the oldest completed keys are forgotten before
   * their TTL, so a very late duplicate of one would run again; claims in progress are never dropped.
   * Default 40 000 (about 12 MB). A durable store (`@lifeline/postgres`) has no such limit.
   */
  maxKeys?: number;
}

/** One key's state. Every field is always present (one object shape), and `complete` updates it in place. */
interface Entry {
  fingerprint: string;
  /** The holder's token while in progress; `undefined` once completed (that is the status). */
  token: string | undefined;
  /** In progress: when the lease ends. Completed: when the result may be forgotten (`Infinity`: never). */
  until: number;
  /** The completed result: a private copy in JSON form, copied again for every reader. */
  result: unknown;
  completedAt: number;
}

const isCompleted = (entry: Entry): boolean => entry.token === undefined;

/** A key is taken while a lease on it runs or its result has not expired. */
const isLive = (entry: Entry, now: number): boolean => now < entry.until;

/**
 * An in-memory {@link IdempotencyStore} for one process and for tests. Keeps the contract: claims are
 * atomic (each method reads and writes without yielding), leases expire on the caller's clock, and a
 * token dies when its lease is taken over. Tokens are unique (a random UUID per store and a sequence
 * number). Results are kept as JSON would keep them (dates become strings, `undefined` fields vanish, BigInt is
 * refused), and every reader gets a fresh copy, as from a database.
 * Completed keys past their `expiresAt` are forgotten a few at a time on each claim, and the oldest
 * completed ones beyond `maxKeys`, so memory stays bounded.
 *
 * @example
 * ```ts
 * const store = memoryIdempotencyStore();
 * await idempotent(store, 'refund:pi_123', () => stripe.refunds.create({ payment_intent: 'pi_123' }));
 * ```
 */
export function memoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const maxKeys = options.maxKeys ?? 40_000;
  const entries = new Map<string, Entry>();
  // Walks keys oldest first across calls (a Map iterator survives deletes), so bounding costs O(1) per claim.
  let oldest: Iterator<[string, Entry]> = entries.entries();
  /** Beyond `maxKeys`, forgets the oldest completed keys (claims in progress are never dropped). */
  function bound() {
    for (let looked = 0; entries.size >= maxKeys && looked < 64; looked++) {
      let next = oldest.next();
      if (next.done) {
        oldest = entries.entries();
        next = oldest.next();
        if (next.done) return;
      }
      if (isCompleted(next.value[1])) entries.delete(next.value[0]);
    }
  }
  // A random UUID per store plus a sequence number: as unique as a UUID per claim, and several times
  // cheaper to make and hold by the hundred thousand (see bench/idempotent.bench.ts).
  const tokenPrefix = randomUUID();
  let sequence = 0;
  // Only expired results: an abandoned claim stays until it is reclaimed, so a late `complete` by its
  // holder still counts when nobody else took the key over.
  const sweep = incrementalSweep(entries, (entry: Entry, now) => isCompleted(entry) && now >= entry.until);

  function owned(key: string, token: string): Entry | undefined {
    const entry = entries.get(key);
    return entry !== undefined && entry.token === token ? entry : undefined;
  }

  return {
    // Answers at once (no promise), as `MaybePromise` allows; nothing here can throw but `complete`'s copy.
    claim(key, fingerprint, leaseMs, now): ClaimResult {
      sweep(now);
      const entry = entries.get(key);
      if (entry !== undefined && isLive(entry, now)) {
        if (entry.fingerprint !== fingerprint)
          return { status: 'mismatch', storedFingerprint: entry.fingerprint };
        if (isCompleted(entry))
          return { status: 'completed', result: jsonCopy(entry.result), completedAt: entry.completedAt };
        return { status: 'in_progress', leaseExpiresAt: entry.until };
      }
      const token = `${tokenPrefix}.${++sequence}`;
      const leaseExpiresAt = now + leaseMs;
      if (entry === undefined) bound();
      entries.set(key, { fingerprint, token, until: leaseExpiresAt, result: null, completedAt: 0 });
      return { status: 'claimed', token, leaseExpiresAt };
    },

    complete(key, token, result, now, ttlMs) {
      const entry = owned(key, token);
      if (!entry) return false;
      // Copied first: a result JSON cannot hold fails here (a rejected promise) and leaves the claim as it was.
      let copy: unknown;
      try {
        copy = jsonCopy(result);
      } catch (error) {
        return Promise.reject(error);
      }
      entry.result = copy;
      entry.token = undefined;
      entry.completedAt = now;
      entry.until = ttlMs === undefined ? Number.POSITIVE_INFINITY : now + ttlMs;
      return true;
    },

    release(key, token) {
      if (!owned(key, token)) return false;
      entries.delete(key);
      return true;
    },

    async get(key): Promise<IdempotencyRecord | undefined> {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (!isCompleted(entry)) {
        return { key, fingerprint: entry.fingerprint, status: 'in_progress', leaseExpiresAt: entry.until };
      }
      const record: IdempotencyRecord = {
        key,
        fingerprint: entry.fingerprint,
        status: 'completed',
        result: jsonCopy(entry.result),
      };
      if (entry.until !== Number.POSITIVE_INFINITY) record.expiresAt = entry.until;
      return record;
    },

    async forget(key) {
      entries.delete(key);
    },
  };
}
