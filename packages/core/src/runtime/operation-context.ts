import type { Clock } from '../clock/clock';
import type { Alerter } from '../contracts/alerter';
import type { IdempotencyStore } from '../contracts/idempotency-store';
import type { Logger } from '../contracts/logger';
import type { Mailer } from '../contracts/mailer';
import type { SmsSender } from '../contracts/sms-sender';
import type { AnyOperation, OperationInput } from './define-operation';
import type { SendOptions, SendReceipt } from './send-options';

/** What an operation's `run` receives besides its payload. */
export interface OperationContext {
  /** The operation's name. */
  name: string;
  /** 1-based number of this attempt. */
  attempt: number;
  /** Total attempts the retry policy allows. */
  maxAttempts: number;
  /** The business key shared by every side effect of this work: pass it on (e.g. to the mailer). */
  idempotencyKey: string;
  /** This delivery's id (a redrive gets a new one). */
  eventId: string;
  /** Aborted when the attempt times out or the queue shuts down: pass it to I/O. */
  signal: AbortSignal;
  logger: Logger;
  /** The configured mailer; throws a ConfigurationError when used without one. */
  mailer: Mailer;
  /** The configured SMS sender; throws a ConfigurationError when used without one. */
  sms: SmsSender;
  /**
   * Sends through the runtime's alert dispatcher, as its own alerts do: an alert whose `dedupeKey` was
   * sent within `alertCooldownMs` is suppressed, a muted incident's alerts too; every alert is recorded
   * in the alert store and reported to `onAlert`. Never throws: a failing alerter is logged and counted.
   */
  alerter: Alerter;
  /** The Lifeline's idempotency store, for keys finer than the operation's own (e.g. one per checkout session). */
  idempotency: IdempotencyStore;
  clock: Clock;
  /** Queues a follow-up operation with its own retries (its own idempotency key unless given). */
  send<O extends AnyOperation>(
    operation: O,
    data: OperationInput<O>,
    options?: SendOptions,
  ): Promise<SendReceipt>;
}
