import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { PermanentError } from '../../src/errors/permanent-error';
import { memoryBulkJobStore } from '../../src/memory/memory-bulk-job-store';
import { memoryDeadLetterStore } from '../../src/memory/memory-dead-letter-store';
import { defineOperation } from '../../src/runtime/define-operation';
import { errorFingerprint } from '../../src/triage/error-fingerprint';
import { testLifeline } from './harness';

const schema = z.object({ id: z.string(), email: z.string().optional() });

/** An operation that fails permanently (one attempt, then a dead letter) while `state.failing` is true. */
function flaky(name: string, extra: Partial<Parameters<typeof defineOperation>[0]> = {}) {
  const state = { failing: true, runs: 0 };
  const operation = defineOperation({
    name,
    kind: 'email',
    schema,
    idempotencyKey: (d) => `${name}:${d.id}`,
    run: async (d) => {
      state.runs++;
      if (state.failing) throw new PermanentError(`provider rejected ${d.id} (HTTP 400)`);
    },
    ...extra,
  } as Parameters<typeof defineOperation>[0]);
  return { operation, state };
}

async function deadLettered(n: number, name = 'triage/email') {
  const { operation, state } = flaky(name);
  const harness = testLifeline({ operations: [operation] });
  for (let i = 0; i < n; i++)
    await harness.lifeline.send(operation, { id: `p_${i}`, email: `c${i}@example.com` });
  await harness.settle();
  return { ...harness, operation, state };
}

describe('durable alerts', () => {
  test('every sent alert is in lifeline.alerts with delivered and the delivery error; recentAlerts still works', async () => {
    let fail = false;
    const { operation } = flaky('triage/alerts');
    const { lifeline, settle, clock } = testLifeline({
      operations: [operation],
      alerter: {
        alert: async () => {
          if (fail) throw new Error('Slack answered 500');
        },
      },
    });
    await lifeline.send(operation, { id: 'a' });
    await settle();
    await clock.advance(1);
    fail = true;
    await lifeline.send(operation, { id: 'b' });
    await settle();
    const page = await lifeline.alerts.list();
    expect(page.items.map((a) => [a.delivered, a.error])).toEqual([
      [false, 'Error: Slack answered 500'],
      [true, undefined],
    ]);
    expect(page.items[0]?.fields?.errorFingerprint).toBe(
      errorFingerprint({ name: 'PermanentError', message: 'provider rejected b (HTTP 400)' }),
    );
    expect(await lifeline.alerts.count()).toBe(2);
    expect(lifeline.recentAlerts()).toHaveLength(2);
  });
});

describe('attempt history', () => {
  test('log.attempts lists each attempt of a key with its retry delay', async () => {
    let calls = 0;
    const op = defineOperation({
      name: 'triage/retry',
      kind: 'email',
      schema,
      retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 1_000, jitter: 'none' } },
      idempotencyKey: (d) => `k:${d.id}`,
      run: async () => {
        if (++calls < 3) throw new Error('HTTP 503');
      },
    });
    const { lifeline, settle } = testLifeline({ operations: [op] });
    await lifeline.send(op, { id: '1' });
    await settle();
    const attempts = await lifeline.log.attempts({ idempotencyKey: 'k:1' });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.delayMs])).toEqual([
      [1, 'retrying', 1_000],
      [2, 'retrying', 1_000],
      [3, 'succeeded', undefined],
    ]);
  });
});

describe('incidents', () => {
  test('dead letters group into incidents; acknowledge, mute (suppresses alerts) and reopen on new failures', async () => {
    const { lifeline, clock, alerts, settle, operation } = await deadLettered(3);
    const [incident] = await lifeline.incidents.list();
    expect(incident).toMatchObject({ count: 3, status: 'open', errorName: 'PermanentError' });
    const fp = incident!.errorFingerprint;
    expect((await lifeline.deadLetters.list({ errorFingerprint: fp })).items).toHaveLength(3);

    await lifeline.incidents.acknowledge(fp, { by: 'ada', note: 'provider issue' });
    await lifeline.incidents.mute(fp, { until: clock.now() + 3_600_000, by: 'ada' });
    expect((await lifeline.incidents.list())[0]).toMatchObject({
      status: 'acknowledged',
      mutedUntil: clock.now() + 3_600_000,
    });
    const before = alerts.length;
    await lifeline.send(operation, { id: 'p_97' });
    await settle();
    expect(alerts).toHaveLength(before); // muted: no alert sent, none recorded
    expect(await lifeline.alerts.count()).toBe(before);

    await lifeline.incidents.resolve(fp, { by: 'ada' });
    expect((await lifeline.incidents.list())[0]?.status).toBe('resolved');
    await clock.advance(1);
    await lifeline.incidents.mute(fp, { until: null, by: 'ada' });
    await lifeline.send(operation, { id: 'p_98' });
    await settle();
    expect((await lifeline.incidents.list())[0]).toMatchObject({ status: 'open', count: 5 });
    expect(alerts).toHaveLength(before + 1);
  });
});

