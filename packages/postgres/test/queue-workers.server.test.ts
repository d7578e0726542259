import { type AttemptResult, type QueuedEvent, systemClock } from '@lifeline/core';
import { ScriptedWorker } from '@lifeline/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pgListener, postgresJsListener, postgresQueue } from '../src/index';
import { type Backend, pgBackend } from './helpers/backends';
import { serverUrl } from './helpers/server';
import { queueName } from './queue/queue-backends';

const url = serverUrl();

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const eventFor = (n: number): QueuedEvent => ({
  id: `evt_${n}`,
  name: 'queue/workers',
  kind: 'job',
  data: { n },
  idempotencyKey: `workers:${n}`,
  enqueuedAt: Date.now(),
});

describe.skipIf(!url)('postgresQueue on the PostgreSQL server, several workers', () => {
  let backend: Backend & { pool: import('pg').Pool };
  beforeAll(async () => {
    backend = await pgBackend(url!, 16);
  });
  afterAll(() => backend?.close());

  test('4 workers on one queue run each attempt of 400 jobs (a quarter retried once) exactly once, never two at once', async () => {
    const name = queueName();
    const { sql, schema } = backend;
    const producer = postgresQueue({ sql, schema, name, consume: false });
    producer.start(new ScriptedWorker(systemClock()));
    // One record for all four workers: which worker ran which attempt, and whether two ran one job at once.
    const calls: Array<{ id: string; attempt: number; worker: number; status: string }> = [];
    const runningNow = new Set<string>();
    let overlaps = 0;
    const queues = Array.from({ length: 4 }, (_, index) => {
      const queue = postgresQueue({ sql, schema, name, concurrency: 4, pollMs: 20 });
      queue.start({
        async runAttempt(event, attempt): Promise<AttemptResult> {
          if (runningNow.has(event.id)) overlaps++;
          runningNow.add(event.id);
          await new Promise((resolve) => setTimeout(resolve, 2));
          runningNow.delete(event.id);
          const retry = (event.data as { n: number }).n % 4 === 0 && attempt === 1;
          calls.push({ id: event.id, attempt, worker: index, status: retry ? 'retry' : 'succeeded' });
          return retry ? { status: 'retry', delayMs: 50, error: new Error('once') } : { status: 'succeeded' };
        },
      });
      return queue;
    });
    const events = Array.from({ length: 400 }, (_, n) => eventFor(n));
    await Promise.all(events.map((e) => producer.enqueue(e)));
    await waitFor(() => calls.filter((c) => c.status === 'succeeded').length >= 400, 30_000);
    await Promise.all(queues.map((q) => q.drain()));
    for (const [n, e] of events.entries()) {
      expect(calls.filter((c) => c.id === e.id).map((c) => c.attempt)).toEqual(n % 4 === 0 ? [1, 2] : [1]);
    }
    expect(overlaps).toBe(0);
    expect(new Set(calls.map((c) => c.worker)).size).toBeGreaterThan(1);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "${schema}".jobs WHERE queue = $1`, [
      name,
    ]);
    expect(rows).toEqual([{ n: 0 }]);
    await Promise.all(queues.map((q) => q.close()));
  }, 60_000);

  test('LISTEN/NOTIFY wakes an idle worker at once (pg Pool and postgres.js), with polling an hour apart', async () => {
    const { sql, schema, pool } = backend;
    const client = postgres(url!, { max: 2, onnotice: () => {} });
    try {
      for (const listen of [pgListener(pool), postgresJsListener(client)]) {
        const name = queueName();
        const worker = new ScriptedWorker(systemClock());
        const consumer = postgresQueue({ sql, schema, name, pollMs: 3_600_000, listen });
        consumer.start(worker);
        const producer = postgresQueue({ sql, schema, name, consume: false });
        producer.start(new ScriptedWorker(systemClock()));
        await new Promise((resolve) => setTimeout(resolve, 200)); // the consumer's first look finds nothing
        const started = Date.now();
        await producer.enqueue(eventFor(1));
        await waitFor(() => worker.calls.length === 1, 5_000);
        expect(Date.now() - started).toBeLessThan(2_000);
        await consumer.close();
        await producer.close();
      }
    } finally {
      await client.end();
    }
  });
});
