import { defineOperation, PermanentError } from '@lifeline/core';
import type { SqlClient } from '@lifeline/postgres';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Timing } from '../timing';
import type { PurchaseRepository } from './purchases';

/** Dependencies of {@link startCheckoutOperation}. */
export interface StartCheckoutDeps {
  sql: SqlClient;
  purchases: PurchaseRepository;
  /** `new Stripe(key, { maxNetworkRetries: 0 })`: Lifeline does the retrying. */
  stripe: Pick<Stripe, 'checkout'>;
  timing: Timing;
  /** Where Stripe sends the customer back to. */
  shopUrl: string;
}

/**
 * `checkout/session.create`: creates the Stripe Checkout Session of a new purchase. Enqueued in the
 * purchase request's own transaction, so a purchase never exists without this work, and retried (5
 * attempts) when Stripe fails. The operation's idempotency key is Stripe's `Idempotency-Key` too: a
 * retry after a lost answer gets the same session back instead of a second one.
 */
export function startCheckoutOperation(deps: StartCheckoutDeps) {
  return defineOperation({
    name: 'checkout/session.create',
    kind: 'job',
    description: 'Creates the Stripe Checkout Session of a new purchase',
    schema: z.object({ purchaseId: z.string().min(1) }),
    retry: { attempts: 5, backoff: deps.timing.backoff },
    timeoutMs: deps.timing.attemptTimeoutMs,
    idempotencyKey: (data) => `checkout-session:${data.purchaseId}`,
    run: async ({ purchaseId }, ctx) => {
      const purchase = await deps.purchases.get(deps.sql, purchaseId);
      if (!purchase) throw new PermanentError(`Purchase ${purchaseId} does not exist; nothing to check out`);
      if (purchase.checkoutSessionId) return { sessionId: purchase.checkoutSessionId };
      const session = await deps.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: purchase.id,
          customer_email: purchase.email,
          line_items: [
            {
              price_data: {
                currency: purchase.currency,
                unit_amount: purchase.amountCents,
                product_data: { name: `${purchase.leads} leads` },
              },
              quantity: 1,
            },
          ],
          metadata: { purchaseId: purchase.id, customerName: purchase.name },
          success_url: `${deps.shopUrl}/purchases/${purchase.id}?paid=1`,
          cancel_url: `${deps.shopUrl}/purchases/${purchase.id}`,
        },
        { idempotencyKey: ctx.idempotencyKey, timeout: deps.timing.attemptTimeoutMs },
      );
      await deps.purchases.attachSession(deps.sql, purchaseId, session.id);
      return { sessionId: session.id };
    },
  });
}

/** The operation {@link startCheckoutOperation} defines. */
export type StartCheckoutOperation = ReturnType<typeof startCheckoutOperation>;
