import {
  type AttemptRecord,
  createLifeline,
  type DeadLetterStore,
  defineOperation,
  inProcessQueue,
  type LifelineOptions,
  memoryAlerter,
  memoryDeadLetterStore,
  memoryIdempotencyStore,
  memoryOperationLog,
  memoryThrottleStore,
  PermanentError,
  type Queue,
  silentLogger,
  type VirtualClock,
  virtualClock,
} from '@lifeline/core';
import { REDRIVE_LEASE_EXPIRED_NOTE } from '@lifeline/core/adapter';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { storeOutage } from '../src/index';

const schema = z.object({ id: z.string() });
type StoreLabel = 'idempotency' | 'log' | 'throttle' | 'deadLetters';

/** A Lifeline whose every store goes through one outage switch, on a virtual clock. */
function outageLifeline(
  operations: LifelineOptions['operations'],
  options: {
    clock?: VirtualClock;
    deadLetters?: DeadLetterStore;
    queue?: Queue;
    /** The stores the outage takes down; default all four. */
    only?: readonly StoreLabel[];
    maxHeldLogRows?: number;
  } = {},
) {
  const clock = options.clock ?? virtualClock();
  const outage = storeOutage();
  const only = new Set(options.only ?? ['idempotency', 'log', 'throttle', 'deadLetters']);
  const wrap = <S extends object>(store: S, label: StoreLabel) =>
    only.has(label) ? outage.wrap(store, label) : store;
  const alerter = memoryAlerter();
  const records: AttemptRecord[] = [];
  const deadLetters = options.deadLetters ?? memoryDeadLetterStore({ clock });
  const log = memoryOperationLog();
  const lifeline = createLifeline({
    operations,
    clock,
    logger: silentLogger(),
    alerter,
    queue: options.queue ?? inProcessQueue({ concurrency: 10 }),
    idempotency: wrap(memoryIdempotencyStore(), 'idempotency'),
    log: wrap(log, 'log'),
    throttleStore: wrap(memoryThrottleStore(), 'throttle'),
    deadLetters: wrap(deadLetters, 'deadLetters'),
    hooks: { onAttempt: (record) => void records.push(record) },
    random: () => 0.5,
    ...(options.maxHeldLogRows === undefined ? {} : { maxHeldLogRows: options.maxHeldLogRows }),
  });
  return { lifeline, clock, outage, alerts: alerter.alerts, records, deadLetters, log };
}

describe('a store outage is not a failure of the work', () => {
  test('work sent during an outage spends no attempt, waits with backoff, and runs once after recovery', async () => {
    let runs = 0;
    const op = defineOperation({
      name: 'outage/job',
      kind: 'job',
      schema,
      retry: { attempts: 2 },
      throttle: { limit: 1_000, periodMs: 1_000 },
      run: async () => {
        runs++;
      },
    });
    const { lifeline, clock, outage, records, deadLetters, alerts } = outageLifeline([op]);
    outage.fail();
    for (let i = 0; i < 100; i++) await lifeline.send(op, { id: `o${i}` });
    await clock.advance(60_000);
    expect(runs).toBe(0);
    expect(records).toEqual([]); // no attempt was logged, so none was spent
    const refusedDuringOutage = outage.calls.throttle!.refused;
    // Backoff: ~100 events retried over a minute at 0.5 s doubling to 30 s, not hammering the store.
    expect(refusedDuringOutage).toBeGreaterThan(100);
    expect(refusedDuringOutage).toBeLessThan(100 * 10);
    outage.recover();
    const report = await clock.run(lifeline.drain());
    expect(report).toEqual({ completed: 100, pending: [] });
    expect(runs).toBe(100);
    expect(records.map((r) => [r.outcome, r.attempt])).toEqual(Array(100).fill(['succeeded', 1]));
    expect(await deadLetters.count()).toBe(0);
    expect(alerts).toEqual([]);
  });

  test('the work ran but storing its result failed: the result is stored later and the work never runs twice', async () => {
    const sideEffects: string[] = [];
    const { lifeline, clock, outage, records } = outageLifeline([
      defineOperation({
        name: 'outage/charge',
        kind: 'job',
        schema,
        retry: { attempts: 3 },
        run: async ({ id }) => {
          sideEffects.push(id);
          outage.fail(); // the database goes away right after the side effect
          clock.setTimer(() => outage.recover(), 20_000);
        },
      }),
    ]);
    await lifeline.send('outage/charge', { id: 'c1' });
    await clock.run(lifeline.drain());
    expect(sideEffects).toEqual(['c1']);
    expect(records.map((r) => [r.outcome, r.attempt])).toEqual([['succeeded', 1]]);
    // A redelivery of the same work finds it done.
    await lifeline.send('outage/charge', { id: 'c1' });
    await clock.run(lifeline.drain());
    expect(sideEffects).toEqual(['c1']);
    expect(records.map((r) => r.outcome)).toEqual(['succeeded', 'duplicate']);
  });
});

