import { randomUUID } from 'node:crypto';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from '../contracts/idempotency-store';

interface Entry {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  token?: string;
  leaseExpiresAt?: number;
  result?: unknown;
  completedAt?: number;
  expiresAt?: number;
}

const SWEEP_EVERY = 1_000;

/** Primitives are immutable; anything else is copied so no caller shares the stored value. */
const copy = <T>(value: T): T => (value !== null && typeof value === 'object' ? structuredClone(value) : value);

/** A key is free when nobody holds a live lease on it and no unexpired result is stored. */
function isLive(entry: Entry, now: number): boolean {
  return entry.status === 'in_progress' ? now < entry.leaseExpiresAt! : entry.expiresAt === undefined || now < entry.expiresAt;
}

/**
 * An in-memory {@link IdempotencyStore} for one process and for tests. Keeps the contract: claims are
 * atomic (each method reads and writes without yielding), leases expire on the caller's clock, tokens
 * are random UUIDs, stored results are copied in and out. Completed keys past their `expiresAt` are
 * swept now and then.
 *
 * @example
 * ```ts
 * const store = memoryIdempotencyStore();
 * await idempotent(store, 'refund:pi_123', () => refund('pi_123'));
 * ```
 */
export function memoryIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, Entry>();
  let claims = 0;

  function sweep(now: number): void {
    for (const [key, entry] of entries) if (!isLive(entry, now)) entries.delete(key);
  }

  function owned(key: string, token: string): Entry | undefined {
    const entry = entries.get(key);
    return entry?.status === 'in_progress' && entry.token === token ? entry : undefined;
  }

  return {
    async claim(key, fingerprint, leaseMs, now): Promise<ClaimResult> {
      if (++claims % SWEEP_EVERY === 0) sweep(now);
      const entry = entries.get(key);
      if (entry && isLive(entry, now)) {
        if (entry.fingerprint !== fingerprint) return { status: 'mismatch', storedFingerprint: entry.fingerprint };
        if (entry.status === 'completed') {
          return { status: 'completed', result: copy(entry.result), completedAt: entry.completedAt! };
        }
        return { status: 'in_progress', leaseExpiresAt: entry.leaseExpiresAt! };
      }
      const token = randomUUID();
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
        result: copy(result === undefined ? null : result),
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
      if (entry.status === 'completed') record.result = copy(entry.result);
      if (entry.leaseExpiresAt !== undefined) record.leaseExpiresAt = entry.leaseExpiresAt;
      if (entry.expiresAt !== undefined) record.expiresAt = entry.expiresAt;
      return record;
    },

    async forget(key) {
      entries.delete(key);
    },
  };
}
