import type Stripe from 'stripe';

/** Why a delivery was refused before anything was enqueued; each maps to a 400 answer. */
export type RejectionReason =
  | 'missing_signature'
  | 'invalid_signature'
  | 'timestamp_outside_tolerance'
  | 'empty_body'
  | 'malformed_json'
  | 'unsupported_event';

/** The outcome of {@link verifyStripeEvent}. */
export type VerifyResult =
  | { ok: true; event: unknown }
  | { ok: false; reason: RejectionReason; detail: string };

/** What verification needs from a Stripe client. */
export type StripeWebhooks = Pick<Stripe, 'webhooks'>;

const NO_MATCH = 'No signatures found matching';

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
 * `constructEventAsync` takes one secret, so rotation tries each secret in order and moves on only when
 * the SDK says "No signatures found matching" (any other failure, such as an old timestamp, is final).
 * Never throws: every failure is a {@link RejectionReason}.
 *
 * @param receivedAt epoch ms the delivery arrived, against which the timestamp's age is checked.
 */
export async function verifyStripeEvent(
  stripe: StripeWebhooks,
  body: string,
  signature: string | null,
  secrets: readonly string[],
  toleranceSec: number,
  receivedAt: number,
): Promise<VerifyResult> {
  if (!signature) return { ok: false, reason: 'missing_signature', detail: 'no Stripe-Signature header' };
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
      return { ok: true, event };
    } catch (error) {
      last = error;
      const noMatch = error instanceof Error && error.message.startsWith(NO_MATCH);
      if (!noMatch) break;
    }
  }
  return { ok: false, ...rejection(last) };
}
