import { type AnyOperation, ConfigurationError } from '@lifeline/core';
import { toInngestDuration } from './duration';
import { functionIdFor } from './function-ids';

/** Inngest's most retries per function (`retries` is `0..20`), i.e. 21 attempts in all. */
export const INNGEST_MAX_RETRIES = 20;

/** The expression Inngest evaluates for a keyed throttle: the key `inngestQueue` computed when sending. */
export const THROTTLE_KEY_EXPRESSION = 'event.data.throttleKey';

/** Slack added to a run's finish timeout for scheduling and network time. */
const FINISH_SLACK_MS = 60_000;
const DEFAULT_BACKOFF_MAX_MS = 60_000;

/** The `retries` values Inngest accepts: `0` to {@link INNGEST_MAX_RETRIES}. */
export type InngestRetries =
  | 0
  | 1
  | 2
  | 3
  | 4
  | 5
  | 6
  | 7
  | 8
  | 9
  | 10
  | 11
  | 12
  | 13
  | 14
  | 15
  | 16
  | 17
  | 18
  | 19
  | 20;
type Duration = ReturnType<typeof toInngestDuration>;

/** The Inngest function options derived from one operation (everything but the handlers). */
export interface OperationFunctionConfig {
  id: string;
  name: string;
  description?: string;
  triggers: [{ event: string }];
  retries: InngestRetries;
  throttle?: { limit: number; period: Duration; key?: string };
  concurrency?: { limit: number };
  timeouts?: { finish: Duration };
}

/**
 * The longest a run may take once started: every attempt running to its `timeoutMs` plus its wait for a
 * duplicate in progress, the longest backoff between attempts, and a minute of slack; or, with a retry
 * budget, the budget plus one last attempt. A `Retry-After` longer than `backoff.maxMs` can pass it: Inngest
 * then cancels the run, and the cancellation handler dead-letters it.
 */
export function runFinishMs(operation: AnyOperation, inProgressWaitMs: number): number | undefined {
  if (operation.timeoutMs === undefined) return undefined;
  const { attempts, budgetMs, backoff } = operation.retryPolicy;
  const perAttempt = operation.timeoutMs + inProgressWaitMs;
  const byAttempts = attempts * perAttempt + (attempts - 1) * (backoff?.maxMs ?? DEFAULT_BACKOFF_MAX_MS);
  const byBudget = budgetMs === undefined ? Number.POSITIVE_INFINITY : budgetMs + perAttempt;
  return Math.min(byAttempts, byBudget) + FINISH_SLACK_MS;
}

/**
 * Maps an operation onto Inngest function options:
 * - `retry.attempts` → `retries: attempts - 1` (Inngest counts retries after the first try);
 * - `throttle` → Inngest `throttle` (queues excess runs; never `rateLimit`, which drops them), with
 *   `key: 'event.data.throttleKey'` when the throttle has a key function;
 * - `concurrency` → `concurrency: { limit }`;
 * - `timeoutMs` (per attempt, enforced by the worker) → `timeouts.finish` for the whole run ({@link runFinishMs});
 * - the trigger is the operation's event name.
 *
 * @throws ConfigurationError when the operation needs more than 21 attempts (Inngest retries at most 20 times).
 */
export function operationFunctionConfig(
  operation: AnyOperation,
  options: { eventName: string; inProgressWaitMs: number },
): OperationFunctionConfig {
  const { attempts } = operation.retryPolicy;
  const retries = attempts - 1;
  if (retries > INNGEST_MAX_RETRIES) {
    throw new ConfigurationError(
      `Operation "${operation.name}" allows ${attempts} attempts, but Inngest retries a function at most ${INNGEST_MAX_RETRIES} times (${INNGEST_MAX_RETRIES + 1} attempts in all). Set retry.attempts to ${INNGEST_MAX_RETRIES + 1} or fewer for this operation, or use a retry budget (retry.budgetMs) instead of more attempts.`,
    );
  }
  const config: OperationFunctionConfig = {
    id: functionIdFor(operation.name),
    name: operation.name,
    triggers: [{ event: options.eventName }],
    retries: retries as InngestRetries,
  };
  if (operation.description) config.description = operation.description;
  if (operation.throttle) {
    config.throttle = {
      limit: operation.throttle.limit,
      period: toInngestDuration(operation.throttle.periodMs, `throttle.periodMs of "${operation.name}"`),
      ...(operation.throttle.key ? { key: THROTTLE_KEY_EXPRESSION } : {}),
    };
  }
  if (operation.concurrency !== undefined) config.concurrency = { limit: operation.concurrency };
  const finishMs = runFinishMs(operation, options.inProgressWaitMs);
  if (finishMs !== undefined)
    config.timeouts = { finish: toInngestDuration(finishMs, `the run timeout of "${operation.name}"`) };
  return config;
}
