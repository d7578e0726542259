// packages/stripe/src/fulfil-checkout.ts:145
import { createLifeline } from '@lifeline/core';
import { fulfilCheckout, stripeWebhookHandler } from '@lifeline/stripe';
const checkout = fulfilCheckout({
  idempotency,               // the store given to createLifeline
  stripe,                    // new Stripe(key, { maxNetworkRetries: 0 })
  fulfil: async (session, ctx) => {
    await db.purchases.markPaid(session.id);
    await ctx.send(sendReceipt, { purchaseId: session.id, email: session.customer_details!.email! });
  },
});
const lifeline = createLifeline({ operations: [...checkout.operations, sendReceipt], idempotency });
export const POST = stripeWebhookHandler({ stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: checkout.events });

export {};
