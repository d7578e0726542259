import { z } from 'zod';

/** The object an event is about (a Checkout Session, an Invoice…): any JSON object, kept as is. */
export type StripeObject = Record<string, unknown> & {
  /** The object's id, e.g. `cs_…` for a Checkout Session. */
  id?: string;
  /** The object's kind, e.g. `checkout.session`. */
  object?: string;
};

const isObject = (value: unknown): value is StripeObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The payload every Stripe webhook operation receives: the verified event, trimmed to what a worker
 * needs (`id`, `type`, `created`, `livemode`, `api_version`, `data.object`, `data.previous_attributes`)
 * and validated again when the operation runs. `source` says whether it came from Stripe's webhook
 * or from {@link reconcileCheckouts} re-sending a session Stripe never delivered.
 *
 * @example
 * ```ts
 * const payload = stripeEventSchema.parse({ id: 'evt_1', type: 'checkout.session.completed', created: 1767225600, data: { object: { id: 'cs_1' } } });
 * ```
 */
export const stripeEventSchema = z.object({
  /** The Stripe event id (`evt_…`), or `reconcile:<session id>` for a re-send by reconciliation. */
  id: z.string().min(1).max(255),
  /** The event type, e.g. `checkout.session.completed`. */
  type: z.string().min(1).max(255),
  /** Unix seconds, as Stripe sends it. */
  created: z.number().int().nonnegative(),
  /** False for test mode. */
  livemode: z.boolean().optional(),
  /** The API version the event was rendered with. */
  api_version: z.string().nullable().optional(),
  /** Where the payload came from: Stripe's webhook, or a re-send by reconciliation. */
  source: z.enum(['webhook', 'reconcile']).optional(),
  /** The object the event is about, and for `*.updated` events the attributes that changed. */
  data: z.object({
    /** The object, as Stripe sent it. Checked to be an object only: the operation validates what it reads. */
    object: z.custom<StripeObject>(isObject, 'must be an object'),
    /** For `*.updated` events: the previous values of the attributes that changed. */
    previous_attributes: z.custom<Record<string, unknown>>(isObject, 'must be an object').optional(),
  }),
});

/** A validated Stripe event payload, as an operation's `run` receives it. */
export type StripeEventPayload = z.output<typeof stripeEventSchema>;

/**
 * Trims a verified Stripe event to the {@link stripeEventSchema} shape, validating it. Throws the
 * zod error when the value is not an event (no string `id`/`type`, no object `data.object`).
 */
export function toStripeEventPayload(
  event: unknown,
  source: 'webhook' | 'reconcile' = 'webhook',
): StripeEventPayload {
  const parsed = stripeEventSchema.parse(event);
  const payload: StripeEventPayload = {
    id: parsed.id,
    type: parsed.type,
    created: parsed.created,
    source,
    data: { object: parsed.data.object },
  };
  if (parsed.livemode !== undefined) payload.livemode = parsed.livemode;
  if (parsed.api_version !== undefined) payload.api_version = parsed.api_version;
  if (parsed.data.previous_attributes !== undefined)
    payload.data.previous_attributes = parsed.data.previous_attributes;
  return payload;
}
