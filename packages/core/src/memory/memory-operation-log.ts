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

/**
 * An in-memory {@link OperationLog} for one process and for tests: keeps every record (frozen
 * copies) and computes summaries and histograms by scanning them. Records are validated on append.
 *
 * @example
 * ```ts
 * const log = memoryOperationLog();
 * const summary = await log.summarize({ from: Date.now() - 86_400_000, to: Date.now() });
 * ```
 */
export function memoryOperationLog(): OperationLog {
  const records: AttemptRecord[] = [];
  const within = (window: { from: number; to: number }) =>
    records.filter((record) => record.at >= window.from && record.at < window.to);

  return {
    async append(input) {
      records.push(Object.freeze(parseOrThrow(recordSchema, 'operation log record', input)));
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
