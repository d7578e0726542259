import type { AttemptOutcome, OperationKind, OperationLogSummary } from '@lifeline/core';
import { pgPoolClient, postgresOperationLog } from '@lifeline/postgres';
import { seededRandom } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { supabaseOperationLog } from '../src/index';
import { serverUrl } from './helpers/server';
import { type SupabaseWorld, supabaseWorld } from './helpers/world';

const url = serverUrl();
let world: SupabaseWorld;

const HOUR = 3_600_000;
const DAY0 = Date.UTC(2031, 4, 6);
const KINDS: OperationKind[] = ['email', 'webhook', 'job'];
const OUTCOMES: AttemptOutcome[] = [
  'succeeded',
  'succeeded',
  'succeeded',
  'retrying',
  'dead_lettered',
  'duplicate',
];

/** Compares two summaries: counts exactly, times to within float rounding (sums may add in another order). */
function expectSameSummary(actual: Record<string, Record<string, number | null>>, expected: typeof actual) {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const kind of Object.keys(expected)) {
    for (const [field, value] of Object.entries(expected[kind]!)) {
      const got = actual[kind]![field];
      if (value === null || got === null) expect(got, `${kind}.${field}`).toBe(value);
      else
        expect(Math.abs(got! - value) / Math.max(1, Math.abs(value)), `${kind}.${field}`).toBeLessThan(1e-9);
    }
  }
}

describe.skipIf(!url)('supabaseOperationLog answers exactly as postgresOperationLog on the same rows', () => {
  beforeAll(async () => {
    world = await supabaseWorld(url!, 4);
    // 1,500 random attempt outcomes, written by @lifeline/postgres straight into the
    // tables (the supabase store's own append is covered by the conformance suite).
    const writer = postgresOperationLog(pgPoolClient(world.db.pool), { schema: 'lifeline' });
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    // Most spread over three days (read from the rollups), 600 packed into the minute 10:00:30-10:01:30
    // so that windows with sub-minute edges read many raw rows too.
    const records = Array.from({ length: 1_500 }, (_, i) => {
      const at =
        i < 600
          ? DAY0 + 10 * HOUR + 30_000 + Math.floor(random() * 60_000) + random()
          : DAY0 + Math.floor(random() * 3 * 24 * HOUR) + random();
      const outcome = pick(OUTCOMES);
      return {
        operation: 'cross/check',
        kind: pick(KINDS),
        idempotencyKey: `k${i}`,
        attempt: 1 + Math.floor(random() * 3),
        outcome,
        at,
        durationMs: 5,
        enqueuedAt: at - Math.floor(random() * 600_000),
        ...(outcome === 'succeeded' ? {} : { error: 'Error: boom' }),
      };
    });
    for (let i = 0; i < records.length; i += 100)
      await Promise.all(records.slice(i, i + 100).map((record) => writer.append(record)));
  });
  afterAll(() => world?.close());

  const windows: Array<[string, number, number]> = [
    ['three whole days', DAY0, DAY0 + 72 * HOUR],
    ['an unaligned day', DAY0 + 5 * HOUR + 17 * 60_000 + 30_250, DAY0 + 29 * HOUR + 17 * 60_000 + 30_250],
    ['inside one minute', DAY0 + 10 * HOUR + 1_000, DAY0 + 10 * HOUR + 59_000],
    ['80 s across a minute boundary', DAY0 + 10 * HOUR + 20_500, DAY0 + 10 * HOUR + 100_250],
    ['an hour with sub-minute edges', DAY0 + 9 * HOUR + 30 * 60_000 + 1, DAY0 + 10 * HOUR + 90_001],
    ['minutes across an hour', DAY0 + 10 * HOUR - 7 * 60_000 - 1, DAY0 + 11 * HOUR + 3 * 60_000 + 1],
    ['empty', DAY0 + 6 * HOUR, DAY0 + 6 * HOUR],
    ['before any record', DAY0 - 48 * HOUR, DAY0 - 24 * HOUR],
  ];

  test.each(windows)('summarize over %s, with exact and estimated p95', async (_, from, to) => {
    const summaries: OperationLogSummary[] = [];
    for (const exactPercentileLimit of [10_000, 3]) {
      const expected = await postgresOperationLog(pgPoolClient(world.db.pool), {
        schema: 'lifeline',
        exactPercentileLimit,
      }).summarize({ from, to });
      const actual = await supabaseOperationLog(world.clients.serviceRole, {
        exactPercentileLimit,
      }).summarize({
        from,
        to,
      });
      expectSameSummary(actual as never, expected as never);
      summaries.push(actual);
    }
    // Above 3 successes the second summary's p95 is estimated from the hourly buckets: another number.
    const [exact, estimated] = summaries as [OperationLogSummary, OperationLogSummary];
    if (exact.email.succeeded > 3) {
      expect(estimated.email.p95TimeToSuccessMs).toBeGreaterThan(0);
      expect(estimated.email.p95TimeToSuccessMs).not.toBe(exact.email.p95TimeToSuccessMs);
    }
  });

  test('histograms with minute, hour, odd and day buckets', async () => {
    const reference = postgresOperationLog(pgPoolClient(world.db.pool), { schema: 'lifeline' });
    const store = supabaseOperationLog(world.clients.serviceRole);
    for (const [from, to, bucketMs] of [
      [DAY0 + 30_000, DAY0 + 5 * HOUR + 1, 60_000],
      [DAY0 - HOUR, DAY0 + 72 * HOUR, HOUR],
      [DAY0 + 7 * HOUR + 123, DAY0 + 9 * HOUR, 7_000],
      [DAY0 + 10 * HOUR + 15_000, DAY0 + 10 * HOUR + 115_000, 10_000],
      [DAY0 + 2 * HOUR + 5, DAY0 + 50 * HOUR, 90 * 60_000],
      [DAY0, DAY0 + 72 * HOUR, 24 * HOUR],
    ] as const) {
      const expected = await reference.histogram({ from, to }, bucketMs);
      expect(expected.some((b) => b.succeeded > 0)).toBe(true);
      expect(await store.histogram({ from, to }, bucketMs)).toEqual(expected);
    }
  });
});
