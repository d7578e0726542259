import { describe, expect, test } from 'vitest';
import type { AttemptRecord } from '../contracts/operation-log';
import { memoryOperationLog } from './memory-operation-log';
import { percentile95, summarizeAttempts } from './operation-summary';

const record: AttemptRecord = {
  operation: 'op',
  kind: 'job',
  idempotencyKey: 'k',
  attempt: 1,
  outcome: 'succeeded',
  at: 10,
  durationMs: 1,
  enqueuedAt: 0,
};

describe('memoryOperationLog', () => {
  test('validates records, windows and bucket sizes with clear errors', async () => {
    const log = memoryOperationLog();
    await expect(log.append({ ...record, attempt: 0 })).rejects.toThrow(
      /Invalid operation log record: attempt: is 1-based \(received 0\)/,
    );
    await expect(log.append({ ...record, outcome: 'maybe' as never })).rejects.toThrow(/outcome/);
    await expect(log.summarize({ from: 10, to: 5 })).rejects.toThrow(/to: `from` must not be after `to`/);
    await expect(log.histogram({ from: 0, to: 10 }, 0)).rejects.toThrow(/bucketMs: must be a number > 0/);
    await expect(log.histogram({ from: 0, to: 86_400_000 }, 1)).rejects.toThrow(/gives 86400000 buckets/);
    expect(await log.histogram({ from: 5, to: 5 }, 10)).toEqual([]);
  });

  test('stored records cannot be changed by the caller afterwards', async () => {
    const log = memoryOperationLog();
    const mine = { ...record };
    await log.append(mine);
    mine.outcome = 'dead_lettered';
    expect((await log.summarize({ from: 0, to: 100 })).job.succeeded).toBe(1);
  });
});

describe('percentile95 / summarizeAttempts', () => {
  test('nearest rank', () => {
    expect(percentile95([])).toBeNull();
    expect(percentile95([42])).toBe(42);
    expect(percentile95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
    expect(percentile95(Array.from({ length: 101 }, (_, i) => i + 1))).toBe(96);
  });

  test('a dead letter on the first attempt is finished but not retried', () => {
    expect(summarizeAttempts([{ ...record, outcome: 'dead_lettered' }])).toMatchObject({
      finished: 1,
      deadLettered: 1,
      retried: 0,
    });
  });
});

describe('memoryOperationLog bounds', () => {
  test('keeps at most maxRecords, newest first, and drops records older than maxAgeMs', async () => {
    const log = memoryOperationLog({ maxRecords: 5, maxAgeMs: 1_000 });
    for (let i = 0; i < 20; i++) await log.append({ ...record, at: 100 + i });
    expect((await log.summarize({ from: 0, to: 10_000 })).job.succeeded).toBe(5);
    await log.append({ ...record, at: 2_000 });
    expect((await log.summarize({ from: 0, to: 10_000 })).job.succeeded).toBe(1);
    await expect(log.append({ ...record, attempt: 0 })).rejects.toThrow(/1-based/);
  });
});
