import {
  isConfigurationError,
  isIdempotencyInProgressError,
  isIdempotencyMismatchError,
  isPermanentError,
  isQueueRefusedError,
  isRetryAfterError,
  isTimeoutError,
  isValidationError,
} from '../errors/index';
import {
  type ErrorClassification,
  isRetryableStatus,
  permanentBecause,
  retryableBecause,
} from './classification';
import { httpStatusOf, isObject, retryAfterMsOf } from './http-details';
import { networkErrorReason } from './network-error';
import { classifyResendError, isResendError } from './resend-error';
import { classifyStripeError, isStripeError } from './stripe-error';

export type { ErrorClassification } from './classification';

/** Options of {@link classifyError}. */
export interface ClassifyErrorOptions {
  /** The current time in ms since the epoch, to turn a `Retry-After` HTTP date into a delay. Default `Date.now()`. */
  now?: number;
}

const MAX_CAUSE_DEPTH = 5;
const UNCLASSIFIED = 'unclassified error';

function lifelineClassification(error: unknown): ErrorClassification | undefined {
  if (isPermanentError(error)) return permanentBecause('marked permanent (PermanentError)');
  if (isValidationError(error)) return permanentBecause('invalid input (ValidationError)');
  if (isIdempotencyMismatchError(error))
    return permanentBecause('idempotency key reused with a different payload');
  if (isConfigurationError(error)) return permanentBecause('configuration error');
  if (isRetryAfterError(error)) {
    return retryableBecause(`retry after ${error.retryAfterMs} ms requested`, undefined, error.retryAfterMs);
  }
  if (isIdempotencyInProgressError(error))
    return retryableBecause('idempotency key in progress in another worker');
  if (isTimeoutError(error)) return retryableBecause(`attempt timed out after ${error.timeoutMs} ms`);
  if (isQueueRefusedError(error)) return retryableBecause('queue refused the event');
  return undefined;
}

function classifyOne(error: unknown, now: number): ErrorClassification | undefined {
  const own = lifelineClassification(error);
  if (own) return own;
  if (!isObject(error)) return undefined;
  // p-retry's AbortError means "stop retrying" to anyone who uses p-retry directly.
  if (error.name === 'AbortError' && 'originalError' in error)
    return permanentBecause('p-retry AbortError thrown');
  // A whole Resend response `{ data: null, error, headers }`: its headers hold Retry-After.
  if ('data' in error && isResendError(error.error)) {
    return classifyResendError(error.error, now, error.headers === null ? undefined : error.headers);
  }
  if (isStripeError(error)) return classifyStripeError(error, now);
  if (isResendError(error)) return classifyResendError(error, now);
  if (error.name === 'AbortError') return retryableBecause('aborted (AbortError)');
  if (error.name === 'TimeoutError') return retryableBecause('timed out (TimeoutError)');
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400) {
    const reason = `HTTP ${status} from upstream`;
    return isRetryableStatus(status)
      ? retryableBecause(reason, status, retryAfterMsOf(error, now))
      : permanentBecause(reason, status);
  }
  const network = networkErrorReason(error);
  return network === undefined ? undefined : retryableBecause(network);
}

/**
 * Decides whether a failure is worth another attempt, and says why in a few words.
 *
 * In order, the first rule that matches wins:
 * - Lifeline errors: `PermanentError`, `ValidationError`, `IdempotencyMismatchError` and
 *   `ConfigurationError` are permanent; `RetryAfterError` is retryable after its `retryAfterMs`;
 *   `IdempotencyInProgressError`, `TimeoutError` and `QueueRefusedError` are retryable.
 * - Stripe SDK errors: `Stripe-Should-Retry` when sent; connection, rate-limit, 409 and 5xx
 *   errors retryable; card, invalid-request, authentication, permission and idempotency errors
 *   permanent (reason e.g. `Stripe card error (card_declined)`).
 * - Resend error objects `{ name, message, statusCode }` (thrown, passed, or inside a whole
 *   `{ data: null, error, headers }` response): by `name`, then by status. Quota errors are permanent.
 * - `AbortError` / `TimeoutError` (DOMException or alike): retryable.
 * - An HTTP status on `status`, `statusCode` or `response.status`: 408, 425, 429 and 5xx
 *   retryable, honouring `Retry-After` (seconds or HTTP date) from `headers` or `response.headers`;
 *   any other 4xx permanent (reason e.g. `HTTP 503 from upstream`).
 * - Network errors: `ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, `ENOTFOUND`, `EAI_AGAIN`, `EPIPE`,
 *   `UND_ERR_*` and alike, and fetch's `TypeError: fetch failed`: retryable.
 * - Otherwise the `cause` chain is classified the same way (up to 5 deep, cycles are safe).
 * - Anything else is retryable with reason `unclassified error`: an unknown failure gets the
 *   benefit of the doubt, and exhausted retries still end in the dead-letter store.
 *
 * @example
 * ```ts
 * classifyError(Object.assign(new Error('Bad gateway'), { status: 502 }));
 * // { retryable: true, reason: 'HTTP 502 from upstream', status: 502 }
 * classifyError(new PermanentError('address rejected')).retryable; // false
 * ```
 */
export function classifyError(error: unknown, options: ClassifyErrorOptions = {}): ErrorClassification {
  const now = options.now ?? Date.now();
  const seen = new Set<unknown>();
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && !seen.has(current); depth++) {
    const found = classifyOne(current, now);
    if (found) return depth === 0 ? found : { ...found, reason: `${found.reason} (from cause)` };
    if (!isObject(current) || current.cause === undefined) break;
    seen.add(current);
    current = current.cause;
  }
  return retryableBecause(UNCLASSIFIED);
}

/**
 * True when {@link classifyError} judges `error` worth another attempt.
 *
 * @example
 * ```ts
 * try {
 *   await mailer.send({ to: 'ada@example.com', subject: 'Receipt', text: 'Thanks!' }, { idempotencyKey: 'receipt:p_1' });
 * } catch (error) {
 *   if (isRetryable(error)) throw error; // let the caller try again later
 *   console.error('retrying cannot fix this; giving up', error);
 * }
 * ```
 */
export function isRetryable(error: unknown): boolean {
  return classifyError(error).retryable;
}
