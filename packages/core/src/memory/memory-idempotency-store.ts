import { randomUUID } from 'node:crypto';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from '../contracts/idempotency-store';
import { incrementalSweep } from './incremental-sweep';
import { jsonCopy } from './json-copy';

/** One key's state. Every field is always present (one object shape), and `complete` updates it in place. */
interface Entry {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  /** The holder's token while in progress; `undefined` once completed. */
  token: string | undefined;
  leaseExpiresAt: number;
  /** The completed result: a private copy in JSON form, copied again for every reader. */
  result: unknown;
  completedAt: number;
  /** When a completed result may be forgotten; `Infinity` for never. */
  expiresAt: number;
}

/** A key is taken while a lease on it runs or its result has not expired. */
const isLive = (entry: Entry, now: number): boolean =>
  now < (entry.status === 'in_progress' ? entry.leaseExpiresAt : entry.expiresAt);

/**
 * An in-memory {@link IdempotencyStore} for one process and for tests. Keeps the contract: claims are
 * atomic (each method reads and writes without yielding), leases expire on the caller's clock, and a
 * token dies when its lease is taken over. Tokens are unique (a random UUID per store and a sequence
 * number). Results are kept as JSON would keep them (dates become strings, `undefined` fields vanish, BigInt is
 * refused), and every reader gets a fresh copy, as from a database.
 * Completed keys past their `expiresAt` are forgotten a few at a time on each claim, so memory stays
 * bounded by the live keys.
 *
 * @example
 * ```ts
 * const store = memoryIdempotencyStore();
 * await idempotent(store, 'refund:pi_123', () => stripe.refunds.create({ payment_intent: 'pi_123' }));
 * ```
 */
export function memoryIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, Entry>();
  // A random UUID per store plus a sequence number: as unique as a UUID per claim, and several times
  // cheaper to make and hold by the hundred thousand (see bench/idempotent.bench.ts).
  const tokenPrefix = randomUUID();
  let sequence = 0;
  // Only expired results: an abandoned claim stays until it is reclaimed, so a late `complete` by its
  // holder still counts when nobody else took the key over.
  const sweep = incrementalSweep(
    entries,
    (entry: Entry, now) => entry.status === 'completed' && now >= entry.expiresAt,
  );

  function owned(key: string, token: string): Entry | undefined {
    const entry = entries.get(key);
    return entry !== undefined && entry.status === 'in_progress' && entry.token === token ? entry : undefined;
  }

  return {
    async claim(key, fingerprint, leaseMs, now): Promise<ClaimResult> {
      sweep(now);
      const entry = entries.get(key);
      if (entry !== undefined && isLive(entry, now)) {
        if (entry.fingerprint !== fingerprint)
          return { status: 'mismatch', storedFingerprint: entry.fingerprint };
        if (entry.status === 'completed')
          return { status: 'completed', result: jsonCopy(entry.result), completedAt: entry.completedAt };
        return { status: 'in_progress', leaseExpiresAt: entry.leaseExpiresAt };
      }
      const token = `${tokenPrefix}.${++sequence}`;
      const leaseExpiresAt = now + leaseMs;
      entries.set(key, {
        fingerprint,
        status: 'in_progress',
        token,
        leaseExpiresAt,
        result: null,
        completedAt: 0,
        expiresAt: 0,
      });
      return { status: 'claimed', token, leaseExpiresAt };
    },

    async complete(key, token, result, now, ttlMs) {
      const entry = owned(key, token);
      if (!entry) return false;
      // Copied first: a result JSON cannot hold throws here and leaves the claim as it was.
      entry.result = jsonCopy(result);
      entry.status = 'completed';
      entry.token = undefined;
      entry.completedAt = now;
      entry.expiresAt = ttlMs === undefined ? Number.POSITIVE_INFINITY : now + ttlMs;
      return true;
    },

    async release(key, token) {
      if (!owned(key, token)) return false;
      entries.delete(key);
      return true;
    },

    async get(key): Promise<IdempotencyRecord | undefined> {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.status === 'in_progress') {
        return {
          key,
          fingerprint: entry.fingerprint,
          status: 'in_progress',
          leaseExpiresAt: entry.leaseExpiresAt,
        };
      }
      const record: IdempotencyRecord = {
        key,
        fingerprint: entry.fingerprint,
        status: 'completed',
        result: jsonCopy(entry.result),
      };
      if (entry.expiresAt !== Number.POSITIVE_INFINITY) record.expiresAt = entry.expiresAt;
      return record;
    },

    async forget(key) {
      entries.delete(key);
    },
  };
}
