// packages/resend/src/purchase-email.ts:54
import { purchaseConfirmationEmail } from '@lifeline/resend';
const email = purchaseConfirmationEmail({
  userName: 'Jane', userEmail: 'jane@example.com', downloadUrl: 'https://example.com/d/abc',
  totalLeads: 250, totalPrice: 4999, expiresAt: '2026-02-12T23:41:00Z',
});
await mailer.send({ to: 'jane@example.com', ...email }, { idempotencyKey: 'receipt:pur_123' });

export {};
