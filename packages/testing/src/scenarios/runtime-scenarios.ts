import { defineOperation, PermanentError, RetryAfterError } from '@lifeline/core';
import { z } from 'zod';
import type { HarnessFactory, ScenarioRunner } from './harness';

const payload = z.object({ id: z.string() });

/** Counts runs per id, and fails each id's first `failures` runs with `makeError`. */
function scripted(failures: number, makeError: () => Error = () => new Error('flaky upstream')) {
  const runs = new Map<string, number>();
  return {
    runs,
    run: async (data: { id: string }) => {
      const n = (runs.get(data.id) ?? 0) + 1;
      runs.set(data.id, n);
      if (n <= failures) throw makeError();
      return { ok: true, run: n };
    },
  };
}

const fastRetry = { backoff: { initialMs: 1_000, maxMs: 10_000, jitter: 'none' as const } };

/**
 * The runtime's behaviour, as scenarios any queue must pass: flaky work recovers, permanent errors
 * dead-letter at once, Retry-After is obeyed, duplicates run once, redrives run once and resolve.
 * The in-process queue and the Inngest adapter both run this same code.
 */
export function runtimeScenarios(runner: ScenarioRunner, factory: HarnessFactory): void {
  const { test, expect } = runner;

  test('a flaky handler succeeds on attempt 3 and leaves no dead letter', async () => {
    const handler = scripted(2);
    const op = defineOperation({
      name: 'scenario/flaky',
      kind: 'job',
      schema: payload,
      retry: { attempts: 3, ...fastRetry },
      run: handler.run,
    });
    const h = await factory({ operations: [op] });
    await h.lifeline.send(op, { id: 'a' });
    await h.settle();
    expect(handler.runs.get('a')).toBe(3);
    expect(await h.lifeline.deadLetters.count({ name: op.name })).toBe(0);
    const health = await h.lifeline.health({ windowMs: 3_600_000 });
    expect(health.kinds.job.succeeded).toBe(1);
    expect(health.kinds.job.retriedSucceeded).toBe(1);
  });

  test('a permanent error dead-letters after one attempt, with an alert', async () => {
    const handler = scripted(99, () => new PermanentError('address rejected'));
    const op = defineOperation({
      name: 'scenario/permanent',
      kind: 'email',
      schema: payload,
      retry: { attempts: 5, ...fastRetry },
      run: handler.run,
    });
    const h = await factory({ operations: [op] });
    await h.lifeline.send(op, { id: 'b' });
    await h.settle();
    expect(handler.runs.get('b')).toBe(1);
    const page = await h.lifeline.deadLetters.list({ name: op.name });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.attempts).toBe(1);
    expect(page.items[0]!.error.message).toContain('address rejected');
    expect(page.items[0]!.payload).toEqual({ id: 'b' });
    expect(h.alerts.filter((a) => a.title.includes(op.name))).toHaveLength(1);
    expect(h.alerts.find((a) => a.title.includes(op.name))!.severity).toBe('warning');
  });

  test('exhausted retries dead-letter with the real attempt count and a critical alert for webhooks', async () => {
    const handler = scripted(99);
    const op = defineOperation({
      name: 'scenario/exhausted',
      kind: 'webhook',
      schema: payload,
      retry: { attempts: 4, ...fastRetry },
      run: handler.run,
    });
    const h = await factory({ operations: [op] });
    await h.lifeline.send(op, { id: 'c' });
    await h.settle();
    expect(handler.runs.get('c')).toBe(4);
    const [entry] = (await h.lifeline.deadLetters.list({ name: op.name })).items;
    expect(entry!.attempts).toBe(4);
    expect(entry!.status).toBe('open');
    expect(h.alerts.find((a) => a.title.includes(op.name))!.severity).toBe('critical');
  });

  test('Retry-After is waited exactly as told', async () => {
    const times: number[] = [];
    let clockNow = () => 0;
    const op = defineOperation({
      name: 'scenario/retry-after',
      kind: 'job',
      schema: payload,
      retry: { attempts: 3, ...fastRetry },
      run: async () => {
        times.push(clockNow());
        if (times.length === 1) throw new RetryAfterError('slow down', 7_000);
        return 'ok';
      },
    });
    const h = await factory({ operations: [op] });
    clockNow = () => h.clock.now();
    await h.lifeline.send(op, { id: 'd' });
    await h.settle();
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBe(7_000);
  });

  test('concurrent duplicate sends of one key run the side effect once', async () => {
    const handler = scripted(0);
    const op = defineOperation({
      name: 'scenario/dupe',
      kind: 'email',
      schema: payload,
      idempotencyKey: (d) => `dupe:${d.id}`,
      run: handler.run,
    });
    const h = await factory({ operations: [op] });
    await Promise.all(Array.from({ length: 5 }, () => h.lifeline.send(op, { id: 'e' })));
    await h.settle();
    expect(handler.runs.get('e')).toBe(1);
    const health = await h.lifeline.health({ windowMs: 3_600_000 });
    expect(health.kinds.email.succeeded).toBe(1);
    expect(health.kinds.email.duplicates).toBe(4);
  });

  test('two concurrent redrives: one runs, the other conflicts; a fixed handler resolves the dead letter', async () => {
    let broken = true;
    let runs = 0;
    const op = defineOperation({
      name: 'scenario/redrive',
      kind: 'job',
      schema: payload,
      retry: { attempts: 1 },
      run: async () => {
        runs++;
        if (broken) throw new Error('downstream outage');
        return 'done';
      },
    });
    const h = await factory({ operations: [op] });
    await h.lifeline.send(op, { id: 'f' });
    await h.settle();
    const [entry] = (await h.lifeline.deadLetters.list({ name: op.name })).items;
    expect(entry).toBeDefined();
    broken = false;
    const outcomes = await Promise.allSettled([
      h.lifeline.redrive(entry!.id, { by: 'ada' }),
      h.lifeline.redrive(entry!.id, { by: 'grace' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    // Either may win (on a database server the two race on separate connections).
    const winner = outcomes[0]!.status === 'fulfilled' ? 'ada' : 'grace';
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('LIFELINE_INVALID_TRANSITION');
    await h.settle();
    expect(runs).toBe(2);
    const after = await h.lifeline.deadLetters.get(entry!.id);
    expect(after!.status).toBe('resolved');
    // Credited to the admin whose redrive ran, not to "redrive".
    expect(after!.resolvedBy).toBe(winner);
    expect(after!.retryCount).toBe(1);
    expect(after!.history.map((t) => `${t.from}>${t.to}:${t.by}`)).toEqual([
      `open>retrying:${winner}`,
      `retrying>resolved:${winner}`,
    ]);
  });

  test('a redrive that fails again goes back to open with its retry count raised', async () => {
    const op = defineOperation({
      name: 'scenario/redrive-fails',
      kind: 'job',
      schema: payload,
      retry: { attempts: 1 },
      run: scripted(99).run,
    });
    const h = await factory({ operations: [op] });
    await h.lifeline.send(op, { id: 'g' });
    await h.settle();
    const [entry] = (await h.lifeline.deadLetters.list({ name: op.name })).items;
    await h.lifeline.redrive(entry!.id, { by: 'ada' });
    await h.settle();
    const after = await h.lifeline.deadLetters.get(entry!.id);
    expect(after!.status).toBe('open');
    expect(after!.retryCount).toBe(1);
    expect(await h.lifeline.deadLetters.count({ name: op.name })).toBe(1);
  });
}
