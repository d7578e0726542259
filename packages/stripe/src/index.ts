/**
 * `@lifeline/stripe`: Stripe webhooks that are impossible to lose. A Web-standard webhook endpoint that
 * verifies and enqueues (fast ack, no business work), checkout fulfilment that is idempotent by session
 * id, and reconciliation that finds paid checkouts Stripe never delivered.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/stripe stripe zod
 * ```
 *
 * ```ts
 * import { createLifeline, memoryIdempotencyStore } from '@lifeline/core';
 * import { fulfilCheckout, stripeWebhookHandler } from '@lifeline/stripe';
 * import Stripe from 'stripe';
 *
 * const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { maxNetworkRetries: 0 }); // Lifeline retries
 * const idempotency = memoryIdempotencyStore(); // postgresIdempotencyStore(sql) in production
 * const checkout = fulfilCheckout({ stripe, fulfil: async (session, ctx) => {
 *   // claimed once per session in the lifeline's own idempotency store
 *   await db.purchases.markPaid(session.id); // an upsert: safe to repeat
 *   await ctx.send(sendReceipt, { purchaseId: session.id, email: session.customer_details!.email! });
 * } });
 * const lifeline = createLifeline({ operations: [...checkout.operations, sendReceipt], idempotency });
 * export const POST = stripeWebhookHandler({ stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: checkout.events });
 * ```
 *
 * @module
 */
export {
  CHECKOUT_EVENT_TYPES,
  type CheckoutEventType,
  type CheckoutSession,
  isPaid,
} from './checkout-session';
export { type CursorStore, type MemoryCursorStore, memoryCursorStore } from './cursor-store';
export {
  type FindOrphanFulfilmentsOptions,
  findOrphanFulfilments,
  type OrphanFulfilment,
  type OrphanReport,
} from './find-orphan-fulfilments';
export {
  type CheckoutOperation,
  type CheckoutOperations,
  checkoutKey,
  type FulfilmentOutcome,
  fulfilCheckout,
} from './fulfil-checkout';
export type { FulfilCheckoutOptions, FulfilContext, RefetchMode } from './fulfil-checkout-options';
export { reconcileCheckouts } from './reconcile-checkouts';
export {
  RECONCILE_CRON,
  RECONCILE_EVERY_MS,
  type ReconcileOperationOptions,
  reconcileJobSchema,
  reconcileOperation,
} from './reconcile-operation';
export type {
  MissingFulfilment,
  ReconcileCheckoutsOptions,
  ReconcileLifeline,
  ReconcileReport,
} from './reconcile-types';
export { type ScheduleReconciliationOptions, scheduleReconciliation } from './schedule-reconciliation';
export {
  type StripeEventOperationDefinition,
  type StripeEventSchema,
  stripeEventOperation,
  WEBHOOK_ATTEMPTS,
} from './stripe-event-operation';
export {
  type StripeEventPayload,
  type StripeObject,
  stripeEventSchema,
  toStripeEventPayload,
} from './stripe-event-schema';
export type { StripeWebhooks } from './verify-event';
export { stripeWebhookAck, type WebhookAck } from './webhook-ack';
export { stripeWebhookHandler } from './webhook-handler';
export type { StripeWebhookHandlerOptions, WebhookLifeline } from './webhook-handler-options';
