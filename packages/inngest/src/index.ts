/**
 * `@lifeline/inngest`: run Lifeline operations on Inngest, durably and across serverless instances.
 *
 * `inngestQueue` sends each operation's event to Inngest with its idempotency key as the event id;
 * `inngestFunctions` creates one Inngest function per operation that runs the same execution path as the
 * in-process queue (validation, throttle, idempotency, logging, dead letters), with retries, throttle,
 * concurrency and timeouts mapped onto Inngest's, plus an hourly health check.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/inngest inngest
 * ```
 *
 * ```ts
 * import { createLifeline } from '@lifeline/core';
 * import { inngestFunctions, inngestQueue } from '@lifeline/inngest';
 * import { Inngest } from 'inngest';
 * import { serve } from 'inngest/next';
 *
 * const inngest = new Inngest({ id: 'shop' });
 * const lifeline = createLifeline({ operations, queue: inngestQueue({ client: inngest }), deadLetters, idempotency, log, alerter });
 * export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions(lifeline) });
 * ```
 *
 * @module
 */
export { DEAD_LETTERED_CODE, DEAD_LETTERED_PREFIX, isDeadLetteredError } from './attempt-errors';
export { CANCELLATION_FUNCTION_ID, RUN_CANCELLED_CODE } from './cancellation-function';
export { toInngestDuration } from './duration';
export { type LifelineEnvelope, type ReceivedEvent, toEnvelope, toQueuedEvent } from './envelope';
export {
  INNGEST_MAX_RETRIES,
  type InngestRetries,
  type OperationFunctionConfig,
  operationFunctionConfig,
  runFinishMs,
  THROTTLE_KEY_EXPRESSION,
} from './function-config';
export { functionIdFor } from './function-ids';
export { DEFAULT_HEALTH_CRON, type InngestFunctionsOptions, inngestFunctions } from './inngest-functions';
export { type InngestQueueOptions, inngestEventId, inngestQueue } from './inngest-queue';
export {
  HEALTH_FUNCTION_ID,
  type HealthSummary,
  OUTBOX_FUNCTION_ID,
  type OutboxRelayOptions,
} from './maintenance-functions';
export type { FailureOutcome } from './record-failure';
export type { AttemptSummary } from './run-attempt';
