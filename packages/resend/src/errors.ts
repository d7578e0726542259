import { LifelineError, PermanentError, RetryAfterError } from '@lifeline/core';

/** What every Resend failure carries besides its message: the HTTP status and Resend's error name. */
export interface ResendFailure {
  /** HTTP status of Resend's answer; `undefined` when no answer came (network error, abort). */
  readonly status: number | undefined;
  /** Resend's error name (`validation_error`, `rate_limit_exceeded`, ...) or `network_error`. */
  readonly resendCode: string;
}

/** What the Resend error classes are built from: the HTTP status, Resend's error name, the raw error. */
export interface ResendErrorOptions {
  status: number | undefined;
  resendCode: string;
  /** The raw `error` of Resend's response (or the whole response), kept for the dead letter. */
  cause: unknown;
}

/**
 * Resend refused the email and sending it again cannot succeed (invalid address, unverified domain,
 * bad API key, exhausted quota). Never retried: the dead letter keeps this message for an admin.
 */
export class ResendRejectedError extends PermanentError implements ResendFailure {
  readonly status: number | undefined;
  readonly resendCode: string;

  constructor(message: string, options: ResendErrorOptions) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.resendCode = options.resendCode;
  }
}

/**
 * Resend asked to slow down (`rate_limit_exceeded`) or is still processing a request with the
 * same idempotency key. Retried after `retryAfterMs` (from `Retry-After` when Resend sent it).
 */
export class ResendRateLimitedError extends RetryAfterError implements ResendFailure {
  readonly status: number | undefined;
  readonly resendCode: string;

  constructor(message: string, retryAfterMs: number, options: ResendErrorOptions) {
    super(message, retryAfterMs, { cause: options.cause });
    this.status = options.status;
    this.resendCode = options.resendCode;
  }
}

/**
 * Resend failed on its side (5xx), answered with something that was not JSON, or could not be
 * reached at all. Retryable with backoff: the idempotency key makes the retry safe.
 */
export class ResendUnavailableError extends LifelineError implements ResendFailure {
  readonly status: number | undefined;
  readonly resendCode: string;

  constructor(message: string, options: ResendErrorOptions) {
    super(message, 'LIFELINE_ERROR', { cause: options.cause });
    this.status = options.status;
    this.resendCode = options.resendCode;
  }
}
