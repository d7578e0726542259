/**
 * `@lifeline/resend`: a Lifeline `Mailer` on Resend.
 *
 * Sends with the operation's idempotency key as Resend's `Idempotency-Key` (a retry after a
 * timeout cannot send the receipt twice), aborts on the attempt's signal, and turns every Resend
 * error into a Lifeline error that says whether to retry: permanent rejections dead-letter at once
 * with a message an admin understands, rate limits wait as told, 5xx and network errors back off.
 * Also ships the purchase confirmation email of the incident's checkout flow.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/resend resend
 * ```
 *
 * ```ts
 * import { Resend } from 'resend';
 * import { purchaseConfirmationEmail, resendMailer } from '@lifeline/resend';
 *
 * const mailer = resendMailer({ client: new Resend(process.env.RESEND_API_KEY), from: 'Shop <orders@example.com>' });
 * const email = purchaseConfirmationEmail({
 *   userEmail: 'jane@example.com', downloadUrl: 'https://shop.example.com/d/pur_123', totalLeads: 250,
 *   totalPrice: 4999, expiresAt: '2026-02-12T23:41:00Z', // totalPrice in cents, like Stripe's amount_total
 * });
 * await mailer.send({ to: 'jane@example.com', ...email }, { idempotencyKey: 'receipt:pur_123' });
 * ```
 *
 * @module
 */
export { classifyResendError } from './classify-resend-error';
export {
  type ResendErrorOptions,
  type ResendFailure,
  ResendRateLimitedError,
  ResendRejectedError,
  ResendUnavailableError,
} from './errors';
export { escapeHtml } from './escape-html';
export {
  type PurchaseConfirmationInput,
  purchaseConfirmationEmail,
  purchaseConfirmationSchema,
  type RenderedEmail,
} from './purchase-email';
export { type ResendClient, type ResendMailerOptions, resendMailer } from './resend-mailer';
export { DEFAULT_RETRY_AFTER_MS } from './retry-after';
