import { timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from '@lifeline/core';
import { Webhook } from 'standardwebhooks';
import { signingSecretSchema } from '../endpoints/secrets';
import { exactText, type VerifyOutcome, type WebhookVerifier } from './verifier';

/** Options of {@link standardWebhooksVerifier}. */
export interface StandardWebhooksVerifierOptions {
  /** The sender's signing secrets (`whsec_…`); a signature by any of them is accepted (rotation). */
  secrets: readonly string[];
  /** Largest distance between `webhook-timestamp` and now, either way, in seconds; default 300. */
  toleranceSec?: number;
  /** Name used in the idempotency key; default `standard-webhooks`. */
  provider?: string;
  /** The event type of a verified body; default its `type` field (the spec's payload shape). */
  typeOf?: (payload: unknown) => string | undefined;
}

const defaultTypeOf = (payload: unknown): string | undefined => {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.length > 0 ? type : undefined;
};

const equal = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Verifies Standard Webhooks deliveries (`webhook-id`, `webhook-timestamp`, `webhook-signature`), with the
 * `standardwebhooks` package computing each secret's `v1` HMAC-SHA256 over the exact received bytes,
 * compared in constant time with every `v1,` signature of the header (others, e.g. `v1a`, are skipped).
 * The timestamp is checked here against the Lifeline's clock (the package itself can only read
 * `Date.now()`), in both directions. The id is `webhook-id`.
 *
 * @throws ConfigurationError when no secret is given or one is not a `whsec_` secret.
 */
export function standardWebhooksVerifier(options: StandardWebhooksVerifierOptions): WebhookVerifier {
  if (!options.secrets || options.secrets.length === 0) {
    throw new ConfigurationError('standardWebhooksVerifier: give at least one signing secret (whsec_…)');
  }
  const signers = options.secrets.map((secret, index) => {
    const checked = signingSecretSchema.safeParse(secret);
    if (!checked.success) {
      throw new ConfigurationError(
        `standardWebhooksVerifier: secrets[${index}] ${checked.error.issues[0]?.message}`,
      );
    }
    return new Webhook(secret);
  });
  const toleranceSec = options.toleranceSec ?? 300;
  const typeOf = options.typeOf ?? defaultTypeOf;

  return {
    provider: options.provider ?? 'standard-webhooks',
    async verify(bytes, headers, now): Promise<VerifyOutcome> {
      const id = headers.get('webhook-id');
      const timestamp = headers.get('webhook-timestamp');
      const signature = headers.get('webhook-signature');
      if (!id || !timestamp || !signature)
        return {
          ok: false,
          reason: 'missing_signature',
          detail: 'missing webhook-id, webhook-timestamp or webhook-signature',
        };
      if (!/^\d{1,12}$/.test(timestamp.trim()))
        return {
          ok: false,
          reason: 'invalid_signature',
          detail: `webhook-timestamp "${timestamp.slice(0, 20)}" is not a number`,
        };
      const seconds = Number(timestamp.trim());
      if (toleranceSec > 0 && Math.abs(now / 1000 - seconds) > toleranceSec)
        return {
          ok: false,
          reason: 'timestamp_outside_tolerance',
          detail: `webhook-timestamp ${seconds} is more than ${toleranceSec} s from now`,
        };
      const body = exactText(bytes);
      if (body === undefined)
        return { ok: false, reason: 'invalid_encoding', detail: 'the body is not valid UTF-8' };
      const offered = signature
        .split(' ')
        .map((part) => part.split(','))
        .filter(([version, value]) => version === 'v1' && value)
        .map(([, value]) => value!);
      const at = new Date(seconds * 1000);
      const matched = signers.some((signer) => {
        const expected = signer.sign(id, at, body).split(',')[1]!;
        return offered.some((value) => equal(value, expected));
      });
      if (!matched)
        return { ok: false, reason: 'invalid_signature', detail: 'no v1 signature matches a known secret' };
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return { ok: false, reason: 'malformed_json', detail: 'the signed body is not JSON' };
      }
      const type = typeOf(payload);
      if (!type) return { ok: false, reason: 'not_an_event', detail: 'the signed body has no event type' };
      return { ok: true, event: { id, type, payload } };
    },
  };
}
