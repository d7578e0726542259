import { randomUUID } from 'node:crypto';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from '../contracts/idempotency-store';
import { incrementalSweep } from './incremental-sweep';

interface Entry {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  token?: string;
  leaseExpiresAt?: number;
  /** A completed primitive result (immutable, kept as is). */
  result?: string | number | boolean | null;
  /** A completed object or array result, as JSON text. */
  json?: string;
  completedAt?: number;
  expiresAt?: number;
}

/**
 * Stores a result the way a database would: objects as JSON text (a fresh copy on every read, and
 * JSON's rules apply: dates become strings, `undefined` fields vanish); `undefined` as `null`.
 * Throws a TypeError for what JSON cannot hold (BigInt, cycles).
 */
function encode(value: unknown): Pick<Entry, 'result' | 'json'> {
  if (value !== null && typeof value === 'object') return { json: JSON.stringify(value) };
  if (typeof value === 'bigint')
    throw new TypeError(`memoryIdempotencyStore: cannot store the BigInt ${value}n as JSON`);
  if (typeof value === 'string' || typeof value === 'boolean') return { result: value };
  if (typeof value === 'number') return { result: Number.isFinite(value) ? value : null };
  return { result: null };
}

const decode = (entry: Entry): unknown =>
  entry.json === undefined ? (entry.result ?? null) : JSON.parse(entry.json);

/** A key is free when nobody holds a live lease on it and no unexpired result is stored. */
function isLive(entry: Entry, now: number): boolean {
  return entry.status === 'in_progress'
    ? now < entry.leaseExpiresAt!
    : entry.expiresAt === undefined || now < entry.expiresAt;
}

/**
 * An in-memory {@link IdempotencyStore} for one process and for tests. Keeps the contract: claims are
 * atomic (each method reads and writes without yielding), leases expire on the caller's clock, tokens
 * are unique (a random UUID per store and a sequence number), results are stored as JSON (so readers get copies, as from a database). Completed keys past their `expiresAt` are
 * forgotten a few at a time on each claim, so memory stays bounded by the live keys.
 *
 * @example
 * ```ts
 * const store = memoryIdempotencyStore();
 * await idempotent(store, 'refund:pi_123', () => refund('pi_123'));
 * ```
 */
export function memoryIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, Entry>();
  // Tokens: a random UUID per store plus a sequence number. As unique as a UUID per claim, and several
  // times cheaper to hold by the hundred thousand (see bench/idempotent.bench.ts).
  const tokenPrefix = randomUUID();
  let sequence = 0;
  // Only expired results: an abandoned claim stays until it is reclaimed, so a late `complete` by its
  // holder still counts when nobody else took the key over.
  const sweep = incrementalSweep(
    entries,
    (entry: Entry, now) => entry.status === 'completed' && !isLive(entry, now),
  );

  function owned(key: string, token: string): Entry | undefined {
    const entry = entries.get(key);
    return entry?.status === 'in_progress' && entry.token === token ? entry : undefined;
  }

  return {
    async claim(key, fingerprint, leaseMs, now): Promise<ClaimResult> {
      sweep(now);
      const entry = entries.get(key);
      if (entry && isLive(entry, now)) {
        if (entry.fingerprint !== fingerprint)
          return { status: 'mismatch', storedFingerprint: entry.fingerprint };
        if (entry.status === 'completed') {
          return { status: 'completed', result: decode(entry), completedAt: entry.completedAt! };
        }
        return { status: 'in_progress', leaseExpiresAt: entry.leaseExpiresAt! };
      }
      const token = `${tokenPrefix}.${++sequence}`;
      const leaseExpiresAt = now + leaseMs;
      entries.set(key, { fingerprint, status: 'in_progress', token, leaseExpiresAt });
      return { status: 'claimed', token, leaseExpiresAt };
    },

    async complete(key, token, result, now, ttlMs) {
      const entry = owned(key, token);
      if (!entry) return false;
      entries.set(key, {
        fingerprint: entry.fingerprint,
        status: 'completed',
        ...encode(result),
        completedAt: now,
        ...(ttlMs === undefined ? {} : { expiresAt: now + ttlMs }),
      });
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
      const record: IdempotencyRecord = { key, fingerprint: entry.fingerprint, status: entry.status };
      if (entry.status === 'completed') record.result = decode(entry);
      if (entry.leaseExpiresAt !== undefined) record.leaseExpiresAt = entry.leaseExpiresAt;
      if (entry.expiresAt !== undefined) record.expiresAt = entry.expiresAt;
      return record;
    },

    async forget(key) {
      entries.delete(key);
    },
  };
}
