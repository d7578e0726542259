import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportRun } from '../src/report/report-run';
import { silentDisplay } from '../src/run/display';
import { simulate } from '../src/run/simulate';

const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-simulation-bullmq-'));
const redisUrl = process.env.LIFELINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('checkout simulation on --engine bullmq (real Redis, virtual clock)', () => {
  it('keeps the promise: every paid purchase fulfilled once, every receipt once or dead-lettered with an alert', async () => {
    const before = process.env.REDIS_URL;
    process.env.REDIS_URL = redisUrl;
    try {
      const result = await simulate({
        purchases: 30,
        seed: 21,
        faultRate: 0.3,
        duplicates: 0.3,
        realTime: false,
        dataDir,
        engine: 'bullmq',
        display: silentDisplay(),
      });
      expect(result.worldErrors).toEqual([]);
      const { verdict, summary } = await reportRun(dataDir, result.run.id);
      expect(verdict.violations).toEqual([]);
      expect(verdict.ok).toBe(true);
      expect(summary.purchases).toBe(30);
      expect(verdict.fulfilled + verdict.fulfilmentDeadLettered).toBe(verdict.paid);
      expect(verdict.receiptsDelivered + verdict.receiptsDeadLettered).toBe(verdict.fulfilled);
      expect(verdict.paid).toBeGreaterThan(20);
    } finally {
      if (before === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = before;
    }
  }, 240_000);
});
