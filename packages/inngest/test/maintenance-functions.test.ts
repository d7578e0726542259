import { defineOperation, PermanentError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  CANCELLATION_FUNCTION_ID,
  HEALTH_FUNCTION_ID,
  inngestFunctions,
  OUTBOX_FUNCTION_ID,
  RUN_CANCELLED_CODE,
} from '../src/index';
import { sentEvent, testLifeline } from './support/fixtures';
import { executeOnce, syncedConfig } from './support/inngest-internals';

const payload = z.object({ id: z.string() });

function functionById(functions: ReturnType<typeof inngestFunctions>, appId: string, id: string) {
  const fn = functions.find((candidate) => syncedConfig(candidate, appId)[0]!.id === `${appId}-${id}`);
  if (!fn) throw new Error(`no function ${id}`);
  return fn;
}

const cronTick = { name: 'inngest/scheduled.timer', data: { cron: '0 * * * *' } };

describe('health check', () => {
  test('runs lifeline.checkHealth(), alerting when a threshold is crossed', async () => {
    const op = defineOperation({ name: 'shop/email', kind: 'email', schema: payload, run: async () => 'ok' });
    const { lifeline, client, alerts, clock } = testLifeline([op]);
    for (let i = 0; i < 10; i++) {
      const outcome = i < 8 ? 'succeeded' : 'dead_lettered';
      await lifeline.log.append({
        operation: op.name,
        kind: 'email',
        idempotencyKey: `k${i}`,
        attempt: 1,
        outcome,
        at: clock.now(),
        durationMs: 5,
        enqueuedAt: clock.now(),
      });
    }
    const health = functionById(inngestFunctions(lifeline), client.id, HEALTH_FUNCTION_ID);
    const outcome = await executeOnce(health, { event: cronTick });
    expect(outcome.type).toBe('function-resolved');
    expect(outcome.data).toMatchObject({ status: 'critical', openDeadLetters: 0 });
    expect((outcome.data as { metrics: Array<{ id: string; value: number }> }).metrics).toContainEqual({
      id: 'emailDeliveryRate',
      value: 0.8,
      status: 'critical',
    });
    expect(alerts.map((alert) => alert.severity)).toEqual(['critical']);
    expect(alerts[0]!.title).toMatch(/^Email delivery rate/);
  });
});

describe('outbox relay', () => {
  test('runs one relay pass per tick and reports how many rows it sent', async () => {
    const op = defineOperation({ name: 'shop/job', kind: 'job', schema: payload, run: async () => 'ok' });
    const { lifeline, client } = testLifeline([op]);
    const passes: number[] = [];
    const functions = inngestFunctions(lifeline, {
      healthCron: false,
      outboxRelay: { cron: '* * * * *', runOnce: async () => passes.push(passes.length) && 3 },
    });
    const outcome = await executeOnce(functionById(functions, client.id, OUTBOX_FUNCTION_ID), {
      event: cronTick,
    });
    expect(outcome.data).toEqual({ relayed: 3 });
    expect(passes).toHaveLength(1);
  });
});

describe('cancelled runs', () => {
  function setup(run: () => Promise<unknown>) {
    const op = defineOperation({
      name: 'shop/slow',
      kind: 'webhook',
      schema: payload,
      retry: { attempts: 4, backoff: { initialMs: 1_000, jitter: 'none' } },
      timeoutMs: 5_000,
      idempotencyKey: (d) => `slow:${d.id}`,
      run,
    });
    const h = testLifeline([op]);
    const functions = inngestFunctions(h.lifeline, { healthCron: false });
    const appId = h.client.id;
    return {
      ...h,
      op,
      main: functionById(functions, appId, 'lifeline-shop-slow'),
      cancel: functionById(functions, appId, CANCELLATION_FUNCTION_ID),
      cancelledEvent: (original: unknown) => ({
        name: 'inngest/function.cancelled',
        data: {
          function_id: `${appId}-lifeline-shop-slow`,
          run_id: 'run_1',
          error: { name: 'Error', message: 'function cancelled' },
          event: original,
        },
      }),
    };
  }

  test('a cancelled run is dead-lettered with the attempts it had, one alert and one log row', async () => {
    const h = setup(async () => {
      throw new Error('upstream 502');
    });
    const event = sentEvent(h.lifeline, h.op, { id: 'a' });
    await executeOnce(h.main, { event, attempt: 0, maxAttempts: 4 });
    await executeOnce(h.main, { event, attempt: 1, maxAttempts: 4 });
    // Inngest's finish timeout passes while the run waits for attempt 3: it cancels the run.
    const outcome = await executeOnce(h.cancel, { event: h.cancelledEvent(event) });
    expect(outcome.data).toMatchObject({ status: 'recorded', attempts: 2 });
    const entries = (await h.lifeline.deadLetters.list()).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      attempts: 2,
      payload: { id: 'a' },
      idempotencyKey: 'slow:a',
      error: { name: 'RunCancelledError', code: RUN_CANCELLED_CODE },
    });
    expect(entries[0]!.error.message).toMatch(/^Inngest cancelled the run \(function cancelled\)/);
    expect(h.alerts).toHaveLength(1);
    expect(h.rows.map((r) => `${r.attempt}:${r.outcome}`)).toEqual([
      '1:retrying',
      '2:retrying',
      '2:dead_lettered',
    ]);
  });

  test('a run cancelled after the worker dead-lettered it is not recorded twice', async () => {
    const h = setup(async () => {
      throw new PermanentError('bad signature');
    });
    const event = sentEvent(h.lifeline, h.op, { id: 'b' });
    await executeOnce(h.main, { event });
    const outcome = await executeOnce(h.cancel, { event: h.cancelledEvent(event) });
    expect(outcome.data).toEqual({ status: 'already-recorded' });
    expect(await h.lifeline.deadLetters.count()).toBe(1);
    expect(h.alerts).toHaveLength(1);
  });

  test("another function's cancellation is ignored", async () => {
    const h = setup(async () => 'ok');
    const outcome = await executeOnce(h.cancel, {
      event: {
        name: 'inngest/function.cancelled',
        data: { function_id: 'other-app-fn', event: { name: 'x', data: {} } },
      },
    });
    expect(outcome.data).toEqual({ status: 'ignored' });
    expect(await h.lifeline.deadLetters.count()).toBe(0);
  });
});
