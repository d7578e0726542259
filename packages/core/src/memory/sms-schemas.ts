import { z } from 'zod';

/** An E.164 phone number: `+`, a non-zero digit, then 1 to 14 more digits (`+14155550100`). */
export const e164Schema = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number: + then 2 to 15 digits, e.g. "+14155550100"');

/** An `SmsMessage` as every `SmsSender` accepts it: E.164 `to`, a non-empty body of at most 1,600 characters. */
export const smsMessageSchema = z.object({
  to: e164Schema,
  body: z
    .string()
    .min(1, 'must not be empty')
    .max(1_600, 'must be at most 1600 characters (the most a provider sends as one message)'),
  from: z.string().min(1).optional(),
});

/** `SendSmsOptions`: a non-empty idempotency key and an optional abort signal. */
export const sendSmsOptionsSchema = z.object({
  idempotencyKey: z.string().min(1, 'must be a non-empty string'),
  signal: z.instanceof(AbortSignal).optional(),
});
