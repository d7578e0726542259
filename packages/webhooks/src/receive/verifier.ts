/** Why a delivery was refused before anything was enqueued; each is answered 400. */
export type IngestionRejection =
  | 'missing_signature'
  | 'invalid_signature'
  | 'timestamp_outside_tolerance'
  | 'invalid_encoding'
  | 'malformed_json'
  | 'not_an_event';

/** A verified delivery: who sent it, its provider-given id and type, and the parsed body. */
export interface VerifiedEvent {
  /** The provider's event id (Standard Webhooks: `webhook-id`; Stripe: `evt_…`): the dedupe key. */
  id: string;
  /** The event type, which picks the operation. */
  type: string;
  /** The parsed JSON body. */
  payload: unknown;
}

/** The outcome of a {@link WebhookVerifier}. */
export type VerifyOutcome =
  | { ok: true; event: VerifiedEvent }
  | { ok: false; reason: IngestionRejection; detail: string };

/**
 * Checks one delivery's signature over its raw bytes and extracts its id and type. `provider` names the
 * scheme and prefixes the idempotency key (`<provider>:<event id>`). Must never throw.
 */
export interface WebhookVerifier {
  /** Short name of the sender, e.g. `standard-webhooks`, `stripe`, `acme`. */
  provider: string;
  /** Verifies `body` (the exact bytes received) with `headers`, against `now` (epoch ms). */
  verify(body: Uint8Array, headers: Headers, now: number): Promise<VerifyOutcome>;
}

/** Strict UTF-8: invalid bytes throw instead of becoming U+FFFD, and a leading BOM is kept. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** @internal The exact string whose UTF-8 encoding is `bytes`, or undefined when none exists. */
export function exactText(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
