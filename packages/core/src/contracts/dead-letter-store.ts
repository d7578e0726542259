import type { OperationKind } from './operation-kind';
import type { SerializedError } from './serialized-error';

/** Where a dead letter is in its life: `open → retrying → open | resolved`, or `open → resolved`. */
export type DeadLetterStatus = 'open' | 'retrying' | 'resolved';

/** One change of a dead letter's status, kept forever in its history. */
export interface DeadLetterTransition {
  from: DeadLetterStatus;
  to: DeadLetterStatus;
  /** Who acted: an admin's identity, or `'redrive'` / `'system'`. */
  by: string;
  /** Epoch ms. */
  at: number;
  note?: string;
}

/** What the runtime hands the store when an operation exhausts its retries. */
export interface NewDeadLetter {
  kind: OperationKind;
  /** The operation's name (also its event name). */
  name: string;
  /** The full payload, exactly as sent, so a redrive can re-send it. */
  payload: unknown;
  error: SerializedError;
  /** How many attempts ran before giving up. */
  attempts: number;
  idempotencyKey: string;
  /** Epoch ms of the first failed attempt. */
  firstFailedAt: number;
  /** Epoch ms of the last failed attempt; the list is ordered by it, newest first. */
  failedAt: number;
  /** Free-form context (event id, queue, run id). */
  meta?: Record<string, unknown>;
}

/** A stored dead letter. */
export interface DeadLetter extends NewDeadLetter {
  id: string;
  status: DeadLetterStatus;
  /**
   * Groups entries that failed the same way: computed by the store with `errorFingerprint(error)` when the
   * entry is recorded (and again when a merge or a failed redrive replaces the error), then stored.
   */
  errorFingerprint: string;
  /** How many redrives were started. */
  retryCount: number;
  lastRetriedAt?: number;
  resolvedAt?: number;
  resolvedBy?: string;
  note?: string;
  /**
   * Epoch ms until which the redrive in progress is presumed running. Set by `→ retrying` with
   * `leaseUntil`, present only while the entry is `retrying`. Once it has passed without the redrive
   * settling (e.g. the process running it died), the entry counts as `open` again and can be redriven.
   */
  redriveLeaseUntil?: number;
  history: DeadLetterTransition[];
}

/**
 * Filters shared by `list`, `count`, `countByStatus` and `groupByError`. Time bounds apply to `failedAt`:
 * `from` inclusive, `to` exclusive.
 */
export interface DeadLetterFilter {
  kind?: OperationKind;
  name?: string;
  status?: DeadLetterStatus | readonly DeadLetterStatus[];
  from?: number;
  to?: number;
  /**
   * Epoch ms: the time at which redrive leases are judged (an entry whose `redriveLeaseUntil` is at or
   * before it counts as `open`). Default: the store's own clock (the database's `now()` for SQL stores).
   */
  at?: number;
  /**
   * Case-insensitive substring match against the entry's id, its idempotency key and the values of its
   * payload (every string, number and boolean at any depth: a purchase id, an email). 1..200 characters;
   * `%` and `_` are literal characters, not wildcards. Keys of the payload are not searched.
   */
  search?: string;
  /** Only entries whose stored `errorFingerprint` is this one. */
  errorFingerprint?: string;
}

/** Totals per status for one filter (the filter's own `status` is ignored, so every status is counted). */
export type DeadLetterStatusCounts = Record<DeadLetterStatus, number>;

/** Entries that failed the same way (one `errorFingerprint`), as `groupByError` reports them. */
export interface DeadLetterErrorGroup {
  errorFingerprint: string;
  /** The error name of the group's most recent entry. */
  errorName: string;
  /** The error message of the group's most recent entry (a sample: messages differ in masked parts). */
  sampleMessage: string;
  count: number;
  /** Earliest `failedAt` in the group, epoch ms. */
  firstFailedAt: number;
  /** Latest `failedAt` in the group, epoch ms. */
  lastFailedAt: number;
}

/** Options of `groupByError`: a filter and how many groups to return (1..500, default 50). */
export interface DeadLetterGroupOptions extends DeadLetterFilter {
  limit?: number;
}

/** A page request: `cursor` is the opaque `nextCursor` of the previous page. */
export interface DeadLetterListOptions extends DeadLetterFilter {
  cursor?: string;
  /** 1..500, default 50. */
  limit?: number;
}

/** One page, newest first. `nextCursor` is absent on the last page. */
export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor?: string;
}

