import { z } from 'zod';
import type { Clock } from '../clock/clock';
import { systemClock } from '../clock/system-clock';
import type { IdempotencyStore } from '../contracts/idempotency-store';
import { isPromiseLike } from '../contracts/maybe-promise';
import { IdempotencyInProgressError, IdempotencyMismatchError } from '../errors/idempotency-errors';
import { isLifelineError, LifelineError } from '../errors/lifeline-error';
import { ConfigurationError } from '../errors/state-errors';
import { isStoreUnavailableError, StoreUnavailableError } from '../errors/store-unavailable-error';
import { ValidationError } from '../errors/validation-error';

/** How {@link runIdempotently} and `idempotent` claim, wait and remember. */
export interface IdempotencyOptions {
  /**
   * Identifies the request behind the key, e.g. `fingerprint(payload)`. A later call with the same key
   * and a different fingerprint throws {@link IdempotencyMismatchError}. Default: `"unspecified"`.
   */
  fingerprint?: string;
  /** How long a claim lasts before another worker may take the key over. Default 60 000 ms. */
  leaseMs?: number;
  /** How long a completed result is remembered. Default 7 days. */
  ttlMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
  /** When another worker holds the key: `throw` at once (default) or `wait` for it to finish. */
  onInProgress?: 'throw' | 'wait';
  /** With `onInProgress: 'wait'`, how long to wait before throwing. Default: `leaseMs`. */
  waitTimeoutMs?: number;
  /** With `onInProgress: 'wait'`, how often to look again. Default 100 ms. */
  pollMs?: number;
  /** Aborts a wait for another worker (rejects with the signal's reason). Does not abort `fn`. */
  signal?: AbortSignal;
  /**
   * Called when `fn` threw and releasing its claim failed too (the store was unreachable): the key stays
   * claimed until its lease ends, unless the caller releases it later with this key and token, so a retry
   * need not wait out the lease. `fn`'s error is still what is thrown.
   */
  onReleaseFailed?: (claim: { key: string; token: string }) => void;
}

/** What {@link runIdempotently} did: ran the work now, or found it done before. */
export type IdempotentRun<T> =
  | {
      /** The work ran now, in this call. */
      status: 'ran';
      /** What the work returned. */
      result: T;
    }
  | {
      /** The work had run before: it was not run again. */
      status: 'duplicate';
      /** The stored result of the earlier run, in its JSON form. */
      result: T;
    };

/** The fingerprint used when the caller gives none. */
export const UNSPECIFIED_FINGERPRINT = 'unspecified';
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_TTL_MS = 7 * 24 * 60 * 60_000;
const DEFAULT_POLL_MS = 100;
const MAX_KEY_LENGTH = 512;
const defaultClock = systemClock();

const optionsSchema = z.object({
  fingerprint: z.string().min(1, 'must be a non-empty string').optional(),
  leaseMs: z.number().positive().finite().optional(),
  ttlMs: z.number().positive().finite().optional(),
  onInProgress: z.enum(['throw', 'wait']).optional(),
  waitTimeoutMs: z.number().nonnegative().finite().optional(),
  pollMs: z.number().positive().finite().optional(),
});

/** The default options object: nothing to validate. */
const NO_OPTIONS: IdempotencyOptions = Object.freeze({});

