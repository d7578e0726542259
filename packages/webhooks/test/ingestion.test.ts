import {
  createLifeline,
  inProcessQueue,
  memoryIdempotencyStore,
  PermanentError,
  type Queue,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import {
  generateSigningSecret,
  type IngestedEvent,
  ingestedEventOperation,
  standardWebhooksVerifier,
  stripeVerifier,
  verifiedWebhookHandler,
} from '@lifeline/webhooks';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';

const START = Date.UTC(2026, 5, 1, 12);

function setup(options: { failFirst?: number; queue?: Queue; verifier?: 'standard' | 'stripe' } = {}) {
  const clock = virtualClock({ start: START });
  const secret = generateSigningSecret();
  const idempotency = memoryIdempotencyStore();
  const runs: IngestedEvent[] = [];
  let failures = options.failFirst ?? 0;
  const paid = ingestedEventOperation({
    name: 'partner/invoice.paid',
    retry: { attempts: 1 },
    run: async (event) => {
      runs.push(event);
      if (failures-- > 0) throw new PermanentError('the handler failed');
    },
  });
  const lifeline = createLifeline({
    operations: [paid],
    clock,
    idempotency,
    logger: silentLogger(),
    ...(options.queue ? { queue: options.queue } : {}),
  });
  const stripe = new Stripe('sk_test_x');
  const verifier =
    options.verifier === 'stripe'
      ? stripeVerifier({ stripe, secrets: [secret] })
      : standardWebhooksVerifier({ secrets: [secret] });
  const handler = verifiedWebhookHandler({
    verifier,
    lifeline,
    idempotency,
    events: { 'invoice.paid': paid },
  });
  const standardRequest = (id: string, body: string, signWith = secret, at = clock.now()) => {
    const signature = new Webhook(signWith).sign(id, new Date(at), body);
    return new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      body,
      headers: {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at / 1000)),
        'webhook-signature': signature,
      },
    });
  };
  const stripeRequest = (event: object) => {
    const payload = JSON.stringify(event);
    const header = stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(clock.now() / 1000),
    });
    return new Request('http://127.0.0.1/webhooks/stripe', {
      method: 'POST',
      body: payload,
      headers: { 'stripe-signature': header },
    });
  };
  return { clock, lifeline, handler, runs, secret, standardRequest, stripeRequest, idempotency };
}

const paidBody = JSON.stringify({
  type: 'invoice.paid',
  timestamp: '2026-06-01T12:00:00Z',
  data: { invoice: 'in_1' },
});

