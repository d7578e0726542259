/**
 * The webhook ack path against bare signature verification with the same API, on the same payloads, in
 * one run: ratios from throughput over the same interleaved rounds.
 *
 *   pnpm --filter @lifeline/stripe bench   (node --expose-gc --import tsx bench/ack.bench.ts; ROUNDS and
 *   PER_ROUND env vars optional)
 *
 * Sides, each given the raw request bytes and the `Stripe-Signature` header of the same deliveries:
 * - bare (the reference): `await stripe.webhooks.constructEventAsync(bytes, header, secret)`: verify the
 *   HMAC over the raw bytes once and parse the event, the least any Stripe webhook must do. The async API
 *   on both sides, because the ack uses it (it also runs where only async crypto exists).
 * - bare, sync API: `stripe.webhooks.constructEvent(bytes, header, secret)`, for information.
 * - verify + validate: `verifyStripeEvent` + `toStripeEventPayload`, for information: the package's own
 *   cost before the enqueue. The ack no longer runs `toStripeEventPayload` for a `stripeEventOperation`:
 *   it leaves the one validation to `lifeline.send`, which parses the payload with the same schema.
 * - ack: `stripeWebhookAck(...)(bytes, header)`: verify (once, over the raw bytes, with
 *   `constructEventAsync`), validate the event (once, in `send`), and `lifeline.send` it into the in-process queue of a real
 *   `createLifeline` (memory stores, a checkout fulfilment operation), answering 200 only once enqueued.
 * - handler: `stripeWebhookHandler(...)(request)`: the same plus reading the Request body stream and
 *   building the Response (for information).
 *
 * What is in a timed window: one side's call for one request (mode "idle", the goal's figure: PER_ROUND / 2
 * windows per side and round, `lifeline.drain()` and a young-generation collection untimed after each, so
 * every request meets an idle queue and a clean nursery), or PER_ROUND / 2 requests awaited one after another (mode "burst", for information: the queue
 * holds every event acked in the window until it ends, which the garbage collector pays for), between two
 * `process.hrtime.bigint()` reads; nothing else. No attempt of an acked event runs in a window: the
 * in-process queue starts attempts on a later turn of the event loop (`setImmediate`), and a window of
 * the ack side runs in microtasks only (Node's `constructEventAsync` never waits for I/O); the drains
 * run them, untimed. The handler side awaits the Request body stream, which may let attempts of its own
 * burst's events run inside its window; it is for information only. Ratios are from throughput: all
 * timed calls over all timed ns of every round, per side.
 */

import { loadavg } from 'node:os';
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

