/**
 * The webhook ack path against bare signature verification, on the same payloads, in one run.
 *
 *   pnpm exec tsx bench/ack.bench.ts      (in packages/stripe; ROUNDS and PER_ROUND env vars optional)
 *
 * - bare: `stripe.webhooks.constructEvent(body, header, secret)`: what any Stripe webhook must do.
 * - verify + validate: `verifyStripeEvent` + `toStripeEventPayload`, i.e. the ack without the enqueue,
 *   to tell this package's own cost from the queue's.
 * - ack: `stripeWebhookAck(...)(rawBody, signature)`: verify (constructEventAsync), validate, and
 *   `lifeline.send` into the in-process queue of a real `createLifeline` (memory stores, a checkout
 *   fulfilment operation). The in-process queue starts an accepted event's attempt at once, so whatever
 *   of that attempt runs before the ack resolves is counted too. The queue is drained (untimed) after
 *   each request, so earlier events never land in a timing.
 * - handler: `stripeWebhookHandler(...)(request)`: the same plus reading the Request body stream and
 *   building the Response; then once more while the queue is still busy with earlier events.
 *
 * Requests are built before timing (a server framework builds them), each with its own event id. Every
 * path is timed the same way (around an awaited call); the figure is the median per request.
 */
import { createLifeline, inProcessQueue, memoryIdempotencyStore, silentLogger } from '@lifeline/core';
import Stripe from 'stripe';
import { fulfilCheckout, stripeWebhookAck, stripeWebhookHandler, toStripeEventPayload } from '../src/index';
import { verifyStripeEvent } from '../src/verify-event';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const PER_ROUND = Number(process.env.PER_ROUND ?? 2_000);
const secret = 'whsec_bench';
const stripe = new Stripe('sk_test_bench', { maxNetworkRetries: 0 });

function checkoutEvent(id: string): string {
  const session = {
    id: `cs_test_${id}`,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: 4900,
    amount_total: 4900,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: 'https://example.com/cancel',
    client_reference_id: 'user_12345',
    created: 1767225000,
    currency: 'usd',
    customer: 'cus_Qx1234567890',
    customer_creation: 'if_required',
    customer_details: {
      address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null },
      email: 'buyer@example.com',
      name: 'A Buyer',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    customer_email: null,
    expires_at: 1767311400,
    invoice: null,
    livemode: false,
    locale: null,
    metadata: { purchaseId: `pur_${id}`, leads: '250' },
    mode: 'payment',
    payment_intent: `pi_${id}`,
    payment_method_types: ['card'],
    payment_status: 'paid',
    phone_number_collection: { enabled: false },
    shipping_options: [],
    status: 'complete',
    submit_type: null,
    success_url: 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: null,
  };
  return JSON.stringify(
    {
      id: `evt_${id}`,
      object: 'event',
      api_version: '2026-01-28.clover',
      created: 1767225600,
      data: { object: session },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.completed',
    },
    null,
    2,
  );
}

const idempotency = memoryIdempotencyStore();
const checkout = fulfilCheckout({ idempotency, fulfil: async () => {} });
const lifeline = createLifeline({
  operations: checkout.operations,
  idempotency,
  queue: inProcessQueue({ concurrency: 10 }),
  logger: silentLogger(),
});
const options = { stripe, secret, lifeline, events: checkout.events };
const ack = stripeWebhookAck(options);
const handle = stripeWebhookHandler(options);
const encoder = new TextEncoder();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let serial = 0;
function batch() {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: PER_ROUND }, () => {
    const body = checkoutEvent(String(++serial));
    return {
      body,
      bytes: encoder.encode(body),
      header: stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: now }),
    };
  });
}

const request = (body: string, header: string) =>
  new Request('http://127.0.0.1/api/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body,
  });

async function timed(fn: () => Promise<number> | number): Promise<number> {
  const start = process.hrtime.bigint();
  const status = await fn();
  const elapsed = Number(process.hrtime.bigint() - start);
  if (status !== 200) throw new Error(`answered ${status}`);
  return elapsed;
}

async function main() {
  const results = {
    bare: [] as number[],
    check: [] as number[],
    ack: [] as number[],
    handler: [] as number[],
    loaded: [] as number[],
  };
  for (let round = -2; round < ROUNDS; round++) {
    const keep = (list: number[], value: number) => round >= 0 && list.push(value);
    const items = batch();
    for (const { body, header } of items) {
      keep(
        results.bare,
        await timed(() => {
          stripe.webhooks.constructEvent(body, header, secret);
          return 200;
        }),
      );
    }
    // Our part alone, for attribution: verify + validate, no enqueue.
    for (const { body, header } of items) {
      keep(
        results.check,
        await timed(async () => {
          const verified = await verifyStripeEvent(stripe, body, header, [secret], 300, Date.now());
          if (!verified.ok) return 400;
          toStripeEventPayload(verified.event);
          return 200;
        }),
      );
    }
    // Idle server: the queue is drained (untimed) after each request, so earlier work never lands in a timing.
    for (const { bytes, header } of items.slice(0, PER_ROUND / 2)) {
      keep(results.ack, await timed(async () => (await ack(bytes, header)).status));
      await lifeline.drain();
    }
    const requests = items.slice(PER_ROUND / 2).map(({ body, header }) => request(body, header));
    for (const req of requests) {
      keep(results.handler, await timed(async () => (await handle(req)).status));
      await lifeline.drain();
    }
    // Under load: the same handler while the queue works through everything acked before.
    const more = batch().map(({ body, header }) => request(body, header));
    for (const req of more) keep(results.loaded, await timed(async () => (await handle(req)).status));
    await lifeline.drain();
  }
  const us = (list: number[]) => median(list) / 1000;
  const bare = us(results.bare);
  const line = (name: string, value: number) =>
    console.log(`${name.padEnd(46)} ${value.toFixed(1).padStart(7)} µs   ${(value / bare).toFixed(2)}×`);
  console.log(
    `payload ${Buffer.byteLength(checkoutEvent('1'))} bytes, ${ROUNDS} rounds, node ${process.version}; median per request`,
  );
  line('bare stripe.webhooks.constructEvent', bare);
  line('verify + validate (no enqueue)', us(results.check));
  line('ack: verify + validate + enqueue', us(results.ack));
  line('handler: Request body + ack + Response', us(results.handler));
  line('handler, queue busy with earlier events', us(results.loaded));
  console.log('goal: ack ≤ 1.5× bare');
  await lifeline.close();
}

await main();
