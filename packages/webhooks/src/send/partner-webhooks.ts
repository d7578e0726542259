import { type AnyOperation, defineOperation, type Operation } from '@lifeline/core';
import type { WebhookEndpointStore } from '../endpoints/endpoint-store';
import type { CircuitBreaker } from './circuit-breaker';
import { type DeliveryResult, deliverAttempt } from './deliver-attempt';
import { deliverySchema, partnerEventSchema } from './delivery-payload';
import { type PartnerWebhooksOptions, resolvePartnerOptions } from './partner-webhooks-options';

/** What {@link partnerWebhooks} returns: two operations to register, and the state they share. */
export interface PartnerWebhooks {
  /**
   * Fans one event out: one `deliver` per enabled endpoint subscribed to its type (kind `job`). Send it
   * with `lifeline.send(webhooks.publish, { id, type, data })` or `ctx.send` from another operation.
   */
  publish: Operation<typeof partnerEventSchema, { deliveries: string[] }>;
  /** Delivers one event to one endpoint (kind `webhook`), with the Standard Webhooks retry schedule. */
  deliver: Operation<typeof deliverySchema, DeliveryResult>;
  /** Both operations, for `createLifeline({ operations: [...webhooks.operations] })`. */
  operations: readonly AnyOperation[];
  /** The endpoint store deliveries read. */
  endpoints: WebhookEndpointStore;
  /** The per-endpoint circuit breaker (inspect an endpoint's state). */
  circuits: CircuitBreaker;
}

/**
 * Partner webhooks: signed Standard Webhooks deliveries, one Lifeline operation per (event, endpoint).
 *
 * Guarantees:
 * - Each delivery's idempotency key is `webhook:<event id>:<endpoint id>`, so publishing an event twice,
 *   or a redelivered publish, sends each endpoint the event once in effect; the `webhook-id` header is the
 *   event id on every attempt and for every endpoint, so receivers can dedupe too.
 * - Every attempt carries `webhook-id`, `webhook-timestamp` and `webhook-signature` (one `v1,` HMAC-SHA256
 *   signature per unexpired secret of the endpoint: old and new during a rotation).
 * - Only 2xx is success. The wait after a failed attempt follows the spec's schedule (5 s, 5 min, 30 min,
 *   2 h, 5 h, 10 h, 14 h, 20 h, 24 h: 10 attempts), or longer when the endpoint sent `Retry-After`; 429, 502
 *   and 504 pause the whole endpoint. 410 disables the endpoint with a critical alert and dead-letters the
 *   delivery. After the last attempt the delivery is dead-lettered with the Lifeline's usual alert.
 * - A per-endpoint circuit breaker stops sending to an endpoint after repeated failures; an endpoint that
 *   keeps failing for `disableAfterMs` (5 days) is disabled with an alert.
 * - SSRF guard: the target host is resolved and refused when any address is private, loopback,
 *   link-local, multicast or reserved, unless `allowAddresses` covers it; redirects are never followed;
 *   each request is cut after `requestTimeoutMs`.
 *
 * @example
 * ```ts
 * const endpoints = memoryEndpointStore();
 * await endpoints.register({ id: 'acme', url: 'https://hooks.acme.example/lifeline', eventTypes: ['purchase.fulfilled'] }, Date.now());
 * const webhooks = partnerWebhooks({ endpoints });
 * const lifeline = createLifeline({ operations: [...webhooks.operations] });
 * await lifeline.send(webhooks.publish, { id: 'evt_1', type: 'purchase.fulfilled', data: { purchaseId: 'p_1' } });
 * ```
 */
export function partnerWebhooks(options: PartnerWebhooksOptions): PartnerWebhooks {
  const resolved = resolvePartnerOptions(options);
  const attempts = resolved.schedule.length + 1;

  const deliver = defineOperation({
    name: `${resolved.name}/deliver`,
    kind: 'webhook',
    schema: deliverySchema,
    description: 'Delivers one partner webhook to one endpoint (Standard Webhooks, signed).',
    idempotencyKey: (d) => `webhook:${d.messageId}:${d.endpointId}`,
    // The waits come from the schedule (each failure is a RetryAfterError); the backoff is only the
    // fallback for failures outside `run` (a lost worker), kept in the schedule's range.
    retry: {
      attempts,
      backoff: {
        initialMs: resolved.schedule[0]!,
        maxMs: Math.max(...resolved.schedule),
        factor: 10,
        jitter: 'none',
      },
    },
    alertSeverity: 'warning',
    run: (delivery, ctx) => deliverAttempt(resolved, delivery, ctx),
  });

  const publish = defineOperation({
    name: `${resolved.name}/publish`,
    kind: 'job',
    schema: partnerEventSchema,
    description: 'Fans a partner event out to one delivery per subscribed endpoint.',
    idempotencyKey: (event) => `webhook-publish:${event.id}`,
    retry: { attempts: 5 },
    run: async (event, ctx) => {
      const targets = await resolved.endpoints.list({ status: 'enabled', eventType: event.type });
      const deliveries: string[] = [];
      for (const endpoint of targets) {
        const receipt = await ctx.send(deliver, {
          messageId: event.id,
          endpointId: endpoint.id,
          type: event.type,
          timestamp: event.timestamp,
          data: event.data,
        });
        deliveries.push(receipt.idempotencyKey);
      }
      return { deliveries };
    },
  });

  return {
    publish,
    deliver,
    operations: [publish, deliver],
    endpoints: resolved.endpoints,
    circuits: resolved.breaker,
  };
}
