import { z } from 'zod';
import { ValidationError } from '../errors/index';

/** How the wait between attempts grows. Every field is optional; see {@link BACKOFF_DEFAULTS}. */
export interface BackoffOptions {
  /** Delay cap after the first failure, in ms. Default 1000. */
  initialMs?: number;
  /** Largest delay ever chosen by backoff, in ms (a `Retry-After` may ask for more). Default 60000. */
  maxMs?: number;
  /** Growth per failure, at least 1. Default 2. */
  factor?: number;
  /** `full`: a random delay in [0, cap] (spreads out a thundering herd). `none`: exactly the cap. Default `full`. */
  jitter?: 'full' | 'none';
}

/** The backoff used when a field is not given: 1 s, doubling, at most 60 s, full jitter. */
export const BACKOFF_DEFAULTS: Readonly<Required<BackoffOptions>> = Object.freeze({
  initialMs: 1000,
  maxMs: 60_000,
  factor: 2,
  jitter: 'full',
});

const ms = z.number().finite().min(0);

/** zod schema of {@link BackoffOptions}; fills in {@link BACKOFF_DEFAULTS}. Unknown keys are rejected. */
export const backoffOptionsSchema = z
  .strictObject({
    /** See {@link BackoffOptions.initialMs}. */
    initialMs: ms.default(BACKOFF_DEFAULTS.initialMs),
    /** See {@link BackoffOptions.maxMs}. */
    maxMs: ms.default(BACKOFF_DEFAULTS.maxMs),
    /** See {@link BackoffOptions.factor}. */
    factor: z.number().finite().min(1).default(BACKOFF_DEFAULTS.factor),
    /** See {@link BackoffOptions.jitter}. */
    jitter: z.enum(['full', 'none']).default(BACKOFF_DEFAULTS.jitter),
  })
  .prefault({});

/**
 * Checks backoff options and fills in the defaults.
 *
 * @throws ValidationError naming each bad field and its value, e.g.
 *   `Invalid backoff options: factor: Too small: expected number to be >=1 (received 0.5)`.
 */
export function resolveBackoff(options?: BackoffOptions): Required<BackoffOptions> {
  const parsed = backoffOptionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod('backoff options', parsed.error, options);
  return parsed.data;
}

/**
 * The delay before the next attempt after `failedAttempt` failures (1-based: 1 after the first).
 *
 * Guarantee: with `cap = min(maxMs, initialMs * factor^(failedAttempt - 1))`, the result lies in
 * [0, cap] with full jitter (`floor(random() * cap)`, whole milliseconds) and equals `cap` with `jitter: 'none'`.
 *
 * @param random a source of numbers in [0, 1); inject a fixed one in tests.
 * @throws ValidationError when an option or `failedAttempt` (an integer >= 1) is invalid.
 * @example
 * ```ts
 * backoffDelay(3, { initialMs: 100, jitter: 'none' }); // 400
 * ```
 */
export function backoffDelay(
  failedAttempt: number,
  options?: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) {
    throw new ValidationError('backoff attempt number', [
      {
        path: 'failedAttempt',
        message: 'must be an integer >= 1 (1 after the first failure)',
        received: failedAttempt,
      },
    ]);
  }
  const { initialMs, maxMs, factor, jitter } = resolveBackoff(options);
  // initialMs 0 must stay 0 even when factor^n overflows to Infinity (0 * Infinity is NaN).
  const cap = initialMs === 0 ? 0 : Math.min(maxMs, initialMs * factor ** (failedAttempt - 1));
  if (jitter === 'none') return cap;
  const r = random();
  // Whole milliseconds, so timestamps derived from delays stay integers.
  return Number.isFinite(r) ? Math.min(cap, Math.max(0, Math.floor(r * cap))) : cap;
}
