import { describe, expect, it } from 'vitest';
import { stripeWebhookAck, stripeWebhookHandler } from '../src/index';
import { checkoutRuntime, event, SECRET, session, sign, stripe } from './helpers';

/** The signature is Stripe's own (stripe.webhooks.generateTestHeaderString); the bytes sent vary. */
function setup(toleranceSec?: number) {
  const runtime = checkoutRuntime();
  const options = {
    stripe,
    secret: SECRET,
    lifeline: runtime.lifeline,
    events: runtime.checkout.events,
    ...(toleranceSec === undefined ? {} : { toleranceSec }),
  };
  const handle = stripeWebhookHandler(options);
  const ack = stripeWebhookAck(options);
  const now = Math.floor(runtime.clock.now() / 1000);
  const ran = async () => (await runtime.settle()).completed;
  return { ...runtime, handle, ack, now, ran };
}

const body = JSON.stringify(event('evt_raw', 'checkout.session.completed', session('cs_raw')));
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
};
const post = (bytes: Uint8Array<ArrayBuffer>, signature: string) =>
  new Request('http://127.0.0.1/api/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: bytes,
  });

describe('the signature is verified over the raw bytes', () => {
  it('accepts the exact signed bytes (control)', async () => {
    const t = setup();
    const response = await t.handle(post(utf8(body), sign(body, t.now)));
    expect(response.status).toBe(200);
    expect(await t.ran()).toBe(1);
  });

  it('rejects a UTF-8 BOM prepended to a signed body', async () => {
    const t = setup();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const response = await t.handle(post(concat(bom, utf8(body)), sign(body, t.now)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid signature' });
    expect(await t.ran()).toBe(0);
  });

  it('rejects invalid UTF-8 prepended to, or inside, a signed body', async () => {
    const t = setup();
    for (const junk of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbb]]) {
      const response = await t.handle(post(concat(new Uint8Array(junk), utf8(body)), sign(body, t.now)));
      expect(response.status, `prefix ${junk}`).toBe(400);
      expect(await response.json()).toEqual({ error: 'body is not valid UTF-8' });
    }
    // A body Stripe never sends: signed over the U+FFFD a lenient decoder would turn 0xff into.
    const replaced = `\uFFFD${body}`;
    const lenient = await t.handle(post(concat(new Uint8Array([0xff]), utf8(body)), sign(replaced, t.now)));
    expect(lenient.status).toBe(400);
    expect(await t.ran()).toBe(0);
  });

  it('keeps multi-byte characters intact: a signed body with non-ASCII text verifies', async () => {
    const t = setup();
    const text = JSON.stringify(
      event('evt_utf8', 'checkout.session.completed', session('cs_utf8', { metadata: { name: 'Zoë 💳' } })),
    );
    const response = await t.handle(post(utf8(text), sign(text, t.now)));
    expect(response.status).toBe(200);
  });

  it('stripeWebhookAck takes bytes with the same rules', async () => {
    const t = setup();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    expect((await t.ack(concat(bom, utf8(body)), sign(body, t.now))).status).toBe(400);
    expect((await t.ack(utf8(body), sign(body, t.now))).status).toBe(200);
  });
});

describe('the timestamp must be within the tolerance in both directions', () => {
  it('rejects a timestamp beyond the tolerance in the future, accepts one just inside', async () => {
    const t = setup();
    const future = await t.handle(post(utf8(body), sign(body, t.now + 301)));
    expect(future.status).toBe(400);
    expect(await future.json()).toEqual({ error: 'signature timestamp outside tolerance' });
    expect(t.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ reason: 'timestamp_outside_tolerance' }),
      }),
    );
    expect((await t.handle(post(utf8(body), sign(body, t.now + 299)))).status).toBe(200);
    expect(await t.ran()).toBe(1);
  });

  it('honours a custom tolerance, and toleranceSec 0 turns the check off as in the SDK', async () => {
    const strict = setup(60);
    expect((await strict.handle(post(utf8(body), sign(body, strict.now + 61)))).status).toBe(400);
    expect((await strict.handle(post(utf8(body), sign(body, strict.now + 59)))).status).toBe(200);
    const off = setup(0);
    expect((await off.handle(post(utf8(body), sign(body, off.now + 86_400)))).status).toBe(200);
  });
});
