import type { MaybePromise } from './maybe-promise';
import type { OperationKind } from './operation-kind';

/**
 * What one attempt ended in:
 * - `succeeded`: the operation is done (final).
 * - `retrying`: this attempt failed and another will run.
 * - `dead_lettered`: the last attempt failed; the work is in the dead-letter store (final).
 * - `duplicate`: skipped because the idempotency key had already completed (not counted as a success again).
 */
export type AttemptOutcome = 'succeeded' | 'retrying' | 'dead_lettered' | 'duplicate';

/** One row of the operation log. */
export interface AttemptRecord {
  operation: string;
  kind: OperationKind;
  idempotencyKey: string;
  /** 1-based attempt number. */
  attempt: number;
  outcome: AttemptOutcome;
  /** Epoch ms when the attempt ended. */
  at: number;
  durationMs: number;
  /** Epoch ms when the work was first enqueued: `at - enqueuedAt` is its time to success. */
  enqueuedAt: number;
  /** Short error text for failed attempts. */
  error?: string;
  /** On a `retrying` record: how long the runtime waits before the next attempt, in ms. */
  delayMs?: number;
}

/** Which attempts `OperationLog.attempts` returns: every record of one idempotency key (and operation). */
export interface AttemptQuery {
  idempotencyKey: string;
  /** Only this operation's records; default all operations that used the key. */
  operation?: string;
}

/** Health numbers for one kind over a window, computed from final outcomes. */
export interface KindSummary {
  /** Operations that ended (`succeeded` + `dead_lettered`). */
  finished: number;
  succeeded: number;
  deadLettered: number;
  /** Finished operations that had at least one failed attempt. */
  retried: number;
  /** Of those, how many then succeeded. */
  retriedSucceeded: number;
  duplicates: number;
  /** Mean of `at - enqueuedAt` over successes, or null with none. */
  avgTimeToSuccessMs: number | null;
  /** 95th percentile of the same, or null with none. */
  p95TimeToSuccessMs: number | null;
}

/** Per-kind summaries over `[from, to)`. */
export type OperationLogSummary = Record<OperationKind, KindSummary>;

/** Final outcomes counted per time bucket, for charts. */
export interface OutcomeBucket {
  /** Bucket start, epoch ms. */
  start: number;
  succeeded: number;
  deadLettered: number;
  retrying: number;
}

/**
 * Append-only record of attempt outcomes: enough to compute health.
 *
 * Guarantees (checked by `operationLogSuite` in `@lifeline/testing`):
 * - `append` is durable when it resolves (or returns, for a store that answers at once, like the in-memory
 *   one; a failure is then still a rejected promise, see {@link MaybePromise}); records are never changed
 *   afterwards.
 * - `summarize` counts records with `from <= at < to` only; a final record (`succeeded` or
 *   `dead_lettered`) with `attempt > 1` counts as retried.
 * - Empty windows give zero counts and null times, never NaN.
 * - `attempts` returns every record of the key (all fields as appended, `delayMs` included), oldest first:
 *   ordered by `at`, then `attempt`. At most 1,000 records.
 */
export interface OperationLog {
  /** Appends one attempt outcome. */
  append(record: AttemptRecord): MaybePromise<void>;
  /** Health numbers per kind for records with `from <= at < to`. */
  summarize(window: { from: number; to: number }): Promise<OperationLogSummary>;
  /** Outcome counts per `bucketMs` bucket aligned to the epoch, oldest first, empty buckets included. */
  histogram(window: { from: number; to: number }, bucketMs: number): Promise<OutcomeBucket[]>;
  /** Every attempt record of one idempotency key, oldest first, for a dead letter's detail page. */
  attempts(query: AttemptQuery): Promise<AttemptRecord[]>;
}

/** The summary of a kind with no records: zero counts and null times. */
export function emptyKindSummary(): KindSummary {
  return {
    finished: 0,
    succeeded: 0,
    deadLettered: 0,
    retried: 0,
    retriedSucceeded: 0,
    duplicates: 0,
    avgTimeToSuccessMs: null,
    p95TimeToSuccessMs: null,
  };
}
