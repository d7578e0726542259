import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { PermanentError } from '../../src/errors/permanent-error';
import { defineOperation } from '../../src/runtime/define-operation';
import { inProcessQueue } from '../../src/runtime/in-process-queue';
import { testLifeline } from './harness';

const schema = z.object({ id: z.string(), email: z.email().optional() });

describe('send', () => {
  test('a wrong payload throws a ValidationError naming the field and value, and nothing is enqueued', async () => {
    let runs = 0;
    const op = defineOperation({
      name: 'send/validate',
      kind: 'email',
      schema,
      run: async () => void runs++,
    });
    const { lifeline, settle } = testLifeline({ operations: [op] });
    await expect(lifeline.send(op, { id: 'x', email: 'not-an-email' })).rejects.toMatchObject({
      code: 'LIFELINE_VALIDATION',
      message: expect.stringContaining('email: Invalid email address (received "not-an-email")'),
    });
    await settle();
    expect(runs).toBe(0);
  });

  test('a queue that refuses makes send throw', async () => {
    const op = defineOperation({ name: 'send/refused', kind: 'job', schema, run: async () => 'ok' });
    const queue = inProcessQueue({ maxPending: 1 });
    const { lifeline } = testLifeline({ operations: [op], queue });
    await lifeline.send(op, { id: '1' });
    await expect(lifeline.send(op, { id: '2' })).rejects.toMatchObject({ code: 'LIFELINE_QUEUE_REFUSED' });
  });

  test('an unknown operation name is a clear configuration error', async () => {
    const { lifeline } = testLifeline({ operations: [] });
    await expect(lifeline.send('nope/missing', {})).rejects.toThrow(/No operation named "nope\/missing"/);
  });

  test('ctx.send chains an operation with its own key and retries', async () => {
    const received: string[] = [];
    const child = defineOperation({
      name: 'chain/child',
      kind: 'email',
      schema,
      run: async (d) => void received.push(d.id),
    });
    const parent = defineOperation({
      name: 'chain/parent',
      kind: 'webhook',
      schema,
      run: async (d, ctx) => {
        await ctx.send(child, { id: `${d.id}-child` });
      },
    });
    const { lifeline, settle } = testLifeline({ operations: [parent, child] });
    await lifeline.send(parent, { id: 'p' });
    await settle();
    expect(received).toEqual(['p-child']);
  });
});

