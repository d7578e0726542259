import { defineOperation } from '@lifeline/core';
import { purchaseConfirmationEmail } from '@lifeline/resend';
import { z } from 'zod';
import type { Purchase } from './purchases';

const receiptSchema = z.object({
  purchaseId: z.string().min(1),
  userEmail: z.email(),
  userName: z.string().optional(),
  productName: z.string(),
  downloadUrl: z.url(),
  totalLeads: z.number().int().positive(),
  totalPrice: z.number().int().nonnegative(),
  currency: z.string().length(3),
  expiresAt: z.iso.datetime(),
});

/** The receipt's idempotency key: one receipt per purchase, also Resend's `Idempotency-Key`. */
export const receiptKey = (purchaseId: string): string => `receipt:${purchaseId}`;

/** What the receipt operation carries: everything the email shows, so it renders without a database read. */
export type ReceiptData = z.input<typeof receiptSchema>;

/**
 * The email the incident lost: the purchase confirmation with the download link.
 *
 * One receipt per purchase whatever happens: the idempotency key is the purchase id, so a redelivered
 * webhook, a second Checkout Session for the purchase and an admin's redrive all name the same work, and
 * the mailer gets the same key (Resend's `Idempotency-Key`). Three attempts with backoff, then a dead letter and an
 * alert; at most 50 per minute per recipient (excess waits, nothing is dropped).
 */
export const sendReceipt = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  description: 'Purchase confirmation with the download link',
  schema: receiptSchema,
  retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 60_000, jitter: 'full' } },
  throttle: { key: (data) => data.userEmail.toLowerCase(), limit: 50, periodMs: 60_000 },
  timeoutMs: 15_000,
  idempotencyKey: (data) => receiptKey(data.purchaseId),
  run: async (data, ctx) => {
    const email = purchaseConfirmationEmail(data);
    const sent = await ctx.mailer.send(
      { to: data.userEmail, ...email, tags: { purchase: data.purchaseId } },
      { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal },
    );
    ctx.logger.info('receipt sent', { purchaseId: data.purchaseId, emailId: sent.id });
  },
});

/** The receipt of a paid purchase. */
export function receiptFor(purchase: Purchase, appUrl: string): ReceiptData {
  if (purchase.status !== 'paid' || !purchase.downloadExpiresAt) {
    throw new Error(
      `receiptFor: purchase ${purchase.id} is not paid yet; a receipt is sent only after payment`,
    );
  }
  return {
    purchaseId: purchase.id,
    userEmail: purchase.email,
    ...(purchase.name ? { userName: purchase.name } : {}),
    productName: purchase.productName,
    downloadUrl: new URL(`/purchases/${purchase.id}`, appUrl).href,
    totalLeads: purchase.totalLeads,
    totalPrice: purchase.amountCents,
    currency: purchase.currency,
    expiresAt: purchase.downloadExpiresAt.toISOString(),
  };
}
