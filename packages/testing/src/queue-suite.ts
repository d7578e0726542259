import {
  type AttemptResult,
  isQueueRefusedError,
  type Queue,
  type QueuedEvent,
  type VirtualClock,
  virtualClock,
} from '@lifeline/core';
import { ScriptedWorker } from './scripted-worker';
import { defineSuite, randomId, rejectionOf, type SuiteOptions, type SuiteRunner } from './suite-runner';

const succeed: AttemptResult = { status: 'succeeded' };
const retry = (delayMs: number): AttemptResult => ({
  status: 'retry',
  delayMs,
  error: new Error(`retry in ${delayMs} ms`),
});
const fail: AttemptResult = { status: 'failed', error: new Error('gave up') };

/** Options of {@link queueSuite}: capabilities a queue lacks are switched off with the reason why. */
export interface QueueSuiteOptions extends SuiteOptions {
  /**
   * Groups to switch off, each with the reason (shown in the test name), e.g.
   * `{ cancel: 'Inngest cancels by event match, not by key' }`. Default: every group runs.
   */
  without?: {
    /** `QueuedEvent.runAt` (delayed sends). */
    delayedSends?: string;
    /** `Queue.cancel`. A queue switched off here must not have a `cancel` method. */
    cancel?: string;
  };
}

/**
 * The conformance suite of the `Queue` contract, driven by a {@link ScriptedWorker} on a virtual
 * clock: a succeeding event runs once; retries wait their `delayMs` (measured on the clock) with
 * attempts numbered 1, 2, 3…; `failed` and `duplicate` are final; `drain` waits for everything,
 * including events waiting for a retry; attempts of one event never overlap; `close` lets running
 * attempts finish, reports what it did not finish in `pending` (nothing accepted is silently lost) and
 * makes later `enqueue` calls throw `QueueRefusedError`. `event.traceContext` arrives unchanged on every attempt. Delayed sends (`runAt`) start no earlier than
 * their time; `cancel(key)` drops waiting work of the key, and lets a running attempt finish without a retry.
 *
 * @param factory Builds the queue under test on the given clock (a fresh clock per test); the suite calls `start`.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * queueSuite({ describe, expect, test }, (clock) => inProcessQueue({ clock, concurrency: 4 }));
 * ```
 */
