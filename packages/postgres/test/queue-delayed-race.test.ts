import { type QueuedEvent, virtualClock } from '@lifeline/core';
import { ScriptedWorker } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresQueue, type SqlClient } from '../src/index';
import { type Backend, pgliteBackend } from './helpers/backends';
import { queueName } from './queue/queue-backends';

let backend: Backend;
beforeAll(async () => {
  backend = await pgliteBackend();
});
afterAll(() => backend?.close());

/**
 * The SqlClient of `backend`, except that the result of a claim (run at once, so it sees the table as it
 * is then) is handed back only when `release()` is called: a slow round trip under load, made exact.
 */
function slowClaims(sql: SqlClient) {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let held = 0;
  const client: SqlClient = {
    ...sql,
    async query(text, params) {
      const result = await sql.query(text, params);
      if (gate && text.includes('FOR UPDATE SKIP LOCKED')) {
        held++;
        await gate;
      }
      return result as never;
    },
    transaction: (fn) => sql.transaction(fn),
  };
  return {
    client,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    held: () => held,
    release() {
      gate = undefined;
      open?.();
    },
  };
}

describe('postgresQueue: a delayed send while a claim is in flight', () => {
  test('the claim’s stale "nothing left" does not hide the delayed job: drain waits for it and it runs at runAt', async () => {
    const clock = virtualClock();
    const slow = slowClaims(backend.sql);
    slow.hold();
    const queue = postgresQueue({
      sql: slow.client,
      schema: backend.schema,
      name: queueName(),
      clock,
      notify: false,
      pollMs: 30_000,
    });
    const worker = new ScriptedWorker(clock);
    queue.start(worker); // its first claim runs now and sees an empty queue, but answers late
    while (slow.held() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const event: QueuedEvent = {
      id: 'evt_delayed',
      name: 'race/delayed',
      kind: 'job',
      data: {},
      idempotencyKey: 'race:delayed',
      enqueuedAt: clock.now(),
      runAt: clock.now() + 60_000,
    };
    await queue.enqueue(event);
    slow.release();
    await clock.advance(59_000);
    expect(worker.callsFor(event.id)).toHaveLength(0);
    await clock.run(queue.drain());
    const calls = worker.callsFor(event.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.startedAt).toBeGreaterThanOrEqual(event.runAt!);
    await queue.close();
  });
});
