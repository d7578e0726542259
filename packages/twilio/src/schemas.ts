import { z } from 'zod';

/** A Messaging Service SID: `MG` and 32 hex characters. */
const messagingServiceSid = z
  .string()
  .regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID (MG + 32 hex)');

/** Options of `twilioSmsSender`, checked once when the sender is created. */
export const twilioSmsSenderOptionsSchema = z
  .object({
    client: z.custom<{ messages: { create: unknown; page: unknown } }>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { messages?: { create?: unknown } }).messages?.create === 'function',
      'expected a Twilio client (twilio(accountSid, authToken)) with messages.create',
    ),
    from: z.string().min(1).optional(),
    messagingServiceSid: messagingServiceSid.optional(),
    rememberMs: z.number().int().positive().optional(),
    clockSkewMs: z.number().int().nonnegative().optional(),
  })
  .refine((o) => o.from !== undefined || o.messagingServiceSid !== undefined, {
    message: 'give `from` (a Twilio number or sender id) or `messagingServiceSid`',
    path: ['from'],
  });
