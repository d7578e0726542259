import {
  type EmailMessage,
  type Mailer,
  type MemoryMailer,
  memoryMailer,
  type SendEmailOptions,
  type SentEmail,
} from '@lifeline/core';
import { type FaultOptions, type FaultyCall, faultInjector } from './fault-injector';

/** What a {@link faultyMailer} records per call: the message and the key it was sent under. */
export interface MailerCallSubject {
  /** The message passed to `send`. */
  message: EmailMessage;
  /** The idempotency key passed to `send`. */
  idempotencyKey: string;
}

/** Options of {@link faultyMailer}. */
export interface FaultyMailerOptions<M extends Mailer>
  extends Omit<FaultOptions<MailerCallSubject>, 'permanentFor'> {
  /** The mailer that handles calls that are not failed. Default: a new `memoryMailer()`. */
  delegate?: M;
  /** Messages for which this returns true fail with a `PermanentError` (e.g. a rejected address). */
  permanentFor?: (message: EmailMessage) => boolean;
}

/** A {@link Mailer} that injects faults and records every call. */
export interface FaultyMailer<M extends Mailer = MemoryMailer> extends Mailer {
  /** The wrapped mailer (with the default, its `.sent` shows what was delivered). */
  readonly delegate: M;
  /** Every call received, in order, with how it ended. */
  readonly calls: Array<FaultyCall<MailerCallSubject, SentEmail>>;
}

/**
 * Wraps a mailer (default `memoryMailer()`) and injects faults: fail the first `n` sends, fail at a
 * seeded random rate, answer with an HTTP status (429 carries Retry-After), hang until the attempt's
 * signal aborts, or fail permanently for chosen messages. Every call is recorded in `.calls`.
 *
 * @example
 * ```ts
 * const mailer = faultyMailer({ failFirst: 2, status: 503 });
 * // run the operation: attempts 1 and 2 fail with HTTP 503, attempt 3 is delivered
 * expect(mailer.calls.map((c) => c.outcome)).toEqual(['failed', 'failed', 'delivered']);
 * expect(mailer.delegate.sent).toHaveLength(1);
 * ```
 */
export function faultyMailer<M extends Mailer = MemoryMailer>(
  options: FaultyMailerOptions<M> = {},
): FaultyMailer<M> {
  const delegate = options.delegate ?? (memoryMailer() as unknown as M);
  const { delegate: _delegate, permanentFor, ...faults } = options;
  const injector = faultInjector<MailerCallSubject, SentEmail>(
    { ...faults, ...(permanentFor ? { permanentFor: (subject) => permanentFor(subject.message) } : {}) },
    'email',
  );
  return {
    delegate,
    calls: injector.calls,
    send(message: EmailMessage, sendOptions: SendEmailOptions) {
      return injector.run({ message, idempotencyKey: sendOptions.idempotencyKey }, sendOptions.signal, () =>
        delegate.send(message, sendOptions),
      );
    },
  };
}
