// packages/resend/src/resend-mailer.ts:49
import { resendMailer } from '@lifeline/resend';
import { Resend } from 'resend';
const mailer = resendMailer({ client: new Resend(process.env.RESEND_API_KEY), from: 'Shop <orders@example.com>' });
await mailer.send({ to: 'jane@example.com', subject: 'Hi', text: 'Hello' }, { idempotencyKey: 'receipt:pur_123' });

export {};
