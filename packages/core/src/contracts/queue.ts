import type { Clock } from '../clock/clock';
import type { LifelineInstrumentation } from '../runtime/instrumentation';
import type { Logger } from './logger';
import type { OperationKind } from './operation-kind';

/** An operation's work as a queue carries it. Plain JSON, so any queue can store it. */
export interface QueuedEvent {
  /** Unique per delivery of this work (a redrive gets a new one). */
  id: string;
  /** The operation's name. */
  name: string;
  kind: OperationKind;
  /** The validated payload. */
  data: unknown;
  /** The business key every side effect of this work shares. */
  idempotencyKey: string;
  /** Epoch ms when the work was first sent. */
  enqueuedAt: number;
  /** Set when this delivery is an admin's redrive of a dead letter. */
  redriveOf?: string;
  /** With `redriveOf`: who asked for the redrive; its outcome is credited to them in the dead letter's history. */
  redriveBy?: string;
  /** Epoch ms before which the first attempt must not start (a delayed send); absent: at once. */
  runAt?: number;
  /**
   * W3C trace context of the producer (`traceparent`, optionally `tracestate`), set by the runtime's
   * instrumentation when there is one; for a redrive, the original work's. Every queue delivers it unchanged.
   */
  traceContext?: Record<string, string>;
}

/** The result of one attempt, as the runtime reports it to the queue. */
export type AttemptResult =
  | { status: 'succeeded' }
  | { status: 'duplicate' }
  /**
   * Run again after `delayMs` (backoff or the sender's Retry-After). `sameAttempt` means the attempt did
   * not really run (another worker held the idempotency key), so the next one keeps its number.
   */
  | { status: 'retry'; delayMs: number; error: unknown; sameAttempt?: boolean }
  /** Final: the work is dead-lettered (or was given back to its dead letter, for a redrive). */
  | { status: 'failed'; error: unknown };

/** What a queue calls to run work: the runtime's single execution path. */
export interface QueueWorker {
  /** Runs attempt number `attempt` (1-based) of `event`. Never throws. */
  runAttempt(event: QueuedEvent, attempt: number): Promise<AttemptResult>;
  /**
   * Ends `event` as a final failure without running it (the queue gave up on it, e.g. its worker died
   * running it too often): logs attempt `attempt` as dead-lettered, records the dead letter (or gives a
   * redrive back to its dead letter) and alerts, as a last attempt that failed with `error` would.
   * Resolves `{ status: 'failed' }`. Optional: `createLifeline`'s worker has it.
   */
  giveUp?(event: QueuedEvent, error: unknown, attempt: number): Promise<AttemptResult>;
}

/** What the runtime shares with its queue. */
export interface QueueContext {
  clock: Clock;
  logger: Logger;
  /**
   * The runtime's instrumentation, when it has one: a queue that accepts work outside `lifeline.send` (e.g.
   * `postgresQueue.enqueueIn` inside the caller's transaction) wraps that enqueue with `wrapSend`, so the
   * work carries its trace context too.
   */
  instrumentation?: LifelineInstrumentation;
}

/** What `close` and `drain` report. */
export interface QueueDrainReport {
  /** Events that ran to a final result while draining. */
  completed: number;
  /** Events still waiting (e.g. for a retry delay) when `close` gave up; lost unless persisted. */
  pending: QueuedEvent[];
}

/** What {@link Queue.cancel} did. */
export interface CancelResult {
  /** Deliveries of the key that were waiting (queued, delayed or between retries) and will now never run. */
  cancelled: number;
  /**
   * True when an attempt of the key was running: it is not interrupted and its result stands if final
   * (success, duplicate, dead letter), but it is not retried. Cancel again later to see it gone.
   */
  running: boolean;
}

/**
 * Accepts operations' work and makes sure a worker runs it, retrying as the runtime says.
 *
 * Guarantees (checked by `queueSuite` in `@lifeline/testing`):
 * - `enqueue` resolves only once the event is accepted as durably as the queue can (in memory for the
 *   in-process queue; by the broker for Inngest), and throws (`QueueRefusedError`) when it is not, so the
 *   caller can answer non-2xx and its sender retries.
 * - Every accepted event is run until `runAttempt` gives a final result (`succeeded`, `duplicate`,
 *   `failed`), waiting `delayMs` between attempts; attempts of one event never overlap.
 * - An event with `runAt` in the future starts no earlier than `runAt` on the queue's clock.
 * - `cancel(key)` (optional) removes every waiting delivery of `key` and never races a running attempt:
 *   the running attempt finishes, and is not retried.
 * - After `close()`, `enqueue` throws.
 */
export interface Queue {
  /**
   * Connects the queue to the runtime that runs its events. Called once by `createLifeline`, which passes
   * its clock and logger; a queue uses them unless it was given its own.
   */
  start(worker: QueueWorker, context?: QueueContext): void;
  /** Accepts `event`; resolves once it is accepted, throws `QueueRefusedError` when it is not. */
  enqueue(event: QueuedEvent): Promise<void>;
  /**
   * Cancels the work of one idempotency key that has not run yet (see {@link CancelResult}). Optional:
   * `lifeline.cancel` throws `ConfigurationError` on a queue without it.
   */
  cancel?(idempotencyKey: string): Promise<CancelResult>;
  /** Resolves when no event is queued, waiting or running. */
  drain(): Promise<QueueDrainReport>;
  /** Stops accepting, waits up to `timeoutMs` for in-flight work, and reports what was left. */
  close(options?: { timeoutMs?: number }): Promise<QueueDrainReport>;
}
