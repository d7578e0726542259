import type { AnyOperation, Lifeline } from '@lifeline/core';
import type { Inngest, InngestFunction } from 'inngest';
import type { AttemptTracker } from './attempt-tracker';
import { type ReceivedEvent, toQueuedEvent } from './envelope';
import { type FailureOutcome, recordInngestFailure } from './record-failure';

/** Id of the function that dead-letters cancelled runs. */
export const CANCELLATION_FUNCTION_ID = 'lifeline-cancelled-runs';
/** `code` of the error recorded for a cancelled run. */
export const RUN_CANCELLED_CODE = 'INNGEST_RUN_CANCELLED';

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * A function on Inngest's `inngest/function.cancelled` event for the operations' functions. A run
 * cancelled by its `timeouts.finish`, a `cancelOn` or a cancel in the dashboard or API never reaches
 * `onFailure`; without this its work would vanish. It records the same dead letter, alert and log row, with
 * the error `RunCancelledError` and the attempts this process saw start (1 when another instance ran them).
 */
export function cancellationFunction(input: {
  client: Inngest.Any;
  lifeline: Lifeline;
  /** Operations by their Inngest function id (without the app prefix). */
  operations: ReadonlyMap<string, AnyOperation>;
  tracker: AttemptTracker;
}): InngestFunction.Any {
  const { client, lifeline, tracker } = input;
  const byFullId = new Map([...input.operations].map(([id, operation]) => [`${client.id}-${id}`, operation]));
  const condition = [...byFullId.keys()].map((id) => `event.data.function_id == ${quote(id)}`).join(' || ');
  return client.createFunction(
    {
      id: CANCELLATION_FUNCTION_ID,
      name: 'Lifeline: dead-letter cancelled runs',
      triggers: [{ event: 'inngest/function.cancelled', if: condition }],
      retries: 3,
    },
    async ({ event }): Promise<FailureOutcome | { status: 'ignored' }> => {
      const data = (event.data ?? {}) as {
        function_id?: unknown;
        event?: ReceivedEvent;
        error?: { message?: unknown };
      };
      const functionId = typeof data.function_id === 'string' ? data.function_id : '';
      const operation = byFullId.get(functionId) ?? input.operations.get(functionId);
      if (!operation) return { status: 'ignored' };
      const queued = toQueuedEvent(operation, data.event ?? { name: operation.name }, lifeline.clock.now());
      const reason = typeof data.error?.message === 'string' ? data.error.message : 'function cancelled';
      const error = Object.assign(
        new Error(
          `Inngest cancelled the run (${reason}): its timeouts.finish passed, a cancelOn event matched, or it was cancelled in the dashboard or API. Redrive it once the cause is fixed.`,
        ),
        { name: 'RunCancelledError', code: RUN_CANCELLED_CODE },
      );
      const outcome = await recordInngestFailure({
        lifeline,
        operation,
        event: data.event,
        error,
        attempts: tracker.attemptsOf(queued.id),
      });
      tracker.finished(queued.id);
      return outcome;
    },
  ) as unknown as InngestFunction.Any;
}
