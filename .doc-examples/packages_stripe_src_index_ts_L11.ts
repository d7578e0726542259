// packages/stripe/src/index.ts:11
import { createLifeline, memoryIdempotencyStore } from '@lifeline/core';
import { fulfilCheckout, stripeWebhookHandler } from '@lifeline/stripe';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { maxNetworkRetries: 0 }); // Lifeline retries
const idempotency = memoryIdempotencyStore(); // postgresIdempotencyStore(sql) in production
const checkout = fulfilCheckout({ idempotency, stripe, fulfil: async (session, ctx) => {
  await db.purchases.markPaid(session.id); // an upsert: safe to repeat
  await ctx.send(sendReceipt, { purchaseId: session.id, email: session.customer_details!.email! });
} });
const lifeline = createLifeline({ operations: [...checkout.operations, sendReceipt], idempotency });
export const POST = stripeWebhookHandler({ stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: checkout.events });

export {};
