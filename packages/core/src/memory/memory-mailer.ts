import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EmailMessage, Mailer, SendEmailOptions, SentEmail } from '../contracts/mailer';
import { PermanentError } from '../errors/permanent-error';
import { stableStringify } from '../idempotency/fingerprint';
import { parseOrThrow } from './dead-letter-schemas';

/** One email a {@link memoryMailer} accepted. */
export interface DeliveredEmail {
  /** The id `send` returned. */
  id: string;
  /** The message as sent (a copy). */
  message: EmailMessage;
  /** The key it was sent under. */
  idempotencyKey: string;
}

/** A {@link Mailer} that keeps what it accepted, for tests and local runs. */
export interface MemoryMailer extends Mailer {
  /** Every accepted email, in order; a repeated idempotency key adds nothing. */
  readonly sent: DeliveredEmail[];
  /** The emails whose `to` includes `address` (compared case-insensitively). */
  deliveredTo(address: string): DeliveredEmail[];
}

const addresses = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const messageSchema = z
  .object({
    to: addresses,
    subject: z.string(),
    html: z.string().optional(),
    text: z.string().optional(),
    from: z.string().optional(),
    replyTo: addresses.optional(),
    tags: z.record(z.string(), z.string()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((message) => message.html !== undefined || message.text !== undefined, {
    message: 'needs `html` or `text`',
    path: ['html'],
  });
const optionsSchema = z.object({ idempotencyKey: z.string().min(1, 'must be a non-empty string') });

const recipients = (message: EmailMessage) => (typeof message.to === 'string' ? [message.to] : message.to);

/**
 * An in-memory {@link Mailer}: validates each message and records it in `.sent` instead of sending it.
 * Behaves like Resend with idempotency keys: a second send with the same `idempotencyKey` and the same
 * message returns the first id and delivers nothing more; the same key with a different message is
 * rejected with a `PermanentError`. An already aborted `signal` rejects with its reason.
 *
 * @example
 * ```ts
 * const mailer = memoryMailer();
 * await mailer.send({ to: 'ada@example.com', subject: 'Receipt', text: 'Thanks!' }, { idempotencyKey: 'receipt:1' });
 * mailer.deliveredTo('ada@example.com').length; // 1
 * ```
 */
export function memoryMailer(): MemoryMailer {
  const sent: DeliveredEmail[] = [];
  const byKey = new Map<string, { id: string; body: string }>();
  return {
    sent,
    deliveredTo(address) {
      const wanted = address.toLowerCase();
      return sent.filter((email) => recipients(email.message).some((to) => to.toLowerCase() === wanted));
    },
    async send(message: EmailMessage, options: SendEmailOptions): Promise<SentEmail> {
      options?.signal?.throwIfAborted();
      parseOrThrow(messageSchema, 'email message', message);
      const { idempotencyKey } = parseOrThrow(optionsSchema, 'send options', options);
      const body = stableStringify(message);
      const previous = byKey.get(idempotencyKey);
      if (previous) {
        if (previous.body !== body) {
          throw new PermanentError(
            `memoryMailer: idempotency key "${idempotencyKey}" was already used for a different message; use a new key for a different email`,
          );
        }
        return { id: previous.id };
      }
      const id = `email_${randomUUID()}`;
      byKey.set(idempotencyKey, { id, body });
      sent.push({ id, message: structuredClone(message), idempotencyKey });
      return { id };
    },
  };
}