/** @internal Throws a `ValidationError` unless `key` is a non-empty string of at most 512 characters. */
export function validateIdempotencyKey(key: unknown): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new ValidationError('idempotency key', [
      {
        path: 'key',
        message: `must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
        received: key,
      },
    ]);
  }
}

function validate(key: unknown, options: IdempotencyOptions): void {
  validateIdempotencyKey(key);
  if (options === NO_OPTIONS) return;
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw ValidationError.fromZod(`idempotency options for key "${key}"`, parsed.error, options);
}

function isJsonSerialisable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` at most once per `key` across every worker sharing `store`: the one algorithm behind
 * `idempotent` and the operation runtime.
 *
 * - Free key: claims it, runs `fn`, stores its result (JSON; `undefined` is stored as `null`) and
 *   resolves `{ status: 'ran', result }`.
 * - Completed key with the same fingerprint: resolves `{ status: 'duplicate', result }` with the stored
 *   result, without running `fn`.
 * - Key held by another worker: throws {@link IdempotencyInProgressError}, or with `onInProgress: 'wait'`
 *   polls until the holder completes (→ duplicate), frees the key (→ runs), or `waitTimeoutMs` passes (→ throws).
 * - Key used with another fingerprint: throws {@link IdempotencyMismatchError}.
 * - `fn` throws: the key is released so a retry can run, and the original error is rethrown.
 * - `complete` fails (the store is unreachable) after the work ran: storing the result is retried about
 *   3 s (5 tries, with backoff); then a `StoreUnavailableError` whose `completion` holds the result is thrown,
 *   and the claim is kept, so the work is not run again by this call's retry before the lease ends.
 * - The result cannot be stored as JSON: the key is released and a `ConfigurationError` (never
 *   retried, so the work does not repeat) says so.
 * - The lease ran out before `fn` finished and the store refused the result: throws a `LifelineError`.
 *   The work did run, and another worker may have run it too: raise `leaseMs` above its longest run.
 *
 * @example
 * ```ts
 * const paymentIntent = 'pi_123';
 * const run = await runIdempotently(idempotency, `refund:${paymentIntent}`, () =>
 *   stripe.refunds.create({ payment_intent: paymentIntent }),
 * );
 * if (run.status === 'duplicate') lifeline.logger.info('refund already issued', { paymentIntent });
 * ```
 */
export function runIdempotently<T>(
  store: IdempotencyStore,
  key: string,
  fn: () => Promise<T>,
  options: IdempotencyOptions = NO_OPTIONS,
): Promise<IdempotentRun<T>> {
  try {
    validate(key, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return runIdempotentlyTrusted(store, key, fn, options);
}

/**
 * @internal {@link runIdempotently} without validating its inputs, for the runtime, whose key and options
 * are checked where they are made. `now`, when given, is the time of the first claim (one clock read less).
 * A store that answers at once (see `MaybePromise`) is not awaited: the only await on the fast path is `fn`'s.
 */
export async function runIdempotentlyTrusted<T>(
  store: IdempotencyStore,
  key: string,
  fn: () => Promise<T>,
  options: IdempotencyOptions & { now?: number },
): Promise<IdempotentRun<T>> {
  const clock = options.clock ?? defaultClock;
  const print = options.fingerprint ?? UNSPECIFIED_FINGERPRINT;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const { signal } = options;
  let deadline: number | undefined;
  let first = options.now;

  for (;;) {
    signal?.throwIfAborted();
    const now = first ?? clock.now();
    first = undefined;
    const claiming = store.claim(key, print, leaseMs, now);
    const claim = isPromiseLike(claiming) ? await claiming : claiming;
    if (claim.status === 'claimed') {
      // Inline rather than a helper: one async frame less on the hot path (see bench/idempotent.bench.ts).
      let result: T;
      try {
        result = await fn();
      } catch (error) {
        await releaseQuietly(store, key, claim.token, options.onReleaseFailed);
        throw error;
      }
      let completed: boolean;
      const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
      try {
        const completing = store.complete(
          key,
          claim.token,
          result === undefined ? null : result,
          clock.now(),
          ttlMs,
        );
        completed = isPromiseLike(completing) ? await completing : completing;
      } catch (error) {
        completed = await completeAgain(store, { key, token: claim.token, result, ttlMs }, error, clock);
      }
      if (!completed) throw leaseExpired(key, options);
      return { status: 'ran', result };
    }
    if (claim.status === 'completed') return { status: 'duplicate', result: claim.result as T };
    if (claim.status === 'mismatch') throw new IdempotencyMismatchError(key, claim.storedFingerprint, print);
    if (options.onInProgress !== 'wait') throw new IdempotencyInProgressError(key, claim.leaseExpiresAt);
    deadline ??= now + (options.waitTimeoutMs ?? leaseMs);
    if (now >= deadline) throw new IdempotencyInProgressError(key, claim.leaseExpiresAt);
    const untilLeaseEnds = Math.max(1, claim.leaseExpiresAt - now);
    await clock.sleep(Math.min(options.pollMs ?? DEFAULT_POLL_MS, untilLeaseEnds, deadline - now), signal);
  }
}

/** Waits between tries to store a result after `complete` failed: bounded, about 3 s in all. */
const COMPLETE_RETRY_DELAYS_MS = [100, 200, 400, 800, 1_600];

/**
 * `complete` rejected after the work ran. Running the work again would repeat its side effect, so a store
 * fault is retried here (bounded, with backoff); if it persists, a {@link StoreUnavailableError} carries
 * the result (`completion`) so the caller can store it later under the same claim. A result JSON cannot
 * hold releases the key and throws a clear `ConfigurationError`; other Lifeline errors are rethrown.
 */
async function completeAgain(
  store: IdempotencyStore,
  pending: { key: string; token: string; result: unknown; ttlMs: number },
  error: unknown,
  clock: Clock,
): Promise<boolean> {
  const { key, token, result, ttlMs } = pending;
  // Told apart here, off the fast path: the store is what serialises.
  if (!isJsonSerialisable(result)) throw await notSerialisable(store, key, token, error);
  let last = error;
  for (const delayMs of COMPLETE_RETRY_DELAYS_MS) {
    if (isLifelineError(last) && !isStoreUnavailableError(last)) throw last;
    await clock.sleep(delayMs);
    try {
      return await store.complete(key, token, result === undefined ? null : result, clock.now(), ttlMs);
    } catch (again) {
      last = again;
    }
  }
  if (isLifelineError(last) && !isStoreUnavailableError(last)) throw last;
  throw new StoreUnavailableError('idempotency', 'complete', {
    cause: isStoreUnavailableError(last) ? last.cause : last,
    completion: { key, token, result: result === undefined ? null : result, ttlMs },
  });
}

/** The error to throw when the result cannot be stored as JSON. */
async function notSerialisable(
  store: IdempotencyStore,
  key: string,
  token: string,
  error: unknown,
): Promise<unknown> {
  await releaseQuietly(store, key, token);
  return new ConfigurationError(
    `The result of the work for idempotency key "${key}" is not JSON-serialisable, so it could not be stored (${(error as Error).message}). The work ran once and is not retried, so it cannot repeat; the key was released. Return plain JSON from the function.`,
    { cause: error },
  );
}

function leaseExpired(key: string, options: IdempotencyOptions): LifelineError {
  return new LifelineError(
    `The idempotency lease on key "${key}" expired before the work completed (leaseMs ${options.leaseMs ?? DEFAULT_LEASE_MS}), so its result was not stored. The work ran, and another worker may have claimed the key and run it too. Raise leaseMs above the work's longest run.`,
  );
}

async function releaseQuietly(
  store: IdempotencyStore,
  key: string,
  token: string,
  onFailed?: IdempotencyOptions['onReleaseFailed'],
): Promise<void> {
  try {
    await store.release(key, token);
  } catch {
    // The lease will expire by itself (or the caller releases it later); the caller needs the work's
    // error, not the store's.
    onFailed?.({ key, token });
  }
}
