import pRetry from 'p-retry';
import { type Clock, systemClock } from '../clock/index';
import type { ErrorClassification } from './classification';
import { classifyError } from './classify-error';
import { planNextAttempt, type RetryPolicy, resolveRetryPolicy } from './retry-policy';
import { runWithTimeout } from './with-timeout';

/** What `retry` passes to each attempt. */
export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborts when the caller's signal aborts or the per-attempt timeout passes: hand it to fetch & co. */
  signal: AbortSignal;
}

/** What `onFailedAttempt` learns about each failure. */
export interface FailedAttemptInfo {
  /** What the attempt threw, as thrown. */
  error: unknown;
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** Attempts the policy still allows (the budget or a permanent error may end sooner). */
  attemptsLeft: number;
  /** How the error was classified (by `classify`, or {@link classifyError}). */
  classification: ErrorClassification;
  /** The wait before the next attempt, or `null` when this failure is final. */
  delayMs: number | null;
}

/** Options of {@link retry}: a {@link RetryPolicy} plus the things that drive it. */
export interface RetryOptions extends RetryPolicy {
  /** Aborts the whole retry at once (also during an attempt or a backoff wait) with the signal's reason. */
  signal?: AbortSignal;
  /** Clock for waits, timeouts and the budget. Default `systemClock()`; use `virtualClock()` in tests. */
  clock?: Clock;
  /** Called after every failed attempt, before the wait; awaited. An error it throws ends the retry. */
  onFailedAttempt?: (info: FailedAttemptInfo) => void | Promise<void>;
  /** Overrides {@link classifyError}. */
  classify?: (error: unknown) => ErrorClassification;
  /** Source of numbers in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
}

/** Carries an attempt's error through p-retry untouched (p-retry rewrites non-Errors and TypeErrors). */
class AttemptFailed extends Error {
  constructor(readonly original: unknown) {
    super('attempt failed');
  }
}

/** Handed to attempts when there is neither a timeout nor a caller signal: it never aborts. */
const NEVER_ABORTED = new AbortController().signal;
let sharedClock: Clock | undefined;

function defaultClock(): Clock {
  if (!sharedClock) sharedClock = systemClock();
  return sharedClock;
}

function fail(error: unknown): never {
  throw new AttemptFailed(error);
}

/**
 * Runs `fn` until it succeeds, a failure is permanent, the attempts or the time budget run out,
 * or `signal` aborts. Built on p-retry; every wait happens on `clock`.
 *
 * Guarantees:
 * - After each failure {@link planNextAttempt} decides: permanent errors stop at once, a
 *   `Retry-After` / `RetryAfterError` delay is waited exactly, otherwise backoff with jitter.
 * - The error thrown at the end is the last attempt's error itself, never a wrapper.
 * - `onFailedAttempt` is called once per failure (`delayMs: null` on the final one).
 * - With `timeoutMs`, an attempt still running after it is abandoned (its signal aborts) and
 *   fails with a retryable `TimeoutError`, even if `fn` ignores the signal.
 * - When `signal` aborts, `retry` rejects at once with the signal's reason, without calling
 *   `onFailedAttempt` and without another attempt.
 *
 * @throws ValidationError when the policy is invalid (before any attempt).
 * @example
 * ```ts
 * const url = 'https://api.example.com/orders/42';
 * const body = await retry(async ({ signal }) => {
 *   const res = await fetch(url, { signal });
 *   if (!res.ok) throw Object.assign(new Error(res.statusText), { status: res.status, headers: res.headers });
 *   return res.json();
 * }, { attempts: 5, timeoutMs: 10_000, backoff: { initialMs: 500 } });
 * ```
 */
export async function retry<T>(
  fn: (context: AttemptContext) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const policy = resolveRetryPolicy({
    attempts: options.attempts,
    backoff: options.backoff,
    budgetMs: options.budgetMs,
    timeoutMs: options.timeoutMs,
  });
  const { signal, onFailedAttempt } = options;
  signal?.throwIfAborted();
  const clock = options.clock ?? defaultClock();
  const { timeoutMs } = policy;
  const startedAt = clock.now();

  const attempt =
    timeoutMs === undefined && signal === undefined
      ? (n: number) => fn({ attempt: n, signal: NEVER_ABORTED })
      : (n: number) => runWithTimeout((s) => fn({ attempt: n, signal: s }), { timeoutMs, signal, clock });

  try {
    return await pRetry(
      (n: number) => {
        try {
          return Promise.resolve(attempt(n)).then(undefined, fail);
        } catch (error) {
          return fail(error);
        }
      },
      {
        retries: policy.attempts - 1,
        // p-retry must never sleep on real timers: we wait on `clock` in onFailedAttempt.
        minTimeout: 0,
        maxTimeout: 0,
        signal,
        onFailedAttempt: async ({ error, attemptNumber }) => {
          const original = error instanceof AttemptFailed ? error.original : error;
          signal?.throwIfAborted();
          const classification = options.classify
            ? options.classify(original)
            : classifyError(original, { now: clock.now() });
          const plan = planNextAttempt({
            error: original,
            attempt: attemptNumber,
            policy,
            elapsedMs: clock.now() - startedAt,
            random: options.random,
            classification,
          });
          const delayMs = plan.retry ? plan.delayMs : null;
          await onFailedAttempt?.({
            error: original,
            attempt: attemptNumber,
            attemptsLeft: policy.attempts - attemptNumber,
            classification,
            delayMs,
          });
          if (delayMs === null) throw error; // unwrapped below
          if (delayMs > 0) await clock.sleep(delayMs, signal);
        },
      },
    );
  } catch (error) {
    throw error instanceof AttemptFailed ? error.original : error;
  }
}