describe('dead letters held in memory while the dead-letter store is down', () => {
  const failing = () =>
    defineOperation({
      name: 'outage/bounce',
      kind: 'email',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        throw new PermanentError('mailbox does not exist');
      },
    });

  test('reach the store after recovery by the background retry; one critical alert with the true count, then a notice', async () => {
    const { lifeline, clock, outage, deadLetters, alerts } = outageLifeline([failing()], {
      only: ['deadLetters'],
    });
    outage.fail();
    for (let i = 0; i < 165; i++) await lifeline.send('outage/bounce', { id: `b${i}` });
    const report = await clock.run(lifeline.drain());
    expect(report.unsavedDeadLetters).toHaveLength(165);
    await clock.advance(1_000);
    const critical = alerts.filter((a) => a.severity === 'critical');
    expect(critical.map((a) => a.title)).toEqual([
      'Dead-letter store is failing: 165 dead letter(s) held in memory',
    ]);
    expect(critical[0]!.fields).toMatchObject({ heldDeadLetters: 165 });
    // Per-failure alerts still go out (deduped by the dispatcher); nothing else critical storms.
    await clock.advance(30_000);
    expect(alerts.filter((a) => a.severity === 'critical')).toHaveLength(1);
    outage.recover();
    // No store call happens by itself: the background retry (on the clock) writes them back.
    await clock.advance(60_000);
    expect(await deadLetters.count({ name: 'outage/bounce' })).toBe(165);
    const notice = alerts.filter((a) => a.severity === 'info');
    expect(notice.map((a) => a.title)).toEqual([
      'Dead-letter store recovered: dead letters held in memory were written',
    ]);
    expect(notice[0]!.fields).toMatchObject({ written: 165 });
    expect((await lifeline.drain()).unsavedDeadLetters).toBeUndefined();
  });

  test('the alert follows the count as it doubles, not on every dead letter', async () => {
    const { lifeline, clock, outage, alerts } = outageLifeline([failing()], { only: ['deadLetters'] });
    outage.fail();
    const titles = () =>
      alerts.filter((a) => a.severity === 'critical').map((a) => a.fields?.heldDeadLetters);
    await lifeline.send('outage/bounce', { id: 'first' });
    await clock.run(lifeline.drain());
    await clock.advance(1_000);
    expect(titles()).toEqual([1]);
    for (let i = 0; i < 10; i++) await lifeline.send('outage/bounce', { id: `more${i}` });
    await clock.run(lifeline.drain());
    await clock.advance(1_000);
    expect(titles()).toEqual([1, 11]);
    await lifeline.send('outage/bounce', { id: 'one more' });
    await clock.run(lifeline.drain());
    await clock.advance(1_000);
    expect(titles()).toEqual([1, 11]);
  });

  test('any successful store call flushes them at once; drain and close report what could not be written', async () => {
    const { lifeline, clock, outage, deadLetters } = outageLifeline(
      [failing(), defineOperation({ name: 'outage/ok', kind: 'job', schema, run: async () => {} })],
      { only: ['deadLetters', 'log'] },
    );
    outage.fail();
    await lifeline.send('outage/bounce', { id: 'x' });
    expect((await clock.run(lifeline.drain())).unsavedDeadLetters?.map((e) => e.payload)).toEqual([
      { id: 'x' },
    ]);
    outage.recover();
    // A successful operation-log write (any store answering) triggers the flush; no timer needed.
    await lifeline.send('outage/ok', { id: 'y' });
    await lifeline.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await deadLetters.count({ name: 'outage/bounce' })).toBe(1);
    outage.fail();
    await lifeline.send('outage/bounce', { id: 'z' });
    await clock.run(lifeline.drain());
    const closed = await lifeline.close();
    expect(closed.unsavedDeadLetters?.map((e) => e.payload)).toEqual([{ id: 'z' }]);
  });
});

