import type Stripe from 'stripe';

/** Why a delivery was refused before anything was enqueued; each maps to a 400 answer. */
export type RejectionReason =
  | 'missing_signature'
  | 'invalid_signature'
  | 'timestamp_outside_tolerance'
  | 'empty_body'
  | 'invalid_encoding'
  | 'malformed_json'
  | 'unsupported_event';

/** The outcome of {@link verifyStripeEvent}. */
export type VerifyResult =
  | { ok: true; event: unknown }
  | { ok: false; reason: RejectionReason; detail: string };

/** What verification needs from a Stripe client. */
export type StripeWebhooks = Pick<Stripe, 'webhooks'>;

const NO_MATCH = 'No signatures found matching';

/** Strict UTF-8: invalid bytes throw instead of becoming U+FFFD, and a leading BOM is kept, not dropped. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The body as the exact string whose UTF-8 encoding is `bytes`, or undefined when no such string exists.
 * Strict decoding is lossless, so the SDK's HMAC over this string is the HMAC over the raw bytes.
 */
function exactText(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The `t=` timestamp (seconds) of a `Stripe-Signature` header, or undefined. */
function signedAt(signature: string): number | undefined {
  for (const part of signature.split(',')) {
    const [key, value] = part.split('=');
    if (key?.trim() === 't' && value !== undefined && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  return undefined;
}

function rejection(error: unknown): { reason: RejectionReason; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.split('\n')[0]!.slice(0, 200);
  if (error instanceof SyntaxError) return { reason: 'malformed_json', detail };
  if ((error as { type?: unknown })?.type === 'StripeSignatureVerificationError') {
    if (message.startsWith('Timestamp outside the tolerance zone'))
      return { reason: 'timestamp_outside_tolerance', detail };
    if (message.startsWith('No webhook payload was provided')) return { reason: 'empty_body', detail };
    return { reason: 'invalid_signature', detail };
  }
  // e.g. a v2 "thin" event notification sent to a snapshot-event endpoint.
  return { reason: 'unsupported_event', detail };
}

/**
 * Verifies a webhook delivery's `Stripe-Signature` with the Stripe SDK and parses the event.
 *
 * The signature is checked over the raw bytes: they are decoded as strict UTF-8 (invalid bytes are
 * refused as `invalid_encoding`, a leading BOM is kept), so a body that differs from the signed bytes
 * by a prepended BOM or by bytes a lenient decoder would replace or drop never verifies. The timestamp
 * must be within `toleranceSec` of `receivedAt` in both directions (the SDK checks only the past; a
 * timestamp in the future beyond the tolerance is refused here); `toleranceSec: 0` turns both checks off.
 *
 * `constructEventAsync` takes one secret, so rotation tries each secret in order and moves on only when
 * the SDK says "No signatures found matching" (any other failure, such as an old timestamp, is final).
 * Never throws: every failure is a {@link RejectionReason}.
 *
 * @param body the raw request body. A string is taken as already decoded (its UTF-8 encoding is what
 *   gets verified), so pass the bytes whenever you have them.
 * @param receivedAt epoch ms the delivery arrived, against which the timestamp's age is checked.
 */
export async function verifyStripeEvent(
  stripe: StripeWebhooks,
  rawBody: Uint8Array | string,
  signature: string | null,
  secrets: readonly string[],
  toleranceSec: number,
  receivedAt: number,
): Promise<VerifyResult> {
  if (!signature) return { ok: false, reason: 'missing_signature', detail: 'no Stripe-Signature header' };
  const body = typeof rawBody === 'string' ? rawBody : exactText(rawBody);
  if (body === undefined)
    return { ok: false, reason: 'invalid_encoding', detail: 'the body is not valid UTF-8' };
  let last: unknown;
  for (const secret of secrets) {
    try {
      const event = await stripe.webhooks.constructEventAsync(
        body,
        signature,
        secret,
        toleranceSec,
        undefined,
        receivedAt,
      );
      const timestamp = signedAt(signature);
      if (toleranceSec > 0 && timestamp !== undefined && timestamp - receivedAt / 1000 > toleranceSec)
        return {
          ok: false,
          reason: 'timestamp_outside_tolerance',
          detail: `Timestamp ${timestamp} is more than ${toleranceSec} s in the future`,
        };
      return { ok: true, event };
    } catch (error) {
      last = error;
      const noMatch = error instanceof Error && error.message.startsWith(NO_MATCH);
      if (!noMatch) break;
    }
  }
  return { ok: false, ...rejection(last) };
}
