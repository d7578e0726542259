import { guardFor, LifelineError, type LifelineErrorOptions } from './lifeline-error';

/**
 * A retryable failure whose sender said when to come back (HTTP 429 / 503 with `Retry-After`).
 * The retry waits `retryAfterMs` instead of the backoff delay.
 */
export class RetryAfterError extends LifelineError {
  /** How long to wait before the next attempt, in milliseconds. */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options: LifelineErrorOptions = {}) {
    super(message, 'LIFELINE_RETRY_AFTER', options);
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
      throw new RangeError(
        `RetryAfterError: retryAfterMs must be a finite number >= 0, got ${String(retryAfterMs)}`,
      );
    }
    this.retryAfterMs = retryAfterMs;
  }
}

/** True for a {@link RetryAfterError} from any copy of the package. */
export const isRetryAfterError = guardFor<RetryAfterError>('LIFELINE_RETRY_AFTER');
