import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { systemClock } from '../clock/system-clock';
import {
  DEAD_LETTER_TRANSITIONS,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterStatus,
  type DeadLetterStore,
  REDRIVE_LEASE_EXPIRED_NOTE,
} from '../contracts/dead-letter-store';
import { LifelineError } from '../errors/lifeline-error';
import { InvalidTransitionError, NotFoundError } from '../errors/state-errors';
import { errorFingerprint } from '../triage/error-fingerprint';
import { deadLetterSearchText, normalizeSearch } from '../triage/search-text';
import { compareNewestFirst, decodeCursor, encodeCursor } from './dead-letter-cursor';
import { groupDeadLetters } from './dead-letter-groups';
import {
  filterSchema,
  groupOptionsSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  parseOrThrow,
  transitionRequestSchema,
} from './dead-letter-schemas';

/** Options of {@link memoryDeadLetterStore}. */
export interface MemoryDeadLetterStoreOptions {
  /** Makes ids for new entries. Default: `dl_` + a random UUID. */
  generateId?: () => string;
  /** Judges redrive leases when a call gives no `at`. Default: the system clock. */
  clock?: Clock;
}

/** Reopens `entry` if it is `retrying` under a lease that ended at or before `at`. */
function reopenIfExpired(entry: DeadLetter, at: number): void {
  const until = entry.redriveLeaseUntil;
  if (entry.status !== 'retrying' || until === undefined || until > at) return;
  entry.history.push({
    from: 'retrying',
    to: 'open',
    by: 'system',
    at: until,
    note: REDRIVE_LEASE_EXPIRED_NOTE,
  });
  entry.status = 'open';
  delete entry.redriveLeaseUntil;
}

const DEFAULT_LIMIT = 50;

function matches(entry: DeadLetter, filter: DeadLetterFilter, searchText: (id: string) => string): boolean {
  if (filter.errorFingerprint !== undefined && entry.errorFingerprint !== filter.errorFingerprint)
    return false;
  if (filter.search !== undefined && !searchText(entry.id).includes(normalizeSearch(filter.search)))
    return false;
  if (filter.kind !== undefined && entry.kind !== filter.kind) return false;
  if (filter.name !== undefined && entry.name !== filter.name) return false;
  if (filter.status !== undefined) {
    const statuses: readonly DeadLetterStatus[] =
      typeof filter.status === 'string' ? [filter.status] : filter.status;
    if (!statuses.includes(entry.status)) return false;
  }
  if (filter.from !== undefined && entry.failedAt < filter.from) return false;
  if (filter.to !== undefined && entry.failedAt >= filter.to) return false;
  return true;
}

/** The statuses from which a move to `to` is allowed. */
const sourcesOf = (to: DeadLetterStatus) =>
  (Object.keys(DEAD_LETTER_TRANSITIONS) as DeadLetterStatus[]).filter((from) =>
    DEAD_LETTER_TRANSITIONS[from].includes(to),
  );

/**
 * An in-memory {@link DeadLetterStore} for one process and for tests. Keeps the whole contract:
 * keyset pagination over `(failedAt, id)` descending with an opaque cursor, atomic compare-and-set
 * transitions (each call checks and writes without yielding), redrive leases judged on `clock`, and
 * copies in and out, so callers never share stored state. `search`, `countByStatus` and `groupByError`
 * scan every entry: fine for tests and one process, not for millions of entries. Inputs are validated;
 * `list` takes `limit` 1..500 (default 50).
 *
 * @example
 * ```ts
 * const deadLetters = memoryDeadLetterStore();
 * const lifeline = createLifeline({ operations, deadLetters });
 * ```
 */
