import {
  defineOperation,
  fingerprint,
  type OperationContext,
  PermanentError,
  RetryAfterError,
} from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DEAD_LETTERED_CODE, inngestFunctions } from '../src/index';
import { sentEvent, testLifeline } from './support/fixtures';
import { executeFailureHandler, executeOnce } from './support/inngest-internals';

const payload = z.object({ id: z.string() });
const noJitter = { initialMs: 1_000, maxMs: 10_000, jitter: 'none' as const };

/** An operation whose run is scripted per call, recording each call's context. */
function scriptedOperation(kind: 'job' | 'email' | 'webhook', script: (call: number, ctx: OperationContext) => unknown) {
  const calls: OperationContext[] = [];
  const operation = defineOperation({
    name: `test/${kind}`,
    kind,
    schema: payload,
    retry: { attempts: 3, backoff: noJitter },
    idempotencyKey: (d) => `key:${d.id}`,
    run: async (_data, ctx) => {
      calls.push(ctx);
      return script(calls.length, ctx);
    },
  });
  return { operation, calls };
}

function setup(kind: 'job' | 'email' | 'webhook', script: (call: number, ctx: OperationContext) => unknown) {
  const { operation, calls } = scriptedOperation(kind, script);
  const harness = testLifeline([operation]);
  const [fn] = inngestFunctions(harness.lifeline, { healthCron: false, deadLetterCancelledRuns: false });
  return { ...harness, operation, calls, fn: fn! };
}

describe('an operation function runs the real handler through the worker', () => {
  test('success returns a summary, with attempt and maxAttempts passed to ctx', async () => {
    const h = setup('job', () => 'done');
    const event = sentEvent(h.lifeline, h.operation, { id: 'a' });
    const outcome = await executeOnce(h.fn, { event, attempt: 0, maxAttempts: 3 });
    expect(outcome.type).toBe('function-resolved');
    expect(outcome.data).toEqual({ status: 'succeeded', eventId: expect.any(String), idempotencyKey: 'key:a', attempt: 1 });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ attempt: 1, maxAttempts: 3, idempotencyKey: 'key:a', name: 'test/job' });
    expect(h.rows.map((r) => r.outcome)).toEqual(['succeeded']);
    expect(await h.lifeline.deadLetters.count()).toBe(0);
  });

  test("Inngest's attempt n (0-based) is Lifeline's attempt n + 1", async () => {
    const h = setup('job', () => 'done');
    await executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'a' }), attempt: 1, maxAttempts: 3 });
    expect(h.calls[0]!.attempt).toBe(2);
    expect(h.rows[0]).toMatchObject({ attempt: 2, outcome: 'succeeded' });
  });

  test('a second delivery of a completed key is a duplicate and does not run', async () => {
    const h = setup('email', () => 'sent');
    await executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'a' }) });
    const outcome = await executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'a' }) });
    expect(outcome.data).toMatchObject({ status: 'duplicate' });
    expect(h.calls).toHaveLength(1);
    expect(h.rows.map((r) => r.outcome)).toEqual(['succeeded', 'duplicate']);
  });

  test('a permanent error throws NonRetriableError after one dead letter, one alert and one log row', async () => {
    const h = setup('email', () => {
      throw new PermanentError('address rejected');
    });
    const event = sentEvent(h.lifeline, h.operation, { id: 'b' });
    const outcome = await executeOnce(h.fn, { event, attempt: 0, maxAttempts: 3 });
    expect(outcome.type).toBe('function-rejected');
    expect(outcome.retriable).toBe(false);
    expect(outcome.error).toMatchObject({ name: 'NonRetriableError', code: DEAD_LETTERED_CODE });
    expect(outcome.error!.cause).toMatchObject({ name: 'PermanentError', message: 'address rejected', code: 'LIFELINE_PERMANENT' });
    const [entry, ...others] = (await h.lifeline.deadLetters.list()).items;
    expect(others).toHaveLength(0);
    expect(entry).toMatchObject({ name: 'test/email', payload: { id: 'b' }, attempts: 1, idempotencyKey: 'key:b', status: 'open' });
    expect(entry!.error).toMatchObject({ name: 'PermanentError', message: 'address rejected', retryable: false });
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ severity: 'warning', title: 'Email failed: test/email' });
    expect(h.rows.map((r) => r.outcome)).toEqual(['dead_lettered']);
  });

  test("a Retry-After throws Inngest's RetryAfterError with that delay, and records no failure", async () => {
    const h = setup('job', () => {
      throw new RetryAfterError('slow down', 7_000);
    });
    const outcome = await executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'c' }), attempt: 0, maxAttempts: 3 });
    expect(outcome.type).toBe('function-rejected');
    expect(outcome.retriable).toBe('7');
    expect(outcome.error).toMatchObject({ name: 'RetryAfterError', code: 'LIFELINE_RETRY_AFTER' });
    expect(outcome.error!.cause).toMatchObject({ name: 'RetryAfterError', message: 'slow down' });
    expect(h.rows.map((r) => r.outcome)).toEqual(['retrying']);
    expect(await h.lifeline.deadLetters.count()).toBe(0);
    expect(h.alerts).toHaveLength(0);
  });

  test("a retryable error retries after Lifeline's backoff delay, not Inngest's", async () => {
    const h = setup('job', () => {
      throw Object.assign(new Error('bad gateway'), { status: 502 });
    });
    const event = sentEvent(h.lifeline, h.operation, { id: 'd' });
    expect((await executeOnce(h.fn, { event, attempt: 0, maxAttempts: 3 })).retriable).toBe('1');
    expect((await executeOnce(h.fn, { event, attempt: 1, maxAttempts: 3 })).retriable).toBe('2');
  });

  test('the final attempt (set through transformCtx) records exactly one dead letter, alert and log row', async () => {
    const h = setup('webhook', () => {
      throw new Error('upstream down');
    });
    const event = sentEvent(h.lifeline, h.operation, { id: 'e' });
    const outcome = await executeOnce(h.fn, { event, attempt: 2, maxAttempts: 3 });
    expect(outcome.retriable).toBe(false);
    expect(outcome.error).toMatchObject({ name: 'NonRetriableError', code: DEAD_LETTERED_CODE });
    expect(h.calls[0]!.attempt).toBe(3);
    const entries = (await h.lifeline.deadLetters.list()).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ attempts: 3, payload: { id: 'e' }, error: { name: 'Error', message: 'upstream down' } });
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]!.severity).toBe('critical');
    expect(h.rows.map((r) => `${r.attempt}:${r.outcome}`)).toEqual(['3:dead_lettered']);

    // Inngest then runs onFailure with the error it got: it must not record a second one.
    const failure = await executeFailureHandler(h.fn, { original: event, error: outcome.error! });
    expect(failure.result).toEqual({ status: 'already-recorded' });
    expect(await h.lifeline.deadLetters.count()).toBe(1);
    expect(h.alerts).toHaveLength(1);
    expect(h.rows).toHaveLength(1);
  });

  test('the marker also works when only the message survives (no code)', async () => {
    const h = setup('job', () => {
      throw new PermanentError('nope');
    });
    const event = sentEvent(h.lifeline, h.operation, { id: 'f' });
    const outcome = await executeOnce(h.fn, { event });
    const { code: _dropped, ...withoutCode } = outcome.error!;
    const failure = await executeFailureHandler(h.fn, { original: event, error: withoutCode });
    expect(failure.result).toEqual({ status: 'already-recorded' });
    expect(await h.lifeline.deadLetters.count()).toBe(1);
  });
});