describe('bulk jobs', () => {
  test('retry all matching a filter runs in the background, with progress and an audit trail', async () => {
    const { lifeline, clock, state } = await deadLettered(20);
    state.failing = false;
    const job = await lifeline.bulkJobs.start({
      action: 'retry',
      filter: { name: 'triage/email' },
      by: 'ada',
    });
    expect(job).toMatchObject({ status: 'running', total: 20, canary: 5, maxNewFailures: 10, paceMs: 0 });
    await clock.run(lifeline.bulkJobs.idle());
    const done = await lifeline.bulkJobs.get(job.id);
    expect(done).toMatchObject({ status: 'completed', processed: 20 });
    expect(done?.counts.resolved).toBe(20);
    expect(await lifeline.deadLetters.countByStatus({ name: 'triage/email' })).toEqual({
      open: 0,
      retrying: 0,
      resolved: 20,
    });
    const items = await lifeline.bulkJobs.items(job.id, { limit: 1000 });
    expect(items.items.map((i) => i.index)).toEqual([...Array(20).keys()]);
    expect(new Set(items.items.map((i) => i.deadLetterId)).size).toBe(20);
    const entry = await lifeline.deadLetters.get(items.items[0]!.deadLetterId);
    expect(entry?.history[0]).toMatchObject({ to: 'retrying', by: 'ada' });
  });

  test('a failing canary stops the job and leaves the rest untouched', async () => {
    const { lifeline, clock } = await deadLettered(10);
    const job = await lifeline.bulkJobs.start({
      action: 'retry',
      filter: { name: 'triage/email' },
      by: 'ada',
      canary: 2,
    });
    await clock.run(lifeline.bulkJobs.idle());
    const done = await lifeline.bulkJobs.get(job.id);
    expect(done).toMatchObject({ status: 'stopped', processed: 1 });
    expect(done?.stopReason).toMatch(/canary failed/);
    expect(await lifeline.deadLetters.count({ name: 'triage/email', status: 'open' })).toBe(10);
  });

  test('stops after maxNewFailures items failed again', async () => {
    const { lifeline, clock } = await deadLettered(10);
    const job = await lifeline.bulkJobs.start({
      action: 'retry',
      filter: { name: 'triage/email' },
      by: 'ada',
      canary: 0,
      maxNewFailures: 3,
    });
    await clock.run(lifeline.bulkJobs.idle());
    expect(await lifeline.bulkJobs.get(job.id)).toMatchObject({
      status: 'stopped',
      processed: 3,
      stopReason: '3 item(s) failed (limit 3)',
    });
  });

  test('paces items by the operation throttle and can be aborted between items', async () => {
    const { operation, state } = flaky('triage/throttled', { throttle: { limit: 2, periodMs: 1_000 } });
    const { lifeline, clock, settle } = testLifeline({ operations: [operation] });
    for (let i = 0; i < 10; i++) await lifeline.send(operation, { id: `t${i}` });
    await settle();
    state.failing = false;
    const job = await lifeline.bulkJobs.start({
      action: 'retry',
      filter: { name: 'triage/throttled' },
      by: 'ada',
      canary: 1,
    });
    expect(job.paceMs).toBe(500);
    // The worker's own throttle also delays each redrive: wait until two items have an outcome.
    while (((await lifeline.bulkJobs.get(job.id))?.processed ?? 0) < 2) await clock.run(clock.sleep(100));
    const [a, b] = (await lifeline.bulkJobs.items(job.id)).items;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(500);
    await lifeline.bulkJobs.abort(job.id, { by: 'bob' });
    await clock.run(lifeline.bulkJobs.idle());
    const aborted = await lifeline.bulkJobs.get(job.id);
    expect(aborted?.status).toBe('aborted');
    expect(aborted?.stopReason).toMatch(/aborted by bob/);
    expect(aborted!.processed).toBeLessThan(10);
    expect(await lifeline.deadLetters.count({ name: 'triage/throttled', status: 'open' })).toBe(
      10 - aborted!.processed,
    );
  });

  test('resolve by ids, with not_found and conflict recorded per item', async () => {
    const { lifeline, clock } = await deadLettered(3);
    const ids = (await lifeline.deadLetters.list()).items.map((e) => e.id);
    await lifeline.resolve(ids[0]!, { by: 'eve' });
    const job = await lifeline.bulkJobs.start({
      action: 'resolve',
      ids: [...ids, 'dl_missing'],
      by: 'ada',
      note: 'refunded',
    });
    await clock.run(lifeline.bulkJobs.idle());
    const items = (await lifeline.bulkJobs.items(job.id)).items;
    expect(items.map((i) => i.outcome)).toEqual(['conflict', 'resolved', 'resolved', 'not_found']);
    expect((await lifeline.bulkJobs.get(job.id))?.status).toBe('completed');
  });

  test('a job left running by a stopped process is resumed by another after its lease expires', async () => {
    const deadLetters = memoryDeadLetterStore();
    const bulkJobs = memoryBulkJobStore();
    const { operation, state } = flaky('triage/resume');
    const first = testLifeline({ operations: [operation], deadLetters, bulkJobs });
    for (let i = 0; i < 6; i++) await first.lifeline.send(operation, { id: `r${i}` });
    await first.settle();
    state.failing = false;
    const job = await first.lifeline.bulkJobs.start({
      action: 'retry',
      filter: { name: 'triage/resume' },
      by: 'ada',
      canary: 0,
      paceMs: 1_000,
    });
    await first.clock.run(first.clock.sleep(1_500));
    await first.clock.run(first.lifeline.bulkJobs.stop()); // the process stops; its lease stays
    const left = (await bulkJobs.get(job.id))!;
    expect(left.status).toBe('running');
    expect(left.processed).toBeGreaterThan(0);
    expect(left.processed).toBeLessThan(6);

    const second = testLifeline({ operations: [operation], deadLetters, bulkJobs });
    await second.clock.advance(first.clock.now() - second.clock.now() + 31_000); // past the 30 s lease
    await second.clock.run(second.lifeline.bulkJobs.resume());
    await second.clock.run(second.lifeline.bulkJobs.idle());
    const done = await bulkJobs.get(job.id);
    expect(done).toMatchObject({ status: 'completed', processed: 6 });
    expect(done?.counts.resolved).toBe(6);
    expect(await deadLetters.count({ name: 'triage/resume', status: 'resolved' })).toBe(6);
  });
});
