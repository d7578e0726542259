// packages/resend/src/index.ts:15
import { Resend } from 'resend';
import { purchaseConfirmationEmail, resendMailer } from '@lifeline/resend';

const mailer = resendMailer({ client: new Resend(process.env.RESEND_API_KEY), from: 'Shop <orders@example.com>' });
const email = purchaseConfirmationEmail({
  userEmail: 'jane@example.com', downloadUrl: 'https://shop.example.com/d/pur_123', totalLeads: 250,
  totalPrice: 4999, expiresAt: '2026-02-12T23:41:00Z', // totalPrice in cents, like Stripe's amount_total
});
await mailer.send({ to: 'jane@example.com', ...email }, { idempotencyKey: 'receipt:pur_123' });

export {};
