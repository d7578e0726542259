import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { formatPrice } from '@/lib/catalog';
import { checkoutApp } from '@/lib/lifeline';
import { purchases } from '@/lib/purchases';

/** The page the receipt links to (its unguessable id is the capability), and Stripe's success page. */
export default async function PurchasePage({ params }: PageProps<'/purchases/[id]'>) {
  await connection();
  const { id } = await params;
  const app = await checkoutApp();
  const purchase = await purchases.get(app.db.sql, id);
  if (!purchase) notFound();
  const expired = purchase.downloadExpiresAt !== null && purchase.downloadExpiresAt.getTime() < Date.now();
  return (
    <>
      <h1>{purchase.productName}</h1>
      <p>
        {purchase.totalLeads.toLocaleString('en-US')} leads ·{' '}
        {formatPrice(purchase.amountCents, purchase.currency)} ·{' '}
        <strong data-status={purchase.status}>
          {purchase.status === 'paid' ? 'Paid' : 'Waiting for payment'}
        </strong>
      </p>
      {purchase.status === 'pending' && (
        <p className="notice">
          Stripe has not confirmed the payment yet. This page shows it as soon as the webhook arrives; the
          receipt email follows.
        </p>
      )}
      {purchase.status === 'paid' && !expired && (
        <p className="notice">
          Your download link works until {purchase.downloadExpiresAt?.toUTCString()}. A copy of it was emailed
          to {purchase.email}.
        </p>
      )}
      {expired && (
        <p className="notice">This download link has expired: reply to the receipt for a new one.</p>
      )}
    </>
  );
}