describe('verifiedWebhookHandler with the Standard Webhooks preset', () => {
  test('a signed event is enqueued, answered 200 after the queue accepted it, and runs once', async () => {
    const s = setup();
    const response = await s.handler(s.standardRequest('msg_1', paidBody));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    await s.clock.run(s.lifeline.drain());
    expect(s.runs).toEqual([
      { provider: 'standard-webhooks', id: 'msg_1', type: 'invoice.paid', payload: JSON.parse(paidBody) },
    ]);
  });

  test('a redelivery of a completed event is answered 200 duplicate and not run again', async () => {
    const s = setup();
    await s.handler(s.standardRequest('msg_dup', paidBody));
    await s.clock.run(s.lifeline.drain());
    const again = await s.handler(s.standardRequest('msg_dup', paidBody));
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    await s.clock.run(s.lifeline.drain());
    expect(s.runs).toHaveLength(1);
  });

  test('a redelivery after the event FAILED is processed again (a failed event is not done)', async () => {
    const s = setup({ failFirst: 1 });
    await s.handler(s.standardRequest('msg_failed', paidBody));
    await s.clock.run(s.lifeline.drain());
    expect((await s.lifeline.deadLetters.list()).items).toHaveLength(1);
    expect(await s.idempotency.get('ingest:standard-webhooks:msg_failed')).toBeUndefined();
    const again = await s.handler(s.standardRequest('msg_failed', paidBody));
    expect(await again.json()).toEqual({ received: true });
    await s.clock.run(s.lifeline.drain());
    expect(s.runs.map((r) => r.id)).toEqual(['msg_failed', 'msg_failed']);
    expect((await s.idempotency.get('ingest:standard-webhooks:msg_failed'))?.status).toBe('completed');
  });

  test('signatures are checked over the raw bytes: tampered, unknown-secret, stale and unsigned requests get 400', async () => {
    const s = setup();
    const tampered = s.standardRequest('msg_t', paidBody);
    const forged = new Request(tampered.url, {
      method: 'POST',
      headers: tampered.headers,
      body: paidBody.replace('in_1', 'in_2'),
    });
    const answers = await Promise.all([
      s.handler(forged),
      s.handler(s.standardRequest('msg_u', paidBody, generateSigningSecret())),
      s.handler(s.standardRequest('msg_s', paidBody, s.secret, s.clock.now() - 301_000)),
      s.handler(s.standardRequest('msg_f', paidBody, s.secret, s.clock.now() + 301_000)),
      s.handler(new Request('http://127.0.0.1/webhooks', { method: 'POST', body: paidBody })),
    ]);
    expect(await Promise.all(answers.map(async (r) => [r.status, (await r.json()).error]))).toEqual([
      [400, 'invalid signature'],
      [400, 'invalid signature'],
      [400, 'signature timestamp outside tolerance'],
      [400, 'signature timestamp outside tolerance'],
      [400, 'missing signature headers'],
    ]);
    await s.clock.run(s.lifeline.drain());
    expect(s.runs).toHaveLength(0);
  });

  test('a body whose bytes are not UTF-8 is refused even if signed as the lenient decoding', async () => {
    const s = setup();
    const bytes = new Uint8Array([...new TextEncoder().encode(paidBody.slice(0, -1)), 0xff, 0x7d]);
    const lenient = new TextDecoder().decode(bytes);
    const signed = s.standardRequest('msg_utf', lenient);
    const response = await s.handler(
      new Request(signed.url, { method: 'POST', headers: signed.headers, body: bytes }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('body is not valid UTF-8');
  });

  test('unconfigured types are acknowledged and ignored; a refusing queue gets 500 so the sender retries', async () => {
    const s = setup();
    const other = await s.handler(
      s.standardRequest('msg_o', JSON.stringify({ type: 'invoice.voided', data: {} })),
    );
    expect(await other.json()).toEqual({ received: true, ignored: true });
    const closed = inProcessQueue();
    const refusing = setup({ queue: closed });
    await refusing.lifeline.close();
    const response = await refusing.handler(refusing.standardRequest('msg_r', paidBody));
    expect(response.status).toBe(500);
  });

  test('only POST is accepted and a body over the limit is 413', async () => {
    const s = setup();
    expect((await s.handler(new Request('http://127.0.0.1/webhooks'))).status).toBe(405);
    const big = new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect((await s.handler(big)).status).toBe(413);
  });
});

describe('verifiedWebhookHandler with the Stripe preset', () => {
  test('a Stripe-signed event is enqueued under its evt_ id; a redelivery after completion is a duplicate', async () => {
    const s = setup({ verifier: 'stripe' });
    const event = {
      id: 'evt_stripe_1',
      object: 'event',
      type: 'invoice.paid',
      data: { object: { id: 'in_1' } },
    };
    expect((await s.handler(s.stripeRequest(event))).status).toBe(200);
    await s.clock.run(s.lifeline.drain());
    expect(s.runs.map((r) => [r.provider, r.id, r.type])).toEqual([
      ['stripe', 'evt_stripe_1', 'invoice.paid'],
    ]);
    expect(await (await s.handler(s.stripeRequest(event))).json()).toEqual({
      received: true,
      duplicate: true,
    });
    const unsigned = new Request('http://127.0.0.1/webhooks/stripe', {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'stripe-signature': 't=1,v1=00' },
    });
    expect((await s.handler(unsigned)).status).toBe(400);
  });
});
