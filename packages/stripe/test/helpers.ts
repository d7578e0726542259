import {
  type AnyOperation,
  createLifeline,
  inProcessQueue,
  type Logger,
  memoryAlerter,
  memoryDeadLetterStore,
  memoryIdempotencyStore,
  memoryOperationLog,
  type VirtualClock,
  virtualClock,
} from '@lifeline/core';
import Stripe from 'stripe';
import {
  type CheckoutOperations,
  type CheckoutSession,
  type FulfilCheckoutOptions,
  fulfilCheckout,
} from '../src/index';

export const SECRET = 'whsec_test_current';
export const OLD_SECRET = 'whsec_test_previous';

/** A real Stripe client; these tests never let it reach the network. */
export const stripe = new Stripe('sk_test_lifeline', { maxNetworkRetries: 0 });

/** A logger that keeps every line, to check what was logged at which level. */
export function recordingLogger(): Logger & {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A Checkout Session as Stripe sends it (the fields that matter, plus a few that don't). */
export function session(
  id: string,
  overrides: Partial<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    id,
    object: 'checkout.session',
    status: 'complete',
    payment_status: 'paid',
    mode: 'payment',
    amount_total: 1999,
    currency: 'usd',
    created: 1767225000,
    livemode: false,
    metadata: { purchaseId: `p_${id}` },
    ...overrides,
  };
}

/** A Stripe event around an object. */
export function event(
  id: string,
  type: string,
  object: Record<string, unknown>,
  created = 1767225600,
): Record<string, unknown> {
  return {
    id,
    object: 'event',
    api_version: '2026-01-28.clover',
    created,
    livemode: false,
    type,
    data: { object },
    pending_webhooks: 1,
  };
}

/** Signs `body` like Stripe does, at `timestampSec`. */
export function sign(body: string, timestampSec: number, secret = SECRET): string {
  return stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: timestampSec });
}

/** A signed POST delivery of `body`, timestamped at the clock's now. */
export function delivery(
  body: string,
  clock: VirtualClock,
  init: { secret?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request('http://127.0.0.1/api/webhooks/stripe', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': sign(body, Math.floor(clock.now() / 1000), init.secret),
      ...init.headers,
    },
    body,
  });
}

/** The real runtime (in-process queue, memory stores, virtual clock) with checkout fulfilment that records each call. */
export function checkoutRuntime(
  options: Partial<FulfilCheckoutOptions> = {},
  extra: (checkout: CheckoutOperations) => AnyOperation[] = () => [],
) {
  const clock = virtualClock({ start: Date.UTC(2026, 0, 1, 12) });
  const idempotency = memoryIdempotencyStore();
  const alerter = memoryAlerter();
  const logger = recordingLogger();
  const fulfilled: { sessionId: string; eventId: string; key: string }[] = [];
  const checkout = fulfilCheckout({
    idempotency,
    fulfil: async (session: CheckoutSession, ctx) => {
      fulfilled.push({ sessionId: session.id, eventId: ctx.event.id, key: ctx.idempotencyKey });
    },
    ...options,
  });
  const lifeline = createLifeline({
    operations: [...checkout.operations, ...extra(checkout)],
    queue: inProcessQueue(),
    idempotency,
    deadLetters: memoryDeadLetterStore(),
    log: memoryOperationLog(),
    alerter,
    logger,
    clock,
    random: () => 0.5,
  });
  /** Waits until every queued event has a final result, letting retry delays pass on the virtual clock. */
  const settle = () => clock.run(lifeline.drain());
  return { clock, idempotency, alerter, logger, fulfilled, checkout, lifeline, settle };
}
