import { PermanentError, RetryAfterError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { DEAD_LETTERED_CODE } from '../src/index';
import { sentEvent } from './support/fixtures';
import { executeFailureHandler, executeOnce } from './support/inngest-internals';
import { setup } from './support/scripted';

describe('an operation function runs the real handler through the worker', () => {
  test('success returns a summary, with attempt and maxAttempts passed to ctx', async () => {
    const h = setup('job', () => 'done');
    const event = sentEvent(h.lifeline, h.operation, { id: 'a' });
    const outcome = await executeOnce(h.fn, { event, attempt: 0, maxAttempts: 3 });
    expect(outcome.type).toBe('function-resolved');
    expect(outcome.data).toEqual({
      status: 'succeeded',
      eventId: expect.any(String),
      idempotencyKey: 'key:a',
      attempt: 1,
    });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({
      attempt: 1,
      maxAttempts: 3,
      idempotencyKey: 'key:a',
      name: 'test/job',
    });
    expect(h.rows.map((r) => r.outcome)).toEqual(['succeeded']);
    expect(await h.lifeline.deadLetters.count()).toBe(0);
  });

  test("Inngest's attempt n (0-based) is Lifeline's attempt n + 1", async () => {
    const h = setup('job', () => 'done');
    await executeOnce(h.fn, {
      event: sentEvent(h.lifeline, h.operation, { id: 'a' }),
      attempt: 1,
      maxAttempts: 3,
    });
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
    expect(outcome.error!.cause).toMatchObject({
      name: 'PermanentError',
      message: 'address rejected',
      code: 'LIFELINE_PERMANENT',
    });
    const [entry, ...others] = (await h.lifeline.deadLetters.list()).items;
    expect(others).toHaveLength(0);
    expect(entry).toMatchObject({
      name: 'test/email',
      payload: { id: 'b' },
      attempts: 1,
      idempotencyKey: 'key:b',
      status: 'open',
    });
    expect(entry!.error).toMatchObject({
      name: 'PermanentError',
      message: 'address rejected',
      retryable: false,
    });
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toMatchObject({ severity: 'warning', title: 'Email failed: test/email' });
    expect(h.rows.map((r) => r.outcome)).toEqual(['dead_lettered']);
  });

  test("a Retry-After throws Inngest's RetryAfterError with that delay, and records no failure", async () => {
    const h = setup('job', () => {
      throw new RetryAfterError('slow down', 7_000);
    });
    const outcome = await executeOnce(h.fn, {
      event: sentEvent(h.lifeline, h.operation, { id: 'c' }),
      attempt: 0,
      maxAttempts: 3,
    });
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
    expect(entries[0]).toMatchObject({
      attempts: 3,
      payload: { id: 'e' },
      error: { name: 'Error', message: 'upstream down' },
    });
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
