import { checkoutApp } from '@/lib/lifeline';
import { purchases } from '@/lib/purchases';

/** `GET /api/marketplace/purchases/:id`: the purchase's status, for the storefront to follow. */
export async function GET(
  _request: Request,
  ctx: RouteContext<'/api/marketplace/purchases/[id]'>,
): Promise<Response> {
  const { id } = await ctx.params;
  const app = await checkoutApp();
  const purchase = await purchases.get(app.db.sql, id);
  if (!purchase) return Response.json({ error: 'no such purchase' }, { status: 404 });
  return Response.json({
    purchaseId: purchase.id,
    status: purchase.status,
    payment: purchase.payment,
    productName: purchase.productName,
    paidAt: purchase.paidAt,
    checkoutSessionId: purchase.stripeSessionId,
  });
}
