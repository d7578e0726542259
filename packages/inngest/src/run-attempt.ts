import type { AttemptResult, Lifeline, QueuedEvent } from '@lifeline/core';
import { deadLetteredError, retryError } from './attempt-errors';

/** What an operation's Inngest function returns when the work is done. */
export interface AttemptSummary {
  status: 'succeeded' | 'duplicate';
  /** Lifeline's delivery id. */
  eventId: string;
  idempotencyKey: string;
  /** The 1-based attempt that finished the work. */
  attempt: number;
}

/**
 * Runs attempt `attempt` through the worker. A `sameAttempt` retry (the idempotency key is held by another
 * worker) is polled in this invocation on Lifeline's clock for up to `inProgressWaitMs`, so waiting for a
 * duplicate does not spend an Inngest retry; past that wait the result is handed back as a retry.
 */
export async function runAttemptWaiting(
  lifeline: Lifeline,
  event: QueuedEvent,
  attempt: number,
  inProgressWaitMs: number,
): Promise<AttemptResult> {
  const deadline = lifeline.clock.now() + inProgressWaitMs;
  let result = await lifeline.worker.runAttempt(event, attempt);
  while (
    result.status === 'retry' &&
    result.sameAttempt &&
    lifeline.clock.now() + result.delayMs <= deadline
  ) {
    await lifeline.clock.sleep(result.delayMs);
    result = await lifeline.worker.runAttempt(event, attempt);
  }
  return result;
}

/**
 * Turns the worker's result into what Inngest understands: `succeeded`/`duplicate` return a summary;
 * `retry` throws `RetryAfterError` with the worker's delay; `failed` (permanent, or the last attempt, already
 * recorded by the worker) throws a `NonRetriableError` marked so `onFailure` does not record it again.
 */
export function settle(
  result: AttemptResult,
  event: QueuedEvent,
  attempt: number,
  now: number,
): AttemptSummary {
  switch (result.status) {
    case 'succeeded':
    case 'duplicate':
      return { status: result.status, eventId: event.id, idempotencyKey: event.idempotencyKey, attempt };
    case 'retry':
      throw retryError(result, now);
    case 'failed':
      throw deadLetteredError(result.error);
  }
}