describe('onFailure records what the worker could not', () => {
  test('an Inngest-level failure: the original event, the error, every attempt, one alert and one log row', async () => {
    const h = setup('job', () => 'never finished');
    const event = sentEvent(h.lifeline, h.operation, { id: 'g' });
    const failure = await executeFailureHandler(h.fn, {
      original: event,
      error: { name: 'Error', message: 'function timed out after 300s', stack: '', __serialized: true },
    });
    expect(failure.result).toMatchObject({ status: 'recorded', attempts: 3, deadLetterId: expect.any(String) });
    const entries = (await h.lifeline.deadLetters.list()).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      name: 'test/job',
      payload: { id: 'g' },
      idempotencyKey: 'key:g',
      attempts: 3,
      error: { name: 'Error', message: 'function timed out after 300s' },
      meta: { eventId: (event.data as { eventId: string }).eventId },
    });
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]!.title).toBe('Job failed: test/job');
    expect(h.rows.map((r) => `${r.attempt}:${r.outcome}`)).toEqual(['3:dead_lettered']);
  });

  test('a second onFailure for the same delivery (e.g. another instance) writes nothing more', async () => {
    const h = setup('job', () => 'x');
    const event = sentEvent(h.lifeline, h.operation, { id: 'h' });
    const error = { name: 'Error', message: 'request failed', stack: '', __serialized: true };
    await executeFailureHandler(h.fn, { original: event, error });
    // A fresh Lifeline process sharing the stores would not have the in-process guard: the store lookup decides.
    const again = await executeFailureHandler(h.fn, { original: event, error });
    expect(again.result).toEqual({ status: 'already-recorded' });
    expect(await h.lifeline.deadLetters.count()).toBe(1);
    expect(h.alerts).toHaveLength(1);
    expect(h.rows).toHaveLength(1);
  });

  test('the wrapped cause of a RetryAfterError is what gets recorded', async () => {
    const h = setup('job', () => {
      throw Object.assign(new Error('service unavailable'), { status: 503 });
    });
    const event = sentEvent(h.lifeline, h.operation, { id: 'i' });
    // Inngest's own last attempt decided by maxAttempts, while Lifeline allows more (e.g. config drift).
    const outcome = await executeOnce(h.fn, { event, attempt: 1, maxAttempts: 2 });
    expect(outcome.retriable).toBe(false);
    expect(await h.lifeline.deadLetters.count()).toBe(0);
    await executeFailureHandler(h.fn, { original: event, error: outcome.error! });
    const [entry] = (await h.lifeline.deadLetters.list()).items;
    expect(entry!.error).toMatchObject({ name: 'Error', message: 'service unavailable' });
  });

  test('no dead letter when the work completed before the run was lost', async () => {
    const h = setup('job', () => 'done');
    const event = sentEvent(h.lifeline, h.operation, { id: 'j' });
    await executeOnce(h.fn, { event });
    const failure = await executeFailureHandler(h.fn, { original: event, error: { name: 'Error', message: 'lost response' } });
    expect(failure.result).toEqual({ status: 'completed' });
    expect(await h.lifeline.deadLetters.count()).toBe(0);
  });

  test('a redrive lost by Inngest goes back to open on its dead letter, with no new entry', async () => {
    let broken = true;
    const h = setup('job', () => {
      if (broken) throw new PermanentError('bad');
      return 'ok';
    });
    await executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'k' }) });
    const [entry] = (await h.lifeline.deadLetters.list()).items;
    await h.lifeline.deadLetters.transition(entry!.id, { from: 'open', to: 'retrying', by: 'ada', at: h.lifeline.clock.now() });
    broken = false;
    await h.clock.advance(11 * 60_000); // past the alert cooldown, so the redrive's alert is not deduped
    const redrive = sentEvent(h.lifeline, h.operation, { id: 'k' }, { redriveOf: entry!.id });
    await executeFailureHandler(h.fn, { original: redrive, error: { name: 'Error', message: 'crashed' } });
    const after = await h.lifeline.deadLetters.get(entry!.id);
    expect(after!.status).toBe('open');
    expect(after!.error.message).toBe('crashed');
    expect(await h.lifeline.deadLetters.count()).toBe(1);
    expect(h.alerts.map((a) => a.title)).toEqual(['Job failed: test/job', 'Redrive failed: test/job']);
  });
});

