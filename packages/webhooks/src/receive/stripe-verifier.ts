import { ConfigurationError } from '@lifeline/core';
import { exactText, type VerifyOutcome, type WebhookVerifier } from './verifier';

/** What the Stripe preset needs of a Stripe client (`new Stripe(key)` fits). */
export interface StripeWebhooksClient {
  webhooks: {
    /** Verifies a `Stripe-Signature` and parses the event; throws when it does not verify. */
    constructEventAsync(
      payload: string,
      header: string,
      secret: string,
      tolerance?: number,
      cryptoProvider?: undefined,
      receivedAt?: number,
    ): Promise<unknown>;
  };
}

/** Options of {@link stripeVerifier}. */
export interface StripeVerifierOptions {
  /** A Stripe client; only `stripe.webhooks` is used (no network). */
  stripe: StripeWebhooksClient;
  /** Endpoint signing secrets (`whsec_…`), tried in order (rotation). */
  secrets: readonly string[];
  /** Oldest signature accepted, seconds; default 300 (Stripe's). */
  toleranceSec?: number;
}

const NO_MATCH = 'No signatures found matching';

/**
 * The Stripe preset: verifies `Stripe-Signature` with the Stripe SDK's `constructEventAsync` over the
 * exact received bytes (strict UTF-8), trying each secret and moving on only on "No signatures found
 * matching", against the Lifeline's clock. The id is the event's `evt_…` id, the type its `type`. For the
 * full Stripe flow (typed event payloads, checkout fulfilment), `@lifeline/stripe`'s handler does more.
 *
 * @throws ConfigurationError when no secret is given.
 */
export function stripeVerifier(options: StripeVerifierOptions): WebhookVerifier {
  if (!options.secrets || options.secrets.length === 0)
    throw new ConfigurationError('stripeVerifier: give at least one endpoint signing secret (whsec_…)');
  const toleranceSec = options.toleranceSec ?? 300;
  return {
    provider: 'stripe',
    async verify(bytes, headers, now): Promise<VerifyOutcome> {
      const signature = headers.get('stripe-signature');
      if (!signature) return { ok: false, reason: 'missing_signature', detail: 'no Stripe-Signature header' };
      const body = exactText(bytes);
      if (body === undefined)
        return { ok: false, reason: 'invalid_encoding', detail: 'the body is not valid UTF-8' };
      let last: unknown;
      for (const secret of options.secrets) {
        try {
          const event = (await options.stripe.webhooks.constructEventAsync(
            body,
            signature,
            secret,
            toleranceSec,
            undefined,
            now,
          )) as { id?: unknown; type?: unknown };
          if (typeof event?.id !== 'string' || typeof event.type !== 'string')
            return { ok: false, reason: 'not_an_event', detail: 'the signed body is not a Stripe event' };
          return { ok: true, event: { id: event.id, type: event.type, payload: event } };
        } catch (error) {
          last = error;
          if (!(error instanceof Error && error.message.startsWith(NO_MATCH))) break;
        }
      }
      const message = last instanceof Error ? last.message.split('\n')[0]!.slice(0, 200) : String(last);
      if (last instanceof SyntaxError) return { ok: false, reason: 'malformed_json', detail: message };
      if (message.startsWith('Timestamp outside the tolerance zone'))
        return { ok: false, reason: 'timestamp_outside_tolerance', detail: message };
      return { ok: false, reason: 'invalid_signature', detail: message };
    },
  };
}
