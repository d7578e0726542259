import { isValidationError } from '@lifeline/core';
import { after } from 'next/server';
import { z } from 'zod';
import { findProduct } from '@/lib/catalog';
import { startPurchase } from '@/lib/checkout';
import { checkoutApp } from '@/lib/lifeline';

const purchaseRequest = z.strictObject({
  productId: z.string().min(1).max(100),
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200).optional(),
});

/**
 * `POST /api/marketplace/purchase` `{ productId, email, name? }`: starts a purchase.
 *
 * Answers 201 `{ purchaseId, status: 'pending', checkoutUrl }` as soon as the purchase is stored: the
 * buyer goes to `checkoutUrl` to pay (Stripe Checkout; offline, the purchase page while the simulated
 * checkout posts Stripe's signed webhook to `/api/webhooks/stripe` after this answer). Payment is
 * confirmed only by that webhook, whose fulfilment queues the receipt: no email is sent here, so a
 * failing mail provider can neither slow this answer nor lose the receipt.
 */
export async function POST(request: Request): Promise<Response> {
  const body = await request.json().catch(() => undefined);
  const parsed = purchaseRequest.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message,
    }));
    return Response.json({ error: 'invalid purchase request', issues }, { status: 400 });
  }
  const product = findProduct(parsed.data.productId);
  if (!product) {
    return Response.json(
      {
        error: 'unknown product',
        issues: [{ field: 'productId', message: `no product "${parsed.data.productId}"` }],
      },
      { status: 400 },
    );
  }

  const app = await checkoutApp();
  try {
    const { purchase, checkoutUrl } = await startPurchase(
      { sql: app.db.sql, stripe: app.stripe, appUrl: app.env.APP_URL },
      { product, email: parsed.data.email, name: parsed.data.name },
    );
    // Offline, the customer "pays" at once: Stripe's webhook is posted after this answer.
    const { simulatedCheckout } = app;
    if (simulatedCheckout) after(() => simulatedCheckout.pay(purchase));
    return Response.json({ purchaseId: purchase.id, status: purchase.status, checkoutUrl }, { status: 201 });
  } catch (error) {
    if (isValidationError(error)) return Response.json({ error: error.message }, { status: 400 });
    app.lifeline.logger.error('purchase failed', { error });
    return Response.json(
      { error: 'the purchase could not be started; nothing was charged, try again' },
      { status: 502 },
    );
  }
}