export function memoryDeadLetterStore(options: MemoryDeadLetterStoreOptions = {}): DeadLetterStore {
  const generateId = options.generateId ?? (() => `dl_${randomUUID()}`);
  const clock = options.clock ?? systemClock();
  const entries = new Map<string, DeadLetter>();
  /** Reopens every entry whose redrive lease ended at or before `at`. */
  const sweep = (at: number) => {
    for (const entry of entries.values()) reopenIfExpired(entry, at);
  };
  const searchTexts = new Map<string, string>();
  const searchText = (id: string) => searchTexts.get(id) ?? '';
  const index = (entry: DeadLetter) => searchTexts.set(entry.id, deadLetterSearchText(entry));
  /** The entries matching `filter`, with expired redrive leases reopened first. */
  const select = (filter: DeadLetterFilter) => {
    sweep(filter.at ?? clock.now());
    return [...entries.values()].filter((entry) => matches(entry, filter, searchText));
  };

  return {
    async record(input) {
      const entry = parseOrThrow(newDeadLetterSchema, 'dead letter', input);
      const unresolved = [...entries.values()].find(
        (e) => e.status !== 'resolved' && e.name === entry.name && e.idempotencyKey === entry.idempotencyKey,
      );
      if (unresolved) {
        // The same work failed again while its entry is unresolved: one entry, attempts added.
        Object.assign(unresolved, {
          error: structuredClone(entry.error),
          payload: structuredClone(entry.payload),
          attempts: unresolved.attempts + entry.attempts,
          firstFailedAt: Math.min(unresolved.firstFailedAt, entry.firstFailedAt),
          failedAt: Math.max(unresolved.failedAt, entry.failedAt),
          errorFingerprint: errorFingerprint(entry.error),
          ...(entry.meta ? { meta: structuredClone(entry.meta) } : {}),
        });
        index(unresolved);
        return structuredClone(unresolved);
      }
      const id = generateId();
      if (entries.has(id))
        throw new LifelineError(
          `memoryDeadLetterStore: generateId returned "${id}", which is already in use`,
        );
      const stored: DeadLetter = {
        ...structuredClone(entry),
        id,
        status: 'open',
        errorFingerprint: errorFingerprint(entry.error),
        retryCount: 0,
        history: [],
      };
      entries.set(id, stored);
      index(stored);
      return structuredClone(stored);
    },

    async get(id) {
      const entry = entries.get(id);
      if (entry) reopenIfExpired(entry, clock.now());
      return entry && structuredClone(entry);
    },

    async list(input = {}) {
      const options = parseOrThrow(listOptionsSchema, 'dead-letter list options', input);
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const limit = options.limit ?? DEFAULT_LIMIT;
      const page = select(options)
        .filter((entry) => !after || compareNewestFirst(after, entry) < 0)
        .sort(compareNewestFirst);
      const items = page.slice(0, limit).map((entry) => structuredClone(entry));
      const last = items.at(-1);
      return page.length > limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
    },

    async count(input = {}) {
      const filter = parseOrThrow(filterSchema, 'dead-letter filter', input);
      return select(filter).length;
    },

    async countByStatus(input = {}) {
      const filter = parseOrThrow(filterSchema, 'dead-letter filter', input);
      const counts = { open: 0, retrying: 0, resolved: 0 };
      for (const entry of select({ ...filter, status: undefined })) counts[entry.status]++;
      return counts;
    },

    async groupByError(input = {}) {
      const options = parseOrThrow(groupOptionsSchema, 'dead-letter group options', input);
      return groupDeadLetters(select(options), options.limit ?? DEFAULT_LIMIT);
    },

    async transition(id, input) {
      const request = parseOrThrow(transitionRequestSchema, `transition of dead letter "${id}"`, input);
      const entry = entries.get(id);
      if (!entry) throw new NotFoundError('Dead letter', id);
      // Checked before writing anything, so a refused transition changes nothing (not even a reopening).
      const expired =
        entry.status === 'retrying' &&
        entry.redriveLeaseUntil !== undefined &&
        entry.redriveLeaseUntil <= request.at;
      const status: DeadLetterStatus = expired ? 'open' : entry.status;
      const from: readonly DeadLetterStatus[] =
        typeof request.from === 'string' ? [request.from] : request.from;
      if (!from.includes(status)) throw new InvalidTransitionError(id, request.from, status, request.to);
      if (!DEAD_LETTER_TRANSITIONS[status].includes(request.to)) {
        throw new InvalidTransitionError(id, sourcesOf(request.to), status, request.to);
      }
      if (expired) reopenIfExpired(entry, request.at);
      entry.history.push({
        from: entry.status,
        to: request.to,
        by: request.by,
        at: request.at,
        ...(request.note === undefined ? {} : { note: request.note }),
      });
      entry.status = request.to;
      delete entry.redriveLeaseUntil;
      if (request.to === 'retrying') {
        entry.retryCount += 1;
        entry.lastRetriedAt = request.at;
        if (request.leaseUntil !== undefined) entry.redriveLeaseUntil = request.leaseUntil;
      } else if (request.to === 'resolved') {
        entry.resolvedAt = request.at;
        entry.resolvedBy = request.by;
        if (request.note !== undefined) entry.note = request.note;
      } else if (request.error) {
        entry.error = structuredClone(request.error) as DeadLetter['error'];
        entry.errorFingerprint = errorFingerprint(entry.error);
      }
      return structuredClone(entry);
    },
  };
}