export function queueSuite(
  runner: SuiteRunner,
  factory: (clock: VirtualClock) => Promise<Queue> | Queue,
  options: QueueSuiteOptions = {},
): void {
  const { expect } = runner;

  async function setup() {
    const clock = virtualClock();
    const queue = await factory(clock);
    const worker = new ScriptedWorker(clock);
    queue.start(worker);
    const event = (data: unknown = { n: 1 }): QueuedEvent => ({
      id: randomId('evt_'),
      name: 'suite/queue.event',
      kind: 'job',
      data,
      idempotencyKey: randomId('key-'),
      enqueuedAt: clock.now(),
    });
    return { clock, queue, worker, event, drain: () => clock.run(queue.drain()) };
  }

  defineSuite(runner, 'Queue conformance', options, (test) => {
    test('an accepted event reaches the worker as enqueued and runs once when it succeeds', async () => {
      const { queue, worker, event, drain } = await setup();
      const e = event({ purchaseId: 'p_1', items: [{ sku: 'a', qty: 2 }] });
      await queue.enqueue(e);
      await drain();
      const calls = worker.callsFor(e.id);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.attempt).toBe(1);
      expect(calls[0]!.event).toEqual(e);
    });

    test('a queue delivers event.traceContext unchanged', async () => {
      const { queue, worker, event, drain } = await setup();
      const traceContext = {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        tracestate: 'lifeline=t61rcWkgMzE,congo=lZWRzIHRoNhcm5hbCBwbGVhc3VyZS4',
      };
      const traced = { ...event({ n: 1 }), traceContext };
      const plain = event({ n: 2 });
      worker.script(traced.id, [retry(100), succeed]);
      await queue.enqueue(traced);
      await queue.enqueue(plain);
      await drain();
      const calls = worker.callsFor(traced.id);
      expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
      // Every attempt, retries included, sees the carrier exactly as sent; an event without one gets none.
      for (const call of calls) expect(call.event.traceContext).toEqual(traceContext);
      expect(worker.callsFor(plain.id)[0]!.event.traceContext).toBeUndefined();
    });

    test('retries wait delayMs on the clock between attempts, numbered 1, 2, 3', async () => {
      const { queue, worker, event, drain } = await setup();
      const e = event();
      worker.script(e.id, [retry(1_000), retry(5_000), succeed], 100);
      await queue.enqueue(e);
      await drain();
      const calls = worker.callsFor(e.id);
      expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      expect(calls[1]!.startedAt - calls[0]!.endedAt!).toBeGreaterThanOrEqual(1_000);
      expect(calls[2]!.startedAt - calls[1]!.endedAt!).toBeGreaterThanOrEqual(5_000);
    });

    test('failed and duplicate results are final', async () => {
      const { clock, queue, worker, event, drain } = await setup();
      const failing = event();
      const duplicate = event();
      worker.script(failing.id, [retry(100), fail, succeed]);
      worker.script(duplicate.id, [{ status: 'duplicate' }, succeed]);
      await queue.enqueue(failing);
      await queue.enqueue(duplicate);
      await drain();
      await clock.advance(3_600_000);
      await drain();
      expect(worker.callsFor(failing.id).map((c) => c.result?.status)).toEqual(['retry', 'failed']);
      expect(worker.callsFor(duplicate.id).map((c) => c.result?.status)).toEqual(['duplicate']);
    });

    test('drain resolves only when every event, including those waiting to retry, has a final result', async () => {
      const { queue, worker, event, drain } = await setup();
      const events = Array.from({ length: 12 }, (_, i) => event({ i }));
      events.forEach((e, i) => {
        worker.script(
          e.id,
          [...Array.from({ length: i % 4 }, () => retry(250 * (i + 1))), i % 5 === 0 ? fail : succeed],
          10 * i,
        );
      });
      for (const e of events) await queue.enqueue(e);
      const report = await drain();
      for (const [i, e] of events.entries()) {
        const calls = worker.callsFor(e.id);
        expect(calls).toHaveLength((i % 4) + 1);
        expect(calls.at(-1)!.result?.status).toBe(i % 5 === 0 ? 'failed' : 'succeeded');
      }
      expect(report.pending).toEqual([]);
    });

    test('attempts of one event never overlap, even with immediate retries and many events at once', async () => {
      const { queue, worker, event, drain } = await setup();
      const events = Array.from({ length: 8 }, () => event());
      for (const e of events) worker.script(e.id, [retry(0), retry(0), retry(0), succeed], 500);
      await Promise.all(events.map((e) => queue.enqueue(e)));
      await drain();
      expect(worker.overlaps).toBe(0);
      for (const e of events) expect(worker.callsFor(e.id).map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    });

    test('50 events enqueued at once all run to their final result', async () => {
      const { queue, worker, event, drain } = await setup();
      const events = Array.from({ length: 50 }, (_, i) => event({ i }));
      for (const [i, e] of events.entries()) if (i % 3 === 0) worker.script(e.id, [retry(1_000), succeed]);
      await Promise.all(events.map((e) => queue.enqueue(e)));
      await drain();
      for (const e of events) expect(worker.callsFor(e.id).at(-1)?.result?.status).toBe('succeeded');
    });

    test('close lets running attempts finish, reports unfinished work in pending, then enqueue throws QueueRefusedError', async () => {
      const { clock, queue, worker, event } = await setup();
      const running = event();
      const waiting = event();
      worker.script(running.id, [succeed], 1_000);
      worker.script(waiting.id, [retry(600_000), succeed]);
      await queue.enqueue(running);
      await queue.enqueue(waiting);
      await clock.advance(100); // `running` is mid-attempt; `waiting` waits ten minutes for its retry
      expect(worker.callsFor(running.id)).toHaveLength(1);
      const report = await clock.run(queue.close({ timeoutMs: 60_000 }));
      expect(worker.callsFor(running.id)[0]?.endedAt).toBeDefined();
      // Nothing accepted is silently lost: it reached a final result, or close reports it.
      const waitingFinished = worker.callsFor(waiting.id).at(-1)?.result?.status === 'succeeded';
      expect(waitingFinished || report.pending.some((e) => e.id === waiting.id)).toBe(true);
      expect(report.pending.some((e) => e.id === running.id)).toBe(false);
      const error = await rejectionOf(queue.enqueue(event()), 'enqueue after close()');
      expect(isQueueRefusedError(error)).toBe(true);
    });
  });

  if (options.without?.delayedSends === undefined) {
    defineSuite(runner, 'Queue conformance: delayed sends', options, (test) => {
      test('an event with runAt in the future starts no earlier than runAt', async () => {
        const { clock, queue, worker, event, drain } = await setup();
        const e = { ...event(), runAt: clock.now() + 60_000 };
        await queue.enqueue(e);
        await clock.advance(59_000);
        expect(worker.callsFor(e.id)).toHaveLength(0);
        await drain();
        const calls = worker.callsFor(e.id);
        expect(calls).toHaveLength(1);
        expect(calls[0]!.startedAt).toBeGreaterThanOrEqual(e.runAt);
        expect(calls[0]!.event.runAt).toBe(e.runAt);
      });

      test('an event with runAt in the past runs at once, and a delayed one does not hold up others', async () => {
        const { clock, queue, worker, event } = await setup();
        const past = { ...event(), runAt: clock.now() - 5_000 };
        const later = { ...event(), runAt: clock.now() + 3_600_000 };
        await queue.enqueue(later);
        await queue.enqueue(past);
        await clock.advance(1_000);
        expect(worker.callsFor(past.id)).toHaveLength(1);
        expect(worker.callsFor(later.id)).toHaveLength(0);
        await clock.run(queue.drain());
        expect(worker.callsFor(later.id)[0]!.startedAt).toBeGreaterThanOrEqual(later.runAt);
      });
    });
  }

  if (options.without?.cancel !== undefined) {
    defineSuite(runner, `Queue conformance: cancel (off: ${options.without.cancel})`, options, (test) => {
      test('the queue has no cancel method, so lifeline.cancel says so instead of pretending', async () => {
        const { queue } = await setup();
        expect(queue.cancel).toBeUndefined();
      });
    });
    return;
  }

  defineSuite(runner, 'Queue conformance: cancel', options, (test) => {
    async function cancelOf(queue: Queue, key: string) {
      if (!queue.cancel)
        throw new Error('queueSuite: this queue has no cancel(); pass { without: { cancel: "<reason>" } }');
      return queue.cancel(key);
    }

    test('cancelling a delayed event removes it: it never runs and drain does not wait for it', async () => {
      const { clock, queue, worker, event, drain } = await setup();
      const e = { ...event(), runAt: clock.now() + 60_000 };
      const other = event();
      await queue.enqueue(e);
      await queue.enqueue(other);
      expect(await cancelOf(queue, e.idempotencyKey)).toEqual({ cancelled: 1, running: false });
      await drain();
      await clock.advance(120_000);
      expect(worker.callsFor(e.id)).toHaveLength(0);
      expect(worker.callsFor(other.id)).toHaveLength(1);
    });

    test('cancelling an event waiting for a retry stops its retries', async () => {
      const { clock, queue, worker, event, drain } = await setup();
      const e = event();
      worker.script(e.id, [retry(60_000), succeed]);
      await queue.enqueue(e);
      await clock.advance(1_000);
      expect(worker.callsFor(e.id)).toHaveLength(1);
      expect(await cancelOf(queue, e.idempotencyKey)).toEqual({ cancelled: 1, running: false });
      await drain();
      await clock.advance(120_000);
      expect(worker.callsFor(e.id)).toHaveLength(1);
    });

    test('cancel never races a running attempt: it finishes, its result stands, and it is not retried', async () => {
      const { clock, queue, worker, event, drain } = await setup();
      const retried = event();
      const succeeding = event();
      worker.script(retried.id, [retry(1_000), succeed], 5_000);
      worker.script(succeeding.id, [succeed], 5_000);
      await queue.enqueue(retried);
      await clock.advance(1_000);
      expect(worker.callsFor(retried.id)).toHaveLength(1);
      expect(await cancelOf(queue, retried.idempotencyKey)).toEqual({ cancelled: 0, running: true });
      await drain();
      await queue.enqueue(succeeding);
      await clock.advance(1_000);
      expect(worker.callsFor(succeeding.id)).toHaveLength(1);
      expect(await cancelOf(queue, succeeding.idempotencyKey)).toEqual({ cancelled: 0, running: true });
      await drain();
      await clock.advance(60_000);
      expect(worker.callsFor(retried.id).map((c) => c.result?.status)).toEqual(['retry']);
      expect(worker.callsFor(succeeding.id).map((c) => c.result?.status)).toEqual(['succeeded']);
      expect(worker.overlaps).toBe(0);
    });

    test('cancel touches only its key, and an unknown key cancels nothing', async () => {
      const { clock, queue, worker, event, drain } = await setup();
      const a = { ...event(), runAt: clock.now() + 10_000 };
      const b = { ...event(), runAt: clock.now() + 10_000 };
      await queue.enqueue(a);
      await queue.enqueue(b);
      expect(await cancelOf(queue, `no-such-key-${a.id}`)).toEqual({ cancelled: 0, running: false });
      expect(await cancelOf(queue, a.idempotencyKey)).toEqual({ cancelled: 1, running: false });
      await drain();
      expect(worker.callsFor(a.id)).toHaveLength(0);
      expect(worker.callsFor(b.id)).toHaveLength(1);
    });

    test('every waiting delivery of a key is cancelled at once', async () => {
      const { clock, queue, worker, event, drain } = await setup();
      const first = { ...event(), runAt: clock.now() + 10_000 };
      const second = { ...event(), idempotencyKey: first.idempotencyKey, runAt: clock.now() + 20_000 };
      await queue.enqueue(first);
      await queue.enqueue(second);
      expect(await cancelOf(queue, first.idempotencyKey)).toEqual({ cancelled: 2, running: false });
      await drain();
      await clock.advance(30_000);
      expect(worker.callsFor(first.id)).toHaveLength(0);
      expect(worker.callsFor(second.id)).toHaveLength(0);
    });
  });
}
