import { randomUUID } from 'node:crypto';
import type { SendSmsOptions, SentSms, SmsMessage, SmsSender } from '../contracts/sms-sender';
import { PermanentError } from '../errors/permanent-error';
import { stableStringify } from '../idempotency/fingerprint';
import { parseOrThrow } from './dead-letter-schemas';
import { sendSmsOptionsSchema, smsMessageSchema } from './sms-schemas';

/** One text a {@link memorySmsSender} accepted. */
export interface DeliveredSms {
  /** The id `send` returned. */
  id: string;
  /** The message as sent (a copy). */
  message: SmsMessage;
  /** The key it was sent under. */
  idempotencyKey: string;
}

/** An {@link SmsSender} that keeps what it accepted, for tests and local runs. */
export interface MemorySmsSender extends SmsSender {
  /** Every accepted text, in order; a repeated idempotency key adds nothing. */
  readonly sent: DeliveredSms[];
  /** The texts sent to `phone` (an E.164 number). */
  deliveredTo(phone: string): DeliveredSms[];
}

/**
 * An in-memory {@link SmsSender}: validates each message (E.164 `to`, non-empty body) and records it in
 * `.sent` instead of sending it. A second send with the same `idempotencyKey` and message returns the
 * first id and records nothing more; the same key with a different message is a `PermanentError`.
 * An already aborted `signal` rejects with its reason.
 *
 * @example
 * ```ts
 * const sms = memorySmsSender();
 * await sms.send({ to: '+14155550100', body: 'Your order shipped' }, { idempotencyKey: 'shipped:1' });
 * sms.deliveredTo('+14155550100').length; // 1
 * ```
 */
export function memorySmsSender(): MemorySmsSender {
  const sent: DeliveredSms[] = [];
  const byKey = new Map<string, { id: string; body: string }>();
  return {
    sent,
    deliveredTo: (phone) => sent.filter((sms) => sms.message.to === phone),
    async send(message: SmsMessage, options: SendSmsOptions): Promise<SentSms> {
      options?.signal?.throwIfAborted();
      parseOrThrow(smsMessageSchema, 'SMS message', message);
      const { idempotencyKey } = parseOrThrow(sendSmsOptionsSchema, 'SMS send options', options);
      const body = stableStringify(message);
      const previous = byKey.get(idempotencyKey);
      if (previous) {
        if (previous.body !== body) {
          throw new PermanentError(
            `memorySmsSender: idempotency key "${idempotencyKey}" was already used for a different message; use a new key for a different text`,
          );
        }
        return { id: previous.id };
      }
      const id = `SM${randomUUID().replaceAll('-', '')}`;
      byKey.set(idempotencyKey, { id, body });
      sent.push({ id, message: structuredClone(message), idempotencyKey });
      return { id };
    },
  };
}
