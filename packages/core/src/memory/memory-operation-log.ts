import { z } from 'zod';
import { OPERATION_KINDS, type OperationKind } from '../contracts/operation-kind';
import type {
  AttemptRecord,
  OperationLog,
  OperationLogSummary,
  OutcomeBucket,
} from '../contracts/operation-log';
import { ValidationError } from '../errors/validation-error';
import { parseOrThrow } from './dead-letter-schemas';
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
});

const windowSchema = z
  .object({ from: time, to: time })
  .refine((window) => window.from <= window.to, { message: '`from` must not be after `to`', path: ['to'] });

/** The most buckets one histogram may have, so a typo in `bucketMs` cannot exhaust memory. */
const MAX_BUCKETS = 10_000;

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
      if (!Number.isFinite(bucketMs) || bucketMs <= 0) {
        throw new ValidationError('histogram bucket size', [
          { path: 'bucketMs', message: 'must be a number > 0', received: bucketMs },
        ]);
      }
      if (window.from >= window.to) return [];
      const first = Math.floor(window.from / bucketMs) * bucketMs;
      const count = Math.ceil((window.to - first) / bucketMs);
      if (count > MAX_BUCKETS) {
        throw new ValidationError('histogram bucket size', [
          {
            path: 'bucketMs',
            message: `gives ${count} buckets over this window; at most ${MAX_BUCKETS} are allowed, use larger buckets`,
            received: bucketMs,
          },
        ]);
      }
      const buckets: OutcomeBucket[] = Array.from({ length: count }, (_, index) => ({
        start: first + index * bucketMs,
        succeeded: 0,
        deadLettered: 0,
        retrying: 0,
      }));
      for (const record of within(window)) {
        const bucket = buckets[Math.floor((record.at - first) / bucketMs)]!;
        if (record.outcome === 'succeeded') bucket.succeeded++;
        else if (record.outcome === 'dead_lettered') bucket.deadLettered++;
        else if (record.outcome === 'retrying') bucket.retrying++;
      }
      return buckets;
    },
  };
}
