/**
 * `@lifeline/stripe`: Stripe webhooks that are impossible to lose. A Web-standard webhook endpoint that
 * verifies and enqueues (fast ack, no business work), checkout fulfilment that is idempotent by session
 * id, and reconciliation that finds paid checkouts Stripe never delivered.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/stripe stripe
 * ```
 *
 * ```ts
 * const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { maxNetworkRetries: 0 }); // Lifeline retries
 * const idempotency = memoryIdempotencyStore(); // postgresIdempotencyStore(sql) in production
 * const checkout = fulfilCheckout({ idempotency, stripe, fulfil: async (session, ctx) => {
 *   await grantAccess(session.id);
 *   await ctx.send(sendReceipt, { sessionId: session.id });
 * } });
 * const lifeline = createLifeline({ operations: [...checkout.operations, sendReceipt], idempotency });
 * export const POST = stripeWebhookHandler({ stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: checkout.events });
 * ```
 *
 * @module
 */
export * from './checkout-session';
export * from './cursor-store';
export * from './find-orphan-fulfilments';
export * from './format-amount';
export * from './fulfil-checkout';
export * from './fulfil-checkout-options';
export * from './read-body';
export * from './reconcile-alert';
export * from './reconcile-checkouts';
export * from './reconcile-operation';
export * from './reconcile-types';
export * from './schedule-reconciliation';
export * from './stripe-event-operation';
export * from './stripe-event-schema';
export * from './verify-event';
export * from './webhook-ack';
export * from './webhook-handler';
export * from './webhook-handler-options';
