import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { formatPrice } from '@/lib/catalog';
import { checkoutApp } from '@/lib/lifeline';
import { purchases } from '@/lib/purchases';
import { type ReceiptStatus, receiptStatus } from '@/lib/receipt-status';

const RECEIPT_NOTICE: Record<ReceiptStatus, (email: string) => string> = {
  sent: (email) => `A copy of this link was emailed to ${email}.`,
  sending: (email) =>
    `The receipt email to ${email} is on its way (it is retried if the mail provider fails).`,
  resending: (email) => `We are sending the receipt email to ${email} again.`,
  failed: (email) =>
    `We could not email your receipt to ${email}. Our team has been alerted and will resend it; your download works from this page.`,
};

/**
 * The page the receipt links to (its unguessable id is the capability), and Stripe's success page: the
 * purchase, its download, and the true state of the receipt email. While the payment or the email is
 * still on its way, it reloads itself every 2 seconds.
 */
export default async function PurchasePage({ params }: PageProps<'/purchases/[id]'>) {
  await connection();
  const { id } = await params;
  const app = await checkoutApp();
  const purchase = await purchases.get(app.db.sql, id);
  if (!purchase) notFound();
  const paid = purchase.status === 'paid';
  const expired = purchase.downloadExpiresAt !== null && purchase.downloadExpiresAt.getTime() < Date.now();
  const receipt = paid ? await receiptStatus(app.lifeline, purchase) : undefined;
  const waiting = !paid || receipt === 'sending' || receipt === 'resending';
  return (
    <>
      {waiting && <meta httpEquiv="refresh" content="2" />}
      <h1>{purchase.productName}</h1>
      <p>
        {purchase.totalLeads.toLocaleString('en-US')} leads ·{' '}
        {formatPrice(purchase.amountCents, purchase.currency)} ·{' '}
        <strong data-status={purchase.status}>{paid ? 'Paid' : 'Waiting for payment'}</strong>
      </p>
      {!paid && (
        <p className="notice">
          Stripe has not confirmed the payment yet. This page shows it as soon as the webhook arrives; the
          download and the receipt email follow.
        </p>
      )}
      {paid && !expired && (
        <>
          <p>
            <a className="button" href={`/purchases/${purchase.id}/download`} download>
              Download {purchase.totalLeads.toLocaleString('en-US')} leads (CSV)
            </a>
          </p>
          <p className="muted">The link works until {purchase.downloadExpiresAt?.toUTCString()}.</p>
        </>
      )}
      {receipt && (
        <p className={receipt === 'failed' ? 'error' : 'notice'} data-receipt={receipt}>
          {RECEIPT_NOTICE[receipt](purchase.email)}
        </p>
      )}
      {expired && (
        <p className="notice">This download link has expired: reply to the receipt for a new one.</p>
      )}
    </>
  );
}
