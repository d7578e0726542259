import { type IdempotencyStore, PermanentError } from '@lifeline/core';
import type { SqlClient } from '@lifeline/postgres';
import { fulfilCheckout } from '@lifeline/stripe';
import type Stripe from 'stripe';
import type { Product } from './catalog';
import { newPurchaseId, type Purchase, purchases } from './purchases';
import { receiptFor, sendReceipt } from './receipt';

/**
 * Fulfilment of paid Checkout Sessions, once per session (claimed in the idempotency store before
 * `fulfil` runs, retried 5 times, then dead-lettered with a critical alert).
 *
 * `fulfil` marks the purchase paid (an idempotent update, so a redelivery changes nothing) and queues the
 * receipt as its own operation: the email gets its own retries and can never fail the payment's
 * bookkeeping. The receipt's key is the purchase id, so however many events arrive, one email goes out.
 */
export function checkoutFulfilment(options: {
  sql: SqlClient;
  idempotency: IdempotencyStore;
  /** With a Stripe API key, a session the event says is unpaid is re-read before giving up on it. */
  stripe: Stripe | undefined;
  appUrl: string;
}) {
  return fulfilCheckout({
    idempotency: options.idempotency,
    ...(options.stripe ? { stripe: options.stripe } : {}),
    fulfil: async (session, ctx) => {
      const purchaseId = session.metadata?.purchaseId ?? session.client_reference_id;
      if (!purchaseId) {
        throw new PermanentError(
          `Checkout Session ${session.id} names no purchase (metadata.purchaseId or client_reference_id): it was not started by this app`,
        );
      }
      const purchase = await purchases.markPaid(options.sql, purchaseId, session.id);
      if (!purchase) {
        throw new PermanentError(
          `Checkout Session ${session.id} was paid for purchase ${purchaseId}, which does not exist: refund or create it, then resolve`,
        );
      }
      if (session.amount_total != null && session.amount_total !== purchase.amountCents) {
        ctx.logger.warn('checkout amount differs from the purchase', {
          purchaseId,
          sessionId: session.id,
          paid: session.amount_total,
          price: purchase.amountCents,
        });
      }
      await ctx.send(sendReceipt, receiptFor(purchase, options.appUrl));
    },
  });
}

/** What the purchase route needs to start a checkout. */
export interface CheckoutDeps {
  sql: SqlClient;
  /** The Stripe API client; undefined offline (the checkout is simulated). */
  stripe: Stripe | undefined;
  appUrl: string;
}

/**
 * A started purchase, waiting for its payment: the buyer goes to `checkoutUrl` (Stripe Checkout, or
 * offline the purchase page, as Stripe's success URL would take them).
 */
export type StartedPurchase = { purchase: Purchase; checkoutUrl: string };

/**
 * Starts a purchase: stores it as pending and, with Stripe, creates its Checkout Session. The purchase
 * is paid only when Stripe's signed `checkout.session.completed` reaches `/api/webhooks/stripe` and
 * fulfilment runs (offline, the simulated checkout posts that webhook). Fulfilment marks it paid and
 * queues the receipt; nothing is emailed here.
 */
export async function startPurchase(
  deps: CheckoutDeps,
  input: { product: Product; email: string; name?: string | undefined },
): Promise<StartedPurchase> {
  const id = newPurchaseId();
  const payment = deps.stripe ? 'stripe' : 'simulated';
  const purchase = await purchases.create(deps.sql, { ...input, id, status: 'pending', payment });
  if (!deps.stripe) return { purchase, checkoutUrl: `/purchases/${id}?checkout=simulated` };
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: 'payment',
      customer_email: input.email,
      client_reference_id: id,
      metadata: { purchaseId: id },
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: input.product.currency,
            unit_amount: input.product.priceCents,
            product_data: { name: input.product.name, description: input.product.description },
          },
        },
      ],
      success_url: `${deps.appUrl}/purchases/${id}?checkout=success`,
      cancel_url: `${deps.appUrl}/?checkout=cancelled`,
    },
    // The SDK may retry this one call (the key makes a retry return the same session).
    { idempotencyKey: `checkout-session:${id}`, maxNetworkRetries: 2 },
  );
  await purchases.attachSession(deps.sql, id, session.id);
  if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a url`);
  return { purchase, checkoutUrl: session.url };
}
