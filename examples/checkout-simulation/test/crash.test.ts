import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { reportRun } from '../src/report/report-run';
import { simulateWithCrashes } from '../src/run/crash-run';
import type { Display } from '../src/run/display';

const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('keeps the promise when the worker process is SIGKILLed mid-run and restarted', async () => {
  const lines: string[] = [];
  const display: Display = { progress() {}, line: (text) => lines.push(text), end() {} };
  const result = await simulateWithCrashes({
    purchases: 150,
    seed: 21,
    faultRate: 0.5,
    duplicates: 0.2,
    realTime: false,
    dataDir,
    display,
    killAt: [0.3],
  });
  expect(result.kills).toBe(1);
  expect(result.worldErrors).toEqual([]);
  expect(lines.some((line) => line.startsWith('✖ SIGKILL → worker'))).toBe(true);

  const report = await reportRun(dataDir, result.runId);
  expect(report.run.restarts).toBe(1);
  expect(report.verdict.violations).toEqual([]);
  expect(report.verdict.ok).toBe(true);
  expect(report.summary.purchases).toBe(150);
  expect(report.verdict.fulfilled + report.verdict.fulfilmentDeadLettered).toBe(report.verdict.paid);
  expect(report.verdict.receiptsDelivered + report.verdict.receiptsDeadLettered).toBe(
    report.verdict.fulfilled,
  );
}, 300_000);
