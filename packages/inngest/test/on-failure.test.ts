import { PermanentError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { DEAD_LETTERED_CODE, inngestFunctions } from '../src/index';
import { sentEvent, testLifeline } from './support/fixtures';
import { executeFailureHandler, executeOnce } from './support/inngest-internals';
import { scriptedOperation, setup } from './support/scripted';

describe('onFailure records what the worker could not', () => {
  test('the marked error of a failure the worker recorded is skipped without reading any store', async () => {
    const { operation } = scriptedOperation('job', () => 'x');
    const { lifeline, alerts, rows } = testLifeline([operation]);
    const unreadable = () => Promise.reject(new Error('store must not be read'));
    Object.assign(lifeline.deadLetters, { list: unreadable, get: unreadable });
    Object.assign(lifeline.idempotency, { get: unreadable });
    const [fn] = inngestFunctions(lifeline, { healthCron: false, deadLetterCancelledRuns: false });
    const event = sentEvent(lifeline, operation, { id: 'z' });
    const marked = {
      name: 'NonRetriableError',
      message: 'Lifeline dead-lettered this run: Error: x',
      code: DEAD_LETTERED_CODE,
    };
    expect((await executeFailureHandler(fn!, { original: event, error: marked })).result).toEqual({
      status: 'already-recorded',
    });
    const unmarked = await executeFailureHandler(fn!, {
      original: event,
      error: { name: 'Error', message: 'x' },
    });
    expect(unmarked.error).toMatchObject({ message: 'store must not be read' });
    expect(alerts).toHaveLength(0);
    expect(rows).toHaveLength(0);
  });

  test('an Inngest-level failure: the original event, the error, every attempt, one alert and one log row', async () => {
    const h = setup('job', () => 'never finished');
    const event = sentEvent(h.lifeline, h.operation, { id: 'g' });
    const failure = await executeFailureHandler(h.fn, {
      original: event,
      error: { name: 'Error', message: 'function timed out after 300s', stack: '', __serialized: true },
    });
    expect(failure.result).toMatchObject({
      status: 'recorded',
      attempts: 3,
      deadLetterId: expect.any(String),
    });
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
    const failure = await executeFailureHandler(h.fn, {
      original: event,
      error: { name: 'Error', message: 'lost response' },
    });
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
    await h.lifeline.deadLetters.transition(entry!.id, {
      from: 'open',
      to: 'retrying',
      by: 'ada',
      at: h.lifeline.clock.now(),
    });
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
