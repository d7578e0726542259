import { type AttemptResult, isIdempotencyInProgressError } from '@lifeline/core';
import { describeError } from '@lifeline/core/adapter';
import { NonRetriableError, RetryAfterError } from 'inngest';

/**
 * `code` of the `NonRetriableError` a function throws once the worker has recorded the final failure
 * itself (dead letter, alert and log row). Inngest loses error classes in transit but keeps `name`,
 * `message` and `code`, so `onFailure` recognises it by this code (or the message prefix) and records nothing.
 */
export const DEAD_LETTERED_CODE = 'LIFELINE_DEAD_LETTERED';
/** Start of that error's message, the fallback marker when `code` does not survive. */
export const DEAD_LETTERED_PREFIX = 'Lifeline dead-lettered this run: ';

type Retry = Extract<AttemptResult, { status: 'retry' }>;

/** The error thrown for a final failure the worker already recorded: Inngest stops retrying and `onFailure` skips it. */
export function deadLetteredError(error: unknown): NonRetriableError {
  const thrown = new NonRetriableError(`${DEAD_LETTERED_PREFIX}${describeError(error)}`, { cause: error });
  (thrown as NonRetriableError & { code: string }).code = DEAD_LETTERED_CODE;
  return thrown;
}

/** True for the error the worker throws after dead-lettering a run (code `LIFELINE_DEAD_LETTERED`), also after Inngest serialised and rebuilt it. */
export function isDeadLetteredError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === DEAD_LETTERED_CODE || (typeof message === 'string' && message.startsWith(DEAD_LETTERED_PREFIX))
  );
}

/**
 * The delay before Inngest runs the next attempt: the worker's (backoff, or the sender's Retry-After);
 * for a duplicate still in progress elsewhere, until the holder's lease ends, so waiting costs one retry.
 */
export function retryDelayMs(result: Retry, now: number): number {
  if (result.sameAttempt && isIdempotencyInProgressError(result.error)) {
    return Math.max(result.delayMs, result.error.leaseExpiresAt - now);
  }
  return result.delayMs;
}

/**
 * The error thrown for a retry: Inngest's `RetryAfterError` with the worker's delay, so Lifeline's backoff
 * and a sender's Retry-After are honoured exactly (Inngest rounds up to whole seconds) rather than
 * replaced by Inngest's own backoff. The original error is its `cause`; its `code` is the cause's code.
 */
export function retryError(result: Retry, now: number): RetryAfterError {
  const thrown = new RetryAfterError(describeError(result.error), Math.max(0, retryDelayMs(result, now)), {
    cause: result.error,
  });
  const code = (result.error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') (thrown as RetryAfterError & { code: string }).code = code;
  return thrown;
}
