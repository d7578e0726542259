import type { MaybePromise } from './maybe-promise';

/** The outcome of {@link IdempotencyStore.claim}. */
export type ClaimResult =
  /** The caller owns the key until `leaseExpiresAt`; it must `complete` or `release` with `token`. */
  | { status: 'claimed'; token: string; leaseExpiresAt: number }
  /** Done before with the same fingerprint: `result` is what `complete` stored. */
  | { status: 'completed'; result: unknown; completedAt: number }
  /** Another holder's lease is still running. */
  | { status: 'in_progress'; leaseExpiresAt: number }
  /** Used before with a different fingerprint (in progress or completed). */
  | { status: 'mismatch'; storedFingerprint: string };

/** A key's stored state, for inspection and tests. */
export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  status: 'in_progress' | 'completed';
  result?: unknown;
  leaseExpiresAt?: number;
  /** When a completed record may be forgotten (epoch ms). */
  expiresAt?: number;
}

/**
 * Remembers which idempotency keys ran, so duplicates of one piece of work run once.
 *
 * Guarantees (checked by `idempotencyStoreSuite` in `@lifeline/testing`):
 * - `claim` is atomic: of any number of concurrent claims of a free key, exactly one gets `claimed`.
 * - A claim whose lease has expired (holder crashed) can be claimed again; the old token is then dead:
 *   its `complete` and `release` return `false` and change nothing.
 * - A key is free if never claimed, released, or completed and past `expiresAt`.
 * - `complete` stores `result` (JSON-serialisable) and makes later claims with the same fingerprint return
 *   `completed`; a different fingerprint gets `mismatch`, whether the key is completed or in progress.
 * - `now` is the caller's clock reading, so stores never read a clock of their own and tests stay virtual.
 * - `claim`, `complete` and `release` may answer at once (an in-memory store does) or with a promise (a
 *   database does); either way a failure is a rejected promise, never a synchronous throw
 *   (see {@link MaybePromise}). Callers `await` them, which takes both.
 */
export interface IdempotencyStore {
  /** Atomically claims `key` for `leaseMs`, or reports why not (completed, in progress, mismatch). */
  claim(key: string, fingerprint: string, leaseMs: number, now: number): MaybePromise<ClaimResult>;
  /** Marks the key done. `ttlMs` is how long the result is remembered (default: forever). False if `token` no longer owns the key. */
  complete(key: string, token: string, result: unknown, now: number, ttlMs?: number): MaybePromise<boolean>;
  /** Frees the key so a retry can claim it. False if `token` no longer owns the key. */
  release(key: string, token: string): MaybePromise<boolean>;
  /** The stored state, or `undefined`. */
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /** Forgets a key whatever its state (admin use: re-run work that completed). */
  forget(key: string): Promise<void>;
}