/** A compare-and-set request: succeeds only if the entry is currently in `from`. */
export interface DeadLetterTransitionRequest {
  from: DeadLetterStatus | readonly DeadLetterStatus[];
  to: DeadLetterStatus;
  by: string;
  at: number;
  note?: string;
  /** On `retrying → open`: the new failure to keep as the entry's error. */
  error?: SerializedError;
  /**
   * On `→ retrying`: epoch ms until which the redrive is presumed running (its `redriveLeaseUntil`).
   * Without it the entry stays `retrying` until someone settles it.
   */
  leaseUntil?: number;
}

/** Allowed status moves. Anything else is an `InvalidTransitionError`. */
export const DEAD_LETTER_TRANSITIONS: Readonly<Record<DeadLetterStatus, readonly DeadLetterStatus[]>> = {
  open: ['retrying', 'resolved'],
  retrying: ['open', 'resolved'],
  resolved: [],
};

/** The `note` of the `retrying → open` history entry a store adds when a redrive lease expired. */
export const REDRIVE_LEASE_EXPIRED_NOTE = 'redrive lease expired before the redrive settled';

/**
 * Durable record of operations that exhausted their retries.
 *
 * Guarantees every implementation must keep (checked by `deadLetterStoreSuite` in `@lifeline/testing`):
 * - `record` stores a new `open` entry with `retryCount: 0` and an empty history, and returns it with a new unique id,
 *   unless an unresolved (`open` or `retrying`) entry with the same `name` and `idempotencyKey` exists: then that
 *   entry is updated atomically instead (error, payload and meta replaced, `attempts` added, `failedAt` the latest,
 *   `firstFailedAt` the earliest) and returned, so the same work never has two unresolved dead letters.
 * - `list` is ordered by `(failedAt, id)` descending and paginates by keyset: a page never repeats or skips
 *   an entry that existed when the first page was read, however many entries are added meanwhile.
 * - `list`, `count`, `countByStatus` and `groupByError` apply one filter identically (`search` as described on
 *   {@link DeadLetterFilter.search}), so the totals a dashboard shows agree with the rows it lists.
 * - `groupByError` sorts groups by `count` descending, then `lastFailedAt` descending, then fingerprint.
 * - `errorFingerprint` is `errorFingerprint(entry.error)` from `@lifeline/core` in every implementation, so
 *   groups and incidents are the same across backends.
 * - `transition` is an atomic compare-and-set: it applies only if the entry's status is one of `from` at the
 *   moment of the write, so of two concurrent `open → retrying` calls exactly one succeeds; the loser gets
 *   `InvalidTransitionError` (or `NotFoundError` for an unknown id), and nothing is changed.
 *   A successful transition appends to `history`; `→ retrying` increments `retryCount` and sets
 *   `lastRetriedAt`; `→ resolved` sets `resolvedAt`, `resolvedBy` and `note`; `→ open` with `error` replaces it.
 * - Redrive lease (crash-safe redrive): `→ retrying` with `leaseUntil` sets `redriveLeaseUntil`; leaving
 *   `retrying` clears it. A `retrying` entry whose lease is at or before the time of a call (`at` of the
 *   transition or filter, else the store's clock) is reopened before the call applies: it becomes `open`,
 *   its lease is cleared and `history` gets a `retrying → open` move by `'system'` at the lease's end. So
 *   `get`, `list` and `count` show it `open`, and a new redrive is one compare-and-set as usual (of two
 *   admins, one wins). Reopening is atomic with the transition that observes it.
 */
export interface DeadLetterStore {
  /** Stores a new `open` entry (or merges into the unresolved one for the same work) and returns it. */
  record(entry: NewDeadLetter): Promise<DeadLetter>;
  /** The entry, or `undefined` for an unknown id. */
  get(id: string): Promise<DeadLetter | undefined>;
  /** One page of entries matching the filter, newest first; pass `nextCursor` back for the next page. */
  list(options?: DeadLetterListOptions): Promise<DeadLetterPage>;
  /** How many entries match the filter. */
  count(filter?: DeadLetterFilter): Promise<number>;
  /** How many entries match the filter in each status (the filter's `status` is ignored); zeros included. */
  countByStatus(filter?: DeadLetterFilter): Promise<DeadLetterStatusCounts>;
  /** Matching entries grouped by `errorFingerprint`, largest group first. */
  groupByError(options?: DeadLetterGroupOptions): Promise<DeadLetterErrorGroup[]>;
  /** Compare-and-set status change; returns the updated entry or throws `InvalidTransitionError` / `NotFoundError`. */
  transition(id: string, request: DeadLetterTransitionRequest): Promise<DeadLetter>;
}