let serial = 0;
function batch(size: number) {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: size }, () => {
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

type Delivery = ReturnType<typeof batch>[number];

/** Each side takes one delivery and answers its HTTP status. */
const sides: Record<string, (delivery: Delivery, req: Request) => Promise<number> | number> = {
  'bare constructEventAsync (reference)': async ({ bytes, header }) => {
    await stripe.webhooks.constructEventAsync(bytes, header, secret);
    return 200;
  },
  'bare constructEvent (sync API)': ({ bytes, header }) => {
    stripe.webhooks.constructEvent(bytes, header, secret);
    return 200;
  },
  'verify + validate (no enqueue)': async ({ bytes, header }) => {
    const verified = await verifyStripeEvent(stripe, bytes, header, [secret], 300, Date.now());
    if (!verified.ok) return 400;
    toStripeEventPayload(verified.event);
    return 200;
  },
  'ack: verify + validate + enqueue': async ({ bytes, header }) => (await ack(bytes, header)).status,
  'handler: Request body + ack + Response': async (_, req) => (await handle(req)).status,
};

/**
 * Times `deliveries` through one side, one after another, and returns the timed ns. `idle`: one timed
 * window per request, `lifeline.drain()` (untimed) after each, so every request meets an idle queue, as on
 * a server whose workers keep up. Otherwise one window around all of them, the queue holding every event
 * acked so far until the window ends (a burst; the attempts still run only after it).
 */
async function timeSide(
  side: (typeof sides)[string],
  deliveries: Delivery[],
  requests: Request[],
  idle: boolean,
): Promise<number> {
  let ns = 0;
  let start = process.hrtime.bigint();
  for (let i = 0; i < deliveries.length; i++) {
    // A young-generation collection (untimed) before each request, for every side: the garbage the
    // drained attempts of the previous request left is not collected inside this request's window.
    if (idle) minorGc?.();
    if (idle) start = process.hrtime.bigint();
    const status = await side(deliveries[i]!, requests[i]!);
    if (idle) {
      ns += Number(process.hrtime.bigint() - start);
      await lifeline.drain();
    }
    if (status !== 200) throw new Error(`answered ${status}`);
  }
  if (!idle) ns = Number(process.hrtime.bigint() - start);
  await lifeline.drain(); // untimed: the attempts of the events just acked
  return ns;
}

/** A scavenge of the young generation, when run with --expose-gc. */
const exposedGc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
const minorGc = exposedGc && (() => exposedGc({ type: 'minor' }));

type Totals = Map<string, { ns: number; calls: number }>;

async function main() {
  const names = Object.keys(sides);
  const modes = { idle: true, burst: false };
  const totals = Object.fromEntries(
    Object.keys(modes).map((mode) => [mode, new Map(names.map((name) => [name, { ns: 0, calls: 0 }]))]),
  ) as Record<keyof typeof modes, Totals>;
  const size = PER_ROUND / 2;
  for (let round = -2; round < ROUNDS; round++) {
    // The order rotates every round, so no side always runs right after another's garbage.
    const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length]!);
    for (const [mode, idle] of Object.entries(modes) as [keyof typeof modes, boolean][]) {
      for (const name of order) {
        // Each side gets its own event ids (every ack enqueues new work), made before timing; Requests
        // only for the side that reads them.
        const deliveries = batch(size);
        const requests = name.startsWith('handler') ? deliveries.map((d) => request(d.body, d.header)) : [];
        // Every side starts from a collected heap (with --expose-gc), so none pays for the garbage of
        // making the deliveries or of the side before it; its own garbage it pays for.
        (globalThis as { gc?: () => void }).gc?.();
        const ns = await timeSide(sides[name]!, deliveries, requests, idle);
        if (round < 0) continue; // warm-up
        const total = totals[mode].get(name)!;
        total.ns += ns;
        total.calls += size;
      }
    }
  }
  console.log(
    `payload ${Buffer.byteLength(checkoutEvent('1'))} bytes, ${ROUNDS} rounds of ${size} requests per side and mode, node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  const ratios: Record<string, number> = {};
  for (const mode of Object.keys(modes) as (keyof typeof modes)[]) {
    const perSec = (name: string) => {
      const { ns, calls } = totals[mode].get(name)!;
      return calls / (ns / 1e9);
    };
    const reference = perSec(names[0]!);
    console.log(
      mode === 'idle'
        ? 'idle queue (one window per request, drained after each):'
        : 'burst (one window per side and round, the queue holds what was acked):',
    );
    for (const name of names) {
      const rate = perSec(name);
      console.log(
        `  ${name.padEnd(42)} ${Math.round(rate).toLocaleString('en-US').padStart(8)} req/s  ${(1e6 / rate).toFixed(1).padStart(6)} µs/req  ${(reference / rate).toFixed(3)}×`,
      );
    }
    ratios[mode] = reference / perSec('ack: verify + validate + enqueue');
  }
  const ratio = ratios.idle!;
  console.log(
    `goal: ack ≤ 1.3× bare constructEventAsync (idle queue): ${ratio.toFixed(3)}× → ${ratio <= 1.3 ? 'met' : 'NOT met'}; burst ${ratios.burst!.toFixed(3)}× (information)`,
  );
  await lifeline.close();
}

await main();
