import { isConfigurationError } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { stripeWebhookAck, stripeWebhookHandler } from '../src/index';
import { checkoutRuntime, delivery, event, OLD_SECRET, SECRET, session, sign, stripe } from './helpers';

function setup(options: { secrets?: string[]; toleranceSec?: number; maxBodyBytes?: number } = {}) {
  const runtime = checkoutRuntime();
  const handle = stripeWebhookHandler({
    stripe,
    ...(options.secrets ? { secrets: options.secrets } : { secret: SECRET }),
    lifeline: runtime.lifeline,
    events: runtime.checkout.events,
    ...(options.toleranceSec === undefined ? {} : { toleranceSec: options.toleranceSec }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  /** How many events the queue has run to a final result so far (after letting it settle). */
  const ran = async () => (await runtime.settle()).completed;
  return { ...runtime, handle, ran };
}

const completedBody = (id = 'evt_1', sessionId = 'cs_1') =>
  JSON.stringify(event(id, 'checkout.session.completed', session(sessionId)));
const nowSec = (clock: { now(): number }) => Math.floor(clock.now() / 1000);

describe('stripeWebhookHandler', () => {
  it('acknowledges a valid delivery with 200 and enqueues its operation once', async () => {
    const t = setup();
    const response = await t.handle(delivery(completedBody(), t.clock));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(await t.ran()).toBe(1);
    expect(t.fulfilled).toEqual([{ sessionId: 'cs_1', eventId: 'evt_1', key: 'checkout:cs_1' }]);
    // The Stripe event id is the idempotency key of the work.
    expect((await t.idempotency.get('evt_1'))?.status).toBe('completed');
  });

  it('rejects a payload signed with another secret: 400, nothing enqueued', async () => {
    const t = setup();
    const response = await t.handle(delivery(completedBody(), t.clock, { secret: 'whsec_someone_else' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid signature' });
    expect(await t.ran()).toBe(0);
    expect(t.fulfilled).toEqual([]);
    expect(await t.idempotency.get('evt_1')).toBeUndefined();
  });

  it('accepts a payload signed with the second secret during rotation, and only when it is configured', async () => {
    const rotating = setup({ secrets: [SECRET, OLD_SECRET] });
    expect(
      (await rotating.handle(delivery(completedBody(), rotating.clock, { secret: OLD_SECRET }))).status,
    ).toBe(200);
    expect(await rotating.ran()).toBe(1);

    const single = setup();
    expect(
      (await single.handle(delivery(completedBody(), single.clock, { secret: OLD_SECRET }))).status,
    ).toBe(400);
    expect(await single.ran()).toBe(0);
  });

  it('rejects a tampered body', async () => {
    const t = setup();
    const body = completedBody();
    const signature = sign(body, nowSec(t.clock));
    const tampered = body.replace('"amount_total":1999', '"amount_total":1');
    expect(tampered).not.toBe(body);
    const response = await t.handle(
      new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'stripe-signature': signature },
        body: tampered,
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid signature' });
    expect(await t.ran()).toBe(0);
  });

  it('rejects a signature older than the tolerance, and accepts one just inside it', async () => {
    const t = setup();
    const at = (ageSec: number, body: string) =>
      new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'stripe-signature': sign(body, nowSec(t.clock) - ageSec) },
        body,
      });
    const old = await t.handle(at(301, completedBody('evt_old')));
    expect(old.status).toBe(400);
    expect(await old.json()).toEqual({ error: 'signature timestamp outside tolerance' });
    expect((await t.handle(at(299, completedBody('evt_recent')))).status).toBe(200);
    expect(await t.ran()).toBe(1);

    const strict = setup({ toleranceSec: 60 });
    expect((await strict.handle(at(61, completedBody('evt_strict')))).status).toBe(400);
  });

  it('rejects a delivery without a Stripe-Signature header', async () => {
    const t = setup();
    const response = await t.handle(
      new Request('http://127.0.0.1/', { method: 'POST', body: completedBody() }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'missing Stripe-Signature header' });
    expect(await t.ran()).toBe(0);
  });

  it('rejects a correctly signed body that is not JSON, or not an event', async () => {
    const t = setup();
    const malformed = await t.handle(delivery('{"id": "evt_1", "type": ', t.clock));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed JSON' });
    for (const body of [
      '[1,2,3]',
      '"text"',
      '{"id":"evt_2"}',
      JSON.stringify({ id: 'evt_3', type: 'checkout.session.completed', created: 1, data: 5 }),
    ]) {
      const response = await t.handle(delivery(body, t.clock));
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({ error: 'not a Stripe event' });
    }
    expect(await t.ran()).toBe(0);
  });

  it('answers 200 to an event type it is not configured for, logs it at debug and enqueues nothing', async () => {
    const t = setup();
    const body = JSON.stringify(event('evt_9', 'customer.created', { id: 'cus_1', object: 'customer' }));
    const response = await t.handle(delivery(body, t.clock));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, ignored: true });
    expect(await t.ran()).toBe(0);
    expect(t.logger.lines).toContainEqual({
      level: 'debug',
      message: expect.stringContaining('not configured'),
      fields: { id: 'evt_9', type: 'customer.created' },
    });
    // A type named like an Object.prototype member is still just "not configured".
    expect(
      (await t.handle(delivery(JSON.stringify(event('evt_10', 'constructor', {})), t.clock))).status,
    ).toBe(200);
  });

  it('answers 413 to a body over the limit without reading the stream to its end', async () => {
    const t = setup({ maxBodyBytes: 1024 });
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 256;
        controller.enqueue(new Uint8Array(256).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'stripe-signature': sign('x', nowSec(t.clock)) },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    const response = await t.handle(request);
    expect(response.status).toBe(413);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(1024 + 2 * 256);
    expect(await t.ran()).toBe(0);
  });

  it('answers 413 from a declared Content-Length alone, before reading', async () => {
    const t = setup({ maxBodyBytes: 1024 });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const response = await t.handle(
      new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-length': '2048' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // a stream may pre-fill one chunk; the handler reads none
  });

  it('answers 400 when the body stream fails mid-way', async () => {
    const t = setup();
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const request = new Request('http://127.0.0.1/', {
      method: 'POST',
      body: failing,
      duplex: 'half',
    } as RequestInit);
    const response = await t.handle(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unreadable body' });
    expect(await t.ran()).toBe(0);
  });

  it('accepts a body exactly at the limit', async () => {
    const body = completedBody();
    const t = setup({ maxBodyBytes: Buffer.byteLength(body) });
    expect((await t.handle(delivery(body, t.clock))).status).toBe(200);
  });

  it('answers 405 with an Allow header to anything but POST', async () => {
    const t = setup();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await t.handle(new Request('http://127.0.0.1/', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    expect(await t.ran()).toBe(0);
  });

  it('answers 500 when the queue refuses the event, so Stripe retries', async () => {
    const t = setup();
    await t.lifeline.close(); // a closed in-process queue refuses with QueueRefusedError
    const response = await t.handle(delivery(completedBody(), t.clock));
    expect(response.status).toBe(500);
    expect(t.fulfilled).toEqual([]);
    expect(
      t.logger.lines.some(
        (line) => line.level === 'error' && String(line.fields?.error).includes('QueueRefusedError'),
      ),
    ).toBe(true);
  });

  it('refuses to build without a secret, or with an operation the lifeline does not run', () => {
    const t = checkoutRuntime();
    const noSecret = () => stripeWebhookHandler({ stripe, lifeline: t.lifeline, events: t.checkout.events });
    expect(noSecret).toThrow(/secret/);
    const other = checkoutRuntime({ name: 'other/checkout' });
    try {
      stripeWebhookHandler({ stripe, secret: SECRET, lifeline: t.lifeline, events: other.checkout.events });
      expect.unreachable();
    } catch (error) {
      expect(isConfigurationError(error)).toBe(true);
      expect(String(error)).toContain('other/checkout.completed');
    }
  });

  it('stripeWebhookAck gives the same answers from a raw body, for frameworks that read it themselves', async () => {
    const t = checkoutRuntime();
    const ack = stripeWebhookAck({ stripe, secret: SECRET, lifeline: t.lifeline, events: t.checkout.events });
    const body = completedBody('evt_raw', 'cs_raw');
    const header = sign(body, nowSec(t.clock));
    expect(await ack(Buffer.from(body), header)).toEqual({ status: 200, body: { received: true } });
    expect(await ack(body, sign(body, nowSec(t.clock), 'whsec_wrong'))).toEqual({
      status: 400,
      body: { error: 'invalid signature' },
    });
    expect(await ack(body, null)).toEqual({
      status: 400,
      body: { error: 'missing Stripe-Signature header' },
    });
    await t.settle();
    expect(t.fulfilled.map((f) => f.sessionId)).toEqual(['cs_raw']);
  });
});