describe('crash-safe redrive', () => {
  /** A queue that accepts work and never runs it: the process died right after the redrive was queued. */
  const deadProcess = (): Queue => ({
    start() {},
    async enqueue() {},
    async drain() {
      return { completed: 0, pending: [] };
    },
    async close() {
      return { completed: 0, pending: [] };
    },
  });

  test('a redrive whose process died reopens when its lease ends, can be redriven again, and is credited to the admin', async () => {
    const clock = virtualClock();
    const deadLetters = memoryDeadLetterStore({ clock });
    let broken = true;
    const op = defineOperation({
      name: 'outage/redrive',
      kind: 'email',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        if (broken) throw new PermanentError('smtp down');
      },
    });
    const first = outageLifeline([op], { clock, deadLetters });
    await first.lifeline.send(op, { id: 'r1' });
    await clock.run(first.lifeline.drain());
    const [entry] = (await deadLetters.list({ name: op.name })).items;
    expect(entry).toMatchObject({ status: 'open' });

    const crashed = outageLifeline([op], { clock, deadLetters, queue: deadProcess() });
    await crashed.lifeline.redrive(entry!.id, { by: 'ada@example.com' });
    const retrying = await deadLetters.get(entry!.id);
    expect(retrying).toMatchObject({ status: 'retrying', redriveLeaseUntil: clock.now() + 15 * 60_000 });
    expect(await deadLetters.count({ name: op.name, status: 'open' })).toBe(0);

    await clock.advance(15 * 60_000 - 1);
    expect(await deadLetters.count({ name: op.name, status: 'open' })).toBe(0);
    await clock.advance(1);
    expect(await deadLetters.count({ name: op.name, status: 'open' })).toBe(1);
    const reopened = await deadLetters.get(entry!.id);
    expect(reopened).toMatchObject({ status: 'open' });
    expect(reopened!.redriveLeaseUntil).toBeUndefined();
    expect(reopened!.history.at(-1)).toMatchObject({
      from: 'retrying',
      to: 'open',
      by: 'system',
      note: REDRIVE_LEASE_EXPIRED_NOTE,
    });

    broken = false;
    const restarted = outageLifeline([op], { clock, deadLetters });
    const results = await Promise.allSettled([
      clock.run(restarted.lifeline.redrive(entry!.id, { by: 'grace@example.com', wait: true })),
      clock.run(restarted.lifeline.redrive(entry!.id, { by: 'linus@example.com', wait: true })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([
      { id: entry!.id, status: 'resolved' },
    ]);
    const resolved = await deadLetters.get(entry!.id);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'grace@example.com' });
    expect(resolved!.history.map((h) => [h.from, h.to, h.by])).toEqual([
      ['open', 'retrying', 'ada@example.com'],
      ['retrying', 'open', 'system'],
      ['open', 'retrying', 'grace@example.com'],
      ['retrying', 'resolved', 'grace@example.com'],
    ]);
  });

  test('a failed redrive is credited to the admin too, and a redrive result held during an outage is written later', async () => {
    const clock = virtualClock();
    const deadLetters = memoryDeadLetterStore({ clock });
    let cutAfterRun: (() => void) | undefined;
    const op = defineOperation({
      name: 'outage/redrive-fail',
      kind: 'job',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        cutAfterRun?.();
        throw new PermanentError('still broken');
      },
    });
    const { lifeline, outage } = outageLifeline([op], { clock, deadLetters, only: ['deadLetters'] });
    await lifeline.send(op, { id: 'f1' });
    await clock.run(lifeline.drain());
    const [entry] = (await deadLetters.list({ name: op.name })).items;
    cutAfterRun = () => outage.fail(); // the store goes away while the redrive runs
    const redrive = lifeline.redrive(entry!.id, { by: 'ada@example.com', wait: true });
    expect(await clock.run(redrive)).toMatchObject({ status: 'failed' });
    expect(await deadLetters.get(entry!.id)).toMatchObject({ status: 'retrying' });
    outage.recover();
    await clock.advance(1_000);
    const settled = await deadLetters.get(entry!.id);
    expect(settled).toMatchObject({ status: 'open', error: { message: 'still broken' } });
    expect(settled!.history.at(-1)).toMatchObject({ from: 'retrying', to: 'open', by: 'ada@example.com' });
  });
});

