import { z } from 'zod';
import { OPERATION_KINDS, type OperationKind } from '../contracts/operation-kind';
import type { AttemptRecord, OperationLog, OperationLogSummary } from '../contracts/operation-log';
import { parseOrThrow } from './dead-letter-schemas';
import { emptyOutcomeBuckets } from './histogram-buckets';
import { summarizeAttempts } from './operation-summary';

const time = z.number().finite('must be a finite number of epoch ms');

const recordSchema = z.object({
  operation: z.string().min(1),
  kind: z.enum(OPERATION_KINDS as unknown as [OperationKind, ...OperationKind[]]),
  idempotencyKey: z.string(),
  attempt: z.number().int().min(1, 'is 1-based'),
  outcome: z.enum(['succeeded', 'retrying', 'dead_lettered', 'duplicate']),
  at: time,
  durationMs: z.number().finite().nonnegative(),
  enqueuedAt: time,
  error: z.string().optional(),
  delayMs: z.number().finite().nonnegative().optional(),
});

const attemptQuerySchema = z.object({
  idempotencyKey: z.string().min(1, 'must be a non-empty string'),
  operation: z.string().min(1).optional(),
});

const windowSchema = z
  .object({ from: time, to: time })
  .refine((window) => window.from <= window.to, { message: '`from` must not be after `to`', path: ['to'] });

/** Options of {@link memoryOperationLog}. */
export interface MemoryOperationLogOptions {
  /** Most records kept; the oldest are dropped beyond it. Default 10 000 (about 2 MB). */
  maxRecords?: number;
  /** Records older than this (by `at`, relative to the newest appended) are dropped. Default 24 h. */
  maxAgeMs?: number;
}

const KINDS: ReadonlySet<unknown> = new Set(OPERATION_KINDS);
const OUTCOMES: ReadonlySet<unknown> = new Set(['succeeded', 'retrying', 'dead_lettered', 'duplicate']);
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A stored record: one fixed shape, so 100 000 of them stay small. */
class StoredRecord implements AttemptRecord {
  readonly operation: string;
  readonly kind: OperationKind;
  readonly idempotencyKey: string;
  readonly attempt: number;
  readonly outcome: AttemptRecord['outcome'];
  readonly at: number;
  readonly durationMs: number;
  readonly enqueuedAt: number;
  declare readonly error?: string;
  declare readonly delayMs?: number;
  constructor(r: AttemptRecord) {
    this.operation = r.operation;
    this.kind = r.kind;
    this.idempotencyKey = r.idempotencyKey;
    this.attempt = r.attempt;
    this.outcome = r.outcome;
    this.at = r.at;
    this.durationMs = r.durationMs;
    this.enqueuedAt = r.enqueuedAt;
    if (r.error !== undefined) (this as { error?: string }).error = r.error;
    if (r.delayMs !== undefined) (this as { delayMs?: number }).delayMs = r.delayMs;
  }
}

/** A valid record, checked without zod (zod runs only to describe an invalid one). */
function isValidRecord(r: AttemptRecord): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.operation === 'string' &&
    r.operation.length > 0 &&
    KINDS.has(r.kind) &&
    typeof r.idempotencyKey === 'string' &&
    Number.isInteger(r.attempt) &&
    r.attempt >= 1 &&
    OUTCOMES.has(r.outcome) &&
    finite(r.at) &&
    finite(r.durationMs) &&
    r.durationMs >= 0 &&
    finite(r.enqueuedAt) &&
    (r.error === undefined || typeof r.error === 'string') &&
    (r.delayMs === undefined || (finite(r.delayMs) && r.delayMs >= 0))
  );
}

/**
 * An in-memory {@link OperationLog} for one process and for tests: keeps the newest records (frozen
 * copies), bounded by count and age (see {@link MemoryOperationLogOptions}), and computes summaries and
 * histograms by scanning them. Records are validated on append.
 *
 * @example
 * ```ts
 * const log = memoryOperationLog();
 * const summary = await log.summarize({ from: Date.now() - 86_400_000, to: Date.now() });
 * ```
 */
export function memoryOperationLog(options: MemoryOperationLogOptions = {}): OperationLog {
  const maxRecords = options.maxRecords ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 86_400_000;
  // Oldest first, from `head` on; dropped records are cut off in bulk now and then.
  let records: AttemptRecord[] = [];
  let head = 0;
  const live = () => (head === 0 ? records : records.slice(head));
  const within = (window: { from: number; to: number }) =>
    live().filter((record) => record.at >= window.from && record.at < window.to);

  function evict(newest: number) {
    while (
      records.length - head > maxRecords ||
      (head < records.length && records[head]!.at < newest - maxAgeMs)
    )
      head++;
    if (head > 1024 && head * 2 > records.length) {
      records = records.slice(head);
      head = 0;
    }
  }

  return {
    // Answers at once (no promise) when the record is valid, as `MaybePromise` allows.
    append(input) {
      let valid = input;
      if (!isValidRecord(input)) {
        try {
          valid = parseOrThrow(recordSchema, 'operation log record', input);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      const record = new StoredRecord(valid);
      records.push(Object.freeze(record));
      evict(record.at);
    },

    async summarize(input) {
      const window = parseOrThrow(windowSchema, 'operation log window', input);
      const inWindow = within(window);
      const summary = {} as OperationLogSummary;
      for (const kind of OPERATION_KINDS)
        summary[kind] = summarizeAttempts(inWindow.filter((record) => record.kind === kind));
      return summary;
    },

    async histogram(input, bucketMs) {
      const window = parseOrThrow(windowSchema, 'operation log window', input);
      const buckets = emptyOutcomeBuckets(window, bucketMs);
      if (buckets.length === 0) return [];
      const first = buckets[0]!.start;
      for (const record of within(window)) {
        const bucket = buckets[Math.floor((record.at - first) / bucketMs)]!;
        if (record.outcome === 'succeeded') bucket.succeeded++;
        else if (record.outcome === 'dead_lettered') bucket.deadLettered++;
        else if (record.outcome === 'retrying') bucket.retrying++;
      }
      return buckets;
    },

    async attempts(input) {
      const query = parseOrThrow(attemptQuerySchema, 'operation log attempt query', input);
      return records
        .filter(
          (record) =>
            record.idempotencyKey === query.idempotencyKey &&
            (query.operation === undefined || record.operation === query.operation),
        )
        .sort((a, b) => a.at - b.at || a.attempt - b.attempt)
        .slice(0, 1_000)
        .map((record) => ({ ...record }));
    },
  };
}
