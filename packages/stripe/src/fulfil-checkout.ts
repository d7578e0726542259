import type { AnyOperation, Operation, OperationContext } from '@lifeline/core';
import { runIdempotently } from '@lifeline/core/adapter';
import { type CheckoutEventType, type CheckoutSession, isPaid, sessionFromEvent } from './checkout-session';
import {
  type FulfilCheckoutOptions,
  type FulfilContext,
  type ResolvedFulfilOptions,
  resolveFulfilOptions,
} from './fulfil-checkout-options';
import { type StripeEventSchema, stripeEventOperation } from './stripe-event-operation';
import type { StripeEventPayload } from './stripe-event-schema';

/** What one run of a checkout operation did (stored as the operation's result). */
export interface FulfilmentOutcome {
  /** The Checkout Session the event was about. */
  sessionId: string;
  /** Fulfilled now, fulfilled before (by another event), still waiting for payment, or payment failed. */
  outcome: 'fulfilled' | 'already_fulfilled' | 'awaiting_payment' | 'payment_failed';
}

/** A checkout operation: takes a Stripe event payload, returns what it did. */
export type CheckoutOperation = Operation<StripeEventSchema, FulfilmentOutcome>;

/** The operations {@link fulfilCheckout} returns, ready for `createLifeline` and `stripeWebhookHandler`. */
export interface CheckoutOperations {
  /** Handles `checkout.session.completed`; also the operation `reconcileCheckouts` re-sends through. */
  completed: CheckoutOperation;
  /** Handles `checkout.session.async_payment_succeeded`. */
  asyncPaymentSucceeded: CheckoutOperation;
  /** Handles `checkout.session.async_payment_failed`. */
  asyncPaymentFailed: CheckoutOperation;
  /** For `stripeWebhookHandler({ events })`. */
  events: Readonly<Record<CheckoutEventType, CheckoutOperation>>;
  /** For `createLifeline({ operations })`. */
  operations: readonly AnyOperation[];
}

/** The claim key of a checkout session: one fulfilment per key. */
export const checkoutKey = (sessionId: string): string => `checkout:${sessionId}`;

async function currentSession(
  options: ResolvedFulfilOptions,
  event: StripeEventPayload,
): Promise<CheckoutSession> {
  const session = sessionFromEvent(event);
  const stale = options.refetch === 'always' || (options.refetch === 'when-stale' && !isPaid(session));
  if (!stale || !options.stripe) return session;
  return options.stripe.checkout.sessions.retrieve(session.id, undefined, {
    timeout: options.stripeTimeoutMs,
  });
}

function fulfilContext(ctx: OperationContext, event: StripeEventPayload, sessionId: string): FulfilContext {
  return {
    ...ctx,
    idempotencyKey: checkoutKey(sessionId),
    event: { id: event.id, type: event.type, created: event.created, source: event.source },
  };
}

async function fulfilPaid(
  options: ResolvedFulfilOptions,
  event: StripeEventPayload,
  ctx: OperationContext,
): Promise<FulfilmentOutcome> {
  const session = await currentSession(options, event);
  if (!isPaid(session)) {
    ctx.logger.info(
      'stripe checkout: session not paid yet; waiting for checkout.session.async_payment_succeeded',
      {
        sessionId: session.id,
        paymentStatus: session.payment_status,
        eventId: event.id,
      },
    );
    return { sessionId: session.id, outcome: 'awaiting_payment' };
  }
  const key = checkoutKey(session.id);
  const run = await runIdempotently(
    options.store(ctx),
    key,
    () => options.fulfil(session, fulfilContext(ctx, event, session.id)),
    {
      fingerprint: 'checkout-session',
      leaseMs: options.leaseMs,
      ttlMs: options.rememberMs,
      clock: ctx.clock,
    },
  );
  if (run.status === 'duplicate') {
    ctx.logger.info('stripe checkout: session already fulfilled; nothing to do', {
      sessionId: session.id,
      eventId: event.id,
    });
    return { sessionId: session.id, outcome: 'already_fulfilled' };
  }
  return { sessionId: session.id, outcome: 'fulfilled' };
}