describe('execution', () => {
  test('the attempt context carries attempt, maxAttempts, key and a signal; the mailer gets the key', async () => {
    const seen: Array<{ attempt: number; maxAttempts: number; key: string; aborted: boolean }> = [];
    const op = defineOperation({
      name: 'ctx/email',
      kind: 'email',
      schema,
      retry: { attempts: 2, backoff: { initialMs: 10, jitter: 'none' } },
      idempotencyKey: (d) => `receipt:${d.id}`,
      run: async (d, ctx) => {
        seen.push({
          attempt: ctx.attempt,
          maxAttempts: ctx.maxAttempts,
          key: ctx.idempotencyKey,
          aborted: ctx.signal.aborted,
        });
        if (ctx.attempt === 1) throw new Error('first attempt fails');
        await ctx.mailer.send(
          { to: d.email!, subject: 'hi', text: 'hi' },
          { idempotencyKey: ctx.idempotencyKey },
        );
      },
    });
    const { lifeline, settle, sent } = testLifeline({ operations: [op] });
    await lifeline.send(op, { id: '42', email: 'ada@example.com' });
    await settle();
    expect(seen).toEqual([
      { attempt: 1, maxAttempts: 2, key: 'receipt:42', aborted: false },
      { attempt: 2, maxAttempts: 2, key: 'receipt:42', aborted: false },
    ]);
    expect(sent).toEqual([
      { message: expect.objectContaining({ to: 'ada@example.com' }), idempotencyKey: 'receipt:42' },
    ]);
  });

  test('a hanging attempt is aborted by its timeout and retried', async () => {
    let attempts = 0;
    let abortedSignal = false;
    const op = defineOperation({
      name: 'timeout/hang',
      kind: 'job',
      schema,
      timeoutMs: 5_000,
      retry: { attempts: 2, backoff: { initialMs: 100, jitter: 'none' } },
      run: async (_d, ctx) => {
        attempts++;
        if (attempts === 1) {
          await new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              abortedSignal = true;
              reject(ctx.signal.reason);
            }),
          );
        }
        return 'ok';
      },
    });
    const { lifeline, settle, clock } = testLifeline({ operations: [op] });
    const start = clock.now();
    await lifeline.send(op, { id: 't' });
    await settle();
    expect(attempts).toBe(2);
    expect(abortedSignal).toBe(true);
    expect(clock.now() - start).toBe(5_100);
    expect(await lifeline.deadLetters.count({ name: op.name })).toBe(0);
  });

  test('a throttle delays work past the limit and drops none', async () => {
    const startedAt: number[] = [];
    const op = defineOperation({
      name: 'throttle/email',
      kind: 'email',
      schema,
      throttle: { key: () => 'same-address', limit: 5, periodMs: 60_000 },
      run: async (_d, ctx) => void startedAt.push(ctx.clock.now()),
    });
    const { lifeline, settle, clock } = testLifeline({ operations: [op] });
    const t0 = clock.now();
    for (let i = 0; i < 12; i++) await lifeline.send(op, { id: String(i) });
    await settle();
    expect(startedAt).toHaveLength(12);
    const offsets = startedAt.map((t) => t - t0).sort((a, b) => a - b);
    // Never more than 5 starts in any 60 s window.
    for (let i = 5; i < offsets.length; i++)
      expect(offsets[i]! - offsets[i - 5]!).toBeGreaterThanOrEqual(60_000 - 1);
  });

  test('an alerter that throws never fails the operation; the failure is counted via the hook', async () => {
    const outcomes: string[] = [];
    const op = defineOperation({
      name: 'alert/broken',
      kind: 'job',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        throw new PermanentError('nope');
      },
    });
    const { lifeline, settle } = testLifeline({
      operations: [op],
      alerter: {
        alert: async () => {
          throw new Error('slack down');
        },
      },
      hooks: { onAlert: (_a, outcome) => void outcomes.push(outcome) },
    });
    await lifeline.send(op, { id: 'a' });
    await settle();
    expect(outcomes).toEqual(['failed']);
    expect(await lifeline.deadLetters.count({ name: op.name })).toBe(1);
    expect(lifeline.recentAlerts()[0]!.delivered).toBe(false);
  });

  test('when the dead-letter store fails, the failure is alerted critically, kept, and flushed later', async () => {
    const { memoryDeadLetterStore } = await import('../../src/memory/memory-dead-letter-store');
    const real = memoryDeadLetterStore();
    let down = true;
    const flaky = {
      ...real,
      record: async (entry: Parameters<typeof real.record>[0]) => {
        if (down) throw new Error('connection refused');
        return real.record(entry);
      },
    };
    const op = defineOperation({
      name: 'store/down',
      kind: 'job',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        throw new PermanentError('bad');
      },
    });
    const { lifeline, settle, alerts, clock } = testLifeline({ operations: [op], deadLetters: flaky });
    await lifeline.send(op, { id: 'lost?' });
    await settle();
    await clock.advance(1_000);
    expect(
      alerts.some(
        (a) =>
          a.severity === 'critical' &&
          a.title === 'Dead-letter store is failing: 1 dead letter(s) held in memory',
      ),
    ).toBe(true);
    expect(await real.count()).toBe(0);
    down = false;
    await settle();
    expect(await real.count()).toBe(1);
    expect((await real.list()).items[0]!.payload).toEqual({ id: 'lost?' });
  });

  test('hooks see every attempt, dead letters and recoveries', async () => {
    const attempts: string[] = [];
    const recovered: string[] = [];
    let n = 0;
    const op = defineOperation({
      name: 'hooks/op',
      kind: 'job',
      schema,
      retry: { attempts: 3, backoff: { initialMs: 1, jitter: 'none' } },
      run: async () => {
        if (++n < 2) throw new Error('once');
      },
    });
    const { lifeline, settle } = testLifeline({
      operations: [op],
      hooks: {
        onAttempt: (r) => void attempts.push(`${r.attempt}:${r.outcome}`),
        onRecovered: (r) => void recovered.push(r.idempotencyKey),
      },
    });
    const { idempotencyKey } = await lifeline.send(op, { id: 'h' });
    await settle();
    expect(attempts).toEqual(['1:retrying', '2:succeeded']);
    expect(recovered).toEqual([idempotencyKey]);
  });
});

