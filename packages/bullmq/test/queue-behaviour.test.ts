import {
  type AttemptResult,
  isConfigurationError,
  type QueuedEvent,
  type QueueWorker,
  systemClock,
  virtualClock,
} from '@lifeline/core';
import { ScriptedWorker } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bullmqQueue, jobIdOf } from '../src/index';
import { testRedis } from './helpers/redis';

const redis = testRedis();
beforeAll(() => redis.connect());
afterAll(() => redis.cleanUp());

const event = (overrides: Partial<QueuedEvent> = {}): QueuedEvent => ({
  id: `evt_${crypto.randomUUID()}`,
  name: 'test/bullmq.job',
  kind: 'job',
  data: { purchaseId: 'p_1' },
  idempotencyKey: `receipt:p_${crypto.randomUUID().slice(0, 8)}`,
  enqueuedAt: Date.now(),
  ...overrides,
});

describe('bullmqQueue: what goes into Redis', () => {
  test('the job holds the whole event, fields added later included, under the id <key>|<event id>', async () => {
    const prefix = redis.prefix();
    const queue = bullmqQueue({ connection: redis.connection, prefix, name: 'shop', consume: false });
    const e = {
      ...event({ redriveOf: 'dl_1', redriveBy: 'ada@example.com', runAt: Date.now() + 60_000 }),
      traceContext: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    };
    queue.start({ runAttempt: async () => ({ status: 'succeeded' }) });
    await queue.enqueue(e);
    // Read Redis directly, not through the adapter.
    const id = jobIdOf(e);
    expect(id).toBe(`${e.idempotencyKey.replace(':', '%3A')}|${e.id}`);
    const hash = await redis.connection.hgetall(`${prefix}:shop:${id}`);
    expect(JSON.parse(hash.data!)).toEqual({ event: e, attempt: 1 });
    expect(await redis.connection.zcard(`${prefix}:shop:delayed`)).toBe(1);
    await queue.close();
  });

  test('one delivery enqueued twice is one job; another delivery of the key (a redrive, a re-send) is its own job', async () => {
    const prefix = redis.prefix();
    const queue = bullmqQueue({ connection: redis.connection, prefix, name: 'shop', consume: false });
    queue.start({ runAttempt: async () => ({ status: 'succeeded' }) });
    const first = event();
    await queue.enqueue(first);
    await queue.enqueue({ ...first });
    await queue.enqueue(event({ idempotencyKey: first.idempotencyKey, redriveOf: 'dl_1' }));
    await queue.enqueue(event({ idempotencyKey: first.idempotencyKey }));
    expect(await queue.bullQueue.getJobCounts('wait')).toEqual({ wait: 3 });
    await queue.close();
  });

  test('a key that looks like a number or holds | and % still makes a valid, distinct job id', () => {
    const a = jobIdOf({ idempotencyKey: '12', id: '34' });
    const b = jobIdOf({ idempotencyKey: '12|34', id: '%' });
    expect(a).toBe('12|34');
    expect(b).toBe('12%7C34|%25');
    expect(a).not.toBe(b);
  });

  test('bad options fail at once, naming the option and the value', () => {
    const error = (() => {
      try {
        bullmqQueue({ connection: redis.connection, name: 'a:b', concurrency: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/name/);
    expect(String((error as Error).message)).toMatch(/concurrency/);
  });

  test('a job that is not a Lifeline event fails with its id and what was wrong, and is not run', async () => {
    const prefix = redis.prefix();
    const clock = virtualClock();
    const queue = bullmqQueue({ connection: redis.connection, prefix, name: 'shop', clock });
    const worker = new ScriptedWorker(clock);
    queue.start(worker);
    await queue.bullQueue.add('junk', { nope: true } as never, { jobId: 'junk-1', attempts: 1 });
    await expect
      .poll(async () => (await queue.bullQueue.getJob('junk-1'))?.failedReason, { timeout: 5_000 })
      .toMatch(/job junk-1 does not hold a Lifeline event: event: /);
    expect(worker.calls).toHaveLength(0);
    await queue.close();
  });
});

describe('bullmqQueue: several workers', () => {
  test('a producer-only queue and two consumers share the work: each event runs once, spread over both', async () => {
    const prefix = redis.prefix();
    const options = { connection: redis.connection, prefix, name: 'shop', clock: systemClock() };
    const producer = bullmqQueue({ ...options, consume: false });
    const ran: Array<{ by: string; id: string }> = [];
    const consumer = (by: string): QueueWorker => ({
      async runAttempt(e): Promise<AttemptResult> {
        ran.push({ by, id: e.id });
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { status: 'succeeded' };
      },
    });
    producer.start(consumer('producer'));
    const a = bullmqQueue({ ...options, concurrency: 4 });
    const b = bullmqQueue({ ...options, concurrency: 4 });
    a.start(consumer('a'));
    b.start(consumer('b'));
    const events = Array.from({ length: 60 }, () => event());
    await Promise.all(events.map((e) => producer.enqueue(e)));
    await a.drain();
    await b.drain();
    expect(ran.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(ran.some((r) => r.by === 'a')).toBe(true);
    expect(ran.some((r) => r.by === 'b')).toBe(true);
    expect(ran.some((r) => r.by === 'producer')).toBe(false);
    await Promise.all([producer.close(), a.close(), b.close()]);
  });

  test('retries on the real clock wait in Redis and run again with the next attempt number', async () => {
    const prefix = redis.prefix();
    const queue = bullmqQueue({ connection: redis.connection, prefix, name: 'shop', clock: systemClock() });
    const attempts: Array<{ attempt: number; at: number }> = [];
    queue.start({
      async runAttempt(_e, attempt) {
        attempts.push({ attempt, at: Date.now() });
        if (attempts.length === 1) return { status: 'retry', delayMs: 300, error: new Error('503') };
        if (attempts.length === 2)
          return { status: 'retry', delayMs: 0, error: new Error('key held elsewhere'), sameAttempt: true };
        return { status: 'succeeded' };
      },
    });
    await queue.enqueue(event());
    await queue.drain();
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 2]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(290);
    await queue.close();
  });

  test('close reports a job still waiting in Redis, and a new queue on the same Redis runs it', async () => {
    const prefix = redis.prefix();
    const options = { connection: redis.connection, prefix, name: 'shop', clock: systemClock() };
    const first = bullmqQueue(options);
    first.start({ runAttempt: async () => ({ status: 'retry', delayMs: 200, error: new Error('later') }) });
    const e = event();
    await first.enqueue(e);
    await expect.poll(() => first.bullQueue.getJobCounts('delayed')).toEqual({ delayed: 1 });
    const report = await first.close();
    expect(report.pending.map((p) => p.id)).toEqual([e.id]);
    const second = bullmqQueue(options);
    const ran: number[] = [];
    second.start({
      async runAttempt(_e, attempt) {
        ran.push(attempt);
        return { status: 'succeeded' };
      },
    });
    await second.drain();
    expect(ran).toEqual([2]);
    await second.close();
  });
});
