/** Brand shared by every copy of `@lifeline/core`, so guards work across duplicate installs. */
export const LIFELINE_ERROR_BRAND: unique symbol = Symbol.for('@lifeline/core/error') as never;

/** Stable string codes of every error Lifeline throws. */
export type LifelineErrorCode =
  | 'LIFELINE_ERROR'
  | 'LIFELINE_PERMANENT'
  | 'LIFELINE_RETRY_AFTER'
  | 'LIFELINE_VALIDATION'
  | 'LIFELINE_IDEMPOTENCY_IN_PROGRESS'
  | 'LIFELINE_IDEMPOTENCY_MISMATCH'
  | 'LIFELINE_INVALID_TRANSITION'
  | 'LIFELINE_NOT_FOUND'
  | 'LIFELINE_TIMEOUT'
  | 'LIFELINE_QUEUE_REFUSED'
  | 'LIFELINE_STORE_UNAVAILABLE'
  | 'LIFELINE_CONFIGURATION';

/** Options every Lifeline error accepts. */
export interface LifelineErrorOptions {
  /** The error that caused this one; kept on `cause` and serialised into dead letters. */
  cause?: unknown;
}

/**
 * Base class of every error Lifeline throws: sets `name`, a stable string `code`, and keeps `cause`.
 *
 * Check for it with {@link isLifelineError} rather than `instanceof`: the guard also recognises
 * errors from another installed copy of the package.
 */
export class LifelineError extends Error {
  /** Stable, machine-readable code: branch on this, not on the message. */
  readonly code: LifelineErrorCode;
  /** @internal brand read by the `isXxx` guards. */
  readonly [LIFELINE_ERROR_BRAND] = true;

  constructor(
    message: string,
    code: LifelineErrorCode = 'LIFELINE_ERROR',
    options: LifelineErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** True for any error thrown by any copy of `@lifeline/core`. */
export function isLifelineError(error: unknown): error is LifelineError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[LIFELINE_ERROR_BRAND] === true
  );
}

/** @internal builds an `isXxx` guard that matches by brand and code. */
export function guardFor<T extends LifelineError>(code: LifelineErrorCode): (error: unknown) => error is T {
  return (error: unknown): error is T => isLifelineError(error) && error.code === code;
}
