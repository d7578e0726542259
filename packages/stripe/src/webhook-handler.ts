import { readBodyWithLimit } from '@lifeline/core/adapter';
import { jsonResponse } from './json-response';
import { webhookAcknowledger } from './webhook-ack';
import { resolveWebhookOptions, type StripeWebhookHandlerOptions } from './webhook-handler-options';

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
 * redelivered event runs once. A 200 for a configured type is sent only after `lifeline.send` resolved,
 * that is after the queue accepted the event as durably as it can, and a refusal is a 500:
 * - `postgresQueue` (`@lifeline/postgres`): the enqueue is the commit. 200 means the job row is
 *   committed; a crash a millisecond later loses nothing (the next worker runs it).
 * - `inngestQueue` (`@lifeline/inngest`): 200 means Inngest's event API accepted the event.
 * - `inProcessQueue` (the default): 200 means the event is in this process's memory. A crash before the
 *   work ends loses it, and Stripe, told "received", does not deliver it again: only reconciliation
 *   (`reconcileOperation`) finds the paid session later. Fine for tests and development; in production
 *   use a durable queue.
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
export function stripeWebhookHandler(
  options: StripeWebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  const resolved = resolveWebhookOptions(options);
  const { maxBodyBytes, logger } = resolved;
  const acknowledge = webhookAcknowledger(resolved);

  return async function handleStripeWebhook(request: Request): Promise<Response> {
    if (request.method !== 'POST')
      return jsonResponse(405, { error: 'method not allowed' }, { allow: 'POST' });
    const read = await readBodyWithLimit(request, maxBodyBytes);
    if (!read.ok) {
      logger.warn('stripe webhook: body refused', { reason: read.reason, maxBodyBytes });
      return read.reason === 'too_large'
        ? jsonResponse(413, { error: `payload larger than ${maxBodyBytes} bytes` })
        : jsonResponse(400, { error: 'unreadable body' });
    }
    const ack = await acknowledge(read.body, request.headers.get('stripe-signature'));
    return jsonResponse(ack.status, ack.body);
  };
}
