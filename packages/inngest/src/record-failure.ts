import type { AnyOperation, Lifeline, QueuedEvent } from '@lifeline/core';
import { describeError } from '@lifeline/core/adapter';
import { isDeadLetteredError } from './attempt-errors';
import { type ReceivedEvent, toQueuedEvent } from './envelope';

/** What the failure handler did with a failed or cancelled run. */
export type FailureOutcome =
  /** The worker had recorded it already (or a dead letter for this delivery exists): nothing written. */
  | { status: 'already-recorded' }
  /** The idempotency key is completed, so the work is done (it finished before the run was lost). */
  | { status: 'completed' }
  /** A dead letter (or, for a redrive, the reopened entry), an alert and a log row were written. */
  | { status: 'recorded'; attempts: number; deadLetterId?: string };

/** Our `RetryAfterError` wraps the real failure as its `cause`: record that one. */
function realError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  return name === 'RetryAfterError' && cause !== undefined && cause !== null ? cause : error;
}

async function alreadyRecorded(lifeline: Lifeline, event: QueuedEvent): Promise<boolean> {
  if (event.redriveOf !== undefined) {
    // A failed redrive goes back to `open`; one still `retrying` has not been settled yet.
    const entry = await lifeline.deadLetters.get(event.redriveOf);
    return entry !== undefined && entry.status !== 'retrying';
  }
  const page = await lifeline.deadLetters.list({ name: event.name, limit: 100 });
  return page.items.some((item) => item.meta?.eventId === event.id);
}

async function completed(lifeline: Lifeline, event: QueuedEvent): Promise<boolean> {
  try {
    return (await lifeline.idempotency.get(event.idempotencyKey))?.status === 'completed';
  } catch {
    return false; // Cannot tell: record it; a redrive of done work is a duplicate.
  }
}

/**
 * Records a run Inngest gave up on, unless the worker did already: the same dead letter, alert and log row
 * the in-process queue writes (or, for a redrive, the dead letter back to `open` with an alert).
 *
 * Skips (so every final failure is recorded exactly once): the `NonRetriableError` a function throws after
 * the worker recorded the failure (recognised by its code or message; Inngest loses classes); a delivery
 * whose dead letter exists already (the worker recorded it, then the run was lost before it could say so);
 * work whose idempotency key is completed (it finished before the run was lost).
 */
export async function recordInngestFailure(input: {
  lifeline: Lifeline;
  operation: AnyOperation;
  /** The failed run's triggering event. */
  event: ReceivedEvent | undefined;
  error: unknown;
  attempts: number;
}): Promise<FailureOutcome> {
  const { lifeline, operation } = input;
  if (isDeadLetteredError(input.error)) return { status: 'already-recorded' };
  const now = lifeline.clock.now();
  const event = toQueuedEvent(operation, input.event ?? { name: operation.name }, now);
  if (!input.event)
    lifeline.logger.error(
      'lifeline: Inngest reported a failed run without its event; recording it with no payload',
      { operation: operation.name },
    );
  if (await completed(lifeline, event)) {
    lifeline.logger.warn('lifeline: an Inngest run failed after its work completed; nothing to dead-letter', {
      operation: event.name,
      idempotencyKey: event.idempotencyKey,
      error: describeError(input.error),
    });
    return { status: 'completed' };
  }
  if (await alreadyRecorded(lifeline, event)) return { status: 'already-recorded' };
  const error = realError(input.error);
  const saved = await lifeline.recordFailure(event, error, input.attempts);
  return { status: 'recorded', attempts: input.attempts, ...(saved ? { deadLetterId: saved.id } : {}) };
}
