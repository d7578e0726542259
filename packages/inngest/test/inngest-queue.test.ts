import {
  createLifeline,
  defineOperation,
  isQueueRefusedError,
  PermanentError,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { Inngest } from 'inngest';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { inngestFunctions, inngestQueue } from '../src/index';
import { executeOnce } from './support/inngest-internals';
import { type InngestStandIn, startInngestStandIn } from './support/inngest-stand-in';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
let standIn: InngestStandIn;

beforeEach(async () => {
  standIn = await startInngestStandIn();
});
afterEach(async () => {
  await standIn.close();
});

function setup(options: { run?: () => Promise<unknown>; throttled?: boolean } = {}) {
  // A real client in dev mode with an event key, pointed at the stand-in on 127.0.0.1.
  const client = new Inngest({
    id: 'shop',
    baseUrl: standIn.url,
    eventKey: 'stand-in-key',
    isDev: true,
    logger: quiet,
  });
  const clock = virtualClock({ start: Date.UTC(2026, 4, 1, 12) });
  const receipt = defineOperation({
    name: 'purchase/email.send',
    kind: 'email',
    schema: z.object({ purchaseId: z.string(), email: z.string() }),
    idempotencyKey: (d) => `receipt:${d.purchaseId}`,
    ...(options.throttled
      ? { throttle: { key: (d: { email: string }) => d.email, limit: 5, periodMs: 60_000 } }
      : {}),
    run: options.run ?? (async () => 'sent'),
  });
  const lifeline = createLifeline({
    operations: [receipt],
    clock,
    logger: silentLogger(),
    queue: inngestQueue({ client }),
  });
  return { client, clock, receipt, lifeline };
}

describe('inngestQueue sends through the real Inngest client', () => {
  test('the posted event has the name, the envelope as data, the idempotency key as id and the send time as ts', async () => {
    const { lifeline, receipt, clock } = setup();
    const sent = await lifeline.send(receipt, { purchaseId: 'p_1', email: 'ada@example.com' });
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request!.path).toBe('/e/stand-in-key');
    expect(request!.events).toHaveLength(1);
    expect(request!.events[0]).toMatchObject({
      name: 'purchase/email.send',
      id: 'receipt:p_1',
      ts: clock.now(),
      data: {
        lifeline: 1,
        eventId: sent.eventId,
        kind: 'email',
        idempotencyKey: 'receipt:p_1',
        enqueuedAt: clock.now(),
        data: { purchaseId: 'p_1', email: 'ada@example.com' },
      },
    });
    expect(request!.events[0]!.data).not.toHaveProperty('redriveOf');
    expect(request!.events[0]!.data).not.toHaveProperty('throttleKey');
  });

  test("a keyed throttle's key travels in the event for Inngest's throttle expression", async () => {
    const { lifeline, receipt } = setup({ throttled: true });
    inngestFunctions(lifeline, { healthCron: false });
    await lifeline.send(receipt, { purchaseId: 'p_2', email: 'grace@example.com' });
    expect(standIn.requests[0]!.events[0]!.data).toMatchObject({ throttleKey: 'grace@example.com' });
  });

  test('a redrive is sent under a new event id with the same idempotency key', async () => {
    let broken = true;
    const { lifeline, receipt } = setup({
      run: async () => {
        if (broken) throw new PermanentError('mailbox full');
        return 'sent';
      },
    });
    const [fn] = inngestFunctions(lifeline, { healthCron: false });
    await lifeline.send(receipt, { purchaseId: 'p_3', email: 'lin@example.com' });
    await executeOnce(fn!, { event: standIn.inbox.shift()! });
    const [entry] = (await lifeline.deadLetters.list()).items;
    broken = false;
    await lifeline.redrive(entry!.id, { by: 'ada' });
    expect(standIn.requests).toHaveLength(2);
    const [first, redrive] = standIn.requests.map((request) => request.events[0]!);
    expect(first!.id).toBe('receipt:p_3');
    expect(redrive!.id).not.toBe(first!.id);
    expect(redrive!.id).toBe((redrive!.data as { eventId: string }).eventId);
    expect(redrive!.data).toMatchObject({
      idempotencyKey: 'receipt:p_3',
      redriveOf: entry!.id,
      data: { purchaseId: 'p_3' },
    });
    // Run the redrive as Inngest would: it resolves the dead letter, once.
    const outcome = await executeOnce(fn!, { event: standIn.inbox.shift()! });
    expect(outcome.data).toMatchObject({ status: 'succeeded' });
    expect((await lifeline.deadLetters.get(entry!.id))!.status).toBe('resolved');
  });

  test('a 5xx from the event API makes enqueue throw QueueRefusedError with the cause', async () => {
    const { lifeline, receipt } = setup();
    standIn.respond = () => ({ status: 500, body: { error: 'internal error', status: 500 } });
    const error = await lifeline.send(receipt, { purchaseId: 'p_4', email: 'x@example.com' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isQueueRefusedError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^Inngest did not accept "purchase\/email\.send" \(idempotency key receipt:p_4\)/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
    // The SDK retried the POST itself before giving up; nothing was accepted.
    expect(standIn.requests.length).toBeGreaterThan(1);
    expect(standIn.inbox).toHaveLength(0);
  });

  test('a failed redrive send leaves the dead letter open, so it can be retried', async () => {
    const { lifeline, receipt } = setup({ run: async () => Promise.reject(new PermanentError('no')) });
    const [fn] = inngestFunctions(lifeline, { healthCron: false });
    await lifeline.send(receipt, { purchaseId: 'p_5', email: 'y@example.com' });
    await executeOnce(fn!, { event: standIn.inbox.shift()! });
    const [entry] = (await lifeline.deadLetters.list()).items;
    standIn.respond = () => ({ status: 503, body: { error: 'unavailable', status: 503 } });
    await expect(lifeline.redrive(entry!.id, { by: 'ada' })).rejects.toMatchObject({
      code: 'LIFELINE_QUEUE_REFUSED',
    });
    expect((await lifeline.deadLetters.get(entry!.id))!.status).toBe('open');
  });

  test('after close, enqueue refuses without sending', async () => {
    const { lifeline, receipt } = setup();
    expect(await lifeline.close()).toEqual({ completed: 0, pending: [] });
    await expect(lifeline.send(receipt, { purchaseId: 'p_6', email: 'z@example.com' })).rejects.toMatchObject(
      { code: 'LIFELINE_QUEUE_REFUSED' },
    );
    expect(standIn.requests).toHaveLength(0);
  });

  test('options are checked', () => {
    expect(() => inngestQueue({} as never)).toThrow(/client: an Inngest client/);
    expect(() =>
      inngestQueue({ client: { send: async () => ({}) } as never, eventName: 'x' as never }),
    ).toThrow(/eventName/);
  });
});