describe('admin actions', () => {
  test('resolve closes an entry with who and why; resolving again conflicts', async () => {
    const op = defineOperation({
      name: 'admin/resolve',
      kind: 'job',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        throw new PermanentError('bad data');
      },
    });
    const { lifeline, settle } = testLifeline({ operations: [op] });
    await lifeline.send(op, { id: 'r' });
    await settle();
    const [entry] = (await lifeline.deadLetters.list({ name: op.name })).items;
    const resolved = await lifeline.resolve(entry!.id, { by: 'ada', note: 'refunded by hand' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'ada', note: 'refunded by hand' });
    await expect(lifeline.resolve(entry!.id, { by: 'grace' })).rejects.toMatchObject({
      code: 'LIFELINE_INVALID_TRANSITION',
    });
    await expect(lifeline.redrive('dl_missing', { by: 'ada' })).rejects.toMatchObject({
      code: 'LIFELINE_NOT_FOUND',
    });
  });

  test('redrive with wait returns the outcome of the re-run', async () => {
    let fixed = false;
    const op = defineOperation({
      name: 'admin/wait',
      kind: 'job',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        if (!fixed) throw new Error('outage');
      },
    });
    const { lifeline, settle, clock } = testLifeline({ operations: [op] });
    await lifeline.send(op, { id: 'w' });
    await settle();
    const [entry] = (await lifeline.deadLetters.list({ name: op.name })).items;
    fixed = true;
    expect(await clock.run(lifeline.redrive(entry!.id, { by: 'ada', wait: true }))).toEqual({
      id: entry!.id,
      status: 'resolved',
    });
  });

  test('bulk dry-run plans without changing anything; bulk retry runs each once', async () => {
    let fixed = false;
    const op = defineOperation({
      name: 'admin/bulk',
      kind: 'email',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        if (!fixed) throw new Error('outage');
      },
    });
    const { lifeline, settle } = testLifeline({ operations: [op] });
    for (let i = 0; i < 7; i++) await lifeline.send(op, { id: String(i) });
    await settle();
    const plan = await lifeline.bulk({ action: 'retry', filter: { kind: 'email' }, dryRun: true, by: 'ada' });
    expect(plan).toHaveLength(7);
    expect(plan.every((p) => p.status === 'planned')).toBe(true);
    expect(await lifeline.deadLetters.count({ name: op.name, status: 'open' })).toBe(7);
    fixed = true;
    const results = await lifeline.bulk({
      action: 'retry',
      filter: { name: op.name },
      concurrency: 3,
      by: 'ada',
    });
    expect(results.map((r) => r.status)).toEqual(Array(7).fill('queued'));
    await settle();
    expect(await lifeline.deadLetters.count({ name: op.name, status: 'resolved' })).toBe(7);
  });
});

describe('in-process queue', () => {
  test('close reports work still waiting for a retry, and refuses new work', async () => {
    const op = defineOperation({
      name: 'queue/close',
      kind: 'job',
      schema,
      retry: { attempts: 3, backoff: { initialMs: 60_000, jitter: 'none' } },
      run: async () => {
        throw new Error('down');
      },
    });
    const { lifeline, clock } = testLifeline({ operations: [op] });
    await lifeline.send(op, { id: 'c' });
    await clock.advance(1);
    const report = await lifeline.close();
    expect(report.pending.map((e) => e.data)).toEqual([{ id: 'c' }]);
    await expect(lifeline.send(op, { id: 'd' })).rejects.toMatchObject({ code: 'LIFELINE_QUEUE_REFUSED' });
  });

  test('concurrency limit holds', async () => {
    let running = 0;
    let peak = 0;
    const op = defineOperation({
      name: 'queue/concurrency',
      kind: 'job',
      schema,
      run: async (_d, ctx) => {
        running++;
        peak = Math.max(peak, running);
        await ctx.clock.sleep(10);
        running--;
      },
    });
    const { lifeline, settle } = testLifeline({
      operations: [op],
      queue: inProcessQueue({ concurrency: 3 }),
    });
    for (let i = 0; i < 20; i++) await lifeline.send(op, { id: String(i) });
    await settle();
    expect(peak).toBe(3);
  });
});
