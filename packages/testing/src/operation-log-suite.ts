import type { AttemptOutcome, AttemptRecord, KindSummary, OperationKind, OperationLog } from '@lifeline/core';
import { emptyKindSummary } from '@lifeline/core/adapter';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

const DAY = 86_400_000;

/** A random day far from other tests' days, so one shared log never mixes their records. */
const randomDay = () => Date.UTC(2100, 0, 1) + Math.floor(Math.random() * 1_000_000) * DAY;

const EMPTY: KindSummary = emptyKindSummary();

/**
 * The conformance suite of the `OperationLog` contract: window bounds (`from` inclusive, `to`
 * exclusive), per-kind counts of final outcomes, retried and retried-then-succeeded, duplicates,
 * average and nearest-rank p95 time to success, null times for empty windows, and histograms aligned
 * to the epoch with empty buckets included. Each test writes into its own random day far in the future,
 * so a shared log is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * operationLogSuite({ describe, expect, test }, () => postgresOperationLog(sql));
 * ```
 */
export function operationLogSuite(
  runner: SuiteRunner,
  factory: () => Promise<OperationLog> | OperationLog,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;

  async function setup() {
    const log = await factory();
    const day = randomDay();
    const operation = randomId('suite/op-');
    const append = (
      kind: OperationKind,
      outcome: AttemptOutcome,
      attempt: number,
      at: number,
      enqueuedAt = at,
    ) =>
      log.append({
        operation,
        kind,
        idempotencyKey: randomId('key-'),
        attempt,
        outcome,
        at: day + at,
        durationMs: 5,
        enqueuedAt: day + enqueuedAt,
        ...(outcome === 'retrying' || outcome === 'dead_lettered' ? { error: 'Error: boom' } : {}),
      } satisfies AttemptRecord);
    return { log, day, append };
  }

  defineSuite(runner, 'OperationLog conformance', options, (test) => {
    test('an empty window gives zero counts and null times for every kind, never NaN', async () => {
      const { log, day } = await setup();
      const summary = await log.summarize({ from: day, to: day + DAY });
      expect(summary).toEqual({ email: EMPTY, webhook: EMPTY, job: EMPTY });
      expect(await log.summarize({ from: day, to: day })).toEqual({
        email: EMPTY,
        webhook: EMPTY,
        job: EMPTY,
      });
    });

    test('counts final outcomes per kind: finished, succeeded, dead-lettered, retried, retried-then-succeeded, duplicates', async () => {
      const { log, day, append } = await setup();
      await append('email', 'succeeded', 1, 1_000, 0); // first try: 1 s
      await append('email', 'retrying', 1, 2_000, 0);
      await append('email', 'succeeded', 2, 5_000, 0); // after a retry: 5 s
      await append('email', 'retrying', 1, 3_000, 0);
      await append('email', 'retrying', 2, 4_000, 0);
      await append('email', 'dead_lettered', 3, 9_000, 0);
      await append('email', 'dead_lettered', 1, 9_500, 0); // permanent error on the first attempt
      await append('email', 'duplicate', 1, 9_900, 0);
      await append('webhook', 'succeeded', 1, 300, 100);
      const summary = await log.summarize({ from: day, to: day + DAY });
      expect(summary.email).toEqual({
        finished: 4,
        succeeded: 2,
        deadLettered: 2,
        retried: 2,
        retriedSucceeded: 1,
        duplicates: 1,
        avgTimeToSuccessMs: 3_000,
        p95TimeToSuccessMs: 5_000,
      });
      expect(summary.webhook).toEqual({
        ...EMPTY,
        finished: 1,
        succeeded: 1,
        avgTimeToSuccessMs: 200,
        p95TimeToSuccessMs: 200,
      });
      expect(summary.job).toEqual(EMPTY);
    });

    test('a window counts records with from <= at < to only', async () => {
      const { log, day, append } = await setup();
      await append('job', 'succeeded', 1, 999);
      await append('job', 'succeeded', 1, 1_000);
      await append('job', 'succeeded', 1, 1_999);
      await append('job', 'succeeded', 1, 2_000);
      expect((await log.summarize({ from: day + 1_000, to: day + 2_000 })).job.succeeded).toBe(2);
      expect((await log.summarize({ from: day + 2_001, to: day + 3_000 })).job).toEqual(EMPTY);
    });

    test('p95 time to success is the nearest-rank 95th percentile', async () => {
      const { log, day, append } = await setup();
      // 20 successes taking 1..20 s, appended out of order: nearest rank ceil(0.95 × 20) = 19 → 19 s.
      for (const seconds of [7, 20, 1, 13, 2, 19, 3, 18, 4, 17, 5, 16, 6, 15, 8, 14, 9, 12, 10, 11]) {
        await append('email', 'succeeded', 1, 100_000 + seconds * 1_000, 100_000);
      }
      const twenty = (await log.summarize({ from: day, to: day + DAY })).email;
      expect(twenty.p95TimeToSuccessMs).toBe(19_000);
      expect(twenty.avgTimeToSuccessMs).toBe(10_500);
      await append('email', 'succeeded', 1, 200_000 + 21_000, 200_000);
      // 21 values: ceil(0.95 × 21) = 20 → 20 s.
      expect((await log.summarize({ from: day, to: day + DAY })).email.p95TimeToSuccessMs).toBe(20_000);
      await append('job', 'succeeded', 1, 50_000, 42_000);
      expect((await log.summarize({ from: day, to: day + DAY })).job.p95TimeToSuccessMs).toBe(8_000);
    });

    test('histogram: buckets aligned to the epoch, oldest first, empty ones included, window bounds kept', async () => {
      const { log, day, append } = await setup();
      const minute = 60_000;
      await append('email', 'succeeded', 1, 30_000);
      await append('webhook', 'succeeded', 1, 59_999);
      await append('email', 'retrying', 1, 60_000);
      await append('job', 'dead_lettered', 2, 3 * minute + 1);
      await append('email', 'duplicate', 1, 3 * minute + 2);
      await append('email', 'succeeded', 1, 4 * minute); // at `to`: outside the window
      const buckets = await log.histogram({ from: day + 30_000, to: day + 4 * minute }, minute);
      expect(buckets).toEqual([
        { start: day, succeeded: 2, deadLettered: 0, retrying: 0 },
        { start: day + minute, succeeded: 0, deadLettered: 0, retrying: 1 },
        { start: day + 2 * minute, succeeded: 0, deadLettered: 0, retrying: 0 },
        { start: day + 3 * minute, succeeded: 0, deadLettered: 1, retrying: 0 },
      ]);
    });

    test('histogram counts only records inside the window, even in its partial first bucket', async () => {
      const { log, day, append } = await setup();
      await append('email', 'succeeded', 1, 10_000); // before `from`, same bucket
      await append('email', 'succeeded', 1, 40_000);
      const buckets = await log.histogram({ from: day + 30_000, to: day + 60_000 }, 60_000);
      expect(buckets).toEqual([{ start: day, succeeded: 1, deadLettered: 0, retrying: 0 }]);
    });

    test('records are kept as appended: later appends do not change earlier summaries of other windows', async () => {
      const { log, day, append } = await setup();
      await append('email', 'succeeded', 1, 1_000, 0);
      const before = await log.summarize({ from: day, to: day + 2_000 });
      await append('email', 'succeeded', 1, 3_000, 0);
      expect(await log.summarize({ from: day, to: day + 2_000 })).toEqual(before);
      expect((await log.summarize({ from: day, to: day + 4_000 })).email.succeeded).toBe(2);
    });

    test('attempts returns every record of one key in order, delayMs included; operation narrows it', async () => {
      const { log, day } = await setup();
      const key = randomId('key-');
      const op = randomId('suite/op-');
      const base = { kind: 'email' as const, idempotencyKey: key, enqueuedAt: day };
      await log.append({
        ...base,
        operation: op,
        attempt: 2,
        outcome: 'dead_lettered',
        at: day + 3_000,
        durationMs: 7,
        error: 'Error: 503 again',
      });
      await log.append({
        ...base,
        operation: op,
        attempt: 1,
        outcome: 'retrying',
        at: day + 1_000,
        durationMs: 12.5,
        error: 'Error: 503',
        delayMs: 1_500,
      });
      await log.append({
        ...base,
        operation: `${op}-other`,
        attempt: 1,
        outcome: 'succeeded',
        at: day + 2_000,
        durationMs: 3,
      });
      await log.append({
        ...base,
        idempotencyKey: randomId('key-'),
        operation: op,
        attempt: 1,
        outcome: 'succeeded',
        at: day,
        durationMs: 1,
      });
      const all = await log.attempts({ idempotencyKey: key });
      expect(all.map((r) => [r.operation === op, r.attempt, r.outcome])).toEqual([
        [true, 1, 'retrying'],
        [false, 1, 'succeeded'],
        [true, 2, 'dead_lettered'],
      ]);
      expect(all[0]).toEqual({
        ...base,
        operation: op,
        attempt: 1,
        outcome: 'retrying',
        at: day + 1_000,
        durationMs: 12.5,
        error: 'Error: 503',
        delayMs: 1_500,
      });
      expect(all[2]?.delayMs).toBeUndefined();
      expect((await log.attempts({ idempotencyKey: key, operation: op })).map((r) => r.attempt)).toEqual([
        1, 2,
      ]);
      expect(await log.attempts({ idempotencyKey: randomId('key-') })).toEqual([]);
    });
  });
}
