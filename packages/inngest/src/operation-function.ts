import type { AnyOperation, Lifeline } from '@lifeline/core';
import type { Inngest, InngestFunction } from 'inngest';
import type { AttemptTracker } from './attempt-tracker';
import { type ReceivedEvent, toQueuedEvent } from './envelope';
import { operationFunctionConfig } from './function-config';
import { recordInngestFailure } from './record-failure';
import { runAttemptWaiting, settle } from './run-attempt';

/** What {@link operationFunction} needs. */
export interface OperationFunctionInput {
  client: Inngest.Any;
  lifeline: Lifeline;
  operation: AnyOperation;
  eventName: string;
  inProgressWaitMs: number;
  tracker: AttemptTracker;
}

/**
 * The Inngest function of one operation. Its handler rebuilds the queued event and runs attempt
 * `ctx.attempt + 1` through `lifeline.worker.runAttempt`, the same execution path as the in-process queue
 * (validation, throttle, idempotency, timeout, log, dead letter); the result becomes a return value, a
 * `RetryAfterError` or a `NonRetriableError`. Its `onFailure` records what the worker could not: a run Inngest
 * gave up on without the worker's final answer (crash, request timeout, exhausted retries of an internal error).
 */
export function operationFunction(input: OperationFunctionInput): InngestFunction.Any {
  const { lifeline, operation, tracker, inProgressWaitMs } = input;
  const config = operationFunctionConfig(operation, { eventName: input.eventName, inProgressWaitMs });
  return input.client.createFunction(
    {
      ...config,
      onFailure: async ({ event, error }) =>
        recordInngestFailure({
          lifeline,
          operation,
          event: (event.data as { event?: ReceivedEvent }).event,
          error,
          // Only a NonRetriableError ends a run early, and this function throws one only for failures
          // the worker recorded: anything else reaching onFailure used every attempt Inngest allows.
          attempts: operation.retryPolicy.attempts,
        }),
    },
    async ({ event, attempt }) => {
      const queued = toQueuedEvent(operation, event as ReceivedEvent, lifeline.clock.now());
      const number = attempt + 1;
      tracker.started(queued.id, number);
      const result = await runAttemptWaiting(lifeline, queued, number, inProgressWaitMs);
      if (result.status !== 'retry') tracker.finished(queued.id);
      return settle(result, queued, number, lifeline.clock.now());
    },
  ) as unknown as InngestFunction.Any;
}
