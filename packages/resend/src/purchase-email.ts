import { ValidationError } from '@lifeline/core';
import { z } from 'zod';
import { escapeHtml } from './escape-html';
import { countOf, formatMoney, formatUtc } from './format';
import { renderPurchaseHtml } from './purchase-email-html';

/** One line of text: runs of whitespace (newlines included) become one space. */
const line = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1).max(max));

/** Input of {@link purchaseConfirmationEmail}, as the incident's purchase flow queued it. */
export const purchaseConfirmationSchema = z.object({
  userName: line(200).optional(),
  userEmail: z.email(),
  downloadUrl: z
    .url({ protocol: /^https?$/, error: 'downloadUrl must be an absolute http(s) URL' })
    .max(2048),
  totalLeads: z.number().int().positive(),
  totalPrice: z.number().int('totalPrice is in minor units (cents): pass 4999 for $49.99').nonnegative(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'currency must be an ISO 4217 code such as "USD"')
    .transform((code) => code.toUpperCase())
    .default('USD'),
  expiresAt: z.union([z.date(), z.string()]).pipe(z.coerce.date({ error: 'expiresAt must be a valid date' })),
  productName: line(100).optional(),
  supportEmail: z.email().optional(),
});

/** What {@link purchaseConfirmationEmail} takes. `totalPrice` is in minor units of `currency`. */
export type PurchaseConfirmationInput = z.input<typeof purchaseConfirmationSchema>;

/** A rendered email: pass it to `mailer.send({ to, ...email }, { idempotencyKey })`. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders the purchase confirmation email of the incident's flow: the download link, the number of
 * leads, the total and when the link expires, as HTML (inline styles, accessible tables) and plain
 * text. Every value is validated (the link must be http or https) and HTML-escaped.
 *
 * `totalPrice` is in minor units of `currency` (default `USD`), as Stripe's `amount_total`:
 * `4999` is $49.99, `500` with `JPY` is ¥500. Dates are shown in UTC.
 *
 * @throws ValidationError naming each invalid field.
 * @example
 * ```ts
 * const email = purchaseConfirmationEmail({
 *   userName: 'Jane', userEmail: 'jane@example.com', downloadUrl: 'https://example.com/d/abc',
 *   totalLeads: 250, totalPrice: 4999, expiresAt: '2026-02-12T23:41:00Z',
 * });
 * await mailer.send({ to: 'jane@example.com', ...email }, { idempotencyKey: 'receipt:pur_123' });
 * ```
 */
export function purchaseConfirmationEmail(input: PurchaseConfirmationInput): RenderedEmail {
  const parsed = purchaseConfirmationSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod('purchase confirmation email', parsed.error, input);
  const data = parsed.data;

  const leads = countOf(data.totalLeads, 'lead');
  const subject = data.productName
    ? `Your ${data.productName} download is ready (${leads})`
    : `Your ${leads} ${data.totalLeads === 1 ? 'is' : 'are'} ready to download`;
  const plain = {
    greeting: data.userName ? `Hi ${data.userName},` : 'Hi,',
    intro: `Thanks for your purchase. Your ${leads} ${data.totalLeads === 1 ? 'is' : 'are'} ready to download.`,
    total: formatMoney(data.totalPrice, data.currency),
    expires: formatUtc(data.expiresAt),
  };

  const html = renderPurchaseHtml({
    subject: escapeHtml(subject),
    greeting: escapeHtml(plain.greeting),
    intro: escapeHtml(plain.intro),
    url: escapeHtml(data.downloadUrl),
    product: data.productName === undefined ? undefined : escapeHtml(data.productName),
    leads: escapeHtml(data.totalLeads.toLocaleString('en-US')),
    total: escapeHtml(plain.total),
    expires: escapeHtml(plain.expires),
    recipient: escapeHtml(data.userEmail),
    supportEmail: data.supportEmail === undefined ? undefined : escapeHtml(data.supportEmail),
  });

  const help = data.supportEmail
    ? `If the link has expired or does not work, write to ${data.supportEmail} and we will send a new one.`
    : 'If the link has expired or does not work, reply to this email and we will send a new one.';
  const text = [
    plain.greeting,
    '',
    plain.intro,
    '',
    `Download: ${data.downloadUrl}`,
    '',
    'Order summary',
    ...(data.productName ? [`  Product:      ${data.productName}`] : []),
    `  Leads:        ${data.totalLeads.toLocaleString('en-US')}`,
    `  Total:        ${plain.total}`,
    `  Link expires: ${plain.expires}`,
    '',
    help,
    '',
    `This receipt was sent to ${data.userEmail}.`,
    '',
  ].join('\n');

  return { subject, html, text };
}
