import { fingerprint } from '@lifeline/core/adapter';
import { describe, expect, test } from 'vitest';
import { sentEvent } from './support/fixtures';
import { executeOnce } from './support/inngest-internals';
import { setup } from './support/scripted';

describe('a duplicate in progress elsewhere', () => {
  async function holdKey(h: ReturnType<typeof setup>, id: string, leaseMs: number) {
    const data = h.operation.parse({ id });
    const claim = await h.lifeline.idempotency.claim(
      h.operation.keyFor(data),
      fingerprint(data),
      leaseMs,
      h.clock.now(),
    );
    if (claim.status !== 'claimed') throw new Error('setup: could not claim');
    return claim;
  }

  test('is waited for in the same invocation, without spending an Inngest attempt', async () => {
    const h = setup('job', () => 'ran');
    const claim = await holdKey(h, 'l', 60_000);
    h.clock.setTimer(
      () => void h.lifeline.idempotency.complete('key:l', claim.token, 'ran elsewhere', h.clock.now()),
      2_500,
    );
    const outcome = await h.clock.run(
      executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'l' }) }),
    );
    expect(outcome.type).toBe('function-resolved');
    expect(outcome.data).toMatchObject({ status: 'duplicate', attempt: 1 });
    expect(h.calls).toHaveLength(0);
  });

  test('past the wait, hands the run back to Inngest until the holder lease ends', async () => {
    const h = setup('job', () => 'ran');
    const start = h.clock.now();
    await holdKey(h, 'm', 60_000);
    const outcome = await h.clock.run(
      executeOnce(h.fn, { event: sentEvent(h.lifeline, h.operation, { id: 'm' }) }),
    );
    expect(outcome.error).toMatchObject({
      name: 'RetryAfterError',
      code: 'LIFELINE_IDEMPOTENCY_IN_PROGRESS',
    });
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
    const outcome = await executeOnce(h.fn, {
      event: { name: 'test/job', id: '01HX-manual', data: { id: 'n' } },
    });
    expect(outcome.data).toMatchObject({
      status: 'succeeded',
      eventId: '01HX-manual',
      idempotencyKey: 'key:n',
    });
  });

  test('an invalid payload is dead-lettered at once as a validation error', async () => {
    const h = setup('job', () => 'ok');
    const outcome = await executeOnce(h.fn, {
      event: { name: 'test/job', id: '01HX-bad', data: { id: 42 } },
    });
    expect(outcome.retriable).toBe(false);
    const [entry] = (await h.lifeline.deadLetters.list()).items;
    expect(entry).toMatchObject({ attempts: 1, payload: { id: 42 }, error: { name: 'ValidationError' } });
    expect(h.calls).toHaveLength(0);
  });
});
