import type { DeadLetterFilter } from './dead-letter-store';

/** What a bulk job does to each dead letter: redrive it (`retry`) or close it (`resolve`). */
export type BulkJobAction = 'retry' | 'resolve';

/**
 * - `running`: items are being processed (or will be, by whichever process holds or next takes the lease).
 * - `completed`: every item has an outcome.
 * - `aborted`: an operator asked it to stop; the remaining items were not touched.
 * - `stopped`: the job stopped itself: the canary failed or the new-failure limit was reached.
 */
export type BulkJobStatus = 'running' | 'completed' | 'aborted' | 'stopped';

/** What happened to one item. `queued`: redriven to a queue that runs elsewhere, result not known yet. */
export type BulkItemOutcome = 'resolved' | 'failed' | 'queued' | 'conflict' | 'not_found';

/** The outcomes counted per kind. */
export type BulkOutcomeCounts = Record<BulkItemOutcome, number>;

/** A new job as the runner plans it: the target ids are fixed when the job starts. */
export interface NewBulkJob {
  action: BulkJobAction;
  /** The filter the ids were chosen by, kept for the audit trail (absent when ids were given). */
  filter?: DeadLetterFilter;
  /** The dead letters to act on, in order. 0..100,000 ids. */
  ids: string[];
  /** Who started it. */
  by: string;
  note?: string;
  /** Epoch ms. */
  createdAt: number;
  /** The first `canary` items run, and all must succeed, before the rest start. 0 = no canary. */
  canary: number;
  /** Stop after this many items fail (0 = no limit). */
  maxNewFailures: number;
  /** Minimum time between two items, in ms (pacing). */
  paceMs: number;
}

/** A stored bulk job with its progress. */
export interface BulkJob extends NewBulkJob {
  id: string;
  status: BulkJobStatus;
  total: number;
  /** Items with an outcome; also the index of the next item. */
  processed: number;
  counts: BulkOutcomeCounts;
  updatedAt: number;
  finishedAt?: number;
  /** Why a job ended as `stopped` or `aborted`. */
  stopReason?: string;
  /** Set by `requestAbort`: the runner stops before its next item. */
  abortRequestedBy?: string;
  abortRequestedAt?: number;
  /** The runner holding the job, and until when (epoch ms). */
  leaseOwner?: string;
  leaseUntil?: number;
}

/** One item's outcome: the audit trail of who (the job's `by`) did what to which entry, and when. */
export interface BulkJobItem {
  jobId: string;
  /** Position in the job's `ids`. */
  index: number;
  deadLetterId: string;
  outcome: BulkItemOutcome;
  error?: string;
  /** Epoch ms. */
  at: number;
}

/** Which jobs `list` returns, newest first; `limit` 1..500, default 50. */
export interface BulkJobListOptions {
  status?: BulkJobStatus | readonly BulkJobStatus[];
  cursor?: string;
  limit?: number;
}

/** A page of items in index order; `limit` 1..1000, default 100. */
export interface BulkJobItemPage {
  items: BulkJobItem[];
  nextCursor?: string;
}

/**
 * Durable bulk jobs on dead letters with progress, a per-item audit trail, abort, and a lease so a job a
 * crashed process was running is picked up again by another.
 *
 * Guarantees (checked by `bulkJobStoreSuite` in `@lifeline/testing`):
 * - `create` stores a `running` job with `processed: 0`, zero counts, `total = ids.length` and a new id.
 * - `claim` is an atomic compare-and-set: it gives the lease to `owner` until `until` only if the job is
 *   `running` and unleased, its lease has expired (`leaseUntil <= now`), or `owner` already holds it;
 *   otherwise it changes nothing and returns `undefined`. Of two concurrent claims at most one wins.
 * - `recordItem` is atomic and only for the lease holder while the job is `running` and
 *   `item.index === processed`: it appends the item, increments `processed` and the outcome's count, and
 *   returns the job; otherwise it changes nothing and returns `undefined` (the caller lost the lease).
 * - `finish` moves a `running` job held by `owner` to a final status, clears the lease and returns it
 *   (`undefined` otherwise). Final jobs never change again, except that nothing can.
 * - `requestAbort` on a `running` job records who asked and when, and returns the job; on a finished job it
 *   returns the job unchanged. `undefined` for an unknown id.
 * - `list` is ordered by `(createdAt, id)` descending with keyset pagination; `items` by index.
 */
export interface BulkJobStore {
  /** Stores a new `running` job with zero progress and returns it with its new id. */
  create(job: NewBulkJob): Promise<BulkJob>;
  /** The job, or `undefined` for an unknown id. */
  get(id: string): Promise<BulkJob | undefined>;
  /** Jobs newest first, with keyset pagination. */
  list(options?: BulkJobListOptions): Promise<{ items: BulkJob[]; nextCursor?: string }>;
  /** Takes or renews the job's lease for `owner` (compare-and-set); `undefined` when another holds it. */
  claim(id: string, lease: { owner: string; until: number; now: number }): Promise<BulkJob | undefined>;
  /** Appends the next item's outcome for the lease holder; `undefined` when the caller lost the lease. */
  recordItem(id: string, owner: string, item: Omit<BulkJobItem, 'jobId'>): Promise<BulkJob | undefined>;
  /** Moves a running job held by `owner` to its final status and clears the lease. */
  finish(
    id: string,
    owner: string,
    end: { status: Exclude<BulkJobStatus, 'running'>; at: number; stopReason?: string },
  ): Promise<BulkJob | undefined>;
  /** Asks the runner to stop before its next item; records who asked and when. */
  requestAbort(id: string, request: { by: string; at: number }): Promise<BulkJob | undefined>;
  /** The job's per-item audit trail, by index, with keyset pagination. */
  items(id: string, options?: { cursor?: string; limit?: number }): Promise<BulkJobItemPage>;
}
