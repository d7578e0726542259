import {
  type AnyOperation,
  createLifeline,
  defineOperation,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stripeEventOperation, stripeWebhookAck } from '../src/index';
import { event, SECRET, session, sign, stripe } from './helpers';

// What an operation receives from the ack, now that the payload is validated once (by `send`) for
// operations on stripeEventSchema, and twice (stripeEventSchema, then the operation's own) for any other.
function setup(operation: AnyOperation) {
  const clock = virtualClock({ start: Date.UTC(2026, 0, 1, 12) });
  const lifeline = createLifeline({ operations: [operation], logger: silentLogger(), clock });
  const ack = stripeWebhookAck({
    stripe,
    secret: SECRET,
    lifeline,
    events: { 'checkout.session.completed': operation },
  });
  const deliver = (body: unknown) => {
    const text = JSON.stringify(body);
    return ack(text, sign(text, Math.floor(clock.now() / 1000)));
  };
  return { lifeline, deliver };
}

describe('stripeWebhookAck payload', () => {
  it('hands a stripeEventOperation the trimmed event, marked as from the webhook', async () => {
    const received: unknown[] = [];
    const operation = stripeEventOperation({
      name: 'stripe/payload-probe',
      run: async (payload) => {
        received.push(payload);
      },
    });
    const t = setup(operation);
    const signed = {
      ...event('evt_p1', 'checkout.session.completed', session('cs_p1')),
      request: { id: null },
    };
    expect(await t.deliver(signed)).toEqual({ status: 200, body: { received: true } });
    await t.lifeline.drain();
    expect(received).toEqual([
      {
        id: 'evt_p1',
        type: 'checkout.session.completed',
        created: 1767225600,
        livemode: false,
        api_version: '2026-01-28.clover',
        source: 'webhook',
        data: { object: session('cs_p1') },
      },
    ]);
  });

  it('answers 400 and enqueues nothing when a signed event fails stripeEventSchema at send', async () => {
    let runs = 0;
    const t = setup(stripeEventOperation({ name: 'stripe/payload-probe', run: async () => void runs++ }));
    for (const created of [-1, 1.5, 'yesterday']) {
      const signed = { ...event('evt_p2', 'checkout.session.completed', session('cs_p2')), created };
      expect(await t.deliver(signed), String(created)).toEqual({
        status: 400,
        body: { error: 'not a Stripe event' },
      });
    }
    await t.lifeline.drain();
    expect(runs).toBe(0);
  });

  it('checks an operation with its own schema against stripeEventSchema first, then its own schema', async () => {
    const received: unknown[] = [];
    const operation = defineOperation({
      name: 'custom/session-id',
      kind: 'webhook',
      schema: z.object({ id: z.string(), data: z.object({ object: z.object({ id: z.string() }) }) }),
      run: async (payload) => {
        received.push(payload);
      },
    });
    const t = setup(operation);
    // Fits the custom schema but not stripeEventSchema (no `created`): still not a Stripe event.
    const { created: _dropped, ...noCreated } = event(
      'evt_p3',
      'checkout.session.completed',
      session('cs_p3'),
    );
    expect(await t.deliver(noCreated)).toEqual({ status: 400, body: { error: 'not a Stripe event' } });
    expect(await t.deliver(event('evt_p4', 'checkout.session.completed', session('cs_p4')))).toEqual({
      status: 200,
      body: { received: true },
    });
    await t.lifeline.drain();
    expect(received).toEqual([{ id: 'evt_p4', data: { object: { id: 'cs_p4' } } }]);
  });
});
