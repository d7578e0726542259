import { type AnyOperation, QueueRefusedError, silentLogger, virtualClock } from '@lifeline/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type StripeEventPayload,
  stripeEventOperation,
  stripeWebhookHandler,
  type WebhookLifeline,
} from '../src/index';
import { OLD_SECRET, SECRET, sign, stripe } from './helpers';

/**
 * A recording stand-in for the Lifeline (only what the handler touches), so the fuzz can make the queue
 * refuse at will and see every send. Everything else in this package is tested against the real runtime.
 */
function recordingLifelineStandIn(operations: AnyOperation[], refuse: () => boolean) {
  const sent: { name: string; data: StripeEventPayload; idempotencyKey?: string }[] = [];
  const lifeline: WebhookLifeline = {
    clock: virtualClock({ start: Date.UTC(2026, 0, 1, 12) }),
    logger: silentLogger(),
    operations: new Map(operations.map((op) => [op.name, op])),
    async send(operation, data, options) {
      const op = typeof operation === 'string' ? operation : operation.name;
      if (refuse()) throw new QueueRefusedError('stand-in queue refused');
      sent.push({ name: op, data: data as StripeEventPayload, idempotencyKey: options?.idempotencyKey });
      return { eventId: options?.eventId ?? 'x', idempotencyKey: options?.idempotencyKey ?? 'x' };
    },
  };
  return { lifeline, sent };
}

const configured = ['checkout.session.completed', 'invoice.paid'];
const printable = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,60}$/);
const eventLike = fc.record({
  id: fc.oneof(fc.string(), fc.constantFrom('evt_1', 'evt_2', '')),
  object: fc.constant('event'),
  type: fc.oneof(
    fc.constantFrom(...configured, 'customer.created', 'constructor', '__proto__', 'toString'),
    fc.string(),
  ),
  created: fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 2_000_000_000 }), weight: 3 },
    fc.double(),
    fc.string(),
  ),
  data: fc.oneof(fc.jsonValue(), {
    arbitrary: fc.record({ object: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())) }),
    weight: 3,
  }),
});
const body = fc.oneof(
  fc.string(),
  fc.json(),
  { arbitrary: eventLike.map((e) => JSON.stringify(e)), weight: 4 },
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
);
const signatureMode = fc.oneof(
  fc.constantFrom('valid', 'valid', 'valid', 'old-secret', 'expired', 'future', 'other-body', 'none'),
  printable.map((garbage) => `garbage:${garbage}`),
);

describe('stripeWebhookHandler fuzz', () => {
  it('never answers 5xx unless the queue refuses; rejections enqueue nothing', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE'),
        body,
        signatureMode,
        fc.boolean(),
        fc.option(fc.oneof(fc.nat({ max: 4096 }).map(String), printable), { nil: undefined }),
        async (method, text, mode, refuse, contentLength) => {
          const ops = [
            stripeEventOperation({ name: 'fuzz/checkout', run: async () => {} }),
            stripeEventOperation({ name: 'fuzz/invoice', run: async () => {} }),
          ];
          const { lifeline, sent } = recordingLifelineStandIn(ops, () => refuse);
          const handle = stripeWebhookHandler({
            stripe,
            secrets: [SECRET, OLD_SECRET],
            lifeline,
            events: { 'checkout.session.completed': ops[0]!, 'invoice.paid': ops[1]! },
            maxBodyBytes: 2048,
          });
          const now = Math.floor(lifeline.clock.now() / 1000);
          const headers: Record<string, string> = {};
          if (mode === 'valid') headers['stripe-signature'] = sign(text, now);
          else if (mode === 'old-secret') headers['stripe-signature'] = sign(text, now, OLD_SECRET);
          else if (mode === 'expired') headers['stripe-signature'] = sign(text, now - 3600);
          else if (mode === 'future') headers['stripe-signature'] = sign(text, now + 60);
          else if (mode === 'other-body') headers['stripe-signature'] = sign(`${text} `, now);
          else if (mode.startsWith('garbage:')) headers['stripe-signature'] = mode.slice('garbage:'.length);
          if (contentLength !== undefined) headers['content-length'] = contentLength;
          const hasBody = method !== 'GET';
          const request = new Request('http://127.0.0.1/webhook', {
            method,
            headers,
            ...(hasBody ? { body: text } : {}),
          });

          const response = await handle(request);
          outcomes.add(response.status === 200 ? `200:${sent.length}` : String(response.status));
          expect([200, 400, 405, 413, 500]).toContain(response.status);
          if (response.status === 500) expect(refuse).toBe(true);
          if (response.status !== 200) expect(sent).toEqual([]);
          if (response.status === 200) {
            const answer = (await response.json()) as { received: boolean; ignored?: boolean };
            expect(answer.received).toBe(true);
            expect(sent).toHaveLength(answer.ignored ? 0 : 1);
            if (!answer.ignored) {
              const parsed = JSON.parse(text) as { id: string; type: string };
              expect(sent[0]).toMatchObject({
                idempotencyKey: parsed.id,
                data: { id: parsed.id, type: parsed.type },
              });
              expect(configured).toContain(parsed.type);
            }
          }
        },
      ),
      { numRuns: 400, seed: 20260101 },
    );
    // The generators reach every branch, so the property says something about each.
    expect([...outcomes].sort()).toEqual(['200:0', '200:1', '400', '405', '413', '500']);
  });

  it('answers 500 for every configured, valid event when the queue refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^evt_[A-Za-z0-9]{1,24}$/),
        fc.dictionary(fc.string(), fc.jsonValue()),
        async (id, object) => {
          const op = stripeEventOperation({ name: 'fuzz/checkout', run: async () => {} });
          const { lifeline, sent } = recordingLifelineStandIn([op], () => true);
          const handle = stripeWebhookHandler({
            stripe,
            secret: SECRET,
            lifeline,
            events: { 'checkout.session.completed': op },
          });
          const text = JSON.stringify({
            id,
            type: 'checkout.session.completed',
            created: 1767225600,
            data: { object },
          });
          const now = Math.floor(lifeline.clock.now() / 1000);
          const response = await handle(
            new Request('http://127.0.0.1/', {
              method: 'POST',
              headers: { 'stripe-signature': sign(text, now) },
              body: text,
            }),
          );
          expect(response.status).toBe(500);
          expect(sent).toEqual([]);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });
});
