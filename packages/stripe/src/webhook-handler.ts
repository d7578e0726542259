import { jsonResponse } from './json-response';
import { readBodyWithLimit } from './read-body';
import { toStripeEventPayload } from './stripe-event-schema';
import { type RejectionReason, verifyStripeEvent } from './verify-event';
import { resolveWebhookOptions, type StripeWebhookHandlerOptions } from './webhook-handler-options';

const REASONS: Record<RejectionReason, string> = {
  missing_signature: 'missing Stripe-Signature header',
  invalid_signature: 'invalid signature',
  timestamp_outside_tolerance: 'signature timestamp outside tolerance',
  empty_body: 'empty body',
  malformed_json: 'malformed JSON',
  unsupported_event: 'unsupported event payload',
};

const decoder = new TextDecoder();

function eventHead(event: unknown): { id: string; type: string } | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { id, type } = event as { id?: unknown; type?: unknown };
  return typeof id === 'string' && id.length > 0 && typeof type === 'string' && type.length > 0 ? { id, type } : undefined;
}

/**
 * A Web-standard Stripe webhook endpoint, `(request: Request) => Promise<Response>`, that mounts as a
 * Next.js route handler, in Hono, Bun or Deno. It does no business work: it verifies, validates and
 * enqueues one operation, then acknowledges.
 *
 * | request | answer |
 * | --- | --- |
 * | not `POST` | 405, `Allow: POST` |
 * | body over `maxBodyBytes` (1 MiB) | 413, the rest of the body is not read |
 * | missing or bad signature, old timestamp | 400 with a short reason, nothing enqueued |
 * | signed but not JSON / not an event | 400, nothing enqueued |
 * | event type not in `events` | 200 `{ received: true, ignored: true }` (logged at debug) |
 * | configured type, queue accepted | 200 `{ received: true }` |
 * | configured type, queue refused | 500, so Stripe retries later |
 *
 * Guarantees: the operation is sent with the Stripe event id as idempotency key (and event id), so a
 * redelivered event runs once; a 200 for a configured type means the queue accepted the work.
 *
 * @example
 * ```ts
 * // app/api/webhooks/stripe/route.ts (Next.js)
 * export const POST = stripeWebhookHandler({
 *   stripe, secret: process.env.STRIPE_WEBHOOK_SECRET!, lifeline,
 *   events: checkout.events,
 * });
 * ```
 */
export function stripeWebhookHandler(options: StripeWebhookHandlerOptions): (request: Request) => Promise<Response> {
  const { stripe, secrets, lifeline, events, toleranceSec, maxBodyBytes, logger } = resolveWebhookOptions(options);

  return async function handleStripeWebhook(request: Request): Promise<Response> {
    if (request.method !== 'POST') return jsonResponse(405, { error: 'method not allowed' }, { allow: 'POST' });

    const read = await readBodyWithLimit(request, maxBodyBytes);
    if (!read.ok) {
      logger.warn('stripe webhook: body refused', { reason: read.reason, maxBodyBytes });
      return read.reason === 'too_large'
        ? jsonResponse(413, { error: `payload larger than ${maxBodyBytes} bytes` })
        : jsonResponse(400, { error: 'unreadable body' });
    }

    const body = decoder.decode(read.body);
    const signature = request.headers.get('stripe-signature');
    const verified = await verifyStripeEvent(stripe, body, signature, secrets, toleranceSec, lifeline.clock.now());
    if (!verified.ok) {
      logger.warn('stripe webhook: rejected', { reason: verified.reason, detail: verified.detail });
      return jsonResponse(400, { error: REASONS[verified.reason] });
    }

    const head = eventHead(verified.event);
    if (!head) {
      logger.warn('stripe webhook: signed payload is not a Stripe event');
      return jsonResponse(400, { error: 'not a Stripe event' });
    }
    const operation = events.get(head.type);
    if (!operation) {
      logger.debug('stripe webhook: event type not configured; ignored', head);
      return jsonResponse(200, { received: true, ignored: true });
    }

    let payload: ReturnType<typeof toStripeEventPayload>;
    try {
      payload = toStripeEventPayload(verified.event);
    } catch {
      logger.warn('stripe webhook: signed event has an unexpected shape', head);
      return jsonResponse(400, { error: 'not a Stripe event' });
    }

    try {
      await lifeline.send(operation, payload, { idempotencyKey: head.id, eventId: head.id });
    } catch (error) {
      logger.error('stripe webhook: could not enqueue; answering 500 so Stripe retries', {
        ...head,
        operation: operation.name,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return jsonResponse(500, { error: 'could not accept the event; retry later' });
    }
    logger.debug('stripe webhook: enqueued', { ...head, operation: operation.name });
    return jsonResponse(200, { received: true });
  };
}
