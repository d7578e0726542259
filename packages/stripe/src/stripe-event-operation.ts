import { defineOperation, type Operation, type OperationDefinition } from '@lifeline/core';
import { stripeEventSchema } from './stripe-event-schema';

/** The schema of every Stripe webhook operation's payload. */
export type StripeEventSchema = typeof stripeEventSchema;

/** What {@link stripeEventOperation} takes: an operation definition without `kind` and `schema`. */
export type StripeEventOperationDefinition<Result> = Omit<
  OperationDefinition<StripeEventSchema, Result>,
  'kind' | 'schema'
>;

/** Default attempts of a webhook operation: the incident's number. */
export const WEBHOOK_ATTEMPTS = 5;

/**
 * Defines an operation that handles one or more Stripe event types, for `stripeWebhookHandler`'s
 * `events` map. Defaults: `kind: 'webhook'`, 5 attempts (default backoff), a critical alert on final
 * failure, and the Stripe event id as idempotency key; any of these can be overridden.
 *
 * @example
 * ```ts
 * declare function revokeAccess(chargeId: string): Promise<void>; // your app's code
 *
 * const refunded = stripeEventOperation({
 *   name: 'stripe/charge.refunded',
 *   run: async (event, ctx) => { await revokeAccess(event.data.object.id as string) },
 * });
 * const handler = stripeWebhookHandler({
 *   stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline, events: { 'charge.refunded': refunded },
 * });
 * ```
 */
export function stripeEventOperation<Result>(
  definition: StripeEventOperationDefinition<Result>,
): Operation<StripeEventSchema, Result> {
  return defineOperation({
    idempotencyKey: (event) => event.id,
    alertSeverity: 'critical',
    ...definition,
    retry: { attempts: WEBHOOK_ATTEMPTS, ...definition.retry },
    kind: 'webhook',
    schema: stripeEventSchema,
  });
}
