// docs/recipes.md:182
import { createHmac, timingSafeEqual } from 'node:crypto';
import { defineOperation } from '@lifeline/core';
import { purchaseConfirmationEmail } from '@lifeline/resend';
import { z } from 'zod';

const secret = process.env.DOWNLOAD_LINK_SECRET!; // 32+ random bytes

const signature = (purchaseId: string, expires: number) =>
  createHmac('sha256', secret).update(`${purchaseId}.${expires}`).digest('base64url');

/** The same inputs give the same link: retries and redrives send an identical email. */
export function downloadUrl(purchaseId: string, expiresAt: Date): string {
  const expires = expiresAt.getTime();
  return `https://shop.example.com/downloads/${purchaseId}?expires=${expires}&sig=${signature(purchaseId, expires)}`;
}

/** For the download route: is this link genuine and not expired? */
export function verifyDownload(url: URL, purchaseId: string, now = Date.now()): boolean {
  const expires = Number(url.searchParams.get('expires'));
  const given = Buffer.from(url.searchParams.get('sig') ?? '');
  const expected = Buffer.from(signature(purchaseId, expires));
  return expires > now && given.length === expected.length && timingSafeEqual(given, expected);
}

export const sendPurchaseEmail = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema: z.object({
    purchaseId: z.string(),
    userEmail: z.email(),
    userName: z.string().optional(),
    totalLeads: z.number().int().positive(),
    totalPrice: z.number().int().nonnegative(), // minor units, like Stripe's amount_total
    currency: z.string().length(3),
    expiresAt: z.iso.datetime(),
  }),
  retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 60_000 } },
  throttle: { key: (d) => d.userEmail, limit: 50, periodMs: 60_000 }, // delays, never drops
  timeoutMs: 15_000,
  idempotencyKey: (d) => `purchase-email:${d.purchaseId}`,
  run: async (d, ctx) => {
    const email = purchaseConfirmationEmail({
      ...d,
      downloadUrl: downloadUrl(d.purchaseId, new Date(d.expiresAt)),
      productName: 'Lead list',
      supportEmail: 'support@shop.example.com',
    });
    await ctx.mailer.send({ to: d.userEmail, ...email }, { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
  },
});
const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
await lifeline.send(
  sendPurchaseEmail,
  { purchaseId: 'pur_123', userEmail: 'jane@example.com', totalLeads: 250, totalPrice: 4999, currency: 'usd', expiresAt },
  { idempotencyKey: `purchase-email:pur_123:${expiresAt}` },
);

export {};
