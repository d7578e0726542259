import { leadsCsv, leadsFileName } from '@/lib/leads-file';
import { checkoutApp } from '@/lib/lifeline';
import { purchases } from '@/lib/purchases';

/**
 * `GET /purchases/:id/download`: the leads file a paid purchase bought, as a CSV attachment. The
 * purchase id (128 random bits) is the capability, as in the receipt's link; the download works until
 * the purchase's expiry. 404 for an unknown id, 402 before payment, 410 once expired.
 */
export async function GET(
  _request: Request,
  ctx: RouteContext<'/purchases/[id]/download'>,
): Promise<Response> {
  const { id } = await ctx.params;
  const app = await checkoutApp();
  const purchase = await purchases.get(app.db.sql, id);
  if (!purchase) return new Response('No such purchase.\n', { status: 404 });
  if (purchase.status !== 'paid' || !purchase.downloadExpiresAt) {
    return new Response(
      'This purchase is not paid yet: the download opens once Stripe confirms the payment.\n',
      {
        status: 402,
      },
    );
  }
  if (purchase.downloadExpiresAt.getTime() < Date.now()) {
    return new Response('This download link has expired: reply to the receipt for a new one.\n', {
      status: 410,
    });
  }
  return new Response(leadsCsv(purchase), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${leadsFileName(purchase)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
