import { isValidationError, type Logger } from '@lifeline/core';
import { stripeEventSchema, toStripeEventPayload } from './stripe-event-schema';
import { type RejectionReason, verifyStripeEvent } from './verify-event';
import {
  type ResolvedWebhookOptions,
  resolveWebhookOptions,
  type StripeWebhookHandlerOptions,
} from './webhook-handler-options';

/** The answer to one delivery, before it becomes an HTTP response. */
export interface WebhookAck {
  /** The HTTP status to answer with. */
  status: 200 | 400 | 500;
  /** The JSON body to answer with. */
  body:
    | {
        /** Stripe may stop retrying this delivery. */
        received: true;
        /** The event type is not configured; nothing was enqueued. */
        ignored?: true;
      }
    | {
        /** A short reason, safe to show the sender. */
        error: string;
      };
}

const REASONS: Record<RejectionReason, string> = {
  missing_signature: 'missing Stripe-Signature header',
  invalid_signature: 'invalid signature',
  timestamp_outside_tolerance: 'signature timestamp outside tolerance',
  empty_body: 'empty body',
  invalid_encoding: 'body is not valid UTF-8',
  malformed_json: 'malformed JSON',
  unsupported_event: 'unsupported event payload',
};

function eventHead(event: unknown): { id: string; type: string } | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { id, type } = event as { id?: unknown; type?: unknown };
  return typeof id === 'string' && id.length > 0 && typeof type === 'string' && type.length > 0
    ? { id, type }
    : undefined;
}

/** A signed event without the shape of a Stripe event: nothing enqueued, 400. */
function notAnEvent(logger: Logger, head: { id: string; type: string }): WebhookAck {
  logger.warn('stripe webhook: signed event has an unexpected shape', head);
  return { status: 400, body: { error: 'not a Stripe event' } };
}

/** @internal The ack decision on resolved options; `stripeWebhookHandler` and `stripeWebhookAck` share it. */
export function webhookAcknowledger(
  options: ResolvedWebhookOptions,
): (rawBody: Uint8Array | string, signature: string | null) => Promise<WebhookAck> {
  const { stripe, secrets, lifeline, events, toleranceSec, logger } = options;
  return async function acknowledge(rawBody, signature) {
    const verified = await verifyStripeEvent(
      stripe,
      rawBody,
      signature,
      secrets,
      toleranceSec,
      lifeline.clock.now(),
    );
    if (!verified.ok) {
      logger.warn('stripe webhook: rejected', { reason: verified.reason, detail: verified.detail });
      return { status: 400, body: { error: REASONS[verified.reason] } };
    }

    const head = eventHead(verified.event);
    if (!head) {
      logger.warn('stripe webhook: signed payload is not a Stripe event');
      return { status: 400, body: { error: 'not a Stripe event' } };
    }
    const operation = events.get(head.type);
    if (!operation) {
      logger.debug('stripe webhook: event type not configured; ignored', head);
      return { status: 200, body: { received: true, ignored: true } };
    }

    // Validated once. An operation on `stripeEventSchema` (every `stripeEventOperation`) gets the event
    // as signed, plus `source`; `send` parses it with that schema, which drops every other field, so a
    // ValidationError from `send` means the signed event is not a Stripe event (400, as below). Any other
    // operation gets the event trimmed and checked against `stripeEventSchema` here first, then its own schema.
    const checkedBySend = operation.schema === stripeEventSchema;
    let payload: unknown;
    if (checkedBySend) {
      payload = { ...(verified.event as Record<string, unknown>), source: 'webhook' };
    } else {
      try {
        payload = toStripeEventPayload(verified.event);
      } catch {
        return notAnEvent(logger, head);
      }
    }

    try {
      await lifeline.send(operation, payload, { idempotencyKey: head.id, eventId: head.id });
    } catch (error) {
      if (checkedBySend && isValidationError(error)) return notAnEvent(logger, head);
      logger.error('stripe webhook: could not enqueue; answering 500 so Stripe retries', {
        ...head,
        operation: operation.name,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return { status: 500, body: { error: 'could not accept the event; retry later' } };
    }
    logger.debug('stripe webhook: enqueued', { ...head, operation: operation.name });
    return { status: 200, body: { received: true } };
  };
}

/**
 * The ack path without HTTP: verify, validate, enqueue. `(rawBody, signature) => Promise<WebhookAck>`
 * with the same options, answers and guarantees as `stripeWebhookHandler`, minus the method and size
 * checks, which belong to whoever reads the body. For frameworks that hand over the raw body (Express
 * with `express.raw()`, Fastify). Never throws.
 *
 * @example
 * ```ts no-check
 * const ack = stripeWebhookAck({ stripe, secret, lifeline, events: checkout.events });
 * app.post('/webhooks/stripe', express.raw({ type: 'application/json', limit: '1mb' }), async (req, res) => {
 *   const { status, body } = await ack(req.body, req.get('stripe-signature') ?? null);
 *   res.status(status).json(body);
 * });
 * ```
 */
export function stripeWebhookAck(
  options: StripeWebhookHandlerOptions,
): (rawBody: Uint8Array | string, signature: string | null) => Promise<WebhookAck> {
  return webhookAcknowledger(resolveWebhookOptions(options));
}
