import { randomBytes } from 'node:crypto';
import { type Logger, retry } from '@lifeline/core';
import Stripe from 'stripe';
import type { Purchase } from './purchases';

/** Options of {@link simulatedStripe}. */
export interface SimulatedStripeOptions {
  /** The app's own URL: the simulated Stripe posts its webhooks to `<appUrl>/api/webhooks/stripe`. */
  appUrl: string;
  /** The endpoint's signing secret, the same one `stripeWebhookHandler` verifies with. */
  webhookSecret: string;
  logger: Logger;
}

/** The offline checkout: what Stripe would do after the customer pays, done locally. */
export interface SimulatedStripe {
  /**
   * The customer pays at once: posts a signed `checkout.session.completed` for a new Checkout Session of
   * `purchase` to the app's webhook route, as Stripe does after a payment, and retries a non-2xx answer
   * (a few times within seconds, where Stripe keeps retrying for three days). Never throws: a delivery
   * that keeps failing is logged and the purchase stays pending, as it would if Stripe could not reach
   * the app.
   */
  pay(purchase: Purchase): Promise<void>;
}

/**
 * The offline stand-in for Stripe Checkout (no `STRIPE_SECRET_KEY`). It takes the payment's place, not
 * the app's: the event goes over HTTP to `/api/webhooks/stripe`, signed with the real SDK's
 * `stripe.webhooks.generateTestHeaderString`, and the real `stripeWebhookHandler` verifies it, enqueues
 * fulfilment and answers 200. Fulfilment then marks the purchase paid and queues the receipt, exactly as
 * with real Stripe.
 */
export function simulatedStripe(options: SimulatedStripeOptions): SimulatedStripe {
  const endpoint = new URL('/api/webhooks/stripe', options.appUrl).href;
  return {
    async pay(purchase) {
      const payload = JSON.stringify(checkoutCompleted(purchase));
      try {
        await retry(
          async ({ signal }) => {
            const signature = Stripe.webhooks.generateTestHeaderString({
              payload,
              secret: options.webhookSecret,
            });
            const response = await fetch(endpoint, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'stripe-signature': signature },
              body: payload,
              signal,
            });
            await response.body?.cancel();
            if (!response.ok) {
              throw Object.assign(new Error(`${endpoint} answered ${response.status}`), {
                status: response.status,
              });
            }
          },
          { attempts: 4, timeoutMs: 10_000, backoff: { initialMs: 500, maxMs: 4_000 } },
        );
      } catch (error) {
        options.logger.error(
          `simulated checkout: could not deliver the payment's webhook to ${endpoint}; the purchase stays pending (is APP_URL this server's URL?)`,
          { purchaseId: purchase.id, error: error instanceof Error ? error.message : String(error) },
        );
      }
    },
  };
}

/** A generated signing secret, for an offline app started without `STRIPE_WEBHOOK_SECRET`. */
export const localWebhookSecret = (): string => `whsec_offline_${randomBytes(24).toString('hex')}`;

/** The `checkout.session.completed` event Stripe sends when the customer has paid for `purchase`. */
function checkoutCompleted(purchase: Purchase) {
  const now = Math.floor(Date.now() / 1000);
  const sessionId = `cs_offline_${randomBytes(12).toString('hex')}`;
  return {
    id: `evt_offline_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: '2025-10-29.clover',
    created: now,
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
        amount_total: purchase.amountCents,
        currency: purchase.currency,
        customer_email: purchase.email,
        client_reference_id: purchase.id,
        metadata: { purchaseId: purchase.id },
        created: now,
        livemode: false,
      },
    },
  };
}
