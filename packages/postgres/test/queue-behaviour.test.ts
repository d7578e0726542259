import { defineOperation, type QueuedEvent, systemClock } from '@lifeline/core';
import { ScriptedWorker } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { postgresQueue } from '../src/index';
import { pgTime } from '../src/internal/sql';
import { jobStatements } from '../src/queue/job-sql';
import { type Backend, pgliteBackend } from './helpers/backends';
import { queueName } from './queue/queue-backends';

let backend: Backend;
beforeAll(async () => {
  backend = await pgliteBackend();
});
afterAll(() => backend?.close());

const op = defineOperation({
  name: 'queue/behaviour',
  kind: 'job',
  schema: z.object({ id: z.string() }),
  idempotencyKey: (d) => `behaviour:${d.id}`,
  run: async () => {},
});

const waitFor = async (check: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const jobs = async (name: string) =>
  (
    await backend.sql.query<{ event_id: string; attempt: number; lease: number }>(
      `SELECT event_id, attempt, lease FROM "${backend.schema}".jobs WHERE queue = $1`,
      [name],
    )
  ).rows;

describe('postgresQueue on PGlite, real clock', () => {
  test('enqueueIn writes the job only if the caller’s transaction commits', async () => {
    const name = queueName();
    const queue = postgresQueue({ sql: backend.sql, schema: backend.schema, name, pollMs: 20 });
    const worker = new ScriptedWorker(systemClock());
    queue.start(worker);
    await expect(
      backend.sql.transaction(async (tx) => {
        await queue.enqueueIn(tx, op, { id: 'rolled-back' });
        throw new Error('the purchase failed');
      }),
    ).rejects.toThrow('the purchase failed');
    const receipt = await backend.sql.transaction((tx) => queue.enqueueIn(tx, op, { id: 'committed' }));
    expect(receipt.idempotencyKey).toBe('behaviour:committed');
    await waitFor(() => worker.calls.length === 1);
    await queue.drain();
    expect(worker.calls.map((c) => c.event.idempotencyKey)).toEqual(['behaviour:committed']);
    expect(await jobs(name)).toEqual([]);
    await queue.close();
  });

  test('enqueueIn validates the payload and options before writing anything', async () => {
    const queue = postgresQueue({ sql: backend.sql, schema: backend.schema, name: queueName() });
    await expect(queue.enqueueIn(backend.sql, op, { id: 7 } as never)).rejects.toThrow(/id/);
    await expect(queue.enqueueIn(backend.sql, op, { id: 'x' }, { at: Number.NaN })).rejects.toThrow(/at/);
  });

  test('a producer-only queue writes rows that a worker elsewhere picks up by polling', async () => {
    const name = queueName();
    const producer = postgresQueue({ sql: backend.sql, schema: backend.schema, name, consume: false });
    const consumer = postgresQueue({ sql: backend.sql, schema: backend.schema, name, pollMs: 20 });
    const worker = new ScriptedWorker(systemClock());
    producer.start(new ScriptedWorker(systemClock()));
    consumer.start(worker);
    const event: QueuedEvent = {
      id: 'evt_produced',
      name: op.name,
      kind: 'job',
      data: { id: 'p' },
      idempotencyKey: 'behaviour:p',
      enqueuedAt: Date.now(),
    };
    await producer.enqueue(event);
    await producer.enqueue(event); // the same event id twice: one job
    await waitFor(() => worker.calls.length === 1);
    await consumer.drain();
    expect(worker.calls.map((c) => c.event)).toEqual([event]);
    await consumer.close();
    await producer.close();
  });

  test('a job whose lease ran out (its worker died) is run again, and the dead worker’s late result changes nothing', async () => {
    const name = queueName();
    const t = `"${backend.schema}".jobs`;
    // A row as a crashed worker leaves it: claimed (lease 3), attempt 2, lease ended a second ago.
    await backend.sql.query(
      `INSERT INTO ${t} (queue, event_id, name, kind, data, idempotency_key, enqueued_at, run_at, attempt, lease, claimed)
       VALUES ($1, 'evt_crashed', 'queue/behaviour', 'job', '{"id":"c"}', 'behaviour:c', now(), now() - interval '1 second', 2, 3, true)`,
      [name],
    );
    const queue = postgresQueue({ sql: backend.sql, schema: backend.schema, name, pollMs: 20 });
    const worker = new ScriptedWorker(systemClock());
    worker.script('evt_crashed', [{ status: 'retry', delayMs: 60_000, error: new Error('again') }]);
    queue.start(worker);
    await waitFor(() => worker.calls.length === 1);
    // Re-run under the same key and attempt number (the crash did not count as an attempt).
    expect(worker.calls[0]).toMatchObject({ attempt: 2, event: { idempotencyKey: 'behaviour:c' } });
    await queue.close();
    expect(await jobs(name)).toEqual([{ event_id: 'evt_crashed', attempt: 3, lease: 4 }]);
    // The crashed worker (lease 3) comes back and settles its attempt as final: fenced off, nothing changes.
    const { rows } = await backend.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM ${t} WHERE queue = $1`,
      [name],
    );
    const now = pgTime(Date.now());
    await backend.sql.query(jobStatements(`"${backend.schema}"`).settleAndClaim, [
      name,
      JSON.stringify([{ id: Number(rows[0]!.id), lease: 3 }]),
      now,
      0,
      '{}',
      now,
    ]);
    expect(await jobs(name)).toEqual([{ event_id: 'evt_crashed', attempt: 3, lease: 4 }]);
  });

  test('options are validated with errors that name the value', () => {
    const sql = backend.sql;
    expect(() => postgresQueue({ sql, concurrency: 0 })).toThrow(/concurrency/);
    expect(() => postgresQueue({ sql, leaseMs: 10 })).toThrow(/leaseMs/);
    expect(() => postgresQueue({ sql, name: 'has space' })).toThrow(/name/);
    expect(() => postgresQueue({ sql: {} as never })).toThrow(/SqlClient/);
    expect(() => postgresQueue({ sql, schema: 'Bad-Schema' })).toThrow(/schema/);
  });
});
