import { z } from 'zod';

/** `sender@example.com` or `Name <sender@example.com>`, as Resend accepts them. */
const MAILBOX = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/** One mailbox (`sender@example.com` or `Name <sender@example.com>`). */
export const mailboxSchema = z
  .string()
  .trim()
  .regex(MAILBOX, 'expected an email address, e.g. "orders@example.com" or "Shop <orders@example.com>"');

/** Resend's rule for tag names and values: ASCII letters, numbers, underscores and dashes, at most 256. */
const TAG_PART = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_-]+$/, 'Resend tags allow only ASCII letters, numbers, underscores and dashes');

/** Tags (name → value) attached to every email for Resend's analytics. */
export const tagsSchema = z.record(TAG_PART, TAG_PART);

const addressList = z.union([mailboxSchema, z.array(mailboxSchema).min(1).max(50)]);

/** Options of `resendMailer`, checked once when the mailer is created. */
export const resendMailerOptionsSchema = z.object({
  client: z.custom<{ emails: { send: (...args: never[]) => unknown } }>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { emails?: { send?: unknown } }).emails?.send === 'function',
    'expected a Resend client (new Resend(apiKey)) with emails.send',
  ),
  from: mailboxSchema,
  replyTo: addressList.optional(),
  tags: tagsSchema.optional(),
});

/** An `EmailMessage` as Resend can send it: recipients, subject, and HTML or text. */
export const emailMessageSchema = z
  .object({
    to: addressList,
    subject: z.string().trim().min(1, 'subject must not be empty').max(998),
    html: z.string().optional(),
    text: z.string().optional(),
    from: mailboxSchema.optional(),
    replyTo: addressList.optional(),
    tags: tagsSchema.optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((message) => Boolean(message.html || message.text), {
    message: 'an email needs html or text (or both)',
    path: ['html'],
  });

/** Per-send options: Resend accepts idempotency keys of 1 to 256 characters. */
export const sendOptionsSchema = z.object({
  idempotencyKey: z
    .string()
    .min(1, 'idempotencyKey must not be empty')
    .max(256, "idempotencyKey must be at most 256 characters (Resend's limit)"),
  signal: z.instanceof(AbortSignal).optional(),
});
