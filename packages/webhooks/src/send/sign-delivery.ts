import { Webhook } from 'standardwebhooks';

/** The three Standard Webhooks headers of one delivery attempt. */
export interface StandardWebhookHeaders {
  /** The message id, the same on every attempt (receivers dedupe on it). */
  'webhook-id': string;
  /** Seconds since the epoch when this attempt was signed. */
  'webhook-timestamp': string;
  /** Space-separated `v1,<base64 HMAC-SHA256>`, one per signing secret. */
  'webhook-signature': string;
}

/**
 * Signs `body` for message `id` at `timestampMs` with each secret (`whsec_…`), using the
 * `standardwebhooks` package: the signed content is `${id}.${seconds}.${body}`, HMAC-SHA256, base64.
 * Several secrets (a rotation in progress) give several space-separated signatures, so a receiver that
 * knows either the old or the new secret verifies the delivery.
 *
 * @throws Error when `secrets` is empty (an unsigned webhook is never sent).
 */
export function signDelivery(
  id: string,
  timestampMs: number,
  body: string,
  secrets: readonly string[],
): StandardWebhookHeaders {
  if (secrets.length === 0)
    throw new Error(`webhook message ${id}: no signing secret, refusing to send unsigned`);
  const at = new Date(Math.floor(timestampMs / 1000) * 1000);
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestampMs / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
