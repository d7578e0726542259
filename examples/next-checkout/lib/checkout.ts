import { type IdempotencyStore, PermanentError } from '@lifeline/core';
import type { PostgresOutbox, SqlClient } from '@lifeline/postgres';
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
  outbox: PostgresOutbox;
  stripe: Stripe | undefined;
  appUrl: string;
}

/** A started purchase: paid already (simulated checkout), or waiting for Stripe Checkout at `checkoutUrl`. */
export type StartedPurchase = { purchase: Purchase; checkoutUrl?: string };

/**
 * Starts a purchase. Offline (no Stripe key) the checkout is simulated: the purchase is paid at once and
 * its receipt queued through the outbox, both in ONE transaction, so there is never a paid purchase
 * without its receipt on the way (nor a receipt for a purchase that rolled back). With Stripe, the
 * purchase waits for its Checkout Session; the webhook fulfils it and queues the receipt.
 */
export async function startPurchase(
  deps: CheckoutDeps,
  input: { product: Product; email: string; name?: string | undefined },
): Promise<StartedPurchase> {
  const id = newPurchaseId();
  if (!deps.stripe) {
    const purchase = await deps.sql.transaction(async (tx) => {
      const created = await purchases.create(tx, { ...input, id, status: 'paid', payment: 'simulated' });
      await deps.outbox.enqueue(tx, sendReceipt, receiptFor(created, deps.appUrl));
      return created;
    });
    return { purchase };
  }
  const purchase = await purchases.create(deps.sql, { ...input, id, status: 'pending', payment: 'stripe' });
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
