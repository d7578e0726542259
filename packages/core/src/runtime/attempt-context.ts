import type { QueuedEvent } from '../contracts/queue';
import type { AnyOperation } from './define-operation';
import type { OperationContext } from './operation-context';

/** What every attempt's context shares (the runtime's services). */
export type ContextServices = Pick<
  OperationContext,
  'logger' | 'mailer' | 'sms' | 'alerter' | 'idempotency' | 'clock' | 'send'
>;

/**
 * @internal The context an attempt's `run` gets: one class, so making one per attempt is cheap. Without a
 * timeout nothing can abort the attempt, so its `signal` (an `AbortController`) is made only if read.
 */
export class AttemptContext implements OperationContext {
  readonly name: string;
  readonly maxAttempts: number;
  readonly idempotencyKey: string;
  readonly eventId: string;
  readonly logger: OperationContext['logger'];
  readonly mailer: OperationContext['mailer'];
  readonly sms: OperationContext['sms'];
  readonly alerter: OperationContext['alerter'];
  readonly idempotency: OperationContext['idempotency'];
  readonly clock: OperationContext['clock'];
  readonly send: OperationContext['send'];
  #signal: AbortSignal | undefined;

  constructor(
    event: QueuedEvent,
    readonly attempt: number,
    operation: AnyOperation,
    services: ContextServices,
  ) {
    this.name = operation.name;
    this.maxAttempts = operation.retryPolicy.attempts;
    this.idempotencyKey = event.idempotencyKey;
    this.eventId = event.id;
    this.logger = services.logger;
    this.mailer = services.mailer;
    this.sms = services.sms;
    this.alerter = services.alerter;
    this.idempotency = services.idempotency;
    this.clock = services.clock;
    this.send = services.send;
  }

  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }

  set signal(signal: AbortSignal) {
    this.#signal = signal;
  }
}