async function paymentFailed(
  options: ResolvedFulfilOptions,
  event: StripeEventPayload,
  ctx: OperationContext,
): Promise<FulfilmentOutcome> {
  const session = sessionFromEvent(event);
  try {
    await ctx.alerter.alert({
      severity: options.asyncPaymentFailedSeverity,
      title: 'Delayed checkout payment failed',
      message: `The delayed payment for Checkout Session ${session.id} failed; nothing was fulfilled. The customer may need to pay again.`,
      fields: {
        session: session.id,
        amount: session.amount_total,
        currency: session.currency,
        event: event.id,
      },
      dedupeKey: `stripe:async-payment-failed:${session.id}`,
    });
  } catch (error) {
    ctx.logger.warn('stripe checkout: alert for a failed delayed payment could not be sent', {
      sessionId: session.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  await options.onAsyncPaymentFailed?.(session, fulfilContext(ctx, event, session.id));
  return { sessionId: session.id, outcome: 'payment_failed' };
}

/**
 * Checkout fulfilment as three webhook operations, for `checkout.session.completed`,
 * `checkout.session.async_payment_succeeded` and `checkout.session.async_payment_failed`.
 *
 * Guarantees:
 * - Idempotent **by checkout session id** (an atomic claim on `checkout:<id>` in the idempotency store:
 *   the Lifeline's own, `ctx.idempotency`, unless `idempotency` names another),
 *   not only by event id: `completed` + `async_payment_succeeded`, a redelivery under a new event id, or a
 *   re-send by `reconcileCheckouts` fulfil a session once. A `fulfil` that throws releases the claim, so
 *   the retry runs it again.
 * - Only `payment_status: 'paid'` sessions are fulfilled; a delayed-payment session waits for
 *   `async_payment_succeeded`; `async_payment_failed` alerts and calls `onAsyncPaymentFailed`.
 * - With `refetch`, the session is re-read from Stripe when the event's copy is not enough (out of order,
 *   stale), so the decision is made on Stripe's current state.
 * - Each operation: `kind: 'webhook'`, 5 attempts, a critical alert and a dead letter on final failure.
 *
 * @example
 * ```ts
 * const checkout = fulfilCheckout({
 *   stripe,                    // new Stripe(key, { maxNetworkRetries: 0 })
 *   fulfil: async (session, ctx) => {
 *     await db.purchases.markPaid(session.id);
 *     await ctx.send(sendReceipt, { purchaseId: session.id, email: session.customer_details!.email! });
 *   },
 * });
 * const lifeline = createLifeline({ operations: [...checkout.operations, sendReceipt], idempotency });
 * export const POST = stripeWebhookHandler({ stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: checkout.events });
 * ```
 */
export function fulfilCheckout(options: FulfilCheckoutOptions): CheckoutOperations {
  const resolved = resolveFulfilOptions(options);
  const define = (suffix: string, description: string, run: CheckoutOperation['run']) =>
    stripeEventOperation<FulfilmentOutcome>({
      name: `${resolved.name}.${suffix}`,
      description,
      run,
      ...(resolved.retry ? { retry: resolved.retry } : {}),
      ...(resolved.timeoutMs ? { timeoutMs: resolved.timeoutMs } : {}),
    });
  const completed = define('completed', 'Fulfils a paid Checkout Session once', (event, ctx) =>
    fulfilPaid(resolved, event, ctx),
  );
  const asyncPaymentSucceeded = define(
    'async_payment_succeeded',
    'Fulfils a Checkout Session whose delayed payment succeeded',
    (event, ctx) => fulfilPaid(resolved, event, ctx),
  );
  const asyncPaymentFailed = define(
    'async_payment_failed',
    'Alerts when a delayed Checkout payment fails',
    (event, ctx) => paymentFailed(resolved, event, ctx),
  );
  return {
    completed,
    asyncPaymentSucceeded,
    asyncPaymentFailed,
    events: {
      'checkout.session.completed': completed,
      'checkout.session.async_payment_succeeded': asyncPaymentSucceeded,
      'checkout.session.async_payment_failed': asyncPaymentFailed,
    },
    operations: [completed, asyncPaymentSucceeded, asyncPaymentFailed],
  };
}
