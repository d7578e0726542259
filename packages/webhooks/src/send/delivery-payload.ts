import { z } from 'zod';

/** A JSON value (what a webhook's `data` may hold). */
const json: z.ZodType<unknown> = z.json();

/** An event to publish to every partner endpoint subscribed to its `type`. */
export const partnerEventSchema = z.strictObject({
  /** Unique event id; with the endpoint id it makes each delivery's idempotency key. Also the `webhook-id`. */
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'letters, digits and _ . : - only, 1 to 200 characters'),
  /** Event type, `purchase.fulfilled` style (the spec's full-stop delimited identifiers). */
  type: z
    .string()
    .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'full-stop delimited identifiers, e.g. purchase.fulfilled'),
  /**
   * When the event happened (ISO 8601). Default: the wall-clock time it was sent, fixed at that moment
   * (the send stores the parsed payload), so every retry and every endpoint get the same body.
   */
  timestamp: z.iso.datetime({ offset: true }).default(() => new Date().toISOString()),
  /** The payload partners receive under `data`. */
  data: json,
});

/** An event for {@link partnerEventSchema}: what `publish` takes. */
export type PartnerEvent = z.input<typeof partnerEventSchema>;

/** One delivery of one event to one endpoint: the payload of the delivery operation. */
export const deliverySchema = z.strictObject({
  /** The event id, sent as `webhook-id` on every attempt. */
  messageId: partnerEventSchema.shape.id,
  endpointId: z.string().min(1).max(100),
  type: partnerEventSchema.shape.type,
  timestamp: z.iso.datetime({ offset: true }),
  data: json,
});

/** The payload of one delivery operation. */
export type Delivery = z.output<typeof deliverySchema>;

/** The body POSTed to the endpoint, the spec's `{ type, timestamp, data }`, the same bytes on every attempt. */
export function deliveryBody(delivery: Delivery): string {
  return JSON.stringify({ type: delivery.type, timestamp: delivery.timestamp, data: delivery.data });
}
