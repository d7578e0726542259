import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { emptyKindSummary } from '../../src/contracts/operation-log';
import { PermanentError } from '../../src/errors/permanent-error';
import { computeHealth } from '../../src/health/compute-health';
import { DEFAULT_HEALTH_TARGETS } from '../../src/health/default-targets';
import { defineOperation } from '../../src/runtime/define-operation';
import { testLifeline } from './harness';

const schema = z.object({ id: z.string() });

describe('health', () => {
  test('rates, counts and times are computed from the log against the default targets', async () => {
    const failing = new Set(['3']);
    const op = defineOperation({
      name: 'health/email',
      kind: 'email',
      schema,
      retry: { attempts: 1 },
      run: async (d, ctx) => {
        await ctx.clock.sleep(1_000);
        if (failing.has(d.id)) throw new PermanentError('rejected');
      },
    });
    const { lifeline, settle } = testLifeline({ operations: [op] });
    for (let i = 0; i < 20; i++) await lifeline.send(op, { id: String(i) });
    await settle();
    const report = await lifeline.health({ windowMs: 3_600_000 });
    const metric = (id: string) => report.metrics.find((m) => m.id === id)!;
    expect(metric('emailDeliveryRate')).toMatchObject({ value: 19 / 20, status: 'degraded', sample: 20 });
    expect(metric('webhookSuccessRate')).toMatchObject({ value: null, status: 'no_data' });
    expect(metric('openDeadLetters')).toMatchObject({ value: 1, status: 'healthy' });
    expect(metric('avgTimeToSuccessMs').value).toBeGreaterThanOrEqual(1_000);
    expect(report.status).toBe('degraded');
  });

  test('a window that is not a positive number of ms is a clear validation error', async () => {
    const { lifeline } = testLifeline({ operations: [] });
    await expect(lifeline.health({ windowMs: -5 })).rejects.toThrow(
      /windowMs: must be a finite number of milliseconds > 0 \(received -5\)/,
    );
  });

  test('thresholds: open dead letters above 10 are critical, exactly 10 degraded', () => {
    const empty = emptyKindSummary();
    const kinds = { email: empty, webhook: empty, job: empty };
    const at = (open: number) =>
      computeHealth({
        kinds,
        openDeadLetters: open,
        targets: DEFAULT_HEALTH_TARGETS,
        from: 0,
        to: 1,
      }).metrics.find((m) => m.id === 'openDeadLetters')!.status;
    expect([at(0), at(9), at(10), at(11)]).toEqual(['healthy', 'healthy', 'degraded', 'critical']);
  });

  test('checkHealth alerts once when a threshold is crossed, not again while it stays crossed, and once on recovery', async () => {
    let failing = true;
    const op = defineOperation({
      name: 'health/webhook',
      kind: 'webhook',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        if (failing) throw new PermanentError('handler bug');
      },
    });
    const { lifeline, settle, alerts, clock } = testLifeline({ operations: [op] });
    const healthAlerts = () => alerts.filter((a) => a.title.startsWith('Webhook success rate'));
    for (let i = 0; i < 5; i++) await lifeline.send(op, { id: `a${i}` });
    await settle();
    await lifeline.checkHealth({ windowMs: 3_600_000 });
    await lifeline.checkHealth({ windowMs: 3_600_000 });
    expect(healthAlerts().map((a) => a.severity)).toEqual(['critical']);
    failing = false;
    await clock.advance(2 * 3_600_000);
    for (let i = 0; i < 5; i++) await lifeline.send(op, { id: `b${i}` });
    await settle();
    await lifeline.checkHealth({ windowMs: 3_600_000 });
    await lifeline.checkHealth({ windowMs: 3_600_000 });
    expect(healthAlerts().map((a) => a.severity)).toEqual(['critical', 'info']);
    expect(healthAlerts()[1]!.title).toBe('Webhook success rate recovered');
  });
});
