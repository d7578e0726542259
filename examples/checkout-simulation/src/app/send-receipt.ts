import { defineOperation } from '@lifeline/core';
import { purchaseConfirmationEmail } from '@lifeline/resend';
import { z } from 'zod';
import type { Timing } from '../timing';

/** What the receipt says: fixed when the purchase is fulfilled, so every retry sends the same email. */
export const receiptSchema = z.object({
  purchaseId: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  leads: z.number().int().positive(),
  amountCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  downloadUrl: z.url(),
  /** Epoch ms when the download link stops working. */
  expiresAt: z.number().int(),
});

/**
 * `purchase/email.send`: the email the incident lost. 3 attempts with backoff, Retry-After honoured,
 * each attempt cut at the timeout, at most 50 emails a minute per address (later ones wait, none is
 * dropped), and one idempotency key, `receipt:<purchase id>`, that is also Resend's `Idempotency-Key`:
 * a retry after a lost answer cannot send a second email. What still fails ends in the dead-letter
 * store with an alert.
 */
export function sendReceiptOperation(timing: Timing) {
  return defineOperation({
    name: 'purchase/email.send',
    kind: 'email',
    description: 'Emails the purchase confirmation with the download link',
    schema: receiptSchema,
    retry: { attempts: 3, backoff: timing.backoff },
    throttle: { key: (receipt) => receipt.email, limit: 50, periodMs: 60_000 },
    timeoutMs: timing.attemptTimeoutMs,
    idempotencyKey: (receipt) => `receipt:${receipt.purchaseId}`,
    run: (receipt, ctx) =>
      ctx.mailer.send(
        {
          to: receipt.email,
          ...purchaseConfirmationEmail({
            userName: receipt.name,
            userEmail: receipt.email,
            downloadUrl: receipt.downloadUrl,
            totalLeads: receipt.leads,
            totalPrice: receipt.amountCents,
            currency: receipt.currency,
            expiresAt: new Date(receipt.expiresAt),
          }),
          tags: { purchase_id: receipt.purchaseId, category: 'receipt' },
        },
        { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal },
      ),
  });
}

/** The operation {@link sendReceiptOperation} defines. */
export type SendReceiptOperation = ReturnType<typeof sendReceiptOperation>;
