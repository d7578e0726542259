import { PermanentError } from '@lifeline/core';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { StripeEventPayload } from './stripe-event-schema';

/** @internal The fields of a Checkout Session that fulfilment relies on; the rest passes through. */
export const checkoutSessionSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('checkout.session').optional(),
  payment_status: z.string().min(1),
  status: z.string().nullable().optional(),
  amount_total: z.number().nullable().optional(),
  currency: z.string().nullable().optional(),
  created: z.number().optional(),
});

/** The Stripe type of a Checkout Session, as users' `fulfil` callbacks receive it. */
export type CheckoutSession = Stripe.Checkout.Session;

/** The Checkout event types `fulfilCheckout` handles. */
export const CHECKOUT_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
] as const;

/** One of {@link CHECKOUT_EVENT_TYPES}. */
export type CheckoutEventType = (typeof CHECKOUT_EVENT_TYPES)[number];

/**
 * @internal Reads the Checkout Session out of an event payload. A payload that does not carry one can
 * never be fulfilled, so this throws a PermanentError (no retries; dead-lettered with an alert).
 */
export function sessionFromEvent(event: StripeEventPayload): CheckoutSession {
  const parsed = checkoutSessionSchema.safeParse(event.data.object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentError(
      `Stripe event ${event.id} (${event.type}) does not carry a Checkout Session in data.object: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data as unknown as CheckoutSession;
}

/** True when Stripe says the session's payment is done (`payment_status: 'paid'`). */
export function isPaid(session: Pick<CheckoutSession, 'payment_status'>): boolean {
  return session.payment_status === 'paid';
}
