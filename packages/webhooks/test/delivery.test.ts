import { generateSigningSecret, STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS } from '@lifeline/webhooks';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, test } from 'vitest';
import { deliveryHarness } from './harness';

let harness: Awaited<ReturnType<typeof deliveryHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('partner webhook delivery against a stand-in receiver on 127.0.0.1', () => {
  test('a delivery is signed as Standard Webhooks and verifies with the real standardwebhooks package', async () => {
    harness = await deliveryHarness();
    await harness.publishAndSettle({ id: 'evt_signed', data: { purchaseId: 'p_1' } });
    const [delivery] = harness.receiver.received;
    expect(harness.receiver.received).toHaveLength(1);
    expect(delivery!.path).toBe('/hooks');
    expect(delivery!.verifiedBy).toEqual([true]);
    expect(delivery!.headers['webhook-id']).toBe('evt_signed');
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({ type: 'purchase.fulfilled', data: { purchaseId: 'p_1' } });
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    // A tampered body does not verify with the same headers.
    expect(() =>
      new Webhook(harness!.secret).verify(delivery!.body.replace('p_1', 'p_2'), delivery!.headers),
    ).toThrow();
  });

  test('during a secret rotation every delivery carries both signatures; either secret verifies it', async () => {
    harness = await deliveryHarness();
    const next = generateSigningSecret();
    await harness.endpoints.rotateSecret('acme', next, harness.clock.now(), 86_400_000);
    await harness.publishAndSettle({ id: 'evt_rotation' });
    const [delivery] = harness.receiver.received;
    const signatures = delivery!.headers['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    expect(() => new Webhook(next).verify(delivery!.body, delivery!.headers)).not.toThrow();
    expect(() => new Webhook(harness!.secret).verify(delivery!.body, delivery!.headers)).not.toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(delivery!.body, delivery!.headers)).toThrow();
  });

  test('failed attempts follow the spec schedule (immediately, 5 s, 5 min, 30 min) until a 2xx', async () => {
    harness = await deliveryHarness({ answer: (_d, i) => ({ status: i < 3 ? 500 : 204 }) });
    const start = harness.clock.now();
    await harness.publishAndSettle({ id: 'evt_schedule' });
    const offsets = harness.receiver.received.map((d) => d.at - start);
    expect(harness.receiver.received.map((d) => d.status)).toEqual([500, 500, 500, 204]);
    expect(offsets).toEqual([0, 5_000, 5_000 + 300_000, 5_000 + 300_000 + 1_800_000]);
    expect(new Set(harness.receiver.received.map((d) => d.headers['webhook-id']))).toEqual(
      new Set(['evt_schedule']),
    );
    expect((await harness.deadLetters.list()).items).toHaveLength(0);
  });

  test('an endpoint that never answers 2xx gets all 10 attempts over the whole schedule, then a dead letter', async () => {
    harness = await deliveryHarness({
      answer: () => ({ status: 503 }),
      webhooks: { circuitBreaker: { failureThreshold: 100 } },
    });
    const start = harness.clock.now();
    await harness.publishAndSettle({ id: 'evt_exhausted' });
    const offsets = harness.receiver.received.map((d) => d.at - start);
    let total = 0;
    expect(offsets).toEqual([0, ...STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS.map((ms) => (total += ms))]);
    expect(offsets.at(-1)).toBe((75 * 60 + 35) * 60_000 + 5_000); // 75:35:05, the spec's table
    const { items } = await harness.deadLetters.list();
    expect(items).toHaveLength(1);
    expect(items[0]!.attempts).toBe(10);
    expect(items[0]!.idempotencyKey).toBe('webhook:evt_exhausted:acme');
    expect(items[0]!.error.message).toContain('HTTP 503');
    expect(
      harness.alerter.alerts.some(
        (a) => a.message.includes('webhooks/partner/deliver') || a.title.includes('webhooks/partner/deliver'),
      ),
    ).toBe(true);
  });

  test('3xx is a failure and the redirect is not followed', async () => {
    harness = await deliveryHarness({
      answer: (d) =>
        d.path === '/hooks' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 },
      webhooks: { schedule: [1_000] },
    });
    await harness.publishAndSettle({ id: 'evt_redirect' });
    expect(harness.receiver.received.map((d) => d.path)).toEqual(['/hooks', '/hooks']);
    expect((await harness.deadLetters.list()).items[0]!.error.message).toContain('HTTP 302');
  });

  test('410 Gone disables the endpoint, alerts, and dead-letters without another attempt', async () => {
    harness = await deliveryHarness({ answer: () => ({ status: 410 }) });
    await harness.publishAndSettle({ id: 'evt_gone' });
    expect(harness.receiver.received).toHaveLength(1);
    const endpoint = await harness.endpoints.get('acme');
    expect(endpoint).toMatchObject({ status: 'disabled', disabledReason: 'the endpoint answered 410 Gone' });
    expect(
      harness.alerter.alerts.find((a) => a.title === 'Partner webhook endpoint disabled')?.fields,
    ).toMatchObject({
      endpoint: 'acme',
    });
    expect((await harness.deadLetters.list()).items).toHaveLength(1);
    // Later events are not delivered to the disabled endpoint at all.
    await harness.publishAndSettle({ id: 'evt_after_gone' });
    expect(harness.receiver.received).toHaveLength(1);
  });

  test('429 with Retry-After waits as told, and pauses the endpoint for other deliveries too', async () => {
    harness = await deliveryHarness({
      answer: (_d, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 }),
    });
    const start = harness.clock.now();
    await harness.lifeline.send(harness.webhooks.publish, {
      id: 'evt_a',
      type: 'purchase.fulfilled',
      data: 1,
    });
    await harness.clock.run(harness.lifeline.drain());
    // First attempt throttled at 0, retried at 120 s (not the schedule's 5 s).
    expect(harness.receiver.received.map((d) => [d.headers['webhook-id'], d.status, d.at - start])).toEqual([
      ['evt_a', 429, 0],
      ['evt_a', 200, 120_000],
    ]);
  });

  test('502 and 504 throttle: a second message to the paused endpoint waits instead of being sent', async () => {
    harness = await deliveryHarness({
      answer: (_d, i) => (i === 0 ? { status: 502 } : { status: 200 }),
      webhooks: { schedule: [60_000] },
    });
    const start = harness.clock.now();
    await harness.lifeline.send(harness.webhooks.publish, {
      id: 'evt_first',
      type: 'purchase.fulfilled',
      data: 1,
    });
    await harness.clock.run(harness.lifeline.drain());
    await harness.lifeline.send(harness.webhooks.publish, {
      id: 'evt_second',
      type: 'purchase.fulfilled',
      data: 2,
    });
    await harness.clock.run(harness.lifeline.drain());
    const sent = harness.receiver.received.map((d) => [d.headers['webhook-id'], d.status, d.at - start]);
    expect(sent).toEqual([
      ['evt_first', 502, 0],
      ['evt_first', 200, 60_000],
      ['evt_second', 200, 60_000],
    ]);
  });

  test('a hung endpoint is cut at requestTimeoutMs and retried', async () => {
    harness = await deliveryHarness({
      answer: (_d, i) => (i === 0 ? 'hang' : { status: 200 }),
      webhooks: { requestTimeoutMs: 300 },
    });
    const started = Date.now();
    await harness.publishAndSettle({ id: 'evt_timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(harness.receiver.received).toHaveLength(2);
    expect(harness.receiver.received[1]!.status).toBe(200);
  });

  test('the circuit opens after repeated failures: attempts wait without sending, a trial closes it', async () => {
    harness = await deliveryHarness({
      answer: (_d, i) => ({ status: i < 2 ? 500 : 200 }),
      webhooks: { schedule: [1_000, 1_000, 1_000], circuitBreaker: { failureThreshold: 2, openMs: 600_000 } },
    });
    const start = harness.clock.now();
    await harness.publishAndSettle({ id: 'evt_breaker' });
    // Two failures open the circuit for 10 min: the next send is the half-open trial at 1 s + 10 min.
    expect(harness.receiver.received.map((d) => [d.status, d.at - start])).toEqual([
      [500, 0],
      [500, 1_000],
      [200, 601_000],
    ]);
    expect(harness.webhooks.circuits.inspect('acme')).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    });
  });

  test('an endpoint failing for disableAfterMs is disabled with an alert', async () => {
    harness = await deliveryHarness({
      answer: () => ({ status: 500 }),
      webhooks: {
        schedule: [60_000, 60_000, 60_000, 60_000, 60_000],
        circuitBreaker: { failureThreshold: 1, openMs: 60_000 },
        disableAfterMs: 3 * 60_000,
      },
    });
    await harness.publishAndSettle({ id: 'evt_sustained' });
    const endpoint = await harness.endpoints.get('acme');
    expect(endpoint?.status).toBe('disabled');
    expect(endpoint?.disabledReason).toMatch(/^failing without a success for 3 min$/);
    expect(
      harness.alerter.alerts.filter((a) => a.title === 'Partner webhook endpoint disabled'),
    ).toHaveLength(1);
    expect(harness.receiver.received).toHaveLength(4); // at 0, 1, 2 and 3 min
    expect((await harness.deadLetters.list()).items).toHaveLength(1);
  });

  test('publishing one event twice delivers it to each endpoint once', async () => {
    harness = await deliveryHarness();
    await harness.endpoints.register(
      { id: 'beta', url: `${harness.receiver.url}/beta` },
      harness.clock.now(),
    );
    await harness.endpoints.register(
      { id: 'other-types', url: `${harness.receiver.url}/other`, eventTypes: ['refund.created'] },
      harness.clock.now(),
    );
    await harness.publishAndSettle({ id: 'evt_twice' });
    await harness.publishAndSettle({ id: 'evt_twice' });
    expect(harness.receiver.received.map((d) => d.path).sort()).toEqual(['/beta', '/hooks']);
  });
});
