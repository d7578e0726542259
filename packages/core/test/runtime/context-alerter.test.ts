import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { Alert } from '../../src/contracts/alerter';
import { memoryAlertStore } from '../../src/memory/memory-alert-store';
import { defineOperation } from '../../src/runtime/define-operation';
import { testLifeline } from './harness';

const alertingOperation = (alert: Alert) =>
  defineOperation({
    name: 'context/alerts',
    kind: 'job',
    schema: z.object({ id: z.string() }),
    run: async (_data, ctx) => {
      await ctx.alerter.alert(alert);
    },
  });

describe('ctx.alerter goes through the alert dispatcher', () => {
  test('deduped by dedupeKey within the cooldown, recorded in the alert store, reported to onAlert', async () => {
    const alerts = memoryAlertStore();
    const outcomes: string[] = [];
    const op = alertingOperation({
      severity: 'warning',
      title: 'Stock is low',
      message: 'sku-1 has 2 left',
      dedupeKey: 'stock:sku-1',
    });
    const {
      lifeline,
      alerts: delivered,
      settle,
    } = testLifeline({
      operations: [op],
      alerts,
      hooks: { onAlert: (_alert, outcome) => void outcomes.push(outcome) },
    });
    for (const id of ['a', 'b', 'c']) await lifeline.send(op, { id });
    await settle();
    expect(delivered.map((a) => a.title)).toEqual(['Stock is low']);
    expect(outcomes.sort()).toEqual(['sent', 'suppressed', 'suppressed']);
    expect(lifeline.recentAlerts().map((a) => [a.title, a.delivered])).toEqual([['Stock is low', true]]);
    const stored = await alerts.list({});
    expect(stored.items.map((a) => a.title)).toEqual(['Stock is low']);
  });

  test('a failing alerter does not fail the work: the alert is recorded as not delivered', async () => {
    const op = alertingOperation({ severity: 'info', title: 'Hello', message: 'from the operation' });
    const { lifeline, settle } = testLifeline({
      operations: [op],
      alerter: {
        alert: async () => {
          throw new Error('webhook down');
        },
      },
    });
    const { idempotencyKey } = await lifeline.send(op, { id: 'x' });
    await settle();
    const rows = await lifeline.log.attempts({ idempotencyKey });
    expect(rows.map((row) => row.outcome)).toEqual(['succeeded']);
    expect(lifeline.recentAlerts().map((a) => [a.title, a.delivered])).toEqual([['Hello', false]]);
  });
});
