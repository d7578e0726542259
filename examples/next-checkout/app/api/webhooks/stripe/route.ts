import { checkoutApp } from '@/lib/lifeline';

/**
 * `POST /api/webhooks/stripe`: the `@lifeline/stripe` handler. It verifies the signature, enqueues the
 * event's fulfilment and answers 200 at once; fulfilment runs with retries, once per Checkout Session.
 * It reads the raw body itself (the signature covers the exact bytes), so nothing may parse it first.
 */
export async function POST(request: Request): Promise<Response> {
  const { stripeWebhook } = await checkoutApp();
  if (!stripeWebhook) {
    // 503, not 200: Stripe keeps the event and retries once the secret is configured.
    return Response.json(
      { error: 'STRIPE_WEBHOOK_SECRET is not set; the event was not accepted (see README: Stripe)' },
      { status: 503 },
    );
  }
  return stripeWebhook(request);
}