describe('operation-log rows held in memory while the log is down', () => {
  const ops = () => [
    defineOperation({
      name: 'outage/mail-ok',
      kind: 'email',
      schema,
      retry: { attempts: 1 },
      run: async () => {},
    }),
    defineOperation({
      name: 'outage/mail-bounce',
      kind: 'email',
      schema,
      retry: { attempts: 1 },
      run: async () => {
        throw new PermanentError('mailbox does not exist');
      },
    }),
  ];
  const window = { from: 0, to: Number.MAX_SAFE_INTEGER };

  test('are written back after recovery, in order, so health counts every attempt exactly', async () => {
    const { lifeline, clock, outage, log } = outageLifeline(ops(), { only: ['log'] });
    outage.fail();
    for (let i = 0; i < 70; i++) await lifeline.send('outage/mail-ok', { id: `ok${i}` });
    for (let i = 0; i < 30; i++) await lifeline.send('outage/mail-bounce', { id: `bounce${i}` });
    const during = await clock.run(lifeline.drain());
    expect(during.unsavedLogRows).toEqual({ held: 100, dropped: 0 });
    expect((await log.summarize(window)).email.finished).toBe(0);
    outage.recover();
    // No store call happens by itself: the background retry (on the clock) writes them back.
    await clock.advance(60_000);
    const email = (await log.summarize(window)).email;
    expect([email.finished, email.succeeded, email.deadLettered]).toEqual([100, 70, 30]);
    expect((await lifeline.health()).kinds.email).toMatchObject({ finished: 100, deadLettered: 30 });
    expect((await lifeline.drain()).unsavedLogRows).toBeUndefined();
    const bounced = (await lifeline.deadLetters.list({})).items[0]!;
    const rows = await log.attempts({ idempotencyKey: bounced.idempotencyKey });
    expect(rows.map((row) => [row.outcome, row.attempt, row.error])).toEqual([
      ['dead_lettered', 1, 'PermanentError: mailbox does not exist'],
    ]);
  });

  test('a row appended after recovery first writes back what is held, before the background retry', async () => {
    const { lifeline, clock, outage, log } = outageLifeline(ops(), { only: ['log'] });
    outage.fail();
    const during = await lifeline.send('outage/mail-ok', { id: 'during' });
    await clock.run(lifeline.drain());
    outage.recover();
    const startedAt = clock.now();
    const after = await lifeline.send('outage/mail-ok', { id: 'after' });
    expect((await clock.run(lifeline.drain())).unsavedLogRows).toBeUndefined();
    expect(clock.now() - startedAt).toBeLessThan(1_000); // the 1 s background retry did not do it
    const [first] = await log.attempts({ idempotencyKey: during.idempotencyKey });
    const [second] = await log.attempts({ idempotencyKey: after.idempotencyKey });
    expect(first!.outcome).toBe('succeeded');
    expect(first!.at).toBeLessThanOrEqual(second!.at);
  });

  test('past the bound rows are dropped, counted, alerted once, and reported by drain and close', async () => {
    const { lifeline, clock, outage, log, alerts } = outageLifeline(ops(), {
      only: ['log'],
      maxHeldLogRows: 10,
    });
    outage.fail();
    for (let i = 0; i < 25; i++) await lifeline.send('outage/mail-ok', { id: `ok${i}` });
    expect((await clock.run(lifeline.drain())).unsavedLogRows).toEqual({ held: 10, dropped: 15 });
    await clock.advance(1_000);
    const critical = alerts.filter((a) => a.severity === 'critical');
    expect(critical.map((a) => a.title)).toEqual([
      'Operation log is failing: 10 rows held in memory, further rows dropped',
    ]);
    outage.recover();
    const closed = await clock.run(lifeline.close());
    expect(closed.unsavedLogRows).toEqual({ held: 0, dropped: 15 });
    expect((await log.summarize(window)).email.succeeded).toBe(10);
  });
});