describe('a duplicate in progress elsewhere', () => {
  async function holdKey(h: ReturnType<typeof setup>, id: string, leaseMs: number) {
    const data = h.operation.parse({ id });
    const claim = await h.lifeline.idempotency.claim(h.operation.keyFor(data), fingerprint(data), leaseMs, h.clock.now());
    if (claim.status !== 'claimed') throw new Error('setup: could not claim');
    return claim;
  }

  test('is waited for in the same invocation, without spending an Inngest attempt', async () => {
    const h = setup('job', () => 'ran');
    const claim = await holdKey(h, 'l', 60_000);
    h.clock.setTimer(() => void h.lifeline.idempotency.complete('key:l', claim.token, 'ran elsewhere', h.clock.now()), 2_500);
    const outcome = await h.clock.run(executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'l' }) }));
    expect(outcome.type).toBe('function-resolved');
    expect(outcome.data).toMatchObject({ status: 'duplicate', attempt: 1 });
    expect(h.calls).toHaveLength(0);
  });

  test('past the wait, hands the run back to Inngest until the holder lease ends', async () => {
    const h = setup('job', () => 'ran');
    const start = h.clock.now();
    await holdKey(h, 'm', 60_000);
    const outcome = await h.clock.run(executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'm' }) }));
    expect(outcome.error).toMatchObject({ name: 'RetryAfterError', code: 'LIFELINE_IDEMPOTENCY_IN_PROGRESS' });
    const waited = h.clock.now() - start;
    expect(waited).toBe(5_000);
    expect(outcome.retriable).toBe(String(Math.ceil((60_000 - waited) / 1000)));
    expect(h.calls).toHaveLength(0);
    expect(h.rows).toHaveLength(0);
  });
});

describe('events not sent by inngestQueue', () => {
  test('an event sent by hand with the plain payload runs under the derived idempotency key', async () => {
    const h = setup('job', () => 'ok');
    const outcome = await executeOnce(h.fn, { event: { name: 'test/job', id: '01HX-manual', data: { id: 'n' } } });
    expect(outcome.data).toMatchObject({ status: 'succeeded', eventId: '01HX-manual', idempotencyKey: 'key:n' });
  });

  test('an invalid payload is dead-lettered at once as a validation error', async () => {
    const h = setup('job', () => 'ok');
    const outcome = await executeOnce(h.fn, { event: { name: 'test/job', id: '01HX-bad', data: { id: 42 } } });
    expect(outcome.retriable).toBe(false);
    const [entry] = (await h.lifeline.deadLetters.list()).items;
    expect(entry).toMatchObject({ attempts: 1, payload: { id: 42 }, error: { name: 'ValidationError' } });
    expect(h.calls).toHaveLength(0);
  });
});
