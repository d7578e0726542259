import { type AnyOperation, ConfigurationError, type Lifeline, ValidationError } from '@lifeline/core';
import type { Inngest, InngestFunction } from 'inngest';
import { z } from 'zod';
import { attemptTracker } from './attempt-tracker';
import { cancellationFunction } from './cancellation-function';
import { assertUniqueIds, functionIdFor } from './function-ids';
import { healthFunction, type OutboxRelayOptions, outboxRelayFunction } from './maintenance-functions';
import { operationFunction } from './operation-function';
import { linkOf } from './queue-link';

/** Options of {@link inngestFunctions}. */
export interface InngestFunctionsOptions {
  /** The Inngest client to register on. Default: the client of the Lifeline's `inngestQueue`. */
  client?: Inngest.Any;
  /** Cron of the health-check function (`lifeline.checkHealth()`); `false` for none. Default `'0 * * * *'` (hourly). */
  healthCron?: string | false;
  /** Runs an outbox relay pass on a cron; none by default. */
  outboxRelay?: OutboxRelayOptions;
  /** Dead-letter runs Inngest cancels (finish timeout, cancelOn, dashboard). Default `true`. */
  deadLetterCancelledRuns?: boolean;
  /**
   * How long one invocation waits, on Lifeline's clock, for another worker that holds the idempotency key
   * before handing the run back to Inngest as a retry (which spends an Inngest attempt). Default 5 000 ms.
   */
  inProgressWaitMs?: number;
}

/** Default cron of the health check: hourly, on the hour. */
export const DEFAULT_HEALTH_CRON = '0 * * * *';
const DEFAULT_IN_PROGRESS_WAIT_MS = 5_000;

const optionsSchema = z.strictObject({
  client: z
    .custom<Inngest.Any>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { createFunction?: unknown }).createFunction === 'function',
      'an Inngest client',
    )
    .optional(),
  healthCron: z
    .union([z.string().trim().min(1, 'a cron expression such as "0 * * * *"'), z.literal(false)])
    .optional(),
  outboxRelay: z
    .strictObject({
      cron: z.string().trim().min(1, 'a cron expression such as "* * * * *"'),
      runOnce: z.custom<() => Promise<number>>((value) => typeof value === 'function', 'a function'),
    })
    .optional(),
  deadLetterCancelledRuns: z.boolean().optional(),
  inProgressWaitMs: z.number().int().min(0).max(600_000).optional(),
});

/**
 * Creates the Inngest functions that run a Lifeline's operations: one per operation (triggered by its
 * event, calling `lifeline.worker.runAttempt`, so the semantics are exactly the in-process queue's), an
 * hourly health check, an outbox relay when configured, and a handler that dead-letters cancelled runs.
 * Pass them to `serve` of any Inngest framework adapter.
 *
 * Guarantees: every final failure gives exactly one dead letter, alert and log row: the worker records
 * permanent failures and the last attempt itself (the function then throws a marked `NonRetriableError`
 * that `onFailure` skips); `onFailure` and the cancellation handler record only runs the worker could not
 * finish (crash, request timeout, cancellation). Redrives run once, under their own Inngest event id.
 *
 * @throws ConfigurationError for invalid options, an operation needing more than 21 attempts, two
 *   operations whose names give the same function id, or no client (a queue that is not `inngestQueue`
 *   and no `client` option).
 * @example
 * ```ts
 * import { serve } from 'inngest/next';
 * export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions(lifeline) });
 * ```
 */
export function inngestFunctions(
  lifeline: Lifeline,
  options: InngestFunctionsOptions = {},
): InngestFunction.Any[] {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const invalid = ValidationError.fromZod('inngestFunctions options', parsed.error, options);
    throw new ConfigurationError(invalid.message, { cause: invalid });
  }
  const link = linkOf(lifeline.queue);
  const client = options.client ?? link?.client;
  if (!client) {
    throw new ConfigurationError(
      'inngestFunctions: no Inngest client. Create the Lifeline with queue: inngestQueue({ client }), or pass inngestFunctions(lifeline, { client })',
    );
  }
  if (!link) {
    lifeline.logger.warn(
      'lifeline: inngestFunctions is used with a queue that is not inngestQueue; lifeline.send will not reach these functions',
    );
  }
  link?.useOperations(lifeline.operations);
  const operations = [...lifeline.operations.values()];
  assertUniqueIds(operations.map((operation) => operation.name));
  const inProgressWaitMs = options.inProgressWaitMs ?? DEFAULT_IN_PROGRESS_WAIT_MS;
  const tracker = attemptTracker();
  const byId = new Map<string, AnyOperation>();
  const functions: InngestFunction.Any[] = operations.map((operation) => {
    byId.set(functionIdFor(operation.name), operation);
    const eventName = link ? link.eventNameFor(operation) : operation.name;
    return operationFunction({ client, lifeline, operation, eventName, inProgressWaitMs, tracker });
  });
  if (options.deadLetterCancelledRuns !== false && byId.size > 0) {
    functions.push(cancellationFunction({ client, lifeline, operations: byId, tracker }));
  }
  const healthCron = options.healthCron ?? DEFAULT_HEALTH_CRON;
  if (healthCron !== false) functions.push(healthFunction(client, lifeline, healthCron));
  if (options.outboxRelay) functions.push(outboxRelayFunction(client, options.outboxRelay));
  return functions;
}
