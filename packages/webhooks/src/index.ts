/**
 * `@lifeline/webhooks`: partner webhooks that are never lost silently.
 *
 * Sending: signed [Standard Webhooks](https://www.standardwebhooks.com/) deliveries, one Lifeline
 * operation per (event, endpoint), with the spec's retry schedule, 410 / 429 / Retry-After handling, a
 * per-endpoint circuit breaker, auto-disable with an alert, and an SSRF guard. Receiving: a verified
 * ingestion handler (`Request → Response`) with Standard Webhooks and Stripe presets that dedupes on the
 * provider's event id and answers 2xx only once the queue accepted the event.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/webhooks
 * ```
 *
 * ```ts
 * import { createLifeline } from '@lifeline/core';
 * import { memoryEndpointStore, partnerWebhooks } from '@lifeline/webhooks';
 *
 * const endpoints = memoryEndpointStore();
 * await endpoints.register({ id: 'acme', url: 'https://hooks.acme.example/lifeline' }, Date.now());
 * const webhooks = partnerWebhooks({ endpoints });
 * const lifeline = createLifeline({ operations: [...webhooks.operations] });
 * await lifeline.send(webhooks.publish, { id: 'evt_1', type: 'purchase.fulfilled', data: { purchaseId: 'p_1' } });
 * ```
 *
 * @module
 */
export {
  type EndpointFilter,
  type EndpointSecret,
  type EndpointStatus,
  endpointFilterSchema,
  type NewEndpoint,
  newEndpointSchema,
  receivesType,
  signingSecrets,
  type WebhookEndpoint,
} from './endpoints/endpoint';
export type { WebhookEndpointStore } from './endpoints/endpoint-store';
export { memoryEndpointStore } from './endpoints/memory-endpoint-store';
export { generateSigningSecret, SECRET_PREFIX, signingSecretSchema } from './endpoints/secrets';
export {
  type IngestedEvent,
  ingestedEventOperation,
  ingestedEventSchema,
  ingestionKey,
} from './receive/ingested-event';
export {
  type IngestionLifeline,
  type VerifiedWebhookHandlerOptions,
  verifiedWebhookHandler,
} from './receive/ingestion-handler';
export {
  type StandardWebhooksVerifierOptions,
  standardWebhooksVerifier,
} from './receive/standard-webhooks-verifier';
export {
  type StripeVerifierOptions,
  type StripeWebhooksClient,
  stripeVerifier,
} from './receive/stripe-verifier';
export type { IngestionRejection, VerifiedEvent, VerifyOutcome, WebhookVerifier } from './receive/verifier';
export { addressAllowList, isNonPublicAddress } from './send/address-policy';
export {
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitVerdict,
  circuitBreaker,
  type EndpointCircuit,
} from './send/circuit-breaker';
export type { DeliveryResult } from './send/deliver-attempt';
export { UnsafeWebhookTargetError, WebhookResponseError } from './send/delivery-errors';
export {
  type Delivery,
  deliveryBody,
  deliverySchema,
  type PartnerEvent,
  partnerEventSchema,
} from './send/delivery-payload';
export { type PartnerWebhooks, partnerWebhooks } from './send/partner-webhooks';
export type { PartnerWebhooksOptions } from './send/partner-webhooks-options';
export type { ResolveHost } from './send/post-webhook';
export { STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS, scheduledDelay } from './send/retry-schedule';
export { type StandardWebhookHeaders, signDelivery } from './send/sign-delivery';
