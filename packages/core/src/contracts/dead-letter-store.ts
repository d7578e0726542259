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
  /** How many redrives were started. */
  retryCount: number;
  lastRetriedAt?: number;
  resolvedAt?: number;
  resolvedBy?: string;
  note?: string;
  history: DeadLetterTransition[];
}

/** Filters shared by `list` and `count`. Time bounds apply to `failedAt`: `from` inclusive, `to` exclusive. */
export interface DeadLetterFilter {
  kind?: OperationKind;
  name?: string;
  status?: DeadLetterStatus | readonly DeadLetterStatus[];
  from?: number;
  to?: number;
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
}

/** Allowed status moves. Anything else is an `InvalidTransitionError`. */
export const DEAD_LETTER_TRANSITIONS: Readonly<Record<DeadLetterStatus, readonly DeadLetterStatus[]>> = {
  open: ['retrying', 'resolved'],
  retrying: ['open', 'resolved'],
  resolved: [],
};

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
 * - `transition` is an atomic compare-and-set: it applies only if the entry's status is one of `from` at the
 *   moment of the write, so of two concurrent `open → retrying` calls exactly one succeeds; the loser gets
 *   `InvalidTransitionError` (or `NotFoundError` for an unknown id), and nothing is changed.
 *   A successful transition appends to `history`; `→ retrying` increments `retryCount` and sets
 *   `lastRetriedAt`; `→ resolved` sets `resolvedAt`, `resolvedBy` and `note`; `→ open` with `error` replaces it.
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
  /** Compare-and-set status change; returns the updated entry or throws `InvalidTransitionError` / `NotFoundError`. */
  transition(id: string, request: DeadLetterTransitionRequest): Promise<DeadLetter>;
}
