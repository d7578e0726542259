import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/**
 * A `checkout.session.completed` event as Stripe sends it, for a session (`sessionId`, or a new one) that
 * paid for `purchaseId`.
 */
export function checkoutCompleted(
  purchaseId: string,
  amountTotal: number,
  sessionId = `cs_test_${randomBytes(12).toString('hex')}`,
) {
  const event = {
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: '2025-10-29.clover',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: amountTotal,
        currency: 'usd',
        client_reference_id: purchaseId,
        metadata: { purchaseId },
        created: Math.floor(Date.now() / 1000) - 60,
      },
    },
  };
  return { event, sessionId };
}

/** POSTs `event` to the webhook route, signed with `secret` exactly as Stripe signs deliveries. */
export async function deliver(url: string, event: unknown, secret: string): Promise<Response> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return fetch(`${url}/api/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}
