import {
  createLifeline,
  defineOperation,
  inProcessQueue,
  memoryIdempotencyStore,
  silentLogger,
} from '@lifeline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fulfilCheckout, stripeWebhookHandler } from '../src/index';
import { checkoutRuntime, delivery, event, SECRET, session, stripe } from './helpers';
import { stripeStandIn } from './stripe-stand-in';

type Runtime = ReturnType<typeof checkoutRuntime>;

function webhook(t: Runtime) {
  const handle = stripeWebhookHandler({
    stripe,
    secret: SECRET,
    lifeline: t.lifeline,
    events: t.checkout.events,
  });
  return async (evt: Record<string, unknown>) => {
    const response = await handle(delivery(JSON.stringify(evt), t.clock));
    expect(response.status).toBe(200);
  };
}

const completed = (id: string, s: Record<string, unknown>) => event(id, 'checkout.session.completed', s);
const asyncSucceeded = (id: string, s: Record<string, unknown>) =>
  event(id, 'checkout.session.async_payment_succeeded', s);
const asyncFailed = (id: string, s: Record<string, unknown>) =>
  event(id, 'checkout.session.async_payment_failed', s);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('fulfilCheckout with the real runtime', () => {
  it('defines webhook operations: 5 attempts, critical alerts', () => {
    const { checkout } = checkoutRuntime();
    for (const op of checkout.operations) {
      expect(op.kind).toBe('webhook');
      expect(op.retryPolicy.attempts).toBe(5);
      expect(op.alertSeverity).toBe('critical');
    }
    expect(Object.keys(checkout.events).sort()).toEqual([
      'checkout.session.async_payment_failed',
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ]);
  });

  it('fulfils once when the same event is delivered three times at once', async () => {
    const t = checkoutRuntime();
    const deliver = webhook(t);
    const evt = completed('evt_dup', session('cs_dup'));
    await Promise.all([deliver(evt), deliver(evt), deliver(evt)]);
    await t.settle();
    expect(t.fulfilled.map((f) => f.sessionId)).toEqual(['cs_dup']);
  });

  it('fulfils once for a redelivery under a new event id', async () => {
    const t = checkoutRuntime();
    const deliver = webhook(t);
    await deliver(completed('evt_a', session('cs_re')));
    await deliver(completed('evt_b', session('cs_re')));
    await t.settle();
    expect(t.fulfilled).toHaveLength(1);
    expect((await t.idempotency.get('evt_b'))?.result).toEqual({
      sessionId: 'cs_re',
      outcome: 'already_fulfilled',
    });
  });

  it('fulfils once for completed + async_payment_succeeded of one paid session, even concurrently', async () => {
    const t = checkoutRuntime();
    const deliver = webhook(t);
    await Promise.all([
      deliver(completed('evt_c', session('cs_both'))),
      deliver(asyncSucceeded('evt_s', session('cs_both'))),
    ]);
    await t.settle();
    expect(t.fulfilled.map((f) => f.sessionId)).toEqual(['cs_both']);
  });

  it('waits for the delayed payment: unpaid completed, then async_payment_succeeded fulfils once', async () => {
    const t = checkoutRuntime();
    const deliver = webhook(t);
    await deliver(completed('evt_u', session('cs_ach', { payment_status: 'unpaid' })));
    await t.settle();
    expect(t.fulfilled).toEqual([]);
    expect((await t.idempotency.get('evt_u'))?.result).toEqual({
      sessionId: 'cs_ach',
      outcome: 'awaiting_payment',
    });
    await deliver(asyncSucceeded('evt_p', session('cs_ach')));
    await deliver(asyncSucceeded('evt_p2', session('cs_ach'))); // a stray redelivery
    await t.settle();
    expect(t.fulfilled).toEqual([{ sessionId: 'cs_ach', eventId: 'evt_p', key: 'checkout:cs_ach' }]);
  });

  it('handles out-of-order delivery: async_payment_succeeded before completed fulfils once', async () => {
    const t = checkoutRuntime();
    const deliver = webhook(t);
    await deliver(asyncSucceeded('evt_late_s', session('cs_ooo')));
    await t.settle();
    await deliver(completed('evt_late_c', session('cs_ooo', { payment_status: 'unpaid' })));
    await t.settle();
    expect(t.fulfilled.map((f) => f.eventId)).toEqual(['evt_late_s']);
  });

  it('out of order with refetch: the late completed event re-reads the session and finds it fulfilled', async () => {
    const standIn = await stripeStandIn();
    cleanup = standIn.close;
    standIn.put(session('cs_ooo_refetch'));
    const t = checkoutRuntime({ stripe: standIn.client });
    const deliver = webhook(t);
    await deliver(asyncSucceeded('evt_ooo_s', session('cs_ooo_refetch')));
    await t.settle();
    await deliver(completed('evt_ooo_c', session('cs_ooo_refetch', { payment_status: 'unpaid' })));
    await t.settle();
    expect(t.fulfilled.map((f) => f.eventId)).toEqual(['evt_ooo_s']);
    expect((await t.idempotency.get('evt_ooo_c'))?.result).toEqual({
      sessionId: 'cs_ooo_refetch',
      outcome: 'already_fulfilled',
    });
  });

  it('alerts on async_payment_failed and calls onAsyncPaymentFailed, without fulfilling', async () => {
    const failed: string[] = [];
    const t = checkoutRuntime({
      onAsyncPaymentFailed: async (s) => {
        failed.push(s.id);
      },
    });
    const deliver = webhook(t);
    await deliver(completed('evt_f1', session('cs_fail', { payment_status: 'unpaid' })));
    await deliver(asyncFailed('evt_f2', session('cs_fail', { payment_status: 'unpaid' })));
    await t.settle();
    expect(t.fulfilled).toEqual([]);
    expect(failed).toEqual(['cs_fail']);
    expect(t.alerter.alerts).toEqual([
      expect.objectContaining({
        severity: 'warning',
        dedupeKey: 'stripe:async-payment-failed:cs_fail',
        fields: expect.objectContaining({ session: 'cs_fail' }),
      }),
    ]);
  });

  it('retries a fulfil that fails, and a retry after a failure still fulfils once', async () => {
    let calls = 0;
    const done: string[] = [];
    const t = checkoutRuntime({
      fulfil: async (s) => {
        calls++;
        if (calls < 3) throw new Error('database unavailable');
        done.push(s.id);
      },
    });
    const deliver = webhook(t);
    await deliver(completed('evt_r', session('cs_flaky')));
    await t.settle();
    expect(calls).toBe(3);
    expect(done).toEqual(['cs_flaky']);
    await deliver(asyncSucceeded('evt_r2', session('cs_flaky')));
    await t.settle();
    expect(calls).toBe(3);
  });

  it('dead-letters an event that carries no checkout session, with a critical alert', async () => {
    const t = checkoutRuntime();
    const deliver = webhook(t);
    await deliver(completed('evt_bad', { id: 'pi_1', object: 'payment_intent' }));
    await t.settle();
    const page = await t.lifeline.deadLetters.list({});
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      name: 'stripe/checkout.completed',
      attempts: 1,
      idempotencyKey: 'evt_bad',
    });
    expect(t.alerter.alerts.some((a) => a.severity === 'critical')).toBe(true);
  });

  it('queues follow-ups through ctx.send with their own retries, once per session', async () => {
    const receipts: string[] = [];
    let receiptCalls = 0;
    const sendReceipt = defineOperation({
      name: 'purchase/receipt.send',
      kind: 'email',
      schema: z.object({ sessionId: z.string() }),
      idempotencyKey: (d) => `receipt:${d.sessionId}`,
      retry: { attempts: 3 },
      run: async (d) => {
        if (++receiptCalls === 1) throw new Error('mail provider timeout');
        receipts.push(d.sessionId);
      },
    });
    const idempotency = memoryIdempotencyStore();
    const checkout = fulfilCheckout({
      idempotency,
      fulfil: async (s, ctx) => void (await ctx.send(sendReceipt, { sessionId: s.id })),
    });
    const t = checkoutRuntime();
    const lifeline = createLifeline({
      operations: [...checkout.operations, sendReceipt],
      idempotency,
      queue: inProcessQueue(),
      clock: t.clock,
      logger: silentLogger(),
      alerter: t.alerter,
    });
    const handle = stripeWebhookHandler({ stripe, secret: SECRET, lifeline, events: checkout.events });
    for (const id of ['evt_x1', 'evt_x2'])
      expect(
        (await handle(delivery(JSON.stringify(completed(id, session('cs_mail'))), t.clock))).status,
      ).toBe(200);
    await t.clock.run(lifeline.drain());
    expect(receipts).toEqual(['cs_mail']);
    expect(receiptCalls).toBe(2);
  });

  it('re-reads a session the event says is unpaid (refetch when-stale), through the real SDK', async () => {
    const standIn = await stripeStandIn();
    cleanup = standIn.close;
    standIn.put(session('cs_now_paid', { payment_status: 'paid' }));
    const t = checkoutRuntime({ stripe: standIn.client });
    const deliver = webhook(t);
    await deliver(completed('evt_stale', session('cs_now_paid', { payment_status: 'unpaid' })));
    await deliver(completed('evt_fresh', session('cs_paid_copy')));
    await t.settle();
    expect(t.fulfilled.map((f) => f.sessionId).sort()).toEqual(['cs_now_paid', 'cs_paid_copy']);
    // Only the stale copy was re-read.
    expect(standIn.seen.map((r) => r.path)).toEqual(['/v1/checkout/sessions/cs_now_paid']);
  });

  it('with refetch "always", decides on Stripe\'s copy even when the event says paid', async () => {
    const standIn = await stripeStandIn();
    cleanup = standIn.close;
    standIn.put(session('cs_refunded_view', { payment_status: 'unpaid' }));
    const t = checkoutRuntime({ stripe: standIn.client, refetch: 'always' });
    await webhook(t)(completed('evt_always', session('cs_refunded_view')));
    await t.settle();
    expect(t.fulfilled).toEqual([]);
    expect(standIn.seen).toHaveLength(1);
  });

  it('rejects refetch without a Stripe client', () => {
    expect(() =>
      fulfilCheckout({ idempotency: memoryIdempotencyStore(), fulfil: async () => {}, refetch: 'always' }),
    ).toThrow(/needs a Stripe client/);
  });
});
