import type { OutcomeBucket } from '../contracts/operation-log';
import { ValidationError } from '../errors/validation-error';

/** The most buckets one histogram may have, so a typo in `bucketMs` cannot exhaust memory. */
export const MAX_HISTOGRAM_BUCKETS = 10_000;

/**
 * The buckets an `OperationLog.histogram` over `[from, to)` has: the first bucket's start (aligned to
 * the epoch) and how many. Every implementation plans with this, so all agree on the buckets and on
 * the errors. Throws a `ValidationError` for a `bucketMs` that is not > 0 or that would give more than
 * {@link MAX_HISTOGRAM_BUCKETS} buckets. An empty window has no buckets.
 *
 * @example
 * ```ts
 * planHistogram({ from: 0, to: 7_200_000 }, 3_600_000); // { first: 0, count: 2 }
 * ```
 */
export function planHistogram(
  window: { from: number; to: number },
  bucketMs: number,
): { first: number; count: number } {
  if (!Number.isFinite(bucketMs) || bucketMs <= 0) {
    throw new ValidationError('histogram bucket size', [
      { path: 'bucketMs', message: 'must be a number > 0', received: bucketMs },
    ]);
  }
  if (window.from >= window.to) return { first: window.from, count: 0 };
  const first = Math.floor(window.from / bucketMs) * bucketMs;
  const count = Math.ceil((window.to - first) / bucketMs);
  if (count > MAX_HISTOGRAM_BUCKETS) {
    throw new ValidationError('histogram bucket size', [
      {
        path: 'bucketMs',
        message: `gives ${count} buckets over this window; at most ${MAX_HISTOGRAM_BUCKETS} are allowed, use larger buckets`,
        received: bucketMs,
      },
    ]);
  }
  return { first, count };
}

/** The zeroed buckets of {@link planHistogram}, oldest first, ready to count outcomes into. */
export function emptyOutcomeBuckets(window: { from: number; to: number }, bucketMs: number): OutcomeBucket[] {
  const { first, count } = planHistogram(window, bucketMs);
  return Array.from({ length: count }, (_, index) => ({
    start: first + index * bucketMs,
    succeeded: 0,
    deadLettered: 0,
    retrying: 0,
  }));
}
