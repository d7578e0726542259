import { memoryIdempotencyStore } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { stripeWebhookHandler } from '../src/index';
import { checkoutRuntime, delivery, event, SECRET, session, stripe } from './helpers';

const completed = (id: string, sessionId: string) =>
  JSON.stringify(event(id, 'checkout.session.completed', session(sessionId)));

describe('fulfilCheckout without an `idempotency` option', () => {
  it("claims each session in the running Lifeline's own store (ctx.idempotency) and fulfils it once", async () => {
    const t = checkoutRuntime({ idempotency: undefined });
    const handle = stripeWebhookHandler({
      stripe,
      secret: SECRET,
      lifeline: t.lifeline,
      events: t.checkout.events,
    });
    // Two different events for one session: fulfilled once, because the session claim is shared.
    expect((await handle(delivery(completed('evt_a', 'cs_shared'), t.clock))).status).toBe(200);
    expect((await handle(delivery(completed('evt_b', 'cs_shared'), t.clock))).status).toBe(200);
    await t.settle();
    expect(t.fulfilled).toEqual([{ sessionId: 'cs_shared', eventId: 'evt_a', key: 'checkout:cs_shared' }]);
    expect((await t.idempotency.get('checkout:cs_shared'))?.status).toBe('completed');
  });

  it('still takes another store when one is given', async () => {
    const elsewhere = memoryIdempotencyStore();
    const t = checkoutRuntime({ idempotency: elsewhere });
    const handle = stripeWebhookHandler({
      stripe,
      secret: SECRET,
      lifeline: t.lifeline,
      events: t.checkout.events,
    });
    expect((await handle(delivery(completed('evt_c', 'cs_other'), t.clock))).status).toBe(200);
    await t.settle();
    expect((await elsewhere.get('checkout:cs_other'))?.status).toBe('completed');
    expect(await t.idempotency.get('checkout:cs_other')).toBeUndefined();
  });
});
