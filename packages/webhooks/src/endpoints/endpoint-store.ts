import type { EndpointFilter, NewEndpoint, WebhookEndpoint } from './endpoint';

/**
 * Where partner webhook endpoints live: their URLs, event filters, status and signing secrets.
 *
 * Guarantees (checked by `webhookEndpointStoreSuite` in `@lifeline/testing`):
 * - `register` validates its input (a `ValidationError` names the field and value), stores an enabled
 *   endpoint with one secret (the given one or a new `whsec_` secret), and refuses an `id` already taken
 *   (`ConfigurationError`).
 * - `get` returns `undefined` for an unknown id; `list` returns endpoints oldest first, filtered by status
 *   and event type.
 * - `disable(id, reason)` and `enable(id)` are idempotent: disabling a disabled endpoint keeps the first
 *   reason and time; enabling clears them. An unknown id is a `NotFoundError`.
 * - `rotateSecret` makes `secret` the current one and keeps the previous ones until `now + graceMs`, so
 *   during the grace period every delivery is signed with both; expired secrets are dropped.
 * - Returned objects are copies: changing them changes nothing stored.
 * - `now` is the caller's clock reading (stores never read a clock).
 */
export interface WebhookEndpointStore {
  /** Adds an endpoint, enabled. */
  register(endpoint: NewEndpoint, now: number): Promise<WebhookEndpoint>;
  /** One endpoint, or `undefined`. */
  get(id: string): Promise<WebhookEndpoint | undefined>;
  /** Endpoints matching `filter`, oldest first. */
  list(filter?: EndpointFilter): Promise<WebhookEndpoint[]>;
  /** Stops deliveries to the endpoint, recording why. */
  disable(id: string, reason: string, now: number): Promise<WebhookEndpoint>;
  /** Resumes deliveries. */
  enable(id: string): Promise<WebhookEndpoint>;
  /** Makes `secret` current; older secrets keep signing until `now + graceMs`. */
  rotateSecret(id: string, secret: string, now: number, graceMs: number): Promise<WebhookEndpoint>;
}
