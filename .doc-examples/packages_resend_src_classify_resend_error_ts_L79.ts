// packages/resend/src/classify-resend-error.ts:79
import { classifyResendError } from '@lifeline/resend';
import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_API_KEY);
const payload = { from: 'Shop <orders@example.com>', to: 'ada@example.com', subject: 'Receipt', text: 'Thanks!' };
const { data, error, headers } = await resend.emails.send(payload);
if (error) throw classifyResendError(error, headers);

export {};
